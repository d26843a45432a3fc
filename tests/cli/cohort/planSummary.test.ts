import { formatPlanSummary } from "../../../cli/cohort/planSummary";

/** The pull-request workflow's job summary (cli/cohort/planSummary.ts). */

describe("formatPlanSummary", () => {
  it("shows cost figures and guardrail results per example stack", () => {
    const md = formatPlanSummary([
      {
        stack: "dev",
        exitCode: 1,
        doc: {
          resources: [{}, {}, {}],
          violations: [
            {
              rule: "idle-shutdown",
              urn: "urn:pulumi:dev::p::t::ci-me-compute",
              message: "no idle shutdown",
              level: "mandatory",
            },
            {
              rule: "tags",
              urn: "urn:pulumi:dev::p::t::rg",
              message: "missing owner | tag",
              level: "advisory",
            },
          ],
          cost: {
            currency: "USD",
            idlePerDay: 1.234,
            perLabDay: 5,
            perCourse: 10,
            complete: false,
          },
        },
      },
      { stack: "broken", exitCode: 2, stderr: "configuration error: dp100-labs:cohort ..." },
    ]);
    expect(md).toMatch(
      /\| dev \| ❌ mandatory violations \| 3 \| \$1\.23 \(at least\) \| \$5\.00 \(at least\) \| \$10\.00 \(at least\) \| 1 \| 1 \|/,
    );
    expect(md).toMatch(/\| broken \| ❌ configuration error \| - \|/);
    expect(md).toMatch(
      /### dev: guardrails[\s\S]*\| mandatory \| idle-shutdown \| ci-me-compute \| no idle shutdown \|[\s\S]*\| advisory \| tags \| rg \| missing owner \\\| tag \|/,
    );
    expect(md).toMatch(/### broken: no plan\n\n```\nconfiguration error: dp100-labs:cohort/);
    expect(formatPlanSummary([])).toMatch(/No example stacks/);
  });
});
