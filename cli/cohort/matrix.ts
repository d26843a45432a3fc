import * as fs from "fs";
import { commonOptions, initOptions, ParsedArgs, UsageError } from "./args";
import { stackNameFor } from "./config";
import { CohortRecord, readManifest } from "./manifest";
import { ALLOW_PAST_EXPIRY, validateInitConfig } from "./initChecks";
import { foundationStackName, labStacksOf } from "./layout";
import { SETTING_FLAGS } from "./settings";

/**
 * `npm run cohort -- matrix`: a cohort's stacks as the job matrix of a CI workflow
 * (.github/workflows/cohort.yml), one job per stack, each job running the same `npm run cohort`
 * commands a trainer runs locally, limited to its own stack.
 *
 * The stacks come from one function, `cohortMatrix`, over the cohort's manifest record: the
 * `foundation` jobs run before the lab-stack jobs on `up` and after them on `destroy` (a cohort of
 * lab stacks only has none), and the lab jobs may run at the same time because no two of them name
 * the same stack.
 */

/** One job: one stack, and the `npm run cohort --` arguments that work on it and nothing else. */
export interface MatrixJob {
  readonly stack: string;
  /** The lab of a lab stack; absent for a foundation stack. */
  readonly lab?: string;
  /**
   * Writes this stack's configuration (creating the stack if needed), exactly as a local `init`
   * does: a runner starts without the `Pulumi.<stack>.yaml` that `init` wrote on the trainer's
   * machine. Run before `up`; `destroy` needs no configuration (it finds the stack in the backend).
   */
  readonly init: readonly string[];
  readonly up: readonly string[];
  readonly destroy: readonly string[];
}

export interface CohortMatrix {
  readonly cohort: string;
  readonly backend: string;
  /** Stacks the lab stacks depend on: before `labs` on up, after them on destroy. */
  readonly foundation: readonly MatrixJob[];
  readonly labs: readonly MatrixJob[];
}

export interface MatrixOptions {
  /** The roster path as the jobs pass it (relative to the repository on a runner); default: the record's. */
  readonly roster?: string;
  /** Lets the jobs' `init` write an expiry date that has passed (`--allow-past-expiry`). */
  readonly allowPastExpiry?: boolean;
  /**
   * init's settings flags as given to `matrix` (--trainer, --budget, --alert-email,
   * --idle-shutdown, --stop-time, --time-zone), passed on to every job's init: a runner has no
   * stack file, so a setting not passed is not in the configuration it writes.
   */
  readonly settings?: readonly string[];
}

/** The jobs of a cohort. */
export function cohortMatrix(
  cohort: string,
  record: CohortRecord,
  opts: MatrixOptions = {},
): CohortMatrix {
  const roster = opts.roster ?? record.rosterFile;
  const backend = record.backend;
  const shared = ["--cohort", cohort, "--backend", backend];
  // Every job's init describes the whole cohort, exactly as a local init does, and writes only its
  // own stack (--stack): the foundation's configuration is the same whichever job computes it.
  const days = Object.entries(record.days ?? {});
  const course = [...new Set(record.labs.flatMap((k) => record.days?.[k] ?? [k]))];
  const describe = [
    "init",
    ...shared,
    "--roster",
    roster,
    "--labs",
    ...course,
    ...days.flatMap(([day, labs]) => ["--day", `${day}=${labs.join(",")}`]),
    "--location",
    record.location,
    ...(record.expiresOn ? ["--expires-on", record.expiresOn] : []),
    ...(record.topology ? ["--topology", record.topology] : []),
    ...(opts.allowPastExpiry ? [`--${ALLOW_PAST_EXPIRY}`] : []),
    ...(opts.settings ?? []),
  ];
  const job = (stack: string, lab?: string): MatrixJob => ({
    stack,
    ...(lab !== undefined ? { lab } : {}),
    init: [...describe, "--stack", stack],
    up: ["up", ...shared, "--stack", stack],
    destroy: ["destroy", ...shared, "--stack", stack, "--yes"],
  });
  const foundation = record.foundation ? [job(record.foundation)] : [];
  const labs = record.labs.map((lab) => job(stackNameFor(cohort, lab), lab));
  const stacks = [...foundation, ...labs].map((j) => j.stack);
  const twice = stacks.find((s, i) => stacks.indexOf(s) !== i);
  if (twice) throw new Error(`cohort ${cohort} lists stack ${twice} twice`);
  return { cohort, backend, foundation, labs };
}

/**
 * The matrix command: the record from the init flags when `--labs` is given (as in CI, where no
 * manifest exists yet), else from the manifest in `--state-dir`. The backend must be shared by all
 * runners: a `file://` folder exists on one machine only.
 */
export function matrixFromArgs(
  args: ParsedArgs,
  labIds: readonly string[],
  cwd: string,
  home: string,
  now: Date,
  canRead: (file: string) => boolean = (f) => fs.existsSync(f),
): CohortMatrix {
  let cohort: string;
  let record: CohortRecord;
  let roster: string;
  if (args.lists.labs) {
    const opts = initOptions(args, labIds, cwd, home);
    if (!opts.backend) {
      throw new UsageError(
        "matrix --labs needs --backend URL: the jobs run on other machines and share that state",
      );
    }
    if (!canRead(opts.rosterFile)) {
      throw new UsageError(`--roster '${args.values.roster}' is not a readable file`);
    }
    // What each job's init will check, before any job starts (the program's own validation).
    validateInitConfig(opts);
    cohort = opts.cohort;
    roster = args.values.roster;
    // The stacks a local init makes: the foundation, and one lab stack per lab or per day.
    const specs = labStacksOf(opts.labs, opts.days, labIds);
    record = {
      labs: specs.map((sp) => sp.key),
      foundation: foundationStackName(opts.cohort),
      days: Object.fromEntries(
        specs.filter((sp) => !labIds.includes(sp.key)).map((sp) => [sp.key, [...sp.labs]]),
      ),
      location: opts.location,
      rosterFile: opts.rosterFile,
      backend: opts.backend,
      expiresOn: opts.expiresOn,
      topology: opts.topology,
      updatedAt: now.toISOString(),
    };
  } else {
    for (const flag of ["roster", "location", "expires-on", "topology"]) {
      if (args.values[flag] !== undefined) {
        throw new UsageError(`--${flag} goes with --labs (without it the manifest is used)`);
      }
    }
    const common = commonOptions(args, cwd, home);
    const manifest = readManifest(common.stateDir);
    const ids = Object.keys(manifest.cohorts).sort();
    cohort = common.cohort ?? (ids.length === 1 ? ids[0] : "");
    const found = manifest.cohorts[cohort];
    if (!found) {
      throw new UsageError(
        common.cohort
          ? `cohort '${common.cohort}' is not recorded in ${common.stateDir} (recorded: ${ids.join(", ") || "none"}); pass --labs ... --roster ... to describe it`
          : `pass --cohort ID (recorded in ${common.stateDir}: ${ids.join(", ") || "none"})`,
      );
    }
    record = common.backend ? { ...found, backend: common.backend } : found;
    roster = found.rosterFile;
  }
  if (record.backend.startsWith("file://")) {
    throw new UsageError(
      `--backend '${record.backend}' is a folder on one machine: CI jobs need shared state (azblob://<container>?storage_account=<account>, s3://, gs:// or https://api.pulumi.com)`,
    );
  }
  return cohortMatrix(cohort, record, {
    roster,
    allowPastExpiry: args.bools.has(ALLOW_PAST_EXPIRY),
    settings: settingFlags(args),
  });
}

/** init's settings flags given to `matrix`, as arguments for each job's init. */
function settingFlags(args: ParsedArgs): string[] {
  const out: string[] = [];
  for (const t of args.lists.trainer ?? []) out.push("--trainer", t);
  for (const flag of Object.keys(SETTING_FLAGS)) {
    if (flag === "alert-email") {
      for (const a of args.lists[flag] ?? []) out.push(`--${flag}`, a);
    } else if (args.values[flag] !== undefined) {
      out.push(`--${flag}`, args.values[flag]);
    }
  }
  return out;
}
