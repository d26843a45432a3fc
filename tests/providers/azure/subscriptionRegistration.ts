/**
 * TEST DOUBLE. Azure refuses to create a resource whose resource provider the subscription is not
 * registered with: 409 `MissingSubscriptionRegistration`, "The subscription is not registered to
 * use namespace 'Microsoft.X'. See https://aka.ms/rps-not-found for how to register subscriptions."
 * Sources: learn `azure-resource-manager/management/resource-providers-and-types` ("Before you use
 * a resource provider, you must make sure your Azure subscription is registered for the resource
 * provider"); the error as reported in Azure/azure-sdk-for-node#2305, nforgeio/neonKUBE#1670,
 * OfficeDev/microsoft-teams-apps-company-communicator#1530.
 *
 * The stand-in has no subscription, so the registered namespaces come from the environment:
 * `DP100_STANDIN_REGISTERED_PROVIDERS` (comma-separated, case-insensitive, as Azure compares
 * namespaces). Unset: every namespace is registered (the default of the other integration tests).
 * Microsoft.Resources and Microsoft.Authorization are always registered: a subscription cannot
 * exist without them (resource-providers-and-types: "registered by default").
 *
 * Only a resource's own namespace (its PUT's) is modelled: this model does not know what Azure
 * does when an implicit dependency (an add-on's provider) is missing.
 */
import type { AzureBehaviour } from "./behaviour";

export const REGISTERED_PROVIDERS_ENV = "DP100_STANDIN_REGISTERED_PROVIDERS";

const ALWAYS_REGISTERED = ["Microsoft.Resources", "Microsoft.Authorization"];

/**
 * The namespace each azure-native type's PUT goes to, from the Import section of the type's page
 * in the Pulumi registry (`pulumi import azure-native:<module>:<Type> name /subscriptions/.../providers/<Namespace>/...`).
 * Written here on its own, not taken from the project's table (plan/resourceProviders.ts): the
 * stand-in judges that table, it must not reuse it.
 */
const NAMESPACE_OF: Readonly<Record<string, string>> = {
  "azure-native:resources:ResourceGroup": "Microsoft.Resources",
  "azure-native:authorization:RoleAssignment": "Microsoft.Authorization",
  "azure-native:storage:StorageAccount": "Microsoft.Storage",
  "azure-native:storage:BlobContainer": "Microsoft.Storage",
  "azure-native:storage:BlobServiceProperties": "Microsoft.Storage",
  "azure-native:storage:Blob": "Microsoft.Storage",
  "azure-native:keyvault:Vault": "Microsoft.KeyVault",
  "azure-native:operationalinsights:Workspace": "Microsoft.OperationalInsights",
  "azure-native:applicationinsights:Component": "Microsoft.Insights",
  "azure-native:containerregistry:Registry": "Microsoft.ContainerRegistry",
  "azure-native:machinelearningservices:Workspace": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:Compute": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:Datastore": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:DataContainer": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:DataVersion": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:CodeContainer": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:CodeVersion": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:ComponentContainer": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:ComponentVersion": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:EnvironmentVersion": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:OnlineEndpoint": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:OnlineDeployment": "Microsoft.MachineLearningServices",
  "azure-native:machinelearningservices:Schedule": "Microsoft.MachineLearningServices",
  "azure-native:containerservice:ManagedCluster": "Microsoft.ContainerService",
  "azure-native:containerservice:AgentPool": "Microsoft.ContainerService",
  "azure-native:containerservice:TrustedAccessRoleBinding": "Microsoft.ContainerService",
  "azure-native:kubernetesconfiguration:Extension": "Microsoft.KubernetesConfiguration",
  "azure-native:consumption:Budget": "Microsoft.Consumption",
  "azure-native:monitor:ActionGroup": "Microsoft.Insights",
  "azure-native:monitor:MetricAlert": "Microsoft.Insights",
  "azure-native:monitor:ScheduledQueryRule": "Microsoft.Insights",
  "azure-native:monitor:ActivityLogAlert": "Microsoft.Insights",
  "azure-native:monitor:DiagnosticSetting": "Microsoft.Insights",
  "azure-native:monitor:DataCollectionRule": "Microsoft.Insights",
  "azure-native:monitor:DataCollectionRuleAssociation": "Microsoft.Insights",
  "azure-native:monitor:DataCollectionEndpoint": "Microsoft.Insights",
  "azure-native:managedidentity:UserAssignedIdentity": "Microsoft.ManagedIdentity",
  "azure-native:network:VirtualNetwork": "Microsoft.Network",
  "azure-native:network:Subnet": "Microsoft.Network",
  "azure-native:network:PrivateEndpoint": "Microsoft.Network",
};

/** The registered namespaces (lower case), or undefined when every one is. */
function registered(env: NodeJS.ProcessEnv): Set<string> | undefined {
  const v = env[REGISTERED_PROVIDERS_ENV];
  if (v === undefined) return undefined;
  return new Set(
    [...v.split(","), ...ALWAYS_REGISTERED].map((s) => s.trim().toLowerCase()).filter(Boolean),
  );
}

export const subscriptionRegistration: AzureBehaviour = {
  id: "missing-subscription-registration",
  source:
    "learn azure-resource-manager/management/resource-providers-and-types; Azure/azure-sdk-for-node#2305",
  types: Object.keys(NAMESPACE_OF),
  // Any PUT (create or update) goes to the namespace's provider.
  refuse({ type }) {
    const known = registered(process.env);
    if (known === undefined) return undefined;
    const ns = NAMESPACE_OF[type];
    if (ns === undefined || known.has(ns.toLowerCase())) return undefined;
    return (
      `Status=409 Code="MissingSubscriptionRegistration" Message="The subscription is not ` +
      `registered to use namespace '${ns}'. See https://aka.ms/rps-not-found for how to ` +
      `register subscriptions."`
    );
  },
};
