/**
 * Fakes for the cohort command tests (cli/cohort): a StackDriver over in-memory stacks, a
 * SoftDeletePurger, a Graph directory, and `harness()`, which runs `npm run cohort` against them
 * with a fake clock in a temporary folder.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fileBackendUrl } from "../../../cli/cohort/config";
import { COMPUTE_TYPE } from "../../../cli/cohort/learner";
import { emptyManifest, upsertCohort, writeManifest } from "../../../cli/cohort/manifest";
import { CliDeps, runCli } from "../../../cli/cohort/main";
import type { ProviderGate } from "../../../cli/cohort/providers";
import { Directory } from "../../../cli/roster/graph";
import {
  DeletedVault,
  DestroyOptions,
  EventSink,
  OpSummary,
  PurgeOutcome,
  SoftDeletePurger,
  StackConfig,
  StackDriver,
  StackListing,
  StackStatus,
  StateResource,
  UpOptions,
  WorkspaceRef,
} from "../../../cli/cohort/types";
import { instanceLogicalName } from "../../../stacks/compose";

export const SUB = "00000000-0000-0000-0000-00000000abcd";
export const LABS = [
  "explore-workspace",
  "work-with-compute",
  "make-data-available",
  "run-pipelines",
];
export const ROSTER = path.join(__dirname, "..", "..", "fixtures", "cohort-roster.csv");

export interface FakeStack {
  resources: StateResource[];
  outputs: Record<string, unknown>;
  config: Record<string, string>;
  status?: StackStatus;
}

export const urnOf = (stack: string, type: string, name: string, parents = "") =>
  `urn:pulumi:${stack}::dp100-labs::${parents}${type}::${name}`;

/** A deployed cohort lab stack: group, key vault, workspace, a cluster and one instance per learner. */
export function deployedState(
  stack: string,
  learners: readonly string[] = ["ada", "bob"],
): StateResource[] {
  const rg = `rg-${stack}`;
  const ml = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/mlw-${stack}`;
  return [
    {
      urn: urnOf(stack, "pulumi:pulumi:Stack", `dp100-labs-${stack}`),
      type: "pulumi:pulumi:Stack",
    },
    {
      urn: urnOf(stack, "azure-native:resources:ResourceGroup", "rg"),
      type: "azure-native:resources:ResourceGroup",
      id: `/subscriptions/${SUB}/resourceGroups/${rg}`,
    },
    {
      urn: urnOf(stack, "azure-native:keyvault:Vault", "kv", "dp100:lab:Environment$"),
      type: "azure-native:keyvault:Vault",
      id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/kv-${stack}`,
      outputs: { location: "East US" },
    },
    {
      urn: urnOf(
        stack,
        "azure-native:machinelearningservices:Workspace",
        "ws",
        "dp100:lab:Environment$",
      ),
      type: "azure-native:machinelearningservices:Workspace",
      id: ml,
    },
    {
      urn: urnOf(stack, COMPUTE_TYPE, "aml-cluster"),
      type: COMPUTE_TYPE,
      id: `${ml}/computes/aml-cluster`,
      inputs: { properties: { computeType: "AmlCompute" } },
    },
    ...learners.map((l) => ({
      urn: urnOf(
        stack,
        COMPUTE_TYPE,
        `${instanceLogicalName(l)}-compute`,
        "dp100:ml:ComputeInstance$",
      ),
      type: COMPUTE_TYPE,
      id: `${ml}/computes/ci-${l}`,
      inputs: { properties: { computeType: "ComputeInstance" } },
    })),
  ];
}

export const tick = () => Promise.resolve();

export class FakeDriver implements StackDriver {
  readonly calls: string[] = [];
  readonly inits: Array<{ stack: string; config: StackConfig }> = [];
  readonly ups: Array<{ stack: string; opts?: UpOptions }> = [];
  readonly destroys: Array<{ stack: string; opts?: DestroyOptions }> = [];
  /** `<op>:<stack>` -> error message; the op emits an error diagnostic and throws. */
  readonly failures = new Map<string, string>();
  /** URNs a failing destroy still removes before it fails. */
  readonly removedBeforeFailure = new Map<string, string[]>();
  active = 0;
  maxActive = 0;
  readonly started: string[] = [];

  constructor(
    readonly stacks: Map<string, FakeStack>,
    private readonly advance: (ms: number) => void = () => undefined,
  ) {}

  private get(stack: string): FakeStack {
    const s = this.stacks.get(stack);
    if (!s) throw new Error(`error: no stack named '${stack}' found`);
    return s;
  }

  private async operation(
    op: string,
    stack: string,
    onEvent: EventSink | undefined,
    affected: StateResource[],
    opName: string,
    apply: () => void,
    failKey = `${op}:${stack}`,
  ): Promise<OpSummary> {
    this.calls.push(`${op}:${stack}`);
    this.started.push(stack);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      for (let i = 0; i < 3; i++) await tick();
      for (const r of affected) {
        const metadata = { op: opName, urn: r.urn, type: r.type };
        onEvent?.({ resourcePreEvent: { metadata } });
        this.advance(1000);
        onEvent?.({ resOutputsEvent: { metadata } });
        await tick();
      }
      const failure = this.failures.get(failKey);
      if (failure) {
        const removed = this.removedBeforeFailure.get(failKey) ?? [];
        const s = this.get(stack);
        s.resources = s.resources.filter((r) => !removed.includes(r.urn));
        onEvent?.({ diagnosticEvent: { message: failure, severity: "error" } });
        throw new Error(`code: 255\n stdout: ...\n stderr: error: update failed\n`);
      }
      apply();
      const changes = { [opName]: affected.length };
      onEvent?.({ summaryEvent: { resourceChanges: changes } });
      return { changes };
    } finally {
      this.active--;
    }
  }

  async listStacks(): Promise<StackListing[]> {
    this.calls.push("listStacks");
    return [...this.stacks.entries()].map(([name, s]) => ({
      name,
      resourceCount: s.resources.length,
    }));
  }

  async init(stack: string, config: StackConfig): Promise<void> {
    this.calls.push(`init:${stack}`);
    await tick();
    const failure = this.failures.get(`init:${stack}`);
    if (failure) throw new Error(failure);
    this.inits.push({ stack, config });
    if (!this.stacks.has(stack)) this.stacks.set(stack, { resources: [], outputs: {}, config: {} });
  }

  preview(stack: string, onEvent: EventSink): Promise<OpSummary> {
    return this.operation(
      "preview",
      stack,
      onEvent,
      this.get(stack).resources,
      "same",
      () => undefined,
    );
  }

  up(stack: string, onEvent: EventSink, opts?: UpOptions): Promise<OpSummary> {
    this.ups.push({ stack, opts });
    const s = this.get(stack);
    const affected = opts?.target
      ? s.resources.filter((r) => opts.target!.includes(r.urn))
      : s.resources;
    return this.operation(
      "up",
      stack,
      onEvent,
      affected,
      opts?.replace ? "replace" : "create",
      () => undefined,
    );
  }

  destroy(stack: string, onEvent: EventSink, opts?: DestroyOptions): Promise<OpSummary> {
    this.destroys.push({ stack, opts });
    const s = this.get(stack);
    // In these fakes, what depends on a workspace is its computes.
    const hit = (r: StateResource) =>
      !opts?.target ||
      opts.target.includes(r.urn) ||
      (opts.targetDependents === true && r.type === COMPUTE_TYPE);
    const affected = s.resources.filter(hit);
    const phase = opts?.target ? "destroy-targeted" : "destroy";
    return this.operation(
      "destroy",
      stack,
      onEvent,
      affected,
      "delete",
      () => (s.resources = s.resources.filter((r) => !hit(r))),
      `${phase}:${stack}`,
    );
  }

  async outputs(stack: string): Promise<Record<string, unknown>> {
    this.calls.push(`outputs:${stack}`);
    const failure = this.failures.get(`outputs:${stack}`);
    if (failure) throw new Error(failure);
    return this.get(stack).outputs;
  }

  async summary(stack: string): Promise<StackStatus> {
    this.calls.push(`summary:${stack}`);
    const s = this.get(stack);
    return s.status ?? { resourceCount: s.resources.length };
  }

  async resources(stack: string): Promise<StateResource[]> {
    this.calls.push(`resources:${stack}`);
    return [...this.get(stack).resources];
  }

  async getConfig(stack: string, key: string): Promise<string | undefined> {
    return this.get(stack).config[key];
  }
}

export class FakePurger implements SoftDeletePurger {
  readonly calls: string[] = [];
  deleted: DeletedVault[] = [];
  workspaceOutcome: (ws: WorkspaceRef) => PurgeOutcome = () => ({ status: "purged" });
  vaultOutcome: (v: DeletedVault) => PurgeOutcome = () => ({ status: "purged" });

  constructor(private readonly log?: string[]) {}

  async purgeWorkspace(ws: WorkspaceRef): Promise<PurgeOutcome> {
    this.calls.push(`purgeWorkspace:${ws.name}`);
    this.log?.push(`purgeWorkspace:${ws.name}`);
    return this.workspaceOutcome(ws);
  }
  async listDeletedVaults(subscriptionId: string): Promise<DeletedVault[]> {
    this.calls.push(`listDeletedVaults:${subscriptionId}`);
    this.log?.push(`listDeletedVaults`);
    return this.deleted;
  }
  async purgeVault(_s: string, vault: DeletedVault): Promise<PurgeOutcome> {
    this.calls.push(`purgeVault:${vault.name}@${vault.location}`);
    this.log?.push(`purgeVault:${vault.name}`);
    return this.vaultOutcome(vault);
  }
}

export interface Harness {
  deps: CliDeps;
  out: string[];
  err: string[];
  driver: FakeDriver;
  purger: FakePurger;
  driverOptions: Array<Parameters<CliDeps["makeDriver"]>[0]>;
  stateDir: string;
  cwd: string;
  run: (...argv: string[]) => Promise<number>;
  now: () => number;
}

export function harness(
  opts: {
    stacks?: Record<string, FakeStack>;
    pulumi?: boolean;
    env?: Record<string, string | undefined>;
    startMs?: number;
    providerGate?: ProviderGate;
    directory?: Directory;
  } = {},
): Harness {
  let now = opts.startMs ?? Date.UTC(2025, 5, 15, 9, 0, 0);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-cli-"));
  const stateDir = path.join(tmp, "state");
  const out: string[] = [];
  const err: string[] = [];
  const driver = new FakeDriver(new Map(Object.entries(opts.stacks ?? {})), (ms) => (now += ms));
  const purger = new FakePurger(driver.calls);
  const driverOptions: Harness["driverOptions"] = [];
  const deps: CliDeps = {
    labIds: LABS,
    env: opts.env ?? { PULUMI_CONFIG_PASSPHRASE: "correct horse" },
    cwd: tmp,
    home: tmp,
    repoRoot: "/repo",
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    clock: () => now,
    findPulumi: () => (opts.pulumi === false ? undefined : "/usr/local/bin/pulumi"),
    makeDriver: (o) => {
      driverOptions.push(o);
      return driver;
    },
    makePurger: () => purger,
    makeProviderGate: opts.providerGate && (() => opts.providerGate!),
    minIntervalMs: 0,
    makeDirectory: opts.directory ? () => opts.directory! : undefined,
  };
  return {
    deps,
    out,
    err,
    driver,
    purger,
    driverOptions,
    stateDir,
    cwd: tmp,
    run: (...argv) =>
      runCli([...argv, ...(argv.includes("--state-dir") ? [] : ["--state-dir", stateDir])], deps),
    now: () => now,
  };
}

/** A cohort `c1` recorded in the manifest with deployed stacks for the given labs. */
export function deployedCohort(labs: readonly string[], extra: Parameters<typeof harness>[0] = {}) {
  const stacks: Record<string, FakeStack> = {};
  for (const lab of labs) {
    const stack = `c1-${lab}`;
    stacks[stack] = {
      resources: deployedState(stack),
      outputs: {
        expiresOn: "2025-06-30",
        learners: {
          ada: {
            studioUrl: `https://ml.azure.com/?wsid=${stack}`,
            workspace: `mlw-${stack}`,
            computeInstance: "ci-ada",
            expiresOn: "2025-06-30",
            email: "ada@example.com",
            displayName: "Ada Lovelace",
          },
          bob: {
            studioUrl: `https://ml.azure.com/?wsid=${stack}`,
            workspace: `mlw-${stack}`,
            computeInstance: "ci-bob",
            expiresOn: "2025-06-30",
            email: "bob@example.com",
            displayName: 'Bob "the builder"',
          },
        },
      },
      config: {},
    };
  }
  const h = harness({ ...extra, stacks: { ...stacks, ...(extra.stacks ?? {}) } });
  writeManifest(
    h.stateDir,
    upsertCohort(emptyManifest(), "c1", {
      labs,
      location: "eastus",
      rosterFile: ROSTER,
      backend: fileBackendUrl(h.stateDir),
      updatedAt: "2025-06-01T00:00:00Z",
    }),
  );
  return h;
}

export const text = (lines: string[]) => lines.join("\n");
