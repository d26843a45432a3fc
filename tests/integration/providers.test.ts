import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import type { ResourceProviderReport } from "../../plan/resourceProviders";
import { REGISTERED_PROVIDERS_ENV } from "../providers/azure/subscriptionRegistration";
import { standIn } from "../providers/standins";
import { log, Sandbox, secondsSince } from "./harness";

/**
 * A subscription that is not registered with a resource provider: the stand-in azure-native
 * provider refuses the PUT as Azure does (409 MissingSubscriptionRegistration,
 * tests/providers/azure/subscriptionRegistration.ts), with the registered namespaces taken from
 * DP100_STANDIN_REGISTERED_PROVIDERS. Registering exactly what the offline plan lists as required
 * (`resourceProviders`) is enough for `pulumi up` to pass.
 */

const MISSING = "Microsoft.MachineLearningServices";

describe("the stand-in's model of provider registration, called directly", () => {
  const urn = (type: string, name: string) => `urn:pulumi:it::dp100-labs::${type}::${name}`;
  const withEnv = async (value: string | undefined, fn: () => Promise<void>) => {
    const before = process.env[REGISTERED_PROVIDERS_ENV];
    if (value === undefined) delete process.env[REGISTERED_PROVIDERS_ENV];
    else process.env[REGISTERED_PROVIDERS_ENV] = value;
    try {
      await fn();
    } finally {
      if (before === undefined) delete process.env[REGISTERED_PROVIDERS_ENV];
      else process.env[REGISTERED_PROVIDERS_ENV] = before;
    }
  };
  const EXT = "azure-native:kubernetesconfiguration:Extension";

  test("an unregistered namespace fails the create with Azure's error; case does not matter", async () => {
    const azure = standIn("azure-native");
    await withEnv("Microsoft.ContainerService", async () => {
      await assert.rejects(
        azure.create!(urn(EXT, "azureml"), { extensionType: "Microsoft.AzureML.Kubernetes" }),
        /Status=409 Code="MissingSubscriptionRegistration" Message="The subscription is not registered to use namespace 'Microsoft\.KubernetesConfiguration'\. See https:\/\/aka\.ms\/rps-not-found/,
      );
      // the resource group's namespace is always registered
      await azure.create!(urn("azure-native:resources:ResourceGroup", "rg"), {
        location: "eastus",
      });
    });
    await withEnv("microsoft.kubernetesconfiguration", async () => {
      await azure.create!(urn(EXT, "azureml"), { extensionType: "Microsoft.AzureML.Kubernetes" });
    });
    await withEnv(undefined, async () => {
      await azure.create!(urn(EXT, "azureml"), { extensionType: "Microsoft.AzureML.Kubernetes" });
    });
  });
});

describe("a stack on a subscription without a registration (real engine)", () => {
  const sandbox = new Sandbox("providers");
  after(() => sandbox.dispose());
  const stack = "example-sandbox";

  test("fails at the first resource of that namespace, and passes once the plan's list is registered", async () => {
    const start = Date.now();
    const plan = await sandbox.run("node", ["bin/scripts/plan.js", "--stack", stack, "--json"]);
    const report = JSON.parse(plan.stdout).resourceProviders as ResourceProviderReport;
    assert.deepEqual(report.unknownTypes, []);
    const required = report.namespaces
      .filter((n) => n.level === "required")
      .map((n) => n.namespace);
    assert.ok(required.includes(MISSING), `the plan of ${stack} lists ${MISSING}`);

    await sandbox.pulumi(["stack", "init", stack]);
    const without = required.filter((n) => n !== MISSING).join(",");
    const failed = await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack], {
      env: { [REGISTERED_PROVIDERS_ENV]: without },
      expect: [1, 255],
    });
    const output = failed.stdout + failed.stderr;
    assert.match(output, /MissingSubscriptionRegistration/);
    assert.match(
      output,
      new RegExp(`The subscription is not registered to use namespace '${MISSING}'`),
    );
    // The first of that namespace is the workspace: everything else of it depends on it.
    assert.match(output, /azure-native:machinelearningservices:Workspace/);
    const partial = await sandbox.exportedResources(stack);
    assert.ok(partial.some((r) => r.type === "azure-native:resources:ResourceGroup"));
    assert.deepEqual(
      partial.filter((r) => r.type.startsWith("azure-native:machinelearningservices:")),
      [],
    );

    // Registered: exactly the plan's required namespaces (not its recommended ones).
    await sandbox.pulumi(["up", "--yes", "--skip-preview", "--stack", stack], {
      env: { [REGISTERED_PROVIDERS_ENV]: required.join(",") },
    });
    const deployed = await sandbox.exportedResources(stack);
    assert.ok(deployed.some((r) => r.type === "azure-native:machinelearningservices:Workspace"));
    await sandbox.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]);
    log(`provider registration on ${stack} in ${secondsSince(start)}`);
  });
});
