import * as fs from "fs";
import * as path from "path";
import { combineHandouts } from "../../../cli/handout/cohort";

import { deployedCohort, text } from "./harness";

/** `cohort handout` (cli/cohort/commands/handout.ts). */

describe("handout", () => {
  it("writes the cohort's Markdown and CSV and one pair per lab, with cli/handout/format.ts's formatter", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    expect(await h.run("handout")).toBe(0);
    const dir = path.join(h.cwd, "out", "c1");
    expect(fs.readdirSync(dir).sort()).toEqual([
      "explore-workspace.csv",
      "explore-workspace.md",
      "handout.csv",
      "handout.md",
      "run-pipelines.csv",
      "run-pipelines.md",
    ]);
    const md = fs.readFileSync(path.join(dir, "handout.md"), "utf8");
    const csv = fs.readFileSync(path.join(dir, "handout.csv"), "utf8");
    expect(md).toMatch(/^# DP-100 lab environments: cohort c1\n/);
    expect(md).toMatch(/^## Lab run-pipelines$/m);
    expect(md).toMatch(
      /\| ada \| Ada Lovelace \| ada@example\.com \| mlw-c1-run-pipelines \| ci-ada \| \[open\]\(https:\/\/ml\.azure\.com\/\?wsid=c1-run-pipelines\) \| 2025-06-30 \|/,
    );
    const lines = csv.trim().split("\r\n");
    expect(csv.startsWith("\uFEFFlab,")).toBe(true);
    expect(lines[0]).toBe(
      "lab,learner,displayName,email,workspace,computeInstance,studioUrl,expiresOn",
    );
    expect(lines).toContain(
      'run-pipelines,bob,"Bob ""the builder""",bob@example.com,mlw-c1-run-pipelines,ci-bob,https://ml.azure.com/?wsid=c1-run-pipelines,2025-06-30',
    );
    expect(lines).toHaveLength(5);
    expect(fs.readFileSync(path.join(dir, "run-pipelines.md"), "utf8")).toMatch(
      /^# Lab run-pipelines/,
    );
  });

  it("says which stacks have no learners output yet and exits 1", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    h.driver.stacks.get("c1-explore-workspace")!.outputs = {};
    const out = path.join(h.cwd, "custom");
    expect(await h.run("handout", "--out", out)).toBe(1);
    expect(text(h.out)).toMatch(/c1-explore-workspace: no learners output yet/);
    expect(fs.readFileSync(path.join(out, "handout.md"), "utf8")).toMatch(
      /## Lab explore-workspace\n\nNot deployed yet: stack `c1-explore-workspace` has no learners output\./,
    );
    expect(fs.existsSync(path.join(out, "explore-workspace.csv"))).toBe(false);
  });

  it("keeps the CSV header when nothing is deployed, and spreadsheet formulas harmless", () => {
    const none = combineHandouts("c1", [{ stack: "c1-x", lab: "x", outputs: {} }]);
    expect(none.csv).toBe(
      "\uFEFFlab,learner,displayName,email,workspace,computeInstance,studioUrl,expiresOn\r\n",
    );
    expect(none.missing).toEqual(["c1-x"]);
    const one = combineHandouts("c1", [
      { stack: "c1-x", lab: "x", outputs: { learners: { zoé: { displayName: "=cmd|calc" } } } },
    ]);
    expect(one.csv.split("\r\n")[1]).toBe("x,zoé,'=cmd|calc,,,,,");
  });
});

describe("handout before up", () => {
  it("says to run up first, writes nothing and exits 2 (it exited 1 with empty files)", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    for (const s of h.driver.stacks.values()) s.outputs = {};
    const out = path.join(h.cwd, "before-up");
    expect(await h.run("handout", "--out", out)).toBe(2);
    expect(text(h.err)).toMatch(
      /^error: cohort 'c1' is not up yet: .* no learners output\. Run 'npm run cohort -- up --cohort c1 --state-dir \S+' first, then handout again\. Nothing was written\.$/m,
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
