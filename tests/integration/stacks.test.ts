import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { formatHandout } from "../../cli/handout";
import type { PlanDocument } from "../../plan/types";
import {
  changingSteps,
  exampleStacks,
  learnerComponentOf,
  Sandbox,
  sequence,
  StateResource,
  urnName,
  urnType,
} from "./harness";

/**
 * The project's stacks through the real Pulumi engine with the stand-in providers: for dev and
 * each example stack file, preview with the policy pack, up, outputs into the handout, a second
 * preview with no changes, and destroy; a roster change on a cohort stack; a mandatory policy
 * violation and a broken Pulumi.yaml failing the preview.
 */

const sandbox = new Sandbox("stacks");
after(() => sandbox.dispose());

const isProvider = (r: StateResource) => r.type.startsWith("pulumi:providers:");
const isAzure = (r: StateResource) => r.type.startsWith("azure-native:");

/** The offline plan of a stack (the same program under mocks), from the project copy. */
async function offlinePlan(stack: string): Promise<PlanDocument> {
  const r = await sandbox.run("node", ["bin/scripts/plan.js", "--stack", stack, "--json"]);
  return JSON.parse(r.stdout) as PlanDocument;
}

for (const stack of exampleStacks()) {
  describe(`stack ${stack}`, () => {
    const step = sequence();
    let plan: PlanDocument;
    let deployed: StateResource[] = [];

    step("the preview with the policy pack passes and matches the offline plan", async () => {
      await sandbox.pulumi(["stack", "init", stack]);
      // The sandbox's first preview type-checks the policy pack (TypeScript, ts-node) as a user's
      // `pulumi preview --policy-pack policy` does; the program runs compiled (Pulumi.yaml main).
      const env =
        stack === "example-sandbox" ? { PULUMI_NODEJS_TRANSPILE_ONLY: "false" } : undefined;
      const { doc } = await sandbox.preview(stack, ["--policy-pack", "policy"], { env });
      const errors = (doc.diagnostics ?? []).filter((d) => d.severity === "error");
      assert.deepEqual(errors, []);
      assert.ok(doc.steps.length > 0, "the preview lists steps");
      assert.deepEqual(
        [...new Set(doc.steps.map((s) => s.op))],
        ["create"],
        "a new stack only creates",
      );
      // The engine registers exactly what the offline plan recorded under mocks, under the same
      // URNs (the plan records the engine's URN scheme, so a URN from the plan works with
      // --target or --replace).
      const engineUrns = doc.steps
        .map((s) => s.urn)
        .filter((u) => urnType(u) !== "pulumi:pulumi:Stack")
        .sort();
      plan = await offlinePlan(stack);
      assert.deepEqual(engineUrns, plan.resources.map((r) => r.urn).sort());
    });

    step("up succeeds and the state holds Azure-shaped resources", async () => {
      await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
      deployed = await sandbox.exportedResources(stack);
      const custom = deployed.filter((r) => r.custom && !isProvider(r));
      assert.equal(custom.length, plan.resources.filter((r) => r.custom).length);
      for (const r of deployed.filter(isAzure)) {
        assert.match(String(r.id), /^(\/subscriptions\/|https:\/\/)/, `${r.urn} has an ARM id`);
      }
    });

    step("the stack outputs feed the handout, one row per learner", async () => {
      const r = await sandbox.pulumi([
        "stack",
        "output",
        "--json",
        "--show-secrets",
        "--stack",
        stack,
      ]);
      const outputs = JSON.parse(r.stdout) as Record<string, unknown>;
      const learners = Object.keys(plan.outputs.learners as Record<string, unknown>).sort();
      assert.ok(learners.length > 0, "the plan has learners");
      const { csv, markdown } = formatHandout(outputs);
      const rows = csv.trim().split("\r\n").slice(1);
      assert.equal(rows.length, learners.length, csv);
      assert.deepEqual(rows.map((row) => row.split(",")[0]).sort(), learners);
      // Every row names a workspace and a compute instance that exist in the state.
      const names = (type: string, key: string) =>
        deployed.filter((d) => d.type === type).map((d) => String(d.inputs?.[key]));
      const workspaces = names("azure-native:machinelearningservices:Workspace", "workspaceName");
      const computes = names("azure-native:machinelearningservices:Compute", "computeName");
      for (const [id, l] of Object.entries(
        outputs.learners as Record<string, Record<string, string>>,
      )) {
        assert.ok(workspaces.includes(l.workspace), `${id}: workspace ${l.workspace} deployed`);
        // Labs that teach creating compute give the learner no instance.
        if (l.computeInstance) {
          assert.ok(computes.includes(l.computeInstance), `${id}: ${l.computeInstance} deployed`);
          assert.ok(markdown.includes(l.computeInstance));
        }
      }
    });

    step("a second preview changes nothing", async () => {
      const { doc } = await sandbox.preview(stack);
      assert.deepEqual(changingSteps(doc), []);
      assert.deepEqual(Object.keys(doc.changeSummary), ["same"]);
    });

    if (stack === "example-day1") {
      step("refresh reads every resource back and finds no drift", async () => {
        await sandbox.pulumi(["refresh", "--yes", "--skip-preview", "--stack", stack]);
        const after = await sandbox.exportedResources(stack);
        assert.deepEqual(
          after.map((r) => [r.urn, r.outputs]),
          deployed.map((r) => [r.urn, r.outputs]),
        );
      });

      step(
        "after a refresh (Azure reads vmSize back upper-cased) a preview changes nothing",
        async () => {
          // The stand-in returns what Azure returns (tests/providers/azure/machinelearning.ts): a
          // size sent in another case would now show as a change, and replace every instance.
          const { doc } = await sandbox.preview(stack);
          assert.deepEqual(
            changingSteps(doc).map((s) => `${s.op} ${urnName(s.urn)}`),
            [],
          );
        },
      );

      step("extending expiresOn and adding a lab touch no compute instance", async () => {
        // A PUT on an existing compute instance fails on its schedule (the stand-in refuses it as
        // Azure does), so a stack-level change must send nothing to any instance.
        const set = (key: string, value: string, path = false) =>
          sandbox.pulumi([
            "config",
            "set",
            ...(path ? ["--path"] : []),
            "--stack",
            stack,
            key,
            value,
          ]);
        const isInstance = (r: StateResource) =>
          r.type === "azure-native:machinelearningservices:Compute" &&
          (r.inputs?.properties as { computeType?: string } | undefined)?.computeType ===
            "ComputeInstance";
        const instances = new Map(deployed.filter(isInstance).map((r) => [r.urn, r]));
        assert.ok(instances.size > 0, "the stack has compute instances");
        await set("dp100-labs:expiresOn", "2026-12-19");
        await set("dp100-labs:labs[3]", "script-command-job", true);
        try {
          const { doc } = await sandbox.preview(stack);
          const changes = changingSteps(doc);
          assert.ok(changes.length > 0, "the new tag and lab change something");
          assert.deepEqual(
            changes
              .filter((s) => instances.has(s.urn))
              .map((s) => `${s.op} ${urnName(s.urn)} ${JSON.stringify(s.diffReasons)}`),
            [],
          );
          await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
          const after = await sandbox.exportedResources(stack);
          for (const r of after.filter(isInstance)) {
            assert.deepEqual(r.outputs, instances.get(r.urn)?.outputs, `${r.urn} untouched`);
          }
          const rg = after.find((r) => r.type === "azure-native:resources:ResourceGroup");
          assert.equal((rg?.inputs?.tags as Record<string, string>).expiresOn, "2026-12-19");
        } finally {
          await set("dp100-labs:expiresOn", "2026-12-18");
          await sandbox.pulumi(["config", "rm", "--path", "--stack", stack, "dp100-labs:labs[3]"]);
          await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
        }
      });

      step("a budget change updates the budget in place and nothing else", async () => {
        await sandbox.pulumi(["config", "set", "--stack", stack, "dp100-labs:budget", "175"]);
        try {
          const { doc } = await sandbox.preview(stack);
          assert.deepEqual(
            changingSteps(doc).map((s) => [s.op, urnName(s.urn)]),
            [["update", "shared-budget"]],
          );
          await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
          const budget = (await sandbox.exportedResources(stack)).find(
            (r) => urnName(r.urn) === "shared-budget",
          );
          assert.equal(budget?.outputs?.amount, 175);
          assert.equal(budget?.id, deployed.find((r) => r.urn === budget?.urn)?.id);
        } finally {
          await sandbox.pulumi(["config", "set", "--stack", stack, "dp100-labs:budget", "150"]);
          await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
        }
      });

      step("a roster change touches only the learners removed and added", async () => {
        const roster = path.join(sandbox.project, "examples", "roster.csv");
        const original = fs.readFileSync(roster, "utf8");
        const lines = original.trimEnd().split("\n");
        assert.ok(
          lines.some((l) => l.startsWith("alan,")),
          "the example roster has alan",
        );
        fs.writeFileSync(
          roster,
          [
            ...lines.filter((l) => !l.startsWith("alan,")),
            "lin,00000000-0000-4000-8000-000000000005,lin@example.com,Lin Yu",
          ].join("\n") + "\n",
        );
        try {
          const { doc } = await sandbox.preview(stack);
          const parents = new Map<string, string | undefined>(
            deployed.map((r) => [r.urn, r.parent]),
          );
          for (const s of doc.steps) parents.set(s.urn, (s.newState ?? s.oldState)?.parent);
          const changes = changingSteps(doc);
          const byLearner = new Map<string, Set<string>>();
          for (const s of changes) {
            const learner = learnerComponentOf(s.urn, parents);
            assert.ok(learner, `${s.op} ${s.urn} belongs to no learner`);
            byLearner.set(learner, (byLearner.get(learner) ?? new Set()).add(s.op));
          }
          assert.deepEqual(
            Object.fromEntries([...byLearner].map(([k, ops]) => [k, [...ops].sort()])),
            { "learner-alan": ["delete"], "learner-lin": ["create"] },
          );
          // Applied, the other learners' and the shared resources' state is untouched.
          await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
          const after = await sandbox.exportedResources(stack);
          const before = new Map(deployed.map((r) => [r.urn, r]));
          for (const r of after) {
            // The stack's own outputs list the learners, so they change.
            if (urnType(r.urn) === "pulumi:pulumi:Stack") continue;
            const learner = learnerComponentOf(r.urn, parents);
            if (learner === "learner-lin") continue;
            assert.notEqual(learner, "learner-alan", `${r.urn} was not deleted`);
            assert.deepEqual(r.outputs, before.get(r.urn)?.outputs, `${r.urn} unchanged`);
          }
          const names = after.map((r) => urnName(r.urn));
          assert.ok(
            names.includes("compute-instance-lin-compute") &&
              !names.includes("compute-instance-alan-compute"),
          );
        } finally {
          fs.writeFileSync(roster, original);
        }
      });
    }

    if (stack === "example-inference") {
      step("the Kubernetes lab is up: cluster, Azure ML extension, then the attach", async () => {
        // The stand-in refuses a Kubernetes attach before the extension exists ("extension not
        // installed", how-to-attach-kubernetes-to-workspace), so `up` succeeding shows the order.
        const ext = deployed.filter(
          (r) => r.type === "azure-native:kubernetesconfiguration:Extension",
        );
        assert.equal(ext.length, 1);
        assert.equal(ext[0].inputs?.extensionType, "Microsoft.AzureML.Kubernetes");
        const k8s = deployed.filter(
          (r) =>
            r.type === "azure-native:machinelearningservices:Compute" &&
            (r.inputs?.properties as { computeType?: string } | undefined)?.computeType ===
              "Kubernetes",
        );
        assert.deepEqual(
          k8s.map((r) => r.inputs?.computeName),
          ["k8s-inference"],
        );
        const legacy = deployed.filter(
          (r) =>
            (r.inputs?.properties as { computeType?: string } | undefined)?.computeType === "AKS",
        );
        assert.deepEqual(legacy, []);
      });
    }

    if (stack === "example-isolated") {
      step(
        "an idle-shutdown change replaces each instance and its role, nothing else",
        async () => {
          await sandbox.pulumi([
            "config",
            "set",
            "--stack",
            stack,
            "dp100-labs:idleShutdownMinutes",
            "25",
          ]);
          const { doc } = await sandbox.preview(stack);
          const changes = changingSteps(doc).map((s) => `${s.op} ${urnName(s.urn)}`);
          // replaceOnChanges on the idle time (nested in properties) and the role's replaceWith.
          assert.deepEqual(changes.sort(), [
            "replace compute-instance-ada-compute",
            "replace compute-instance-grace-compute",
            "replace instance-compute-operator-ada",
            "replace instance-compute-operator-grace",
          ]);
          await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
          const after = await sandbox.exportedResources(stack);
          const ci = after.find((r) => urnName(r.urn) === "compute-instance-ada-compute");
          const props = ci?.inputs?.properties as { properties?: Record<string, unknown> };
          assert.equal(props?.properties?.idleTimeBeforeShutdown, "PT25M");
        },
      );
    }

    step("destroy leaves an empty stack", async () => {
      await sandbox.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]);
      assert.deepEqual(await sandbox.exportedResources(stack), []);
    });
  });
}

describe("failures the preview must report", () => {
  test("a mandatory policy violation (a GPU size the pack does not allow) fails the preview", async () => {
    const stack = "it-gpu";
    fs.writeFileSync(
      path.join(sandbox.project, `Pulumi.${stack}.yaml`),
      [
        "config:",
        "  azure-native:location: eastus",
        "  dp100-labs:mode: sandbox",
        "  dp100-labs:labs:",
        "    - script-command-job",
        "  dp100-labs:vmSizeChoices:",
        "    - Standard_DS11_v2",
        "    - Standard_NC6s_v3",
        "  dp100-labs:instanceVmSize: Standard_NC6s_v3",
        "",
      ].join("\n"),
    );
    await sandbox.pulumi(["stack", "init", stack]);
    // The program and the stand-ins accept the size the stack allows ...
    const open = await sandbox.preview(stack);
    assert.ok(open.doc.changeSummary.create > 0);
    // ... and the policy pack, with its default allow-list, refuses it.
    const r = await sandbox.pulumi(["preview", "--stack", stack, "--policy-pack", "policy"], {
      expect: [1, 255],
    });
    const text = r.stdout + r.stderr;
    assert.match(text, /vm-size-allowed/);
    assert.match(text, /Standard_NC6s_v3/i);
    assert.match(text, /mandatory/);
  });

  test("a broken Pulumi.yaml fails the preview", async () => {
    const file = path.join(sandbox.project, "Pulumi.yaml");
    const original = fs.readFileSync(file, "utf8");
    try {
      fs.writeFileSync(file, original.replace(/^runtime:/m, "runtime: [nodejs\nbroken:"));
      const r = await sandbox.pulumi(["preview", "--stack", "example-sandbox"], {
        expect: [1, 255],
      });
      assert.match(r.stdout + r.stderr, /Pulumi\.yaml/);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});
