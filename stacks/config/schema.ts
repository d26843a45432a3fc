import { CLOCK_TIME } from "../../azure/formats";
import {
  AML_CLUSTER_NODES,
  IDLE_SHUTDOWN_MINUTES,
  KEY_VAULT_SOFT_DELETE_DAYS,
} from "../../azure/limits";
import { DEFAULT_ALLOWED_VM_SIZES } from "../../guardrails/config";
import { PRINCIPAL_TYPES } from "../../azure/roles";
import {
  ALL_PARTS,
  date,
  emails,
  flag,
  guid,
  KeyRow,
  names,
  oneOf,
  optionalWhole,
  pattern,
  STACK_PARTS,
  text,
  whole,
} from "./kinds";
import { readBudgetAlerts, readLabs } from "./structured";
import { TIME_ZONES } from "./timeZones";
import { Reader } from "./reader";

/**
 * The configuration schema: one row per key, in the order the README lists them. The validator
 * (validate.ts) reads the keys through their rows, the types of the validated configuration
 * (types.ts) are inferred from the rows' `read`, and a test checks `Pulumi.yaml`'s config block
 * and the README's Configuration table against them (`npm run docs` rewrites both from here).
 *
 * Adding a scalar key: a row here, its use in the program, and `npm run docs`.
 */

export const MODES = ["sandbox", "cohort"] as const;
export const TOPOLOGIES = ["shared", "isolated"] as const;
export { STACK_PARTS };

/** The stack parts that hold the roster and trainers (a lab stack reads them from its foundation). */
const ROSTER_PARTS = ["whole", "foundation"] as const;

/** The prefix of every Azure name. */
const PREFIX = /^[a-z][a-z0-9]{1,5}$/;

/** The region when `azure-native:location` is not set. */
const DEFAULT_LOCATION = "eastus";

export const CONFIG_SCHEMA = {
  location: {
    type: "string",
    namespace: "azure-native",
    default: DEFAULT_LOCATION,
    description:
      "Azure region, checked against Azure's list (`westeurpoe` -> did you mean `westeurope`?)",
    parts: ALL_PARTS,
    group: "stack",
    read: (r: Reader): string => r.region(DEFAULT_LOCATION),
  },
  mode: {
    ...oneOf(MODES, "sandbox"),
    description: "`sandbox` (one learner: the caller) or `cohort` (a roster)",
    parts: ALL_PARTS,
    group: "stack",
  },
  labs: {
    type: "list",
    defaultDoc: "`[script-command-job]`",
    description: "lab ids (a list) or `all`; see [Labs](#labs)",
    parts: ALL_PARTS,
    group: "stack",
    read: readLabs,
  },
  cohort: {
    type: "string",
    defaultDoc: "required in cohort mode",
    description:
      "cohort name as written (`dp100-mar27`, `March 2027 London`; 1-64 characters): kept in tags, outputs and handouts; Azure and stack names use a short part (a short id such as `may25` as it is, else 4 folded characters and a hash)",
    parts: ALL_PARTS,
  },
  topology: {
    ...oneOf(TOPOLOGIES, "shared"),
    description:
      "`shared` (one workspace per cohort) or `isolated` (one resource group and workspace per learner)",
    parts: ALL_PARTS,
    group: "stack",
  },
  part: {
    ...oneOf(STACK_PARTS, "whole"),
    description:
      "`whole` (everything in one stack), `foundation` (what lives for the course) or `lab` (what its labs add on a foundation); see [Running a cohort](#running-a-cohort)",
    parts: ALL_PARTS,
    group: "stack",
  },
  foundation: {
    type: "string",
    defaultDoc: "required when `part: lab`",
    description:
      "lab stacks only: the foundation stack they read through a `StackReference`, e.g. `c2612-foundation`",
    parts: ["lab"],
  },
  learners: {
    type: "list",
    defaultDoc: "-",
    description: "roster: list of `{id, objectId, email?, displayName?}`",
    parts: ROSTER_PARTS,
  },
  rosterFile: {
    type: "string",
    defaultDoc: "-",
    description:
      "CSV roster (columns `id,objectId,email,displayName` in any order and case; a row may give only `email`, resolved by `npm run roster -- resolve` or `cohort init`), relative to the project folder",
    parts: ROSTER_PARTS,
  },
  learnerObjectIds: {
    type: "map",
    defaultDoc: "`{}`",
    description:
      'object ids of the e-mail-only rows of a `rosterFile` (`{"ada@example.com": "<guid>"}`), for a stack written by hand; `cohort init` writes the ids into `learners` instead',
    parts: ALL_PARTS,
  },
  trainers: {
    type: "list",
    defaultDoc: "`[]`; `principalType` `User`",
    description:
      "list of `{objectId, email?, principalType?}`: Contributor on the cohort, budget and alert mails. `principalType` says what the object id is in Entra ID: `User`, `Group` or `ServicePrincipal` (Azure's values; it must match the directory, else Azure refuses the assignment with `UnmatchedPrincipalType`)",
    parts: ROSTER_PARTS,
  },
  expiresOn: {
    ...date(),
    defaultDoc: "none",
    description:
      "`YYYY-MM-DD`; tag on everything and an output; the expiry workflow destroys after it; a date already past is flagged by the plan (`expiry-passed`, advisory) and refused by `cohort init`",
    parts: ALL_PARTS,
    group: "stack",
  },
  budget: {
    ...optionalWhole(1, 1_000_000),
    defaultDoc: "budget resource at 100, no plan check",
    description:
      "monthly budget in USD per resource group (alerts: `budgetAlerts`); the plan also fails if the estimate exceeds it",
    parts: ALL_PARTS,
    group: "stack",
  },
  budgetAlerts: {
    type: "list",
    defaultDoc: "actual >= 50, 80, 100 %; forecast > 100 %",
    description:
      "list of up to 5 `{threshold, thresholdType?, operator?}`: a whole percentage 1-1000, `Actual` or `Forecasted` (default `Actual`), `GreaterThanOrEqualTo`, `GreaterThan` or `EqualTo` (default `GreaterThanOrEqualTo`). Each (operator, threshold) pair must be distinct: Azure keeps one of two alerts that share it, whatever their type",
    parts: ALL_PARTS,
    group: "stack",
    read: readBudgetAlerts,
  },
  owner: {
    ...text(),
    defaultDoc: "first trainer's e-mail, else the deploying identity",
    description: "owner tag (an e-mail or a name)",
    parts: ALL_PARTS,
    group: "stack",
  },
  prefix: {
    ...pattern(
      "dp100",
      PREFIX,
      "2-6 lower-case letters and digits, starting with a letter (it starts every Azure name)",
    ),
    description: "first part of every Azure name: 2-6 lower-case letters and digits",
    parts: ALL_PARTS,
    group: "stack",
  },
  instanceVmSize: {
    ...text("Standard_DS11_v2"),
    description:
      "compute instance size (must be in `vmSizeChoices`, any case; sent upper-cased, as Azure returns it)",
    parts: ALL_PARTS,
    group: "compute",
  },
  clusterVmSize: {
    ...text("Standard_DS11_v2"),
    description: "cluster size (must be in `vmSizeChoices`, any case; sent upper-cased)",
    parts: ALL_PARTS,
    group: "compute",
  },
  clusterMaxNodes: {
    ...whole(2, AML_CLUSTER_NODES),
    description:
      "upper bound on each cluster's nodes, 1-100 (Azure's limit; the guardrail `ml-cluster-max-nodes` holds a class to fewer); clusters always scale to zero",
    parts: ALL_PARTS,
    group: "compute",
  },
  clusterLowPriority: {
    ...flag(false),
    description: "low-priority (pre-emptible, cheaper, separate quota) cluster nodes",
    parts: ALL_PARTS,
    group: "compute",
  },
  idleShutdownMinutes: {
    ...whole(30, IDLE_SHUTDOWN_MINUTES),
    description:
      "minutes of inactivity before a compute instance shuts down, 15-4320; a change replaces the instances",
    parts: ALL_PARTS,
    group: "compute",
  },
  stopTime: {
    ...pattern("18:00", CLOCK_TIME, "a 24-hour time HH:MM such as 18:00"),
    description:
      "daily stop of every compute instance, `HH:MM` on a 24-hour clock (`9:00` is `09:00`); a change replaces the instances",
    parts: ALL_PARTS,
    group: "compute",
  },
  timeZone: {
    type: "string",
    values: TIME_ZONES,
    defaultDoc: "the region's (`eastus`: Eastern Standard Time; `azure/regions.ts`)",
    description:
      "Windows time zone id of the stop schedule, e.g. `W. Europe Standard Time`; the plan and the handout show the stop in these terms",
    parts: ALL_PARTS,
    read: (r: Reader, k: string): string | undefined =>
      r.string(k) === undefined ? undefined : r.oneOf(k, TIME_ZONES, "UTC"),
  },
  vmSizeChoices: {
    ...names(DEFAULT_ALLOWED_VM_SIZES),
    defaultDoc: "CPU sizes of the labs, no GPU",
    description:
      "VM sizes `instanceVmSize` and `clusterVmSize` may be chosen from (the policy pack's `allowedVmSizes` is its own setting)",
    parts: ALL_PARTS,
    group: "stack",
  },
  containerRegistry: {
    ...flag(false),
    description: "Basic container registry even if no chosen lab needs one",
    parts: ALL_PARTS,
    group: "workspace",
  },
  privateNetworking: {
    ...flag(false),
    description:
      "public network access off for workspace, storage and key vault (learners then need a private way in)",
    parts: ALL_PARTS,
    group: "workspace",
  },
  purgeProtection: {
    ...flag(false),
    description:
      "key vault purge protection (irreversible; keeps names taken for the retention period)",
    parts: ALL_PARTS,
    group: "workspace",
  },
  keyVaultRetentionDays: {
    ...whole(7, KEY_VAULT_SOFT_DELETE_DAYS),
    description: "key vault soft-delete retention in days, 7-90",
    parts: ALL_PARTS,
    group: "workspace",
  },
  inferenceLocalAccounts: {
    ...flag(true),
    description:
      "keep local accounts on the Kubernetes inference cluster: Azure ML's docs list clusters without them as unsupported (the guardrail exception; see Labs)",
    parts: ALL_PARTS,
    group: "workspace",
  },
  alertEmails: {
    ...emails(),
    description: "list of addresses for alerts (the monitoring lab needs one)",
    parts: ALL_PARTS,
    group: "stack",
  },
  objectId: {
    ...guid(),
    defaultDoc: "the caller",
    description: "Entra object id of the sandbox user, instead of the client configuration",
    parts: ALL_PARTS,
    group: "identity",
  },
  tenantId: {
    ...guid(),
    defaultDoc: "the caller's",
    description: "Entra tenant id of the sandbox user, instead of the client configuration",
    parts: ALL_PARTS,
    group: "identity",
  },
  principalType: {
    ...oneOf(PRINCIPAL_TYPES, "User"),
    description:
      "what the sandbox user's object id is: `User`, `Group` or `ServicePrincipal`; a sandbox with a compute instance needs a `User` (an instance belongs to one user)",
    parts: ALL_PARTS,
    group: "identity",
  },
  hoursPerDay: {
    ...whole(6, { min: 1, max: 24 }),
    description: "working hours per lab day, for the plan's cost estimate",
    parts: ALL_PARTS,
    group: "stack",
  },
  courseDays: {
    ...whole(1, { min: 1, max: 365 }),
    description: "course length in days, for the cost estimate and the budget check",
    parts: ALL_PARTS,
    group: "stack",
  },
  suffixGeneration: {
    ...pattern("1", /^[a-zA-Z0-9._-]{1,32}$/, "1-32 letters, digits, '.', '_' or '-'"),
    description: "bump to draw a new random name suffix (renames, i.e. replaces, everything named)",
    parts: ALL_PARTS,
    group: "stack",
  },
} as const satisfies Record<string, KeyRow>;

export type ConfigKey = keyof typeof CONFIG_SCHEMA;
/** The keys read through their row's `read` (the rest are read by a rule in validate.ts). */
export type ReadKey = {
  [K in ConfigKey]: (typeof CONFIG_SCHEMA)[K] extends { read: unknown } ? K : never;
}[ConfigKey];

/** Keys renamed before anything was deployed: the old name is refused with the new one. */
export const RENAMED_KEYS: Readonly<Record<string, ConfigKey>> = {
  alertEmail: "alertEmails",
  allowedVmSizes: "vmSizeChoices",
};

/** The rows as a list of [key, row], in schema order. */
export function schemaRows(): ReadonlyArray<readonly [ConfigKey, KeyRow]> {
  return Object.entries(CONFIG_SCHEMA) as unknown as ReadonlyArray<readonly [ConfigKey, KeyRow]>;
}

/** The `dp100-labs:` keys the program understands (for the plan to flag typos in stack files). */
export const CONFIG_KEYS: ReadonlySet<string> = new Set(
  schemaRows()
    .filter(([, row]) => row.namespace === undefined)
    .map(([k]) => k),
);
