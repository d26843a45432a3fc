import type { ResourceTypeToken } from "../azure/resourceTypes";

/**
 * Short names for the azure-native type tokens the rules look at. Not a second table: each value
 * must be a token of azure/resourceTypes.ts (tsc refuses any other).
 */
export const TYPES = {
  compute: "azure-native:machinelearningservices:Compute",
  mlWorkspace: "azure-native:machinelearningservices:Workspace",
  datastore: "azure-native:machinelearningservices:Datastore",
  resourceGroup: "azure-native:resources:ResourceGroup",
  storageAccount: "azure-native:storage:StorageAccount",
  blobContainer: "azure-native:storage:BlobContainer",
  vault: "azure-native:keyvault:Vault",
  registry: "azure-native:containerregistry:Registry",
  managedCluster: "azure-native:containerservice:ManagedCluster",
  agentPool: "azure-native:containerservice:AgentPool",
  logAnalytics: "azure-native:operationalinsights:Workspace",
  appInsights: "azure-native:applicationinsights:Component",
  actionGroup: "azure-native:monitor:ActionGroup",
  budget: "azure-native:consumption:Budget",
  roleAssignment: "azure-native:authorization:RoleAssignment",
  clusterExtension: "azure-native:kubernetesconfiguration:Extension",
} as const satisfies Record<string, ResourceTypeToken>;
