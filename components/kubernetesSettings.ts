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

/**
 * The Kubernetes inference lab's sizing check and extension settings: pure, so they are tested
 * without mocks and checked before anything is registered.
 */

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
