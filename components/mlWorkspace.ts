import * as pulumi from "@pulumi/pulumi";
import * as appinsights from "@pulumi/azure-native/applicationinsights";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as storage from "@pulumi/azure-native/storage";
import {
  inRange,
  KEY_VAULT_SOFT_DELETE_DAYS,
  LOG_ANALYTICS_FREE_RETENTION_DAYS,
} from "../azure/limits";
import { NameKind, Namer } from "./naming";

/** The Azure names a workspace set takes, as (kind, abbreviation) pairs: callers can check them up front. */
export const WORKSPACE_NAMES: readonly (readonly [NameKind, string])[] = [
  ["storageAccount", "st"],
  ["keyVault", "kv"],
  ["logAnalytics", "log"],
  ["appInsights", "appi"],
  ["containerRegistry", "cr"],
  ["mlWorkspace", "mlw"],
];
const abbreviation = (kind: NameKind): string => WORKSPACE_NAMES.find(([k]) => k === kind)![1];

export interface MlWorkspaceArgs {
  /** Resource group that holds everything. Required. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region. Required. */
  readonly location: pulumi.Input<string>;
  /** Namer carrying the stack's prefix and random suffix. Required. */
  readonly namer: Namer;
  /** Tenant of the key vault (the deployment's tenant). Required. */
  readonly tenantId: pulumi.Input<string>;
  /** Tags put on every resource. Default: none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Create a Basic container registry for custom environments. Default false (Azure ML makes one on first image build otherwise). */
  readonly containerRegistry?: boolean;
  /** Key vault soft-delete retention in days (7-90). Default 7: the name is free again after a week. */
  readonly keyVaultRetentionDays?: number;
  /** Key vault purge protection. Default false: it cannot be turned off and blocks purging for the retention period. */
  readonly purgeProtection?: boolean;
  /** Disable public network access to workspace, storage and key vault. Default false: learners need a private way in otherwise. */
  readonly privateNetworking?: boolean;
  /** Log Analytics retention in days. Default 30 (the free retention). */
  readonly logRetentionDays?: number;
  /** Friendly name shown in the studio. Default: the workspace name. */
  readonly friendlyName?: pulumi.Input<string>;
}

/**
 * An Azure ML workspace with its dependent resources, secure by default:
 * storage (TLS 1.2, HTTPS only, no public blob access, LRS), key vault (RBAC, 7-day soft delete, no
 * purge protection), Log Analytics, workspace-based Application Insights, optional Basic container
 * registry (admin user off, anonymous pull off), the workspace with a system-assigned identity, and
 * diagnostic settings for the workspace and key vault into Log Analytics.
 */
export class MlWorkspace extends pulumi.ComponentResource {
  readonly workspace: ml.Workspace;
  readonly workspaceName: pulumi.Output<string>;
  /** ARM id of the workspace. */
  readonly workspaceArmId: pulumi.Output<string>;
  readonly storageAccountName: pulumi.Output<string>;
  readonly storageAccountId: pulumi.Output<string>;
  readonly keyVaultName: pulumi.Output<string>;
  readonly keyVaultId: pulumi.Output<string>;
  readonly logAnalyticsWorkspaceId: pulumi.Output<string>;
  readonly appInsightsId: pulumi.Output<string>;
  readonly appInsightsName: pulumi.Output<string>;
  readonly containerRegistryId: pulumi.Output<string> | undefined;
  /** Principal id of the workspace's system-assigned identity. */
  readonly principalId: pulumi.Output<string>;
  /** https://ml.azure.com link that opens this workspace. */
  readonly studioUrl: pulumi.Output<string>;
  /**
   * ARM id of the workspace's default blob container (`workspaceblobstore`), which Azure ML creates
   * with the workspace as `azureml-blobstore-<workspace id>`: where jobs write their outputs and
   * uploads from a learner's machine land. Source: https://learn.microsoft.com/azure/machine-learning/concept-data
   * ("Default datastores").
   */
  readonly defaultBlobContainerId: pulumi.Output<string>;

  constructor(name: string, args: MlWorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
    const r = resolveWorkspaceArgs(args);
    super("dp100:ml:Workspace", name, {}, opts);
    const account = this.createStorage(name, args, r);
    const vault = this.createVault(name, args, r);
    const { logs, insights } = this.createMonitoring(name, args, r);
    const registry = this.createRegistry(name, args);
    this.workspace = this.createWorkspace(name, args, r, { account, vault, insights, registry });
    this.addDiagnostics(name, logs.id, [
      ["workspace", this.workspace.id],
      ["vault", vault.id],
    ]);

    this.workspaceName = this.workspace.name;
    this.workspaceArmId = this.workspace.id;
    this.storageAccountName = account.name;
    this.storageAccountId = account.id;
    this.keyVaultName = vault.name;
    this.keyVaultId = vault.id;
    this.logAnalyticsWorkspaceId = logs.id;
    this.appInsightsId = insights.id;
    this.appInsightsName = insights.name;
    this.containerRegistryId = registry?.id;
    this.defaultBlobContainerId = pulumi.interpolate`${account.id}/blobServices/default/containers/azureml-blobstore-${this.workspace.workspaceId}`;
    this.principalId = this.workspace.identity.apply((i) => i?.principalId ?? "");
    this.studioUrl = pulumi
      .all([this.workspace.id, args.tenantId])
      .apply(([id, tenant]) => studioUrl(id, tenant));

    this.registerOutputs({
      workspaceName: this.workspaceName,
      studioUrl: this.studioUrl,
      storageAccountName: this.storageAccountName,
      keyVaultName: this.keyVaultName,
    });
  }

  /** The workspace's storage account: TLS 1.2, HTTPS only, no public blob access, LRS. */
  private createStorage(
    name: string,
    args: MlWorkspaceArgs,
    r: ResolvedWorkspaceArgs,
  ): storage.StorageAccount {
    const { resourceGroupName, location, namer, tags } = args;
    const parent = { parent: this };
    return new storage.StorageAccount(
      `${name}-storage`,
      {
        resourceGroupName,
        location,
        tags,
        accountName: namer.unique("storageAccount", abbreviation("storageAccount")),
        kind: storage.Kind.StorageV2,
        sku: { name: storage.SkuName.Standard_LRS },
        accessTier: storage.AccessTier.Hot,
        minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        // Shared keys stay on: a compute instance cannot be created in a workspace whose storage
        // refuses key access unless every datastore uses identity auth
        // (https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage).
        allowSharedKeyAccess: true,
        allowCrossTenantReplication: false,
        publicNetworkAccess: r.publicAccess,
      },
      parent,
    );
  }

  /** The key vault: Azure RBAC, soft delete for the retention asked for, purge protection only if asked. */
  private createVault(
    name: string,
    args: MlWorkspaceArgs,
    r: ResolvedWorkspaceArgs,
  ): keyvault.Vault {
    const { resourceGroupName, location, namer, tags } = args;
    const parent = { parent: this };
    return new keyvault.Vault(
      `${name}-vault`,
      {
        resourceGroupName,
        location,
        tags,
        vaultName: namer.unique("keyVault", abbreviation("keyVault")),
        properties: {
          tenantId: args.tenantId,
          sku: { family: keyvault.SkuFamily.A, name: keyvault.SkuName.Standard },
          enableRbacAuthorization: true,
          softDeleteRetentionInDays: r.retentionDays,
          // Purge protection can never be switched off again and keeps the name taken for the whole
          // retention period; Azure rejects `false`, so it is omitted unless asked for.
          ...(args.purgeProtection ? { enablePurgeProtection: true } : {}),
          publicNetworkAccess: r.publicAccess,
        },
      },
      parent,
    );
  }

  /** Log Analytics and the workspace-based Application Insights that writes to it. */
  private createMonitoring(
    name: string,
    args: MlWorkspaceArgs,
    r: ResolvedWorkspaceArgs,
  ): { logs: operationalinsights.Workspace; insights: appinsights.Component } {
    const { resourceGroupName, location, namer, tags } = args;
    const parent = { parent: this };
    const logs = new operationalinsights.Workspace(
      `${name}-logs`,
      {
        resourceGroupName,
        location,
        tags,
        workspaceName: namer.unique("logAnalytics", abbreviation("logAnalytics")),
        sku: { name: operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
        retentionInDays: r.logRetentionDays,
      },
      parent,
    );

    const insights = new appinsights.Component(
      `${name}-insights`,
      {
        resourceGroupName,
        location,
        tags,
        resourceName: namer.unique("appInsights", abbreviation("appInsights")),
        kind: "web",
        applicationType: appinsights.ApplicationType.Web,
        ingestionMode: appinsights.IngestionMode.LogAnalytics,
        workspaceResourceId: logs.id,
      },
      parent,
    );
    return { logs, insights };
  }

  /** The optional Basic container registry (admin user and anonymous pull off). */
  private createRegistry(
    name: string,
    args: MlWorkspaceArgs,
  ): containerregistry.Registry | undefined {
    const { resourceGroupName, location, namer, tags } = args;
    const parent = { parent: this };
    if (!args.containerRegistry) return undefined;
    return new containerregistry.Registry(
      `${name}-registry`,
      {
        resourceGroupName,
        location,
        tags,
        registryName: namer.unique("containerRegistry", abbreviation("containerRegistry")),
        sku: { name: containerregistry.SkuName.Basic },
        adminUserEnabled: false,
        anonymousPullEnabled: false,
      },
      parent,
    );
  }

  /** The Azure ML workspace itself, with a system-assigned identity, on its dependencies. */
  private createWorkspace(
    name: string,
    args: MlWorkspaceArgs,
    r: ResolvedWorkspaceArgs,
    deps: {
      account: storage.StorageAccount;
      vault: keyvault.Vault;
      insights: appinsights.Component;
      registry?: containerregistry.Registry;
    },
  ): ml.Workspace {
    const { resourceGroupName, location, namer, tags } = args;
    const parent = { parent: this };
    return new ml.Workspace(
      `${name}-workspace`,
      {
        resourceGroupName,
        location,
        tags,
        workspaceName: namer.unique("mlWorkspace", abbreviation("mlWorkspace")),
        friendlyName: args.friendlyName,
        identity: { type: ml.ManagedServiceIdentityType.SystemAssigned },
        sku: { name: "Basic", tier: "Basic" },
        storageAccount: deps.account.id,
        keyVault: deps.vault.id,
        applicationInsights: deps.insights.id,
        containerRegistry: deps.registry?.id,
        hbiWorkspace: false,
        publicNetworkAccess: r.publicAccess,
        ...(r.privateNetworking
          ? { managedNetwork: { isolationMode: ml.IsolationMode.AllowInternetOutbound } }
          : {}),
      },
      parent,
    );
  }

  /** All logs and metrics of each target into Log Analytics. */
  private addDiagnostics(
    name: string,
    workspaceId: pulumi.Input<string>,
    targets: readonly (readonly [string, pulumi.Input<string>])[],
  ): void {
    const parent = { parent: this };
    const diagnostics = (target: string, resourceUri: pulumi.Input<string>) =>
      new monitor.DiagnosticSetting(
        `${name}-diag-${target}`,
        {
          name: "to-log-analytics",
          resourceUri,
          workspaceId,
          logs: [{ categoryGroup: "allLogs", enabled: true }],
          metrics: [{ category: "AllMetrics", enabled: true }],
        },
        parent,
      );
    for (const [target, resourceUri] of targets) diagnostics(target, resourceUri);
  }
}

/** The Azure ML studio link for a workspace's ARM id and tenant. */
export function studioUrl(workspaceArmId: string, tenantId: string): string {
  return `https://ml.azure.com/?wsid=${workspaceArmId}&tid=${tenantId}`;
}

/** MlWorkspaceArgs with their defaults applied. */
interface ResolvedWorkspaceArgs {
  readonly privateNetworking: boolean;
  readonly publicAccess: "Enabled" | "Disabled";
  readonly retentionDays: number;
  readonly logRetentionDays: number;
}

/** Applies the defaults and throws, naming the argument and what Azure takes, on a bad retention. */
function resolveWorkspaceArgs(args: MlWorkspaceArgs): ResolvedWorkspaceArgs {
  const privateNetworking = args.privateNetworking ?? false;
  const retentionDays = args.keyVaultRetentionDays ?? KEY_VAULT_SOFT_DELETE_DAYS.min;
  const logRetentionDays = args.logRetentionDays ?? LOG_ANALYTICS_FREE_RETENTION_DAYS;
  if (!inRange(KEY_VAULT_SOFT_DELETE_DAYS, retentionDays)) {
    throw new Error(
      `keyVaultRetentionDays: ${retentionDays} is not accepted; Azure takes a whole number of days from ${KEY_VAULT_SOFT_DELETE_DAYS.min} to ${KEY_VAULT_SOFT_DELETE_DAYS.max}`,
    );
  }
  const publicAccess = privateNetworking ? "Disabled" : "Enabled";
  return { privateNetworking, publicAccess, retentionDays, logRetentionDays };
}
