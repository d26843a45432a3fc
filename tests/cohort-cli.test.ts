import * as fs from "fs";
import * as YAML from "yaml";
import * as os from "os";
import * as path from "path";
import { parseArgs, UsageError } from "../cli/cohort/args";
import { ArmSoftDeletePurger, HttpFetch, HttpResponse } from "../cli/cohort/arm";
import { buildStackConfig, fileBackendUrl, passphraseError } from "../cli/cohort/config";
import { isExpired, selectExpired } from "../cli/cohort/expired";
import { combineHandouts } from "../cli/cohort/handout";
import { COMPUTE_TYPE, findLearnerComputeUrn, parseUrn } from "../cli/cohort/learner";
import { emptyManifest, readManifest, upsertCohort, writeManifest } from "../cli/cohort/manifest";
import { CliDeps, runCli } from "../cli/cohort/main";
import { formatChanges, runStacks, summaryLines } from "../cli/cohort/orchestrate";
import { formatPlanSummary } from "../cli/cohort/planSummary";
import { runBounded } from "../cli/cohort/pool";
import { formatDuration, ProgressReporter, StackProgress } from "../cli/cohort/progress";
import { parseArmId, purgeTargets, purgeVaults } from "../cli/cohort/purge";
import type { ProviderGate } from "../cli/cohort/providers";
import { findOnPath } from "../cli/cohort/pulumiCli";
import { Directory, DirectoryUser } from "../cli/roster/graph";
import { readRosterCsv } from "../stacks/roster";
import { cohortNamePart } from "../components/naming";
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
} from "../cli/cohort/types";
import { LAB_IDS } from "../labs";
import { instanceLogicalName } from "../stacks/compose";

// ---------------------------------------------------------------------------------------------
// Fakes
// ---------------------------------------------------------------------------------------------

const SUB = "00000000-0000-0000-0000-00000000abcd";
const LABS = ["explore-workspace", "work-with-compute", "make-data-available", "run-pipelines"];
const ROSTER = path.join(__dirname, "fixtures", "cohort-roster.csv");

interface FakeStack {
  resources: StateResource[];
  outputs: Record<string, unknown>;
  config: Record<string, string>;
  status?: StackStatus;
}

const urnOf = (stack: string, type: string, name: string, parents = "") =>
  `urn:pulumi:${stack}::dp100-labs::${parents}${type}::${name}`;

/** A deployed cohort lab stack: group, key vault, workspace, a cluster and one instance per learner. */
function deployedState(
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

const tick = () => Promise.resolve();

class FakeDriver implements StackDriver {
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

class FakePurger implements SoftDeletePurger {
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

interface Harness {
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

function harness(
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
function deployedCohort(labs: readonly string[], extra: Parameters<typeof harness>[0] = {}) {
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

const text = (lines: string[]) => lines.join("\n");

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

describe("runBounded", () => {
  it("never runs more than the limit at once, starts in order and keeps results in order", async () => {
    let active = 0;
    let max = 0;
    const started: number[] = [];
    const results = await runBounded([5, 1, 4, 2, 3], 2, async (n, i) => {
      started.push(i);
      active++;
      max = Math.max(max, active);
      for (let k = 0; k < n; k++) await tick();
      active--;
      return n * 10;
    });
    expect(max).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.ok ? r.value : null))).toEqual([50, 10, 40, 20, 30]);
  });

  it("returns a failure in its slot and finishes the others", async () => {
    const results = await runBounded(["a", "b", "c"], 1, async (s) => {
      if (s === "b") throw new Error("boom");
      return s;
    });
    expect(results[0]).toEqual({ ok: true, value: "a" });
    expect(results[1].ok).toBe(false);
    expect(results[2]).toEqual({ ok: true, value: "c" });
  });

  it("rejects a limit below 1", async () => {
    await expect(runBounded([1], 0, async (n) => n)).rejects.toThrow(/at least 1/);
  });
});

describe("progress", () => {
  const meta = (urn: string) => ({ metadata: { op: "create", urn, type: "t" } });

  it("counts done, failed and to go from engine events and the expected size", () => {
    const p = new StackProgress("c1-lab", "up", 0);
    p.expect(5);
    expect(p.onEvent({ resourcePreEvent: meta("a") })).toBe(true);
    expect(p.onEvent({ resourcePreEvent: meta("a") })).toBe(false);
    p.onEvent({ resOutputsEvent: meta("a") });
    p.onEvent({ resourcePreEvent: meta("b") });
    p.onEvent({ resOpFailedEvent: meta("b") });
    expect(p.counts()).toEqual({ done: 1, failed: 1, toGo: 3 });
    for (const u of ["c", "d", "e", "f"]) p.onEvent({ resOutputsEvent: meta(u) });
    expect(p.counts()).toEqual({ done: 5, failed: 1, toGo: 0 });
  });

  it("keeps the first error diagnostic and adds change summaries", () => {
    const p = new StackProgress("s", "up", 0);
    p.onEvent({ diagnosticEvent: { message: "warning only", severity: "warning" } });
    p.onEvent({
      diagnosticEvent: { message: "  QuotaExceeded: 0 of 4 vCPUs left\n", severity: "error" },
    });
    p.onEvent({ diagnosticEvent: { message: "error: update failed", severity: "error" } });
    p.onEvent({ summaryEvent: { resourceChanges: { create: 2, same: 3 } } });
    p.onEvent({ summaryEvent: { resourceChanges: { create: 1, delete: 4 } } });
    expect(p.errors).toEqual(["QuotaExceeded: 0 of 4 vCPUs left", "update failed"]);
    expect(p.changes).toEqual({ create: 3, same: 3, delete: 4 });
  });

  it("prints start, throttled updates, ticks and the final line with counts and elapsed time", () => {
    let now = 0;
    const lines: string[] = [];
    const r = new ProgressReporter({
      writer: (l) => lines.push(l),
      clock: () => now,
      minIntervalMs: 5000,
    });
    const p = new StackProgress("c1-work-with-compute", "up", 0);
    p.expect(4);
    r.start(p);
    p.onEvent({ resOutputsEvent: meta("a") });
    now = 1000;
    r.update(p); // too soon: nothing
    now = 6000;
    p.onEvent({ resOutputsEvent: meta("b") });
    r.update(p);
    now = 65_000;
    r.tick();
    now = 3_725_000;
    r.finish(p, "failed");
    expect(lines).toEqual([
      "[c1-work-with-compute] up started",
      "[c1-work-with-compute] up: 2 done, 2 to go, 00:06",
      "[c1-work-with-compute] up: 2 done, 2 to go, 01:05",
      "[c1-work-with-compute] up failed: 2 done, 2 to go, 1:02:05",
    ]);
    expect(r.runningCount).toBe(0);
  });

  it("formats durations", () => {
    expect(formatDuration(0)).toBe("00:00");
    expect(formatDuration(61_400)).toBe("01:01");
    expect(formatDuration(3_600_000)).toBe("1:00:00");
  });
});

describe("summary table", () => {
  it("lists each stack with result, counts, changes and time, then notes and errors", async () => {
    let now = 0;
    const lines: string[] = [];
    const results = await runStacks(
      [{ stack: "c1-a" }, { stack: "c1-b" }],
      "up",
      async (t, ctx) => {
        ctx.onEvent({ resOutputsEvent: { metadata: { op: "create", urn: "u1", type: "t" } } });
        ctx.progress.addChanges({ create: 3, update: 1 });
        now += 65_000;
        if (t.stack === "c1-b") {
          ctx.onEvent({
            diagnosticEvent: {
              message: "InsufficientQuota for Standard_DS11_v2",
              severity: "error",
            },
          });
          throw new Error("long CLI output\nerror: update failed");
        }
        return { notes: ["all good"] };
      },
      { concurrency: 1, clock: () => now, writer: (l) => lines.push(l), minIntervalMs: 0 },
    );
    const summary = summaryLines("up", results);
    expect(summary).toContain("Summary of up:");
    const header = summary.find((l) => l.startsWith("Stack"))!;
    expect(header.split(/\s{2,}/)).toEqual([
      "Stack",
      "Result",
      "Done",
      "To go",
      "Failed",
      "Changes",
      "Time",
    ]);
    expect(summary.find((l) => l.startsWith("c1-a "))!.split(/\s{2,}/)).toEqual([
      "c1-a",
      "succeeded",
      "1",
      "0",
      "0",
      "+3 ~1",
      "01:05",
    ]);
    expect(summary.find((l) => l.startsWith("c1-b "))).toMatch(/^c1-b\s+failed\s/);
    expect(summary).toContain("c1-a: all good");
    expect(summary).toContain("c1-b: error: InsufficientQuota for Standard_DS11_v2");
    expect(summary[summary.length - 1]).toBe("up: 1 of 2 stack(s) failed.");
  });

  it("formats change counts", () => {
    expect(formatChanges({ create: 2, update: 1, replace: 1, delete: 3, same: 9 })).toBe(
      "+2 ~1 +-1 -3 =9",
    );
    expect(formatChanges({})).toBe("-");
  });
});

describe("configuration and names", () => {
  it("builds the stack configuration init writes", () => {
    expect(
      buildStackConfig({
        cohort: "c1",
        labId: "run-pipelines",
        rosterFile: "/r/roster.csv",
        location: "westeurope",
        expiresOn: "2025-06-30",
      }),
    ).toEqual({
      "dp100-labs:mode": "cohort",
      "dp100-labs:cohort": "c1",
      "dp100-labs:labs": ["run-pipelines"],
      "dp100-labs:rosterFile": "/r/roster.csv",
      "azure-native:location": "westeurope",
      "dp100-labs:expiresOn": "2025-06-30",
    });
    expect(() =>
      buildStackConfig({ cohort: "c1", labId: "x", rosterFile: "roster.csv", location: "eastus" }),
    ).toThrow(/absolute/);
  });

  it("requires a passphrase only for self-managed backends", () => {
    const none = {};
    expect(passphraseError(none, "file:///s", () => true)).toMatch(/PULUMI_CONFIG_PASSPHRASE=/);
    expect(passphraseError(none, "azblob://state?storage_account=x", () => true)).toMatch(
      /PULUMI_CONFIG_PASSPHRASE_FILE/,
    );
    expect(passphraseError(none, "https://api.pulumi.com", () => true)).toBeUndefined();
    expect(
      passphraseError({ PULUMI_CONFIG_PASSPHRASE: "x" }, "file:///s", () => false),
    ).toBeUndefined();
    expect(
      passphraseError({ PULUMI_CONFIG_PASSPHRASE_FILE: "/nope" }, "file:///s", () => false),
    ).toMatch(/PULUMI_CONFIG_PASSPHRASE_FILE='\/nope' is not a readable file/);
    expect(
      passphraseError({ PULUMI_CONFIG_PASSPHRASE_FILE: "/ok" }, "file:///s", () => true),
    ).toBeUndefined();
  });

  it("uses lab ids that exist in the catalog", () => {
    for (const lab of LABS) expect(LAB_IDS).toContain(lab);
  });

  it("finds an executable on PATH, or nothing", () => {
    const env = { PATH: ["/a", "/b"].join(path.delimiter) };
    expect(findOnPath("pulumi", env, "linux", (p) => p === path.join("/b", "pulumi"))).toBe(
      path.join("/b", "pulumi"),
    );
    expect(findOnPath("pulumi", env, "linux", () => false)).toBeUndefined();
    expect(
      findOnPath("pulumi", { PATH: "C:\\p", PATHEXT: ".EXE;.CMD" }, "win32", (p) =>
        p.endsWith("pulumi.EXE"),
      ),
    ).toMatch(/pulumi\.EXE$/);
  });
});

describe("argument parsing", () => {
  it("reads lists, = values and positionals", () => {
    const a = parseArgs([
      "init",
      "--cohort=c1",
      "--labs",
      "explore-workspace",
      "run-pipelines,work-with-compute",
      "--roster",
      "r.csv",
    ]);
    expect(a.values).toEqual({ cohort: "c1", roster: "r.csv" });
    expect(a.lists.labs).toEqual(["explore-workspace", "run-pipelines", "work-with-compute"]);
    expect(parseArgs(["reset-learner", "ada", "--lab", "x"]).positionals).toEqual(["ada"]);
    expect(parseArgs([]).command).toBe("help");
    expect(parseArgs(["up", "--help"]).command).toBe("help");
  });

  it.each([
    [["deploy"], /unknown command 'deploy'.*init, preview, up/],
    [["up", "--labs", "x"], /unknown option --labs for 'up': accepted options are .*--lab/],
    [["up", "--lab"], /--lab needs a value/],
    [["up", "--lab", "a", "--lab", "b"], /--lab is given twice \('a' and 'b'\)/],
    [["destroy", "--yes=no"], /--yes takes no value/],
    [["up", "stray"], /unexpected argument 'stray'/],
    [["reset-learner"], /needs a learner id/],
    [["reset-learner", "ada", "bob"], /unexpected argument 'bob'/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe("manifest and roster", () => {
  it("merges labs on a re-init and reports a damaged manifest by name", () => {
    const m1 = upsertCohort(emptyManifest(), "c1", {
      labs: ["a", "b"],
      location: "eastus",
      rosterFile: "/r",
      backend: "file:///s",
      updatedAt: "t",
    });
    const m2 = upsertCohort(m1, "c1", {
      labs: ["b", "c"],
      location: "westus",
      rosterFile: "/r",
      backend: "file:///s",
      updatedAt: "t2",
    });
    expect(m2.cohorts.c1.labs).toEqual(["a", "b", "c"]);
    expect(m2.cohorts.c1.location).toBe("westus");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "manifest-"));
    expect(readManifest(dir)).toEqual(emptyManifest());
    writeManifest(dir, m2);
    expect(readManifest(dir)).toEqual(m2);
    fs.writeFileSync(path.join(dir, "dp100-cohorts.json"), "{nope");
    expect(() => readManifest(dir)).toThrow(/dp100-cohorts\.json is not valid JSON/);
  });

  it("reads the roster with the one shared reader and checks the header", () => {
    const roster = readRosterCsv(fs.readFileSync(ROSTER, "utf8"), ROSTER);
    expect(roster.map((l) => l.id)).toEqual(["ada", "bob", "zoé"]);
    expect(roster[1].displayName).toBe('Bob "the builder"');
    expect(() => readRosterCsv("id,displayName\nada,A\n", "r.csv")).toThrow(
      /lacks objectId or email/,
    );
    expect(() => readRosterCsv("id,objectId\n", "r.csv")).toThrow(/no learners/);
  });
});

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

describe("init", () => {
  it("creates the foundation first, then one lab stack per lab, and records the cohort", async () => {
    const h = harness();
    const code = await h.run(
      "init",
      "--cohort",
      "c1",
      "--roster",
      ROSTER,
      "--labs",
      "explore-workspace",
      "run-pipelines",
      "--expires-on",
      "2025-06-30",
    );
    expect(code).toBe(0);
    expect(h.driver.inits.map((i) => i.stack)).toEqual([
      "c1-foundation",
      "c1-explore-workspace",
      "c1-run-pipelines",
    ]);
    // The foundation holds the roster and the course's labs.
    expect(h.driver.inits[0].config).toEqual({
      "dp100-labs:mode": "cohort",
      "dp100-labs:part": "foundation",
      "dp100-labs:cohort": "c1",
      "dp100-labs:labs": ["explore-workspace", "run-pipelines"],
      "dp100-labs:rosterFile": ROSTER,
      "azure-native:location": "eastus",
      "dp100-labs:expiresOn": "2025-06-30",
    });
    // A lab stack: its labs and its foundation, no roster.
    expect(h.driver.inits[2].config).toEqual({
      "dp100-labs:mode": "cohort",
      "dp100-labs:part": "lab",
      "dp100-labs:cohort": "c1",
      "dp100-labs:foundation": "c1-foundation",
      "dp100-labs:labs": ["run-pipelines"],
      "azure-native:location": "eastus",
    });
    expect(h.driverOptions[0]).toEqual({
      workDir: "/repo",
      backendUrl: fileBackendUrl(h.stateDir),
      envVars: { PULUMI_BACKEND_URL: fileBackendUrl(h.stateDir), PULUMI_SKIP_UPDATE_CHECK: "true" },
      secretsProvider: "passphrase",
      policyPacks: ["/repo/policy"],
      policyPackConfigs: [],
    });
    const manifest = readManifest(h.stateDir);
    expect(manifest.cohorts.c1).toMatchObject({
      labs: ["explore-workspace", "run-pipelines"],
      foundation: "c1-foundation",
      location: "eastus",
      rosterFile: ROSTER,
      expiresOn: "2025-06-30",
    });
    expect(text(h.out)).toMatch(
      /Cohort c1: 3 learner\(s\), foundation c1-foundation and 2 lab stack\(s\)/,
    );
    expect(text(h.out)).toMatch(/Next: npm run cohort -- plan --cohort c1/);
  });

  it("takes any backend URL; Pulumi Cloud needs no passphrase", async () => {
    const h = harness({ env: {} });
    const code = await h.run(
      "init",
      "--cohort",
      "c1",
      "--roster",
      ROSTER,
      "--labs",
      "run-pipelines",
      "--backend",
      "https://api.pulumi.com",
    );
    expect(code).toBe(0);
    expect(h.driverOptions[0].envVars.PULUMI_BACKEND_URL).toBe("https://api.pulumi.com");
    expect(h.driverOptions[0].secretsProvider).toBeUndefined();
    expect(readManifest(h.stateDir).cohorts.c1.backend).toBe("https://api.pulumi.com");
  });

  it.each([
    [
      ["--cohort", "x".repeat(65)],
      /--cohort 'x{65}' is not a valid cohort name: use 1-64 characters/,
    ],
    [
      ["--cohort", "c1", "--labs", "nope"],
      /--labs 'nope' is not a lab id; known labs: explore-workspace/,
    ],
    [
      // A retired id names its replacement, as the program does (labs/retired.ts).
      ["--cohort", "c1", "--labs", "deploy-aks-inference"],
      /--labs 'deploy-aks-inference' is retired .*use 'deploy-kubernetes-online-endpoint' instead/,
    ],
    [
      ["--cohort", "c1", "--location", "East US"],
      /--location 'East US' is not an Azure region: did you mean 'eastus'\?/,
    ],
    [
      ["--cohort", "c1", "--location", "westeurpoe"],
      /--location 'westeurpoe' is not an Azure region: did you mean 'westeurope'\?/,
    ],
    [
      ["--cohort", "c1", "--expires-on", "2025-02-30"],
      /--expires-on '2025-02-30' is not a date: use YYYY-MM-DD/,
    ],
    [
      ["--cohort", "c1", "--topology", "mesh"],
      /--topology 'mesh' is not accepted: use shared or isolated/,
    ],
    [
      ["--cohort", "c1", "--concurrency", "0"],
      /--concurrency '0' is not accepted: use a whole number from 1 to 10/,
    ],
    [
      ["--cohort", "c1", "--backend", "ftp://x"],
      /--backend 'ftp:\/\/x' is not a Pulumi backend URL/,
    ],
    [["--labs", "run-pipelines"], /init needs --cohort ID/],
  ])("rejects %j with exit 2 before touching any stack", async (flags, message) => {
    const h = harness();
    const argv = [
      "init",
      "--roster",
      ROSTER,
      ...(flags.includes("--labs") ? [] : ["--labs", "run-pipelines"]),
      ...flags,
    ];
    expect(await h.run(...argv)).toBe(2);
    expect(text(h.err)).toMatch(message);
    expect(text(h.err)).toMatch(/npm run cohort -- help/);
    expect(h.driverOptions).toHaveLength(0);
  });

  it("names the roster flag when the file is missing or lacks columns", async () => {
    const h = harness();
    expect(
      await h.run("init", "--cohort", "c1", "--labs", "run-pipelines", "--roster", "missing.csv"),
    ).toBe(2);
    expect(text(h.err)).toMatch(/--roster '.*missing\.csv' cannot be read \(ENOENT\)/);
    const bad = path.join(__dirname, "fixtures", "cohort-roster-bad-header.csv");
    fs.writeFileSync(bad, "id,displayName\nada,Ada\n");
    expect(await h.run("init", "--cohort", "c1", "--labs", "run-pipelines", "--roster", bad)).toBe(
      2,
    );
    fs.rmSync(bad);
    expect(text(h.err)).toMatch(
      /--roster '.*cohort-roster-bad-header\.csv' line 1: .*lacks objectId or email/,
    );
    expect(h.driver.inits).toHaveLength(0);
  });
});

/** A directory that knows some addresses (member or guest) and records invitations. */
class FakeDirectory implements Directory {
  readonly invited: string[] = [];
  constructor(private readonly users: Record<string, DirectoryUser>) {}
  async findUsers(address: string): Promise<DirectoryUser[]> {
    const u = this.users[address.toLowerCase()];
    return u ? [u] : [];
  }
  async invite(address: string): Promise<DirectoryUser> {
    this.invited.push(address);
    return {
      id: `00000000-0000-4000-9000-${String(this.invited.length).padStart(12, "0")}`,
      userType: "Guest",
    };
  }
}

describe("init with e-mail rosters and settings", () => {
  const emailRoster = () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roster-")), "roster.csv");
    fs.writeFileSync(
      file,
      "Email,Id\nada@contoso.com,ada\ngrace@example.com,grace\nalan@example.org,alan\n",
    );
    return file;
  };
  const initEmails = (h: Harness, ...flags: string[]) =>
    h.run("init", "--cohort", "c1", "--roster", emailRoster(), "--labs", "run-pipelines", ...flags);
  const known = () =>
    new FakeDirectory({
      "ada@contoso.com": { id: "4782E723-F4F4-4AF3-A76E-25E3BAB0D896", userType: "Member" },
      "grace@example.com": { id: "c03e6eaa-b6ab-46d7-905b-73ec7ea1f755", userType: "Guest" },
      "trainer@contoso.com": { id: "aaaaaaaa-f4f4-4af3-a76e-25e3bab0d896", userType: "Member" },
    });

  it("reports every unresolved row with its line, exit 2, and creates no stack", async () => {
    const h = harness({ directory: known() });
    const code = await initEmails(h);
    expect(code).toBe(2);
    expect(text(h.err)).toMatch(/line 4 \(alan, alan@example\.org\): no user or guest .*--invite/);
    expect(h.driver.inits).toHaveLength(0);
    expect(fs.existsSync(path.join(h.stateDir, "dp100-cohorts.json"))).toBe(false);
  });

  it("with --invite, writes the resolved ids and the settings into every stack", async () => {
    const dir = known();
    const h = harness({ directory: dir });
    const code = await initEmails(
      h,
      "--invite",
      "--trainer",
      "trainer@contoso.com",
      "--budget",
      "250",
      "--alert-email",
      "ops@contoso.com",
      "--idle-shutdown",
      "45",
      "--stop-time",
      "17:30",
      "--time-zone",
      "Pacific Standard Time",
    );
    expect(text(h.err)).toBe("");
    expect(code).toBe(0);
    expect(dir.invited).toEqual(["alan@example.org"]);
    const config = h.driver.inits[0].config;
    expect(JSON.parse(config["dp100-labs:learnerObjectIds"] as string)).toEqual({
      "ada@contoso.com": "4782e723-f4f4-4af3-a76e-25e3bab0d896",
      "grace@example.com": "c03e6eaa-b6ab-46d7-905b-73ec7ea1f755",
      "alan@example.org": "00000000-0000-4000-9000-000000000001",
    });
    expect(JSON.parse(config["dp100-labs:trainers"] as string)).toEqual([
      { objectId: "aaaaaaaa-f4f4-4af3-a76e-25e3bab0d896", email: "trainer@contoso.com" },
    ]);
    expect(config).toMatchObject({
      "dp100-labs:budget": "250",
      "dp100-labs:alertEmails": ["ops@contoso.com"],
      "dp100-labs:idleShutdownMinutes": "45",
      "dp100-labs:stopTime": "17:30",
      "dp100-labs:timeZone": "Pacific Standard Time",
    });
  });

  it.each([
    [
      ["--stop-time", "25:00"],
      /configuration error: dp100-labs:stopTime: '25:00' is not accepted; use a 24-hour time.*No stack was created/,
    ],
    [
      ["--idle-shutdown", "5"],
      /configuration error: dp100-labs:idleShutdownMinutes: '5' .*whole number from 15 to 4320/,
    ],
    [
      ["--time-zone", "Europe/Paris"],
      /configuration error: dp100-labs:timeZone: 'Europe\/Paris' .*accepted values are UTC/,
    ],
    [
      ["--alert-email", "nobody"],
      /configuration error: dp100-labs:alertEmails: 'nobody' .*e-mail addresses/,
    ],
    [["--budget", "-3"], /configuration error: dp100-labs:budget: '-3' .*whole number/],
  ])("checks %j with the program's rules before creating any stack", async (flags, message) => {
    const h = harness();
    const init = ["init", "--cohort", "c1", "--roster", ROSTER, "--labs", "run-pipelines"];
    expect(await h.run(...init, ...flags)).toBe(2);
    expect(text(h.err)).toMatch(message);
    expect(h.driver.inits).toHaveLength(0);
  });
});

describe("cohort names as people write them", () => {
  it("init keeps 'March 2027 London' in the manifest and configuration, stacks use its short part", async () => {
    const h = harness();
    const name = "March 2027 London";
    expect(
      await h.run("init", "--cohort", name, "--roster", ROSTER, "--labs", "run-pipelines"),
    ).toBe(0);
    const part = cohortNamePart(name);
    expect(part).toMatch(/^marc[a-z0-9]{4}$/);
    // The course-long foundation first, then the lab stack.
    expect(h.driver.inits.map((i) => i.stack)).toEqual([
      `${part}-foundation`,
      `${part}-run-pipelines`,
    ]);
    expect(h.driver.inits[0].config["dp100-labs:cohort"]).toBe(name);
    expect(Object.keys(readManifest(h.stateDir).cohorts)).toEqual([name]);
    expect(await h.run("config", "set", "idleShutdownMinutes", "60", "--cohort", name)).toBe(0);
    // A setting goes to the foundation (where the instances are) and to the lab stacks.
    expect(h.driver.inits.slice(2)).toEqual([
      { stack: `${part}-foundation`, config: { "dp100-labs:idleShutdownMinutes": "60" } },
      { stack: `${part}-run-pipelines`, config: { "dp100-labs:idleShutdownMinutes": "60" } },
    ]);
  });
});

describe("config set", () => {
  it("judges a value with the stack's own configuration when its stack file is here", async () => {
    const h = deployedCohort(["run-pipelines"]);
    (h.deps as { repoRoot: string }).repoRoot = h.cwd;
    const stackFile = (allowed: string[]) =>
      fs.writeFileSync(
        path.join(h.cwd, "Pulumi.c1-run-pipelines.yaml"),
        YAML.stringify({
          config: {
            "dp100-labs:mode": "cohort",
            "dp100-labs:cohort": "c1",
            "dp100-labs:learners": [
              { id: "ada", objectId: "00000000-0000-4000-8000-000000000001" },
            ],
            "dp100-labs:labs": ["run-pipelines"],
            "dp100-labs:vmSizeChoices": allowed,
          },
        }),
      );
    // The size is judged against the list this stack allows, not the default one.
    stackFile(["Standard_DS11_v2", "Standard_NC6s_v3"]);
    expect(
      await h.run("config", "set", "instanceVmSize", "Standard_NC6s_v3", "--cohort", "c1"),
    ).toBe(0);
    stackFile(["Standard_DS11_v2"]);
    expect(
      await h.run("config", "set", "instanceVmSize", "Standard_NC6s_v3", "--cohort", "c1"),
    ).toBe(2);
    expect(text(h.err)).toMatch(/dp100-labs:instanceVmSize: 'Standard_NC6s_v3' is not accepted/);
  });

  it("checks the value, then sets it on every stack of the cohort", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    expect(await h.run("config", "set", "stopTime", "17:30", "--cohort", "c1")).toBe(0);
    expect(h.driver.inits).toEqual([
      { stack: "c1-explore-workspace", config: { "dp100-labs:stopTime": "17:30" } },
      { stack: "c1-run-pipelines", config: { "dp100-labs:stopTime": "17:30" } },
    ]);
  });

  it.each([
    [["stopTime", "5pm"], /dp100-labs:stopTime: '5pm' is not accepted/],
    [["labs", "all"], /written by 'npm run cohort -- init'/],
    [["aws:region", "x"], /not a cohort setting/],
    [["stopTme", "17:00"], /unknown key/],
  ])("refuses %j and writes nothing", async (kv, message) => {
    const h = deployedCohort(["run-pipelines"]);
    expect(await h.run("config", "set", ...kv, "--cohort", "c1")).toBe(2);
    expect(text(h.err)).toMatch(message);
    expect(h.driver.inits).toHaveLength(0);
  });

  it("needs set KEY VALUE", async () => {
    const h = deployedCohort(["run-pipelines"]);
    expect(await h.run("config", "get", "stopTime", "--cohort", "c1")).toBe(2);
    expect(text(h.err)).toMatch(/config takes 'set KEY VALUE'/);
  });
});

describe("init (passphrase)", () => {
  it("stops with a clear message when no passphrase is set", async () => {
    const h = harness({ env: {} });
    expect(
      await h.run("init", "--cohort", "c1", "--roster", ROSTER, "--labs", "run-pipelines"),
    ).toBe(2);
    expect(text(h.err)).toMatch(/No passphrase for the state at file:\/\//);
    expect(text(h.err)).toMatch(/export PULUMI_CONFIG_PASSPHRASE=/);
    expect(h.driver.inits).toHaveLength(0);
  });
});

describe("without the Pulumi CLI", () => {
  it.each([
    ["init", "--cohort", "c1", "--roster", ROSTER, "--labs", "run-pipelines"],
    ["up"],
    ["destroy", "--yes"],
    ["status"],
    ["handout"],
    ["reset-learner", "ada"],
  ])("%s explains how to install it and exits 2", async (...argv) => {
    const h = harness({ pulumi: false });
    expect(await h.run(...argv)).toBe(2);
    expect(text(h.err)).toMatch(/The Pulumi CLI \('pulumi'\) is not on PATH/);
    expect(text(h.err)).toMatch(/https:\/\/www\.pulumi\.com\/docs\/install\//);
    expect(text(h.err)).toMatch(/scripts\/pulumi-cli\.sh/);
    expect(h.driverOptions).toHaveLength(0);
  });

  it("still runs help and list", async () => {
    const h = deployedCohort(["run-pipelines"], { pulumi: false });
    expect(await runCli(["help"], h.deps)).toBe(0);
    expect(text(h.out)).toMatch(/Usage: npm run cohort -- <command>/);
    expect(await h.run("list")).toBe(0);
    expect(text(h.out)).toMatch(/c1\s+run-pipelines\s+eastus/);
  });

  it("reports argument errors first", async () => {
    const h = harness({ pulumi: false });
    expect(await h.run("up", "--lab", "nope")).toBe(2);
    expect(text(h.err)).toMatch(/--lab 'nope' is not a lab id/);
    expect(text(h.err)).not.toMatch(/not on PATH/);
  });
});

describe("preview and up", () => {
  it("runs every stack of the cohort, never more than --concurrency at once, in lab order", async () => {
    const h = deployedCohort(LABS);
    expect(await h.run("up", "--concurrency", "2")).toBe(0);
    expect(h.driver.maxActive).toBe(2);
    expect(h.driver.ups.map((u) => u.stack)).toEqual(LABS.map((l) => `c1-${l}`));
    expect(h.driver.ups.every((u) => u.opts === undefined)).toBe(true);
    const summary = h.out.slice(h.out.indexOf("Summary of up:"));
    for (const lab of LABS)
      expect(summary.find((l) => l.startsWith(`c1-${lab} `))).toMatch(
        /succeeded\s+7\s+0\s+0\s+\+7/,
      );
    expect(text(h.out)).toMatch(/up: all 4 stack\(s\) succeeded\./);
  });

  it("defaults to two at once and honours --concurrency 1 and 3", async () => {
    for (const [flag, expected] of [
      [[], 2],
      [["--concurrency", "1"], 1],
      [["--concurrency", "3"], 3],
    ] as const) {
      const h = deployedCohort(LABS);
      expect(await h.run("preview", ...flag)).toBe(0);
      expect(h.driver.maxActive).toBe(expected);
    }
  });

  it("prints progress lines with resource counts and elapsed time", async () => {
    const h = deployedCohort(["run-pipelines"]);
    await h.run("up");
    expect(h.out[0]).toBe("[c1-run-pipelines] up started");
    expect(h.out).toContain("[c1-run-pipelines] up: 1 done, 6 to go, 00:01");
    expect(h.out).toContain("[c1-run-pipelines] up succeeded: 7 done, 0 to go, 00:07");
  });

  it("reports one stack's failure without abandoning the others, and exits 1", async () => {
    const h = deployedCohort(LABS);
    h.driver.failures.set(
      "up:c1-work-with-compute",
      "azure-native:machinelearningservices:Compute ci-ada: QuotaExceeded",
    );
    expect(await h.run("up", "--concurrency", "1")).toBe(1);
    expect(h.driver.calls.filter((c) => c.startsWith("up:"))).toEqual(
      LABS.map((l) => `up:c1-${l}`),
    );
    const out = text(h.out);
    expect(out).toMatch(/c1-work-with-compute\s+failed/);
    expect(out).toMatch(/c1-run-pipelines\s+succeeded/);
    expect(out).toMatch(
      /c1-work-with-compute: error: azure-native:machinelearningservices:Compute ci-ada: QuotaExceeded/,
    );
    expect(out).toMatch(/up: 1 of 4 stack\(s\) failed\./);
  });

  it("runs only --lab, and rejects a lab outside the cohort", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    expect(await h.run("preview", "--lab", "run-pipelines")).toBe(0);
    expect(h.driver.calls.filter((c) => c.startsWith("preview:"))).toEqual([
      "preview:c1-run-pipelines",
    ]);
    expect(await h.run("preview", "--lab", "work-with-compute")).toBe(2);
    expect(text(h.err)).toMatch(
      /--lab 'work-with-compute' is not one of cohort c1's labs \(explore-workspace, run-pipelines\)/,
    );
  });

  it("derives the cohort's stacks from stack names when no manifest records it (CI)", async () => {
    const h = harness({
      stacks: {
        "c2-run-pipelines": {
          resources: deployedState("c2-run-pipelines"),
          outputs: {},
          config: {},
        },
        "c2-not-a-lab": { resources: [], outputs: {}, config: {} },
        "c3-run-pipelines": { resources: [], outputs: {}, config: {} },
      },
    });
    expect(
      await h.run("preview", "--cohort", "c2", "--backend", "azblob://state?storage_account=x"),
    ).toBe(0);
    expect(h.driver.calls.filter((c) => c.startsWith("preview:"))).toEqual([
      "preview:c2-run-pipelines",
    ]);
    expect(h.driverOptions[0].envVars.PULUMI_BACKEND_URL).toBe("azblob://state?storage_account=x");
  });

  it("asks for --cohort when the state folder has none or several", async () => {
    const h = harness();
    expect(await h.run("up")).toBe(2);
    expect(text(h.err)).toMatch(/no cohort is recorded in .*: pass --cohort ID/);
    const h2 = deployedCohort(["run-pipelines"]);
    writeManifest(
      h2.stateDir,
      upsertCohort(readManifest(h2.stateDir), "c9", {
        labs: ["run-pipelines"],
        location: "eastus",
        rosterFile: ROSTER,
        backend: "file:///x",
        updatedAt: "t",
      }),
    );
    expect(await h2.run("up")).toBe(2);
    expect(text(h2.err)).toMatch(/several cohorts are recorded \(c1, c9\): pass --cohort ID/);
  });
});

describe("resource providers before preview and up", () => {
  /** A fake gate over a registration table: what is registered, what --register-providers may register. */
  function fakeGate(registered: Set<string>, needed: string[], registrable = needed) {
    const calls: Array<{ stacks: readonly string[]; register: boolean }> = [];
    const gate: ProviderGate = {
      async check(stacks, opts) {
        calls.push({ stacks, register: opts.register });
        if (opts.register) {
          for (const ns of needed.filter((n) => registrable.includes(n))) registered.add(ns);
        }
        const providers = needed.map((namespace) => ({
          namespace,
          level: "required" as const,
          state: registered.has(namespace) ? "Registered" : "NotRegistered",
          registered: registered.has(namespace),
        }));
        return {
          subscriptionId: SUB,
          providers,
          missing: providers.filter((p) => !p.registered).map((p) => p.namespace),
          missingRecommended: [],
        };
      },
    };
    return { gate, calls };
  }
  const NEEDED = ["Microsoft.MachineLearningServices", "Microsoft.Notebooks"];

  it("stops with exit 2 before any stack when a provider is not registered", async () => {
    for (const command of ["preview", "up"]) {
      const { gate, calls } = fakeGate(new Set(["Microsoft.MachineLearningServices"]), NEEDED);
      const h = deployedCohort(["run-pipelines", "explore-workspace"], { providerGate: gate });
      expect(await h.run(command)).toBe(2);
      expect(h.driver.calls.filter((c) => /^(preview|up):/.test(c))).toEqual([]);
      expect(calls).toEqual([
        { stacks: ["c1-run-pipelines", "c1-explore-workspace"], register: false },
      ]);
      const err = text(h.err);
      expect(err).toMatch(/FAIL Microsoft\.Notebooks\s+NotRegistered/);
      expect(err).toMatch(
        /not registered with Microsoft\.Notebooks: the first create would fail with MissingSubscriptionRegistration/,
      );
      expect(err).toMatch(/npm run preflight -- --stack c1-run-pipelines --register/);
      expect(err).toMatch(/--register-providers/);
    }
  });

  it("--register-providers registers them, then deploys", async () => {
    const { gate, calls } = fakeGate(new Set(), NEEDED);
    const h = deployedCohort(["run-pipelines"], { providerGate: gate });
    expect(await h.run("up", "--register-providers")).toBe(0);
    expect(calls[0].register).toBe(true);
    expect(h.driver.ups.map((u) => u.stack)).toEqual(["c1-run-pipelines"]);
    expect(text(h.out)).toMatch(
      /Resource providers: the 2 required by these stacks are registered/,
    );
  });

  it("exit 2 when registration fails, or when the check cannot run", async () => {
    const { gate } = fakeGate(new Set(), NEEDED, ["Microsoft.MachineLearningServices"]);
    const h = deployedCohort(["run-pipelines"], { providerGate: gate });
    expect(await h.run("up", "--register-providers")).toBe(2);
    expect(text(h.err)).toMatch(/Microsoft\.Notebooks could not be registered/);
    expect(h.driver.ups).toEqual([]);
    const offline: ProviderGate = {
      check: () => Promise.reject(new Error("getaddrinfo ENOTFOUND management.azure.com")),
    };
    const h2 = deployedCohort(["run-pipelines"], { providerGate: offline });
    expect(await h2.run("preview")).toBe(2);
    expect(text(h2.err)).toMatch(/ENOTFOUND[\s\S]*--skip-provider-check/);
    expect(await h2.run("preview", "--skip-provider-check")).toBe(0);
    expect(text(h2.out)).toMatch(/Resource providers: not checked \(--skip-provider-check\)/);
  });

  it("the flags belong to preview and up only", () => {
    expect(parseArgs(["up", "--register-providers"]).bools.has("register-providers")).toBe(true);
    expect(() => parseArgs(["status", "--register-providers"])).toThrow(UsageError);
  });
});

describe("status", () => {
  it("shows resources, last update, learners and expiry per stack", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    h.driver.stacks.get("c1-run-pipelines")!.status = {
      resourceCount: 42,
      lastUpdate: { kind: "update", result: "succeeded", endTime: "2025-06-14T10:00:00.000Z" },
    };
    h.driver.failures.set("outputs:c1-explore-workspace", "error: passphrase is wrong");
    expect(await h.run("status")).toBe(1);
    const out = text(h.out);
    expect(out).toMatch(
      /c1-run-pipelines\s+42\s+update succeeded\s+2025-06-14T10:00:00.000Z\s+2\s+2025-06-30/,
    );
    expect(out).toMatch(/c1-explore-workspace: error: passphrase is wrong/);
  });
});

describe("destroy", () => {
  it("refuses without --yes and names what it would destroy", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    expect(await h.run("destroy")).toBe(2);
    expect(text(h.err)).toMatch(
      /destroy deletes every resource of c1-explore-workspace, c1-run-pipelines.*\n.*--yes/,
    );
    expect(h.driver.destroys).toHaveLength(0);
  });

  it("destroys the workspaces first, purges them, destroys the rest, then purges the key vaults", async () => {
    const h = deployedCohort(["run-pipelines"]);
    const stack = "c1-run-pipelines";
    h.purger.deleted = [{ name: `kv-${stack}`, location: "eastus", purgeProtectionEnabled: false }];
    expect(await h.run("destroy", "--yes")).toBe(0);
    const wsUrn = urnOf(
      stack,
      "azure-native:machinelearningservices:Workspace",
      "ws",
      "dp100:lab:Environment$",
    );
    expect(h.driver.destroys).toEqual([
      { stack, opts: { target: [wsUrn], targetDependents: true } },
      { stack, opts: undefined },
    ]);
    expect(h.driver.calls.filter((c) => !c.startsWith("listStacks"))).toEqual([
      `resources:${stack}`,
      `destroy:${stack}`,
      `resources:${stack}`,
      `purgeWorkspace:mlw-${stack}`,
      `destroy:${stack}`,
      `resources:${stack}`,
      "listDeletedVaults",
      `purgeVault:kv-${stack}`,
    ]);
    expect(h.purger.calls).toContain(`listDeletedVaults:${SUB}`);
    expect(h.purger.calls).toContain(`purgeVault:kv-${stack}@eastus`);
    const out = text(h.out);
    expect(out).toMatch(/c1-run-pipelines: purged workspace mlw-c1-run-pipelines/);
    expect(out).toMatch(/c1-run-pipelines: purged key vault kv-c1-run-pipelines/);
    expect(out).toMatch(/c1-run-pipelines\s+succeeded\s+7\s+0\s+0\s+-7/);
  });

  it("reports what it could not purge and exits 1; held and absent vaults are not failures", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines", "work-with-compute"]);
    h.purger.deleted = [
      {
        name: "kv-c1-explore-workspace",
        location: "eastus",
        purgeProtectionEnabled: true,
        scheduledPurgeDate: "2025-09-13T00:00:00Z",
      },
      { name: "kv-c1-run-pipelines", location: "eastus" },
      // kv-c1-work-with-compute is not listed: nothing soft-deleted under that name.
    ];
    h.purger.workspaceOutcome = (ws) =>
      ws.name === "mlw-c1-run-pipelines"
        ? { status: "failed", detail: "403 AuthorizationFailed: no purge permission" }
        : { status: "purged" };
    expect(await h.run("destroy", "--yes", "--concurrency", "1")).toBe(1);
    const out = text(h.out);
    expect(out).toMatch(
      /c1-explore-workspace: key vault kv-c1-explore-workspace not purged: purge protection is on: Azure keeps the name until 2025-09-13T00:00:00Z/,
    );
    expect(out).toMatch(/c1-explore-workspace\s+succeeded/);
    expect(out).toMatch(
      /c1-run-pipelines: error: could not purge workspace mlw-c1-run-pipelines: 403 AuthorizationFailed: no purge permission/,
    );
    expect(out).toMatch(/c1-run-pipelines\s+failed/);
    expect(out).toMatch(
      /c1-work-with-compute: key vault kv-c1-work-with-compute: nothing soft-deleted to purge/,
    );
    expect(out).toMatch(/c1-work-with-compute\s+succeeded/);
    // The purge failure did not stop the rest of that stack's destroy.
    expect(h.driver.stacks.get("c1-run-pipelines")!.resources).toEqual([]);
    expect(h.purger.calls).toContain("purgeVault:kv-c1-run-pipelines@eastus");
  });

  it("purges only what a failed destroy removed, and says what stays", async () => {
    const h = deployedCohort(["run-pipelines", "work-with-compute"]);
    h.purger.deleted = [{ name: "kv-c1-run-pipelines", location: "eastus" }];
    // run-pipelines: the full destroy fails with the key vault still in the state.
    h.driver.failures.set(
      "destroy:c1-run-pipelines",
      "error: deleting storage: StorageAccountLocked",
    );
    // work-with-compute: the workspace step fails after the workspace itself went.
    const ws = urnOf(
      "c1-work-with-compute",
      "azure-native:machinelearningservices:Workspace",
      "ws",
      "dp100:lab:Environment$",
    );
    h.driver.failures.set(
      "destroy-targeted:c1-work-with-compute",
      "error: deleting compute ci-bob: Conflict",
    );
    h.driver.removedBeforeFailure.set("destroy-targeted:c1-work-with-compute", [ws]);
    expect(await h.run("destroy", "--yes")).toBe(1);
    const out = text(h.out);
    expect(out).toMatch(/c1-run-pipelines: purged workspace mlw-c1-run-pipelines/);
    expect(out).toMatch(/c1-run-pipelines: error: deleting storage: StorageAccountLocked/);
    expect(out).toMatch(
      /c1-run-pipelines: error: not purged \(still in the stack\): key vault kv-c1-run-pipelines/,
    );
    expect(out).toMatch(/c1-work-with-compute: purged workspace mlw-c1-work-with-compute/);
    expect(out).toMatch(/c1-work-with-compute: error: deleting compute ci-bob: Conflict/);
    expect(out).toMatch(
      /c1-work-with-compute: error: not purged \(still in the stack\): key vault kv-c1-work-with-compute/,
    );
    expect(h.purger.calls.filter((c) => c.startsWith("purgeVault"))).toEqual([]);
    // No full destroy after the workspace step failed.
    expect(h.driver.destroys.filter((d) => d.stack === "c1-work-with-compute")).toHaveLength(1);
  });

  it("--expired destroys only stacks whose expiresOn has passed", async () => {
    const h = harness({
      startMs: Date.UTC(2025, 6, 1, 3, 0, 0),
      stacks: {
        "c1-run-pipelines": {
          resources: deployedState("c1-run-pipelines"),
          outputs: { expiresOn: "2025-06-30" },
          config: {},
        },
        "c2-run-pipelines": {
          resources: deployedState("c2-run-pipelines"),
          outputs: { expiresOn: "2025-07-01" },
          config: {},
        },
        "c3-run-pipelines": {
          resources: deployedState("c3-run-pipelines"),
          outputs: {},
          config: { "dp100-labs:expiresOn": "2025-05-01" },
        },
        dev: { resources: deployedState("dev"), outputs: { expiresOn: "none" }, config: {} },
      },
    });
    expect(
      await h.run("destroy", "--expired", "--yes", "--backend", "azblob://state?storage_account=x"),
    ).toBe(0);
    expect([...new Set(h.driver.destroys.map((d) => d.stack))]).toEqual([
      "c1-run-pipelines",
      "c3-run-pipelines",
    ]);
    const out = text(h.out);
    expect(out).toMatch(/c2-run-pipelines\s+keep\s+expires on 2025-07-01/);
    expect(out).toMatch(/dev\s+keep\s+no expiresOn/);
    expect(out).toMatch(/c1-run-pipelines\s+destroy\s+expired on 2025-06-30/);
  });

  it("--expired with nothing expired destroys nothing, and refuses --lab", async () => {
    const h = harness({
      stacks: {
        "c1-run-pipelines": {
          resources: deployedState("c1-run-pipelines"),
          outputs: { expiresOn: "2099-01-01" },
          config: {},
        },
      },
    });
    expect(await h.run("destroy", "--expired", "--yes")).toBe(0);
    expect(text(h.out)).toMatch(/Nothing to destroy\./);
    expect(h.driver.destroys).toHaveLength(0);
    expect(await h.run("destroy", "--expired", "--lab", "run-pipelines", "--yes")).toBe(2);
    expect(text(h.err)).toMatch(/--expired selects stacks by date: it does not combine with --lab/);
  });
});

describe("selectExpired", () => {
  const stacks = (entries: Record<string, Partial<FakeStack>>) =>
    new FakeDriver(
      new Map(
        Object.entries(entries).map(([k, v]) => [
          k,
          { resources: [], outputs: {}, config: {}, ...v },
        ]),
      ),
    );

  it("decides per stack from the output, then the config", async () => {
    const d = stacks({
      past: { outputs: { expiresOn: "2025-06-30" } },
      today: { outputs: { expiresOn: "2025-07-01" } },
      none: { outputs: { expiresOn: "none" } },
      cfg: { config: { "dp100-labs:expiresOn": "2024-12-31" } },
      bad: { outputs: { expiresOn: "next week" } },
    });
    d.failures.set("outputs:broken", "error: getting secrets manager: passphrase must be set");
    d.stacks.set("broken", { resources: [], outputs: {}, config: {} });
    const listing: StackListing[] = [
      { name: "past", resourceCount: 10 },
      { name: "today", resourceCount: 10 },
      { name: "none" },
      { name: "cfg" },
      { name: "bad" },
      { name: "broken" },
      { name: "empty-past", resourceCount: 0 },
    ];
    d.stacks.set("empty-past", { resources: [], outputs: { expiresOn: "2025-01-01" }, config: {} });
    const decisions = await selectExpired(d, listing, "2025-07-01");
    expect(decisions.map((x) => [x.stack, x.action])).toEqual([
      ["past", "destroy"],
      ["today", "keep"],
      ["none", "keep"],
      ["cfg", "destroy"],
      ["bad", "error"],
      ["broken", "error"],
      ["empty-past", "keep"],
    ]);
    expect(decisions.find((x) => x.stack === "bad")!.reason).toMatch(
      /'next week' is not a date YYYY-MM-DD/,
    );
    expect(decisions.find((x) => x.stack === "empty-past")!.reason).toMatch(/already empty/);
    expect(isExpired("2025-06-30", "2025-07-01")).toBe(true);
    expect(isExpired("2025-07-01", "2025-07-01")).toBe(false);
  });

  it("limits the selection to one cohort when asked", async () => {
    const d = stacks({
      "c1-x": { outputs: { expiresOn: "2020-01-01" } },
      "c2-x": { outputs: { expiresOn: "2020-01-01" } },
    });
    const decisions = await selectExpired(
      d,
      [{ name: "c1-x" }, { name: "organization/dp100-labs/c2-x" }],
      "2025-01-01",
      "c2",
    );
    expect(decisions.map((x) => x.stack)).toEqual(["organization/dp100-labs/c2-x"]);
  });
});

describe("purge decisions", () => {
  it("takes workspaces and key vaults (with their region) from the state", () => {
    const t = purgeTargets(deployedState("c1-lab"));
    expect(t.workspaces).toEqual([
      expect.objectContaining({
        name: "mlw-c1-lab",
        resourceGroup: "rg-c1-lab",
        subscriptionId: SUB,
      }),
    ]);
    expect(t.vaults).toEqual([
      expect.objectContaining({ name: "kv-c1-lab", location: "eastus", subscriptionId: SUB }),
    ]);
    expect(
      parseArmId("/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v"),
    ).toEqual({
      subscriptionId: "s",
      resourceGroup: "g",
      resourceType: "Microsoft.KeyVault/vaults",
      name: "v",
    });
    expect(parseArmId("not-an-id")).toBeUndefined();
  });

  it("never purges a deleted vault of the same name in another region, and survives a list failure", async () => {
    const p = new FakePurger();
    p.deleted = [{ name: "kv-a", location: "westeurope" }];
    const items = await purgeVaults(p, [
      { id: "x", subscriptionId: "s", name: "kv-a", location: "eastus" },
    ]);
    expect(items).toEqual([{ kind: "key vault", name: "kv-a", status: "absent" }]);
    expect(p.calls.filter((c) => c.startsWith("purgeVault"))).toEqual([]);
    p.listDeletedVaults = async () => {
      throw new Error("403 AuthorizationFailed");
    };
    const failed = await purgeVaults(p, [{ id: "x", subscriptionId: "s", name: "kv-a" }]);
    expect(failed[0]).toMatchObject({
      status: "failed",
      detail: "could not list deleted key vaults: 403 AuthorizationFailed",
    });
  });
});

describe("reset-learner", () => {
  it("replaces exactly that learner's compute instance and targets nothing else", async () => {
    const h = deployedCohort(["work-with-compute"]);
    expect(await h.run("reset-learner", "bob")).toBe(0);
    const urn = urnOf(
      "c1-work-with-compute",
      COMPUTE_TYPE,
      `${instanceLogicalName("bob")}-compute`,
      "dp100:ml:ComputeInstance$",
    );
    expect(h.driver.ups).toEqual([
      {
        stack: "c1-work-with-compute",
        opts: { replace: [urn], target: [urn], targetDependents: true },
      },
    ]);
    expect(text(h.out)).toMatch(/reset-learner: all 1 stack\(s\) succeeded\./);
  });

  it("asks for --lab when the learner has an instance in several labs", async () => {
    const h = deployedCohort(["work-with-compute", "run-pipelines"]);
    expect(await h.run("reset-learner", "ada")).toBe(2);
    expect(text(h.err)).toMatch(
      /learner 'ada' has a compute instance in several labs \(work-with-compute, run-pipelines\): pass --lab ID/,
    );
    expect(h.driver.ups).toHaveLength(0);
    expect(await h.run("reset-learner", "ada", "--lab", "run-pipelines")).toBe(0);
    expect(h.driver.ups.map((u) => u.stack)).toEqual(["c1-run-pipelines"]);
  });

  it("names an unknown learner and replaces nothing", async () => {
    const h = deployedCohort(["work-with-compute"]);
    expect(await h.run("reset-learner", "carol")).toBe(2);
    expect(text(h.err)).toMatch(/learner 'carol' has no compute instance in c1-work-with-compute/);
    expect(h.driver.ups).toHaveLength(0);
  });
});

describe("findLearnerComputeUrn", () => {
  const compute = (
    name: string,
    computeType = "ComputeInstance",
    parents = "dp100:ml:ComputeInstance$",
  ): StateResource => ({
    urn: urnOf("s", COMPUTE_TYPE, name, parents),
    type: COMPUTE_TYPE,
    inputs: { properties: { computeType } },
  });

  it("matches the stack program's logical name, for ids with accents and spaces too", () => {
    for (const id of ["ada", "Zoé O'Brien", "12345"]) {
      const others = [
        compute(`${instanceLogicalName("someone")}-compute`),
        compute("aml-cluster", "AmlCompute", ""),
      ];
      const mine = compute(`${instanceLogicalName(id)}-compute`);
      expect(findLearnerComputeUrn([...others, mine], id)).toEqual({ urn: mine.urn });
    }
  });

  it("accepts <something>-ci-<learnerId>, prefers the plain head, and never picks a cluster", () => {
    const ada = compute("lab-ci-ada");
    const bobCiAda = compute("lab-ci-bob-ci-ada");
    const cluster = compute("pool-ci-ada", "AmlCompute");
    expect(findLearnerComputeUrn([bobCiAda, cluster, ada], "ADA")).toEqual({ urn: ada.urn });
    expect(findLearnerComputeUrn([bobCiAda, ada], "bob-ci-ada")).toEqual({ urn: bobCiAda.urn });
    expect(findLearnerComputeUrn([cluster], "ada")).toEqual({
      error: "no compute instance for learner 'ada' in this stack",
    });
  });

  it("refuses to guess between two equally good matches", () => {
    const a = compute("one-ci-ada");
    const b = compute("two-ci-ada");
    const r = findLearnerComputeUrn([a, b], "ada");
    expect("error" in r && r.error).toMatch(/several compute instances match learner 'ada'/);
  });

  it("parses URNs with parent types and :: in names", () => {
    expect(parseUrn("urn:pulumi:st::proj::a:b:C$x:y:Z::name::with::colons")).toEqual({
      stack: "st",
      project: "proj",
      type: "x:y:Z",
      name: "name::with::colons",
    });
    expect(parseUrn("nope")).toBeUndefined();
  });
});

describe("handout", () => {
  it("writes the cohort's Markdown and CSV and one pair per lab, with cli/handout.ts's formatter", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    expect(await h.run("handout")).toBe(0);
    const dir = path.join(h.cwd, "out", "c1");
    expect(fs.readdirSync(dir).sort()).toEqual([
      "explore-workspace.csv",
      "explore-workspace.md",
      "handout.csv",
      "handout.md",
      "run-pipelines.csv",
      "run-pipelines.md",
    ]);
    const md = fs.readFileSync(path.join(dir, "handout.md"), "utf8");
    const csv = fs.readFileSync(path.join(dir, "handout.csv"), "utf8");
    expect(md).toMatch(/^# DP-100 lab environments: cohort c1\n/);
    expect(md).toMatch(/^## Lab run-pipelines$/m);
    expect(md).toMatch(
      /\| ada \| Ada Lovelace \| ada@example\.com \| mlw-c1-run-pipelines \| ci-ada \| \[open\]\(https:\/\/ml\.azure\.com\/\?wsid=c1-run-pipelines\) \| 2025-06-30 \|/,
    );
    const lines = csv.trim().split("\r\n");
    expect(csv.startsWith("\uFEFFlab,")).toBe(true);
    expect(lines[0]).toBe(
      "lab,learner,displayName,email,workspace,computeInstance,studioUrl,expiresOn",
    );
    expect(lines).toContain(
      'run-pipelines,bob,"Bob ""the builder""",bob@example.com,mlw-c1-run-pipelines,ci-bob,https://ml.azure.com/?wsid=c1-run-pipelines,2025-06-30',
    );
    expect(lines).toHaveLength(5);
    expect(fs.readFileSync(path.join(dir, "run-pipelines.md"), "utf8")).toMatch(
      /^# Lab run-pipelines/,
    );
  });

  it("says which stacks have no learners output yet and exits 1", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    h.driver.stacks.get("c1-explore-workspace")!.outputs = {};
    const out = path.join(h.cwd, "custom");
    expect(await h.run("handout", "--out", out)).toBe(1);
    expect(text(h.out)).toMatch(/c1-explore-workspace: no learners output yet/);
    expect(fs.readFileSync(path.join(out, "handout.md"), "utf8")).toMatch(
      /## Lab explore-workspace\n\nNot deployed yet: stack `c1-explore-workspace` has no learners output\./,
    );
    expect(fs.existsSync(path.join(out, "explore-workspace.csv"))).toBe(false);
  });

  it("keeps the CSV header when nothing is deployed, and spreadsheet formulas harmless", () => {
    const none = combineHandouts("c1", [{ stack: "c1-x", lab: "x", outputs: {} }]);
    expect(none.csv).toBe(
      "\uFEFFlab,learner,displayName,email,workspace,computeInstance,studioUrl,expiresOn\r\n",
    );
    expect(none.missing).toEqual(["c1-x"]);
    const one = combineHandouts("c1", [
      { stack: "c1-x", lab: "x", outputs: { learners: { zoé: { displayName: "=cmd|calc" } } } },
    ]);
    expect(one.csv.split("\r\n")[1]).toBe("x,zoé,'=cmd|calc,,,,,");
  });
});

// ---------------------------------------------------------------------------------------------
// ARM purger (fake fetch)
// ---------------------------------------------------------------------------------------------

function response(
  status: number,
  body: unknown = "",
  headers: Record<string, string> = {},
): HttpResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    headers: { get: (n: string) => lower[n.toLowerCase()] ?? null },
    text: async () => (typeof body === "string" ? body : JSON.stringify(body)),
  };
}

function armWith(answers: HttpResponse[]) {
  const requests: string[] = [];
  const fetch: HttpFetch = async (url, init) => {
    requests.push(`${init.method} ${url}`);
    expect(init.headers.Authorization).toBe("Bearer tok");
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${init.method} ${url}`);
    return next;
  };
  const purger = new ArmSoftDeletePurger({
    fetch,
    getToken: async () => "tok",
    sleep: async () => undefined,
    clock: () => 0,
  });
  return { purger, requests };
}

describe("ArmSoftDeletePurger", () => {
  const ws: WorkspaceRef = {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw`,
    subscriptionId: SUB,
    resourceGroup: "rg",
    name: "mlw",
  };

  it("purges a workspace with forceToPurge and follows the async operation", async () => {
    const { purger, requests } = armWith([
      response(202, "", {
        "Azure-AsyncOperation": "https://management.azure.com/op/1",
        "Retry-After": "1",
      }),
      response(200, { status: "InProgress" }),
      response(200, { status: "Succeeded" }),
    ]);
    expect(await purger.purgeWorkspace(ws)).toEqual({ status: "purged" });
    expect(requests).toEqual([
      `DELETE https://management.azure.com${ws.id}?api-version=2024-04-01&forceToPurge=true`,
      "GET https://management.azure.com/op/1",
      "GET https://management.azure.com/op/1",
    ]);
  });

  it("explains a purge that is impossible because the resource group is gone", async () => {
    const { purger } = armWith([
      response(404, {
        error: {
          code: "ResourceGroupNotFound",
          message: "Resource group 'rg' could not be found.",
        },
      }),
    ]);
    const r = await purger.purgeWorkspace(ws);
    expect(r.status).toBe("failed");
    expect(r.detail).toMatch(/resource group rg no longer exists.*Recently deleted/);
    const { purger: p2 } = armWith([
      response(404, { error: { code: "ResourceNotFound", message: "x" } }),
    ]);
    expect(await p2.purgeWorkspace(ws)).toEqual({ status: "absent" });
  });

  it("lists deleted vaults across pages and purges one, retrying a throttled call", async () => {
    const { purger, requests } = armWith([
      response(200, {
        value: [
          {
            name: "kv-a",
            properties: { location: "eastus", purgeProtectionEnabled: false, vaultId: "/v/a" },
          },
        ],
        nextLink: "https://management.azure.com/next?page=2",
      }),
      response(200, {
        value: [
          {
            name: "kv-b",
            properties: { location: "westeurope", scheduledPurgeDate: "2025-07-08" },
          },
        ],
      }),
      response(429, "", { "Retry-After": "2" }),
      response(202, "", { Location: "https://management.azure.com/loc/1" }),
      response(202),
      response(200),
    ]);
    const vaults = await purger.listDeletedVaults(SUB);
    expect(vaults).toEqual([
      {
        name: "kv-a",
        location: "eastus",
        vaultId: "/v/a",
        purgeProtectionEnabled: false,
        scheduledPurgeDate: undefined,
      },
      {
        name: "kv-b",
        location: "westeurope",
        vaultId: undefined,
        purgeProtectionEnabled: undefined,
        scheduledPurgeDate: "2025-07-08",
      },
    ]);
    expect(await purger.purgeVault(SUB, vaults[1])).toEqual({ status: "purged" });
    expect(requests).toEqual([
      `GET https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.KeyVault/deletedVaults?api-version=2023-07-01`,
      "GET https://management.azure.com/next?page=2",
      `POST https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv-b/purge?api-version=2023-07-01`,
      `POST https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv-b/purge?api-version=2023-07-01`,
      "GET https://management.azure.com/loc/1",
      "GET https://management.azure.com/loc/1",
    ]);
  });

  it("turns an ARM error into a failed outcome with its code and message", async () => {
    const { purger } = armWith([
      response(409, { error: { code: "Conflict", message: "Vault is being purged" } }),
    ]);
    expect(await purger.purgeVault(SUB, { name: "kv", location: "eastus" })).toEqual({
      status: "failed",
      detail: "409 Conflict: Vault is being purged",
    });
    const { purger: p2 } = armWith([
      response(403, { error: { code: "AuthorizationFailed", message: "denied" } }),
    ]);
    await expect(p2.listDeletedVaults(SUB)).rejects.toThrow("403 AuthorizationFailed: denied");
  });
});

// ---------------------------------------------------------------------------------------------
// Job summary of the pull-request workflow
// ---------------------------------------------------------------------------------------------

describe("formatPlanSummary", () => {
  it("shows cost figures and guardrail results per example stack", () => {
    const md = formatPlanSummary([
      {
        stack: "dev",
        exitCode: 1,
        doc: {
          resources: [{}, {}, {}],
          violations: [
            {
              rule: "idle-shutdown",
              urn: "urn:pulumi:dev::p::t::ci-me-compute",
              message: "no idle shutdown",
              level: "mandatory",
            },
            {
              rule: "tags",
              urn: "urn:pulumi:dev::p::t::rg",
              message: "missing owner | tag",
              level: "advisory",
            },
          ],
          cost: {
            currency: "USD",
            idlePerDay: 1.234,
            perLabDay: 5,
            perCourse: 10,
            complete: false,
          },
        },
      },
      { stack: "broken", exitCode: 2, stderr: "configuration error: dp100-labs:cohort ..." },
    ]);
    expect(md).toMatch(
      /\| dev \| ❌ mandatory violations \| 3 \| \$1\.23 \(at least\) \| \$5\.00 \(at least\) \| \$10\.00 \(at least\) \| 1 \| 1 \|/,
    );
    expect(md).toMatch(/\| broken \| ❌ configuration error \| - \|/);
    expect(md).toMatch(
      /### dev: guardrails[\s\S]*\| mandatory \| idle-shutdown \| ci-me-compute \| no idle shutdown \|[\s\S]*\| advisory \| tags \| rg \| missing owner \\\| tag \|/,
    );
    expect(md).toMatch(/### broken: no plan\n\n```\nconfiguration error: dp100-labs:cohort/);
    expect(formatPlanSummary([])).toMatch(/No example stacks/);
  });
});
