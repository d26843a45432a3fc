import type { NameKind } from "./nameRules";

/**
 * Azure facts: one row per azure-native resource type token this project registers or checks
 * (pure, no Pulumi import). Every other table (guardrail name checks, the offline plan's stand-in
 * ids and names, the resource providers a stack needs, the SDK alias list, cost classes) reads it.
 *
 * Sources, per column:
 * - `armType`: each type's Pulumi registry page (its Import section gives the ARM id format,
 *   https://www.pulumi.com/registry/packages/azure-native/api-docs/) and the REST spec folder
 *   `specification/<service>/resource-manager/<Namespace>` of Azure/azure-rest-api-specs. Its
 *   first segment is the resource provider namespace the PUT goes to.
 * - `nameInput`, `takesTags`: the type's `XxxArgs` in the installed @pulumi/azure-native, which
 *   is generated from those specs; tests/azure/resourceTypes.test.ts confirms every row there.
 * - `nameRule`: azure/nameRules.ts (Microsoft Learn, resource-name-rules).
 * - `cost`: the Azure pricing pages (https://azure.microsoft.com/pricing/): `none` has no charge of
 *   its own, `priced` is estimated by plan/cost.ts from plan/prices.json, `unpriced` may cost
 *   and is listed in the cost report as not estimated.
 *
 * Adding a type: a row here (tsc then asks for nothing else; the test checks the row against the
 * SDK), its cost meter if priced, and the component that registers it.
 */

/** How a resource type is charged (see the module comment). */
export type CostClass = "none" | "priced" | "unpriced";

/** A further input of a type that is an Azure name (`*` = every element of an array). */
export interface NamePath {
  readonly path: readonly string[];
  readonly rule: NameKind;
}

export interface ResourceTypeRow {
  /** The ARM resource type it creates (`Namespace/type[/child]`). */
  readonly armType: string;
  /** The top-level input holding the resource's Azure name (the last segment of its ARM id). */
  readonly nameInput: string;
  /** The naming rule of that name (azure/nameRules.ts), when the project names this kind. */
  readonly nameRule?: NameKind;
  /** Other inputs that are Azure names, with their rules. */
  readonly otherNames?: readonly NamePath[];
  /**
   * For an extension resource (one that lives on another resource: its id is that resource's id
   * plus `/providers/<armType>/<name>`), the input holding the ARM id it extends. Source:
   * https://learn.microsoft.com/azure/azure-resource-manager/management/extension-resource-types.
   */
  readonly scopeInput?: "scope" | "resourceUri";
  /** Whether its Args take a top-level `tags` map (ARM resource tags). */
  readonly takesTags: boolean;
  readonly cost: CostClass;
  /** Whether some version of this project has registered it (stacks/aliases.ts relies on it). */
  readonly registered: boolean;
}

type Row = ResourceTypeRow;
const ML = "Microsoft.MachineLearningServices/workspaces";

/** Rows by type token. */
const ROWS = {
  "azure-native:resources:ResourceGroup": {
    armType: "Microsoft.Resources/resourceGroups",
    nameInput: "resourceGroupName",
    nameRule: "resourceGroup",
    takesTags: true,
    cost: "none",
    registered: true,
  },
  "azure-native:authorization:RoleAssignment": {
    armType: "Microsoft.Authorization/roleAssignments",
    nameInput: "roleAssignmentName",
    scopeInput: "scope",
    takesTags: false,
    cost: "none",
    registered: true,
  },
  "azure-native:storage:StorageAccount": {
    armType: "Microsoft.Storage/storageAccounts",
    nameInput: "accountName",
    nameRule: "storageAccount",
    takesTags: true,
    cost: "priced",
    registered: true,
  },
  "azure-native:storage:BlobServiceProperties": {
    armType: "Microsoft.Storage/storageAccounts/blobServices",
    nameInput: "blobServicesName",
    takesTags: false,
    cost: "none",
    registered: false,
  },
  "azure-native:storage:BlobContainer": {
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers",
    nameInput: "containerName",
    takesTags: false,
    cost: "none",
    registered: true,
  },
  // A blob is data-plane (written through the account's blob endpoint); it is charged as the
  // storage account's capacity, and its account needs Microsoft.Storage anyway.
  "azure-native:storage:Blob": {
    armType: "Microsoft.Storage/storageAccounts/blobServices/containers/blobs",
    nameInput: "blobName",
    takesTags: false,
    cost: "none",
    registered: true,
  },
  "azure-native:keyvault:Vault": {
    armType: "Microsoft.KeyVault/vaults",
    nameInput: "vaultName",
    nameRule: "keyVault",
    takesTags: true,
    cost: "priced",
    registered: true,
  },
  "azure-native:operationalinsights:Workspace": {
    armType: "Microsoft.OperationalInsights/workspaces",
    nameInput: "workspaceName",
    nameRule: "logAnalytics",
    takesTags: true,
    cost: "priced",
    registered: true,
  },
  // Application Insights components live in `microsoft.insights` (registry page
  // `applicationinsights/component`, Import: `.../providers/Microsoft.Insights/components/...`);
  // their data is charged in the Log Analytics workspace they write to.
  "azure-native:applicationinsights:Component": {
    armType: "Microsoft.Insights/components",
    nameInput: "resourceName",
    nameRule: "appInsights",
    takesTags: true,
    cost: "none",
    registered: true,
  },
  "azure-native:containerregistry:Registry": {
    armType: "Microsoft.ContainerRegistry/registries",
    nameInput: "registryName",
    nameRule: "containerRegistry",
    takesTags: true,
    cost: "priced",
    registered: true,
  },
  // An Azure ML workspace has no charge of its own: its compute, storage, key vault and registry
  // are charged (https://azure.microsoft.com/pricing/details/machine-learning/).
  "azure-native:machinelearningservices:Workspace": {
    armType: ML,
    nameInput: "workspaceName",
    nameRule: "mlWorkspace",
    takesTags: true,
    cost: "none",
    registered: true,
  },
  "azure-native:machinelearningservices:Compute": {
    armType: `${ML}/computes`,
    nameInput: "computeName",
    nameRule: "mlCompute",
    takesTags: true,
    cost: "priced",
    registered: true,
  },
  "azure-native:machinelearningservices:Datastore": {
    armType: `${ML}/datastores`,
    nameInput: "name",
    nameRule: "mlDatastore",
    takesTags: false,
    cost: "none",
    registered: true,
  },
  ...mlAsset("DataContainer", "data", "none", true),
  ...mlAsset("DataVersion", "data/versions", "none", true),
  ...mlAsset("CodeContainer", "codes", "unpriced", false),
  ...mlAsset("CodeVersion", "codes/versions", "none", true),
  ...mlAsset("ComponentContainer", "components", "unpriced", false),
  ...mlAsset("ComponentVersion", "components/versions", "none", true),
  ...mlAsset("EnvironmentContainer", "environments", "none", false),
  ...mlAsset("EnvironmentVersion", "environments/versions", "none", false),
  ...mlAsset("Schedule", "schedules", "unpriced", false),
  "azure-native:machinelearningservices:OnlineEndpoint": {
    armType: `${ML}/onlineEndpoints`,
    nameInput: "endpointName",
    takesTags: true,
    cost: "unpriced",
    registered: false,
  },
  "azure-native:machinelearningservices:OnlineDeployment": {
    armType: `${ML}/onlineEndpoints/deployments`,
    nameInput: "deploymentName",
    takesTags: true,
    cost: "unpriced",
    registered: false,
  },
  "azure-native:machinelearningservices:BatchEndpoint": {
    armType: `${ML}/batchEndpoints`,
    nameInput: "endpointName",
    takesTags: true,
    cost: "unpriced",
    registered: false,
  },
  "azure-native:containerservice:ManagedCluster": {
    armType: "Microsoft.ContainerService/managedClusters",
    nameInput: "resourceName",
    nameRule: "aksCluster",
    otherNames: [
      { path: ["dnsPrefix"], rule: "aksDnsPrefix" },
      { path: ["agentPoolProfiles", "*", "name"], rule: "aksNodePool" },
    ],
    takesTags: true,
    cost: "priced",
    registered: true,
  },
  "azure-native:containerservice:AgentPool": {
    armType: "Microsoft.ContainerService/managedClusters/agentPools",
    nameInput: "agentPoolName",
    nameRule: "aksNodePool",
    takesTags: true,
    cost: "priced",
    registered: false,
  },
  "azure-native:containerservice:TrustedAccessRoleBinding": {
    armType: "Microsoft.ContainerService/managedClusters/trustedAccessRoleBindings",
    nameInput: "trustedAccessRoleBindingName",
    takesTags: false,
    cost: "unpriced",
    registered: false,
  },
  // The Azure ML cluster extension (learn `aks/deploy-extensions-az-cli`; registry page
  // `kubernetesconfiguration/extension`, Import: `.../providers/Microsoft.KubernetesConfiguration/extensions/...`).
  // No charge of its own: its pods run on the AKS nodes, which are counted
  // (https://azure.microsoft.com/pricing/details/machine-learning/: you pay for the compute).
  "azure-native:kubernetesconfiguration:Extension": {
    armType: "Microsoft.KubernetesConfiguration/extensions",
    nameInput: "extensionName",
    takesTags: false,
    cost: "none",
    registered: true,
  },
  "azure-native:consumption:Budget": {
    armType: "Microsoft.Consumption/budgets",
    nameInput: "budgetName",
    nameRule: "budget",
    scopeInput: "scope",
    takesTags: false,
    cost: "none",
    registered: true,
  },
  // Azure Monitor's resources live in `microsoft.insights` (registry pages under `monitor/`).
  "azure-native:monitor:ActionGroup": {
    armType: "Microsoft.Insights/actionGroups",
    nameInput: "actionGroupName",
    nameRule: "actionGroup",
    takesTags: true,
    cost: "none",
    registered: true,
  },
  "azure-native:monitor:MetricAlert": {
    armType: "Microsoft.Insights/metricAlerts",
    nameInput: "ruleName",
    takesTags: true,
    cost: "priced",
    registered: true,
  },
  "azure-native:monitor:ActivityLogAlert": {
    armType: "Microsoft.Insights/activityLogAlerts",
    nameInput: "activityLogAlertName",
    takesTags: true,
    cost: "none",
    registered: false,
  },
  "azure-native:monitor:ScheduledQueryRule": {
    armType: "Microsoft.Insights/scheduledQueryRules",
    nameInput: "ruleName",
    takesTags: true,
    cost: "unpriced",
    registered: false,
  },
  "azure-native:monitor:DiagnosticSetting": {
    armType: "Microsoft.Insights/diagnosticSettings",
    nameInput: "name",
    scopeInput: "resourceUri",
    takesTags: false,
    cost: "none",
    registered: true,
  },
  "azure-native:monitor:DataCollectionRule": {
    armType: "Microsoft.Insights/dataCollectionRules",
    nameInput: "dataCollectionRuleName",
    takesTags: true,
    cost: "unpriced",
    registered: true,
  },
  "azure-native:monitor:DataCollectionRuleAssociation": {
    armType: "Microsoft.Insights/dataCollectionRuleAssociations",
    nameInput: "associationName",
    takesTags: false,
    cost: "unpriced",
    registered: true,
  },
  "azure-native:monitor:DataCollectionEndpoint": {
    armType: "Microsoft.Insights/dataCollectionEndpoints",
    nameInput: "dataCollectionEndpointName",
    takesTags: true,
    cost: "unpriced",
    registered: false,
  },
  "azure-native:alertsmanagement:AlertProcessingRuleByName": {
    armType: "Microsoft.AlertsManagement/actionRules",
    nameInput: "alertProcessingRuleName",
    takesTags: true,
    cost: "unpriced",
    registered: false,
  },
  "azure-native:alertsmanagement:SmartDetectorAlertRule": {
    armType: "Microsoft.AlertsManagement/smartDetectorAlertRules",
    nameInput: "alertRuleName",
    takesTags: true,
    cost: "unpriced",
    registered: false,
  },
  "azure-native:managedidentity:UserAssignedIdentity": {
    armType: "Microsoft.ManagedIdentity/userAssignedIdentities",
    nameInput: "resourceName",
    takesTags: true,
    cost: "none",
    registered: false,
  },
  "azure-native:network:VirtualNetwork": {
    armType: "Microsoft.Network/virtualNetworks",
    nameInput: "virtualNetworkName",
    takesTags: true,
    cost: "none",
    registered: false,
  },
  "azure-native:network:Subnet": {
    armType: "Microsoft.Network/virtualNetworks/subnets",
    nameInput: "subnetName",
    takesTags: false,
    cost: "none",
    registered: false,
  },
  "azure-native:network:PrivateEndpoint": {
    armType: "Microsoft.Network/privateEndpoints",
    nameInput: "privateEndpointName",
    takesTags: true,
    cost: "priced",
    registered: false,
  },
} as const satisfies Record<string, Row>;

/** An Azure ML workspace asset (`name` input, no tags, a child of the workspace). */
function mlAsset<N extends string>(
  name: N,
  child: string,
  cost: CostClass,
  registered: boolean,
): Record<`azure-native:machinelearningservices:${N}`, Row> {
  const row: Row = {
    armType: `${ML}/${child}`,
    nameInput: "name",
    takesTags: false,
    cost,
    registered,
  };
  return { [`azure-native:machinelearningservices:${name}`]: row } as Record<
    `azure-native:machinelearningservices:${N}`,
    Row
  >;
}

/** Every azure-native type token with a row, e.g. `azure-native:machinelearningservices:Compute`. */
export type ResourceTypeToken = keyof typeof ROWS;

/** The rows, by token. */
export const RESOURCE_TYPES: Readonly<Record<ResourceTypeToken, ResourceTypeRow>> = ROWS;

/** Every token with a row, in table order. */
export const RESOURCE_TYPE_TOKENS = Object.keys(ROWS) as ResourceTypeToken[];

/**
 * A type token without an explicit API version (`azure-native:storage/v20230101:X` ->
 * `azure-native:storage:X`; also `...v20240401preview`); other tokens are returned as they are.
 */
export function unversionedType(type: string): string {
  const parts = type.split(":");
  if (parts.length !== 3) return type;
  return `${parts[0]}:${parts[1].replace(/\/v\d{8}(preview)?$/i, "")}:${parts[2]}`;
}

/** Whether `type` (versioned or not) has a row. */
export function isResourceTypeToken(type: string): type is ResourceTypeToken {
  return Object.prototype.hasOwnProperty.call(ROWS, unversionedType(type));
}

/** The row of a type token (versioned or not), or undefined for a type without one. */
export function resourceType(type: string): ResourceTypeRow | undefined {
  const t = unversionedType(type);
  return isResourceTypeToken(t) ? RESOURCE_TYPES[t] : undefined;
}

/** The resource provider namespace of an ARM type (`Microsoft.Insights/components` -> `Microsoft.Insights`). */
export function namespaceOf(armType: string): string {
  return armType.split("/")[0];
}

/** The resource provider namespace a type's PUT goes to, or undefined for a type without a row. */
export function providerNamespace(type: string): string | undefined {
  const row = resourceType(type);
  return row && namespaceOf(row.armType);
}

/** Every Azure name input of a type the project names, with its rule: the guardrail checks these. */
export function nameChecks(type: string): readonly NamePath[] {
  const row = resourceType(type);
  if (!row?.nameRule) return [];
  return [{ path: [row.nameInput], rule: row.nameRule }, ...(row.otherNames ?? [])];
}

/** The tokens of a cost class, e.g. every type with no charge of its own. */
export function typesOfCost(cost: CostClass): ResourceTypeToken[] {
  return RESOURCE_TYPE_TOKENS.filter((t) => RESOURCE_TYPES[t].cost === cost);
}

/** Views of the table, by token, for code that looks up any type string. */
export const ARM_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  RESOURCE_TYPE_TOKENS.map((t) => [t, RESOURCE_TYPES[t].armType]),
);
export const NAME_INPUT: Readonly<Record<string, string>> = Object.fromEntries(
  RESOURCE_TYPE_TOKENS.map((t) => [t, RESOURCE_TYPES[t].nameInput]),
);
