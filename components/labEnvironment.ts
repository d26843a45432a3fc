import * as pulumi from "@pulumi/pulumi";
import { KUBERNETES_INFERENCE } from "../labs";
import { dataAssetFiles } from "../labs/data";
import { LabNeeds } from "../labs/types";
import { ComputeCluster } from "./computeCluster";
import { KubernetesInference } from "./kubernetesInference";
import { CODE_FOLDERS, codeFolderFiles, SKLEARN_ENVIRONMENT } from "../labs/components";
import { LabComponents } from "./labComponents";
import { LabData } from "./labData";
import { LabMonitoring } from "./monitoring";
import { MlWorkspace } from "./mlWorkspace";
import { Namer } from "./naming";

export interface ClusterSettings {
  /** VM size for every cluster; undefined keeps each lab's own size. */
  readonly vmSize?: string;
  /** Upper bound on every cluster's max nodes; undefined keeps each lab's own maximum. */
  readonly maxNodes?: number;
  /** Low-priority nodes. Default false. */
  readonly lowPriority?: boolean;
}

/**
 * The workspace set a LabEnvironment builds on: the one it creates, or (in a cohort's lab stack)
 * the foundation stack's, read through a StackReference.
 */
export type WorkspaceRef = Pick<
  MlWorkspace,
  | "workspaceName"
  | "workspaceArmId"
  | "storageAccountName"
  | "storageAccountId"
  | "logAnalyticsWorkspaceId"
  | "appInsightsId"
  | "appInsightsName"
  | "studioUrl"
  | "defaultBlobContainerId"
> &
  Partial<Pick<MlWorkspace, "workspace">>;

export interface LabEnvironmentArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  readonly namer: Namer;
  readonly tenantId: pulumi.Input<string>;
  /** What the chosen labs need in the workspace. Required. */
  readonly needs: LabNeeds;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Create a container registry even if no chosen lab needs one. Default false. */
  readonly containerRegistry?: boolean;
  readonly privateNetworking?: boolean;
  readonly purgeProtection?: boolean;
  readonly keyVaultRetentionDays?: number;
  readonly clusters?: ClusterSettings;
  readonly friendlyName?: pulumi.Input<string>;
  /**
   * Disable local accounts on the Kubernetes inference cluster too. Default false: the documented
   * exception to the aks-local-accounts-disabled guardrail (components/kubernetesInference.ts).
   */
  readonly inferenceDisableLocalAccounts?: boolean;
  /** Where the monitoring lab's alerts go; at least one when the labs need monitoring. */
  readonly alertEmails?: readonly string[];
  /** An existing workspace set to add the labs' parts to (a lab stack); default: create one. */
  readonly workspace?: WorkspaceRef;
}

/**
 * One Azure ML workspace set up for a set of labs: the workspace and its dependencies, and the
 * shared clusters the labs' notebooks use by name. Per-learner resources live outside it, so no
 * learner's resources wait on another's.
 */
export class LabEnvironment extends pulumi.ComponentResource {
  readonly ml: WorkspaceRef;
  readonly clusterNames: string[];
  /** The lab data, when the labs need any. */
  readonly data?: LabData;

  constructor(name: string, args: LabEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dp100:lab:Environment", name, {}, opts);
    const { needs } = args;
    this.ml = args.workspace ?? this.createWorkspace(name, args);
    this.clusterNames = this.createClusters(name, args);
    const hasData = needs.containers.length + needs.datastores.length + needs.dataAssets.length > 0;
    if (hasData) this.data = this.createData(name, args);
    if (needs.components.length > 0) this.createComponents(name, args);
    if (needs.aks) this.createInference(name, args);
    if (needs.monitoring) this.createMonitoring(name, args);

    this.registerOutputs({ workspaceName: this.ml.workspaceName, studioUrl: this.ml.studioUrl });
  }

  /** The workspace set, when the environment does not build on an existing one. */
  private createWorkspace(name: string, args: LabEnvironmentArgs): MlWorkspace {
    return new MlWorkspace(
      `${name}-ml`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        namer: args.namer,
        tenantId: args.tenantId,
        tags: args.tags,
        containerRegistry: args.needs.containerRegistry || (args.containerRegistry ?? false),
        privateNetworking: args.privateNetworking,
        purgeProtection: args.purgeProtection,
        keyVaultRetentionDays: args.keyVaultRetentionDays,
        friendlyName: args.friendlyName,
      },
      { parent: this },
    );
  }

  /** The labs' clusters, each capped by the stack's settings; returns their names. */
  private createClusters(name: string, args: LabEnvironmentArgs): string[] {
    const names: string[] = [];
    for (const c of args.needs.clusters) {
      const maxNodes =
        args.clusters?.maxNodes !== undefined
          ? Math.min(c.maxNodes, args.clusters.maxNodes)
          : c.maxNodes;
      new ComputeCluster(
        `${name}-cluster-${c.name}`,
        {
          resourceGroupName: args.resourceGroupName,
          workspaceName: this.ml.workspaceName,
          location: args.location,
          computeName: c.name,
          vmSize: args.clusters?.vmSize ?? c.vmSize,
          maxNodes,
          idleSecondsBeforeScaleDown: c.idleSecondsBeforeScaleDown,
          lowPriority: args.clusters?.lowPriority,
          tags: args.tags,
        },
        { parent: this },
      );
      names.push(c.name);
    }
    return names;
  }

  /** The lab data: containers, blobs, datastores and data assets. */
  private createData(name: string, args: LabEnvironmentArgs): LabData {
    const { needs } = args;
    return new LabData(
      `${name}-data`,
      {
        resourceGroupName: args.resourceGroupName,
        storageAccountName: this.ml.storageAccountName,
        workspaceName: this.ml.workspaceName,
        containers: needs.containers,
        datastores: needs.datastores,
        dataAssets: needs.dataAssets,
        files: dataAssetFiles(needs),
        tags: args.tags,
      },
      { parent: this },
    );
  }

  /** The Designer's components, their code folders and environment. */
  private createComponents(name: string, args: LabEnvironmentArgs): void {
    const { needs } = args;
    const folders = [...new Set(needs.components.map((c) => c.codeFolder))];
    new LabComponents(
      `${name}-components`,
      {
        resourceGroupName: args.resourceGroupName,
        storageAccountName: this.ml.storageAccountName,
        workspaceName: this.ml.workspaceName,
        codeFolders: folders.map((id) => ({
          id,
          version: CODE_FOLDERS[id]?.version ?? "",
          files: codeFolderFiles(id),
        })),
        components: needs.components,
        environment: SKLEARN_ENVIRONMENT,
        tags: args.tags,
      },
      { parent: this },
    );
  }

  /** The Kubernetes inference lab's cluster, attached to the workspace. */
  private createInference(name: string, args: LabEnvironmentArgs): void {
    const k = KUBERNETES_INFERENCE;
    new KubernetesInference(
      `${name}-k8s`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        namer: args.namer,
        tags: args.tags,
        workspace: { name: this.ml.workspaceName },
        logAnalyticsWorkspaceId: this.ml.logAnalyticsWorkspaceId,
        computeName: k.computeName,
        namespace: k.namespace,
        vmSize: k.vmSize,
        minNodes: k.nodes,
        maxNodes: k.maxNodes,
        instanceType: k.instanceType,
        privateNetworking: args.privateNetworking,
        disableLocalAccounts: args.inferenceDisableLocalAccounts,
      },
      { parent: this },
    );
  }

  /** The monitoring lab's action group and metric alerts. */
  private createMonitoring(name: string, args: LabEnvironmentArgs): void {
    new LabMonitoring(
      `${name}-monitoring`,
      {
        resourceGroupName: args.resourceGroupName,
        appInsightsId: this.ml.appInsightsId,
        appInsightsName: this.ml.appInsightsName,
        workspaceId: this.ml.workspaceArmId,
        logAnalyticsWorkspaceId: this.ml.logAnalyticsWorkspaceId,
        emails: args.alertEmails ?? [],
        namer: args.namer,
        tags: args.tags,
      },
      { parent: this },
    );
  }
}
