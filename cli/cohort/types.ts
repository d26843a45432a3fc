/**
 * The two seams of the trainer's command line: everything that talks to the Pulumi CLI sits behind
 * StackDriver, everything that talks to Azure Resource Manager behind SoftDeletePurger. The
 * orchestration (cli/cohort/orchestrate.ts, commands.ts) only sees these interfaces, so tests drive
 * it with fakes and the real implementations (automation.ts, arm.ts) stay thin.
 */

/** One step of the Pulumi engine, as carried by resource events. */
export interface StepMetadata {
  /** The operation: create, update, delete, replace, same, ... */
  readonly op: string;
  readonly urn: string;
  readonly type: string;
}

/**
 * The part of a Pulumi engine event the orchestration reads. `EngineEvent` from
 * `@pulumi/pulumi/automation` is assignable to it, so the real driver passes events straight through.
 */
export interface DriverEvent {
  readonly resourcePreEvent?: { readonly metadata: StepMetadata };
  readonly resOutputsEvent?: { readonly metadata: StepMetadata };
  readonly resOpFailedEvent?: { readonly metadata: StepMetadata };
  readonly summaryEvent?: {
    readonly resourceChanges: { readonly [op: string]: number | undefined };
  };
  readonly diagnosticEvent?: {
    readonly message: string;
    readonly severity: string;
    readonly urn?: string;
  };
  /** A policy pack's verdict on a resource (the guardrails of policy/). */
  readonly policyEvent?: {
    readonly policyName: string;
    readonly message: string;
    readonly enforcementLevel: string;
    readonly resourceUrn?: string;
  };
}

export type EventSink = (event: DriverEvent) => void;

/** What an operation reports when it finishes: resource counts by operation (create: 3, same: 10). */
export interface OpSummary {
  readonly changes: { readonly [op: string]: number | undefined };
}

/** A stack as the backend lists it. */
export interface StackListing {
  /** The name as the backend gives it (short for file and blob backends). */
  readonly name: string;
  readonly resourceCount?: number;
  readonly lastUpdate?: string;
  readonly updateInProgress?: boolean;
}

/** One resource of a stack's state (from `pulumi stack export`). */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  /** The provider id: the ARM resource id for azure-native resources. */
  readonly id?: string;
  readonly custom?: boolean;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** The last operation on a stack and its size, for `status`. */
export interface StackStatus {
  readonly lastUpdate?: {
    readonly kind: string;
    readonly result: string;
    readonly startTime?: string;
    readonly endTime?: string;
  };
  /** Resources in the state, the stack itself and providers not counted. */
  readonly resourceCount: number;
}

/**
 * A stack's configuration as `init` writes it: a string is a plain value, a list is written as a
 * YAML list (path configuration `key[0]`, `key[1]`, ...).
 */
export type StackConfig = Readonly<Record<string, string | readonly string[]>>;

export interface UpOptions {
  /** URNs to replace. */
  readonly replace?: readonly string[];
  /** URNs to limit the update to (nothing else is touched). */
  readonly target?: readonly string[];
  /** Also update what depends on the targets (a learner's role on their replaced instance). */
  readonly targetDependents?: boolean;
}

export interface DestroyOptions {
  /** URNs to limit the destroy to. */
  readonly target?: readonly string[];
  /** Also destroy what depends on the targets. */
  readonly targetDependents?: boolean;
}

/** Everything the orchestration needs from Pulumi. Operations throw on failure. */
export interface StackDriver {
  listStacks(): Promise<StackListing[]>;
  /**
   * Creates the stack if needed and writes its configuration, and `tags` as stack tags (kept in
   * the backend, so a checkout without the stack file still reads them; see expired.ts).
   */
  init(stack: string, config: StackConfig, tags?: Readonly<Record<string, string>>): Promise<void>;
  preview(stack: string, onEvent: EventSink): Promise<OpSummary>;
  up(stack: string, onEvent: EventSink, opts?: UpOptions): Promise<OpSummary>;
  destroy(stack: string, onEvent: EventSink, opts?: DestroyOptions): Promise<OpSummary>;
  /** The stack outputs, plain values (secrets included as values). */
  outputs(stack: string): Promise<Record<string, unknown>>;
  summary(stack: string): Promise<StackStatus>;
  /** The resources in the stack's state. */
  resources(stack: string): Promise<StateResource[]>;
  /** One configuration value, or undefined when the stack has none. */
  getConfig(stack: string, key: string): Promise<string | undefined>;
  /**
   * The stack's tags, kept in the backend (`pulumi stack tag ls`), so readable from any checkout.
   * Optional: a driver without it leaves the expiry to the configuration, outputs and state.
   */
  tags?(stack: string): Promise<Readonly<Record<string, string>>>;
}

/** An Azure ML workspace to purge: its ARM id carries subscription, resource group and name. */
export interface WorkspaceRef {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

/** A key vault the stack had. */
export interface VaultRef {
  readonly id: string;
  readonly subscriptionId: string;
  readonly name: string;
  /** The vault's region, when the state records it. */
  readonly location?: string;
}

/** A soft-deleted key vault as ARM lists it. */
export interface DeletedVault {
  readonly name: string;
  readonly location: string;
  /** The ARM id the vault had before deletion. */
  readonly vaultId?: string;
  readonly purgeProtectionEnabled?: boolean;
  readonly scheduledPurgeDate?: string;
}

export type PurgeStatus = "purged" | "absent" | "failed";

export interface PurgeOutcome {
  readonly status: PurgeStatus;
  /** Why it failed, or what happened. */
  readonly detail?: string;
}

/**
 * What Azure keeps after a delete. There is no documented ARM call that lists soft-deleted Azure ML
 * workspaces, so workspaces are purged by name (their ARM id), while key vaults are listed first.
 */
export interface SoftDeletePurger {
  /** `DELETE <workspace id>?forceToPurge=true`: purges a soft-deleted (or live) workspace. */
  purgeWorkspace(workspace: WorkspaceRef): Promise<PurgeOutcome>;
  listDeletedVaults(subscriptionId: string): Promise<DeletedVault[]>;
  purgeVault(subscriptionId: string, vault: DeletedVault): Promise<PurgeOutcome>;
}

/** Writes one line of output (no trailing newline). */
export type LineWriter = (line: string) => void;

/** Milliseconds since some fixed point (Date.now in real use). */
export type Clock = () => number;
