import * as pulumi from "@pulumi/pulumi";
import { byType, one, promiseOf, settle, setupMocks } from "../helpers/mocks";

setupMocks();

type Module = typeof import("../../components/kubernetesInference");
type NamingModule = typeof import("../../components/naming");
let mod: Module;
let naming: NamingModule;

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const COMPUTE = "azure-native:machinelearningservices:Compute";
const DCR = "azure-native:monitor:DataCollectionRule";
const DCRA = "azure-native:monitor:DataCollectionRuleAssociation";
const EXTENSION = "azure-native:kubernetesconfiguration:Extension";
const LOGS =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log";

beforeAll(async () => {
  mod = await import("../../components/kubernetesInference");
  naming = await import("../../components/naming");
});

function baseArgs(
  overrides: Partial<import("../../components/kubernetesInference").KubernetesInferenceArgs> = {},
) {
  return {
    resourceGroupName: "rg-lab",
    location: "eastus",
    namer: new naming.Namer(["dp100", "t"], "abcde"),
    workspace: { name: "mlw-lab" },
    logAnalyticsWorkspaceId: LOGS,
    ...overrides,
  };
}

describe("KubernetesInference defaults", () => {
  const seenOpts: Record<string, pulumi.CustomResourceOptions> = {};
  let k8s: import("../../components/kubernetesInference").KubernetesInference;

  beforeAll(async () => {
    k8s = new mod.KubernetesInference("inf", baseArgs({ adminGroupObjectIds: ["group-1"] }), {
      // Records each child's options, so timeouts and ordering can be checked.
      transformations: [
        (a) => {
          seenOpts[`${a.type}/${a.name}`] = a.opts;
          return undefined;
        },
      ],
    });
    await settle();
  });

  it("creates a Free-tier cluster whose two 4-vCPU nodes hold the extension and one deployment", () => {
    const c = one(CLUSTER, "inf-aks").inputs;
    expect(c.sku).toEqual({ name: "Base", tier: "Free" });
    expect(c.agentPoolProfiles).toHaveLength(1);
    expect(c.agentPoolProfiles[0]).toMatchObject({
      name: "system",
      mode: "System",
      osType: "Linux",
      vmSize: "Standard_DS3_v2",
      enableAutoScaling: true,
      count: 2,
      minCount: 2,
      maxCount: 3,
    });
  });

  it("keeps local accounts (the documented exception) with Entra ID and Azure RBAC", () => {
    const c = one(CLUSTER, "inf-aks").inputs;
    expect(c.enableRBAC).toBe(true);
    expect(c.disableLocalAccounts).toBe(false);
    expect(c.aadProfile).toEqual({
      managed: true,
      enableAzureRBAC: true,
      adminGroupObjectIDs: ["group-1"],
    });
    // Extensions need a managed-identity cluster (how-to-deploy-kubernetes-extension).
    expect(c.identity).toEqual({ type: "SystemAssigned" });
  });

  // Issue 12 item 7: a pod CIDR only with Azure CNI in overlay mode (learn.microsoft.com/azure/aks/azure-cni-overlay).
  it("uses Azure CNI Overlay and sets no pod CIDR outside it", () => {
    const n = one(CLUSTER, "inf-aks").inputs.networkProfile;
    expect(n).toMatchObject({
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkPolicy: "azure",
    });
    if (n.podCidr !== undefined) expect(n.networkPluginMode).toBe("overlay");
  });

  it("installs the Azure ML extension for inference, configured for a classroom", () => {
    const e = one(EXTENSION, "inf-azureml").inputs;
    expect(e).toMatchObject({
      clusterRp: "Microsoft.ContainerService",
      clusterResourceName: "managedClusters",
      clusterName: "dp100-t-aks-abcde",
      extensionType: "Microsoft.AzureML.Kubernetes",
      scope: { cluster: { releaseNamespace: "azureml" } },
      identity: { type: "SystemAssigned" },
    });
    expect(e.configurationSettings).toMatchObject({
      enableInference: "True",
      enableTraining: "False",
      inferenceRouterServiceType: "LoadBalancer",
      allowInsecureConnections: "True",
      inferenceRouterHA: "False",
      clusterPurpose: "DevTest",
      "relayserver.enabled": "false",
      "servicebus.enabled": "false",
      cluster_name: "inf-aks-id",
      location: "eastus",
      domain: "eastus.cloudapp.azure.com",
    });
    expect(e.configurationSettings.internalLoadBalancerProvider).toBeUndefined();
  });

  it("attaches the cluster as Kubernetes compute after the extension, with an MLflow-sized instance type", async () => {
    const compute = one(COMPUTE, "inf-attach").inputs;
    expect(compute.computeName).toBe("k8s-inference");
    expect(compute.workspaceName).toBe("mlw-lab");
    expect(compute.properties).toMatchObject({
      computeType: "Kubernetes",
      resourceId: "inf-aks-id",
      disableLocalAuth: true,
      properties: {
        namespace: "default",
        defaultInstanceType: "mlflow-2cpu-4gi",
        instanceTypes: {
          "mlflow-2cpu-4gi": {
            resources: {
              requests: { cpu: "2", memory: "4Gi" },
              limits: { cpu: "2", memory: "4Gi" },
            },
          },
        },
      },
    });
    const deps = (seenOpts[`${COMPUTE}/inf-attach`].dependsOn ?? []) as pulumi.Resource[];
    expect(deps).toContain(k8s.extension);
    expect(await promiseOf(k8s.computeName)).toBe("k8s-inference");
  });

  it("sends Container insights to the Log Analytics workspace through an associated rule", () => {
    const rule = one(DCR, "inf-insights-data-collection-rule").inputs;
    expect(rule.destinations.logAnalytics).toEqual([
      { name: "ciworkspace", workspaceResourceId: LOGS },
    ]);
    const assoc = one(DCRA, "inf-insights-data-collection-rule-association").inputs;
    expect(assoc.resourceUri).toBe("inf-aks-id");
  });

  it("gives cluster, extension and attach 30-minute timeouts and ignores the autoscaled count", () => {
    const all = { create: "30m", update: "30m", delete: "30m" };
    expect(seenOpts[`${CLUSTER}/inf-aks`].customTimeouts).toEqual(all);
    expect(seenOpts[`${CLUSTER}/inf-aks`].ignoreChanges).toEqual(["agentPoolProfiles[0].count"]);
    expect(seenOpts[`${EXTENSION}/inf-azureml`].customTimeouts).toEqual(all);
    expect(seenOpts[`${COMPUTE}/inf-attach`].customTimeouts).toEqual(all);
  });
});

describe("KubernetesInference options", () => {
  it("gives the router an internal load balancer with private networking", async () => {
    new mod.KubernetesInference("priv", baseArgs({ privateNetworking: true }));
    await settle();
    expect(one(EXTENSION, "priv-azureml").inputs.configurationSettings).toMatchObject({
      internalLoadBalancerProvider: "azure",
      "scoringFe.serviceType.internalLoadBalancer": "True",
    });
  });

  it("turns router HA on from three nodes", async () => {
    new mod.KubernetesInference("ha", baseArgs({ minNodes: 3, maxNodes: 3 }));
    await settle();
    expect(one(EXTENSION, "ha-azureml").inputs.configurationSettings).toMatchObject({
      inferenceRouterHA: "True",
      clusterPurpose: "FastProd",
    });
  });

  it("disables local accounts when asked to", async () => {
    new mod.KubernetesInference("nolocal", baseArgs({ disableLocalAccounts: true }));
    await settle();
    expect(one(CLUSTER, "nolocal-aks").inputs.disableLocalAccounts).toBe(true);
  });
});

describe("KubernetesInference validation", () => {
  const bad: [
    string,
    Partial<import("../../components/kubernetesInference").KubernetesInferenceArgs>,
    RegExp,
  ][] = [
    ["unknown size", { vmSize: "Standard_NC6" }, /Standard_NC6/],
    [
      "2-vCPU nodes",
      { vmSize: "Standard_DS2_v2", minNodes: 3 },
      /vmSize: 'Standard_DS2_v2' leaves 1900m CPU/,
    ],
    ["one 4-vCPU node", { minNodes: 1 }, /minNodes: 1 x Standard_DS3_v2 leave 3860m CPU/],
    [
      "an instance type below the MLflow minimum",
      { instanceType: { name: "tiny", cpu: "1", memory: "2Gi" } },
      /below what an MLflow model needs/,
    ],
    ["a bad namespace", { namespace: "Lab_NS" }, /namespace: 'Lab_NS'/],
    ["zero minNodes", { minNodes: 0 }, /minNodes: 0 is not accepted/],
    ["maxNodes below minNodes", { minNodes: 3, maxNodes: 2 }, /maxNodes: 2 is not accepted/],
    ["bad compute name", { computeName: "aks-123" }, /computeName: .*'aks-123'/],
  ];
  it.each(bad)("rejects %s before creating anything", async (label, overrides, message) => {
    const before = byType(CLUSTER).length + byType(COMPUTE).length + byType(EXTENSION).length;
    expect(() => new mod.KubernetesInference(`bad-${label}`, baseArgs(overrides))).toThrow(message);
    await settle();
    expect(byType(CLUSTER).length + byType(COMPUTE).length + byType(EXTENSION).length).toBe(before);
  });
});

describe("sizing helpers", () => {
  it("leaves what AKS's reservations leave (node-resource-reservations)", () => {
    expect(mod.nodeAllocatable("Standard_DS2_v2").cpuMillicores).toBe(1900);
    expect(mod.nodeAllocatable("Standard_DS3_v2")).toEqual({
      cpuMillicores: 3860,
      memoryMiB: 10652,
    });
  });

  it("parses Kubernetes quantities", () => {
    expect(mod.cpuMillicores("2")).toBe(2000);
    expect(mod.cpuMillicores("1500m")).toBe(1500);
    expect(mod.memoryMiB("4Gi")).toBe(4096);
    expect(() => mod.memoryMiB("4GB")).toThrow(/not a memory quantity/);
  });

  it("fits the extension, kube-system and one MLflow replica on two DS3_v2 nodes", () => {
    expect(mod.checkInferenceFits("Standard_DS3_v2", 2, mod.MLFLOW_INSTANCE_TYPE)).toBeUndefined();
  });
});
