import { runPlan } from "../../plan/runUnderMocks";
import { renderPlan } from "../../plan/render";
import { writeHtmlReport } from "../../plan/reportFile";
import type { PlanDocument } from "../../plan/types";
import { defaultStack, findProjectDir, pulumiCliSelection } from "../../plan/stackSelection";
import { ConfigError, isInputError } from "../../stacks/config";
import { configErrorOf } from "../../stacks/programErrors";
import { parseCommandLine } from "../shared/args";

/**
 * npm run plan -- [--stack NAME] [--config-file PATH] [--policy-config FILE] [--json] [--html FILE]
 * Exit status: 0 clean, 1 mandatory violations, 2 configuration error (nothing printed on stdout).
 */

export const PLAN_USAGE =
  "usage: npm run plan -- [--stack NAME] [--config-file PATH] [--policy-config FILE] [--json] [--html FILE]";

export interface PlanArgs {
  stack?: string;
  configFile?: string;
  policyConfig?: string;
  json: boolean;
  /** Where to write the self-contained HTML report (plan/report.ts). */
  html?: string;
}

/** Parses the plan flags; throws a ConfigError naming the flag. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const { values } = parseCommandLine<{
    stack: string;
    "config-file": string;
    "policy-config": string;
    json: boolean;
    html: string;
  }>(
    argv,
    {
      stack: { type: "string" },
      "config-file": { type: "string" },
      "policy-config": { type: "string" },
      json: { type: "boolean" },
      html: { type: "string" },
    },
    {
      unknown: (raw) => new ConfigError(raw, "(unknown option)", PLAN_USAGE),
      missing: (raw) => new ConfigError(raw, "(missing value)", PLAN_USAGE),
    },
  );
  return {
    stack: values.stack,
    configFile: values["config-file"],
    policyConfig: values["policy-config"],
    json: values.json === true,
    html: values.html,
  };
}

export interface PlanCliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: PlanCliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** A stack the command chose, and why (plan/stackSelection.ts). */
export interface ChosenStack {
  readonly stack: string;
  readonly why: string;
}

function chooseStack(): ChosenStack {
  const dir = findProjectDir();
  return defaultStack(dir, pulumiCliSelection(dir));
}

/**
 * `npm run plan`. Without --stack and --config-file the stack is chosen (plan/stackSelection.ts)
 * and named on stderr once planned, with --json too (stdout holds only the document); a
 * configuration error names the chosen stack in its one line.
 */
export async function planMain(
  argv: readonly string[],
  io: PlanCliIo = processIo,
  choose: () => ChosenStack = chooseStack,
): Promise<number> {
  let chosen: ChosenStack | undefined;
  try {
    const args = parsePlanArgs(argv);
    if (args.stack === undefined && args.configFile === undefined) chosen = choose();
    let doc: PlanDocument;
    try {
      doc = await runPlan({
        stack: args.stack ?? chosen?.stack,
        configFile: args.configFile,
        policyConfigFile: args.policyConfig,
      });
    } catch (e) {
      // A stack the command chose is named in the error of its plan (not on a line before it).
      return configError(e, io, chosen);
    }
    if (chosen) io.err(`Stack '${chosen.stack}' (${chosen.why}).\n`);
    const mandatory = doc.violations.filter((v) => v.level === "mandatory").length;
    if (args.html) writeHtmlReport(args.html, [doc]);
    io.out((args.json ? JSON.stringify(doc, null, 2) : renderPlan(doc)) + "\n");
    return mandatory > 0 ? 1 : 0;
  } catch (e) {
    return configError(e, io);
  }
}

/** Bad input: `configuration error: ...` on stderr, exit 2. Anything else is thrown on. */
function configError(e: unknown, io: PlanCliIo, chosen?: ChosenStack): number {
  const reason = configErrorOf(e) ?? (isInputError(e) ? e : undefined);
  if (!reason) throw e;
  const where = chosen ? `stack '${chosen.stack}' (${chosen.why}): ` : "";
  io.err(`configuration error: ${where}${reason.message}\n`);
  return 2;
}
