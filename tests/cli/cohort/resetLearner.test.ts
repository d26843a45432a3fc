import { COMPUTE_TYPE, findLearnerComputeUrn, parseUrn } from "../../../cli/cohort/learner";
import { StateResource } from "../../../cli/cohort/types";
import { instanceLogicalName } from "../../../stacks/compose";

import { urnOf, deployedCohort, text } from "./harness";

/** `cohort reset-learner` and finding a learner's instance (cli/cohort/commands/resetLearner.ts, learner.ts). */

describe("reset-learner", () => {
  it("replaces exactly that learner's compute instance and targets nothing else", async () => {
    const h = deployedCohort(["work-with-compute"]);
    expect(await h.run("reset-learner", "bob")).toBe(0);
    const urn = urnOf(
      "c1-work-with-compute",
      COMPUTE_TYPE,
      `${instanceLogicalName("bob")}-compute`,
      "dp100:ml:ComputeInstance$",
    );
    expect(h.driver.ups).toEqual([
      {
        stack: "c1-work-with-compute",
        opts: { replace: [urn], target: [urn], targetDependents: true },
      },
    ]);
    expect(text(h.out)).toMatch(/reset-learner: all 1 stack\(s\) succeeded\./);
  });

  it("asks for --lab when the learner has an instance in several labs", async () => {
    const h = deployedCohort(["work-with-compute", "run-pipelines"]);
    expect(await h.run("reset-learner", "ada")).toBe(2);
    expect(text(h.err)).toMatch(
      /learner 'ada' has a compute instance in several labs \(work-with-compute, run-pipelines\): pass --lab ID/,
    );
    expect(h.driver.ups).toHaveLength(0);
    expect(await h.run("reset-learner", "ada", "--lab", "run-pipelines")).toBe(0);
    expect(h.driver.ups.map((u) => u.stack)).toEqual(["c1-run-pipelines"]);
  });

  it("names an unknown learner and replaces nothing", async () => {
    const h = deployedCohort(["work-with-compute"]);
    expect(await h.run("reset-learner", "carol")).toBe(2);
    expect(text(h.err)).toMatch(/learner 'carol' has no compute instance in c1-work-with-compute/);
    expect(h.driver.ups).toHaveLength(0);
  });
});

describe("findLearnerComputeUrn", () => {
  const compute = (
    name: string,
    computeType = "ComputeInstance",
    parents = "dp100:ml:ComputeInstance$",
  ): StateResource => ({
    urn: urnOf("s", COMPUTE_TYPE, name, parents),
    type: COMPUTE_TYPE,
    inputs: { properties: { computeType } },
  });

  it("matches the stack program's logical name, for ids with accents and spaces too", () => {
    for (const id of ["ada", "Zoé O'Brien", "12345"]) {
      const others = [
        compute(`${instanceLogicalName("someone")}-compute`),
        compute("aml-cluster", "AmlCompute", ""),
      ];
      const mine = compute(`${instanceLogicalName(id)}-compute`);
      expect(findLearnerComputeUrn([...others, mine], id)).toEqual({ urn: mine.urn });
    }
  });

  it("accepts <something>-ci-<learnerId>, prefers the plain head, and never picks a cluster", () => {
    const ada = compute("lab-ci-ada");
    const bobCiAda = compute("lab-ci-bob-ci-ada");
    const cluster = compute("pool-ci-ada", "AmlCompute");
    expect(findLearnerComputeUrn([bobCiAda, cluster, ada], "ADA")).toEqual({ urn: ada.urn });
    expect(findLearnerComputeUrn([bobCiAda, ada], "bob-ci-ada")).toEqual({ urn: bobCiAda.urn });
    expect(findLearnerComputeUrn([cluster], "ada")).toEqual({
      error: "no compute instance for learner 'ada' in this stack",
    });
  });

  it("refuses to guess between two equally good matches", () => {
    const a = compute("one-ci-ada");
    const b = compute("two-ci-ada");
    const r = findLearnerComputeUrn([a, b], "ada");
    expect("error" in r && r.error).toMatch(/several compute instances match learner 'ada'/);
  });

  it("parses URNs with parent types and :: in names", () => {
    expect(parseUrn("urn:pulumi:st::proj::a:b:C$x:y:Z::name::with::colons")).toEqual({
      stack: "st",
      project: "proj",
      type: "x:y:Z",
      name: "name::with::colons",
    });
    expect(parseUrn("nope")).toBeUndefined();
  });
});
