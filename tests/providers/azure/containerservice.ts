/**
 * TEST DOUBLE. An AKS cluster's `dnsPrefix` cannot change: the REST specification says of
 * ManagedClusterProperties.dnsPrefix "This cannot be updated once the Managed Cluster has been
 * created" (Azure/azure-rest-api-specs containerservice managedClusters.json; the same text in the
 * Azure SDKs and Azure/bicep-registry-modules avm/res/container-service/managed-cluster). A new
 * prefix therefore means a new cluster.
 */
import type { AzureBehaviour } from "./behaviour";

export const aksDnsPrefixImmutable: AzureBehaviour = {
  id: "aks-dns-prefix-immutable",
  source: "Azure/azure-rest-api-specs containerservice ManagedClusterProperties.dnsPrefix",
  types: ["azure-native:containerservice:ManagedCluster"],
  replaceOn: () => ["dnsPrefix"],
};
