import { vmSizeInfo } from "./vmSizes";

/**
 * Azure facts: Azure ML's Kubernetes compute on AKS (pure, no Pulumi import): the Azure ML
 * extension's identity, what its pods and an MLflow deployment request, and what an AKS node
 * leaves to pods. Sources beside each.
 */

/** A Kubernetes instance type: the resources one replica of a deployment requests (and is limited to). */
export interface InstanceType {
  /** Name the deployment YAML uses (`instance_type:`); a Kubernetes resource name. */
  readonly name: string;
  /** CPU cores, as a Kubernetes quantity (`"2"`, `"1500m"`). */
  readonly cpu: string;
  /** Memory, as a Kubernetes quantity (`"4Gi"`). */
  readonly memory: string;
}

/** The extension's type, name and namespace (the CLI forces `azureml`; AzureMLKubernetes.py). */
export const AZUREML_EXTENSION_TYPE = "Microsoft.AzureML.Kubernetes";
export const AZUREML_EXTENSION_NAME = "azureml";
export const AZUREML_RELEASE_NAMESPACE = "azureml";

/**
 * The smallest instance type an MLflow model deploys with on Kubernetes: 2 CPU cores and 4 GiB
 * requested (learn.microsoft.com/azure/machine-learning/how-to-manage-kubernetes-instance-types).
 */
export const MLFLOW_INSTANCE_TYPE: InstanceType = {
  name: "mlflow-2cpu-4gi",
  cpu: "2",
  memory: "4Gi",
};

/** Nodes the extension needs for the scoring router in HA mode (three azureml-fe replicas). */
export const ROUTER_HA_MIN_NODES = 3;

/**
 * What the extension's own pods request with inference on and training off, test sizing:
 * 1780m CPU and 2440 Mi (learn.microsoft.com/azure/machine-learning/reference-kubernetes,
 * "Recommended resource planning").
 */
export const EXTENSION_REQUESTS = { cpuMillicores: 1780, memoryMiB: 2440 } as const;

/**
 * Room kept for AKS's own kube-system pods (CoreDNS, metrics-server, konnectivity, CSI drivers,
 * Azure Policy's Gatekeeper, Container insights). An estimate: Microsoft publishes no total.
 */
export const SYSTEM_PODS_ALLOWANCE = { cpuMillicores: 1000, memoryMiB: 2048 } as const;

/** Pods per node AKS allows by default with Azure CNI Overlay (learn.microsoft.com/azure/aks/azure-cni-overlay). */
export const OVERLAY_MAX_PODS = 250;

/**
 * CPU and memory a node of `vmSize` leaves to pods after AKS's reservations
 * (learn.microsoft.com/azure/aks/node-resource-reservations): kube-reserved CPU by core count
 * (60m for 1 core, 100m for 2, 140m for 4, 180m for 8, 260m for 16, 420m for 32, 740m for 64),
 * kube-reserved memory the lesser of 20 MB per allowed pod plus 50 MB and 25% of the memory,
 * and a 100 Mi eviction threshold.
 */
export function nodeAllocatable(vmSize: string): { cpuMillicores: number; memoryMiB: number } {
  const info = vmSizeInfo(vmSize);
  const reservedCpu: Record<number, number> = {
    1: 60,
    2: 100,
    4: 140,
    8: 180,
    16: 260,
    32: 420,
    64: 740,
  };
  const memoryMiB = info.memoryGb * 1024;
  const kubeReserved = Math.min((20 * OVERLAY_MAX_PODS + 50) / 1.048576, memoryMiB * 0.25);
  return {
    cpuMillicores: info.vCPUs * 1000 - (reservedCpu[info.vCPUs] ?? 740),
    memoryMiB: Math.floor(memoryMiB - kubeReserved - 100),
  };
}

/** A Kubernetes CPU quantity in millicores ("2" -> 2000, "500m" -> 500). */
export function cpuMillicores(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(q.trim());
  if (!m) throw new Error(`'${q}' is not a CPU quantity such as "2" or "1500m"`);
  return m[2] === "m" ? Number(m[1]) : Number(m[1]) * 1000;
}

/** A Kubernetes memory quantity in MiB ("4Gi" -> 4096, "512Mi" -> 512). */
export function memoryMiB(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi)$/.exec(q.trim());
  if (!m) throw new Error(`'${q}' is not a memory quantity such as "4Gi" or "512Mi"`);
  return m[2] === "Gi" ? Number(m[1]) * 1024 : Number(m[1]);
}
