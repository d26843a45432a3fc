import * as fs from "fs";
import * as path from "path";
import { createHttpHeaders, HttpClient } from "@azure/core-rest-pipeline";
import { ArmProviderGate, mergeReports, offlinePlanner } from "../../../cli/cohort/providers";
import { HttpError } from "../../../cli/http/client";
import { parsePreflightArgs, preflightMain } from "../../../cli/preflight";
import {
  ArmResourceProviderApi,
  checkProviders,
  formatProviderCheck,
  registerProviders,
  type ArmProvider,
  type ResourceProviderApi,
} from "../../../cli/preflight/resourceProviders";
import { resourceProviders, type ResourceProviderReport } from "../../../plan/resourceProviders";
import { computeQuota } from "../../../plan/quota";
import type { PlanDocument } from "../../../plan/types";
import { PROJECT_DIR } from "../../helpers/plan";
import { instance } from "../../helpers/resources";

/** Resource provider registration (cli/preflight/resourceProviders.ts) on recorded ARM answers. */

// Responses in the shape of ARM's Providers_Get / Providers_Register (REST spec
// specification/resources/resource-manager/Microsoft.Resources/stable/2022-09-01/resources.json).
const FIX = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "arm-providers.json"), "utf8"),
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
 * A transport for the one HTTP client answering from recorded responses: per "METHOD
 * namespace[/register]", a queue consumed in order (the last answer repeats). Records every request.
 */
function recordedArm(answers: Record<string, Recorded[]>) {
  const calls: { method: string; url: string; auth?: string }[] = [];
  const client: HttpClient = {
    sendRequest: async (req) => {
      calls.push({ method: req.method, url: req.url, auth: req.headers.get("authorization") });
      const m = /\/providers\/([^/?]+)(\/register)?\?/.exec(req.url);
      const key = `${req.method} ${m?.[1]}${m?.[2] ?? ""}`;
      const queue = answers[key];
      if (!queue) throw new Error(`no recorded answer for ${key}`);
      const a = queue.length > 1 ? queue.shift()! : queue[0];
      return {
        request: req,
        status: a.status,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: JSON.stringify(a.body),
      };
    },
  };
  return { client, calls };
}

const api = (answers: Record<string, Recorded[]>) => {
  const rec = recordedArm(answers);
  return {
    api: new ArmResourceProviderApi({
      getToken: async () => "tok",
      httpClient: rec.client,
      retryDelayInMs: 1,
      maxRetryDelayInMs: 2,
    }),
    calls: rec.calls,
  };
};

const report = (...ns: Array<[string, "required" | "recommended"]>): ResourceProviderReport => ({
  namespaces: ns.map(([namespace, level]) => ({ namespace, level, reasons: [] })),
  unknownTypes: [],
});

/** A fake clock that the fake sleep advances. */
function fakeTime() {
  let now = 0;
  return { clock: () => now, sleep: async (ms: number) => void (now += ms) };
}

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
    expect(err).toBeInstanceOf(HttpError);
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
      // Throttled beyond the client's own three retries: the poll itself fails, and is tried again.
      [`GET ${KC}`]: [
        ok(FIX.get[KC].NotRegistered),
        ...Array(4).fill(FIX.errors.throttled),
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
    expect(lines.join("\n")).toMatch(/could not read its state \(.*429 TooManyRequests/);
  });

  test("the client retries a throttled call itself, with the token on each attempt", async () => {
    const { api: a, calls } = api({
      [`GET ${KC}`]: [FIX.errors.throttled, ok(FIX.get[KC].Registered)],
    });
    expect((await a.getProvider(SUB, KC)).registrationState).toBe("Registered");
    expect(calls.map((c) => [c.method, c.auth])).toEqual([
      ["GET", "Bearer tok"],
      ["GET", "Bearer tok"],
    ]);
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
          const call = `POST /subscriptions/${SUB}/providers/${ns}/register`;
          throw new HttpError(
            "Azure Resource Manager",
            call,
            e.status,
            e.body.error.code,
            e.body.error.message,
          );
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
