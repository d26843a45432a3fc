import { DeploymentNames } from "../../components/deploymentNames";
import { NameError, PLACEHOLDER_SUFFIX } from "../../components/naming";
import { promiseOf } from "../helpers/mocks";

/**
 * The stack composition asks for Azure names by stable keys (the prefix, the cohort, a learner id);
 * the names are those Namer builds from the same parts.
 */

const cohort = new DeploymentNames(
  { prefix: "dp100", cohort: "c24", cohortInNames: true },
  "x7k2p",
);
const sandbox = new DeploymentNames({ prefix: "dp100", cohort: "sandbox", cohortInNames: false });

describe("DeploymentNames", () => {
  test("the shared group's names carry the prefix and the cohort; the budget has no suffix", async () => {
    const g = cohort.group();
    expect(await promiseOf(g.resourceGroup())).toBe("dp100-c24-rg-x7k2p");
    expect(await promiseOf(g.workspace())).toBe("dp100-c24-mlw-x7k2p");
    expect(g.budget()).toBe("dp100-c24-budget");
    expect(g.namer.prefix).toEqual(["dp100", "c24"]);
  });

  test("a sandbox's names leave the cohort out, its budget keeps it", async () => {
    const g = sandbox.group();
    expect(await promiseOf(g.resourceGroup())).toBe(`dp100-rg-${PLACEHOLDER_SUFFIX}`);
    expect(g.budget()).toBe("dp100-sandbox-budget");
  });

  test("a learner's own group drops the prefix for a hash of the learner id (24-character names)", async () => {
    const g = cohort.group("ada");
    expect(g.namer.prefix[0]).toBe("c24");
    expect(g.namer.prefix[1]).toMatch(/^[a-z0-9]{4}$/);
    expect(await promiseOf(g.resourceGroup())).toBe(`c24-${g.namer.prefix[1]}-rg-x7k2p`);
    expect(g.budget()).toBe("dp100-c24-budget-ada");
  });

  test("a compute instance name drops the prefix; the up-front form has the placeholder suffix", async () => {
    expect(await promiseOf(cohort.computeInstance("ada"))).toBe("c24-ci-ada-x7k2p");
    expect(cohort.computeInstanceNow("ada")).toBe(`c24-ci-ada-${PLACEHOLDER_SUFFIX}`);
    expect(await promiseOf(sandbox.computeInstance("me"))).toBe(`ci-me-${PLACEHOLDER_SUFFIX}`);
  });

  test("checkAll checks the resource group, every name of the workspace set and the budget", () => {
    expect(() => cohort.group().checkAll()).not.toThrow();
    const long = new DeploymentNames({
      prefix: "p".repeat(20),
      cohort: "c24",
      cohortInNames: true,
    });
    expect(() => long.group().checkAll()).toThrow(NameError);
  });
});
