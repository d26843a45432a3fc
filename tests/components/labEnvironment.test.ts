/**
 * LabEnvironment: one workspace set up for the chosen labs. What matters: it builds exactly what
 * the labs need (a cluster per name the notebooks use, a registry, data, components, Kubernetes,
 * monitoring only when asked), applies the stack's cluster settings as a cap and an override,
 * and in a cohort's lab stack adds its parts to the foundation's workspace instead of a new one.
 */
import * as pulumi from "@pulumi/pulumi";
import { NOTHING } from "../../labs/catalog/common";
import type { LabNeeds } from "../../labs/types";
import { byType, one, settle, setupMocks } from "../helpers/mocks";

setupMocks();

type Module = typeof import("../../components/labEnvironment");
let mod: Module;
let Namer: typeof import("../../components/naming").Namer;

const COMPUTE = "azure-native:machinelearningservices:Compute";
const WORKSPACE = "azure-native:machinelearningservices:Workspace";
const REGISTRY = "azure-native:containerregistry:Registry";
const CHILDREN = [
  "dp100:ml:Workspace",
  "dp100:data:LabData",
  "dp100:ml:LabComponents",
  "dp100:ml:KubernetesInference",
  "dp100:monitoring:LabMonitoring",
];

/** Needs with nothing in them (the catalog's NOTHING) but what a test adds. */
const needs = (overrides: Partial<LabNeeds> = {}): LabNeeds => ({
  ...NOTHING,
  labIds: ["test-lab"],
  ...overrides,
});

const CLUSTERS = [
  { name: "aml-cluster", vmSize: "Standard_DS11_v2", maxNodes: 4, idleSecondsBeforeScaleDown: 300 },
  { name: "gpu-cluster", vmSize: "Standard_NC6s_v3", maxNodes: 2 },
];

beforeAll(async () => {
  mod = await import("../../components/labEnvironment");
  Namer = (await import("../../components/naming")).Namer;
});

const args = (
  overrides: Partial<import("../../components/labEnvironment").LabEnvironmentArgs>,
) => ({
  resourceGroupName: "rg-lab",
  location: "eastus",
  namer: new Namer(["dp100", "t"], "abcde"),
  tenantId: "tenant-1",
  needs: needs(),
  ...overrides,
});

/** The components registered under a LabEnvironment's logical name, by type. */
const childTypes = (env: string) =>
  CHILDREN.filter((type) => byType(type).some((r) => r.name.startsWith(`${env}-`)));

describe("LabEnvironment for labs that need clusters only", () => {
  let env: import("../../components/labEnvironment").LabEnvironment;

  beforeAll(async () => {
    env = new mod.LabEnvironment("env", args({ needs: needs({ clusters: CLUSTERS }) }));
    await settle();
  });

  it("creates the workspace set and nothing the labs do not need", () => {
    expect(childTypes("env")).toEqual(["dp100:ml:Workspace"]);
    expect(byType(REGISTRY).filter((r) => r.name.startsWith("env-"))).toEqual([]);
    expect(env.data).toBeUndefined();
  });

  it("creates one cluster per name the labs use, with each lab's size, limit and idle time", () => {
    expect(env.clusterNames).toEqual(["aml-cluster", "gpu-cluster"]);
    const aml = one(COMPUTE, "env-cluster-aml-cluster-compute").inputs;
    expect(aml.computeName).toBe("aml-cluster");
    expect(aml.workspaceName).toBe("dp100-t-mlw-abcde");
    expect(aml.properties.properties.vmSize).toBe("STANDARD_DS11_V2");
    expect(aml.properties.properties.scaleSettings).toMatchObject({
      minNodeCount: 0,
      maxNodeCount: 4,
      nodeIdleTimeBeforeScaleDown: "PT300S",
    });
    expect(aml.properties.properties.vmPriority).toBe("Dedicated");
    const gpu = one(COMPUTE, "env-cluster-gpu-cluster-compute").inputs;
    expect(gpu.properties.properties.vmSize).toBe("STANDARD_NC6S_V3");
    expect(gpu.properties.properties.scaleSettings.maxNodeCount).toBe(2);
  });
});

describe("LabEnvironment settings", () => {
  it("caps every cluster's nodes, overrides the size and sets low priority when the stack says so", async () => {
    new mod.LabEnvironment(
      "capped",
      args({
        needs: needs({ clusters: CLUSTERS }),
        clusters: { maxNodes: 3, vmSize: "Standard_D2s_v3", lowPriority: true },
      }),
    );
    await settle();
    const p = (n: string) =>
      one(COMPUTE, `capped-cluster-${n}-compute`).inputs.properties.properties;
    // The cap lowers a lab's maximum, never raises it.
    expect(p("aml-cluster").scaleSettings.maxNodeCount).toBe(3);
    expect(p("gpu-cluster").scaleSettings.maxNodeCount).toBe(2);
    for (const n of ["aml-cluster", "gpu-cluster"]) {
      expect(p(n).vmSize).toBe("STANDARD_D2S_V3");
      expect(p(n).vmPriority).toBe("LowPriority");
    }
  });

  it("creates a container registry when a lab needs one, and passes the secure options on", async () => {
    new mod.LabEnvironment(
      "acr",
      args({
        needs: needs({ containerRegistry: true }),
        privateNetworking: true,
        purgeProtection: true,
        keyVaultRetentionDays: 30,
      }),
    );
    await settle();
    expect(one(REGISTRY, "acr-ml-registry").inputs.adminUserEnabled).toBe(false);
    expect(one(WORKSPACE, "acr-ml-workspace").inputs.publicNetworkAccess).toBe("Disabled");
    const vault = one("azure-native:keyvault:Vault", "acr-ml-vault").inputs.properties;
    expect(vault.enablePurgeProtection).toBe(true);
    expect(vault.softDeleteRetentionInDays).toBe(30);
  });

  it("creates the monitoring lab's alerts when the labs need monitoring, mailing the given addresses", async () => {
    new mod.LabEnvironment(
      "mon",
      args({ needs: needs({ monitoring: true }), alertEmails: ["trainer@example.com"] }),
    );
    await settle();
    expect(childTypes("mon")).toEqual(["dp100:ml:Workspace", "dp100:monitoring:LabMonitoring"]);
    const group = byType("azure-native:monitor:ActionGroup").find((r) => r.name.startsWith("mon-"));
    expect(
      group?.inputs.emailReceivers.map((r: { emailAddress: string }) => r.emailAddress),
    ).toEqual(["trainer@example.com"]);
  });

  it("in a lab stack, adds the clusters to the foundation's workspace and creates no workspace", async () => {
    const out = (v: string) => pulumi.output(v);
    const workspace = {
      workspaceName: out("dp100-c1-mlw-found"),
      workspaceArmId: out(
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/dp100-c1-mlw-found",
      ),
      storageAccountName: out("dp100c1stfound"),
      storageAccountId: out("/subscriptions/s/storage"),
      logAnalyticsWorkspaceId: out("/subscriptions/s/logs"),
      appInsightsId: out("/subscriptions/s/appi"),
      appInsightsName: out("dp100-c1-appi-found"),
      studioUrl: out("https://ml.azure.com/"),
      defaultBlobContainerId: out("/subscriptions/s/container"),
    };
    const env = new mod.LabEnvironment(
      "lab",
      args({ needs: needs({ clusters: [CLUSTERS[0]] }), workspace }),
    );
    await settle();
    expect(childTypes("lab")).toEqual([]);
    expect(env.ml).toBe(workspace);
    expect(one(COMPUTE, "lab-cluster-aml-cluster-compute").inputs.workspaceName).toBe(
      "dp100-c1-mlw-found",
    );
  });
});
