import { deployedCohort, text } from "./harness";

/** `cohort status` (cli/cohort/commands/status.ts). */

describe("status", () => {
  it("shows resources, last update, learners and expiry per stack", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    h.driver.stacks.get("c1-run-pipelines")!.status = {
      resourceCount: 42,
      lastUpdate: { kind: "update", result: "succeeded", endTime: "2025-06-14T10:00:00.000Z" },
    };
    h.driver.failures.set("outputs:c1-explore-workspace", "error: passphrase is wrong");
    expect(await h.run("status")).toBe(1);
    const out = text(h.out);
    expect(out).toMatch(
      /c1-run-pipelines\s+42\s+update succeeded\s+2025-06-14T10:00:00.000Z\s+2\s+2025-06-30/,
    );
    expect(out).toMatch(/c1-explore-workspace: error: passphrase is wrong/);
  });
});
