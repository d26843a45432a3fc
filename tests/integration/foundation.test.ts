import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe } from "node:test";
import { learnerComponentOf, Sandbox, sequence, StateResource, urnName, urnType } from "./harness";

/**
 * A cohort as a course-long foundation plus lab stacks, through the real Pulumi engine with the
 * stand-in providers (issue 13): the foundation up, two lab stacks up at once reading it through a
 * StackReference, a lab stack destroyed and created again with the foundation's state unchanged
 * at every step, a learner removed from the roster, and everything destroyed in order.
 */

const sandbox = new Sandbox("foundation");
after(() => sandbox.dispose());

const FOUNDATION = "example-foundation";
const DAY1 = "example-lab-day1";
const DAY2 = "example-lab-day2";

/** The foundation's state, without the stack resource (its outputs list the learners). */
const foundationState = async () =>
  (await sandbox.exportedResources(FOUNDATION)).filter(
    (r) => urnType(r.urn) !== "pulumi:pulumi:Stack",
  );
const snapshot = (rs: StateResource[]) =>
  new Map(rs.map((r) => [r.urn, JSON.stringify([r.id, r.outputs])]));

describe("foundation and lab stacks", () => {
  const step = sequence();
  let foundationAfterUp: Map<string, string>;

  step("the foundation comes up with the workspace set and one instance per learner", async () => {
    // A second lab stack: day 2's pipeline labs on the same foundation.
    const day1 = fs.readFileSync(path.join(sandbox.project, `Pulumi.${DAY1}.yaml`), "utf8");
    fs.writeFileSync(
      path.join(sandbox.project, `Pulumi.${DAY2}.yaml`),
      day1.replace(/dp100-labs:labs:[\s\S]*$/, "dp100-labs:labs:\n    - hyperparameter-tuning\n"),
    );
    for (const s of [FOUNDATION, DAY1, DAY2]) await sandbox.pulumi(["stack", "init", s]);
    await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", FOUNDATION]);
    const state = await foundationState();
    const instances = state.filter((r) => /^compute-instance-.+-compute$/.test(urnName(r.urn)));
    assert.equal(instances.length, 4);
    foundationAfterUp = snapshot(state);
  });

  step("two lab stacks come up at once, reading the foundation", async () => {
    await Promise.all(
      [DAY1, DAY2].map((s) => sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", s])),
    );
    const day1 = await sandbox.exportedResources(DAY1);
    const day2 = await sandbox.exportedResources(DAY2);
    assert.ok(day1.some((r) => urnType(r.urn) === "azure-native:storage:BlobContainer"));
    // hyperparameter-tuning's data asset is the lab's; aml-cluster, which it runs on, is the
    // foundation's.
    assert.ok(
      day2.some((r) => urnType(r.urn) === "azure-native:machinelearningservices:DataVersion"),
    );
    assert.ok(!day2.some((r) => urnType(r.urn) === "azure-native:machinelearningservices:Compute"));
    for (const rs of [day1, day2]) {
      assert.equal(rs.filter((r) => urnType(r.urn) === "pulumi:pulumi:StackReference").length, 1);
      assert.ok(
        !rs.some((r) => urnType(r.urn) === "azure-native:machinelearningservices:Workspace"),
      );
    }
    assert.deepEqual(snapshot(await foundationState()), foundationAfterUp);
  });

  step(
    "a lab stack destroyed and created again: the foundation is unchanged at each step",
    async () => {
      await sandbox.pulumi(["destroy", "--yes", "--skip-preview", "--stack", DAY1]);
      assert.deepEqual(snapshot(await foundationState()), foundationAfterUp);
      const left = (await sandbox.exportedResources(DAY1)).filter((r) => r.custom);
      assert.deepEqual(left, []);
      await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", DAY1]);
      assert.deepEqual(snapshot(await foundationState()), foundationAfterUp);
      const again = await sandbox.exportedResources(DAY1);
      assert.ok(again.some((r) => urnType(r.urn) === "azure-native:storage:BlobContainer"));
    },
  );

  step(
    "a learner removed from the roster: only their foundation resources and lab grants go",
    async () => {
      const roster = path.join(sandbox.project, "examples", "roster.csv");
      const lines = fs.readFileSync(roster, "utf8").trimEnd().split("\n");
      fs.writeFileSync(roster, lines.filter((l) => !l.startsWith("alan,")).join("\n") + "\n");
      const before = await sandbox.exportedResources(FOUNDATION);
      await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", FOUNDATION]);
      const after = await sandbox.exportedResources(FOUNDATION);
      const parents = new Map(before.map((r) => [r.urn, r.parent]));
      const gone = before.filter((r) => !after.some((a) => a.urn === r.urn)).map((r) => r.urn);
      assert.ok(gone.length > 0);
      for (const urn of gone) assert.equal(learnerComponentOf(urn, parents), "learner-alan", urn);
      const previous = snapshot(before.filter((r) => urnType(r.urn) !== "pulumi:pulumi:Stack"));
      for (const [urn, v] of snapshot(
        after.filter((r) => urnType(r.urn) !== "pulumi:pulumi:Stack"),
      )) {
        assert.equal(v, previous.get(urn), `${urn} unchanged`);
      }
      // The lab stack's next update removes alan's read grant on the lab data, nothing else.
      const labBefore = await sandbox.exportedResources(DAY1);
      await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", DAY1]);
      const labAfter = await sandbox.exportedResources(DAY1);
      const labParents = new Map(labBefore.map((r) => [r.urn, r.parent]));
      const labGone = labBefore.filter((r) => !labAfter.some((a) => a.urn === r.urn));
      assert.deepEqual(
        labGone.map((r) => learnerComponentOf(r.urn, labParents)),
        labGone.map(() => "learner-alan"),
      );
      assert.ok(labGone.some((r) => urnName(r.urn).startsWith("blob-data-reader-alan-")));
    },
  );

  step("everything is destroyed in order: the lab stacks, then the foundation", async () => {
    await Promise.all(
      [DAY1, DAY2].map((s) => sandbox.pulumi(["destroy", "--yes", "--skip-preview", "--stack", s])),
    );
    await sandbox.pulumi(["destroy", "--yes", "--skip-preview", "--stack", FOUNDATION]);
    for (const s of [FOUNDATION, DAY1, DAY2]) {
      assert.deepEqual(
        (await sandbox.exportedResources(s)).filter((r) => r.custom),
        [],
      );
    }
  });
});
