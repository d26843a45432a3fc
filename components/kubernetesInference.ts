import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as kubernetesconfiguration from "@pulumi/azure-native/kubernetesconfiguration";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import { AKS_FREE_TIER_RECOMMENDED_NODES } from "../azure/limits";
import { vmSizeInfo } from "../azure/vmSizes";
import { Namer, nameViolation } from "./naming";

/** A Kubernetes instance type: the resources one replica of a deployment requests (and is limited to). */
export interface InstanceType {
  /** Name the deployment YAML uses (`instance_type:`); a Kubernetes resource name. */
  readonly name: string;
  /** CPU cores, as a Kubernetes quantity (`"2"`, `"1500m"`). */
  readonly cpu: string;
  /** Memory, as a Kubernetes quantity (`"4Gi"`). */
  readonly memory: string;
}

export interface KubernetesInferenceArgs {
  /** Resource group of the workspace; the cluster, its extension and the attach go there too. Required. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the cluster (the workspace's region; cross-region attach is not supported). Required. */
  readonly location: pulumi.Input<string>;
  /** Namer carrying the stack's prefix and random suffix. Required. */
  readonly namer: Namer;
  /** Tags put on every resource that takes them. Default: none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The workspace the cluster is attached to (it must be in `resourceGroupName`). Required. */
  readonly workspace: {
    /** Workspace name, e.g. MlWorkspace.workspaceName. */
    readonly name: pulumi.Input<string>;
  };
  /** ARM id of the Log Analytics workspace that receives Container insights data. Required. */
  readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
  /** Entra group object ids that get cluster-admin through Entra ID. Default: none. */
  readonly adminGroupObjectIds?: pulumi.Input<string>[];
  /** Node VM size (plan/vmSizes.ts). Default Standard_DS3_v2. */
  readonly vmSize?: string;
  /** Minimum (and initial) node count of the autoscaling system pool, 1-10. Default 2. */
  readonly minNodes?: number;
  /** Maximum node count of the autoscaling system pool, minNodes-10. Default 3. */
  readonly maxNodes?: number;
  /** Kubernetes version. Default: none, Azure picks its default and the stable channel upgrades it. */
  readonly kubernetesVersion?: pulumi.Input<string>;
  /** Name of the Kubernetes compute in the workspace (Azure ML compute rules). Default "k8s-inference". */
  readonly computeName?: string;
  /** Kubernetes namespace the workloads run in; it must already exist. Default "default". */
  readonly namespace?: string;
  /** The compute's default instance type. Default 2 CPU / 4Gi (`mlflow-2cpu-4gi`), the MLflow minimum. */
  readonly instanceType?: InstanceType;
  /**
   * Give the scoring router an internal load balancer (`internalLoadBalancerProvider: azure`),
   * for a workspace with private networking. Default false: a public load balancer, which
   * learners reach from their compute instance and their own machine.
   */
  readonly privateNetworking?: boolean;
  /**
   * Disable the cluster's local accounts. Default **false**, an explicit exception to the
   * `aks-local-accounts-disabled` guardrail for this cluster only: Microsoft Learn lists "AKS
   * clusters with local accounts disabled" as not supported by Azure ML
   * (how-to-deploy-kubernetes-extension, Limitations), while the product team's
   * `Azure/AML-Kubernetes` docs/azureml-aks-ta-support.md says it works through AKS Trusted
   * Access. Until Microsoft's documentation agrees, the lab keeps them; set true to try the
   * Trusted Access path (the attach then needs it).
   */
  readonly disableLocalAccounts?: boolean;
}

/**
 * An AKS cluster with the Azure ML extension, attached to a workspace as Kubernetes compute for v2
 * Kubernetes online endpoints (learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-anywhere).
 * Free control-plane tier; one autoscaling Linux system pool sized so the extension's pods and one
 * deployment of `instanceType` fit (checkInferenceFits); Azure CNI Overlay; Entra ID with Azure
 * RBAC; Azure Policy add-on; Container insights; stable auto-upgrade. The extension is configured
 * for a classroom (extensionSettings) and installed before the attach, which Azure requires.
 */
export class KubernetesInference extends pulumi.ComponentResource {
  readonly cluster: containerservice.ManagedCluster;
  readonly extension: kubernetesconfiguration.Extension;
  readonly compute: ml.Compute;
  readonly clusterName: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  /** Name of the Kubernetes compute in the workspace (what the lab's deployment YAML targets). */
  readonly computeName: pulumi.Output<string>;

  constructor(name: string, args: KubernetesInferenceArgs, opts?: pulumi.ComponentResourceOptions) {
    // Defaults and validation come first, so bad input registers nothing.
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

    super("dp100:ml:KubernetesInference", name, {}, opts);
    const { resourceGroupName, location, namer, tags } = args;
    const parent = { parent: this };

    this.cluster = new containerservice.ManagedCluster(
      `${name}-aks`,
      {
        resourceGroupName,
        location,
        tags,
        resourceName: namer.unique("aksCluster", "aks"),
        dnsPrefix: namer.unique("aksDnsPrefix", "aks"),
        kubernetesVersion: args.kubernetesVersion,
        sku: {
          name: containerservice.ManagedClusterSKUName.Base,
          tier: containerservice.ManagedClusterSKUTier.Free,
        },
        // Cluster extensions need a managed-identity cluster (how-to-deploy-kubernetes-extension).
        identity: { type: containerservice.ResourceIdentityType.SystemAssigned },
        agentPoolProfiles: [
          {
            name: namer.local("aksNodePool", "system"),
            mode: containerservice.AgentPoolMode.System,
            osType: containerservice.OSType.Linux,
            type: containerservice.AgentPoolType.VirtualMachineScaleSets,
            vmSize: vmSizeInfo(vmSize).name,
            count: minNodes,
            enableAutoScaling: true,
            minCount: minNodes,
            maxCount: maxNodes,
          },
        ],
        enableRBAC: true,
        disableLocalAccounts,
        aadProfile: {
          managed: true,
          enableAzureRBAC: true,
          adminGroupObjectIDs: args.adminGroupObjectIds,
        },
        addonProfiles: {
          azurepolicy: { enabled: true },
          omsagent: {
            enabled: true,
            config: {
              logAnalyticsWorkspaceResourceID: args.logAnalyticsWorkspaceId,
              // Managed-identity auth; the agent's settings come from the data collection rule below.
              useAADAuth: "true",
            },
          },
        },
        // Azure CNI Overlay: pods get addresses from a private pod CIDR, not from a VNet subnet.
        // A pod CIDR is only meaningful in overlay mode (the Azure CLI refuses --pod-cidr without
        // --network-plugin-mode overlay; learn.microsoft.com/azure/aks/azure-cni-overlay), so none
        // is set here and AKS uses its default 10.244.0.0/16.
        networkProfile: {
          networkPlugin: containerservice.NetworkPlugin.Azure,
          networkPluginMode: containerservice.NetworkPluginMode.Overlay,
          networkPolicy: containerservice.NetworkPolicy.Azure,
          loadBalancerSku: containerservice.LoadBalancerSku.Standard,
        },
        autoUpgradeProfile: {
          upgradeChannel: containerservice.UpgradeChannel.Stable,
          nodeOSUpgradeChannel: containerservice.NodeOSUpgradeChannel.NodeImage,
        },
      },
      {
        ...parent,
        // Creating a cluster takes 5-10 minutes and an upgrade or delete about as long; the
        // provider's defaults are shorter than a slow region needs.
        customTimeouts: { create: "30m", update: "30m", delete: "30m" },
        // The autoscaler moves the node count between minCount and maxCount; writing the initial
        // count back on the next update would scale a busy classroom cluster down.
        ignoreChanges: ["agentPoolProfiles[0].count"],
      },
    );

    // Container insights with managed-identity auth reads its settings from a data collection rule
    // associated with the cluster; the add-on alone sends nothing. Interval 5m and system
    // namespaces excluded to keep Log Analytics ingestion (and cost) small.
    const rule = new monitor.DataCollectionRule(
      `${name}-insights-data-collection-rule`,
      {
        resourceGroupName,
        location,
        tags,
        kind: monitor.KnownDataCollectionRuleResourceKind.Linux,
        description: "Container insights for the DP-100 Kubernetes inference cluster",
        dataSources: {
          extensions: [
            {
              name: "ContainerInsightsExtension",
              extensionName: "ContainerInsights",
              streams: [CONTAINER_INSIGHTS_STREAM],
              extensionSettings: {
                dataCollectionSettings: {
                  interval: "5m",
                  namespaceFilteringMode: "Exclude",
                  namespaces: ["kube-system", "gatekeeper-system"],
                  enableContainerLogV2: true,
                },
              },
            },
          ],
        },
        destinations: {
          logAnalytics: [
            { name: "ciworkspace", workspaceResourceId: args.logAnalyticsWorkspaceId },
          ],
        },
        dataFlows: [{ streams: [CONTAINER_INSIGHTS_STREAM], destinations: ["ciworkspace"] }],
      },
      parent,
    );
    new monitor.DataCollectionRuleAssociation(
      `${name}-insights-data-collection-rule-association`,
      {
        associationName: "ContainerInsightsExtension",
        resourceUri: this.cluster.id,
        dataCollectionRuleId: rule.id,
        description: "Sends this cluster's Container insights data to the lab's Log Analytics",
      },
      parent,
    );

    // The Azure ML extension, as the official ARM sample installs it (Azure/AML-Kubernetes
    // files/deployextension.json): cluster scope, release namespace `azureml`, system identity.
    this.extension = new kubernetesconfiguration.Extension(
      `${name}-azureml`,
      {
        resourceGroupName,
        clusterRp: "Microsoft.ContainerService",
        clusterResourceName: "managedClusters",
        clusterName: this.cluster.name,
        extensionName: AZUREML_EXTENSION_NAME,
        extensionType: AZUREML_EXTENSION_TYPE,
        releaseTrain: "stable",
        scope: { cluster: { releaseNamespace: AZUREML_RELEASE_NAMESPACE } },
        identity: { type: "SystemAssigned" },
        configurationSettings: {
          ...settings,
          // What `az k8s-extension create` adds by itself (Azure/azure-cli-extensions
          // src/k8s-extension/.../partner_extensions/AzureMLKubernetes.py): the cluster's id and
          // region, which the extension's agents report under.
          cluster_name: this.cluster.id,
          clusterId: this.cluster.id,
          "prometheus.prometheusSpec.externalLabels.cluster_name": this.cluster.id,
          cluster_name_friendly: this.cluster.name,
          location: pulumi.output(location),
          jobSchedulerLocation: pulumi.output(location),
          domain: pulumi.interpolate`${location}.cloudapp.azure.com`,
        },
      },
      {
        ...parent,
        // Installing the extension pulls and starts about a dozen workloads: 5-15 minutes.
        customTimeouts: { create: "30m", update: "30m", delete: "30m" },
      },
    );

    this.compute = new ml.Compute(
      `${name}-attach`,
      {
        resourceGroupName,
        workspaceName: args.workspace.name,
        location,
        tags,
        computeName,
        properties: {
          computeType: "Kubernetes",
          resourceId: this.cluster.id,
          disableLocalAuth: true,
          description:
            "AKS with the Azure ML extension for the DP-100 Kubernetes online endpoint lab",
          properties: {
            namespace,
            defaultInstanceType: instanceType.name,
            instanceTypes: {
              [instanceType.name]: {
                resources: {
                  requests: { cpu: instanceType.cpu, memory: instanceType.memory },
                  limits: { cpu: instanceType.cpu, memory: instanceType.memory },
                },
              },
            },
          },
        },
      },
      {
        ...parent,
        // Azure refuses the attach while the cluster has no Azure ML extension ("extension not
        // installed", how-to-attach-kubernetes-to-workspace); the resourceId alone only waits
        // for the cluster.
        dependsOn: [this.extension],
        customTimeouts: { create: "30m", update: "30m", delete: "30m" },
      },
    );

    this.clusterName = this.cluster.name;
    this.clusterId = this.cluster.id;
    this.computeName = this.compute.name;

    this.registerOutputs({
      clusterName: this.clusterName,
      clusterId: this.clusterId,
      computeName: this.computeName,
    });
  }
}

/** The stream Container insights sends through its data collection rule. */
const CONTAINER_INSIGHTS_STREAM = "Microsoft-ContainerInsights-Group-Default";

/** RFC 1123 label: what Kubernetes accepts for a namespace and an instance type name. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Largest pool this component builds: the node count below which Microsoft recommends the AKS
 * Free tier (azure/limits.ts), taken as this component's ceiling.
 */
export const MAX_NODES = AKS_FREE_TIER_RECOMMENDED_NODES;

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
