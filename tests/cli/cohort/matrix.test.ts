import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "../../../cli/cohort/args";
import { CliDeps, runCli } from "../../../cli/cohort/main";
import { emptyManifest, upsertCohort, writeManifest } from "../../../cli/cohort/manifest";
import { CohortMatrix, cohortMatrix } from "../../../cli/cohort/matrix";
import { OpSummary, StackConfig, StackDriver, StackListing } from "../../../cli/cohort/types";
import { LAB_IDS } from "../../../labs";

/**
 * `npm run cohort -- matrix` and the per-job commands of .github/workflows/cohort.yml: the same
 * stack names and configuration as a local `init`, one stack per job, no stack in two jobs.
 */

const ROSTER = path.join(__dirname, "..", "..", "fixtures", "cohort-roster.csv");
const BLOB = "azblob://state?storage_account=dp100state";
const LABS = ["explore-workspace", "work-with-compute", "run-pipelines"];

/** Records every stack each call names; one instance stands for one runner or one trainer. */
class RecordingDriver implements StackDriver {
  readonly calls: string[] = [];
  readonly configs = new Map<string, StackConfig>();
  constructor(private readonly existing: Set<string> = new Set()) {}
  async listStacks(): Promise<StackListing[]> {
    this.calls.push("listStacks");
    // Stacks that exist hold resources: in a workflow run the foundation job is up before the labs'.
    return [...this.existing].map((name) => ({ name, resourceCount: 3 }));
  }
  async init(stack: string, config: StackConfig): Promise<void> {
    this.calls.push(`init:${stack}`);
    this.existing.add(stack);
    this.configs.set(stack, config);
  }
  private op(kind: string, stack: string): Promise<OpSummary> {
    this.calls.push(`${kind}:${stack}`);
    return Promise.resolve({ changes: {} });
  }
  preview = (stack: string) => this.op("preview", stack);
  up = (stack: string) => this.op("up", stack);
  destroy = (stack: string) => this.op("destroy", stack);
  async outputs(stack: string) {
    this.calls.push(`outputs:${stack}`);
    return {};
  }
  async summary(stack: string) {
    this.calls.push(`summary:${stack}`);
    return { resourceCount: 0 };
  }
  async resources(stack: string) {
    this.calls.push(`resources:${stack}`);
    return [];
  }
  async getConfig() {
    return undefined;
  }
}

function machine(driver: StackDriver = new RecordingDriver()) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-matrix-"));
  const out: string[] = [];
  const err: string[] = [];
  const backends: string[] = [];
  const deps: CliDeps = {
    labIds: LAB_IDS,
    env: { PULUMI_CONFIG_PASSPHRASE: "correct horse" },
    // A runner's checkout: relative roster paths are resolved against it.
    cwd: path.join(__dirname, "..", "..", ".."),
    home,
    repoRoot: "/repo",
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    clock: () => Date.UTC(2025, 5, 1),
    findPulumi: () => "/usr/bin/pulumi",
    makeDriver: (o) => {
      backends.push(o.backendUrl);
      return driver;
    },
    makePurger: () => {
      throw new Error("no purge expected: the stacks hold no workspace or vault");
    },
    minIntervalMs: 0,
  };
  return { deps, out, err, home, backends, run: (argv: readonly string[]) => runCli(argv, deps) };
}

const recordFor = (labs: readonly string[], extra: Record<string, string> = {}) => ({
  labs,
  location: "westeurope",
  rosterFile: ROSTER,
  backend: BLOB,
  updatedAt: "2025-06-01T00:00:00Z",
  ...extra,
});

describe("cohortMatrix", () => {
  it("gives one job per lab stack, named as init names them, and no foundation for lab stacks only", () => {
    const m = cohortMatrix("may25", recordFor(LABS));
    expect(m.cohort).toBe("may25");
    expect(m.backend).toBe(BLOB);
    expect(m.foundation).toEqual([]);
    expect(m.labs.map((j) => [j.stack, j.lab])).toEqual(LABS.map((l) => [`may25-${l}`, l]));
    expect(new Set(m.labs.map((j) => j.stack)).size).toBe(LABS.length);
  });

  it("limits every command of a job to its own lab and the shared backend", () => {
    const m = cohortMatrix(
      "may25",
      recordFor(LABS, { expiresOn: "2025-06-30", topology: "isolated" }),
      { allowPastExpiry: true },
    );
    const job = m.labs[1];
    expect(parseArgs(job.init)).toMatchObject({
      command: "init",
      values: {
        cohort: "may25",
        backend: BLOB,
        roster: ROSTER,
        location: "westeurope",
        "expires-on": "2025-06-30",
        topology: "isolated",
      },
      // The whole cohort is described, as a local init does; --stack writes this job's stack only.
      lists: { labs: LABS },
    });
    expect(parseArgs(job.init).values.stack).toBe("may25-work-with-compute");
    expect(parseArgs(job.init).bools).toEqual(new Set(["allow-past-expiry"]));
    expect(cohortMatrix("may25", recordFor(LABS)).labs[1].init).not.toContain(
      "--allow-past-expiry",
    );
    const own = ["--cohort", "may25", "--backend", BLOB, "--stack", "may25-work-with-compute"];
    expect(job.up).toEqual(["up", ...own]);
    expect(job.destroy).toEqual(["destroy", ...own, "--yes"]);
  });

  it("puts a cohort's foundation in a job of its own, before the lab stacks, and keeps its days", () => {
    const m = cohortMatrix(
      "may25",
      recordFor(["day1", "run-pipelines"], {
        foundation: "may25-foundation",
        days: { day1: ["explore-workspace", "work-with-compute"] } as never,
      }),
    );
    expect(m.foundation.map((j) => j.stack)).toEqual(["may25-foundation"]);
    expect(m.labs.map((j) => j.stack)).toEqual(["may25-day1", "may25-run-pipelines"]);
    const init = parseArgs(m.foundation[0].init);
    expect(init.lists.labs).toEqual(["explore-workspace", "work-with-compute", "run-pipelines"]);
    expect(init.values.stack).toBe("may25-foundation");
    expect(m.foundation[0].init).toEqual(
      expect.arrayContaining(["--day", "day1=explore-workspace,work-with-compute"]),
    );
  });
});

describe("npm run cohort -- matrix", () => {
  const parse = (out: string[]) => JSON.parse(out.join("\n")) as CohortMatrix;

  it("prints the matrix as one line of JSON from the init flags (CI), roster path kept as given", async () => {
    const m = machine();
    const code = await m.run([
      "matrix",
      "--cohort",
      "may25",
      "--labs",
      "explore-workspace",
      "run-pipelines",
      "--roster",
      "tests/fixtures/cohort-roster.csv",
      "--backend",
      BLOB,
    ]);
    expect(m.err).toEqual([]);
    expect(code).toBe(0);
    expect(m.out).toHaveLength(1);
    const matrix = parse(m.out);
    expect(matrix.labs.map((j) => j.stack)).toEqual([
      "may25-explore-workspace",
      "may25-run-pipelines",
    ]);
    expect(matrix.labs[0].init).toContain("tests/fixtures/cohort-roster.csv");
    expect(matrix.labs[0].init).toContain("eastus");
    expect(m.backends).toEqual([]);
  });

  it("reads the cohort from the manifest when --labs is not given", async () => {
    const m = machine();
    const stateDir = path.join(m.home, "state");
    writeManifest(stateDir, upsertCohort(emptyManifest(), "may25", recordFor(["run-pipelines"])));
    expect(await m.run(["matrix", "--state-dir", stateDir])).toBe(0);
    expect(parse(m.out)).toEqual(cohortMatrix("may25", recordFor(["run-pipelines"])));
  });

  it.each([
    [["--cohort", "may25", "--labs", "run-pipelines", "--roster", ROSTER], /needs --backend/],
    [
      [
        "--cohort",
        "may25",
        "--labs",
        "run-pipelines",
        "--roster",
        ROSTER,
        "--backend",
        "file:///tmp/s",
      ],
      /--backend 'file:\/\/\/tmp\/s' is a folder on one machine/,
    ],
    [
      ["--cohort", "may25", "--labs", "no-such-lab", "--roster", ROSTER, "--backend", BLOB],
      /--labs 'no-such-lab' is not a lab id/,
    ],
    [
      [
        "--cohort",
        "may25",
        "--labs",
        "run-pipelines",
        "--roster",
        "missing.csv",
        "--backend",
        BLOB,
      ],
      /--roster 'missing.csv' is not a readable file/,
    ],
    [["--cohort", "may25", "--roster", ROSTER], /--roster goes with --labs/],
    // Cohort names of 1-64 characters are accepted as written; 65 are not.
    [
      ["--cohort", "x".repeat(65), "--labs", "run-pipelines"],
      /--cohort 'x{65}' is not a valid cohort name: use 1-64 characters/,
    ],
  ])("refuses %j, naming the flag and the value", async (args, message) => {
    const m = machine();
    expect(await m.run(["matrix", ...args, "--state-dir", path.join(m.home, "s")])).toBe(2);
    expect(m.err.join("\n")).toMatch(message);
    expect(m.out).toEqual([]);
  });

  it("names the cohort it cannot find in the manifest", async () => {
    const m = machine();
    expect(
      await m.run(["matrix", "--cohort", "may25", "--state-dir", path.join(m.home, "s")]),
    ).toBe(2);
    expect(m.err.join("\n")).toMatch(/cohort 'may25' is not recorded/);
  });
});

describe("the per-job commands", () => {
  const flags = [
    "--cohort",
    "may25",
    "--roster",
    ROSTER,
    "--location",
    "westeurope",
    "--expires-on",
    "2025-06-30",
    "--topology",
    "isolated",
    "--backend",
    BLOB,
  ];

  it("write the same stack configuration on a runner as init does on the trainer's machine", async () => {
    const trainer = new RecordingDriver();
    const local = machine(trainer);
    const stateDir = path.join(local.home, "state");
    expect(await local.run(["init", ...flags, "--labs", ...LABS, "--state-dir", stateDir])).toBe(0);
    expect(await local.run(["matrix", "--state-dir", stateDir])).toBe(0);
    const matrix = JSON.parse(local.out[local.out.length - 1]) as CohortMatrix;
    for (const job of matrix.labs) {
      const runner = new RecordingDriver();
      const ci = machine(runner);
      expect(await ci.run(job.init)).toBe(0);
      expect(runner.configs.get(job.stack)).toEqual(trainer.configs.get(job.stack));
      expect(ci.backends).toEqual([BLOB]);
    }
  });

  it("each touch only their own stack, so concurrent jobs never share one", async () => {
    const matrix = cohortMatrix("may25", recordFor(LABS, { foundation: "may25-foundation" }));
    expect(matrix.foundation).toHaveLength(1);
    const touched = new Map<string, string>();
    for (const job of [...matrix.foundation, ...matrix.labs]) {
      // Other runners, each with its own home (state folder); every job's stack is in the backend.
      // An up job runs init then up; a destroy job runs destroy alone, with no manifest.
      const stacks = new Set<string>();
      for (const [argvs, ops] of [
        [
          [job.init, job.up],
          ["init", "up"],
        ],
        [[job.destroy], ["destroy"]],
      ] as const) {
        // Every stack exists and holds resources (the foundation is up before any lab job).
        const runner = new RecordingDriver(
          new Set([...matrix.foundation, ...matrix.labs].map((j) => j.stack)),
        );
        const ci = machine(runner);
        for (const argv of argvs) expect(await ci.run(argv)).toBe(0);
        for (const c of runner.calls.filter((c) => c.includes(":"))) {
          stacks.add(c.slice(c.indexOf(":") + 1));
        }
        expect(runner.calls).toEqual(expect.arrayContaining(ops.map((op) => `${op}:${job.stack}`)));
      }
      expect([...stacks]).toEqual([job.stack]);
      expect(touched.get(job.stack)).toBeUndefined();
      touched.set(job.stack, job.stack);
    }
  });
});
