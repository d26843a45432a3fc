import * as fs from "fs";
import { CommonOptions, concurrencyOf, ParsedArgs } from "./args";
import { fileBackendUrl, isSelfManagedBackend, passphraseError, pulumiEnv } from "./config";
import type { CliDeps } from "./deps";
import { CohortRecord, Manifest, readManifest } from "./manifest";
import { exitCodeFor, RunOptions, StackResult, summaryLines } from "./orchestrate";
import { policyPackOptions } from "./policyPack";
import { StackProgress } from "./progress";
import { OpSummary, StackDriver } from "./types";

/** What every cohort command shares: the cohort's backend and driver, run options, the summary. */

/** A prerequisite or input problem found after parsing: message printed as is, exit status 2. */
export class SetupError extends Error {}

export const canRead = (p: string) => {
  try {
    fs.accessSync(p, fs.constants.R_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

export function loadManifest(stateDir: string): Manifest {
  try {
    return readManifest(stateDir);
  } catch (e) {
    throw new SetupError(`error: ${(e as Error).message}`);
  }
}

/** Backend, passphrase check and driver for a set of options. */
export function connect(
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

export function runOptions(args: ParsedArgs, deps: CliDeps): RunOptions {
  return {
    concurrency: concurrencyOf(args),
    clock: deps.clock,
    writer: deps.out,
    minIntervalMs: deps.minIntervalMs,
    startTicker: deps.startTicker,
  };
}

export function finish(operation: string, results: readonly StackResult[], deps: CliDeps): number {
  for (const line of summaryLines(operation, results)) deps.out(line);
  return exitCodeFor(results);
}

/** Adds an operation's change counts unless its summary event already did. */
export async function counted(
  progress: StackProgress,
  op: () => Promise<OpSummary>,
): Promise<OpSummary> {
  const before = JSON.stringify(progress.changes);
  const result = await op();
  if (JSON.stringify(progress.changes) === before) progress.addChanges(result.changes);
  return result;
}

/**
 * The flags that find this cohort again, for the "Next:" hints: --cohort (quoted when it has
 * spaces), and --state-dir or --backend when they were given, so the hint works as printed.
 */
export function again(args: ParsedArgs, cohort: string): string {
  const q = (v: string) => (/^[A-Za-z0-9_./:=?@%+-]+$/.test(v) ? v : JSON.stringify(v));
  const parts = ["--cohort", q(cohort)];
  for (const flag of ["state-dir", "backend"]) {
    const v = args.values[flag];
    if (v !== undefined) parts.push(`--${flag}`, q(v));
  }
  return parts.join(" ");
}
