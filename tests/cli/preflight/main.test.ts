import { parsePreflightArgs, preflightMain, type AzureMlUsageApi } from "../../../cli/preflight";
import { computeQuota } from "../../../plan/quota";
import type { PlanDocument } from "../../../plan/types";
import { cluster, instance } from "../../helpers/resources";
import { FakeApi, learners, SUB } from "./fakeApi";

/** `npm run preflight` (cli/preflight/main.ts, args.ts): its flags and its exit codes. */

describe("npm run preflight", () => {
  const doc = (quota?: unknown): PlanDocument => ({
    project: "dp100-labs",
    stack: "dev",
    resources: [],
    outputs: {},
    violations: [],
    ...(quota ? { quota } : {}),
  });
  const sandboxQuota = computeQuota(
    [instance("ci"), cluster("aml-cluster")],
    { learnerCreates: [] },
    1,
  );

  test("parses its flags and refuses unknown ones", () => {
    expect(
      parsePreflightArgs(["--stack", "cohort-a", "--regions", "eastus, westus2", "--json"]),
    ).toEqual({
      stack: "cohort-a",
      configFile: undefined,
      subscription: undefined,
      regions: ["eastus", "westus2"],
      json: true,
      register: false,
    });
    expect(() => parsePreflightArgs(["--stack"])).toThrow(/--stack needs a value/);
    expect(() => parsePreflightArgs(["--bogus"])).toThrow(/unknown argument '--bogus'/);
  });

  test("exit 0 when it fits, 1 when it does not", async () => {
    const out: string[] = [];
    const base = {
      api: new FakeApi(),
      env: { AZURE_SUBSCRIPTION_ID: SUB },
      out: (t: string) => out.push(t),
      err: () => undefined,
    };
    expect(
      await preflightMain(["--stack", "dev"], { ...base, runPlan: async () => doc(sandboxQuota) }),
    ).toBe(0);
    const big = computeQuota([cluster("aml-cluster"), ...learners(20)], { learnerCreates: [] }, 20);
    expect(
      await preflightMain(["--regions", "westus2", "--json"], {
        ...base,
        runPlan: async () => doc(big),
      }),
    ).toBe(1);
    expect(JSON.parse(out[1]).fits).toBe(false);
  });

  test("exit 2 with a clear message when the plan has no quota or Azure is out of reach", async () => {
    const errs: string[] = [];
    const err = (t: string) => errs.push(t);
    expect(await preflightMain([], { runPlan: async () => doc(), err, out: () => undefined })).toBe(
      2,
    );
    expect(errs[0]).toMatch(/has no "quota" key/);
    const offline: AzureMlUsageApi = {
      listUsages: () => Promise.reject(new Error("getaddrinfo ENOTFOUND management.azure.com")),
      listQuotas: () => Promise.reject(new Error("offline")),
      listVmSizes: () => Promise.reject(new Error("offline")),
    };
    const code = await preflightMain([], {
      runPlan: async () => doc(sandboxQuota),
      api: offline,
      env: { AZURE_SUBSCRIPTION_ID: SUB },
      err,
      out: () => undefined,
    });
    expect(code).toBe(2);
    expect(errs[1]).toMatch(/ENOTFOUND[\s\S]*Nothing was checked/);
  });
});
