import * as path from "path";
import { RETIRED_LABS } from "../../../labs/retired";
import {
  backendUrlError,
  cohortIdError,
  defaultStateDir,
  isIsoDate,
  locationError,
  TOPOLOGIES,
} from "../config";
import { ParsedArgs, UsageError } from "./parse";

/** The options every cohort command shares, and init's, checked. No I/O. */

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
