import * as pulumi from "@pulumi/pulumi";
import { byType, one, promiseOf, settle, setupMocks } from "./helpers/mocks";

setupMocks();

type Module = typeof import("../components/aksInference");
type NamingModule = typeof import("../components/naming");
let mod: Module;
let naming: NamingModule;

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const COMPUTE = "azure-native:machinelearningservices:Compute";
const DCR = "azure-native:monitor:DataCollectionRule";
const DCRA = "azure-native:monitor:DataCollectionRuleAssociation";
const LOGS =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log";

beforeAll(async () => {
  mod = await import("../components/aksInference");
  naming = await import("../components/naming");
});

function baseArgs(overrides: Partial<import("../components/aksInference").AksInferenceArgs> = {}) {
  return {
    resourceGroupName: "rg-lab",
    location: "eastus",
    namer: new naming.Namer(["dp100", "t"], "abcde"),
    workspace: { name: "mlw-lab" },
    logAnalyticsWorkspaceId: LOGS,
    ...overrides,
  };
}

describe("AksInference defaults", () => {
  const seenOpts: Record<string, pulumi.CustomResourceOptions> = {};
  let aks: import("../components/aksInference").AksInference;

  beforeAll(async () => {
    aks = new mod.AksInference("inf", baseArgs({ adminGroupObjectIds: ["group-1"] }), {
      // Records each child's options, so the custom timeouts can be checked.
      transformations: [
        (a) => {
          seenOpts[`${a.type}/${a.name}`] = a.opts;
          return undefined;
        },
      ],
    });
    await settle();
  });

  it("creates a Free-tier cluster with one small autoscaling Linux system pool", () => {
    const c = one(CLUSTER, "inf-aks").inputs;
    expect(c.sku).toEqual({ name: "Base", tier: "Free" });
    expect(c.agentPoolProfiles).toHaveLength(1);
    expect(c.agentPoolProfiles[0]).toMatchObject({
      name: "system",
      mode: "System",
      osType: "Linux",
      vmSize: "Standard_DS2_v2",
      enableAutoScaling: true,
      count: 1,
      minCount: 1,
      maxCount: 3,
    });
    expect(c.kubernetesVersion).toBeUndefined();
  });

  it("uses Entra ID with Azure RBAC and no local accounts", () => {
    const c = one(CLUSTER, "inf-aks").inputs;
    expect(c.enableRBAC).toBe(true);
    expect(c.disableLocalAccounts).toBe(true);
    expect(c.aadProfile).toEqual({
      managed: true,
      enableAzureRBAC: true,
      adminGroupObjectIDs: ["group-1"],
    });
    expect(c.identity).toEqual({ type: "SystemAssigned" });
  });

  it("turns on Azure Policy, network policy, monitoring and auto-upgrade", () => {
    const c = one(CLUSTER, "inf-aks").inputs;
    expect(c.addonProfiles.azurepolicy).toEqual({ enabled: true });
    expect(c.addonProfiles.omsagent).toEqual({
      enabled: true,
      config: { logAnalyticsWorkspaceResourceID: LOGS, useAADAuth: "true" },
    });
    expect(c.networkProfile).toMatchObject({ networkPlugin: "azure", networkPolicy: "azure" });
    expect(c.autoUpgradeProfile).toEqual({
      upgradeChannel: "stable",
      nodeOSUpgradeChannel: "NodeImage",
    });
  });

  it("names the cluster and DNS prefix through the namer", () => {
    const c = one(CLUSTER, "inf-aks").inputs;
    expect(c.resourceName).toBe("dp100-t-aks-abcde");
    expect(c.dnsPrefix).toBe("dp100-t-aks-abcde");
    expect(naming.nameViolation("aksDnsPrefix", c.dnsPrefix)).toBeUndefined();
  });

  it("sends Container insights to the Log Analytics workspace through an associated rule", () => {
    const rule = one(DCR, "inf-insights-dcr").inputs;
    expect(rule.destinations.logAnalytics).toEqual([
      { name: "ciworkspace", workspaceResourceId: LOGS },
    ]);
    expect(rule.dataFlows).toEqual([
      { streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["ciworkspace"] },
    ]);
    expect(rule.dataSources.extensions[0].extensionName).toBe("ContainerInsights");
    const assoc = one(DCRA, "inf-insights-dcra").inputs;
    expect(assoc.resourceUri).toBe("inf-aks-id");
    expect(assoc.dataCollectionRuleId).toBe("inf-insights-dcr-id");
  });

  it("attaches the cluster as DevTest AKS compute with local auth off", async () => {
    const compute = one(COMPUTE, "inf-attach").inputs;
    expect(compute.computeName).toBe("aks-inference");
    expect(compute.workspaceName).toBe("mlw-lab");
    expect(compute.resourceGroupName).toBe("rg-lab");
    expect(compute.properties).toMatchObject({
      computeType: "AKS",
      resourceId: "inf-aks-id",
      disableLocalAuth: true,
      properties: { clusterPurpose: "DevTest" },
    });
    expect(aks.clusterPurpose).toBe("DevTest");
    expect(await promiseOf(aks.computeName)).toBe("aks-inference");
    expect(await promiseOf(aks.clusterPrincipalId)).toBe("inf-aks-principal");
  });

  it("gives cluster and attach 30-minute timeouts and ignores the autoscaled count", () => {
    const cluster = seenOpts[`${CLUSTER}/inf-aks`];
    expect(cluster.customTimeouts).toEqual({ create: "30m", update: "30m", delete: "30m" });
    expect(cluster.ignoreChanges).toEqual(["agentPoolProfiles[0].count"]);
    expect(seenOpts[`${COMPUTE}/inf-attach`].customTimeouts).toEqual({
      create: "30m",
      update: "30m",
      delete: "30m",
    });
  });
});

describe("AksInference options", () => {
  it("uses FastProd when the initial nodes reach 12 vCPUs and passes the size through", async () => {
    new mod.AksInference(
      "big",
      baseArgs({ vmSize: "standard_ds3_v2", minNodes: 3, maxNodes: 4, computeName: "aks-prod" }),
    );
    await settle();
    const pool = one(CLUSTER, "big-aks").inputs.agentPoolProfiles[0];
    expect(pool).toMatchObject({ vmSize: "Standard_DS3_v2", minCount: 3, maxCount: 4, count: 3 });
    const compute = one(COMPUTE, "big-attach").inputs;
    expect(compute.computeName).toBe("aks-prod");
    expect(compute.properties.properties.clusterPurpose).toBe("FastProd");
  });

  it("keeps local accounts only when asked to", async () => {
    new mod.AksInference("local", baseArgs({ disableLocalAccounts: false }));
    await settle();
    expect(one(CLUSTER, "local-aks").inputs.disableLocalAccounts).toBe(false);
  });
});

describe("AksInference validation", () => {
  const bad: [string, Partial<import("../components/aksInference").AksInferenceArgs>, RegExp][] = [
    [
      "unknown size",
      { vmSize: "Standard_NC6" },
      /vmSize: 'Standard_NC6' is not a size.*Standard_DS2_v2/,
    ],
    ["zero minNodes", { minNodes: 0 }, /minNodes: 0 is not accepted/],
    ["fractional minNodes", { minNodes: 1.5 }, /minNodes: 1.5 is not accepted/],
    [
      "maxNodes below minNodes",
      { minNodes: 3, maxNodes: 2 },
      /maxNodes: 2 is not accepted.*minNodes \(3\)/,
    ],
    ["maxNodes above the cap", { maxNodes: 11 }, /maxNodes: 11 is not accepted.*to 10/],
    [
      "bad compute name",
      { computeName: "aks-123" },
      /computeName: .*'aks-123'.*followed later by a letter/,
    ],
  ];
  it.each(bad)("rejects %s before creating anything", async (_label, overrides, message) => {
    const before = byType(CLUSTER).length + byType(COMPUTE).length;
    expect(() => new mod.AksInference(`bad-${_label}`, baseArgs(overrides))).toThrow(message);
    await settle();
    expect(byType(CLUSTER).length + byType(COMPUTE).length).toBe(before);
    expect(byType("dp100:ml:AksInference").some((r) => r.name === `bad-${_label}`)).toBe(false);
  });
});

describe("cluster purpose helpers", () => {
  it("counts vCPUs from the table, case-insensitively", () => {
    expect(mod.vcpusOf("Standard_DS2_v2")).toBe(2);
    expect(mod.vcpusOf("STANDARD_DS3_V2")).toBe(4);
    expect(() => mod.vcpusOf("Standard_B1s")).toThrow(/vmSize: 'Standard_B1s'/);
  });

  it("switches from DevTest to FastProd at 12 vCPUs", () => {
    expect(mod.aksClusterPurpose("Standard_DS2_v2", 5)).toBe("DevTest"); // 10 vCPUs
    expect(mod.aksClusterPurpose("Standard_DS2_v2", 6)).toBe("FastProd"); // 12 vCPUs
    expect(mod.aksClusterPurpose("Standard_DS3_v2", 2)).toBe("DevTest"); // 8 vCPUs
    expect(mod.aksClusterPurpose("Standard_D16s_v3", 1)).toBe("FastProd");
  });

  it("only lists sizes AKS accepts for a system pool (at least 2 vCPUs)", () => {
    for (const [size, vcpus] of Object.entries(mod.AKS_VM_VCPUS)) {
      expect([size, vcpus >= 2]).toEqual([size, true]);
    }
  });
});
