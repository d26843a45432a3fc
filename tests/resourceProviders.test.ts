import * as fs from "fs";
import * as path from "path";
import {
  ArmRequestError,
  ArmResourceProviderApi,
  checkProviders,
  formatProviderCheck,
  registerProviders,
  type ArmProvider,
  type ResourceProviderApi,
} from "../cli/resourceProviders";
import { ArmProviderGate, mergeReports, offlinePlanner } from "../cli/cohort/providers";
import { parsePreflightArgs, preflightMain } from "../cli/preflight";
import { ARM_TYPES } from "../azure/resourceTypes";
import {
  formatResourceProviders,
  resourceProviders,
  type ResourceProviderReport,
} from "../plan/resourceProviders";
import { computeQuota } from "../plan/quota";
import type { PlanDocument } from "../plan/types";
import { planIsolated, PROJECT_DIR } from "./helpers/plan";
import { instance, cluster, res } from "./helpers/resources";

// Responses in the shape of ARM's Providers_Get / Providers_Register (REST spec
// specification/resources/resource-manager/Microsoft.Resources/stable/2022-09-01/resources.json).
const FIX = JSON.parse(
  fs.readFileSync(path.join(__dirname, "fixtures", "arm-providers.json"), "utf8"),
) as {
  subscriptionId: string;
  get: Record<string, Record<string, ArmProvider>>;
  register: Record<string, ArmProvider>;
  errors: Record<string, { status: number; body: { error: { code: string; message: string } } }>;
};
const SUB = FIX.subscriptionId;
const KC = "Microsoft.KubernetesConfiguration";
const PI = "Microsoft.PolicyInsights";
const ML = "Microsoft.MachineLearningServices";

type Recorded = { status: number; body: unknown };
const ok = (body: unknown): Recorded => ({ status: 200, body });

/**
 * A fetch answering from recorded responses: per "METHOD namespace[/register]", a queue consumed
 * in order (the last answer repeats). Records every request.
 */
function recordedFetch(answers: Record<string, Recorded[]>) {
  const calls: { method: string; url: string; auth?: string }[] = [];
  const fetch = async (url: string, init: { method: string; headers: Record<string, string> }) => {
    calls.push({ method: init.method, url, auth: init.headers.Authorization });
    const m = /\/providers\/([^/?]+)(\/register)?\?/.exec(url);
    const key = `${init.method} ${m?.[1]}${m?.[2] ?? ""}`;
    const queue = answers[key];
    if (!queue) throw new Error(`no recorded answer for ${key}`);
    const a = queue.length > 1 ? queue.shift()! : queue[0];
    return { status: a.status, text: async () => JSON.stringify(a.body) };
  };
  return { fetch, calls };
}

const api = (answers: Record<string, Recorded[]>) => {
  const rec = recordedFetch(answers);
  return {
    api: new ArmResourceProviderApi({ getToken: async () => "tok", fetch: rec.fetch }),
    calls: rec.calls,
  };
};

const report = (...ns: Array<[string, "required" | "recommended"]>): ResourceProviderReport => ({
  namespaces: ns.map(([namespace, level]) => ({ namespace, level, reasons: [] })),
  unknownTypes: [],
});

/** namespace -> level. */
const levels = (r: ResourceProviderReport) =>
  Object.fromEntries(r.namespaces.map((n) => [n.namespace, n.level]));

/** A fake clock that the fake sleep advances. */
function fakeTime() {
  let now = 0;
  return { clock: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe("the namespaces a plan needs", () => {
  const aks = (addons: Record<string, unknown>) =>
    res("azure-native:containerservice:ManagedCluster", "aks", { addonProfiles: addons });

  test("each resource's own ARM namespace, and a compute instance's Microsoft.Notebooks", () => {
    const r = resourceProviders([
      res("azure-native:machinelearningservices:Workspace", "ws"),
      instance("ci"),
      cluster("cpu"),
      res("azure-native:consumption:Budget", "budget"),
      res("azure-native:applicationinsights:Component", "appi"),
    ]);
    expect(levels(r)).toMatchObject({
      "Microsoft.MachineLearningServices": "required",
      "Microsoft.Notebooks": "required",
      "Microsoft.Consumption": "required",
      "Microsoft.Insights": "required",
      // a workspace uses them even when the stack creates none (Azure ML's provider list)
      "Microsoft.Storage": "required",
      "Microsoft.KeyVault": "required",
      "Microsoft.ContainerRegistry": "required",
      // Failure Anomalies rule Azure adds to App Insights: not a reason to stop
      "Microsoft.AlertsManagement": "recommended",
    });
    const notebooks = r.namespaces.find((n) => n.namespace === "Microsoft.Notebooks")!;
    expect(notebooks.reasons).toEqual([
      expect.objectContaining({ kind: "implicit", resources: 1, confirmed: true }),
    ]);
    expect(notebooks.reasons[0].source).toMatch(/machine-learning-resource-provider/);
  });

  test("a cluster alone needs no Microsoft.Notebooks", () => {
    const r = resourceProviders([cluster("cpu")]);
    expect(r.namespaces.map((n) => n.namespace)).toEqual(["Microsoft.MachineLearningServices"]);
  });

  test("AKS add-ons and the cluster extension bring their implicit namespaces", () => {
    const r = resourceProviders([
      aks({ azurepolicy: { enabled: true }, omsagent: { enabled: true } }),
      res("azure-native:kubernetesconfiguration:Extension", "azureml"),
    ]);
    expect(levels(r)).toEqual({
      "Microsoft.ContainerService": "required",
      "Microsoft.KubernetesConfiguration": "required",
      "Microsoft.PolicyInsights": "required",
      "Microsoft.Insights": "required",
      "Microsoft.OperationalInsights": "required",
      // unconfirmed for current (DCR-based) Container insights: checked, never blocking
      "Microsoft.OperationsManagement": "recommended",
    });
    const off = resourceProviders([aks({ azurepolicy: { enabled: false } })]);
    expect(off.namespaces.map((n) => n.namespace)).toEqual(["Microsoft.ContainerService"]);
  });

  test("versioned tokens count, components are skipped, unknown types are listed", () => {
    const r = resourceProviders([
      res("azure-native:storage/v20230101:StorageAccount", "st"),
      { type: "dp100:ml:Workspace", custom: false, inputs: {} },
      res("azure-native:web:WebApp", "app"),
    ]);
    expect(r.namespaces.map((n) => n.namespace)).toEqual(["Microsoft.Storage"]);
    expect(r.unknownTypes).toEqual(["azure-native:web:WebApp"]);
    expect(formatResourceProviders(r)).toMatch(/not checked .*azure-native:web:WebApp/);
  });

  test("every azure-native type named in the project's tables and components has an ARM type", () => {
    // Tables of types: plan/mockRuntime.ts, guardrails/rules.ts, plan/cost.ts, plan/quota.ts,
    // plan/render.ts, the components' constructors... any quoted token or `new module.Type(`.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts") && !p.endsWith("resourceProviders.ts")) files.push(p);
      }
    };
    for (const d of ["components", "plan", "guardrails", "stacks", "labs", "cli"]) {
      walk(path.join(PROJECT_DIR, d));
    }
    walk(path.join(PROJECT_DIR, "policy")); // policy/index.ts and friends (node_modules skipped below)
    const sdk = path.join(PROJECT_DIR, "node_modules", "@pulumi", "azure-native");
    const exists = (mod: string, t: string) =>
      fs.existsSync(path.join(sdk, mod, `${t[0].toLowerCase()}${t.slice(1)}.d.ts`));
    const tokens = new Set<string>();
    for (const f of files.filter((x) => !x.includes("node_modules"))) {
      const text = fs.readFileSync(f, "utf8");
      for (const m of text.matchAll(/"azure-native:([a-z]+):([A-Z][A-Za-z]+)"/g)) {
        if (exists(m[1], m[2])) tokens.add(`azure-native:${m[1]}:${m[2]}`);
      }
      const aliases = new Map(
        [...text.matchAll(/import \* as (\w+) from "@pulumi\/azure-native\/(\w+)"/g)].map((m) => [
          m[1],
          m[2],
        ]),
      );
      for (const m of text.matchAll(/new (\w+)\.([A-Z]\w+)\(/g)) {
        const mod = aliases.get(m[1]);
        if (mod) tokens.add(`azure-native:${mod}:${m[2]}`);
      }
    }
    expect(tokens.size).toBeGreaterThan(15);
    expect([...tokens].filter((t) => !(t in ARM_TYPES)).sort()).toEqual([]);
  });
});

describe("the offline plan lists them", () => {
  test("the inference example: table section and --json key", async () => {
    const doc = await planIsolated({ stack: "example-inference", projectDir: PROJECT_DIR });
    const rp = doc.resourceProviders as ResourceProviderReport;
    const names = rp.namespaces.map((n) => n.namespace);
    expect(names).toEqual(
      expect.arrayContaining([
        "Microsoft.MachineLearningServices",
        "Microsoft.ContainerService",
        "Microsoft.PolicyInsights",
        "Microsoft.Insights",
        "Microsoft.OperationalInsights",
        "Microsoft.Consumption",
      ]),
    );
    expect(rp.unknownTypes).toEqual([]);
    const { renderPlan } = await import("../plan/render");
    expect(renderPlan(doc)).toMatch(
      /Resource providers the subscription must have registered[\s\S]*Microsoft\.PolicyInsights\s+the AKS Azure Policy add-on/,
    );
  });
});

describe("the ARM Providers client", () => {
  test("GET and POST on the documented URLs with the token; ARM errors keep status and code", async () => {
    const { api: a, calls } = api({
      [`GET ${KC}`]: [ok(FIX.get[KC].NotRegistered)],
      [`POST ${KC}/register`]: [ok(FIX.register[KC])],
      [`POST ${PI}/register`]: [FIX.errors.registerForbidden],
    });
    expect((await a.getProvider(SUB, KC)).registrationState).toBe("NotRegistered");
    expect((await a.registerProvider(SUB, KC)).registrationState).toBe("Registering");
    expect(calls).toEqual([
      {
        method: "GET",
        url: `https://management.azure.com/subscriptions/${SUB}/providers/${KC}?api-version=2022-09-01`,
        auth: "Bearer tok",
      },
      {
        method: "POST",
        url: `https://management.azure.com/subscriptions/${SUB}/providers/${KC}/register?api-version=2022-09-01`,
        auth: "Bearer tok",
      },
    ]);
    const err = await a.registerProvider(SUB, PI).catch((e) => e);
    expect(err).toBeInstanceOf(ArmRequestError);
    expect(err).toMatchObject({ status: 403, code: "AuthorizationFailed" });
  });
});

describe("checking and registering", () => {
  test("a fresh subscription: what is registered and what is not", async () => {
    const { api: a } = api({
      [`GET ${ML}`]: [ok(FIX.get[ML].Registered)],
      [`GET ${KC}`]: [ok(FIX.get[KC].NotRegistered)],
      [`GET ${PI}`]: [ok(FIX.get[PI].NotRegistered)],
    });
    const r = await checkProviders(
      report([ML, "required"], [KC, "required"], [PI, "recommended"]),
      a,
      SUB,
    );
    expect(r.missing).toEqual([KC]);
    expect(r.missingRecommended).toEqual([PI]);
    const text = formatProviderCheck(r, false);
    expect(text).toMatch(/ok {3}Microsoft\.MachineLearningServices\s+Registered/);
    expect(text).toMatch(/FAIL Microsoft\.KubernetesConfiguration\s+NotRegistered/);
    expect(text).toMatch(/MissingSubscriptionRegistration[\s\S]*npm run preflight -- --register/);
  });

  test("NotRegistered -> Registering -> Registered, polled with progress lines", async () => {
    const { api: a, calls } = api({
      [`GET ${ML}`]: [ok(FIX.get[ML].Registered)],
      [`GET ${KC}`]: [
        ok(FIX.get[KC].NotRegistered),
        ok(FIX.get[KC].Registering),
        ok(FIX.get[KC].Registering),
        ok(FIX.get[KC].Registered),
      ],
      [`POST ${KC}/register`]: [ok(FIX.register[KC])],
    });
    const check = await checkProviders(report([ML, "required"], [KC, "required"]), a, SUB);
    const lines: string[] = [];
    const done = await registerProviders(check, a, {
      ...fakeTime(),
      pollIntervalMs: 5000,
      progress: (l) => lines.push(l),
    });
    expect(done.missing).toEqual([]);
    expect(done.providers.find((p) => p.namespace === KC)).toMatchObject({
      state: "Registered",
      registered: true,
    });
    // one POST, for the one that was not registered; never for the registered one
    expect(calls.filter((c) => c.method === "POST").map((c) => c.url)).toEqual([
      expect.stringContaining(`/providers/${KC}/register?`),
    ]);
    expect(lines).toEqual([
      `${KC}: registration requested (Registering)`,
      `${KC}: Registering (5 s)`,
      `${KC}: Registering (10 s)`,
      `${KC}: Registered (15 s)`,
    ]);
  });

  test("a 403 names the permission and who has it; the rest still registers", async () => {
    const { api: a } = api({
      [`GET ${KC}`]: [ok(FIX.get[KC].NotRegistered), ok(FIX.get[KC].Registered)],
      [`GET ${PI}`]: [ok(FIX.get[PI].NotRegistered)],
      [`POST ${KC}/register`]: [ok(FIX.register[KC])],
      [`POST ${PI}/register`]: [FIX.errors.registerForbidden],
    });
    const check = await checkProviders(report([KC, "required"], [PI, "required"]), a, SUB);
    const done = await registerProviders(check, a, { ...fakeTime() });
    expect(done.missing).toEqual([PI]);
    const pi = done.providers.find((p) => p.namespace === PI)!;
    expect(pi.state).toBe("NotRegistered");
    expect(pi.problem).toMatch(
      /AuthorizationFailed: .*'Microsoft\.PolicyInsights\/register\/action'/,
    );
    expect(pi.problem).toMatch(/Contributor and Owner include it/);
    expect(pi.problem).toMatch(/az provider register --namespace Microsoft\.PolicyInsights/);
  });

  test("registration still running at the bound: reported, not waited for forever", async () => {
    const { api: a, calls } = api({
      [`GET ${KC}`]: [ok(FIX.get[KC].NotRegistered), ok(FIX.get[KC].Registering)],
      [`POST ${KC}/register`]: [ok(FIX.register[KC])],
    });
    const check = await checkProviders(report([KC, "required"]), a, SUB);
    const lines: string[] = [];
    const done = await registerProviders(check, a, {
      ...fakeTime(),
      pollIntervalMs: 10_000,
      maxPolls: 3,
      progress: (l) => lines.push(l),
    });
    expect(done.missing).toEqual([KC]);
    expect(calls.filter((c) => c.method === "GET")).toHaveLength(1 + 3);
    expect(done.providers[0].problem).toMatch(/still Registering after 30 s \(3 checks\)/);
    expect(lines.at(-1)).toMatch(/run preflight again in a few minutes/);
    // the time bound too
    const { api: b } = api({
      [`GET ${KC}`]: [ok(FIX.get[KC].NotRegistered), ok(FIX.get[KC].Registering)],
      [`POST ${KC}/register`]: [ok(FIX.register[KC])],
    });
    const timed = await registerProviders(
      await checkProviders(report([KC, "required"]), b, SUB),
      b,
      {
        ...fakeTime(),
        pollIntervalMs: 60_000,
        timeoutMs: 120_000,
      },
    );
    expect(timed.providers[0].problem).toMatch(/still Registering after 120 s \(2 checks\)/);
  });

  test("a throttled poll is tried again", async () => {
    const { api: a } = api({
      [`GET ${KC}`]: [
        ok(FIX.get[KC].NotRegistered),
        FIX.errors.throttled,
        ok(FIX.get[KC].Registered),
      ],
      [`POST ${KC}/register`]: [ok(FIX.register[KC])],
    });
    const lines: string[] = [];
    const done = await registerProviders(
      await checkProviders(report([KC, "required"]), a, SUB),
      a,
      { ...fakeTime(), progress: (l) => lines.push(l) },
    );
    expect(done.missing).toEqual([]);
    expect(lines.join("\n")).toMatch(/could not read its state \(429 TooManyRequests/);
  });
});

describe("npm run preflight and the providers", () => {
  const rp = resourceProviders([instance("ci")]);
  const doc: PlanDocument = {
    project: "dp100-labs",
    stack: "dev",
    resources: [],
    outputs: {},
    violations: [],
    quota: computeQuota([], { learnerCreates: [] }, 1),
    resourceProviders: rp,
  };
  /** A fake ARM Providers API over a mutable registration table. */
  function fakeProviders(registered: Set<string>, forbidden: string[] = []) {
    const posts: string[] = [];
    const state = (ns: string) => (registered.has(ns) ? "Registered" : "NotRegistered");
    const fake: ResourceProviderApi = {
      getProvider: async (_s, ns) => ({ namespace: ns, registrationState: state(ns) }),
      registerProvider: async (_s, ns) => {
        posts.push(ns);
        if (forbidden.includes(ns)) {
          const e = FIX.errors.registerForbidden;
          throw new ArmRequestError(e.status, e.body.error.code, e.body.error.message);
        }
        registered.add(ns);
        return { namespace: ns, registrationState: "Registering" };
      },
    };
    return { fake, posts };
  }
  const run = async (argv: string[], providers: ResourceProviderApi) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await preflightMain(argv, {
      runPlan: async () => doc,
      providers,
      registerOptions: fakeTime(),
      api: {
        listUsages: async () => ({ value: [] }),
        listQuotas: async () => ({ value: [] }),
        listVmSizes: async () => ({ value: [] }),
      },
      env: { AZURE_SUBSCRIPTION_ID: SUB },
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  test("--register is a flag", () => {
    expect(parsePreflightArgs(["--register"]).register).toBe(true);
    expect(parsePreflightArgs([]).register).toBe(false);
  });

  test("unregistered: exit 1 and says how to register; --register registers and passes", async () => {
    const registered = new Set(["Microsoft.MachineLearningServices"]);
    const { fake, posts } = fakeProviders(registered);
    const before = await run([], fake);
    expect(before.code).toBe(1);
    expect(before.out).toMatch(/FAIL Microsoft\.Notebooks\s+NotRegistered/);
    expect(posts).toEqual([]);
    const after = await run(["--register", "--json"], fake);
    expect(after.code).toBe(0);
    expect(posts).toEqual(["Microsoft.Notebooks"]);
    expect(posts).not.toContain("Microsoft.MachineLearningServices");
    expect(after.err).toMatch(/Microsoft\.Notebooks: registration requested/);
    const json = JSON.parse(after.out);
    expect(json.resourceProviders.missing).toEqual([]);
    expect(json).toHaveProperty("fits");
  });

  test("--register without the permission: exit 1 naming what could not be registered", async () => {
    const { fake } = fakeProviders(new Set(), ["Microsoft.Notebooks"]);
    const r = await run(["--register"], fake);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /FAIL Microsoft\.Notebooks\s+NotRegistered: AuthorizationFailed[\s\S]*register\/action/,
    );
  });
});

describe("the cohort's real gate", () => {
  test("plans each stack, merges what they need, checks once and registers when asked", async () => {
    const planned: string[] = [];
    const planner = async (stack: string) => {
      planned.push(stack);
      return stack.endsWith("aks")
        ? report([ML, "required"], [PI, "required"])
        : report([ML, "required"], [KC, "recommended"]);
    };
    const merged = mergeReports([await planner("x-aks"), await planner("x-ws")]);
    expect(merged.namespaces.map((n) => [n.namespace, n.level])).toEqual([
      [KC, "recommended"],
      [ML, "required"],
      [PI, "required"],
    ]);
    planned.length = 0;
    const { api: a, calls } = api({
      [`GET ${ML}`]: [ok(FIX.get[ML].Registered)],
      [`GET ${KC}`]: [ok(FIX.get[KC].NotRegistered), ok(FIX.get[KC].Registered)],
      [`GET ${PI}`]: [ok(FIX.get[PI].NotRegistered), ok(FIX.get[PI].Registering)],
      [`POST ${KC}/register`]: [ok(FIX.register[KC])],
      [`POST ${PI}/register`]: [FIX.errors.registerForbidden],
    });
    const gate = new ArmProviderGate(planner, { AZURE_SUBSCRIPTION_ID: SUB }, a);
    const checked = await gate.check(["x-aks", "x-ws"], { register: false, progress: () => {} });
    expect(planned).toEqual(["x-aks", "x-ws"]);
    expect(checked.missing).toEqual([PI]);
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    const registered = await gate.check(["x-aks"], { register: true, progress: () => {} });
    expect(registered.missing).toEqual([PI]);
    expect(registered.missingRecommended).toEqual([]);
  });

  test("the offline planner reads the built plan's resourceProviders", async () => {
    const r = await offlinePlanner(PROJECT_DIR)("example-inference");
    expect(r.namespaces.map((n) => n.namespace)).toContain("Microsoft.PolicyInsights");
    await expect(offlinePlanner(PROJECT_DIR)("no-such-stack")).rejects.toThrow(
      /offline plan of no-such-stack failed: .*--stack/,
    );
  });
});
