import { runCli } from "../../../cli/cohort/main";

import * as fs from "fs";
import { tempFile } from "../../helpers/plan";
import { ROSTER, harness, deployedCohort, text } from "./harness";

/** The cohort dispatcher (cli/cohort/main.ts): what is checked before the Pulumi CLI is needed. */

describe("without the Pulumi CLI", () => {
  it.each([
    ["init", "--cohort", "c1", "--roster", ROSTER, "--labs", "run-pipelines"],
    ["up"],
    ["destroy", "--yes"],
    ["status"],
    ["handout"],
    ["reset-learner", "ada"],
  ])("%s explains how to install it and exits 2", async (...argv) => {
    const h = harness({ pulumi: false });
    expect(await h.run(...argv)).toBe(2);
    expect(text(h.err)).toMatch(/The Pulumi CLI \('pulumi'\) is not on PATH/);
    expect(text(h.err)).toMatch(/https:\/\/www\.pulumi\.com\/docs\/install\//);
    expect(text(h.err)).toMatch(
      /scripts\/pulumi-cli\.sh builds a CLI for this repository's tests only/,
    );
    expect(h.driverOptions).toHaveLength(0);
  });

  it("still runs help and list", async () => {
    const h = deployedCohort(["run-pipelines"], { pulumi: false });
    expect(await runCli(["help"], h.deps)).toBe(0);
    expect(text(h.out)).toMatch(/Usage: npm run cohort -- <command>/);
    expect(await h.run("list")).toBe(0);
    expect(text(h.out)).toMatch(/c1\s+run-pipelines\s+eastus/);
  });

  it("reports a roster the program would refuse (a repeated id) first, naming its line", async () => {
    const roster = tempFile(
      "dupes.csv",
      fs.readFileSync(ROSTER, "utf8").trimEnd() + "\nADA,,ada2@example.com,\n",
    );
    const h = harness({ pulumi: false });
    expect(
      await h.run("init", "--cohort", "c1", "--roster", roster, "--labs", "run-pipelines"),
    ).toBe(2);
    expect(text(h.err)).toMatch(
      /configuration error: .*line \d+.*'ADA'.*unique.*No stack was created/,
    );
    expect(text(h.err)).not.toMatch(/not on PATH/);
  });

  it("reports argument errors first", async () => {
    const h = harness({ pulumi: false });
    expect(await h.run("up", "--lab", "nope")).toBe(2);
    expect(text(h.err)).toMatch(/--lab 'nope' is not a lab id/);
    expect(text(h.err)).not.toMatch(/not on PATH/);
  });
});

describe("how failures are printed", () => {
  const HINT = "Run 'npm run cohort -- help' for usage.";

  it("bad input in a file the command line names: error: once, then the usage hint", async () => {
    const h = harness();
    expect(
      await h.run("init", "--cohort", "c1", "--labs", "run-pipelines", "--roster", "missing.csv"),
    ).toBe(2);
    expect(h.err[0]).toMatch(/^error: --roster '.*missing\.csv' cannot be read/);
    expect(h.err.at(-1)).toBe(HINT);
  });

  it("a configuration error keeps its own prefix, never 'error: configuration error'", async () => {
    const h = harness();
    const argv = ["init", "--cohort", "c1", "--roster", ROSTER, "--labs", "run-pipelines"];
    expect(await h.run(...argv, "--stop-time", "25:00")).toBe(2);
    expect(h.err[0]).toMatch(/^configuration error: dp100-labs:stopTime/);
    expect(text(h.err)).not.toMatch(/error: configuration error/);
    expect(h.err.at(-1)).toBe(HINT);
  });

  it("a missing prerequisite: error: once, what to do, no usage hint", async () => {
    const h = harness({ env: {} });
    expect(
      await h.run("init", "--cohort", "c1", "--roster", ROSTER, "--labs", "run-pipelines"),
    ).toBe(2);
    expect(h.err[0]).toMatch(/^error: No passphrase for the state at file:\/\//);
    expect(text(h.err)).not.toMatch(/^error: error:/m);
    expect(h.err).not.toContain(HINT);
  });
});
