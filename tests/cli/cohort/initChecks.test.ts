import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliDeps, DriverFactoryOptions, runCli } from "../../../cli/cohort/main";
import { StackConfig, StackDriver } from "../../../cli/cohort/types";

/**
 * `cohort init` checks before it creates any stack: an expiry date that has passed (the daily
 * expiry workflow would destroy the live class), a missing expiry (nothing cleans the cohort up),
 * and the program's own validation of each stack's configuration, roster included.
 */

const LABS = ["explore-workspace", "run-pipelines"];
const ROSTER = path.join(__dirname, "..", "..", "fixtures", "cohort-roster.csv");
const TODAY = Date.UTC(2026, 10, 30, 16, 0, 0); // 2026-11-30

function harness() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-init-"));
  const inits: Array<{ stack: string; config: StackConfig }> = [];
  const previews: string[] = [];
  const driverOptions: DriverFactoryOptions[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const unused = () => Promise.reject(new Error("not used by init"));
  const driver: StackDriver = {
    // The stacks init made, none deployed yet.
    listStacks: async () => inits.map((i) => ({ name: i.stack, resourceCount: 0 })),
    init: async (stack, config) => void inits.push({ stack, config }),
    preview: async (stack) => {
      previews.push(stack);
      return { changes: { create: 1 } };
    },
    up: async (stack) => {
      previews.push(stack);
      return { changes: { create: 1 } };
    },
    destroy: unused,
    outputs: unused,
    summary: unused,
    resources: unused,
    getConfig: unused,
  };
  const deps: CliDeps = {
    labIds: LABS,
    env: { PULUMI_CONFIG_PASSPHRASE: "correct horse" },
    cwd: tmp,
    home: tmp,
    repoRoot: "/repo",
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    clock: () => TODAY,
    findPulumi: () => "/usr/local/bin/pulumi",
    makeDriver: (o) => {
      driverOptions.push(o);
      return driver;
    },
    makePurger: () => {
      throw new Error("not used by init");
    },
    minIntervalMs: 0,
  };
  const run = (...argv: string[]) =>
    runCli(["init", "--cohort", "c1", "--labs", ...LABS, ...argv], deps);
  const cli = (...argv: string[]) => runCli(argv, deps);
  return { tmp, inits, previews, driverOptions, out, err, run, cli };
}

describe("cohort init: expiry", () => {
  it("refuses an --expires-on that has passed, and creates nothing", async () => {
    const h = harness();
    expect(await h.run("--roster", ROSTER, "--expires-on", "2026-11-29")).toBe(2);
    expect(h.err.join("\n")).toMatch(
      /--expires-on '2026-11-29' has passed \(today is 2026-11-30 UTC\).*--allow-past-expiry.*No stack was created/,
    );
    expect(h.inits).toHaveLength(0);
  });

  it("accepts today (a date expires once its day is over)", async () => {
    const h = harness();
    expect(await h.run("--roster", ROSTER, "--expires-on", "2026-11-30")).toBe(0);
    // The foundation and one lab stack per lab.
    expect(h.inits).toHaveLength(3);
    expect(h.out.join("\n")).not.toMatch(/warning/);
  });

  it("writes a past date with --allow-past-expiry, and says what it means", async () => {
    const h = harness();
    expect(
      await h.run("--roster", ROSTER, "--expires-on", "2026-01-31", "--allow-past-expiry"),
    ).toBe(0);
    // The expiry is the foundation's; its lab stacks take it from there.
    expect(h.inits.map((i) => i.config["dp100-labs:expiresOn"])).toEqual([
      "2026-01-31",
      undefined,
      undefined,
    ]);
    expect(h.out.join("\n")).toMatch(
      /warning \(--allow-past-expiry\): dp100-labs:expiresOn 2026-01-31 has passed.*destroy --expired/,
    );
  });

  it("says that nothing will clean the cohort up when no expiry is given", async () => {
    const h = harness();
    expect(await h.run("--roster", ROSTER)).toBe(0);
    expect(h.out.join("\n")).toMatch(
      /warning: no --expires-on: nothing will clean cohort c1 up.*destroy --cohort c1 --yes/,
    );
  });

  it("--allow-past-expiry takes no value", async () => {
    const h = harness();
    expect(await h.run("--roster", ROSTER, "--allow-past-expiry=yes")).toBe(2);
    expect(h.err.join("\n")).toMatch(/--allow-past-expiry takes no value/);
  });
});

describe("cohort init: the program's own validation first", () => {
  const roster = (tmp: string, rows: string[]) => {
    const file = path.join(tmp, "roster.csv");
    fs.writeFileSync(file, ["id,objectId,email,displayName", ...rows].join("\n") + "\n");
    return file;
  };

  it("refuses a roster row whose objectId is not a GUID, before creating any stack", async () => {
    const h = harness();
    const file = roster(h.tmp, ["ada,not-a-guid,ada@example.com,Ada"]);
    expect(await h.run("--roster", file, "--expires-on", "2026-12-18")).toBe(2);
    expect(h.err.join("\n")).toMatch(
      /configuration error: .*rosterFile.*not-a-guid.*learner 'ada' needs an Entra object id.*No stack was created/,
    );
    expect(h.inits).toHaveLength(0);
  });

  it("refuses a learner listed twice (case-insensitively)", async () => {
    const h = harness();
    const file = roster(h.tmp, [
      "ada,11111111-1111-1111-1111-111111111111,ada@example.com,Ada",
      "ADA,22222222-2222-2222-2222-222222222222,ada2@example.com,Ada 2",
    ]);
    expect(await h.run("--roster", file, "--expires-on", "2026-12-18")).toBe(2);
    expect(h.err.join("\n")).toMatch(/configuration error: .*unique case-insensitively/);
    expect(h.inits).toHaveLength(0);
  });
});

describe("cohort preview and up: the policy pack on every run", () => {
  it.each(["preview", "up"])(
    "%s passes policy/ to the driver, and the pack config when given",
    async (cmd) => {
      const h = harness();
      expect(await h.run("--roster", ROSTER, "--expires-on", "2026-12-18")).toBe(0);
      expect(await h.cli(cmd, "--cohort", "c1")).toBe(0);
      // The foundation first; `up` then brings the lab stacks up, while `preview` waits for the
      // foundation to be up before it previews them.
      expect(h.previews).toEqual(
        cmd === "up" ? ["c1-foundation", ...LABS.map((l) => `c1-${l}`)] : ["c1-foundation"],
      );
      expect(h.driverOptions.at(-1)).toMatchObject({
        policyPacks: ["/repo/policy"],
        policyPackConfigs: [],
      });
      const packConfig = path.join(h.tmp, "pack.json");
      fs.writeFileSync(packConfig, "{}");
      expect(await h.cli(cmd, "--cohort", "c1", "--policy-pack-config", "pack.json")).toBe(0);
      expect(h.driverOptions.at(-1)).toMatchObject({
        policyPacks: ["/repo/policy"],
        policyPackConfigs: [packConfig],
      });
    },
  );

  it("refuses a --policy-pack-config that cannot be read, before any stack runs", async () => {
    const h = harness();
    expect(await h.run("--roster", ROSTER, "--expires-on", "2026-12-18")).toBe(0);
    expect(await h.cli("up", "--cohort", "c1", "--policy-pack-config", "nope.json")).toBe(2);
    expect(h.err.join("\n")).toMatch(/--policy-pack-config '.*nope\.json' is not a readable file/);
    expect(h.previews).toEqual([]);
  });
});

describe("a mandatory policy verdict is the stack's reason to fail", () => {
  it("StackProgress records it before the engine's bare 'preview failed'", async () => {
    const { StackProgress } = await import("../../../cli/cohort/progress");
    const p = new StackProgress("c1-run-pipelines", "preview", 0);
    p.onEvent({
      policyEvent: {
        policyName: "vm-size-allowed",
        enforcementLevel: "mandatory",
        resourceUrn: "urn:pulumi:s::p::azure-native:machinelearningservices:Compute::ci-ada",
        message: "Compute sizes are limited.\nStandard_NC6s_v3 is not allowed",
      },
    });
    p.onEvent({
      policyEvent: {
        policyName: "some-advice",
        enforcementLevel: "warning",
        message: "advisory only",
      },
    });
    p.onEvent({ diagnosticEvent: { severity: "error", message: "error: preview failed" } });
    expect(p.errors).toEqual([
      "policy vm-size-allowed (mandatory) on ci-ada: Compute sizes are limited. Standard_NC6s_v3 is not allowed",
      "preview failed",
    ]);
  });
});
