import type { CostClass, ResourceTypeRow } from "./resourceTypes";

/**
 * Azure facts: the rows of azure/resourceTypes.ts, one per azure-native resource type token
 * (pure data; the columns and their public sources are described there, and
 * tests/azure/resourceTypes.test.ts checks every row against the installed azure-native SDK).
 */

type Row = ResourceTypeRow;
const ML = "Microsoft.MachineLearningServices/workspaces";

/** Rows by type token (see azure/resourceTypes.ts for the columns and their sources). */
export const ROWS = {
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
