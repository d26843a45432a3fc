import { load, runText, usesStep } from "./workflow";

describe("pr.yml", () => {
  const { wf, text } = load("pr.yml");

  it("runs on every pull request, forks included, with no secrets", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(text).not.toMatch(/secrets\./);
    expect(text).not.toMatch(/pull_request_target/);
    for (const job of Object.values(wf.jobs)) {
      expect(job.permissions).toBeUndefined();
      expect(usesStep(job, "azure/login")).toBeUndefined();
      expect(usesStep(job, "pulumi/actions")).toBeUndefined();
    }
  });

  it("installs, lints, type-checks, tests and plans every example stack into the job summary", () => {
    const job = Object.values(wf.jobs)[0];
    const run = runText(job);
    const order = [
      "npm ci",
      "npm run lint",
      "npm run typecheck",
      "npx jest",
      "npm run test:policy",
    ].map((c) => run.indexOf(c));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const plan = job.steps.find((s) => s.run?.includes("npm run --silent plan"))!;
    expect(plan.run).toMatch(/for file in Pulumi\.\*\.yaml/);
    expect(plan.run).toMatch(
      /npm run --silent plan -- --stack "\$stack" --json > "plans\/\$stack\.json"/,
    );
    expect(plan.run).toMatch(/printPlanSummary\("plans"\)'\s*>>\s*"\$GITHUB_STEP_SUMMARY"/);
    expect(plan.run).toMatch(/planExitCode\("plans"\)/);
    expect(plan.if).toBe("${{ !cancelled() }}");
  });
});

describe("pr.yml integration job", () => {
  const { wf } = load("pr.yml");
  it("runs the real-engine tests with Go and a cached CLI build, no secrets", () => {
    const job = wf.jobs.integration;
    expect(job).toBeDefined();
    expect(usesStep(job, "actions/setup-go")).toBeDefined();
    expect(usesStep(job, "actions/cache")).toBeDefined();
    expect(runText(job)).toContain("npm run test:integration");
  });
});
