import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe } from "node:test";
import { Sandbox, sequence } from "./harness";

/**
 * The policy pack on the cohort path knows the cohort's learners: `npm run cohort -- preview`
 * passes the roster's object ids as `role-no-privileged-learner`'s `learnerPrincipalIds`
 * (cli/cohort/packConfig.ts), so a privileged role for a learner fails the preview through the
 * real engine as it fails the offline plan. The case: a trainer (Contributor on the cohort's
 * resource group) whose object id is also a learner's.
 */

const sandbox = new Sandbox("learner-policy");
after(() => sandbox.dispose());

const ADA = "00000000-0000-4000-8000-0000000000ad";
const stateDir = path.join(sandbox.root, "cohort-state");
const roster = path.join(sandbox.root, "roster.csv");
fs.writeFileSync(roster, `id,objectId,displayName\nada,${ADA},Ada\n`);

const cohort = (args: readonly string[], expect = [0]) =>
  sandbox.run(
    "node",
    [
      "bin/scripts/cohort.js",
      ...args,
      ...(args[0] === "preview" ? ["--skip-provider-check"] : []),
      "--state-dir",
      stateDir,
    ],
    { expect },
  );

describe("the cohort's learners reach the policy pack", () => {
  const step = sequence();

  step("a learner who is also given Contributor fails the cohort preview", async () => {
    const init = ["init", "--cohort", "lp1", "--roster", roster, "--labs", "explore-workspace"];
    await cohort([...init, "--trainer", ADA, "--expires-on", "2099-12-31"]);
    const r = await cohort(["preview", "--cohort", "lp1"], [1]);
    const text = r.stdout + r.stderr;
    assert.match(text, /role-no-privileged-learner/, text);
    assert.match(text, new RegExp(`learner ${ADA} is given Contributor`), text);
    const written = JSON.parse(
      fs.readFileSync(path.join(stateDir, "lp1.policy-config.json"), "utf8"),
    );
    assert.deepEqual(written["role-no-privileged-learner"].learnerPrincipalIds, [ADA]);
  });

  step("the same cohort with another trainer previews clean", async () => {
    const other = "00000000-0000-4000-8000-0000000000b0";
    const init = ["init", "--cohort", "lp1", "--roster", roster, "--labs", "explore-workspace"];
    await cohort([...init, "--trainer", other, "--expires-on", "2099-12-31"]);
    const r = await cohort(["preview", "--cohort", "lp1"]);
    assert.match(r.stdout, /preview: all 1 stack\(s\) succeeded\./, r.stdout);
  });
});
