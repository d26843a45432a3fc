import type { Directory, DirectoryUser } from "../../../cli/roster/graph";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fileBackendUrl } from "../../../cli/cohort/config";
import { readManifest } from "../../../cli/cohort/manifest";

import { ROSTER, Harness, harness, text } from "./harness";

/** `cohort init` (cli/cohort/commands/init.ts). */

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
      // The learners themselves, not the roster's path (portable stack files).
      "dp100-labs:learners": expect.any(String),
      "azure-native:location": "eastus",
      "dp100-labs:expiresOn": "2025-06-30",
    });
    const learners = JSON.parse(h.driver.inits[0].config["dp100-labs:learners"] as string);
    expect(learners.map((l: { id: string }) => l.id)).toEqual(["ada", "bob", "zoé"]);
    expect(learners.every((l: { objectId?: string }) => l.objectId)).toBe(true);
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
    const bad = path.join(__dirname, "..", "..", "fixtures", "cohort-roster-bad-header.csv");
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
    // The resolved ids are written into the learners themselves (portable stack files).
    const learners = JSON.parse(config["dp100-labs:learners"] as string) as Array<{
      email?: string;
      objectId?: string;
    }>;
    const byEmail = Object.fromEntries(
      learners.filter((l) => l.email).map((l) => [l.email!.toLowerCase(), l.objectId]),
    );
    expect(byEmail).toMatchObject({
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
