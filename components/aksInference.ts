import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import { Namer, nameViolation } from "./naming";

export interface AksInferenceArgs {
  /** Resource group of the workspace; the cluster and its attachment go there too. Required. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the cluster (the workspace's region). Required. */
  readonly location: pulumi.Input<string>;
  /** Namer carrying the stack's prefix and random suffix. Required. */
  readonly namer: Namer;
  /** Tags put on every resource. Default: none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The workspace the cluster is attached to (it must be in `resourceGroupName`). Required. */
  readonly workspace: {
    /** Workspace name, e.g. MlWorkspace.workspaceName. */
    readonly name: pulumi.Input<string>;
  };
  /** ARM id of the Log Analytics workspace that receives Container insights data. Required. */
  readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
  /** Entra group object ids that get cluster-admin through Entra ID. Default: none (grant Azure RBAC roles instead). */
  readonly adminGroupObjectIds?: pulumi.Input<string>[];
  /** Node VM size; one of AKS_VM_VCPUS. Default Standard_DS2_v2 (the size the legacy AKS lab uses). */
  readonly vmSize?: string;
  /** Minimum (and initial) node count of the autoscaling system pool, 1-10. Default 1. */
  readonly minNodes?: number;
  /** Maximum node count of the autoscaling system pool, minNodes-10. Default 3. */
  readonly maxNodes?: number;
  /** Kubernetes version. Default: none, Azure picks its default version and the stable channel upgrades it. */
  readonly kubernetesVersion?: pulumi.Input<string>;
  /** Name of the inference compute in the workspace (Azure ML compute rules). Default "aks-inference". */
  readonly computeName?: string;
  /**
   * Disable the cluster's local (static) accounts so every access goes through Entra ID. Default
   * true. Azure ML's AKS integration has been reported to fetch static admin credentials
   * (Azure/AML-Kubernetes#261): set false only if the attach fails with "Getting static credential
   * is not allowed".
   */
  readonly disableLocalAccounts?: boolean;
}

/**
 * An AKS cluster sized for a classroom and attached to an Azure ML workspace as inference compute
 * (the legacy DP-100 "deploy to AKS" lab). Free control-plane tier; one small autoscaling Linux
 * system pool; Entra ID with Azure RBAC and local accounts disabled; Azure Policy add-on; Azure
 * network policy; Container insights into the workspace's Log Analytics (managed-identity auth with
 * its data collection rule); stable auto-upgrade channel and weekly node-image updates. The attach
 * uses the cluster purpose Azure ML requires for the cluster's size (aksClusterPurpose).
 */
export class AksInference extends pulumi.ComponentResource {
  readonly cluster: containerservice.ManagedCluster;
  readonly clusterName: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  /** Principal id of the cluster's system-assigned identity. */
  readonly clusterPrincipalId: pulumi.Output<string>;
  readonly compute: ml.Compute;
  /** Name of the inference compute in the workspace (what the lab's deployment code targets). */
  readonly computeName: pulumi.Output<string>;
  /** Cluster purpose used for the attach. */
  readonly clusterPurpose: ClusterPurpose;

  constructor(name: string, args: AksInferenceArgs, opts?: pulumi.ComponentResourceOptions) {
    // Defaults and validation come first, so bad input registers nothing.
    const vmSize = canonicalVmSize(args.vmSize ?? "Standard_DS2_v2");
    const minNodes = args.minNodes ?? 1;
    const maxNodes = args.maxNodes ?? 3;
    const computeName = args.computeName ?? "aks-inference";
    const disableLocalAccounts = args.disableLocalAccounts ?? true;
    if (!Number.isInteger(minNodes) || minNodes < 1 || minNodes > MAX_NODES) {
      throw new Error(
        `minNodes: ${minNodes} is not accepted; a system pool takes a whole number of nodes from 1 to ${MAX_NODES}`,
      );
    }
    if (!Number.isInteger(maxNodes) || maxNodes < minNodes || maxNodes > MAX_NODES) {
      throw new Error(
        `maxNodes: ${maxNodes} is not accepted; use a whole number from minNodes (${minNodes}) to ${MAX_NODES} (Free tier is meant for fewer than 10 nodes)`,
      );
    }
    const computeProblem = nameViolation("mlCompute", computeName);
    if (computeProblem) throw new Error(`computeName: ${computeProblem}`);
    const purpose = aksClusterPurpose(vmSize, minNodes);

    super("dp100:ml:AksInference", name, {}, opts);
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
        identity: { type: containerservice.ResourceIdentityType.SystemAssigned },
        agentPoolProfiles: [
          {
            name: namer.local("aksNodePool", "system"),
            mode: containerservice.AgentPoolMode.System,
            osType: containerservice.OSType.Linux,
            type: containerservice.AgentPoolType.VirtualMachineScaleSets,
            vmSize,
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
        networkProfile: {
          networkPlugin: containerservice.NetworkPlugin.Azure,
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
      `${name}-insights-dcr`,
      {
        resourceGroupName,
        location,
        tags,
        kind: monitor.KnownDataCollectionRuleResourceKind.Linux,
        description: "Container insights for the DP-100 AKS inference cluster",
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
      `${name}-insights-dcra`,
      {
        associationName: "ContainerInsightsExtension",
        resourceUri: this.cluster.id,
        dataCollectionRuleId: rule.id,
        description: "Sends this cluster's Container insights data to the lab's Log Analytics",
      },
      parent,
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
          computeType: "AKS",
          resourceId: this.cluster.id,
          disableLocalAuth: true,
          description: "AKS inference cluster for the DP-100 deploy-to-AKS lab",
          properties: { clusterPurpose: purpose },
        },
      },
      {
        ...parent,
        // Attaching installs Azure ML's inference components on the cluster: 5-10 minutes, and as
        // long again to detach.
        customTimeouts: { create: "30m", update: "30m", delete: "30m" },
      },
    );

    this.clusterName = this.cluster.name;
    this.clusterId = this.cluster.id;
    this.clusterPrincipalId = this.cluster.identity.apply((i) => i?.principalId ?? "");
    this.computeName = this.compute.name;
    this.clusterPurpose = purpose;

    this.registerOutputs({
      clusterName: this.clusterName,
      clusterId: this.clusterId,
      computeName: this.computeName,
    });
  }
}

/** The stream Container insights sends through its data collection rule. */
const CONTAINER_INSIGHTS_STREAM = "Microsoft-ContainerInsights-Group-Default";

/** Largest pool this component builds (AKS Free tier is meant for fewer than 10 nodes). */
export const MAX_NODES = 10;

/** Azure ML refuses the FastProd purpose for clusters with fewer vCPUs than this. */
export const FAST_PROD_MIN_VCPUS = 12;

/** The two purposes this component chooses between (the SDK's enum also has DenseProd). */
export type ClusterPurpose = Extract<ml.ClusterPurpose, "DevTest" | "FastProd">;

/**
 * vCPUs of the VM sizes this component accepts for the system pool (AKS requires at least 2 vCPUs
 * and 4 GiB for system pools; B-series burstable sizes are left out). Source: Azure VM size pages.
 */
export const AKS_VM_VCPUS: Readonly<Record<string, number>> = {
  Standard_DS2_v2: 2,
  Standard_DS3_v2: 4,
  Standard_DS4_v2: 8,
  Standard_DS11_v2: 2,
  Standard_DS12_v2: 4,
  Standard_D2s_v3: 2,
  Standard_D4s_v3: 4,
  Standard_D8s_v3: 8,
  Standard_D16s_v3: 16,
  Standard_D2as_v4: 2,
  Standard_D4as_v4: 4,
  Standard_D2s_v5: 2,
  Standard_D4s_v5: 4,
  Standard_D2ds_v5: 2,
  Standard_D4ds_v5: 4,
  Standard_E4ds_v4: 4,
  Standard_F4s_v2: 4,
};

/** The table's spelling of a VM size (Azure compares sizes case-insensitively), or an error. */
export function canonicalVmSize(vmSize: string): string {
  const found = Object.keys(AKS_VM_VCPUS).find((k) => k.toLowerCase() === vmSize.toLowerCase());
  if (!found) {
    throw new Error(
      `vmSize: '${vmSize}' is not a size this component knows; use one of ${Object.keys(AKS_VM_VCPUS).join(", ")}`,
    );
  }
  return found;
}

/** vCPUs of one VM of `vmSize`, or an error naming the accepted sizes. */
export function vcpusOf(vmSize: string): number {
  return AKS_VM_VCPUS[canonicalVmSize(vmSize)];
}

/**
 * The cluster purpose Azure ML accepts for `nodeCount` nodes of `vmSize`: DevTest below 12 vCPUs,
 * FastProd from 12. Pass the node count the cluster is guaranteed to have when it is attached (the
 * autoscaler's minimum, which is also the initial count): a cluster that reaches 12 vCPUs only when
 * scaled out is still refused FastProd at attach time.
 */
export function aksClusterPurpose(vmSize: string, nodeCount: number): ClusterPurpose {
  return vcpusOf(vmSize) * nodeCount < FAST_PROD_MIN_VCPUS
    ? ml.ClusterPurpose.DevTest
    : ml.ClusterPurpose.FastProd;
}
