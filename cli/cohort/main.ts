import {
  checkLabId,
  Command,
  commonOptions,
  concurrencyOf,
  initOptions,
  parseArgs,
  ParsedArgs,
  USAGE,
  UsageError,
} from "./args";
import { configSet } from "./commands/configSet";
import { previewOrUp } from "./commands/deploy";
import { destroy } from "./commands/destroy";
import { handout } from "./commands/handout";
import { init } from "./commands/init";
import { listCohorts } from "./commands/list";
import { planCommand } from "./commands/plan";
import { preflightCommand } from "./commands/preflight";
import { resetLearner } from "./commands/resetLearner";
import { status } from "./commands/status";
import type { CliDeps } from "./deps";
import { ALLOW_PAST_EXPIRY, checkInitExpiry, checkInitRoster } from "./initChecks";
import { labStacksOf } from "./layout";
import { matrixFromArgs } from "./matrix";
import { COMMANDS_WITHOUT_PULUMI, missingPulumiMessage } from "./pulumiCli";
import { SetupError } from "./run";
import { SettingsProblem } from "./settings";
import { RosterProblem } from "../roster/rosterFile";

export type { CliDeps, DriverFactoryOptions } from "./deps";

/**
 * `npm run cohort -- <command>`: the dispatcher. Each command is a file of commands/, written
 * against StackDriver and SoftDeletePurger so that tests run them with fakes. Exit status: 0 all
 * succeeded, 1 a stack failed, 2 bad input or a missing prerequisite (Pulumi CLI, passphrase).
 */

type Handler = (args: ParsedArgs, deps: CliDeps) => number | Promise<number>;

/** The commands that need the Pulumi CLI, each with its handler (commands/<name>.ts). */
const HANDLERS: Partial<Record<Command, Handler>> = {
  init,
  preview: (args, deps) => previewOrUp(args, deps, "preview"),
  up: (args, deps) => previewOrUp(args, deps, "up"),
  status,
  destroy,
  "reset-learner": resetLearner,
  handout,
  config: configSet,
  plan: planCommand,
  preflight: preflightCommand,
};

/** Checks what can be checked before looking for the CLI, so typos are reported first. */
function checkArgs(args: ParsedArgs, deps: CliDeps): void {
  if (args.command === "init") {
    const opts = initOptions(args, deps.labIds, deps.cwd, deps.home);
    checkInitExpiry(opts, args.bools.has(ALLOW_PAST_EXPIRY), deps.clock());
    labStacksOf(opts.labs, opts.days, deps.labIds);
    // The roster's rows too (a repeated id...), before the CLI check and any Graph call.
    checkInitRoster(opts);
  } else commonOptions(args, deps.cwd, deps.home);
  if (args.values.lab !== undefined && args.values.day !== undefined) {
    throw new UsageError("--lab and --day both choose lab stacks: give one of them");
  }
  concurrencyOf(args);
  if (args.values.lab !== undefined) checkLabId("--lab", args.values.lab, deps.labIds);
}

async function dispatch(argv: readonly string[], deps: CliDeps): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === "help") {
    deps.out(USAGE);
    return 0;
  }
  if (args.command === "list") return listCohorts(args, deps);
  if (args.command === "matrix") {
    const m = matrixFromArgs(args, deps.labIds, deps.cwd, deps.home, new Date(deps.clock()));
    deps.out(JSON.stringify(m));
    return 0;
  }
  checkArgs(args, deps);
  if (!COMMANDS_WITHOUT_PULUMI.includes(args.command) && !deps.findPulumi()) {
    deps.err(missingPulumiMessage(args.command));
    return 2;
  }
  const handler = HANDLERS[args.command];
  return handler ? await handler(args, deps) : 2;
}

/** The line after every error in what was typed. */
export const USAGE_HINT = "Run 'npm run cohort -- help' for usage.";

/**
 * Prints a failure the one way: `error: <why>` (a configuration error keeps its own
 * `configuration error:` prefix, never both), then the usage hint when the input was at fault.
 */
function printError(deps: CliDeps, message: string, hint: boolean): void {
  deps.err(/^(configuration )?error: /.test(message) ? message : `error: ${message}`);
  if (hint) deps.err(USAGE_HINT);
}

export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  try {
    return await dispatch(argv, deps);
  } catch (e) {
    // Bad input on the command line or in the files it names (roster, trainers): with the hint.
    if (e instanceof UsageError || e instanceof RosterProblem || e instanceof SettingsProblem) {
      printError(deps, e.message, true);
      return 2;
    }
    // A missing prerequisite (passphrase, state, foundation, confirmation): the message says what to do.
    if (e instanceof SetupError) {
      printError(deps, e.message, false);
      return 2;
    }
    printError(deps, e instanceof Error ? e.message : String(e), false);
    return 1;
  }
}
