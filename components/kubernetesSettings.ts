import {
  cpuMillicores,
  EXTENSION_REQUESTS,
  type InstanceType,
  memoryMiB,
  MLFLOW_INSTANCE_TYPE,
  nodeAllocatable,
  ROUTER_HA_MIN_NODES,
  SYSTEM_PODS_ALLOWANCE,
} from "../azure/kubernetesCompute";
import { AKS_FREE_TIER_RECOMMENDED_NODES } from "../azure/limits";
import { nameViolation } from "../azure/nameRules";

/**
 * The Kubernetes inference lab's sizing check and extension settings: pure, so they are tested
 * without mocks and checked before anything is registered.
 */

/** RFC 1123 label: what Kubernetes accepts for a namespace and an instance type name. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Largest pool this component builds: the node count below which Microsoft recommends the AKS
 * Free tier (azure/limits.ts), taken as this component's ceiling.
 */
export const MAX_NODES = AKS_FREE_TIER_RECOMMENDED_NODES;

/** The part of KubernetesInferenceArgs that is checked before anything is registered. */
export interface InferenceSizingArgs {
  readonly vmSize?: string;
  readonly minNodes?: number;
  readonly maxNodes?: number;
  readonly computeName?: string;
  readonly namespace?: string;
  readonly instanceType?: InstanceType;
  readonly disableLocalAccounts?: boolean;
  readonly privateNetworking?: boolean;
}

/** Those arguments with their defaults applied, and the extension settings they lead to. */
export interface ResolvedInferenceArgs {
  readonly vmSize: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly computeName: string;
  readonly namespace: string;
  readonly instanceType: InstanceType;
  readonly disableLocalAccounts: boolean;
  readonly settings: Record<string, string>;
}

/**
 * Applies the defaults (Standard_DS3_v2, 2 to 3 nodes, compute `k8s-inference`, namespace
 * `default`, the MLflow instance type, local accounts kept) and throws, naming the argument, the
 * value and what is accepted, when a value is not accepted or the pool cannot hold the extension
 * and one deployment.
 */
export function resolveInferenceArgs(args: InferenceSizingArgs): ResolvedInferenceArgs {
  const vmSize = args.vmSize ?? "Standard_DS3_v2";
  const minNodes = args.minNodes ?? 2;
  const maxNodes = args.maxNodes ?? 3;
  const computeName = args.computeName ?? "k8s-inference";
  const namespace = args.namespace ?? "default";
  const instanceType = args.instanceType ?? MLFLOW_INSTANCE_TYPE;
  const disableLocalAccounts = args.disableLocalAccounts ?? false;
  if (!Number.isInteger(minNodes) || minNodes < 1 || minNodes > MAX_NODES) {
    throw new Error(
      `minNodes: ${minNodes} is not accepted; a system pool takes a whole number of nodes from 1 to ${MAX_NODES}`,
    );
  }
  if (!Number.isInteger(maxNodes) || maxNodes < minNodes || maxNodes > MAX_NODES) {
    throw new Error(
      `maxNodes: ${maxNodes} is not accepted; use a whole number from minNodes (${minNodes}) to ${MAX_NODES} (Free tier is meant for fewer than ${AKS_FREE_TIER_RECOMMENDED_NODES} nodes)`,
    );
  }
  const computeProblem = nameViolation("mlCompute", computeName);
  if (computeProblem) throw new Error(`computeName: ${computeProblem}`);
  if (!K8S_NAME.test(namespace)) {
    throw new Error(
      `namespace: '${namespace}' is not a Kubernetes namespace name (RFC 1123 label)`,
    );
  }
  if (!K8S_NAME.test(instanceType.name)) {
    throw new Error(
      `instanceType.name: '${instanceType.name}' is not a Kubernetes resource name (RFC 1123 label)`,
    );
  }
  const fit = checkInferenceFits(vmSize, minNodes, instanceType);
  if (fit) throw new Error(fit);
  const settings = extensionSettings({
    nodes: minNodes,
    privateNetworking: !!args.privateNetworking,
  });
  return {
    vmSize,
    minNodes,
    maxNodes,
    computeName,
    namespace,
    instanceType,
    disableLocalAccounts,
    settings,
  };
}

/**
 * Why `nodes` nodes of `vmSize` cannot hold the extension's pods, kube-system and one replica of
 * `instanceType`, or undefined when they can. One replica must fit on one node; all of it must
 * fit in the nodes' total allocatable. Quantities below the MLflow minimum are refused too.
 */
export function checkInferenceFits(
  vmSize: string,
  nodes: number,
  instanceType: InstanceType,
): string | undefined {
  let node: { cpuMillicores: number; memoryMiB: number };
  let cpu: number;
  let mem: number;
  try {
    node = nodeAllocatable(vmSize);
    cpu = cpuMillicores(instanceType.cpu);
    mem = memoryMiB(instanceType.memory);
  } catch (e) {
    return `vmSize/instanceType: ${(e as Error).message}`;
  }
  const minCpu = cpuMillicores(MLFLOW_INSTANCE_TYPE.cpu);
  const minMem = memoryMiB(MLFLOW_INSTANCE_TYPE.memory);
  if (cpu < minCpu || mem < minMem) {
    return (
      `instanceType: ${instanceType.cpu} CPU / ${instanceType.memory} is below what an MLflow ` +
      `model needs on Kubernetes (${MLFLOW_INSTANCE_TYPE.cpu} CPU / ${MLFLOW_INSTANCE_TYPE.memory} requested)`
    );
  }
  if (cpu > node.cpuMillicores || mem > node.memoryMiB) {
    return (
      `vmSize: '${vmSize}' leaves ${node.cpuMillicores}m CPU / ${node.memoryMiB} Mi to pods, less ` +
      `than one replica of ${instanceType.name} requests (${cpu}m / ${mem} Mi); use a node of at ` +
      `least 4 vCPUs such as Standard_DS3_v2`
    );
  }
  const needCpu = EXTENSION_REQUESTS.cpuMillicores + SYSTEM_PODS_ALLOWANCE.cpuMillicores + cpu;
  const needMem = EXTENSION_REQUESTS.memoryMiB + SYSTEM_PODS_ALLOWANCE.memoryMiB + mem;
  const haveCpu = node.cpuMillicores * nodes;
  const haveMem = node.memoryMiB * nodes;
  if (needCpu > haveCpu || needMem > haveMem) {
    return (
      `minNodes: ${nodes} x ${vmSize} leave ${haveCpu}m CPU / ${haveMem} Mi to pods; the Azure ML ` +
      `extension (${EXTENSION_REQUESTS.cpuMillicores}m / ${EXTENSION_REQUESTS.memoryMiB} Mi), ` +
      `kube-system (about ${SYSTEM_PODS_ALLOWANCE.cpuMillicores}m / ` +
      `${SYSTEM_PODS_ALLOWANCE.memoryMiB} Mi) and one replica (${cpu}m / ${mem} Mi) need ` +
      `${needCpu}m / ${needMem} Mi; add a node or use a larger size`
    );
  }
  return undefined;
}

/**
 * The extension's configuration settings for a classroom (values are the strings "True"/"False"
 * as in the official ARM sample, Azure/AML-Kubernetes files/deployextension.json). Settings from
 * learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension ("Review Azure
 * Machine Learning extension configuration settings") and, for the ones the az CLI adds by
 * itself, Azure/azure-cli-extensions AzureMLKubernetes.py:
 * - inference on, training off (the lab only deploys);
 * - `allowInsecureConnections: True`: HTTP scoring, which the docs allow "for dev/test". TLS
 *   needs a certificate and a CNAME for the scoring IP, which a one-day classroom does not have;
 *   the endpoint still requires its key or token;
 * - `inferenceRouterHA` only with 3 or more nodes (three azureml-fe replicas need three nodes),
 *   and `clusterPurpose` DevTest below that, as the CLI sets them;
 * - a public LoadBalancer unless `privateNetworking` (then `internalLoadBalancerProvider: azure`,
 *   which the CLI turns into `scoringFe.serviceType.internalLoadBalancer`);
 * - `relayserver.enabled` and `servicebus.enabled` false (the CLI's values for AKS: no Azure
 *   Relay or Service Bus is created) and `nginxIngress.enabled` true (the CLI's value for AKS);
 * - Volcano off: it schedules training jobs only.
 * Changing `allowInsecureConnections`, `inferenceRouterServiceType` or
 * `internalLoadBalancerProvider` later makes existing endpoints unavailable
 * (Azure/AML-Kubernetes docs/deploy-extension.md): choose before learners deploy.
 */
export function extensionSettings(args: {
  readonly nodes: number;
  readonly privateNetworking: boolean;
}): Record<string, string> {
  const ha = args.nodes >= ROUTER_HA_MIN_NODES;
  return {
    enableTraining: "False",
    enableInference: "True",
    inferenceRouterServiceType: "LoadBalancer",
    allowInsecureConnections: "True",
    inferenceRouterHA: ha ? "True" : "False",
    clusterPurpose: ha ? "FastProd" : "DevTest",
    ...(args.privateNetworking
      ? {
          internalLoadBalancerProvider: "azure",
          "scoringFe.serviceType.internalLoadBalancer": "True",
        }
      : {}),
    "relayserver.enabled": "false",
    "servicebus.enabled": "false",
    "nginxIngress.enabled": "true",
    installVolcano: "False",
  };
}
