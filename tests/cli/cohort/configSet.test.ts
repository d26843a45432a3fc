import * as fs from "fs";
import * as YAML from "yaml";
import * as path from "path";

import { deployedCohort, text } from "./harness";

/** `cohort config set` (cli/cohort/commands/configSet.ts). */

describe("config set", () => {
  it("judges a value with the stack's own configuration when its stack file is here", async () => {
    const h = deployedCohort(["run-pipelines"]);
    (h.deps as { repoRoot: string }).repoRoot = h.cwd;
    const stackFile = (allowed: string[]) =>
      fs.writeFileSync(
        path.join(h.cwd, "Pulumi.c1-run-pipelines.yaml"),
        YAML.stringify({
          config: {
            "dp100-labs:mode": "cohort",
            "dp100-labs:cohort": "c1",
            "dp100-labs:learners": [
              { id: "ada", objectId: "00000000-0000-4000-8000-000000000001" },
            ],
            "dp100-labs:labs": ["run-pipelines"],
            "dp100-labs:vmSizeChoices": allowed,
          },
        }),
      );
    // The size is judged against the list this stack allows, not the default one.
    stackFile(["Standard_DS11_v2", "Standard_NC6s_v3"]);
    expect(
      await h.run("config", "set", "instanceVmSize", "Standard_NC6s_v3", "--cohort", "c1"),
    ).toBe(0);
    stackFile(["Standard_DS11_v2"]);
    expect(
      await h.run("config", "set", "instanceVmSize", "Standard_NC6s_v3", "--cohort", "c1"),
    ).toBe(2);
    expect(text(h.err)).toMatch(/dp100-labs:instanceVmSize: 'Standard_NC6s_v3' is not accepted/);
  });

  it("checks the value, then sets it on every stack of the cohort", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    expect(await h.run("config", "set", "stopTime", "17:30", "--cohort", "c1")).toBe(0);
    expect(h.driver.inits).toEqual([
      { stack: "c1-explore-workspace", config: { "dp100-labs:stopTime": "17:30" } },
      { stack: "c1-run-pipelines", config: { "dp100-labs:stopTime": "17:30" } },
    ]);
  });

  it.each([
    [["stopTime", "5pm"], /dp100-labs:stopTime: '5pm' is not accepted/],
    [["labs", "all"], /written by 'npm run cohort -- init'/],
    [["aws:region", "x"], /not a cohort setting/],
    [["stopTme", "17:00"], /unknown key/],
  ])("refuses %j and writes nothing", async (kv, message) => {
    const h = deployedCohort(["run-pipelines"]);
    expect(await h.run("config", "set", ...kv, "--cohort", "c1")).toBe(2);
    expect(text(h.err)).toMatch(message);
    expect(h.driver.inits).toHaveLength(0);
  });

  it("needs set KEY VALUE", async () => {
    const h = deployedCohort(["run-pipelines"]);
    expect(await h.run("config", "get", "stopTime", "--cohort", "c1")).toBe(2);
    expect(text(h.err)).toMatch(/config takes 'set KEY VALUE'/);
  });
});
