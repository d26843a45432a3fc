import type { PlanOptions } from "../../plan/runUnderMocks";
import type { PlanDocument } from "../../plan/types";
import type { ArmClientOptions } from "../http/arm";
import type { Directory } from "../roster/graph";
import type { ProviderGate } from "./providers";
import type { Clock, LineWriter, SoftDeletePurger, StackDriver } from "./types";

/**
 * `npm run cohort -- <command>`: the commands, written against StackDriver and SoftDeletePurger
 * so that tests run them with fakes. Exit status: 0 all succeeded, 1 a stack failed, 2 bad input or
 * a missing prerequisite (Pulumi CLI, passphrase).
 */

export interface DriverFactoryOptions {
  /** The Pulumi project folder (the repository root). */
  readonly workDir: string;
  readonly backendUrl: string;
  readonly envVars: Record<string, string>;
  /** `passphrase` for self-managed backends, undefined for Pulumi Cloud. */
  readonly secretsProvider?: string;
  /** The policy pack (the repository's policy/ folder), run on every preview and up. */
  readonly policyPacks: readonly string[];
  /** `--policy-pack-config FILE`, absolute, when given. */
  readonly policyPackConfigs: readonly string[];
}

export interface CliDeps {
  readonly labIds: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
  readonly repoRoot: string;
  readonly out: LineWriter;
  readonly err: LineWriter;
  readonly clock: Clock;
  /** The pulumi executable's path, or undefined when it is not on PATH. */
  readonly findPulumi: () => string | undefined;
  readonly makeDriver: (opts: DriverFactoryOptions) => StackDriver;
  readonly makePurger: () => SoftDeletePurger;
  /** The resource-provider check of preview and up; without it they do not check. */
  readonly makeProviderGate?: () => ProviderGate;
  readonly startTicker?: (tick: () => void) => () => void;
  readonly minIntervalMs?: number;
  readonly fileReadable?: (p: string) => boolean;
  /** Microsoft Graph, to resolve roster and trainer e-mail addresses (undefined: none). */
  readonly makeDirectory?: () => Directory;
  /**
   * Runs one offline plan (`plan`); default the plan engine in this process. Tests pass one that
   * gives each plan its own module registry.
   */
  readonly runPlan?: (opts: PlanOptions) => Promise<PlanDocument>;
  /** Azure Resource Manager for `preflight` (default: AZURE_ACCESS_TOKEN or the Azure CLI login). */
  readonly makeArm?: () => ArmAccess;
}

/** What `preflight` needs of Azure Resource Manager: the client's options and the subscription. */
export interface ArmAccess {
  readonly client: ArmClientOptions;
  /** --subscription, else AZURE_SUBSCRIPTION_ID, else `az account show`. */
  subscriptionId(flag: string | undefined): Promise<string>;
}
