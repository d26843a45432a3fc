import { ParsedArgs, UsageError, initOptions, InitOptions } from "../args";
import { buildFoundationConfig, buildLabStackConfig, stackNameFor } from "../config";
import type { CliDeps } from "../deps";
import { initExpiryNotes, validateInitConfig } from "../initChecks";
import { courseLabs, foundationStackName, LabStackSpec, labStacksOf } from "../layout";
import { CohortRecord, Manifest, upsertCohort, writeManifest } from "../manifest";
import { runStacks, StackResult, StackTarget } from "../orchestrate";
import { again, connect, finish, loadManifest, runOptions, SetupError } from "../run";
import { settingsConfig, trainersConfig } from "../settings";
import { StackConfig, StackDriver } from "../types";
import { prepareRoster } from "../../roster/rosterFile";
import { expiryTags, portableRoster } from "../portable";

/**
 * `init`: writes the configuration of the course-long foundation (it holds the roster, the
 * instances, the trainers and the budget) and of one lab stack per lab or day, then records the
 * cohort in the manifest.
 */

/** init's settings flags and the resolved object ids: the foundation's extra configuration. */
async function foundationExtraConfig(
  args: ParsedArgs,
  deps: CliDeps,
  resolved: Readonly<Record<string, string>>,
): Promise<StackConfig> {
  return {
    ...settingsConfig(
      args.values,
      args.lists,
      await trainersConfig(args.lists.trainer ?? [], deps.makeDirectory),
    ),
    ...(Object.keys(resolved).length > 0
      ? { "dp100-labs:learnerObjectIds": JSON.stringify(resolved) }
      : {}),
  };
}

/**
 * `--stack NAME`: write that one stack's configuration only, computed exactly as for the whole
 * cohort (CI's per-job init, `cohort matrix`: concurrent jobs never write the same stack).
 */
function checkOnlyStack(only: string | undefined, cohort: string, specs: LabStackSpec[]): void {
  const names = [foundationStackName(cohort), ...specs.map((sp) => stackNameFor(cohort, sp.key))];
  if (only !== undefined && !names.includes(only)) {
    throw new UsageError(
      `--stack '${only}' is not one of cohort ${cohort}'s stacks (${names.join(", ")})`,
    );
  }
}

/** The previous record of the cohort, refused when it was made before foundations. */
function previousRecord(manifest: Manifest, cohort: string): CohortRecord | undefined {
  const previous = manifest.cohorts[cohort];
  if (previous && !previous.foundation) {
    throw new SetupError(
      `error: cohort '${cohort}' was made as one whole stack per lab (${previous.labs.join(", ")}); it cannot gain a foundation in place. Destroy it (npm run cohort -- destroy --cohort ${cohort} --yes) or init another cohort id.`,
    );
  }
  return previous;
}

interface InitRun {
  readonly args: ParsedArgs;
  readonly deps: CliDeps;
  readonly opts: InitOptions;
  readonly driver: StackDriver;
  readonly specs: LabStackSpec[];
  readonly foundation: string;
  readonly only?: string;
  /** --expires-on, or the date an earlier init wrote (a re-init without the flag keeps it). */
  readonly expiresOn?: string;
}

/** The foundation's configuration, written first: it holds the roster. */
function initFoundation(
  run: InitRun,
  previous: CohortRecord | undefined,
  foundationExtra: StackConfig,
): Promise<StackResult[]> {
  const { opts, foundation, only } = run;
  const previousCourse = previous
    ? [...previous.labs.flatMap((k) => previous.days?.[k] ?? [k])]
    : [];
  return runStacks(
    only === undefined || only === foundation ? [{ stack: foundation }] : [],
    "init",
    async (t) => {
      await run.driver.init(
        t.stack,
        {
          ...buildFoundationConfig({
            cohort: opts.cohort,
            location: opts.location,
            expiresOn: run.expiresOn,
            topology: opts.topology ?? previous?.topology,
            labs: [...new Set([...previousCourse, ...courseLabs(run.specs)])],
          }),
          ...foundationExtra,
        },
        expiryTags(run.expiresOn),
      );
    },
    runOptions(run.args, run.deps),
  );
}

/** Each lab stack's configuration, once the foundation's is written. */
function initLabStacks(run: InitRun): Promise<StackResult[]> {
  const { opts, foundation, only } = run;
  const bySpec = new Map<string, LabStackSpec>(run.specs.map((sp) => [sp.key, sp]));
  const targets: StackTarget[] = run.specs
    .map((sp) => ({ stack: stackNameFor(opts.cohort, sp.key), lab: sp.key }))
    .filter((t) => only === undefined || t.stack === only);
  return runStacks(
    targets,
    "init",
    async (t) => {
      await run.driver.init(
        t.stack,
        buildLabStackConfig({
          cohort: opts.cohort,
          foundation,
          labs: bySpec.get(t.lab!)!.labs,
          location: opts.location,
        }),
        // A lab stack takes its expiry from its foundation; its tag says the same date.
        expiryTags(run.expiresOn),
      );
    },
    runOptions(run.args, run.deps),
  );
}

/** Records the cohort in the manifest: the lab stacks created (or, with --stack, all of them). */
function recordCohort(
  run: InitRun,
  manifest: Manifest,
  previous: CohortRecord | undefined,
  backendUrl: string,
  results: StackResult[],
): void {
  const { opts, only, specs, deps } = run;
  const created = results.filter((r) => r.outcome === "succeeded").map((r) => r.lab!);
  writeManifest(
    opts.stateDir,
    upsertCohort(manifest, opts.cohort, {
      // A per-job init (--stack) records the whole cohort: the other jobs create the other stacks.
      labs: only === undefined ? created : specs.map((sp) => sp.key),
      foundation: run.foundation,
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
      expiresOn: opts.expiresOn ?? previous?.expiresOn,
      topology: opts.topology ?? previous?.topology,
      updatedAt: new Date(deps.clock()).toISOString(),
    }),
  );
}

export async function init(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const opts = initOptions(args, deps.labIds, deps.cwd, deps.home);
  // Resolves e-mail rows; the roster's values are then checked with the rest of the configuration.
  const roster = await prepareRoster(opts.rosterFile, opts.rosterFile, deps.makeDirectory, {
    invite: args.bools.has("invite"),
    validate: false,
  });
  const checked = await foundationExtraConfig(args, deps, roster.resolved);
  // Checked with the roster file, so a bad row is named by its file line.
  validateInitConfig(opts, checked);
  // Written: the learners themselves, not the file's path (portable.ts).
  const foundationExtra = portableRoster(checked, roster);
  const specs = labStacksOf(opts.labs, opts.days, deps.labIds);
  const only = args.values.stack;
  checkOnlyStack(only, opts.cohort, specs);
  const manifest = loadManifest(opts.stateDir);
  const previous = previousRecord(manifest, opts.cohort);
  const { driver, backendUrl } = connect(deps, opts, previous);
  const foundation = foundationStackName(opts.cohort);
  deps.out(
    `Cohort ${opts.cohort}: ${roster.learners.length} learner(s), foundation ${foundation} and ${specs.length} lab stack(s), state at ${backendUrl}`,
  );
  for (const line of initExpiryNotes(opts, deps.clock())) deps.out(line);
  const expiresOn = opts.expiresOn ?? previous?.expiresOn;
  const run: InitRun = { args, deps, opts, driver, specs, foundation, only, expiresOn };
  // The foundation holds the roster; it is written first, and the lab stacks only when it is.
  const first = await initFoundation(run, previous, foundationExtra);
  if (first.length > 0 && first[0].outcome !== "succeeded") return finish("init", first, deps);
  const results = await initLabStacks(run);
  recordCohort(run, manifest, previous, backendUrl, results);
  const code = finish("init", [...first, ...results], deps);
  if (code === 0) {
    deps.out(`Next: npm run cohort -- plan ${again(args, opts.cohort)}, then up`);
  }
  return code;
}
