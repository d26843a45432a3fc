import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { createHttpHeaders, type HttpClient } from "@azure/core-rest-pipeline";
import { fileBackendUrl } from "../../../cli/cohort/config";
import { CliDeps, runCli } from "../../../cli/cohort/main";
import { emptyManifest, upsertCohort, writeManifest } from "../../../cli/cohort/manifest";
import type { ArmClientOptions } from "../../../cli/http/arm";
import type { PlanOptions } from "../../../plan/runUnderMocks";
import type { PlanDocument } from "../../../plan/types";
import { LAB_IDS } from "../../../labs";
import { planIsolated } from "../../helpers/plan";

/**
 * `npm run cohort -- preflight` on recorded ARM answers. The Azure ML lists are
 * tests/fixtures/ml-usages-<region>[-quotas|-vmsizes].json, shaped as the REST spec's
 * `Usages_List`, `Quotas_List` and `VirtualMachineSizes_List` answers
 * (specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/
 * stable/2024-04-01, example examples/Usage/list.json); providers are `Providers_Get` answers as in
 * tests/fixtures/arm-providers.json (Microsoft.Resources 2022-09-01, examples/GetProvider.json).
 */

const SUB = "00000000-0000-0000-0000-000000000000";
const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
const ML_PROVIDER = fixture("arm-providers.json").get["Microsoft.MachineLearningServices"]
  .Registered as Record<string, unknown>;

interface Sent {
  readonly method: string;
  readonly url: string;
  readonly auth?: string;
}

/**
 * ARM as recorded: Azure ML's lists per region from the fixtures (a region without one answers
 * 404), and every namespace Registered but those in `notRegistered`.
 */
function arm(opts: { notRegistered?: string[]; usages403?: boolean } = {}) {
  const sent: Sent[] = [];
  const answer = (url: URL): [number, unknown] => {
    const ml = url.pathname.match(/MachineLearningServices\/locations\/([^/]+)\/(\w+)$/);
    if (ml) {
      const [, region, what] = ml;
      if (opts.usages403 && what === "usages") {
        return [403, { error: { code: "AuthorizationFailed", message: "no read access" } }];
      }
      const suffix = { usages: "", quotas: "-quotas", vmSizes: "-vmsizes" }[what];
      const file = path.join(FIXTURES, `ml-usages-${region}${suffix}.json`);
      if (fs.existsSync(file)) return [200, fixture(path.basename(file))];
      if (what === "quotas") return [200, { value: [] }];
      return [404, { error: { code: "NotFound", message: `no recording for ${region}` } }];
    }
    const ns = url.pathname.match(/\/providers\/([^/]+)$/)?.[1];
    if (ns) {
      const state = opts.notRegistered?.includes(ns) ? "NotRegistered" : "Registered";
      return [
        200,
        {
          ...ML_PROVIDER,
          id: `/subscriptions/${SUB}/providers/${ns}`,
          namespace: ns,
          registrationState: state,
        },
      ];
    }
    throw new Error(`unexpected ARM call ${url}`);
  };
  const httpClient: HttpClient = {
    sendRequest: async (req) => {
      sent.push({ method: req.method, url: req.url, auth: req.headers.get("authorization") });
      const [status, body] = answer(new URL(req.url));
      return {
        request: req,
        status,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: JSON.stringify(body),
      };
    },
  };
  const client: ArmClientOptions = {
    httpClient,
    getToken: async () => "arm-token",
    retryDelayInMs: 1,
    maxRetryDelayInMs: 2,
  };
  return { client, sent };
}

const ROSTERS = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-preflight-rosters-"));

/** Offline plans, each once per stack file content and foundation (they are the slow part). */
const planned = new Map<string, Promise<PlanDocument>>();
const keys = new WeakMap<PlanDocument, string>();
const runPlan = (o: PlanOptions) => {
  const on = o.foundationPlan ? `on ${keys.get(o.foundationPlan)}` : "";
  const key = fs.readFileSync(o.configFile!, "utf8") + on;
  if (!planned.has(key)) {
    planned.set(
      key,
      planIsolated(o).then((doc) => {
        keys.set(doc, key);
        return doc;
      }),
    );
  }
  return planned.get(key)!;
};

/** A cohort of `learners` (a roster of that many) with two lab stacks. */
function setup(learners = 4, armOpts = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-preflight-"));
  // One roster file per size, so the offline plans of equal stacks are made once.
  const roster = path.join(ROSTERS, `roster-${learners}.csv`);
  fs.writeFileSync(
    roster,
    [
      "id,objectId",
      ...Array.from({ length: learners }, (_, i) => {
        const n = String(i + 1);
        return `learner${n},00000000-0000-4000-8000-${n.padStart(12, "0")}`;
      }),
    ].join("\n") + "\n",
  );
  const stateDir = path.join(tmp, "state");
  const labs = ["make-data-available", "run-pipelines"];
  writeManifest(
    stateDir,
    upsertCohort(emptyManifest(), "c1", {
      labs,
      foundation: "c1-foundation",
      location: "eastus",
      rosterFile: "roster.csv",
      backend: fileBackendUrl(stateDir),
      updatedAt: "2025-06-01T00:00:00Z",
    }),
  );
  const write = (stack: string, config: Record<string, unknown>) =>
    fs.writeFileSync(path.join(tmp, `Pulumi.${stack}.yaml`), YAML.stringify({ config }));
  write("c1-foundation", {
    "azure-native:location": "eastus",
    "dp100-labs:mode": "cohort",
    "dp100-labs:part": "foundation",
    "dp100-labs:cohort": "c1",
    "dp100-labs:rosterFile": roster,
    "dp100-labs:labs": labs,
  });
  for (const lab of labs) {
    write(`c1-${lab}`, {
      "azure-native:location": "eastus",
      "dp100-labs:mode": "cohort",
      "dp100-labs:part": "lab",
      "dp100-labs:cohort": "c1",
      "dp100-labs:foundation": "c1-foundation",
      "dp100-labs:labs": [lab],
    });
  }
  const out: string[] = [];
  const err: string[] = [];
  const a = arm(armOpts);
  const deps: CliDeps = {
    labIds: LAB_IDS,
    env: {},
    cwd: tmp,
    home: tmp,
    repoRoot: tmp,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    clock: () => Date.UTC(2025, 5, 15),
    findPulumi: () => undefined,
    makeDriver: () => {
      throw new Error("preflight needs no Pulumi stack");
    },
    makePurger: () => {
      throw new Error("preflight purges nothing");
    },
    runPlan,
    makeArm: () => ({
      client: a.client,
      subscriptionId: async (flag) => {
        if (flag) return flag;
        throw new Error("az account show: Please run 'az login' to setup account.");
      },
    }),
  };
  /** Any cohort command on this cohort. */
  const cli = (...argv: string[]) => runCli([...argv, "--state-dir", stateDir], deps);
  const run = (...argv: string[]) => cli("preflight", ...argv);
  return { cli, run, out, err, sent: a.sent, tmp };
}

describe("cohort preflight", () => {
  it("passes a cohort whose stacks fit together, reading each list once per region", async () => {
    const h = setup();
    expect(await h.run("--subscription", SUB, "--regions", "westus2")).toBe(0);
    const out = h.out.join("\n");
    expect(out).toMatch(/Up together: c1-foundation, c1-make-data-available, c1-run-pipelines/);
    expect(out).toMatch(/Cost per day: idle \$\d+\.\d\d, lab day \$\d+\.\d\d/);
    expect(out).toMatch(
      /ok {3}eastus: standardDSv2Family dedicated: need 12, in use 2 of 24, 22 free/,
    );
    expect(out).toMatch(/everything fits when these stacks are up together/);
    expect(h.sent.every((s) => s.auth === "Bearer arm-token")).toBe(true);
    const ml = h.sent.filter((s) => s.url.includes("MachineLearningServices/locations"));
    expect(ml.map((s) => new URL(s.url).pathname.split("/").slice(-2).join("/")).sort()).toEqual([
      "eastus/quotas",
      "eastus/usages",
      "eastus/vmSizes",
      "westus2/quotas",
      "westus2/usages",
      "westus2/vmSizes",
    ]);
    expect(ml.every((s) => s.url.endsWith("api-version=2024-04-01"))).toBe(true);
  });

  it("does not fit: exit 1 with the smallest changes and the quota request's numbers", async () => {
    // 12 instances (24 vCPUs) and aml-cluster at 2 nodes (4): 28 DSv2 vCPUs against 22 free.
    const h = setup(12);
    expect(await h.run("--subscription", SUB, "--regions", "westus2", "--json")).toBe(1);
    const doc = JSON.parse(h.out.join("\n"));
    expect(doc.fit.fits).toBe(false);
    expect(doc.stacks.map((s: { stack: string }) => s.stack)).toEqual([
      "c1-foundation",
      "c1-make-data-available",
      "c1-run-pipelines",
    ]);
    // The instances move to ESv3 (50 free, E2s_v3 offered for compute instances in eastus);
    // westus2 has 24 DSv2 vCPUs, not enough; the cluster alone at 1 node is not enough either.
    expect(doc.fit.changes).toEqual([
      expect.objectContaining({
        kind: "other-vm-size",
        setting: "instanceVmSize",
        from: "Standard_DS11_v2",
        to: "Standard_E2s_v3",
      }),
      expect.objectContaining({
        kind: "quota-request",
        region: "eastus",
        family: "standardDSv2Family",
        priority: "dedicated",
        currentLimit: 24,
        neededLimit: 30,
      }),
    ]);
    expect(doc.costPerDay.idle).toBeGreaterThan(0);
  });

  it("judges only the chosen lab stacks with the foundation (--stack)", async () => {
    const h = setup();
    expect(
      await h.run("--subscription", SUB, "--regions", "westus2", "--stack", "c1-run-pipelines"),
    ).toBe(0);
    expect(h.out.join("\n")).toMatch(/Up together: c1-foundation, c1-run-pipelines \(/);
  });

  it("exit 1 when a resource provider the stacks need is not registered", async () => {
    const h = setup(4, { notRegistered: ["Microsoft.MachineLearningServices"] });
    expect(await h.run("--subscription", SUB, "--regions", "westus2")).toBe(1);
    expect(h.out.join("\n")).toMatch(/FAIL Microsoft\.MachineLearningServices\s+NotRegistered/);
  });

  it("exit 2 when ARM refuses the quota read, naming the call", async () => {
    const h = setup(4, { usages403: true });
    expect(await h.run("--subscription", SUB, "--regions", "westus2")).toBe(2);
    expect(h.err.join("\n")).toMatch(
      /cannot read the subscription[\s\S]*GET \/subscriptions\/.*eastus\/usages.*403 AuthorizationFailed/,
    );
  });
});

describe("cohort preflight: bad input, exit 2 before any Azure call", () => {
  it.each([
    [
      ["--stack", "c1-nope"],
      /--stack 'c1-nope' is not one of cohort c1's stacks \(c1-foundation, c1-make-data-available, c1-run-pipelines\)/,
    ],
    [
      ["--regions", "westeurpoe"],
      /--regions 'westeurpoe' is not an Azure region: did you mean 'westeurope'\?/,
    ],
    [
      ["--subscription", "my-sub"],
      /--subscription 'my-sub' is not a subscription id: use its GUID/,
    ],
    [["--day", "day9"], /--day 'day9' is not one of cohort c1's lab stacks/],
  ])("%j", async (argv, message) => {
    const h = setup();
    expect(await h.run(...(argv as string[]))).toBe(2);
    expect(h.err.join("\n")).toMatch(message as RegExp);
    expect(h.sent).toEqual([]);
  });

  it("no subscription: names the three ways to give one", async () => {
    const h = setup();
    expect(await h.run("--regions", "westus2")).toBe(2);
    expect(h.err.join("\n")).toMatch(
      /no subscription: pass --subscription ID, set AZURE_SUBSCRIPTION_ID, or sign in with 'az login'/,
    );
    expect(h.sent).toEqual([]);
  });
});

describe("cohort plan --quota: offline, against limits saved by preflight --json", () => {
  it("prints the same verdict and changes without Azure, exit 1 when it does not fit", async () => {
    const h = setup(12);
    expect(await h.run("--subscription", SUB, "--regions", "westus2", "--json")).toBe(1);
    fs.writeFileSync(path.join(h.tmp, "limits.json"), h.out.join("\n"));
    h.out.length = 0;
    const calls = h.sent.length;
    expect(await h.cli("plan", "--quota", "limits.json")).toBe(1);
    const out = h.out.join("\n");
    expect(out).toMatch(/DOES NOT FIT/);
    expect(out).toMatch(/FAIL eastus: standardDSv2Family dedicated: need 28, in use 2 of 24/);
    expect(out).toMatch(/1\. use Standard_E2s_v3 .*config set instanceVmSize Standard_E2s_v3/);
    expect(out).toMatch(/from 24 to at least 30/);
    expect(h.sent.length).toBe(calls);
    // The HTML report's quota table shows the saved limit beside the need.
    expect(await h.cli("plan", "--quota", "limits.json", "--html", "report.html")).toBe(1);
    const html = fs.readFileSync(path.join(h.tmp, "report.html"), "utf8");
    expect(html).toMatch(
      /standardDSv2Family<\/td><td>dedicated<\/td><td class="num">28<\/td><td class="num">24<\/td>/,
    );
  });

  it("without --quota says where the limits come from", async () => {
    const h = setup(4);
    expect(await h.cli("plan")).toBe(0);
    expect(h.out.join("\n")).toMatch(
      /Azure ML quota: not compared offline\. 'npm run cohort -- preflight'/,
    );
  });

  it("exit 2 for a file that is not preflight's output", async () => {
    const h = setup(4);
    fs.writeFileSync(path.join(h.tmp, "x.json"), JSON.stringify({ limits: "eastus" }));
    expect(await h.cli("plan", "--quota", "x.json")).toBe(2);
    expect(h.err.join("\n")).toMatch(
      /--quota '.*x\.json' has no "limits" list of regions with their families: give the output of 'npm run cohort -- preflight --json'/,
    );
  });
});
