import * as fs from "fs";
import * as path from "path";
import { resolveLabs } from "../labs";
import { MergedLabNeeds } from "../labs";
import { DEFAULT_ALLOWED_VM_SIZES } from "../guardrails/config";
import {
  BUDGET_OPERATORS,
  BUDGET_THRESHOLD_TYPES,
  BudgetAlert,
  budgetAlertsProblem,
  DEFAULT_BUDGET_ALERTS,
} from "../azure/consumption";
import { PRINCIPAL_TYPES, PrincipalType } from "../azure/roles";
import { readRosterCsv, RosterError } from "./roster";
import { AZURE_REGIONS, azureRegion, regionProblem } from "../azure/regions";

/**
 * The one place configuration is read and validated. `readConfig` takes a plain lookup function
 * (so tests and the offline plan can feed it without a Pulumi engine) and returns typed, checked
 * values, or throws a ConfigError that names the key, the value and what is accepted. Nothing is
 * registered before this succeeds.
 */

export const NAMESPACE = "dp100-labs";

/** Looks up a raw configuration value, as Pulumi stores it (structured values as JSON text). */
export type ConfigSource = (namespace: string, key: string) => string | undefined;

export class ConfigError extends Error {
  constructor(
    /** The full key, e.g. `dp100-labs:learners`. */
    readonly key: string,
    /** The offending value, as text. */
    readonly value: string,
    /** What would be accepted. */
    readonly accepted: string,
  ) {
    super(`${key}: ${value} is not accepted; ${accepted}`);
    this.name = "ConfigError";
  }
}

/**
 * Whether an error is bad input (a ConfigError or a NameError) by its name: a lab stack's program
 * throws from a fresh copy of this module (the plan reloads the program), where `instanceof` fails.
 */
export function isInputError(e: unknown): e is Error {
  return e instanceof Error && (e.name === "ConfigError" || e.name === "NameError");
}

export type Mode = "sandbox" | "cohort";
export type Topology = "shared" | "isolated";
/**
 * Which part of a cohort a stack holds. `whole`: everything in one stack (a learner's sandbox, or a
 * one-stack cohort). `foundation`: what lives for the whole course (resource groups, the workspace
 * set, aml-cluster, each learner's compute instance and grants, trainers, budget). `lab`: only what
 * its labs add on top of a foundation stack, read through a StackReference.
 */
export type StackPart = "whole" | "foundation" | "lab";
export const STACK_PARTS: readonly StackPart[] = ["whole", "foundation", "lab"];

export interface Learner {
  /** Stable key: unique case-insensitively, 1-64 characters, any script. */
  readonly id: string;
  /** Entra object id (GUID); undefined only for the sandbox caller (taken from the client config). */
  readonly objectId?: string;
  readonly email?: string;
  readonly displayName?: string;
}

export interface Trainer {
  readonly objectId: string;
  readonly email?: string;
  /** What the object id is in Entra ID: User (default), Group or ServicePrincipal. */
  readonly principalType: PrincipalType;
}

export interface ComputeSettings {
  readonly instanceVmSize: string;
  readonly clusterVmSize: string;
  readonly clusterMaxNodes: number;
  readonly clusterLowPriority: boolean;
  readonly idleShutdownMinutes: number;
  readonly stopTime: string;
  readonly timeZone: string;
  /** True when timeZone was not set and came from the region. */
  readonly timeZoneFromRegion: boolean;
}

export interface WorkspaceSettings {
  readonly containerRegistry: boolean;
  readonly privateNetworking: boolean;
  readonly purgeProtection: boolean;
  readonly keyVaultRetentionDays: number;
  /**
   * Keep local accounts on the Kubernetes inference cluster (the documented exception to the
   * aks-local-accounts-disabled guardrail; components/kubernetesInference.ts says why).
   */
  readonly inferenceLocalAccounts: boolean;
}

export interface StackConfig {
  readonly mode: Mode;
  /** Which part of a cohort this stack holds (default whole). */
  readonly part: StackPart;
  /** The foundation stack a lab stack builds on (part lab only), e.g. `c2612-foundation`. */
  readonly foundation?: string;
  readonly prefix: string;
  readonly location: string;
  /** The lab ids asked for: a list, or "all". */
  readonly labs: readonly string[] | "all";
  /** What those labs need, merged (validated: every id exists). */
  readonly needs: MergedLabNeeds;
  /** Cohort id (cohort mode), or "sandbox". */
  readonly cohort: string;
  readonly topology: Topology;
  readonly learners: readonly Learner[];
  readonly trainers: readonly Trainer[];
  /** Expiry date (YYYY-MM-DD), or undefined when none was set. */
  readonly expiresOn?: string;
  /** Budget in USD for the cohort or sandbox, or undefined for none. */
  readonly budget?: number;
  /** The budget's alerts: at most five, every (operator, threshold) pair distinct. */
  readonly budgetAlerts: readonly BudgetAlert[];
  /** Owner tag: an e-mail or a name. */
  readonly owner?: string;
  readonly compute: ComputeSettings;
  readonly workspace: WorkspaceSettings;
  /** VM sizes this stack may use. */
  readonly allowedVmSizes: readonly string[];
  /** Overrides of the client configuration for the sandbox caller. */
  readonly identity: {
    readonly objectId?: string;
    readonly tenantId?: string;
    /** What the sandbox user's object id is in Entra ID. Default User. */
    readonly principalType: PrincipalType;
  };
  /** Where alerts and budget mails go. */
  readonly alertEmails: readonly string[];
  /** Working hours per lab day, for cost estimates. */
  readonly hoursPerDay: number;
  /** Course length in days, for cost estimates and the budget check. */
  readonly courseDays: number;
  /** Bump to draw a new random name suffix. */
  readonly suffixGeneration: string;
}

/**
 * Every scalar key with its default. Pulumi.yaml declares the same keys and defaults (a test keeps
 * the two in step), so `pulumi up` and the offline plan see the same values.
 */
export const DEFAULTS = {
  mode: "sandbox",
  part: "whole",
  prefix: "dp100",
  cohort: "sandbox",
  topology: "shared",
  instanceVmSize: "Standard_DS11_v2",
  clusterVmSize: "Standard_DS11_v2",
  clusterMaxNodes: 2,
  clusterLowPriority: false,
  idleShutdownMinutes: 30,
  stopTime: "18:00",
  containerRegistry: false,
  privateNetworking: false,
  purgeProtection: false,
  keyVaultRetentionDays: 7,
  inferenceLocalAccounts: true,
  hoursPerDay: 6,
  courseDays: 1,
  suffixGeneration: "1",
  location: "eastus",
  principalType: "User",
} as const;

/**
 * Keys Pulumi.yaml declares with an "unset" default ("" or 0): the Pulumi CLI treats a declared key
 * without a default as required, so these carry a value that the program reads as not set.
 */
export const UNSET_DEFAULTS = {
  cohort: "",
  rosterFile: "",
  foundation: "",
  expiresOn: "",
  budget: 0,
  owner: "",
  objectId: "",
  tenantId: "",
  // Unset: the time zone of the region (components/regions.ts), UTC for a region without one.
  timeZone: "",
} as const;

/** Labs a stack gets when `dp100-labs:labs` is not set: the workspace, a compute instance and aml-cluster. */
export const DEFAULT_LABS: readonly string[] = ["script-command-job"];

/**
 * Windows time zone ids accepted by Azure ML compute schedules (a common subset plus the zone of
 * every region in components/regions.ts; Azure takes the Windows ids, not IANA names).
 */
const COMMON_TIME_ZONES: readonly string[] = [
  "UTC",
  "GMT Standard Time",
  "W. Europe Standard Time",
  "Central Europe Standard Time",
  "Romance Standard Time",
  "Central European Standard Time",
  "E. Europe Standard Time",
  "FLE Standard Time",
  "GTB Standard Time",
  "Russian Standard Time",
  "Turkey Standard Time",
  "South Africa Standard Time",
  "Egypt Standard Time",
  "Arabian Standard Time",
  "India Standard Time",
  "Singapore Standard Time",
  "China Standard Time",
  "Tokyo Standard Time",
  "Korea Standard Time",
  "AUS Eastern Standard Time",
  "E. Australia Standard Time",
  "New Zealand Standard Time",
  "Eastern Standard Time",
  "Central Standard Time",
  "Mountain Standard Time",
  "US Mountain Standard Time",
  "Pacific Standard Time",
  "Alaskan Standard Time",
  "Hawaiian Standard Time",
  "Atlantic Standard Time",
  "E. South America Standard Time",
  "Argentina Standard Time",
  "SA Pacific Standard Time",
  "Central America Standard Time",
];
export const TIME_ZONES: readonly string[] = [
  ...new Set([...COMMON_TIME_ZONES, ...AZURE_REGIONS.map((r) => r.windowsTimeZone)]),
];

/** The stop schedule's time zone when `timeZone` is not set: the region's, else UTC. */
export function defaultTimeZone(location: string): string {
  return azureRegion(location)?.windowsTimeZone ?? "UTC";
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A Pulumi stack name, optionally `org/project/stack`. */
const STACK_NAME = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]{1,100}$/;

const KNOWN_KEYS = new Set([
  "mode",
  "part",
  "foundation",
  "labs",
  "cohort",
  "topology",
  "learners",
  "rosterFile",
  "learnerObjectIds",
  "trainers",
  "expiresOn",
  "budget",
  "budgetAlerts",
  "owner",
  "prefix",
  "instanceVmSize",
  "clusterVmSize",
  "clusterMaxNodes",
  "clusterLowPriority",
  "idleShutdownMinutes",
  "stopTime",
  "timeZone",
  "containerRegistry",
  "privateNetworking",
  "purgeProtection",
  "keyVaultRetentionDays",
  "inferenceLocalAccounts",
  "allowedVmSizes",
  "alertEmail",
  "objectId",
  "tenantId",
  "principalType",
  "hoursPerDay",
  "courseDays",
  "suffixGeneration",
]);

/** The keys `readConfig` understands (for the plan to flag typos in stack files). */
export const CONFIG_KEYS: ReadonlySet<string> = KNOWN_KEYS;

export interface ReadConfigOptions {
  /** Folder that relative `rosterFile` paths are resolved against. Default: the working directory. */
  readonly baseDir?: string;
  /** Keys present in the stack file, to report unknown ones (typos). Default: not checked. */
  readonly presentKeys?: readonly string[];
}

/** Reads and validates the whole configuration. Throws ConfigError on the first bad value. */
export function readConfig(source: ConfigSource, opts: ReadConfigOptions = {}): StackConfig {
  const r = new Reader(source);
  for (const key of opts.presentKeys ?? []) {
    const [ns, name] = key.includes(":") ? key.split(/:(.*)/s, 2) : [NAMESPACE, key];
    if (ns === NAMESPACE && !KNOWN_KEYS.has(name)) {
      throw new ConfigError(
        key,
        "(unknown key)",
        `known keys are ${[...KNOWN_KEYS].sort().join(", ")}`,
      );
    }
  }

  const mode = r.oneOf("mode", ["sandbox", "cohort"] as const, DEFAULTS.mode);
  const topology = r.oneOf("topology", ["shared", "isolated"] as const, DEFAULTS.topology);
  const part = r.oneOf("part", STACK_PARTS, DEFAULTS.part);
  const foundation = r.foundation(part, mode);
  const prefix = r.matching(
    "prefix",
    DEFAULTS.prefix,
    /^[a-z][a-z0-9]{1,5}$/,
    "2-6 lower-case letters and digits, starting with a letter (it starts every Azure name)",
  );
  const location = r.locationValue();
  const labs = r.labs();
  let needs: MergedLabNeeds;
  try {
    needs = resolveLabs(labs === "all" ? "all" : [...labs]);
  } catch (e) {
    throw new ConfigError(r.full("labs"), JSON.stringify(labs), (e as Error).message);
  }
  const allowedVmSizes = r.stringList("allowedVmSizes") ?? DEFAULT_ALLOWED_VM_SIZES;
  const vmSize = (key: string, dflt: string) => {
    const v = r.string(key) ?? dflt;
    // Case-insensitive: Azure ML reads sizes back upper-cased (azure/mlCompute.ts), and the
    // course's own scripts write them so (STANDARD_DS11_V2).
    if (!allowedVmSizes.some((a) => a.toLowerCase() === v.toLowerCase())) {
      throw new ConfigError(
        r.full(key),
        `'${v}'`,
        `allowed VM sizes are ${allowedVmSizes.join(", ")} (set dp100-labs:allowedVmSizes to change the list)`,
      );
    }
    return v;
  };
  const compute: ComputeSettings = {
    instanceVmSize: vmSize("instanceVmSize", DEFAULTS.instanceVmSize),
    clusterVmSize: vmSize("clusterVmSize", DEFAULTS.clusterVmSize),
    clusterMaxNodes: r.integer("clusterMaxNodes", DEFAULTS.clusterMaxNodes, 1, 20),
    clusterLowPriority: r.boolean("clusterLowPriority", DEFAULTS.clusterLowPriority),
    idleShutdownMinutes: r.integer("idleShutdownMinutes", DEFAULTS.idleShutdownMinutes, 15, 4320),
    stopTime: r.matching(
      "stopTime",
      DEFAULTS.stopTime,
      /^([01]\d|2[0-3]):[0-5]\d$/,
      "a 24-hour time HH:MM such as 18:00",
    ),
    timeZone: r.oneOf("timeZone", TIME_ZONES, defaultTimeZone(location)),
    timeZoneFromRegion: r.string("timeZone") === undefined,
  };
  const workspace: WorkspaceSettings = {
    containerRegistry: r.boolean("containerRegistry", DEFAULTS.containerRegistry),
    privateNetworking: r.boolean("privateNetworking", DEFAULTS.privateNetworking),
    purgeProtection: r.boolean("purgeProtection", DEFAULTS.purgeProtection),
    keyVaultRetentionDays: r.integer(
      "keyVaultRetentionDays",
      DEFAULTS.keyVaultRetentionDays,
      7,
      90,
    ),
    inferenceLocalAccounts: r.boolean("inferenceLocalAccounts", DEFAULTS.inferenceLocalAccounts),
  };
  const identity = {
    objectId: r.guid("objectId"),
    tenantId: r.guid("tenantId"),
    principalType: r.oneOf("principalType", PRINCIPAL_TYPES, DEFAULTS.principalType),
  };
  const expiresOn = r.date("expiresOn");
  const budget = r.optionalInteger("budget", 1, 1_000_000);
  const budgetAlerts = r.budgetAlerts();
  const owner = r.string("owner");
  const alertEmails = r.emails("alertEmail");
  const hoursPerDay = r.integer("hoursPerDay", DEFAULTS.hoursPerDay, 1, 24);
  const courseDays = r.integer("courseDays", DEFAULTS.courseDays, 1, 365);
  const suffixGeneration = r.matching(
    "suffixGeneration",
    DEFAULTS.suffixGeneration,
    /^[a-zA-Z0-9._-]{1,32}$/,
    "1-32 letters, digits, '.', '_' or '-'",
  );

  let cohort: string = DEFAULTS.cohort;
  let learners: Learner[];
  let trainers: Trainer[];
  if (mode === "cohort") {
    const raw = r.string("cohort");
    const problem = raw === undefined ? "(not set)" : cohortNameProblem(raw);
    if (problem !== undefined) {
      throw new ConfigError(
        r.full("cohort"),
        problem === "(not set)" ? problem : `'${raw}'`,
        problem === "(not set)" ? `cohort mode needs a cohort name: ${COHORT_NAME_RULE}` : problem,
      );
    }
    cohort = raw!.trim().normalize("NFC");
    if (part === "lab") {
      // A lab stack takes its learners from its foundation (stack output `foundation`), so the
      // roster has one home and a change to it reaches every lab stack at its next update.
      r.refuseOnLabStack(["learners", "rosterFile", "trainers"], foundation!);
      learners = [];
      trainers = [];
    } else {
      learners = r.roster(opts.baseDir ?? process.cwd());
      trainers = r.trainers();
    }
    if (part === "lab" && Array.isArray(labs)) r.uniqueLabs(labs);
  } else {
    if (r.string("learners") !== undefined || r.string("rosterFile") !== undefined) {
      throw new ConfigError(
        r.full("mode"),
        "'sandbox'",
        "a roster (learners or rosterFile) needs mode: cohort",
      );
    }
    learners = [{ id: "me", objectId: identity.objectId }];
    trainers = r.trainers();
  }

  if (mode === "sandbox" && needs.computeInstance && identity.principalType === "Group") {
    // A compute instance is assigned to one user (its assignedUser is "User's AAD Object Id",
    // Learn: MachineLearningComputeInstanceAssignedUser); a group cannot own one.
    throw new ConfigError(
      r.full("principalType"),
      "'Group'",
      "the sandbox user gets a personal compute instance, which belongs to one user: use User " +
        "with that person's object id",
    );
  }
  // A lab stack's trainers are its foundation's: composeLabStack checks the e-mails there.
  const checkAlerts = part !== "lab";
  if (
    checkAlerts &&
    needs.monitoring &&
    alertEmails.length === 0 &&
    !trainers.some((t) => t.email)
  ) {
    throw new ConfigError(
      r.full("alertEmail"),
      "(not set)",
      "the monitoring lab sends alerts by e-mail: set dp100-labs:alertEmail (or a trainer's email)",
    );
  }
  return {
    mode,
    part,
    ...(foundation ? { foundation } : {}),
    prefix,
    location,
    labs,
    needs,
    cohort,
    topology,
    learners,
    trainers,
    expiresOn,
    budget,
    budgetAlerts,
    owner,
    compute,
    workspace,
    allowedVmSizes,
    identity,
    alertEmails,
    hoursPerDay,
    courseDays,
    suffixGeneration,
  };
}

/** What a cohort name may be, in words. */
export const COHORT_NAME_RULE =
  "1-64 characters of any script without control characters, e.g. 'dp100-mar27' or 'March 2027 London' (Azure names use a short form of it: components/nameRules.ts cohortNamePart)";

/** Why `name` cannot be a cohort name (the rule of learner ids), or undefined when it can. */
export function cohortNameProblem(name: string): string | undefined {
  const n = name.trim().normalize("NFC");
  if (n.length < 1 || [...n].length > 64 || /[\u0000-\u001f\u007f]/.test(n)) {
    return `use ${COHORT_NAME_RULE}`;
  }
  return undefined;
}

/** Case-insensitive identity of a learner id (NFC, locale-independent lower case). */
export function learnerKey(id: string): string {
  return id.normalize("NFC").toLowerCase();
}

/** How validateRoster names entries and finds object ids resolved from e-mail addresses. */
export interface RosterOptions {
  /** The file line of each entry (a CSV roster), so errors name lines instead of indexes. */
  readonly lines?: readonly number[];
  /** The file the lines belong to. */
  readonly file?: string;
  /**
   * Object ids found for e-mail-only rows (`dp100-labs:learnerObjectIds`, written by
   * `npm run cohort -- init`): lower-case e-mail address -> Entra object id.
   */
  readonly resolved?: Readonly<Record<string, string>>;
}

/** The command that turns e-mail-only roster rows into object ids. */
export const RESOLVE_HELP =
  "resolve them through Microsoft Graph with 'npm run roster -- resolve --roster FILE --out FILE' (or let 'npm run cohort -- init' resolve them), or fill in the objectId column";

/**
 * Validates a roster: ids, object ids, e-mails, duplicates. A row may give only an `email`: its
 * object id is then taken from `opts.resolved`; every row still without one is reported in one
 * ConfigError (with file lines for a CSV roster). Throws ConfigError naming the learner.
 */
export function validateRoster(
  key: string,
  entries: readonly unknown[],
  opts: RosterOptions = {},
): Learner[] {
  if (entries.length === 0) {
    throw new ConfigError(key, "(empty roster)", "a cohort needs at least one learner");
  }
  const seen = new Map<string, string>();
  const seenObject = new Map<string, string>();
  const unresolved: string[] = [];
  const learners = entries.map((e, i) => {
    const line = opts.lines?.[i];
    const where = line !== undefined ? `${key} line ${line}` : `${key}[${i}]`;
    if (typeof e !== "object" || e === null || Array.isArray(e)) {
      throw new ConfigError(
        where,
        JSON.stringify(e),
        "each learner is an object {id, objectId or email, email?, displayName?}",
      );
    }
    const o = e as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!["id", "objectId", "email", "displayName"].includes(k)) {
        throw new ConfigError(
          `${where}.${k}`,
          JSON.stringify(o[k]),
          "a learner has only id, objectId, email and displayName",
        );
      }
    }
    const id = typeof o.id === "string" ? o.id.trim().normalize("NFC") : o.id;
    if (typeof id !== "string" || id.length < 1 || [...id].length > 64) {
      throw new ConfigError(
        `${where}.id`,
        JSON.stringify(o.id),
        "a learner id is 1-64 characters of any script",
      );
    }
    if (/[\u0000-\u001f\u007f]/.test(id)) {
      throw new ConfigError(
        `${where}.id`,
        JSON.stringify(id),
        "a learner id has no control characters",
      );
    }
    const k = learnerKey(id);
    if (seen.has(k)) {
      throw new ConfigError(
        `${where}.id`,
        `'${id}'`,
        `learner ids are unique case-insensitively; '${seen.get(k)}' is already on the roster`,
      );
    }
    seen.set(k, id);
    const email = optionalString(o.email, `${where}.email`);
    if (email !== undefined && !EMAIL.test(email)) {
      throw new ConfigError(
        `${where}.email`,
        `'${email}'`,
        `learner '${id}' needs an e-mail address like ada@example.com, or none`,
      );
    }
    const given =
      o.objectId === undefined || o.objectId === null || o.objectId === ""
        ? email !== undefined
          ? opts.resolved?.[email.toLowerCase()]
          : undefined
        : o.objectId;
    if (given === undefined && email !== undefined) {
      unresolved.push(`${line !== undefined ? `line ${line}` : `[${i}]`} (${id}, ${email})`);
      return undefined;
    }
    if (typeof given !== "string" || !GUID.test(given)) {
      throw new ConfigError(
        `${where}.objectId`,
        JSON.stringify(o.objectId ?? null),
        `learner '${id}' needs an Entra object id, a GUID like 00000000-0000-0000-0000-000000000000, or an email to resolve`,
      );
    }
    const objectId = given.toLowerCase();
    if (seenObject.has(objectId)) {
      throw new ConfigError(
        `${where}.objectId`,
        `'${given}'`,
        `each learner has their own object id; '${seenObject.get(objectId)}' already uses it`,
      );
    }
    seenObject.set(objectId, id);
    const displayName = optionalString(o.displayName, `${where}.displayName`);
    return { id, objectId, ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) };
  });
  if (unresolved.length > 0) {
    throw new ConfigError(
      key,
      `${unresolved.length} row(s) with an e-mail but no object id: ${unresolved.join("; ")}`,
      RESOLVE_HELP,
    );
  }
  return learners as Learner[];
}

function optionalString(v: unknown, key: string): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw new ConfigError(key, JSON.stringify(v), "a text value");
  return v.trim();
}

/** `a, b,c` -> ["a", "b", "c"]: a list given as one comma-separated string. */
function splitList(v: string): string[] {
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

class Reader {
  constructor(private readonly source: ConfigSource) {}

  full(key: string): string {
    return `${NAMESPACE}:${key}`;
  }

  string(key: string): string | undefined {
    const v = this.source(NAMESPACE, key);
    return v === undefined || v === "" ? undefined : v;
  }

  json(key: string): unknown {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }

  oneOf<T extends string>(key: string, values: readonly T[], dflt: T): T {
    const v = this.string(key) ?? dflt;
    if (!(values as readonly string[]).includes(v)) {
      throw new ConfigError(this.full(key), `'${v}'`, `accepted values are ${values.join(", ")}`);
    }
    return v as T;
  }

  matching(key: string, dflt: string, re: RegExp, accepted: string): string {
    const v = this.string(key) ?? dflt;
    if (!re.test(v)) throw new ConfigError(this.full(key), `'${v}'`, `use ${accepted}`);
    return v;
  }

  boolean(key: string, dflt: boolean): boolean {
    const v = this.string(key);
    if (v === undefined) return dflt;
    if (v === "true" || v === "false") return v === "true";
    throw new ConfigError(this.full(key), `'${v}'`, "use true or false");
  }

  /** An integer, or undefined when unset or 0 (the "unset" default Pulumi.yaml declares). */
  optionalInteger(key: string, min: number, max: number): number | undefined {
    const v = this.string(key);
    return v === undefined || v === "0" ? undefined : this.integer(key, min, min, max);
  }

  integer(key: string, dflt: number, min: number, max: number): number {
    const v = this.string(key);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(this.full(key), `'${v}'`, `use a whole number from ${min} to ${max}`);
    }
    return n;
  }

  guid(key: string): string | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!GUID.test(v)) {
      throw new ConfigError(
        this.full(key),
        `'${v}'`,
        "use a GUID like 00000000-0000-0000-0000-000000000000",
      );
    }
    return v.toLowerCase();
  }

  date(key: string): string | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
    if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
      throw new ConfigError(
        this.full(key),
        `'${v}'`,
        "use a calendar date YYYY-MM-DD such as 2026-12-18",
      );
    }
    return v;
  }

  /**
   * Refuses a list with empty (null) entries, which `pulumi config set --path 'KEY[1]' ...` writes
   * on a stack without KEY[0], and gives the command that sets the list as meant.
   */
  noHoles(key: string, list: unknown): void {
    if (!Array.isArray(list) || !list.some((x) => x === null)) return;
    const given = list.filter((x) => x !== null);
    const holes = list.flatMap((x, i) => (x === null ? [`[${i}]`] : []));
    throw new ConfigError(
      this.full(key),
      JSON.stringify(list),
      `the list has no entry at ${holes.join(", ")} (as 'pulumi config set --path' leaves when a list starts at an index past its end); set it in one go: pulumi config set ${key} '${given.join(",")}' (a comma-separated list), or start at index 0: pulumi config set --path '${key}[0]' ${String(given[0] ?? "...")}`,
    );
  }

  stringList(key: string): string[] | undefined {
    const v = this.json(key);
    if (v === undefined) return undefined;
    this.noHoles(key, v);
    const list = typeof v === "string" ? splitList(v) : v;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((s) => typeof s !== "string" || s === "")
    ) {
      throw new ConfigError(this.full(key), JSON.stringify(v), "use a non-empty list of names");
    }
    return list as string[];
  }

  emails(key: string): string[] {
    const list = this.stringList(key) ?? [];
    for (const e of list) {
      if (!EMAIL.test(e))
        throw new ConfigError(
          this.full(key),
          `'${e}'`,
          "use e-mail addresses like trainer@example.com",
        );
    }
    return list;
  }

  locationValue(): string {
    const v = this.source("azure-native", "location") ?? DEFAULTS.location;
    const problem = regionProblem(v);
    if (problem) throw new ConfigError("azure-native:location", `'${v}'`, problem);
    return v;
  }

  labs(): readonly string[] | "all" {
    const v = this.json("labs");
    if (v === undefined) return DEFAULT_LABS;
    if (v === "all") return "all";
    this.noHoles("labs", v);
    const list = typeof v === "string" ? splitList(v) : v;
    if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== "string")) {
      throw new ConfigError(
        this.full("labs"),
        JSON.stringify(v),
        'use "all" or a non-empty list of lab ids (npm run labs lists them)',
      );
    }
    return list as string[];
  }

  /** `foundation`: required on a lab stack (a stack name), refused on any other. */
  foundation(part: StackPart, mode: Mode): string | undefined {
    const v = this.string("foundation");
    if (part !== "whole" && mode !== "cohort") {
      throw new ConfigError(
        this.full("part"),
        `'${part}'`,
        "foundation and lab stacks need mode: cohort",
      );
    }
    if (part !== "lab") {
      if (v !== undefined) {
        throw new ConfigError(
          this.full("foundation"),
          `'${v}'`,
          "only a lab stack (dp100-labs:part: lab) names a foundation; remove the key",
        );
      }
      return undefined;
    }
    if (v === undefined) {
      throw new ConfigError(
        this.full("foundation"),
        "(not set)",
        "a lab stack names its foundation stack, e.g. c2612-foundation (npm run cohort -- init writes it)",
      );
    }
    if (!STACK_NAME.test(v)) {
      throw new ConfigError(
        this.full("foundation"),
        `'${v}'`,
        "a stack name (letters, digits, '-', '_', '.'), optionally qualified as org/project/stack",
      );
    }
    return v;
  }

  /** Roster keys belong to the foundation: set on a lab stack, they are refused with the way out. */
  refuseOnLabStack(keys: readonly string[], foundation: string): void {
    for (const key of keys) {
      const v = this.string(key);
      if (v !== undefined) {
        throw new ConfigError(
          this.full(key),
          v.length > 60 ? `${v.slice(0, 57)}...` : v,
          `this is a lab stack: the roster and trainers live on its foundation stack '${foundation}'; remove ${this.full(key)} here and change it there (then run up on '${foundation}')`,
        );
      }
    }
  }

  /** A day's group of labs names each lab once. */
  uniqueLabs(labs: readonly string[]): void {
    const seen = new Set<string>();
    for (const id of labs) {
      if (seen.has(id)) {
        throw new ConfigError(
          this.full("labs"),
          `'${id}' (twice)`,
          "a lab stack lists each lab once; remove the repeated id",
        );
      }
      seen.add(id);
    }
  }

  roster(baseDir: string): Learner[] {
    const inline = this.json("learners");
    const file = this.string("rosterFile");
    if (inline !== undefined && file !== undefined) {
      throw new ConfigError(
        this.full("rosterFile"),
        `'${file}'`,
        "set either dp100-labs:learners or dp100-labs:rosterFile, not both",
      );
    }
    const resolved = this.resolvedObjectIds();
    if (file !== undefined) {
      const abs = path.resolve(baseDir, file);
      let text: string;
      try {
        text = fs.readFileSync(abs, "utf8");
      } catch (e) {
        throw new ConfigError(
          this.full("rosterFile"),
          `'${file}'`,
          `a readable CSV file (${(e as Error).message})`,
        );
      }
      let rows;
      try {
        rows = readRosterCsv(text, file);
      } catch (e) {
        if (!(e instanceof RosterError)) throw e;
        const at = [e.line && `line ${e.line}`, e.column && `column ${e.column}`].filter(Boolean);
        throw new ConfigError(
          this.full("rosterFile"),
          `'${file}'${at.length ? ` ${at.join(", ")}` : ""} (${e.problem})`,
          e.accepted,
        );
      }
      return validateRoster(
        `${this.full("rosterFile")} '${file}'`,
        rows.map(({ line: _line, ...learner }) => learner),
        { lines: rows.map((r) => r.line), file, resolved },
      );
    }
    if (inline === undefined) {
      throw new ConfigError(
        this.full("learners"),
        "(not set)",
        "cohort mode needs a roster: dp100-labs:learners (a list) or dp100-labs:rosterFile (a CSV)",
      );
    }
    if (!Array.isArray(inline)) {
      throw new ConfigError(
        this.full("learners"),
        JSON.stringify(inline),
        "a list of {id, objectId, email?, displayName?}",
      );
    }
    return validateRoster(this.full("learners"), inline, { resolved });
  }

  /** `learnerObjectIds`: a map of lower-case e-mail address -> object id (GUID). */
  resolvedObjectIds(): Record<string, string> {
    const v = this.json("learnerObjectIds");
    if (v === undefined) return {};
    const ok =
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      Object.entries(v).every(
        ([k, id]) => EMAIL.test(k) && typeof id === "string" && GUID.test(id),
      );
    if (!ok) {
      throw new ConfigError(
        this.full("learnerObjectIds"),
        JSON.stringify(v),
        'a map of e-mail address to Entra object id, e.g. {"ada@example.com": "00000000-0000-0000-0000-000000000000"}',
      );
    }
    return Object.fromEntries(
      Object.entries(v as Record<string, string>).map(([k, id]) => [k.toLowerCase(), id]),
    );
  }

  /**
   * `budgetAlerts`: a list of `{threshold, thresholdType?, operator?}` (type default Actual,
   * operator default GreaterThanOrEqualTo), checked against Azure's limits (azure/consumption.ts).
   */
  budgetAlerts(): readonly BudgetAlert[] {
    const key = this.full("budgetAlerts");
    const v = this.json("budgetAlerts");
    if (v === undefined) return DEFAULT_BUDGET_ALERTS;
    const shape =
      "a list of up to 5 {threshold, thresholdType?, operator?}: threshold a whole percentage " +
      `1-1000, thresholdType ${BUDGET_THRESHOLD_TYPES.join(" or ")} (default Actual), operator ` +
      `${BUDGET_OPERATORS.join(", ")} (default GreaterThanOrEqualTo), each (operator, threshold) ` +
      "pair distinct";
    if (!Array.isArray(v) || v.length === 0) throw new ConfigError(key, JSON.stringify(v), shape);
    const alerts = v.map((e, i): BudgetAlert => {
      const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
      const thresholdType = o.thresholdType ?? "Actual";
      const operator = o.operator ?? "GreaterThanOrEqualTo";
      const unknown = Object.keys(o).find(
        (k) => !["threshold", "thresholdType", "operator"].includes(k),
      );
      if (
        typeof o.threshold !== "number" ||
        !(BUDGET_THRESHOLD_TYPES as readonly unknown[]).includes(thresholdType) ||
        !(BUDGET_OPERATORS as readonly unknown[]).includes(operator) ||
        unknown !== undefined
      ) {
        throw new ConfigError(`${key}[${i}]`, JSON.stringify(e), shape);
      }
      return {
        threshold: o.threshold,
        thresholdType: thresholdType as BudgetAlert["thresholdType"],
        operator: operator as BudgetAlert["operator"],
      };
    });
    const problem = budgetAlertsProblem(alerts);
    if (problem !== undefined) {
      throw new ConfigError(key, JSON.stringify(v), `${problem} (${shape})`);
    }
    return alerts;
  }

  trainers(): Trainer[] {
    const v = this.json("trainers");
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      throw new ConfigError(
        this.full("trainers"),
        JSON.stringify(v),
        "a list of {objectId, email?, principalType?}",
      );
    }
    return v.map((t, i) => {
      const where = `${this.full("trainers")}[${i}]`;
      const o = (typeof t === "object" && t !== null ? t : {}) as Record<string, unknown>;
      if (typeof o.objectId !== "string" || !GUID.test(o.objectId)) {
        throw new ConfigError(
          `${where}.objectId`,
          JSON.stringify(o.objectId ?? null),
          "a trainer needs an Entra object id (GUID)",
        );
      }
      const email = optionalString(o.email, `${where}.email`);
      if (email !== undefined && !EMAIL.test(email)) {
        throw new ConfigError(
          `${where}.email`,
          `'${email}'`,
          "an e-mail address like trainer@example.com, or none",
        );
      }
      const principalType = o.principalType ?? DEFAULTS.principalType;
      if (!(PRINCIPAL_TYPES as readonly unknown[]).includes(principalType)) {
        throw new ConfigError(
          `${where}.principalType`,
          JSON.stringify(principalType),
          `what the object id is in Entra ID: ${PRINCIPAL_TYPES.join(", ")} (default User)`,
        );
      }
      return {
        objectId: o.objectId.toLowerCase(),
        ...(email ? { email } : {}),
        principalType: principalType as PrincipalType,
      };
    });
  }
}
