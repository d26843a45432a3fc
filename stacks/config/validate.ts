import { MergedLabNeeds, resolveLabs } from "../../labs";
import { ConfigError, ConfigSource, NAMESPACE } from "./errors";
import { Group, KeyRow, StackPart } from "./kinds";
import { cohortNameProblem, COHORT_NAME_RULE, Learner, readRoster } from "./learners";
import { Reader } from "./reader";
import { CONFIG_KEYS, ReadKey, RENAMED_KEYS, schemaRows } from "./schema";
import { readTrainers, Trainer } from "./structured";
import { defaultTimeZone } from "./timeZones";
import { GroupValues, Mode, RowValues, ValidatedConfig } from "./types";

/**
 * The one place configuration is read and validated. `readConfig` takes a plain lookup function
 * (so tests and the offline plan can feed it without a Pulumi engine) and returns typed, checked
 * values, or throws a ConfigError that names the key, the value and what is accepted. Nothing is
 * registered before this succeeds. Each key is read through its schema row (schema.ts); the rules
 * below check what spans several keys.
 */

export interface ReadConfigOptions {
  /** Folder that relative `rosterFile` paths are resolved against. Default: the working directory. */
  readonly baseDir?: string;
  /** Keys present in the stack file, to report unknown ones (typos). Default: not checked. */
  readonly presentKeys?: readonly string[];
}

/** A Pulumi stack name, optionally `org/project/stack`. */
const STACK_NAME = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]{1,100}$/;

/** Reads and validates the whole configuration. Throws ConfigError on the first bad value. */
export function readConfig(source: ConfigSource, opts: ReadConfigOptions = {}): ValidatedConfig {
  const r = new Reader(source);
  checkKeys(r, opts.presentKeys ?? []);
  const v = readRows(r);
  const foundation = readFoundation(r, v.part, v.mode);
  const needs = labNeeds(r, v.labs);
  checkVmSizes(r, v);
  const { cohort, learners, trainers } = readPeople(r, v, foundation, opts.baseDir);
  checkSandboxUser(r, v, needs);
  checkAlertEmails(r, v, needs, trainers);
  return {
    ...pick(v, "stack"),
    ...(foundation ? { foundation } : {}),
    needs,
    cohort,
    learners,
    trainers,
    compute: {
      ...pick(v, "compute"),
      timeZone: v.timeZone ?? defaultTimeZone(v.location),
      timeZoneFromRegion: v.timeZone === undefined,
    },
    workspace: pick(v, "workspace"),
    identity: pick(v, "identity"),
  };
}

/** Keys in the stack file that the program does not know, and keys set under a former name. */
function checkKeys(r: Reader, presentKeys: readonly string[]): void {
  const renamed = (old: string) => `the key is now ${r.full(RENAMED_KEYS[old])}: rename it`;
  for (const old of Object.keys(RENAMED_KEYS)) {
    const v = r.string(old);
    if (v !== undefined) throw new ConfigError(r.full(old), v, renamed(old));
  }
  for (const key of presentKeys) {
    const [ns, name] = key.includes(":") ? key.split(/:(.*)/s, 2) : [NAMESPACE, key];
    if (ns !== NAMESPACE || CONFIG_KEYS.has(name)) continue;
    if (name in RENAMED_KEYS) throw new ConfigError(key, "(renamed key)", renamed(name));
    throw new ConfigError(
      key,
      "(unknown key)",
      `known keys are ${[...CONFIG_KEYS].sort().join(", ")}`,
    );
  }
}

/** Every key that has a `read`, read in schema order. */
function readRows(r: Reader): RowValues {
  const values: Record<string, unknown> = {};
  for (const [key, row] of schemaRows()) if (row.read) values[key] = row.read(r, key);
  return values as RowValues;
}

/** The values of one group, in schema order. */
function pick<G extends Group>(v: RowValues, group: G): GroupValues<G> {
  const rows: ReadonlyArray<readonly [string, KeyRow]> = schemaRows();
  return Object.fromEntries(
    rows.filter(([, row]) => row.group === group).map(([k]) => [k, v[k as ReadKey]]),
  ) as GroupValues<G>;
}

function labNeeds(r: Reader, labs: readonly string[] | "all"): MergedLabNeeds {
  try {
    return resolveLabs(labs === "all" ? "all" : [...labs]);
  } catch (e) {
    throw new ConfigError(r.full("labs"), JSON.stringify(labs), (e as Error).message);
  }
}

/** The compute sizes are among `vmSizeChoices` (any case). */
function checkVmSizes(r: Reader, v: RowValues): void {
  for (const key of ["instanceVmSize", "clusterVmSize"] as const) {
    // Case-insensitive: Azure ML reads sizes back upper-cased (azure/mlCompute.ts), and the
    // course's own scripts write them so (STANDARD_DS11_V2).
    if (!v.vmSizeChoices.some((a) => a.toLowerCase() === v[key].toLowerCase())) {
      throw new ConfigError(
        r.full(key),
        `'${v[key]}'`,
        `allowed VM sizes are ${v.vmSizeChoices.join(", ")} (set dp100-labs:vmSizeChoices to change the list)`,
      );
    }
  }
}

/** `foundation`: required on a lab stack (a stack name), refused on any other. */
function readFoundation(r: Reader, part: StackPart, mode: Mode): string | undefined {
  const v = r.string("foundation");
  if (part !== "whole" && mode !== "cohort") {
    throw new ConfigError(
      r.full("part"),
      `'${part}'`,
      "foundation and lab stacks need mode: cohort",
    );
  }
  if (part !== "lab") {
    if (v !== undefined) {
      throw new ConfigError(
        r.full("foundation"),
        `'${v}'`,
        "only a lab stack (dp100-labs:part: lab) names a foundation; remove the key",
      );
    }
    return undefined;
  }
  if (v === undefined) {
    throw new ConfigError(
      r.full("foundation"),
      "(not set)",
      "a lab stack names its foundation stack, e.g. c2612-foundation (npm run cohort -- init writes it)",
    );
  }
  if (!STACK_NAME.test(v)) {
    throw new ConfigError(
      r.full("foundation"),
      `'${v}'`,
      "a stack name (letters, digits, '-', '_', '.'), optionally qualified as org/project/stack",
    );
  }
  return v;
}

interface People {
  readonly cohort: string;
  readonly learners: readonly Learner[];
  readonly trainers: readonly Trainer[];
}

/** The cohort name, the roster and the trainers (a sandbox's one learner is the caller). */
function readPeople(
  r: Reader,
  v: RowValues,
  foundation: string | undefined,
  baseDir: string | undefined,
): People {
  if (v.mode !== "cohort") {
    if (r.string("learners") !== undefined || r.string("rosterFile") !== undefined) {
      throw new ConfigError(
        r.full("mode"),
        "'sandbox'",
        "a roster (learners or rosterFile) needs mode: cohort",
      );
    }
    const trainers = readTrainers(r, "trainers");
    return { cohort: "sandbox", learners: [{ id: "me", objectId: v.objectId }], trainers };
  }
  const cohort = cohortName(r);
  if (v.part !== "lab") {
    const learners = readRoster(r, baseDir ?? process.cwd());
    return { cohort, learners, trainers: readTrainers(r, "trainers") };
  }
  // A lab stack takes its learners from its foundation (stack output `foundation`), so the
  // roster has one home and a change to it reaches every lab stack at its next update.
  refuseOnLabStack(r, foundation!);
  if (Array.isArray(v.labs)) uniqueLabs(r, v.labs);
  return { cohort, learners: [], trainers: [] };
}

function cohortName(r: Reader): string {
  const raw = r.string("cohort");
  const problem = raw === undefined ? "(not set)" : cohortNameProblem(raw);
  if (problem !== undefined) {
    throw new ConfigError(
      r.full("cohort"),
      problem === "(not set)" ? problem : `'${raw}'`,
      problem === "(not set)" ? `cohort mode needs a cohort name: ${COHORT_NAME_RULE}` : problem,
    );
  }
  return raw!.trim().normalize("NFC");
}

/** Keys a lab stack does not accept (the roster's): set there, they are refused with the way out. */
function refuseOnLabStack(r: Reader, foundation: string): void {
  for (const [key, row] of schemaRows()) {
    if (row.parts.includes("lab")) continue;
    const v = r.string(key);
    if (v !== undefined) {
      throw new ConfigError(
        r.full(key),
        v.length > 60 ? `${v.slice(0, 57)}...` : v,
        `this is a lab stack: the roster and trainers live on its foundation stack '${foundation}'; remove ${r.full(key)} here and change it there (then run up on '${foundation}')`,
      );
    }
  }
}

/** A day's group of labs names each lab once. */
function uniqueLabs(r: Reader, labs: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of labs) {
    if (seen.has(id)) {
      throw new ConfigError(
        r.full("labs"),
        `'${id}' (twice)`,
        "a lab stack lists each lab once; remove the repeated id",
      );
    }
    seen.add(id);
  }
}

function checkSandboxUser(r: Reader, v: RowValues, needs: MergedLabNeeds): void {
  if (v.mode === "sandbox" && needs.computeInstance && v.principalType === "Group") {
    // A compute instance is assigned to one user (its assignedUser is "User's AAD Object Id",
    // Learn: MachineLearningComputeInstanceAssignedUser); a group cannot own one.
    throw new ConfigError(
      r.full("principalType"),
      "'Group'",
      "the sandbox user gets a personal compute instance, which belongs to one user: use User " +
        "with that person's object id",
    );
  }
}

function checkAlertEmails(
  r: Reader,
  v: RowValues,
  needs: MergedLabNeeds,
  trainers: readonly Trainer[],
): void {
  // A lab stack's trainers are its foundation's: composeLabStack checks the e-mails there.
  if (
    v.part !== "lab" &&
    needs.monitoring &&
    v.alertEmails.length === 0 &&
    !trainers.some((t) => t.email)
  ) {
    throw new ConfigError(
      r.full("alertEmails"),
      "(not set)",
      "the monitoring lab sends alerts by e-mail: set dp100-labs:alertEmails (or a trainer's email)",
    );
  }
}
