import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { PLACEHOLDER_CLIENT } from "../../plan/mockRuntime";
import { INPUTS_KEY, detailedDiff, diffInputs, sdkVersion, standIn } from "../providers/standins";
import { log, Sandbox, secondsSince } from "./harness";

/**
 * The stand-in providers themselves (tests/providers): first called directly, then through the
 * real engine with a one-resource inline program (Automation API), to show that a check failure
 * reaches the user with the property and the reason.
 */

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const azure = standIn("azure-native");
const random = standIn("random");
const urn = (type: string, name: string) =>
  `urn:pulumi:it::dp100-labs::dp100:lab:Environment$${type}::${name}`;
const COMPUTE = "azure-native:machinelearningservices:Compute";
const RG = "azure-native:resources:ResourceGroup";

describe("stand-in providers, called directly", () => {
  test("they report the versions the SDKs ask the engine for", () => {
    assert.equal(azure.version, sdkVersion("azure-native"));
    assert.equal(random.version, sdkVersion("random"));
    assert.match(azure.version!, /^\d+\.\d+\.\d+$/);
  });

  test("check refuses a name against the REST specification's pattern, as azure-native does", async () => {
    const r = await azure.check!(
      urn(RG, "rg"),
      {},
      { resourceGroupName: "bad name!", location: "eastus" },
    );
    // azure-native's own wording, with no property named (pulumi-azure-native validateProperty).
    assert.deepEqual(r.failures, [
      {
        property: "",
        reason: "'resourceGroupName' does not match expression '^[-\\w\\._\\(\\)]+$'",
      },
    ]);
  });

  test("check applies none of the project's guardrails, and judges no unknown value", async () => {
    // A five-minute idle shutdown breaks a project guardrail, not an Azure rule: the policy pack
    // refuses it, Azure and the provider accept it.
    const inputs = {
      computeName: UNKNOWN,
      properties: {
        computeType: "ComputeInstance",
        disableLocalAuth: true,
        properties: {
          idleTimeBeforeShutdown: "PT5M",
          personalComputeInstanceSettings: {
            assignedUser: { objectId: UNKNOWN, tenantId: PLACEHOLDER_CLIENT.tenantId },
          },
          sshSettings: { sshPublicAccess: "Disabled" },
        },
      },
    };
    const r = await azure.check!(urn(COMPUTE, "ci"), {}, inputs);
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.inputs, inputs);
    const vault = await azure.check!(
      urn("azure-native:keyvault:Vault", "kv"),
      {},
      { vaultName: UNKNOWN, resourceGroupName: "rg" },
    );
    assert.deepEqual(vault.failures, []);
  });

  test("check leaves configurable guardrails (VM sizes) to the policy pack", async () => {
    const r = await azure.check!(
      urn(COMPUTE, "ci"),
      {},
      {
        computeName: "ci-gpu-abcde",
        properties: {
          computeType: "ComputeInstance",
          disableLocalAuth: true,
          properties: {
            vmSize: "Standard_NC6s_v3",
            idleTimeBeforeShutdown: "PT30M",
            personalComputeInstanceSettings: {
              assignedUser: {
                objectId: PLACEHOLDER_CLIENT.objectId,
                tenantId: PLACEHOLDER_CLIENT.tenantId,
              },
            },
            sshSettings: { sshPublicAccess: "Disabled" },
          },
        },
      },
    );
    assert.deepEqual(r.failures, []);
  });

  test("create returns an ARM id and Azure's outputs; invoke answers the client config", async () => {
    const inputs = {
      resourceGroupName: "dp100-rg-abcde",
      workspaceName: "dp100-mlw-abcde",
      location: "eastus",
      identity: { type: "SystemAssigned" },
    };
    const made = await azure.create!(
      urn("azure-native:machinelearningservices:Workspace", "ws"),
      inputs,
    );
    assert.equal(
      made.id,
      `/subscriptions/${PLACEHOLDER_CLIENT.subscriptionId}/resourceGroups/dp100-rg-abcde/providers/Microsoft.MachineLearningServices/workspaces/dp100-mlw-abcde`,
    );
    assert.equal(made.outs.name, "dp100-mlw-abcde");
    assert.match(made.outs.identity.principalId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    assert.deepEqual(made.outs[INPUTS_KEY], inputs);
    const client = await azure.invoke!("azure-native:authorization:getClientConfig", {});
    assert.equal(client.outputs.subscriptionId, PLACEHOLDER_CLIENT.subscriptionId);
    await assert.rejects(azure.invoke!("azure-native:compute:getVirtualMachine", {}));
  });

  test("random returns a string of the requested length and alphabet", async () => {
    const made = await random.create!(urn("random:index/randomString:RandomString", "suffix"), {
      length: 5,
      upper: false,
      special: false,
      numeric: true,
      lower: true,
    });
    assert.match(made.outs.result, /^[a-z0-9]{5}$/);
    assert.equal(made.id, made.outs.result);
    const bad = await random.check!(
      urn("random:index/randomString:RandomString", "x"),
      {},
      {
        length: 0,
      },
    );
    assert.deepEqual(
      bad.failures?.map((f) => f.property),
      ["length"],
    );
  });

  test("diff: none when equal, replace for id and location inputs, update otherwise", () => {
    const base = {
      resourceGroupName: "rg",
      computeName: "ci-ada",
      location: "eastus",
      tags: { cohort: "c1" },
      properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_DS11_v2" } },
    };
    const d = (news: Record<string, unknown>) => diffInputs("azure-native", COMPUTE, base, news);
    assert.deepEqual(d(structuredClone(base)), { changes: false });
    assert.deepEqual(d({ ...base, tags: { cohort: "c2" } }), { changes: true, replaces: [] });
    assert.deepEqual(d({ ...base, location: "westeurope" }), {
      changes: true,
      replaces: ["location"],
    });
    assert.deepEqual(d({ ...base, computeName: UNKNOWN }), {
      changes: true,
      replaces: ["computeName"],
    });
    assert.deepEqual(
      d({ ...base, properties: { ...base.properties, computeType: "AmlCompute" } }),
      { changes: true, replaces: ["properties"] },
    );
    assert.deepEqual(
      d({ ...base, properties: { ...base.properties, properties: { vmSize: "Standard_DS3_v2" } } }),
      { changes: true, replaces: [] },
    );
    assert.deepEqual(
      diffInputs("random", "random:index/randomString:RandomString", { length: 5 }, { length: 6 }),
      {
        changes: true,
        replaces: ["length"],
      },
    );
  });

  test("the detailed diff lists changed paths, replaces marked", () => {
    const old = {
      computeName: "ci-ada",
      tags: { cohort: "c1", "labs-x": "a" },
      properties: { properties: { idleTimeBeforeShutdown: "PT30M", schedules: [1, 2] } },
    };
    const news = {
      computeName: "ci-bob",
      tags: { cohort: "c1", owner: "t" },
      properties: { properties: { idleTimeBeforeShutdown: "PT25M", schedules: [1, 3] } },
    };
    assert.deepEqual(
      detailedDiff("azure-native", COMPUTE, old, news).sort((a, b) => a.path.localeCompare(b.path)),
      [
        { path: "computeName", kind: "update", replace: true },
        { path: "properties.properties.idleTimeBeforeShutdown", kind: "update", replace: false },
        { path: "properties.properties.schedules[1]", kind: "update", replace: false },
        { path: "tags.owner", kind: "add", replace: false },
        { path: 'tags["labs-x"]', kind: "delete", replace: false },
      ],
    );
    assert.deepEqual(detailedDiff("azure-native", COMPUTE, old, structuredClone(old)), []);
  });

  test("diff compares against the inputs kept in the state, not Azure's extra outputs", async () => {
    const type = "azure-native:keyvault:Vault";
    const inputs = { resourceGroupName: "rg", vaultName: "kv-abcde", location: "eastus" };
    const made = await azure.create!(urn(type, "kv"), inputs);
    assert.ok("name" in made.outs, "the outputs carry Azure's name");
    assert.deepEqual(await azure.diff!(made.id, urn(type, "kv"), made.outs, inputs), {
      changes: false,
    });
    const updated = await azure.update!(made.id, urn(type, "kv"), made.outs, {
      ...inputs,
      tags: { owner: "x" },
    });
    assert.deepEqual(updated.outs.tags, { owner: "x" });
    assert.equal((await azure.read!(made.id, urn(type, "kv"), made.outs)).id, made.id);
  });
});

describe("Azure behaviours the stand-in reproduces (tests/providers/azure)", () => {
  test("an asset version's content cannot change in place; its tags and description can", async () => {
    // ml-asset-version-immutable: MicrosoftDocs/azure-docs how-to-create-data-assets.md.
    const type = "azure-native:machinelearningservices:ComponentVersion";
    const spec = { name: "remove_empty_rows", version: "1", command: "python fix-missing-data.py" };
    const inputs = {
      resourceGroupName: "rg",
      workspaceName: "mlw",
      name: "remove_empty_rows",
      version: "1",
      properties: { componentSpec: spec, description: "a", tags: { owner: "x" } },
    };
    const made = await azure.create!(urn(type, "c"), inputs);
    const relabelled = { ...inputs, properties: { ...inputs.properties, description: "b" } };
    const updated = await azure.update!(made.id, urn(type, "c"), made.outs, relabelled);
    assert.equal(updated.outs.properties.description, "b");
    const changed = {
      ...inputs,
      properties: { ...inputs.properties, componentSpec: { ...spec, command: "python other.py" } },
    };
    await assert.rejects(
      azure.update!(made.id, urn(type, "c"), updated.outs, changed),
      (e: Error) => {
        assert.match(e.message, /already exists and is immutable; its properties.componentSpec/);
        assert.match(e.message, /stand-in: ml-asset-version-immutable/);
        return true;
      },
    );
    // A new version is a new resource: the version is part of the id, so the engine replaces.
    assert.deepEqual(diffInputs("azure-native", type, inputs, { ...changed, version: "2" }), {
      changes: true,
      replaces: ["version"],
    });
    const data = "azure-native:machinelearningservices:DataVersion";
    const d = { name: "d", version: "1", properties: { dataType: "uri_file", dataUri: "a" } };
    const dm = await azure.create!(urn(data, "d"), d);
    await assert.rejects(
      azure.update!(dm.id, urn(data, "d"), dm.outs, {
        ...d,
        properties: { ...d.properties, dataUri: "b" },
      }),
      /properties.dataUri cannot be changed/,
    );
  });
});

describe("stand-in providers, through the engine", () => {
  const sandbox = new Sandbox("standins");
  after(() => sandbox.dispose());
  /** The Automation API runs in this process: give it the sandbox's Pulumi environment. */
  const useSandboxEnv = () => {
    Object.assign(process.env, sandbox.env);
    for (const k of Object.keys(process.env)) {
      if (k.startsWith("PULUMI_") && !(k in sandbox.env)) delete process.env[k];
    }
  };

  test("a check failure fails the preview with the resource and the reason", async () => {
    const start = Date.now();
    useSandboxEnv();
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    const resources = await import("@pulumi/azure-native/resources");
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        projectName: "it-standins",
        stackName: "check",
        program: async () => {
          new resources.ResourceGroup("bad", {
            resourceGroupName: "bad name!",
            location: "eastus",
          });
        },
      },
      { workDir: fs.mkdtempSync(path.join(sandbox.root, "inline-")) },
    );
    await assert.rejects(stack.preview(), (e: Error) => {
      // azure-native's check failure names no property: the engine shows the resource and reason.
      assert.match(e.message, /ResourceGroup resource 'bad' has a problem/);
      assert.match(e.message, /'resourceGroupName' does not match expression/);
      return true;
    });
    log(`[engine check failure] ${secondsSince(start)}`);
  });

  test("Azure's attach rule: a Kubernetes attach before the Azure ML extension fails the up", async () => {
    const start = Date.now();
    useSandboxEnv();
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    const containerservice = await import("@pulumi/azure-native/containerservice");
    const ml = await import("@pulumi/azure-native/machinelearningservices");
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        projectName: "it-standins",
        stackName: "attach",
        program: async () => {
          const aks = new containerservice.ManagedCluster("aks", {
            resourceGroupName: "rg-lab",
            resourceName: "aks-lab",
            location: "eastus",
            dnsPrefix: "aks-lab",
            // The project's secure cluster settings (the stand-in checks none of them).
            enableRBAC: true,
            aadProfile: { managed: true, enableAzureRBAC: true },
            addonProfiles: { azurepolicy: { enabled: true } },
          });
          // No kubernetesconfiguration:Extension: Azure refuses this attach.
          new ml.Compute("attach", {
            resourceGroupName: "rg-lab",
            workspaceName: "mlw-lab",
            computeName: "k8s-lab",
            properties: { computeType: "Kubernetes", resourceId: aks.id, disableLocalAuth: true },
          });
        },
      },
      { workDir: fs.mkdtempSync(path.join(sandbox.root, "inline-")) },
    );
    await assert.rejects(stack.up(), (e: Error) => {
      assert.match(e.message, /extension not installed/);
      assert.match(e.message, /stand-in: ml-kubernetes-attach/);
      return true;
    });
    log(`[engine attach refusal] ${secondsSince(start)}`);
  });
});
