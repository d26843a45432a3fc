import * as path from "path";
import { cohortNamePart } from "../../components/naming";
import { cohortNameProblem, CONFIG_SCHEMA, valueProblem } from "../../stacks/config";
import { StackConfig } from "./types";

/**
 * Stack names, stack configuration and the Pulumi backend for a cohort. Pure functions: the
 * command layer passes in the environment and the file checks.
 */

/**
 * Cohort names: the stack program's rule (stacks/config/learners.ts cohortNameProblem), so a typo fails
 * before any stack is created. Stack and Azure names use the name's short part
 * (components/naming.ts cohortNamePart), which is the name itself for a short id like `may25`.
 */
export function cohortIdError(id: string): string | undefined {
  const problem = cohortNameProblem(id);
  return problem ? `--cohort '${id}' is not a valid cohort name: ${problem}` : undefined;
}

/** One Pulumi stack per lab per cohort: `<cohort's short part>-<lab>`. */
export function stackNameFor(cohort: string, labId: string): string {
  return `${cohortNamePart(cohort)}-${labId}`;
}

/** The part of a listed stack name after any `org/project/` qualifier. */
export function shortStackName(name: string): string {
  const slash = name.lastIndexOf("/");
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/** The lab a stack name belongs to for this cohort, if it is one of the cohort's stacks. */
export function labOfStack(
  stackName: string,
  cohort: string,
  labIds: readonly string[],
): string | undefined {
  const short = shortStackName(stackName);
  const prefix = `${cohortNamePart(cohort)}-`;
  if (!short.startsWith(prefix)) return undefined;
  const lab = short.slice(prefix.length);
  return labIds.includes(lab) ? lab : undefined;
}

/** Azure regions: the program's check of `azure-native:location`, with a did-you-mean. */
export function locationError(location: string): string | undefined {
  const problem = valueProblem("location", location);
  return problem ? `--location '${location}' is not an Azure region: ${problem}` : undefined;
}

/** A calendar date `YYYY-MM-DD` that exists: the program's check of `dp100-labs:expiresOn`. */
export function isIsoDate(value: string): boolean {
  return valueProblem("expiresOn", value) === undefined;
}

/** The program's `dp100-labs:topology` values. */
export const TOPOLOGIES = CONFIG_SCHEMA.topology.values;

export interface CohortStackSettings {
  readonly cohort: string;
  readonly labId: string;
  /**
   * Absolute path of the roster CSV, for a check on this machine only: `init` writes the learners
   * themselves (portable.ts), never this path, into a stack file.
   */
  readonly rosterFile?: string;
  readonly location: string;
  readonly expiresOn?: string;
  readonly topology?: string;
}

/** The configuration `init` writes into each stack of the cohort. */
export function buildStackConfig(s: CohortStackSettings): StackConfig {
  if (s.rosterFile !== undefined && !path.isAbsolute(s.rosterFile)) {
    throw new Error(`rosterFile must be an absolute path, got '${s.rosterFile}'`);
  }
  const config: Record<string, string | readonly string[]> = {
    "dp100-labs:mode": "cohort",
    "dp100-labs:cohort": s.cohort,
    "dp100-labs:labs": [s.labId],
    "azure-native:location": s.location,
  };
  if (s.rosterFile !== undefined) config["dp100-labs:rosterFile"] = s.rosterFile;
  if (s.expiresOn) config["dp100-labs:expiresOn"] = s.expiresOn;
  if (s.topology) config["dp100-labs:topology"] = s.topology;
  return config;
}

export interface FoundationStackSettings extends Omit<CohortStackSettings, "labId"> {
  /** The course's labs (every lab of every lab stack). */
  readonly labs: readonly string[];
}

/** The configuration `init` writes into a cohort's foundation stack (it holds the roster). */
export function buildFoundationConfig(s: FoundationStackSettings): StackConfig {
  const { "dp100-labs:labs": _one, ...rest } = buildStackConfig({ ...s, labId: s.labs[0] });
  void _one;
  return { ...rest, "dp100-labs:part": "foundation", "dp100-labs:labs": [...s.labs] };
}

/** The configuration `init` writes into a lab stack: its labs and its foundation, no roster. */
export function buildLabStackConfig(s: {
  readonly cohort: string;
  readonly foundation: string;
  readonly labs: readonly string[];
  readonly location: string;
}): StackConfig {
  return {
    "dp100-labs:mode": "cohort",
    "dp100-labs:part": "lab",
    "dp100-labs:cohort": s.cohort,
    "dp100-labs:foundation": s.foundation,
    "dp100-labs:labs": [...s.labs],
    "azure-native:location": s.location,
  };
}

/** The default folder of the local state: `~/.dp100-labs/state`. */
export function defaultStateDir(home: string): string {
  return path.join(home, ".dp100-labs", "state");
}

/** `file://` URL of a local folder, as `pulumi login` takes it (forward slashes on Windows too). */
export function fileBackendUrl(dir: string): string {
  const abs = path.resolve(dir).replace(/\\/g, "/");
  return `file://${abs.startsWith("/") ? "" : "/"}${abs}`;
}

/** Backends that keep state in files or blobs (no Pulumi Cloud): they need a passphrase. */
export function isSelfManagedBackend(url: string): boolean {
  return /^(file|azblob|s3|gs):\/\//i.test(url);
}

/** Backend URL schemes Pulumi accepts. */
export function backendUrlError(url: string): string | undefined {
  return /^(file|azblob|s3|gs|https?):\/\/\S+$/i.test(url)
    ? undefined
    : `--backend '${url}' is not a Pulumi backend URL: use file://<folder>, azblob://<container>?storage_account=<account>, s3://<bucket>, gs://<bucket> or https://api.pulumi.com`;
}

export const PASSPHRASE_HELP = [
  "Local and blob state encrypts the stacks' secrets with a passphrase. Set one of:",
  "  export PULUMI_CONFIG_PASSPHRASE='<a long passphrase>'",
  "  export PULUMI_CONFIG_PASSPHRASE_FILE=/path/to/passphrase.txt",
  "Keep it safe and use the same one every time: without it the cohort's stacks cannot be updated or destroyed.",
].join("\n");

/**
 * The passphrase check for self-managed backends: PULUMI_CONFIG_PASSPHRASE set and non-empty, or
 * PULUMI_CONFIG_PASSPHRASE_FILE naming a readable file.
 */
export function passphraseError(
  env: Readonly<Record<string, string | undefined>>,
  backendUrl: string,
  fileReadable: (p: string) => boolean,
): string | undefined {
  if (!isSelfManagedBackend(backendUrl)) return undefined;
  if (env.PULUMI_CONFIG_PASSPHRASE) return undefined;
  const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (file) {
    return fileReadable(file)
      ? undefined
      : `PULUMI_CONFIG_PASSPHRASE_FILE='${file}' is not a readable file.\n${PASSPHRASE_HELP}`;
  }
  return `No passphrase for the state at ${backendUrl}.\n${PASSPHRASE_HELP}`;
}

/** Environment for the Pulumi CLI: the chosen backend wins over any ambient PULUMI_BACKEND_URL. */
export function pulumiEnv(backendUrl: string): Record<string, string> {
  return { PULUMI_BACKEND_URL: backendUrl, PULUMI_SKIP_UPDATE_CHECK: "true" };
}
