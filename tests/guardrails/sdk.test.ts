/**
 * The facts the rules rely on, checked against the installed azure-native SDK (which types take
 * tags, the input property names, the enums behind the config's accepted values), and the rules
 * over resources exactly as the SDK registers them under Pulumi's mocks.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../plan/types";
import { NAME_INPUTS, POLICY_CONFIG_SPEC, TYPES, evaluate } from "../../guardrails/rules";
import { AZURE_NATIVE_VERSION, TAGGABLE_TYPES } from "../../guardrails/taggable-types";
import {
  argsProps,
  declaresTags,
  interfaceProps,
  SDK,
  sdkResources,
} from "../helpers/azureNativeSdk";
import { CONFIG, LEARNER, OBJECT_ID, SUB, TAGS, TENANT_ID } from "./fixtures";

// ------------------------------------------------------------------------------------------------
// Facts checked against the installed azure-native SDK

describe("facts checked against @pulumi/azure-native", () => {
  const resources = sdkResources();
  const input = fs.readFileSync(path.join(SDK, "types", "input.d.ts"), "utf8");
  const namespace = (ns: string) => {
    const start = input.indexOf(`export declare namespace ${ns} {`);
    return input.slice(start, input.indexOf("\n}\n", start));
  };
  const argsOf = argsProps;

  it("the taggable-types list matches the installed SDK", () => {
    const version = JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8")).version;
    const scanned = [...resources.entries()]
      .filter(([, file]) => declaresTags(file))
      .map(([type]) => type)
      .sort();
    const stored = Object.entries(TAGGABLE_TYPES)
      .flatMap(([mod, names]) => names.map((n) => `azure-native:${mod}:${n}`))
      .sort();
    const add = scanned.filter((t) => !stored.includes(t));
    const remove = stored.filter((t) => !scanned.includes(t));
    expect({ version, add, remove }).toEqual({
      version: AZURE_NATIVE_VERSION,
      add: [],
      remove: [],
    });
  });

  it("every name input the azure-name-valid rule reads is an input of its type", () => {
    for (const [type, names] of Object.entries(NAME_INPUTS)) {
      const props = argsOf(type);
      for (const { path: p } of names) expect([type, props.includes(p[0])]).toEqual([type, true]);
    }
    const pool = interfaceProps(
      namespace("containerservice"),
      "ManagedClusterAgentPoolProfileArgs",
    );
    expect(pool).toEqual(
      expect.arrayContaining(["name", "vmSize", "count", "maxCount", "enableAutoScaling"]),
    );
  });

  it("every input path the rules read exists in the SDK's input types", () => {
    const mls = namespace("machinelearningservices");
    expect(argsOf(TYPES.compute)).toEqual(
      expect.arrayContaining(["properties", "computeName", "tags"]),
    );
    expect(interfaceProps(mls, "ComputeInstanceArgs")).toEqual(
      expect.arrayContaining(["computeType", "disableLocalAuth", "properties"]),
    );
    expect(interfaceProps(mls, "ComputeInstancePropertiesArgs")).toEqual(
      expect.arrayContaining([
        "vmSize",
        "idleTimeBeforeShutdown",
        "personalComputeInstanceSettings",
        "sshSettings",
      ]),
    );
    expect(interfaceProps(mls, "PersonalComputeInstanceSettingsArgs")).toEqual(["assignedUser"]);
    expect(interfaceProps(mls, "AssignedUserArgs").sort()).toEqual(["objectId", "tenantId"]);
    expect(interfaceProps(mls, "ComputeInstanceSshSettingsArgs")).toContain("sshPublicAccess");
    expect(interfaceProps(mls, "AmlComputeArgs")).toEqual(
      expect.arrayContaining(["computeType", "disableLocalAuth", "properties"]),
    );
    expect(interfaceProps(mls, "AmlComputePropertiesArgs")).toEqual(
      expect.arrayContaining(["vmSize", "scaleSettings", "remoteLoginPortPublicAccess"]),
    );
    expect(interfaceProps(mls, "ScaleSettingsArgs")).toEqual(
      expect.arrayContaining(["minNodeCount", "maxNodeCount", "nodeIdleTimeBeforeScaleDown"]),
    );
    expect(interfaceProps(mls, "AKSArgs")).toEqual(
      expect.arrayContaining(["disableLocalAuth", "properties"]),
    );
    expect(interfaceProps(mls, "AKSSchemaPropertiesArgs")).toContain("agentVmSize");
    expect(argsOf(TYPES.storageAccount)).toEqual(
      expect.arrayContaining([
        "minimumTlsVersion",
        "enableHttpsTrafficOnly",
        "allowBlobPublicAccess",
        "sku",
        "tags",
      ]),
    );
    expect(argsOf(TYPES.blobContainer)).toContain("publicAccess");
    expect(interfaceProps(namespace("keyvault"), "VaultPropertiesArgs")).toEqual(
      expect.arrayContaining([
        "enableRbacAuthorization",
        "softDeleteRetentionInDays",
        "enableSoftDelete",
        "enablePurgeProtection",
      ]),
    );
    expect(argsOf(TYPES.registry)).toEqual(
      expect.arrayContaining(["adminUserEnabled", "anonymousPullEnabled", "sku"]),
    );
    const cs = namespace("containerservice");
    expect(argsOf(TYPES.managedCluster)).toEqual(
      expect.arrayContaining([
        "disableLocalAccounts",
        "enableRBAC",
        "aadProfile",
        "addonProfiles",
        "sku",
        "agentPoolProfiles",
      ]),
    );
    expect(interfaceProps(cs, "ManagedClusterAADProfileArgs")).toEqual(
      expect.arrayContaining(["managed", "enableAzureRBAC"]),
    );
    expect(interfaceProps(cs, "ManagedClusterAddonProfileArgs")).toContain("enabled");
    expect(interfaceProps(cs, "ManagedClusterSKUArgs")).toEqual(
      expect.arrayContaining(["name", "tier"]),
    );
    expect(argsOf(TYPES.agentPool)).toEqual(
      expect.arrayContaining(["vmSize", "count", "maxCount", "enableAutoScaling"]),
    );
    expect(argsOf(TYPES.roleAssignment)).toEqual(
      expect.arrayContaining(["roleDefinitionId", "principalId", "principalType"]),
    );
  });

  it("the enums behind the config's accepted values match the SDK", () => {
    const enums = (mod: string) =>
      fs.readFileSync(path.join(SDK, "types", "enums", mod, "index.js"), "utf8");
    const values = (src: string, name: string) => {
      const m = new RegExp(`exports\\.${name} = \\{([^}]*)\\}`).exec(src);
      return [...m![1].matchAll(/: "([^"]+)"/g)].map((x) => x[1]);
    };
    expect(POLICY_CONFIG_SPEC.allowedStorageSkus.items!.enum).toEqual(
      values(enums("storage"), "SkuName"),
    );
    expect(values(enums("storage"), "MinimumTlsVersion")).toEqual([
      "TLS1_0",
      "TLS1_1",
      "TLS1_2",
      "TLS1_3",
    ]);
    expect([...POLICY_CONFIG_SPEC.allowedRegistrySkus.items!.enum!].sort()).toEqual(
      values(enums("containerregistry"), "SkuName")
        .filter((s) => s !== "Classic")
        .sort(),
    );
    expect([...POLICY_CONFIG_SPEC.allowedAksTiers.items!.enum!].sort()).toEqual(
      values(enums("containerservice"), "ManagedClusterSKUTier").sort(),
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Inputs exactly as the azure-native SDK registers them (under Pulumi's mocks)

describe("resources registered through the azure-native SDK", () => {
  const registered: PlannedResource[] = [];

  beforeAll(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({
            urn: `urn:pulumi:test::dp100-labs::${args.type}::${args.name}`,
            type: args.type,
            name: args.name,
            parent: null,
            custom: args.custom ?? true,
            inputs: args.inputs,
          });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => {
          throw new Error(`unexpected invoke ${args.token}`);
        },
      },
      "dp100-labs",
      "test",
      false,
    );
  });

  const settle = (...resources: pulumi.CustomResource[]) =>
    Promise.all(resources.map((r) => new Promise((ok) => r.urn.apply(ok))));

  it("judges the SDK's registered shapes, defaults included", async () => {
    const ml = await import("@pulumi/azure-native/machinelearningservices");
    const storage = await import("@pulumi/azure-native/storage");
    const keyvault = await import("@pulumi/azure-native/keyvault");
    const acr = await import("@pulumi/azure-native/containerregistry");
    const authorization = await import("@pulumi/azure-native/authorization");

    const instance = new ml.Compute("ci", {
      resourceGroupName: "rg",
      workspaceName: "w",
      computeName: "dp100-ci-alice-aaaaa",
      tags: TAGS,
      properties: {
        computeType: "ComputeInstance",
        disableLocalAuth: true,
        properties: {
          vmSize: "Standard_NC6s_v3",
          idleTimeBeforeShutdown: "PT30M",
          personalComputeInstanceSettings: {
            assignedUser: { objectId: OBJECT_ID, tenantId: TENANT_ID },
          },
          sshSettings: { sshPublicAccess: ml.SshPublicAccess.Disabled },
        },
      },
    });
    const cluster = new ml.Compute("cluster", {
      resourceGroupName: "rg",
      workspaceName: "w",
      computeName: "aml-cluster",
      tags: TAGS,
      properties: {
        computeType: "AmlCompute",
        disableLocalAuth: true,
        properties: { vmSize: "Standard_DS11_v2", scaleSettings: { maxNodeCount: 2 } },
      },
    });
    const account = new storage.StorageAccount("st", {
      resourceGroupName: "rg",
      accountName: "dp100staaaaa",
      kind: storage.Kind.StorageV2,
      sku: { name: storage.SkuName.Standard_LRS },
      minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      tags: TAGS,
    });
    // Left to the SDK's defaults: softDeleteRetentionInDays 90, enableRbacAuthorization false.
    const vault = new keyvault.Vault("kv", {
      resourceGroupName: "rg",
      vaultName: "dp100-kv-aaaaa",
      tags: TAGS,
      properties: { tenantId: TENANT_ID, sku: { family: "A", name: "standard" } },
    });
    // Left to the SDK's defaults: adminUserEnabled and anonymousPullEnabled false.
    const registry = new acr.Registry("cr", {
      resourceGroupName: "rg",
      registryName: "dp100craaaaa",
      sku: { name: acr.SkuName.Basic },
      tags: TAGS,
    });
    const role = new authorization.RoleAssignment("owner", {
      scope: `${SUB}/resourceGroups/rg`,
      principalId: LEARNER,
      roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    });
    await settle(instance, cluster, account, vault, registry, role);

    const found = evaluate(registered, CONFIG).map((v) => [v.urn.split("::").pop(), v.rule]);
    expect(found.sort()).toEqual([
      ["ci", "vm-size-allowed"],
      ["cluster", "ml-compute-ssh-public-access-disabled"],
      ["kv", "keyvault-rbac-authorization"],
      ["owner", "role-no-privileged-learner"],
    ]);
    const vaultInputsSeen = registered.find((r) => r.name === "kv")!.inputs;
    expect(vaultInputsSeen.properties).toMatchObject({
      softDeleteRetentionInDays: 90,
      enableSoftDelete: true,
    });
    expect(registered.find((r) => r.name === "cr")!.inputs).toMatchObject({
      adminUserEnabled: false,
    });
  });
});
