import { cohortNamePart } from "../../components/naming";
import { CommonOptions, commonOptions, ParsedArgs, UsageError } from "./args";
import { labOfStack, shortStackName, stackNameFor } from "./config";
import type { CliDeps } from "./deps";
import { FOUNDATION_KEY, foundationStackName } from "./layout";
import { CohortRecord, Manifest } from "./manifest";
import { StackTarget } from "./orchestrate";
import { connect, loadManifest, SetupError } from "./run";
import { StackDriver, StackListing } from "./types";

/** Which stacks of a recorded (or listed) cohort a command runs on. */

export interface CohortContext {
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
export function resolveCohort(common: CommonOptions, manifest: Manifest): string {
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

/** The cohort's lab stack keys and foundation: from the manifest, else from the backend's listing. */
function cohortStacks(
  cohort: string,
  record: CohortRecord | undefined,
  listing: StackListing[] | undefined,
  labIds: readonly string[],
): { labs: string[]; foundationName?: string } {
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
          .map((s) => labOfStack(s.name, cohort, labIds))
          .filter((l): l is string => l !== undefined);
  const foundationName =
    record?.foundation ?? (listedFoundation ? foundationStackName(cohort) : undefined);
  return { labs, foundationName };
}

/** The lab stack keys --day or --lab choose (all without them). */
function chooseByLabOrDay(
  args: ParsedArgs,
  cohort: string,
  record: CohortRecord | undefined,
  labs: string[],
): string[] {
  const { lab, day } = args.values;
  if (day !== undefined) {
    if (!record?.days?.[day]) {
      const known = Object.keys(record?.days ?? {});
      throw new UsageError(
        `--day '${day}' is not one of cohort ${cohort}'s days (${known.join(", ") || "it has none: init --day NAME=LAB,LAB makes one"})`,
      );
    }
    return [day];
  }
  if (lab !== undefined) {
    // In a cohort with days, a lab is brought up with its day's lab stack.
    const key = Object.entries(record?.days ?? {}).find(([, ls]) => ls.includes(lab))?.[0] ?? lab;
    if (!labs.includes(key)) {
      throw new UsageError(
        `--lab '${lab}' is not one of cohort ${cohort}'s labs (${labs.join(", ")})`,
      );
    }
    return [key];
  }
  return labs;
}

/**
 * `--stack NAME`: that one stack of the cohort and nothing else (CI's per-job commands,
 * `cohort matrix`): the foundation alone, or one lab stack without touching its foundation.
 */
function chooseByStack(
  only: string,
  args: ParsedArgs,
  cohort: string,
  labs: string[],
  foundationName: string | undefined,
): { chosen: string[]; onlyStack: "foundation" | "lab" } {
  if (args.values.lab !== undefined || args.values.day !== undefined) {
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
  return {
    chosen: labs.filter((l) => stackNameFor(cohort, l) === only),
    onlyStack: only === foundationName ? "foundation" : "lab",
  };
}

/** The cohort's stacks (all, or the one of --lab), with their driver. */
export async function cohortContext(args: ParsedArgs, deps: CliDeps): Promise<CohortContext> {
  const common = commonOptions(args, deps.cwd, deps.home);
  const manifest = loadManifest(common.stateDir);
  const cohort = resolveCohort(common, manifest);
  const record = manifest.cohorts[cohort];
  // The resolved cohort reaches the policy pack's configuration (its learners: packConfig.ts).
  const { driver, backendUrl } = connect(deps, { ...common, cohort }, record);
  let listing: StackListing[] | undefined;
  try {
    listing = await driver.listStacks();
  } catch (e) {
    if (!record) throw e;
    // The manifest still names the stacks; counts are only for progress.
  }
  const { labs, foundationName } = cohortStacks(cohort, record, listing, deps.labIds);
  if (labs.length === 0 && !foundationName) {
    throw new SetupError(
      `error: cohort '${cohort}' has no stacks in ${backendUrl}: create them with 'npm run cohort -- init --cohort ${cohort} --roster ... --labs ...'`,
    );
  }
  let chosen = chooseByLabOrDay(args, cohort, record, labs);
  const only = args.values.stack;
  let onlyStack: "foundation" | "lab" | undefined;
  if (only !== undefined) {
    ({ chosen, onlyStack } = chooseByStack(only, args, cohort, labs, foundationName));
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
  const selected =
    args.values.lab !== undefined || args.values.day !== undefined || only !== undefined;
  return { cohort, record, driver, backendUrl, targets, listing, foundation, selected, onlyStack };
}

/**
 * The foundation a cohort's lab stacks need: it must exist in the backend (else exit 2, naming
 * it and what to run), and for `requireUp` it must be deployed.
 */
export function requireFoundation(ctx: CohortContext, requireUp: boolean): void {
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

/**
 * The cohort a foundation-and-lab-stacks command works on (from --cohort or the only one in the
 * state folder), with its manifest record; SetupError (exit 2) when the cohort has no foundation,
 * saying `what` the command does with one.
 */
export function cohortWithFoundation(
  args: ParsedArgs,
  deps: CliDeps,
  what: string,
): { common: CommonOptions; cohort: string; record: CohortRecord & { foundation: string } } {
  const common = commonOptions(args, deps.cwd, deps.home);
  const manifest = loadManifest(common.stateDir);
  const cohort = resolveCohort(common, manifest);
  const record = manifest.cohorts[cohort];
  if (!record?.foundation) {
    throw new SetupError(
      `error: cohort '${cohort}' has no foundation stack in ${common.stateDir}: ${what} a cohort made by 'npm run cohort -- init' (a foundation plus lab stacks)`,
    );
  }
  return { common, cohort, record: record as CohortRecord & { foundation: string } };
}
