import { execFileSync } from "child_process";
import * as fs from "fs";
import { planIsolated, PROJECT_DIR } from "../helpers/plan";

const stacks = fs
  .readdirSync(PROJECT_DIR)
  .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
  .map((f) => f.replace(/^Pulumi\.|\.yaml$/g, ""));

test("the sandbox example and several others are committed; no stack of a user's own is", () => {
  expect(stacks).toContain("example-sandbox");
  // Pulumi.dev.yaml is a learner's copy (git-ignored), never committed.
  expect(
    execFileSync("git", ["ls-files", "Pulumi.dev.yaml"], { cwd: PROJECT_DIR }).toString(),
  ).toBe("");
  expect(stacks.length).toBeGreaterThanOrEqual(4);
});

test.each(stacks)("example stack %s plans clean, with a cost and quota summary", async (stack) => {
  // Judged on a fixed day before the examples' expiresOn: past it, the plan flags them
  // (expiry-passed, tests/plan/checks.test.ts), and this test must not change with the calendar.
  const doc = await planIsolated({ stack, projectDir: PROJECT_DIR, nowMs: Date.UTC(2026, 0, 1) });
  expect(doc.violations).toEqual([]);
  expect((doc.cost as { complete: boolean }).complete).toBe(true);
  expect((doc.cost as { perLabDay: number }).perLabDay).toBeGreaterThan(0);
  expect(doc.quota).toBeDefined();
  expect((doc.graph as { crossLearnerDependencies: number }).crossLearnerDependencies).toBe(0);
});
