import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as kubernetesconfiguration from "@pulumi/azure-native/kubernetesconfiguration";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import {
  type InstanceType,
  AZUREML_EXTENSION_TYPE,
  AZUREML_EXTENSION_NAME,
  AZUREML_RELEASE_NAMESPACE,
} from "../azure/kubernetesCompute";
import { resolveInferenceArgs, type ResolvedInferenceArgs } from "./kubernetesSettings";
import { vmSizeInfo } from "../azure/vmSizes";
import { Namer } from "./naming";

export * from "../azure/kubernetesCompute";
export * from "./kubernetesSettings";

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
  /** Node VM size (azure/vmSizes.ts). Default Standard_DS3_v2. */
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
    const r = resolveInferenceArgs(args);
    super("dp100:ml:KubernetesInference", name, {}, opts);

    this.cluster = this.createCluster(name, args, r);
    this.createInsights(name, args);
    this.extension = this.createExtension(name, args, r.settings);
    this.compute = this.attach(name, args, r);

    this.clusterName = this.cluster.name;
    this.clusterId = this.cluster.id;
    this.computeName = this.compute.name;

    this.registerOutputs({
      clusterName: this.clusterName,
      clusterId: this.clusterId,
      computeName: this.computeName,
    });
  }

  /** The AKS cluster: Free tier, one autoscaling system pool, Entra ID with Azure RBAC, overlay CNI. */
  private createCluster(
    name: string,
    args: KubernetesInferenceArgs,
    r: ResolvedInferenceArgs,
  ): containerservice.ManagedCluster {
    const { resourceGroupName, location, namer, tags } = args;
    const parent = { parent: this };

    return new containerservice.ManagedCluster(
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
            vmSize: vmSizeInfo(r.vmSize).name,
            count: r.minNodes,
            enableAutoScaling: true,
            minCount: r.minNodes,
            maxCount: r.maxNodes,
          },
        ],
        enableRBAC: true,
        disableLocalAccounts: r.disableLocalAccounts,
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
  }

  /** Container insights' data collection rule and its association with the cluster. */
  private createInsights(name: string, args: KubernetesInferenceArgs): void {
    const { resourceGroupName, location, tags } = args;
    const parent = { parent: this };

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
  }

  /** The Azure ML cluster extension with the classroom's settings. */
  private createExtension(
    name: string,
    args: KubernetesInferenceArgs,
    settings: Record<string, string>,
  ): kubernetesconfiguration.Extension {
    const { resourceGroupName, location } = args;
    const parent = { parent: this };

    // The Azure ML extension, as the official ARM sample installs it (Azure/AML-Kubernetes
    // files/deployextension.json): cluster scope, release namespace `azureml`, system identity.
    return new kubernetesconfiguration.Extension(
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
  }

  /** The cluster attached to the workspace as Kubernetes compute, after the extension. */
  private attach(
    name: string,
    args: KubernetesInferenceArgs,
    r: ResolvedInferenceArgs,
  ): ml.Compute {
    const { resourceGroupName, location, tags } = args;
    const parent = { parent: this };

    return new ml.Compute(
      `${name}-attach`,
      {
        resourceGroupName,
        workspaceName: args.workspace.name,
        location,
        tags,
        computeName: r.computeName,
        properties: {
          computeType: "Kubernetes",
          resourceId: this.cluster.id,
          disableLocalAuth: true,
          description:
            "AKS with the Azure ML extension for the DP-100 Kubernetes online endpoint lab",
          properties: {
            namespace: r.namespace,
            defaultInstanceType: r.instanceType.name,
            instanceTypes: {
              [r.instanceType.name]: {
                resources: {
                  requests: { cpu: r.instanceType.cpu, memory: r.instanceType.memory },
                  limits: { cpu: r.instanceType.cpu, memory: r.instanceType.memory },
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
  }
}

/** The stream Container insights sends through its data collection rule. */
const CONTAINER_INSIGHTS_STREAM = "Microsoft-ContainerInsights-Group-Default";
