import { parseArgs, UsageError } from "../../../cli/cohort/args";
import { readManifest, upsertCohort, writeManifest } from "../../../cli/cohort/manifest";
import type { ProviderGate } from "../../../cli/cohort/providers";

import { SUB, LABS, ROSTER, deployedState, harness, deployedCohort, text } from "./harness";

/** `cohort preview` and `up` (cli/cohort/commands/deploy.ts), with the resource-provider check. */

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
