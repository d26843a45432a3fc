import { azureRefusal, BEHAVIOURS, type Props } from "./index";
import {
  EXTENSION_NOT_INSTALLED,
  STATIC_CREDENTIAL_REFUSAL,
  clusterOfId,
  kubernetesAttach,
} from "./kubernetesAttach";

/**
 * The stand-in's model of Azure ML's cluster attach (tests/providers/azure/kubernetesAttach.ts):
 * a legacy AKS attach refused on a cluster without local accounts (Azure/AML-Kubernetes#261), a
 * Kubernetes attach refused before the Azure ML extension (how-to-attach-kubernetes-to-workspace).
 */

const COMPUTE = "azure-native:machinelearningservices:Compute";
const CLUSTER_ID =
  "/subscriptions/s/resourceGroups/rg-Lab/providers/Microsoft.ContainerService/managedClusters/aks-1";

function cluster(disableLocalAccounts: boolean): Props {
  return { resourceGroupName: "rg-lab", resourceName: "aks-1", disableLocalAccounts };
}
const EXTENSION: Props = {
  resourceGroupName: "rg-lab",
  clusterName: "aks-1",
  clusterRp: "Microsoft.ContainerService",
  clusterResourceName: "managedClusters",
  extensionType: "Microsoft.AzureML.Kubernetes",
};

function attach(computeType: string, known: Record<string, Props[]>): string | undefined {
  return azureRefusal({
    type: COMPUTE,
    name: "attach",
    op: "create",
    inputs: { properties: { computeType, resourceId: CLUSTER_ID } },
    known: new Map(
      Object.entries(known).map(([k, v]) => [`azure-native:${k}`, v] as [string, Props[]]),
    ),
  });
}

describe("the ml-kubernetes-attach behaviour", () => {
  it("is registered with its public source", () => {
    expect(BEHAVIOURS).toContain(kubernetesAttach);
    expect(kubernetesAttach.source).toMatch(/AML-Kubernetes#261/);
    expect(kubernetesAttach.source).toMatch(/how-to-attach-kubernetes-to-workspace/);
  });

  it("refuses a legacy AKS attach on a cluster with local accounts disabled, with Azure's text", () => {
    const refusal = attach("AKS", { "containerservice:ManagedCluster": [cluster(true)] });
    expect(refusal).toContain(STATIC_CREDENTIAL_REFUSAL);
    expect(refusal).toContain("stand-in: ml-kubernetes-attach");
  });

  it("accepts a legacy AKS attach on a cluster that keeps local accounts", () => {
    expect(attach("AKS", { "containerservice:ManagedCluster": [cluster(false)] })).toBeUndefined();
  });

  it("refuses a Kubernetes attach before the Azure ML extension is installed", () => {
    const refusal = attach("Kubernetes", { "containerservice:ManagedCluster": [cluster(false)] });
    expect(refusal).toContain(EXTENSION_NOT_INSTALLED);
    expect(refusal).toContain("extension not installed");
  });

  it("accepts a Kubernetes attach once the extension exists on that cluster", () => {
    expect(
      attach("Kubernetes", {
        "containerservice:ManagedCluster": [cluster(false)],
        "kubernetesconfiguration:Extension": [EXTENSION],
      }),
    ).toBeUndefined();
  });

  it("does not count another cluster's extension or another extension type", () => {
    const elsewhere = { ...EXTENSION, clusterName: "aks-2" };
    const flux = { ...EXTENSION, extensionType: "microsoft.flux" };
    expect(
      attach("Kubernetes", { "kubernetesconfiguration:Extension": [elsewhere, flux] }),
    ).toContain(EXTENSION_NOT_INSTALLED);
  });

  it("leaves other compute types alone", () => {
    expect(attach("AmlCompute", {})).toBeUndefined();
    expect(attach("ComputeInstance", {})).toBeUndefined();
  });

  it("reads a managed cluster id case-insensitively", () => {
    expect(clusterOfId(CLUSTER_ID)).toEqual({ group: "rg-lab", name: "aks-1" });
    expect(clusterOfId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Foo/bars/x")).toBe(
      undefined,
    );
  });
});
