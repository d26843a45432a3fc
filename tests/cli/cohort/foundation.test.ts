import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { fileBackendUrl } from "../../../cli/cohort/config";
import { labStacksOf } from "../../../cli/cohort/layout";
import {
  emptyManifest,
  readManifest,
  upsertCohort,
  writeManifest,
} from "../../../cli/cohort/manifest";
import { CliDeps, runCli } from "../../../cli/cohort/main";
import {
  EventSink,
  OpSummary,
  StackConfig,
  StackDriver,
  StackListing,
  StackStatus,
  StateResource,
  UpOptions,
} from "../../../cli/cohort/types";
import { LAB_IDS } from "../../../labs";
import { instanceLogicalName } from "../../../stacks/compose";
import { planIsolated, PROJECT_DIR } from "../../helpers/plan";

/**
 * `npm run cohort` on a cohort made as a course-long foundation plus lab stacks (issue 13), with a
 * small fake StackDriver: the foundation comes up first and goes down last, a lab stack refuses to
 * come up without its foundation, reset-learner and handout act on the foundation, bad day groups
 * exit 2 before anything is created, and `plan` adds up the offline plans.
 */

const ROSTER = path.join(__dirname, "..", "..", "fixtures", "cohort-roster.csv");
const LABS = ["explore-workspace", "make-data-available", "run-pipelines", "script-command-job"];
const COMPUTE = "azure-native:machinelearningservices:Compute";

class Driver implements StackDriver {
  readonly calls: string[] = [];
  readonly inits: Array<{ stack: string; config: StackConfig }> = [];
  constructor(readonly stacks: Map<string, { resources: StateResource[]; outputs: object }>) {}
  private async op(op: string, stack: string): Promise<OpSummary> {
    if (!this.stacks.has(stack)) throw new Error(`no stack named '${stack}' found`);
    this.calls.push(`${op}:${stack}`);
    await Promise.resolve();
    if (op === "destroy") this.stacks.get(stack)!.resources = [];
    return { changes: {} };
  }
  async listStacks(): Promise<StackListing[]> {
    return [...this.stacks].map(([name, s]) => ({ name, resourceCount: s.resources.length }));
  }
  async init(stack: string, config: StackConfig) {
    this.inits.push({ stack, config });
    this.stacks.set(stack, this.stacks.get(stack) ?? { resources: [], outputs: {} });
  }
  preview = (stack: string, _e: EventSink) => this.op("preview", stack);
  up = (stack: string, _e: EventSink, opts?: UpOptions) =>
    this.op(opts?.replace ? `replace(${opts.replace.join(",")})` : "up", stack);
  destroy = (stack: string) => this.op("destroy", stack);
  async outputs(stack: string) {
    return this.stacks.get(stack)!.outputs as Record<string, unknown>;
  }
  async summary(stack: string): Promise<StackStatus> {
    return { resourceCount: this.stacks.get(stack)!.resources.length };
  }
  async resources(stack: string) {
    return [...this.stacks.get(stack)!.resources];
  }
  async getConfig() {
    return undefined;
  }
}

const ci = (stack: string, learner: string): StateResource => ({
  urn: `urn:pulumi:${stack}::dp100-labs::dp100:ml:ComputeInstance$${COMPUTE}::${instanceLogicalName(learner)}-compute`,
  type: COMPUTE,
  id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/computes/ci-${learner}`,
  inputs: { properties: { computeType: "ComputeInstance" } },
});
const blob = (stack: string): StateResource => ({
  urn: `urn:pulumi:${stack}::dp100-labs::azure-native:storage:BlobContainer::c`,
  type: "azure-native:storage:BlobContainer",
});

function setup(
  opts: { foundation?: "up" | "down" | "missing"; days?: Record<string, string[]> } = {},
) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-fdn-"));
  const stateDir = path.join(tmp, "state");
  const stacks = new Map<string, { resources: StateResource[]; outputs: object }>();
  const learners = {
    ada: { studioUrl: "https://ml.azure.com/?wsid=w", workspace: "w", computeInstance: "ci-ada" },
  };
  if (opts.foundation !== "missing") {
    stacks.set("c1-foundation", {
      resources: opts.foundation === "down" ? [] : [ci("c1-foundation", "ada")],
      outputs: { learners, expiresOn: "2025-06-30" },
    });
  }
  const keys = opts.days ? Object.keys(opts.days) : ["make-data-available", "run-pipelines"];
  for (const k of keys) stacks.set(`c1-${k}`, { resources: [blob(`c1-${k}`)], outputs: {} });
  const driver = new Driver(stacks);
  writeManifest(
    stateDir,
    upsertCohort(emptyManifest(), "c1", {
      labs: keys,
      foundation: "c1-foundation",
      ...(opts.days ? { days: opts.days } : {}),
      location: "eastus",
      rosterFile: ROSTER,
      backend: fileBackendUrl(stateDir),
      updatedAt: "2025-06-01T00:00:00Z",
    }),
  );
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    labIds: LAB_IDS,
    env: { PULUMI_CONFIG_PASSPHRASE: "p" },
    cwd: tmp,
    home: tmp,
    repoRoot: tmp,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    clock: () => Date.UTC(2025, 5, 15),
    findPulumi: () => "/usr/bin/pulumi",
    makeDriver: () => driver,
    makePurger: () => ({
      purgeWorkspace: async () => ({ status: "purged" }),
      listDeletedVaults: async () => [],
      purgeVault: async () => ({ status: "purged" }),
    }),
    minIntervalMs: 0,
    runPlan: planIsolated,
  };
  const run = (...argv: string[]) => runCli([...argv, "--state-dir", stateDir], deps);
  return { driver, out, err, run, stateDir, tmp };
}

describe("init with days", () => {
  test("groups a day's labs in one lab stack, the others one each, after the foundation", async () => {
    const h = setup();
    const code = await h.run(
      "init",
      "--cohort",
      "c2",
      "--roster",
      ROSTER,
      "--labs",
      ...LABS,
      "--day",
      "day1=explore-workspace,make-data-available",
    );
    expect(code).toBe(0);
    expect(h.driver.inits.map((i) => i.stack)).toEqual([
      "c2-foundation",
      "c2-day1",
      "c2-run-pipelines",
      "c2-script-command-job",
    ]);
    expect(h.driver.inits[1].config["dp100-labs:labs"]).toEqual([
      "explore-workspace",
      "make-data-available",
    ]);
    expect(readManifest(h.stateDir).cohorts.c2).toMatchObject({
      foundation: "c2-foundation",
      labs: ["day1", "run-pipelines", "script-command-job"],
      days: { day1: ["explore-workspace", "make-data-available"] },
    });
  });

  test.each([
    [
      ["day1=run-pipelines,run-pipelines"],
      /lab 'run-pipelines' is asked for twice in one day's group/,
    ],
    [["day1=run-pipelines", "day2=run-pipelines"], /already in day 'day1'/],
    [["run-pipelines=explore-workspace"], /neither a lab id nor 'foundation'/],
    [["day1"], /is not NAME=LAB,LAB/],
  ])("bad day %j: exit 2, nothing created", async (days, message) => {
    const h = setup();
    const argv = ["init", "--cohort", "c2", "--roster", ROSTER, "--labs", ...LABS];
    for (const d of days) argv.push("--day", d);
    expect(await h.run(...argv)).toBe(2);
    expect(h.err.join("\n")).toMatch(message);
    expect(h.driver.inits).toEqual([]);
    expect(() => labStacksOf(LABS, days, LAB_IDS)).toThrow(message);
  });
});

describe("up, preview, destroy", () => {
  test("up brings the foundation up first, then the lab stacks", async () => {
    const h = setup();
    expect(await h.run("up")).toBe(0);
    expect(h.driver.calls[0]).toBe("up:c1-foundation");
    expect(h.driver.calls.slice(1).sort()).toEqual([
      "up:c1-make-data-available",
      "up:c1-run-pipelines",
    ]);
  });

  test("up --lab brings the foundation up, then only that lab's stack (its day's, in a cohort with days)", async () => {
    const h = setup({
      days: { day1: ["make-data-available", "explore-workspace"], day2: ["run-pipelines"] },
    });
    expect(await h.run("up", "--lab", "explore-workspace")).toBe(0);
    expect(h.driver.calls).toEqual(["up:c1-foundation", "up:c1-day1"]);
    const h2 = setup({ days: { day1: ["make-data-available"], day2: ["run-pipelines"] } });
    expect(await h2.run("up", "--day", "day2")).toBe(0);
    expect(h2.driver.calls).toEqual(["up:c1-foundation", "up:c1-day2"]);
  });

  test("a lab stack refuses to come up without its foundation: clear message, exit 2, nothing run", async () => {
    const h = setup({ foundation: "missing" });
    expect(await h.run("up", "--lab", "run-pipelines")).toBe(2);
    expect(h.err.join("\n")).toMatch(
      /lab stack\(s\) c1-run-pipelines need their foundation c1-foundation, which does not exist/,
    );
    expect(h.driver.calls).toEqual([]);
    const down = setup({ foundation: "down" });
    expect(await down.run("preview", "--lab", "run-pipelines")).toBe(2);
    expect(down.err.join("\n")).toMatch(/need their foundation c1-foundation up first/);
    expect(down.driver.calls).toEqual([]);
  });

  test("destroy takes the lab stacks down first and the foundation last; --lab only that lab stack", async () => {
    const h = setup();
    expect(await h.run("destroy", "--yes")).toBe(0);
    expect(h.driver.calls.filter((c) => c.startsWith("destroy")).pop()).toBe(
      "destroy:c1-foundation",
    );
    expect(h.driver.calls.filter((c) => c.startsWith("destroy"))).toHaveLength(3);
    const one = setup();
    expect(await one.run("destroy", "--lab", "run-pipelines", "--yes")).toBe(0);
    expect(one.driver.calls).toEqual(["destroy:c1-run-pipelines"]);
    expect(one.driver.stacks.get("c1-foundation")!.resources).toHaveLength(1);
  });
});

describe("status, reset-learner, handout", () => {
  test("status shows the foundation first and which lab stacks are up", async () => {
    const h = setup();
    h.driver.stacks.get("c1-run-pipelines")!.resources = [];
    expect(await h.run("status")).toBe(0);
    const out = h.out.join("\n");
    expect(out).toMatch(/c1-foundation\s+1\s.*\sup$/m);
    expect(out).toMatch(/c1-make-data-available\s+1\s.*\sup$/m);
    expect(out).toMatch(/c1-run-pipelines\s+0\s.*\sdown$/m);
  });

  test("reset-learner replaces the instance on the foundation, never a lab stack", async () => {
    const h = setup();
    expect(await h.run("reset-learner", "ada")).toBe(0);
    expect(h.driver.calls).toEqual([`replace(${ci("c1-foundation", "ada").urn}):c1-foundation`]);
  });

  test("handout: one studio link and one instance per learner, from the foundation", async () => {
    const h = setup();
    const out = path.join(h.tmp, "hand");
    expect(await h.run("handout", "--out", out)).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(["handout.csv", "handout.md"]);
    const csv = fs.readFileSync(path.join(out, "handout.csv"), "utf8").trim().split("\r\n");
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(/^course,ada,/);
  });
});

describe("plan", () => {
  test("plans the foundation and the lab stacks up together, offline, from the stack files", async () => {
    const h = setup();
    const write = (stack: string, config: Record<string, unknown>) =>
      fs.writeFileSync(path.join(h.tmp, `Pulumi.${stack}.yaml`), YAML.stringify({ config }));
    write("c1-foundation", {
      "dp100-labs:mode": "cohort",
      "dp100-labs:part": "foundation",
      "dp100-labs:cohort": "c1",
      "dp100-labs:rosterFile": path.join(PROJECT_DIR, "examples", "roster.csv"),
      "dp100-labs:labs": ["make-data-available", "run-pipelines"],
    });
    for (const lab of ["make-data-available", "run-pipelines"]) {
      write(`c1-${lab}`, {
        "dp100-labs:mode": "cohort",
        "dp100-labs:part": "lab",
        "dp100-labs:cohort": "c1",
        "dp100-labs:foundation": "c1-foundation",
        "dp100-labs:labs": [lab],
      });
    }
    expect(await h.run("plan")).toBe(0);
    const out = h.out.join("\n");
    expect(out).toMatch(/c1-foundation\s+foundation\s+\d+/);
    expect(out).toMatch(/c1-make-data-available\s+lab\s+\d+/);
    expect(out).toMatch(/1 workspace\(s\), 4 compute instance\(s\)/);
    expect(out).toMatch(/dedicated vCPUs at peak: standardDSv2Family 12/);
    // The guardrails' verdicts, as `npm run plan` prints them.
    expect(out).toMatch(/^Violations: none\.$/m);
    expect(h.driver.calls).toEqual([]);
    // --html: one self-contained page for the stacks up together.
    const page = path.join(h.tmp, "report", "cohort.html");
    expect(await h.run("plan", "--html", page)).toBe(0);
    const html = fs.readFileSync(page, "utf8");
    expect(html).toMatch(/DP-100 cohort plan: c1/);
    for (const stack of ["c1-foundation", "c1-make-data-available", "c1-run-pipelines"]) {
      expect(html).toContain(stack);
    }
    expect(html).not.toMatch(/<script\b|<link\b|https?:\/\/(?!ml\.azure\.com)[^"' ]+\.(js|css)/);
    // A bad lab stack file: exit 2 with the configuration error.
    write("c1-run-pipelines", {
      "dp100-labs:mode": "cohort",
      "dp100-labs:part": "lab",
      "dp100-labs:cohort": "c1",
      "dp100-labs:foundation": "c1-foundation",
      "dp100-labs:labs": ["run-pipelines"],
      "dp100-labs:rosterFile": "x.csv",
    });
    expect(await h.run("plan", "--lab", "run-pipelines")).toBe(2);
    expect(h.err.join("\n")).toMatch(/dp100-labs:rosterFile.*foundation stack 'c1-foundation'/);
  });
});
