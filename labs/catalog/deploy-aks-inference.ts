import { CatalogLab, NOTHING } from "./common";

/**
 * The AKS inference cluster as the earlier course used it. `LabDefinition` only says `aks: true`,
 * so the details a stack needs live here: the compute name the SDK v1 material attaches it under
 * (`cluster_name = 'aks-cluster'`), the node size, and the cluster purpose Azure ML requires for
 * a cluster under 12 vCPUs (DevTest).
 */
export const AKS_INFERENCE = {
  computeName: "aks-cluster",
  vmSize: "Standard_DS2_v2",
  clusterPurpose: "DevTest",
} as const;

// Provisioned: instance and an AKS cluster attached as inference compute `aks-cluster`
// (Standard_DS2_v2, DevTest). Left to the learner: the model and the real-time web service
// (diabetes-service) deployed onto it, which uses the provisioned nodes.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "deploy-aks-inference",
  title: "Deploy a model to an AKS inference cluster",
  labFile: "09-create-realtime-service",
  course: "extra",
  computeInstance: true,
  aks: true,
  learnerCreates: [
    {
      kind: "aksService",
      what: "real-time web service diabetes-service on the AKS inference cluster",
      vmSize: AKS_INFERENCE.vmSize,
      instances: 1,
      priority: "dedicated",
      typicalHours: 1,
      onCluster: AKS_INFERENCE.computeName,
    },
  ],
};
