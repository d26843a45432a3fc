import { RETIRED_LABS } from "../../labs/retired";
import * as path from "path";
import {
  backendUrlError,
  cohortIdError,
  defaultStateDir,
  isIsoDate,
  locationError,
  TOPOLOGIES,
} from "./config";

/** Command-line parsing and validation for `npm run cohort -- <command>`. No I/O. */

export const COMMANDS = [
  "init",
  "preview",
  "up",
  "destroy",
  "status",
  "reset-learner",
  "handout",
  "list",
  "matrix",
  "config",
  "plan",
  "help",
] as const;
export type Command = (typeof COMMANDS)[number];

/** `multi`: a value that may be given several times, each kept whole (no comma split). */
type FlagKind = "value" | "list" | "bool" | "multi";

const COMMON: Record<string, FlagKind> = {
  "state-dir": "value",
  backend: "value",
  cohort: "value",
};
/** One stack of the cohort and nothing else: CI's per-job commands (`cohort matrix`). */
const ONE_STACK: Record<string, FlagKind> = { stack: "value" };
const RUN: Record<string, FlagKind> = {
  ...COMMON,
  lab: "value",
  day: "value",
  concurrency: "value",
  ...ONE_STACK,
};
/** preview and up check the subscription's resource providers first (cli/cohort/providers.ts). */
const DEPLOY: Record<string, FlagKind> = {
  ...RUN,
  "register-providers": "bool",
  "skip-provider-check": "bool",
  "policy-pack-config": "value",
};

/** What describes a cohort: `init` records it, `matrix` takes it instead of the manifest. */
const COHORT: Record<string, FlagKind> = {
  ...COMMON,
  roster: "value",
  labs: "list",
  location: "value",
  "expires-on": "value",
  "allow-past-expiry": "bool",
  topology: "value",
  day: "multi",
  trainer: "list",
  budget: "value",
  "alert-email": "list",
  "idle-shutdown": "value",
  "stop-time": "value",
  "time-zone": "value",
};

const SPECS: Record<Command, Record<string, FlagKind>> = {
  init: { ...COHORT, concurrency: "value", invite: "bool", ...ONE_STACK },
  preview: DEPLOY,
  up: DEPLOY,
  destroy: { ...RUN, expired: "bool", yes: "bool" },
  status: RUN,
  "reset-learner": { ...COMMON, lab: "value" },
  handout: { ...COMMON, lab: "value", out: "value" },
  list: { "state-dir": "value" },
  matrix: COHORT,
  config: { ...COMMON, lab: "value", concurrency: "value" },
  plan: { ...COMMON, lab: "value", day: "value", html: "value" },
  help: {},
};

export const USAGE = `Usage: npm run cohort -- <command> [options]

Commands:
  init --cohort ID --roster roster.csv --labs ID... [--day NAME=ID,ID ...] [--location eastus]
       [--expires-on YYYY-MM-DD] [--topology shared|isolated] [--invite] [--trainer EMAIL|OBJECT_ID...]
       [--budget USD] [--alert-email ADDRESS...] [--idle-shutdown MINUTES] [--stop-time HH:MM]
       [--time-zone "Windows time zone id"]
                                        create the course-long foundation (<cohort>-foundation) and one
                                        lab stack per lab (<cohort>-<lab>) or per day (<cohort>-<day>);
                                        roster rows with only an email are resolved through Microsoft Graph
                                        (--invite: addresses not in the tenant are invited as guests)
       [--allow-past-expiry]            (a past --expires-on is refused without it: the expiry workflow would destroy the class)
  plan    [--lab ID | --day NAME] [--html FILE]
                                        offline: the foundation plus the lab stacks up together
                                        (resources, cost per day, vCPUs per family); no Azure, no state;
                                        --html writes it as one self-contained page to send
  preview [--lab ID | --day NAME]       preview the foundation, then the lab stacks
  up      [--lab ID | --day NAME]       bring the foundation up first, then the lab stacks
          preview and up first check that the subscription is registered with the resource
          providers the stacks need and stop (exit 2) if not: [--register-providers] registers
          them (Contributor or Owner), [--skip-provider-check] goes on without the check
  status  [--lab ID | --day NAME]       which stacks are up: resources, last update, learners, expiry
  destroy [--lab ID | --day NAME] --yes destroy lab stacks (without --lab/--day: all, then the
                                        foundation last) and purge soft-deleted workspaces and vaults
  destroy --expired --yes               the same for every stack whose expiresOn has passed (any cohort)
  reset-learner LEARNER_ID              replace one learner's compute instance (on the foundation), nothing else
  handout [--out DIR]                   write handout.md and handout.csv: one studio link per learner
  config set KEY VALUE [--lab ID]       set one configuration key on the cohort's stacks (checked first)
  list                                  the cohorts recorded in the state folder
  matrix [--labs ID... --roster F --backend URL ...]
                                        the cohort's stacks as a CI job matrix (JSON; .github/workflows/cohort.yml)
  help                                  this text

Options for every command:
  --cohort ID        the cohort (optional when the state folder records only one)
  --state-dir DIR    local state and the cohort manifest (default ~/.dp100-labs/state)
  --backend URL      any Pulumi backend URL instead of the local folder (azblob://..., s3://..., https://api.pulumi.com)
  --concurrency N    stacks at once, 1-10 (default 2)
  --stack NAME       (init, preview, up, destroy) that one stack of the cohort and nothing else,
                     e.g. <cohort>-foundation: the per-job commands of 'matrix'; a lab stack's
                     foundation must be up already and is not touched
  --policy-pack-config FILE  (preview, up) configuration of the policy pack in policy/, which
                     every preview and up runs (see policy/policy-config.example.json)

Local and blob state needs PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE.`;

/** Bad command-line input: printed with the usage hint, exit status 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string>>;
  readonly lists: Readonly<Record<string, readonly string[]>>;
  readonly bools: ReadonlySet<string>;
}

const flagList = (spec: Record<string, FlagKind>) =>
  Object.keys(spec).length === 0
    ? "none"
    : Object.keys(spec)
        .map((f) => `--${f}`)
        .join(", ");

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h") {
    return { command: "help", positionals: [], values: {}, lists: {}, bools: new Set() };
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command '${first}': use one of ${COMMANDS.join(", ")}`);
  }
  const command = first as Command;
  const spec = SPECS[command];
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const bools = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (token === "--help" || token === "-h") {
      return { command: "help", positionals: [], values: {}, lists: {}, bools: new Set() };
    }
    if (!token.startsWith("--")) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf("=");
    const name = token.slice(2, eq >= 0 ? eq : undefined);
    const kind = spec[name];
    if (!kind) {
      throw new UsageError(
        `unknown option --${name} for '${command}': accepted options are ${flagList(spec)}`,
      );
    }
    if (kind === "multi") {
      const v = eq >= 0 ? token.slice(eq + 1) : rest[++i];
      if (v === undefined || v.startsWith("--") || v.trim() === "") {
        throw new UsageError(`--${name} needs a value`);
      }
      lists[name] = [...(lists[name] ?? []), v.trim()];
      continue;
    }
    if (kind === "bool") {
      if (eq >= 0) throw new UsageError(`--${name} takes no value (got '${token.slice(eq + 1)}')`);
      bools.add(name);
      continue;
    }
    const taken: string[] = [];
    if (eq >= 0) {
      taken.push(token.slice(eq + 1));
    } else if (kind === "value") {
      const next = rest[i + 1];
      if (next === undefined || next.startsWith("--")) {
        throw new UsageError(`--${name} needs a value`);
      }
      taken.push(next);
      i++;
    } else {
      while (rest[i + 1] !== undefined && !rest[i + 1].startsWith("--")) taken.push(rest[++i]);
    }
    if (kind === "value") {
      if (name in values) {
        throw new UsageError(`--${name} is given twice ('${values[name]}' and '${taken[0]}')`);
      }
      if (taken[0].trim() === "") throw new UsageError(`--${name} needs a non-empty value`);
      values[name] = taken[0];
    } else {
      const items = taken
        .flatMap((t) => t.split(","))
        .map((t) => t.trim())
        .filter((t) => t !== "");
      if (items.length === 0) throw new UsageError(`--${name} needs at least one value`);
      lists[name] = [...(lists[name] ?? []), ...items];
    }
  }
  if (command === "config") {
    if (positionals[0] !== "set" || positionals.length !== 3) {
      throw new UsageError(
        "config takes 'set KEY VALUE': npm run cohort -- config set stopTime 17:30 [--cohort ID] [--lab ID]",
      );
    }
    return { command, positionals, values, lists, bools };
  }
  const wantsPositional = command === "reset-learner" ? 1 : 0;
  if (positionals.length > wantsPositional) {
    throw new UsageError(
      `unexpected argument '${positionals[wantsPositional]}' for '${command}'` +
        (wantsPositional ? " (it takes one learner id)" : " (options start with --)"),
    );
  }
  if (positionals.length < wantsPositional) {
    throw new UsageError(
      `'${command}' needs a learner id: npm run cohort -- reset-learner <learnerId> [--lab ID]`,
    );
  }
  return { command, positionals, values, lists, bools };
}

/** `--concurrency N`: a whole number from 1 to 10, default 2. */
export function concurrencyOf(args: ParsedArgs): number {
  const raw = args.values.concurrency;
  if (raw === undefined) return 2;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10) {
    throw new UsageError(
      `--concurrency '${raw}' is not accepted: use a whole number from 1 to 10 (ARM throttles larger batches)`,
    );
  }
  return n;
}

const labHint = (labIds: readonly string[]) => `known labs: ${labIds.join(", ")}`;

/** A lab id that must be in LAB_IDS. */
export function checkLabId(flag: string, id: string, labIds: readonly string[]): string {
  const retired = RETIRED_LABS[id];
  if (retired && !labIds.includes(id)) {
    // As the program says it (labs/index.ts): a way forward, not "unknown lab id".
    throw new UsageError(
      `${flag} '${id}' is retired (${retired.reason}); use '${retired.replacement}' instead`,
    );
  }
  if (!labIds.includes(id)) {
    throw new UsageError(`${flag} '${id}' is not a lab id; ${labHint(labIds)}`);
  }
  return id;
}

export interface CommonOptions {
  readonly stateDir: string;
  readonly backend?: string;
  readonly cohort?: string;
  /** `--policy-pack-config FILE`, resolved against the working directory. */
  readonly policyPackConfig?: string;
}

export function commonOptions(args: ParsedArgs, cwd: string, home: string): CommonOptions {
  const stateDir = args.values["state-dir"]
    ? path.resolve(cwd, expandHome(args.values["state-dir"], home))
    : defaultStateDir(home);
  const backend = args.values.backend;
  if (backend !== undefined) {
    const err = backendUrlError(backend);
    if (err) throw new UsageError(err);
  }
  const cohort = args.values.cohort;
  if (cohort !== undefined) {
    const err = cohortIdError(cohort);
    if (err) throw new UsageError(err);
  }
  const packConfig = args.values["policy-pack-config"];
  const policyPackConfig =
    packConfig === undefined ? undefined : path.resolve(cwd, expandHome(packConfig, home));
  return { stateDir, backend, cohort, policyPackConfig };
}

function expandHome(p: string, home: string): string {
  return p === "~" || p.startsWith("~/") ? path.join(home, p.slice(1)) : p;
}

export interface InitOptions extends CommonOptions {
  readonly cohort: string;
  readonly rosterFile: string;
  readonly labs: readonly string[];
  /** `--day NAME=LAB,LAB` items, as given (checked by layout.ts labStacksOf). */
  readonly days: readonly string[];
  readonly location: string;
  readonly expiresOn?: string;
  readonly topology?: string;
}

export function initOptions(
  args: ParsedArgs,
  labIds: readonly string[],
  cwd: string,
  home: string,
): InitOptions {
  const common = commonOptions(args, cwd, home);
  if (!common.cohort) {
    throw new UsageError("init needs --cohort ID (a short id used in stack and Azure names)");
  }
  const roster = args.values.roster;
  if (!roster)
    throw new UsageError("init needs --roster roster.csv (id,objectId,email,displayName)");
  const labs = args.lists.labs;
  if (!labs || labs.length === 0) {
    throw new UsageError(`init needs --labs ID... (${labHint(labIds)})`);
  }
  const unique = [...new Set(labs)];
  for (const lab of unique) checkLabId("--labs", lab, labIds);
  const location = args.values.location ?? "eastus";
  const locErr = locationError(location);
  if (locErr) throw new UsageError(locErr);
  const expiresOn = args.values["expires-on"];
  if (expiresOn !== undefined && !isIsoDate(expiresOn)) {
    throw new UsageError(
      `--expires-on '${expiresOn}' is not a date: use YYYY-MM-DD, e.g. 2025-06-30`,
    );
  }
  const topology = args.values.topology;
  if (topology !== undefined && !(TOPOLOGIES as readonly string[]).includes(topology)) {
    throw new UsageError(
      `--topology '${topology}' is not accepted: use ${TOPOLOGIES.join(" or ")}`,
    );
  }
  return {
    ...common,
    cohort: common.cohort,
    rosterFile: path.resolve(cwd, expandHome(roster, home)),
    labs: unique,
    days: args.lists.day ?? [],
    location,
    expiresOn,
    topology,
  };
}
