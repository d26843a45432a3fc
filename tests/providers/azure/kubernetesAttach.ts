/**
 * TEST DOUBLES. How Azure ML answers a compute attach of an AKS cluster (azure-native
 * machinelearningservices:Compute with `properties.resourceId` naming a managed cluster). Models
 * of Azure, each with its source:
 * - a legacy `AKS` attach reads the cluster's static admin credentials; on a cluster with local
 *   accounts disabled Azure refuses it with the message below (Azure/AML-Kubernetes#261);
 * - a `Kubernetes` attach needs the Azure ML extension already installed on the cluster, or it
 *   fails with "extension not installed"
 *   (learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace, note).
 * The stand-in only knows the clusters and extensions this provider process has created, which is
 * what one `pulumi up` of a stack creates.
 */
import type { AzureBehaviour, Props, RefuseContext } from "./behaviour";

const COMPUTE = "azure-native:machinelearningservices:Compute";
const CLUSTER = "azure-native:containerservice:ManagedCluster";
const EXTENSION = "azure-native:kubernetesconfiguration:Extension";

/** The text of Azure's refusal of a static-credential read (Azure/AML-Kubernetes#261). */
export const STATIC_CREDENTIAL_REFUSAL =
  "Getting static credential is not allowed because this cluster is set to disable local accounts.";

/**
 * Azure ML's refusal of an attach before the extension. The docs quote only "extension not
 * installed" (how-to-attach-kubernetes-to-workspace); the rest of the sentence is ours.
 */
export const EXTENSION_NOT_INSTALLED =
  "Kubernetes compute attach failed: the Azure Machine Learning extension is not installed on the cluster (extension not installed).";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `{ group, name }` of a managed cluster ARM id, lower-cased; undefined for anything else. */
export function clusterOfId(id: string): { group: string; name: string } | undefined {
  const m =
    /\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)$/i.exec(
      id,
    );
  return m ? { group: m[1].toLowerCase(), name: m[2].toLowerCase() } : undefined;
}

const same = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b;

function findCluster(
  ctx: RefuseContext,
  target: { group: string; name: string },
): Props | undefined {
  return (ctx.known.get(CLUSTER) ?? []).find(
    (c) => same(c.resourceGroupName, target.group) && same(c.resourceName, target.name),
  );
}

function hasAzureMlExtension(ctx: RefuseContext, target: { group: string; name: string }): boolean {
  return (ctx.known.get(EXTENSION) ?? []).some(
    (e) =>
      same(e.resourceGroupName, target.group) &&
      same(e.clusterName, target.name) &&
      same(e.clusterRp, "microsoft.containerservice") &&
      same(e.extensionType, "microsoft.azureml.kubernetes"),
  );
}

export const kubernetesAttach: AzureBehaviour = {
  id: "ml-kubernetes-attach",
  source:
    "Azure/AML-Kubernetes#261; learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-to-workspace",
  types: [COMPUTE],
  refuse(ctx) {
    const props = ctx.inputs.properties as Props | undefined;
    const kind = str(props?.computeType);
    const id = str(props?.resourceId);
    const target = id ? clusterOfId(id) : undefined;
    if (!target || (kind !== "AKS" && kind !== "Kubernetes")) return undefined;
    if (kind === "AKS") {
      const cluster = findCluster(ctx, target);
      return cluster?.disableLocalAccounts === true ? STATIC_CREDENTIAL_REFUSAL : undefined;
    }
    return hasAzureMlExtension(ctx, target) ? undefined : EXTENSION_NOT_INSTALLED;
  },
};
