import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildStackConfig, passphraseError } from "../../../cli/cohort/config";
import {
  emptyManifest,
  readManifest,
  upsertCohort,
  writeManifest,
} from "../../../cli/cohort/manifest";
import { findOnPath } from "../../../cli/cohort/pulumiCli";
import { readRosterCsv } from "../../../stacks/roster";
import { cohortNamePart } from "../../../components/naming";
import { LAB_IDS } from "../../../labs";

import { LABS, ROSTER, harness } from "./harness";

/** Cohort configuration, names, the manifest and the roster (cli/cohort/config.ts, manifest.ts). */

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
