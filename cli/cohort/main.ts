import * as fs from "fs";
import * as YAML from "yaml";
import * as path from "path";
import {
  checkLabId,
  commonOptions,
  CommonOptions,
  concurrencyOf,
  initOptions,
  parseArgs,
  ParsedArgs,
  USAGE,
  UsageError,
} from "./args";
import {
  buildFoundationConfig,
  buildLabStackConfig,
  fileBackendUrl,
  isSelfManagedBackend,
  labOfStack,
  passphraseError,
  pulumiEnv,
  shortStackName,
  stackNameFor,
} from "./config";
import { selectExpired, utcDate } from "./expired";
import { combineHandouts, StackHandoutInput } from "./handout";
import {
  ALLOW_PAST_EXPIRY,
  checkInitExpiry,
  initExpiryNotes,
  validateInitConfig,
} from "./initChecks";
import {
  courseLabs,
  FOUNDATION_KEY,
  foundationStackName,
  LabStackSpec,
  labStacksOf,
} from "./layout";
import { findLearnerComputeUrn } from "./learner";
import { policyPackOptions } from "./policyPack";
import { CohortRecord, Manifest, readManifest, upsertCohort, writeManifest } from "./manifest";
import { matrixFromArgs } from "./matrix";
import {
  errorSummary,
  exitCodeFor,
  renderTable,
  runStacks,
  StackResult,
  StackTarget,
  summaryLines,
  TaskContext,
  TaskResult,
} from "./orchestrate";
import { runBounded } from "./pool";
import { StackProgress } from "./progress";
import { gateOnProviders, ProviderGate } from "./providers";
import { describePurgeItem, PurgeItem, purgeTargets, purgeVaults, purgeWorkspaces } from "./purge";
import { COMMANDS_WITHOUT_PULUMI, missingPulumiMessage } from "./pulumiCli";
import { cohortNamePart } from "../../components/naming";
import { Directory } from "../roster/graph";
import { prepareRoster, RosterProblem } from "../roster/rosterFile";
import {
  checkWithProgram,
  configSetEntry,
  settingsConfig,
  SettingsProblem,
  trainersConfig,
} from "./settings";
import {
  Clock,
  DestroyOptions,
  LineWriter,
  OpSummary,
  SoftDeletePurger,
  StackDriver,
  StackConfig,
  StackListing,
} from "./types";

/**
 * `npm run cohort -- <command>`: the commands, written against StackDriver and SoftDeletePurger
 * so that tests run them with fakes. Exit status: 0 all succeeded, 1 a stack failed, 2 bad input or
 * a missing prerequisite (Pulumi CLI, passphrase).
 */

export interface DriverFactoryOptions {
  /** The Pulumi project folder (the repository root). */
  readonly workDir: string;
  readonly backendUrl: string;
  readonly envVars: Record<string, string>;
  /** `passphrase` for self-managed backends, undefined for Pulumi Cloud. */
  readonly secretsProvider?: string;
  /** The policy pack (the repository's policy/ folder), run on every preview and up. */
  readonly policyPacks: readonly string[];
  /** `--policy-pack-config FILE`, absolute, when given. */
  readonly policyPackConfigs: readonly string[];
}

export interface CliDeps {
  readonly labIds: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
  readonly repoRoot: string;
  readonly out: LineWriter;
  readonly err: LineWriter;
  readonly clock: Clock;
  /** The pulumi executable's path, or undefined when it is not on PATH. */
  readonly findPulumi: () => string | undefined;
  readonly makeDriver: (opts: DriverFactoryOptions) => StackDriver;
  readonly makePurger: () => SoftDeletePurger;
  /** The resource-provider check of preview and up; without it they do not check. */
  readonly makeProviderGate?: () => ProviderGate;
  readonly startTicker?: (tick: () => void) => () => void;
  readonly minIntervalMs?: number;
  readonly fileReadable?: (p: string) => boolean;
  /** Microsoft Graph, to resolve roster and trainer e-mail addresses (undefined: none). */
  readonly makeDirectory?: () => Directory;
  /**
   * Runs one offline plan (`plan`); default the plan engine in this process. Tests pass one that
   * gives each plan its own module registry.
   */
  readonly runPlan?: (opts: PlanOptions) => Promise<PlanDocument>;
}

import type { PlanOptions } from "../../plan/runUnderMocks";
import type { PlanDocument } from "../../plan/types";

/** A prerequisite or input problem found after parsing: message printed as is, exit status 2. */
class SetupError extends Error {}

const canRead = (p: string) => {
  try {
    fs.accessSync(p, fs.constants.R_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  try {
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
    // Validate what can be validated before looking for the CLI, so typos are reported first.
    if (args.command === "init") {
      const opts = initOptions(args, deps.labIds, deps.cwd, deps.home);
      checkInitExpiry(opts, args.bools.has(ALLOW_PAST_EXPIRY), deps.clock());
      labStacksOf(opts.labs, opts.days, deps.labIds);
    } else commonOptions(args, deps.cwd, deps.home);
    if (args.values.lab !== undefined && args.values.day !== undefined) {
      throw new UsageError("--lab and --day both choose lab stacks: give one of them");
    }
    concurrencyOf(args);
    if (args.values.lab !== undefined) checkLabId("--lab", args.values.lab, deps.labIds);
    if (!COMMANDS_WITHOUT_PULUMI.includes(args.command) && !deps.findPulumi()) {
      deps.err(missingPulumiMessage(args.command));
      return 2;
    }
    switch (args.command) {
      case "init":
        return await init(args, deps);
      case "preview":
      case "up":
        return await previewOrUp(args, deps, args.command);
      case "status":
        return await status(args, deps);
      case "destroy":
        return await destroy(args, deps);
      case "reset-learner":
        return await resetLearner(args, deps);
      case "handout":
        return await handout(args, deps);
      case "config":
        return await configSet(args, deps);
      case "plan":
        return await planCommand(args, deps);
    }
    return 2;
  } catch (e) {
    if (e instanceof UsageError) {
      deps.err(`error: ${e.message}`);
      deps.err("Run 'npm run cohort -- help' for usage.");
      return 2;
    }
    if (e instanceof SetupError || e instanceof RosterProblem || e instanceof SettingsProblem) {
      deps.err(e.message);
      return 2;
    }
    deps.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function listCohorts(args: ParsedArgs, deps: CliDeps): number {
  const { stateDir } = commonOptions(args, deps.cwd, deps.home);
  const manifest = loadManifest(stateDir);
  const ids = Object.keys(manifest.cohorts).sort();
  if (ids.length === 0) {
    deps.out(`No cohorts recorded in ${stateDir}. Start one with 'npm run cohort -- init'.`);
    return 0;
  }
  const rows = ids.map((id) => {
    const c = manifest.cohorts[id];
    return [id, c.labs.join(" "), c.location, c.expiresOn ?? "-", c.backend];
  });
  for (const line of renderTable(["Cohort", "Labs", "Location", "Expires", "Backend"], rows)) {
    deps.out(line);
  }
  return 0;
}

function loadManifest(stateDir: string): Manifest {
  try {
    return readManifest(stateDir);
  } catch (e) {
    throw new SetupError(`error: ${(e as Error).message}`);
  }
}

/** Backend, passphrase check and driver for a set of options. */
function connect(
  deps: CliDeps,
  common: CommonOptions,
  record: CohortRecord | undefined,
): { driver: StackDriver; backendUrl: string } {
  const backendUrl = common.backend ?? record?.backend ?? fileBackendUrl(common.stateDir);
  const problem = passphraseError(deps.env, backendUrl, deps.fileReadable ?? canRead);
  if (problem) throw new SetupError(problem);
  const policy = policyPackOptions(common, deps.repoRoot, deps.fileReadable ?? canRead);
  if (typeof policy === "string") throw new SetupError(policy);
  if (backendUrl.startsWith("file://") && !common.backend && !record?.backend) {
    fs.mkdirSync(common.stateDir, { recursive: true });
  }
  const driver = deps.makeDriver({
    workDir: deps.repoRoot,
    backendUrl,
    envVars: pulumiEnv(backendUrl),
    secretsProvider: isSelfManagedBackend(backendUrl) ? "passphrase" : undefined,
    ...policy,
  });
  return { driver, backendUrl };
}

function runOptions(args: ParsedArgs, deps: CliDeps) {
  return {
    concurrency: concurrencyOf(args),
    clock: deps.clock,
    writer: deps.out,
    minIntervalMs: deps.minIntervalMs,
    startTicker: deps.startTicker,
  };
}

function finish(operation: string, results: readonly StackResult[], deps: CliDeps): number {
  for (const line of summaryLines(operation, results)) deps.out(line);
  return exitCodeFor(results);
}

async function init(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const opts = initOptions(args, deps.labIds, deps.cwd, deps.home);
  // Resolves e-mail rows; the roster's values are then checked with the rest of the configuration.
  const roster = await prepareRoster(opts.rosterFile, opts.rosterFile, deps.makeDirectory, {
    invite: args.bools.has("invite"),
    validate: false,
  });
  const learners = roster.learners;
  // init's settings flags and the resolved object ids: the foundation's (it holds the roster,
  // the instances, the trainers and the budget).
  const foundationExtra: StackConfig = {
    ...settingsConfig(
      args.values,
      args.lists,
      await trainersConfig(args.lists.trainer ?? [], deps.makeDirectory),
    ),
    ...(Object.keys(roster.resolved).length > 0
      ? { "dp100-labs:learnerObjectIds": JSON.stringify(roster.resolved) }
      : {}),
  };
  validateInitConfig(opts, foundationExtra);
  const specs = labStacksOf(opts.labs, opts.days, deps.labIds);
  const course = courseLabs(specs);
  // `--stack NAME`: write that one stack's configuration only, computed exactly as for the whole
  // cohort (CI's per-job init, `cohort matrix`: concurrent jobs never write the same stack).
  const only = args.values.stack;
  const names = [
    foundationStackName(opts.cohort),
    ...specs.map((sp) => stackNameFor(opts.cohort, sp.key)),
  ];
  if (only !== undefined && !names.includes(only)) {
    throw new UsageError(
      `--stack '${only}' is not one of cohort ${opts.cohort}'s stacks (${names.join(", ")})`,
    );
  }
  const manifest = loadManifest(opts.stateDir);
  const previous = manifest.cohorts[opts.cohort];
  if (previous && !previous.foundation) {
    throw new SetupError(
      `error: cohort '${opts.cohort}' was made as one whole stack per lab (${previous.labs.join(", ")}); it cannot gain a foundation in place. Destroy it (npm run cohort -- destroy --cohort ${opts.cohort} --yes) or init another cohort id.`,
    );
  }
  const { driver, backendUrl } = connect(deps, opts, previous);
  const foundation = foundationStackName(opts.cohort);
  deps.out(
    `Cohort ${opts.cohort}: ${learners.length} learner(s), foundation ${foundation} and ${specs.length} lab stack(s), state at ${backendUrl}`,
  );
  for (const line of initExpiryNotes(opts, deps.clock())) deps.out(line);
  // The foundation holds the roster; it is written first, and the lab stacks only when it is.
  const settings = {
    cohort: opts.cohort,
    rosterFile: opts.rosterFile,
    location: opts.location,
    expiresOn: opts.expiresOn ?? previous?.expiresOn,
    topology: opts.topology ?? previous?.topology,
  };
  const previousCourse = previous
    ? [...previous.labs.flatMap((k) => previous.days?.[k] ?? [k])]
    : [];
  const first = await runStacks(
    only === undefined || only === foundation ? [{ stack: foundation }] : [],
    "init",
    async (t) => {
      await driver.init(t.stack, {
        ...buildFoundationConfig({
          ...settings,
          labs: [...new Set([...previousCourse, ...course])],
        }),
        ...foundationExtra,
      });
    },
    runOptions(args, deps),
  );
  if (first.length > 0 && first[0].outcome !== "succeeded") return finish("init", first, deps);
  const bySpec = new Map<string, LabStackSpec>(specs.map((sp) => [sp.key, sp]));
  const targets: StackTarget[] = specs
    .map((sp) => ({ stack: stackNameFor(opts.cohort, sp.key), lab: sp.key }))
    .filter((t) => only === undefined || t.stack === only);
  const results = await runStacks(
    targets,
    "init",
    async (t) => {
      await driver.init(
        t.stack,
        buildLabStackConfig({
          cohort: opts.cohort,
          foundation,
          labs: bySpec.get(t.lab!)!.labs,
          location: opts.location,
        }),
      );
    },
    runOptions(args, deps),
  );
  const created = results.filter((r) => r.outcome === "succeeded").map((r) => r.lab!);
  writeManifest(
    opts.stateDir,
    upsertCohort(manifest, opts.cohort, {
      // A per-job init (--stack) records the whole cohort: the other jobs create the other stacks.
      labs: only === undefined ? created : specs.map((sp) => sp.key),
      foundation,
      days: Object.fromEntries(
        specs
          .filter(
            (sp) =>
              (only !== undefined || created.includes(sp.key)) && !deps.labIds.includes(sp.key),
          )
          .map((sp) => [sp.key, sp.labs]),
      ),
      location: opts.location,
      rosterFile: opts.rosterFile,
      backend: backendUrl,
      // Like the stack configuration, a re-init without these flags keeps the earlier values.
      expiresOn: settings.expiresOn,
      topology: settings.topology,
      updatedAt: new Date(deps.clock()).toISOString(),
    }),
  );
  const code = finish("init", [...first, ...results], deps);
  if (code === 0) {
    deps.out(`Next: npm run cohort -- plan ${again(args, opts.cohort)}, then up`);
  }
  return code;
}

interface CohortContext {
  readonly cohort: string;
  readonly record?: CohortRecord;
  readonly driver: StackDriver;
  readonly backendUrl: string;
  /** The lab stacks chosen (all, or those of --lab / --day); every stack of a cohort made before foundations. */
  readonly targets: StackTarget[];
  readonly listing?: StackListing[];
  /** The cohort's foundation stack, when it has one. */
  readonly foundation?: StackTarget;
  /** Whether --lab, --day or --stack chose the stacks. */
  readonly selected: boolean;
  /** With --stack: whether it named the foundation or a lab stack (then only that stack runs). */
  readonly onlyStack?: "foundation" | "lab";
}

/** Which cohort: --cohort, or the only one the manifest records. */
function resolveCohort(common: CommonOptions, manifest: Manifest): string {
  if (common.cohort) return common.cohort;
  const ids = Object.keys(manifest.cohorts).sort();
  if (ids.length === 1) return ids[0];
  if (ids.length === 0) {
    throw new UsageError(
      `no cohort is recorded in ${common.stateDir}: pass --cohort ID, or run 'npm run cohort -- init' first`,
    );
  }
  throw new UsageError(`several cohorts are recorded (${ids.join(", ")}): pass --cohort ID`);
}

/** The cohort's stacks (all, or the one of --lab), with their driver. */
async function cohortContext(args: ParsedArgs, deps: CliDeps): Promise<CohortContext> {
  const common = commonOptions(args, deps.cwd, deps.home);
  const manifest = loadManifest(common.stateDir);
  const cohort = resolveCohort(common, manifest);
  const record = manifest.cohorts[cohort];
  const { driver, backendUrl } = connect(deps, common, record);
  let listing: StackListing[] | undefined;
  try {
    listing = await driver.listStacks();
  } catch (e) {
    if (!record) throw e;
    // The manifest still names the stacks; counts are only for progress.
  }
  // Without a manifest (a CI runner), the backend's listing says which stacks exist: with a
  // foundation there, every other stack of the cohort is one of its lab stacks (a lab or a day).
  const prefix = `${cohortNamePart(cohort)}-`;
  const listed = (listing ?? [])
    .map((s) => shortStackName(s.name))
    .filter((n) => n.startsWith(prefix))
    .map((n) => n.slice(prefix.length));
  const listedFoundation = listed.includes(FOUNDATION_KEY);
  const labs = record
    ? [...record.labs]
    : listedFoundation
      ? listed.filter((k) => k !== FOUNDATION_KEY)
      : (listing ?? [])
          .map((s) => labOfStack(s.name, cohort, deps.labIds))
          .filter((l): l is string => l !== undefined);
  const foundationName =
    record?.foundation ?? (listedFoundation ? foundationStackName(cohort) : undefined);
  if (labs.length === 0 && !foundationName) {
    throw new SetupError(
      `error: cohort '${cohort}' has no stacks in ${backendUrl}: create them with 'npm run cohort -- init --cohort ${cohort} --roster ... --labs ...'`,
    );
  }
  let chosen = labs;
  const lab = args.values.lab;
  const day = args.values.day;
  if (day !== undefined) {
    if (!record?.days?.[day]) {
      const known = Object.keys(record?.days ?? {});
      throw new UsageError(
        `--day '${day}' is not one of cohort ${cohort}'s days (${known.join(", ") || "it has none: init --day NAME=LAB,LAB makes one"})`,
      );
    }
    chosen = [day];
  } else if (lab !== undefined) {
    // In a cohort with days, a lab is brought up with its day's lab stack.
    const key = Object.entries(record?.days ?? {}).find(([, ls]) => ls.includes(lab))?.[0] ?? lab;
    if (!labs.includes(key)) {
      throw new UsageError(
        `--lab '${lab}' is not one of cohort ${cohort}'s labs (${labs.join(", ")})`,
      );
    }
    chosen = [key];
  }
  // `--stack NAME`: that one stack of the cohort and nothing else (CI's per-job commands,
  // `cohort matrix`): the foundation alone, or one lab stack without touching its foundation.
  const only = args.values.stack;
  let onlyStack: "foundation" | "lab" | undefined;
  if (only !== undefined) {
    if (lab !== undefined || day !== undefined) {
      throw new UsageError("--stack names one stack: it does not combine with --lab or --day");
    }
    const names = [
      ...(foundationName ? [foundationName] : []),
      ...labs.map((l) => stackNameFor(cohort, l)),
    ];
    if (!names.includes(only)) {
      throw new UsageError(
        `--stack '${only}' is not one of cohort ${cohort}'s stacks (${names.join(", ")})`,
      );
    }
    onlyStack = only === foundationName ? "foundation" : "lab";
    chosen = labs.filter((l) => stackNameFor(cohort, l) === only);
  }
  const countOf = (stack: string) =>
    listing?.find((s) => shortStackName(s.name) === stack)?.resourceCount;
  const targets = chosen.map((l) => {
    const stack = stackNameFor(cohort, l);
    return { stack, lab: l, expected: countOf(stack) };
  });
  const foundation = foundationName
    ? { stack: foundationName, expected: countOf(foundationName) }
    : undefined;
  return {
    cohort,
    record,
    driver,
    backendUrl,
    targets,
    listing,
    foundation,
    selected: lab !== undefined || day !== undefined || only !== undefined,
    onlyStack,
  };
}

/**
 * The foundation a cohort's lab stacks need: it must exist in the backend (else exit 2, naming
 * it and what to run), and for `requireUp` it must be deployed.
 */
function requireFoundation(ctx: CohortContext, requireUp: boolean): void {
  const f = ctx.foundation!;
  const listed = ctx.listing?.find((s) => shortStackName(s.name) === f.stack);
  const labs = ctx.targets.map((t) => t.stack).join(", ");
  if (ctx.listing && !listed) {
    throw new SetupError(
      `error: lab stack(s) ${labs} need their foundation ${f.stack}, which does not exist in ${ctx.backendUrl}: create it with 'npm run cohort -- init --cohort ${ctx.cohort} --roster ... --labs ...'. Nothing was changed.`,
    );
  }
  if (requireUp && ctx.listing && (listed?.resourceCount ?? 0) === 0) {
    throw new SetupError(
      `error: lab stack(s) ${labs} need their foundation ${f.stack} up first, and it is not: run 'npm run cohort -- up --cohort ${ctx.cohort}' (it brings the foundation up before the lab stacks). Nothing was changed.`,
    );
  }
}

/** Adds an operation's change counts unless its summary event already did. */
async function counted(progress: StackProgress, op: () => Promise<OpSummary>): Promise<OpSummary> {
  const before = JSON.stringify(progress.changes);
  const result = await op();
  if (JSON.stringify(progress.changes) === before) progress.addChanges(result.changes);
  return result;
}

async function previewOrUp(
  args: ParsedArgs,
  deps: CliDeps,
  command: "preview" | "up",
): Promise<number> {
  const ctx = await cohortContext(args, deps);
  // A lab stack without its foundation is bad input, reported before anything else is checked.
  if (ctx.foundation) requireFoundation(ctx, command === "preview" && ctx.selected);
  const stacks = [...(ctx.foundation ? [ctx.foundation] : []), ...ctx.targets].map((t) => t.stack);
  const gate = deps.makeProviderGate?.();
  const stop = await gateOnProviders(gate, stacks, args.bools, deps.out, deps.err);
  if (stop !== undefined) return stop;
  const run = (targets: StackTarget[]) =>
    runStacks(
      targets,
      command,
      async (t, task: TaskContext) => {
        await counted(task.progress, () =>
          command === "preview"
            ? ctx.driver.preview(t.stack, task.onEvent)
            : ctx.driver.up(t.stack, task.onEvent),
        );
      },
      runOptions(args, deps),
    );
  let results: StackResult[];
  if (ctx.onlyStack === "foundation") {
    results = await run([ctx.foundation!]);
  } else if (ctx.onlyStack === "lab") {
    // One lab stack alone (a CI job): its foundation must be up already; it is not touched.
    requireFoundation(ctx, true);
    results = await run(ctx.targets);
  } else if (ctx.foundation) {
    // The foundation first, then its lab stacks: a lab stack reads the foundation's outputs.
    // A lab stack's preview needs the foundation up already; `up` brings it up itself.
    const first = await run([ctx.foundation]);
    const foundationUp =
      command === "up"
        ? first[0].outcome === "succeeded"
        : (ctx.foundation.expected ?? 0) > 0 || ctx.listing === undefined;
    if (!foundationUp) {
      deps.out(
        command === "up"
          ? `Lab stacks not brought up (${ctx.targets.map((t) => t.stack).join(", ")}): their foundation ${ctx.foundation.stack} failed.`
          : `Lab stacks not previewed (${ctx.targets.map((t) => t.stack).join(", ")}): their foundation ${ctx.foundation.stack} is not up yet; 'up' brings it up first.`,
      );
      results = first;
    } else {
      results = [...first, ...(await run(ctx.targets))];
    }
  } else {
    results = await run(ctx.targets);
  }
  const code = finish(command, results, deps);
  if (code === 0 && command === "up") {
    deps.out(`Next: npm run cohort -- handout ${again(args, ctx.cohort)}`);
  }
  return code;
}

async function status(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const context = await cohortContext(args, deps);
  // With a foundation, its row comes first and a last column says which stacks are up.
  const ctx = context.foundation
    ? { ...context, targets: [context.foundation, ...context.targets] }
    : context;
  const settled = await runBounded(ctx.targets, concurrencyOf(args), async (t) => {
    const [summary, outputs] = await Promise.all([
      ctx.driver.summary(t.stack),
      ctx.driver.outputs(t.stack),
    ]);
    return { summary, outputs };
  });
  const rows: string[][] = [];
  const errors: string[] = [];
  settled.forEach((s, i) => {
    const t = ctx.targets[i];
    if (!s.ok) {
      rows.push([t.stack, "?", "error", "", "", "", ...(context.foundation ? ["?"] : [])]);
      errors.push(`${t.stack}: error: ${errorSummary(s.error)}`);
      return;
    }
    const { summary, outputs } = s.value;
    const last = summary.lastUpdate;
    const learners =
      outputs.learners && typeof outputs.learners === "object"
        ? String(Object.keys(outputs.learners as object).length)
        : "-";
    const up = summary.resourceCount > 0 ? "up" : "down";
    rows.push([
      t.stack,
      String(summary.resourceCount),
      last ? `${last.kind} ${last.result}` : "never deployed",
      last?.endTime ?? last?.startTime ?? "",
      learners,
      typeof outputs.expiresOn === "string" ? outputs.expiresOn : (ctx.record?.expiresOn ?? "-"),
      ...(context.foundation ? [up] : []),
    ]);
  });
  deps.out(`Cohort ${ctx.cohort} (${ctx.backendUrl}):`);
  for (const line of renderTable(
    [
      "Stack",
      "Resources",
      "Last update",
      "When",
      "Learners",
      "Expires",
      ...(context.foundation ? ["State"] : []),
    ],
    rows,
  )) {
    deps.out(line);
  }
  for (const e of errors) deps.out(e);
  return errors.length === 0 ? 0 : 1;
}

/**
 * Destroys one stack and purges what Azure keeps soft-deleted. Azure ML purges a soft-deleted
 * workspace only through its resource group, so the workspaces (and what depends on them) are
 * destroyed first and purged while their group still exists; then the rest is destroyed and the key
 * vaults are purged from the subscription's list of deleted vaults. Only what the stack had before
 * and no longer has after a destroy step is purged, so a partial failure still purges what went,
 * and never touches what is still there.
 */
async function destroyStack(
  driver: StackDriver,
  purger: () => SoftDeletePurger,
  stack: string,
  task: TaskContext,
): Promise<TaskResult> {
  const notes: string[] = [];
  const problems: string[] = [];
  const record = (items: PurgeItem[]) => {
    for (const item of items) {
      const line = describePurgeItem(item);
      task.note(line);
      (item.status === "failed" ? problems : notes).push(line);
    }
  };
  const step = async (opts?: DestroyOptions): Promise<boolean> => {
    const known = task.progress.errors.length;
    try {
      await counted(task.progress, () => driver.destroy(stack, task.onEvent, opts));
      return true;
    } catch (e) {
      problems.push(task.progress.errors[known] ?? errorSummary(e));
      return false;
    }
  };
  /** URNs still in the state; after a failure, undefined when the state cannot be read. */
  const remaining = async (ok: boolean): Promise<Set<string> | undefined> => {
    try {
      return new Set((await driver.resources(stack)).map((r) => r.urn));
    } catch {
      return ok ? new Set() : undefined;
    }
  };
  const notPurged = (names: string[]) => {
    if (names.length > 0) problems.push(`not purged (still in the stack): ${names.join(", ")}`);
  };

  const resources = await driver.resources(stack);
  task.progress.expect(resources.length);
  const { workspaces, vaults } = purgeTargets(resources);

  if (workspaces.length > 0) {
    task.note(
      `destroying ${workspaces.map((w) => w.name).join(", ")} and what depends on it first`,
    );
    const ok = await step({ target: workspaces.map((w) => w.urn), targetDependents: true });
    const left = await remaining(ok);
    const gone = left ? workspaces.filter((w) => !left.has(w.urn)) : [];
    if (gone.length > 0) record(await purgeWorkspaces(purger(), gone));
    const kept = workspaces.filter((w) => !gone.includes(w)).map((w) => `workspace ${w.name}`);
    if (!ok) {
      notPurged([...kept, ...vaults.map((v) => `key vault ${v.name}`)]);
      return { notes, problems };
    }
    notPurged(kept);
  }

  const ok = await step();
  const left = await remaining(ok);
  const gone = left ? vaults.filter((v) => !left.has(v.urn)) : [];
  if (gone.length > 0) record(await purgeVaults(purger(), gone));
  notPurged(vaults.filter((v) => !gone.includes(v)).map((v) => `key vault ${v.name}`));
  return { notes, problems };
}

async function destroy(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const confirmed = args.bools.has("yes");
  let driver: StackDriver;
  let targets: StackTarget[];
  let foundationLast: StackTarget | undefined;
  let selectionFailed = false;
  if (args.bools.has("expired")) {
    if (args.values.lab !== undefined) {
      throw new UsageError("--expired selects stacks by date: it does not combine with --lab");
    }
    const common = commonOptions(args, deps.cwd, deps.home);
    const manifest = loadManifest(common.stateDir);
    const record = common.cohort ? manifest.cohorts[common.cohort] : undefined;
    const connected = connect(deps, common, record);
    driver = connected.driver;
    const today = utcDate(deps.clock());
    const listing = await driver.listStacks();
    const decisions = await selectExpired(driver, listing, today, common.cohort);
    deps.out(`Stacks in ${connected.backendUrl} on ${today} (UTC):`);
    for (const line of renderTable(
      ["Stack", "Decision", "Why"],
      decisions.map((d) => [d.stack, d.action, d.reason]),
    )) {
      deps.out(line);
    }
    selectionFailed = decisions.some((d) => d.action === "error");
    targets = decisions
      .filter((d) => d.action === "destroy")
      .map((d) => ({
        stack: d.stack,
        expected: listing.find((s) => s.name === d.stack)?.resourceCount,
      }));
    if (targets.length === 0) {
      deps.out("Nothing to destroy.");
      return selectionFailed ? 1 : 0;
    }
  } else {
    const ctx = await cohortContext(args, deps);
    driver = ctx.driver;
    targets = ctx.targets;
    // Everything of a cohort: the lab stacks first, the foundation last (their StackReferences
    // read it until they are gone). With --lab or --day, only those lab stacks.
    if (ctx.foundation && (!ctx.selected || ctx.onlyStack === "foundation")) {
      foundationLast = ctx.foundation;
    }
  }
  if (!confirmed) {
    throw new SetupError(
      `destroy deletes every resource of ${[...targets, ...(foundationLast ? [foundationLast] : [])].map((t) => t.stack).join(", ")} and purges their soft-deleted workspaces and key vaults.\nRe-run with --yes to confirm.`,
    );
  }
  let purger: SoftDeletePurger | undefined;
  const getPurger = () => (purger ??= deps.makePurger());
  const destroyAll = (ts: StackTarget[]) =>
    runStacks(
      ts,
      "destroy",
      (t, task) => destroyStack(driver, getPurger, t.stack, task),
      runOptions(args, deps),
    );
  let results = await destroyAll(targets);
  if (foundationLast) {
    if (results.every((r) => r.outcome === "succeeded")) {
      results = [...results, ...(await destroyAll([foundationLast]))];
    } else {
      deps.out(`${foundationLast.stack} kept: a lab stack on it was not destroyed.`);
    }
  }
  const code = finish("destroy", results, deps);
  return selectionFailed ? 1 : code;
}

async function resetLearner(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const learnerId = args.positionals[0];
  const context = await cohortContext(args, deps);
  // A learner's instance lives on the foundation, the only stack a reset touches.
  const ctx = context.foundation ? { ...context, targets: [context.foundation] } : context;
  const found: Array<{ target: StackTarget; urn: string }> = [];
  const ambiguous: string[] = [];
  const settled = await runBounded(ctx.targets, concurrencyOf(args), (t) =>
    ctx.driver.resources(t.stack),
  );
  const readErrors: string[] = [];
  settled.forEach((s, i) => {
    const target = ctx.targets[i];
    if (!s.ok) {
      readErrors.push(`${target.stack}: error: ${errorSummary(s.error)}`);
      return;
    }
    const match = findLearnerComputeUrn(s.value, learnerId);
    if ("urn" in match) found.push({ target, urn: match.urn });
    else if (match.error.startsWith("several")) ambiguous.push(`${target.stack}: ${match.error}`);
  });
  for (const e of readErrors) deps.err(e);
  if (ambiguous.length > 0) {
    throw new SetupError(`error: ${ambiguous.join("\n")}\nNothing was replaced.`);
  }
  if (found.length === 0) {
    if (readErrors.length > 0) return 1;
    throw new UsageError(
      `learner '${learnerId}' has no compute instance in ${ctx.targets.map((t) => t.stack).join(", ")} (check the id against the roster, and that 'up' has run)`,
    );
  }
  if (found.length > 1) {
    throw new UsageError(
      `learner '${learnerId}' has a compute instance in several labs (${found.map((f) => f.target.lab).join(", ")}): pass --lab ID to choose one`,
    );
  }
  const [{ target, urn }] = found;
  deps.out(`Replacing ${urn}`);
  const results = await runStacks(
    [target],
    "reset-learner",
    async (t, task) => {
      await counted(task.progress, () =>
        // targetDependents: the learner's role on their instance is replaced with it.
        ctx.driver.up(t.stack, task.onEvent, {
          replace: [urn],
          target: [urn],
          targetDependents: true,
        }),
      );
    },
    runOptions(args, deps),
  );
  return finish("reset-learner", results, deps);
}

async function handout(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const context = await cohortContext(args, deps);
  // One studio link and one instance per learner for the course: the foundation's.
  const ctx = context.foundation
    ? { ...context, targets: [{ ...context.foundation, lab: "course" }] }
    : context;
  const settled = await runBounded(ctx.targets, concurrencyOf(args), (t) =>
    ctx.driver.outputs(t.stack),
  );
  const inputs: StackHandoutInput[] = [];
  let failed = false;
  settled.forEach((s, i) => {
    const t = ctx.targets[i];
    if (s.ok) {
      inputs.push({ stack: t.stack, lab: t.lab!, outputs: s.value });
    } else {
      failed = true;
      deps.err(`${t.stack}: error: ${errorSummary(s.error)}`);
      inputs.push({ stack: t.stack, lab: t.lab!, outputs: {} });
    }
  });
  const { markdown, csv, perLab, missing } = combineHandouts(ctx.cohort, inputs);
  const outDir = args.values.out
    ? path.resolve(deps.cwd, args.values.out)
    : path.join(deps.cwd, "out", cohortNamePart(ctx.cohort));
  fs.mkdirSync(outDir, { recursive: true });
  const write = (name: string, content: string) => {
    fs.writeFileSync(path.join(outDir, name), content, "utf8");
    return name;
  };
  const written = [write("handout.md", markdown), write("handout.csv", csv)];
  for (const one of context.foundation ? [] : perLab) {
    written.push(write(`${one.lab}.md`, one.markdown), write(`${one.lab}.csv`, one.csv));
  }
  deps.out(`Wrote ${written.join(", ")} in ${outDir}`);
  for (const stack of missing) {
    deps.out(`${stack}: no learners output yet (run 'npm run cohort -- up' first)`);
  }
  return failed || missing.length > 0 ? 1 : 0;
}

/**
 * `config set KEY VALUE`: checks the value with the program's rules (in a cohort stack's context),
 * then writes it to every stack of the cohort (or the one of --lab). Nothing is written when the
 * check fails.
 */
async function configSet(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const [, key, value] = args.positionals;
  const entry = configSetEntry(key, value);
  const ctx = await cohortContext(args, deps);
  // Checked with each stack's own configuration where its stack file is on this machine (init
  // wrote it), so a value is judged with the stack's other settings; else in a cohort's context.
  const stackConfigs = [...(ctx.foundation ? [ctx.foundation] : []), ...ctx.targets].flatMap(
    (t) => {
      const file = path.join(deps.repoRoot, `Pulumi.${t.stack}.yaml`);
      if (!(deps.fileReadable ?? canRead)(file)) return [];
      const doc = YAML.parse(fs.readFileSync(file, "utf8")) as { config?: StackConfig } | null;
      return [doc?.config ?? {}];
    },
  );
  const contexts: StackConfig[] =
    stackConfigs.length > 0
      ? stackConfigs
      : [
          {
            "dp100-labs:mode": "cohort",
            "dp100-labs:cohort": ctx.cohort,
            "dp100-labs:learners": JSON.stringify([
              { id: "check", objectId: "00000000-0000-0000-0000-000000000000" },
            ]),
            ...(ctx.record ? { "azure-native:location": ctx.record.location } : {}),
          },
        ];
  for (const config of contexts) checkWithProgram({ ...config, ...entry }, deps.repoRoot);
  // A cohort with a foundation: the roster's and trainers' keys live on the foundation only (a lab
  // stack refuses them); any other key goes to the foundation and the chosen lab stacks.
  const foundationOnly = ["learners", "rosterFile", "trainers", "learnerObjectIds"].some(
    (k) => `dp100-labs:${k}` in entry,
  );
  const targets = ctx.foundation
    ? foundationOnly || ctx.selected
      ? foundationOnly
        ? [ctx.foundation]
        : ctx.targets
      : [ctx.foundation, ...ctx.targets]
    : ctx.targets;
  const results = await runStacks(
    targets,
    "config set",
    async (t) => {
      await ctx.driver.init(t.stack, entry);
    },
    runOptions(args, deps),
  );
  const code = finish("config set", results, deps);
  if (code === 0) deps.out(`Next: npm run cohort -- preview ${again(args, ctx.cohort)}`);
  return code;
}

/**
 * `plan`: the offline plan of the foundation plus the lab stacks that will be up together (all,
 * or those of --lab / --day), from the stack files `init` wrote (Pulumi.<stack>.yaml in the
 * project): resources, cost per day and vCPUs per family. No Azure, no state, no Pulumi CLI.
 */
async function planCommand(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const common = commonOptions(args, deps.cwd, deps.home);
  const manifest = loadManifest(common.stateDir);
  const cohort = resolveCohort(common, manifest);
  const record = manifest.cohorts[cohort];
  if (!record?.foundation) {
    throw new SetupError(
      `error: cohort '${cohort}' has no foundation stack in ${common.stateDir}: 'plan' plans a cohort made by 'npm run cohort -- init' (a foundation plus lab stacks)`,
    );
  }
  let keys = [...record.labs];
  const { lab, day } = args.values;
  if (day !== undefined || lab !== undefined) {
    const key =
      day ?? Object.entries(record.days ?? {}).find(([, ls]) => ls.includes(lab!))?.[0] ?? lab!;
    if (!keys.includes(key)) {
      throw new UsageError(
        `${day !== undefined ? `--day '${day}'` : `--lab '${lab}'`} is not one of cohort ${cohort}'s lab stacks (${keys.join(", ")})`,
      );
    }
    keys = [key];
  }
  const fileOf = (stack: string) => {
    const file = path.join(deps.repoRoot, `Pulumi.${stack}.yaml`);
    if (!(deps.fileReadable ?? canRead)(file)) {
      throw new SetupError(
        `error: no stack file ${file}: 'init' writes one per stack on this machine; run it here first`,
      );
    }
    return file;
  };
  const { planCohort, renderCohortPlan } = await import("../../plan/cohort");
  const { isInputError } = await import("../../stacks/config");
  try {
    const plan = await planCohort({
      foundationFile: fileOf(record.foundation),
      labFiles: keys.map((k) => fileOf(stackNameFor(cohort, k))),
      plan: deps.runPlan,
    });
    deps.out(renderCohortPlan(plan));
    // Each stack's guardrail verdicts, as `npm run plan` prints them (exit 1 on a mandatory one).
    const violations = plan.stacks.flatMap((st) =>
      st.doc.violations.map((v) => `  ${st.stack}: [${v.level}] ${v.rule}: ${v.message}`),
    );
    deps.out(
      violations.length > 0 ? ["Violations:", ...violations].join("\n") : "Violations: none.",
    );
    const html = args.values.html;
    if (html !== undefined) {
      // One page for the stacks up together: what each learner gets, cost, quota, verdicts.
      const { writeHtmlReport } = await import("../../plan/reportFile");
      writeHtmlReport(
        path.resolve(deps.cwd, html),
        plan.stacks.map((st) => st.doc),
        { title: `DP-100 cohort plan: ${cohort}` },
      );
    }
    const mandatory = plan.stacks.flatMap((s) =>
      s.doc.violations.filter((v) => v.level === "mandatory"),
    );
    return mandatory.length > 0 ? 1 : 0;
  } catch (e) {
    if (isInputError(e)) throw new SetupError(`configuration error: ${e.message}`);
    throw e;
  }
}

/**
 * The flags that find this cohort again, for the "Next:" hints: --cohort (quoted when it has
 * spaces), and --state-dir or --backend when they were given, so the hint works as printed.
 */
function again(args: ParsedArgs, cohort: string): string {
  const q = (v: string) => (/^[A-Za-z0-9_./:=?@%+-]+$/.test(v) ? v : JSON.stringify(v));
  const parts = ["--cohort", q(cohort)];
  for (const flag of ["state-dir", "backend"]) {
    const v = args.values[flag];
    if (v !== undefined) parts.push(`--${flag}`, q(v));
  }
  return parts.join(" ");
}
