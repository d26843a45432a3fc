/**
 * The guardrails, rule by rule: for every rule a compliant and a non-compliant resource, built as
 * the resource is registered (Pulumi type token and inputs), asserting the violation's rule id,
 * level and message. Then the configuration parser, `evaluate` over a list, the placeholders the
 * plan uses for unknown and secret values, and the facts the rules rely on, checked against the
 * installed azure-native SDK (which types take tags, the input property names).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../plan/types";
import {
  DEFAULT_POLICY_CONFIG,
  NAME_INPUTS,
  POLICY_CONFIG_KEYS,
  POLICY_CONFIG_SPEC,
  PRIVILEGED_ROLES,
  PolicyConfigError,
  RULES,
  TYPES,
  evaluate,
  hasMandatory,
  parsePolicyConfig,
  roleGuid,
  ruleById,
  takesTags,
  type PolicyConfig,
} from "../guardrails/rules";
import { AZURE_NATIVE_VERSION, TAGGABLE_TYPES } from "../guardrails/taggable-types";
import { parseIsoDuration } from "../guardrails/inputs";
import { STACK_RULES, attachTarget, evaluateStack } from "../guardrails/stack";
import { checkPlan } from "../plan/checks";

// ------------------------------------------------------------------------------------------------
// Resources as registered

const OBJECT_ID = "11111111-2222-3333-4444-555555555555";
const TENANT_ID = "66666666-7777-8888-9999-aaaaaaaaaaaa";
const LEARNER = "0f0f0f0f-1111-2222-3333-444444444444";
const SUB = "/subscriptions/00000000-0000-0000-0000-0000000000a1";

const TAGS = { cohort: "c24", labs: "all", owner: "trainer@example.com", expiresOn: "2026-06-30" };

let serial = 0;
function res(type: string, inputs: Record<string, unknown>, name?: string): PlannedResource {
  const logical = name ?? `r${++serial}`;
  return {
    urn: `urn:pulumi:dev::dp100-labs::${type}::${logical}`,
    type,
    name: logical,
    parent: null,
    custom: true,
    inputs,
  };
}

/** A deep copy of `obj` with the value at a dotted path replaced (undefined deletes it). */
function set<T>(obj: T, dotted: string, value: unknown): T {
  const copy = structuredClone(obj) as Record<string, unknown>;
  const keys = dotted.split(".");
  let cur: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== "object") cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy as T;
}

const instanceInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  workspaceName: "dp100-mlw-aaaaa",
  location: "eastus",
  computeName: "dp100-ci-alice-aaaaa",
  tags: TAGS,
  properties: {
    computeType: "ComputeInstance",
    disableLocalAuth: true,
    properties: {
      vmSize: "Standard_DS11_v2",
      applicationSharingPolicy: "Personal",
      personalComputeInstanceSettings: {
        assignedUser: { objectId: OBJECT_ID, tenantId: TENANT_ID },
      },
      idleTimeBeforeShutdown: "PT30M",
      sshSettings: { sshPublicAccess: "Disabled" },
      schedules: {
        computeStartStop: [
          {
            action: "Stop",
            triggerType: "Cron",
            status: "Enabled",
            cron: { expression: "0 18 * * *", timeZone: "UTC" },
          },
        ],
      },
    },
  },
};

const clusterInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  workspaceName: "dp100-mlw-aaaaa",
  location: "eastus",
  computeName: "aml-cluster",
  tags: TAGS,
  properties: {
    computeType: "AmlCompute",
    disableLocalAuth: true,
    properties: {
      vmSize: "STANDARD_DS11_V2",
      vmPriority: "Dedicated",
      remoteLoginPortPublicAccess: "Disabled",
      scaleSettings: { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: "PT120S" },
    },
  },
};

const storageInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  accountName: "dp100staaaaa",
  kind: "StorageV2",
  sku: { name: "Standard_LRS" },
  minimumTlsVersion: "TLS1_2",
  enableHttpsTrafficOnly: true,
  allowBlobPublicAccess: false,
  tags: TAGS,
};

const containerInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  accountName: "dp100staaaaa",
  containerName: "training-data",
};

const vaultInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  vaultName: "dp100-kv-aaaaa",
  tags: TAGS,
  properties: {
    tenantId: TENANT_ID,
    sku: { family: "A", name: "standard" },
    enableRbacAuthorization: true,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 7,
  },
};

const registryInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  registryName: "dp100craaaaa",
  sku: { name: "Basic" },
  adminUserEnabled: false,
  anonymousPullEnabled: false,
  tags: TAGS,
};

const aksInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  resourceName: "dp100-aks-aaaaa",
  dnsPrefix: "dp100-aks-aaaaa",
  sku: { name: "Base", tier: "Free" },
  enableRBAC: true,
  disableLocalAccounts: true,
  aadProfile: { managed: true, enableAzureRBAC: true },
  addonProfiles: { azurepolicy: { enabled: true } },
  agentPoolProfiles: [
    {
      name: "system",
      mode: "System",
      vmSize: "Standard_DS2_v2",
      count: 1,
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 3,
    },
  ],
  tags: TAGS,
};

const AKS_ID = `${SUB}/resourceGroups/dp100-rg-aaaaa/providers/Microsoft.ContainerService/managedClusters/dp100-aks-aaaaa`;

/** A v2 Kubernetes attach of the cluster in aksInputs. */
const k8sAttachInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  workspaceName: "dp100-mlw-aaaaa",
  computeName: "k8s-inference",
  tags: TAGS,
  properties: {
    computeType: "Kubernetes",
    resourceId: AKS_ID,
    disableLocalAuth: true,
    properties: { namespace: "default", defaultInstanceType: "mlflow-2cpu-4gi" },
  },
};

const agentPoolInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  resourceName: "dp100-aks-aaaaa",
  agentPoolName: "user",
  vmSize: "Standard_DS2_v2",
  count: 2,
  tags: TAGS,
};

const roleInputs = {
  scope: `${SUB}/resourceGroups/dp100-rg-aaaaa`,
  principalId: LEARNER,
  principalType: "User",
  roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/f6c7c914-8db3-469d-8ca1-694a8f32e121`,
};

const rgInputs = { resourceGroupName: "dp100-rg-aaaaa", location: "eastus", tags: TAGS };

const CONFIG: PolicyConfig = { ...DEFAULT_POLICY_CONFIG, learnerPrincipalIds: [LEARNER] };

// ------------------------------------------------------------------------------------------------
// One compliant and one (or more) non-compliant resource per rule

interface Case {
  readonly rule: string;
  readonly level: "mandatory" | "advisory";
  readonly good: PlannedResource;
  readonly bad: {
    readonly what: string;
    readonly resource: PlannedResource;
    readonly message: RegExp;
  }[];
}

const C = TYPES.compute;
const CASES: Case[] = [
  {
    rule: "ml-instance-idle-shutdown",
    level: "mandatory",
    good: res(C, instanceInputs),
    bad: [
      {
        what: "no idle shutdown",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", undefined),
        ),
        message:
          /compute instance has no idle shutdown; set properties\.properties\.idleTimeBeforeShutdown to an ISO 8601 duration from PT15M to P3D/,
      },
      {
        what: "10 minutes",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", "PT10M"),
        ),
        message:
          /'PT10M' \(10 minutes\) is outside 15 minutes to 3 days; set .*PT30M .*idleShutdownMinutes/,
      },
      {
        what: "4 days",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", "P4D"),
        ),
        message: /'P4D' \(4 days\) is outside 15 minutes to 3 days/,
      },
      {
        what: "not a duration",
        resource: res(C, set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", "30")),
        message: /idle shutdown '30' is not an ISO 8601 duration/,
      },
    ],
  },
  {
    rule: "ml-instance-assigned-user",
    level: "mandatory",
    good: res(C, instanceInputs),
    bad: [
      {
        what: "no assigned user",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.personalComputeInstanceSettings", undefined),
        ),
        message:
          /compute instance has no assigned user; set properties\.properties\.personalComputeInstanceSettings\.assignedUser to \{objectId, tenantId\}/,
      },
      {
        what: "a learner id instead of an object id",
        resource: res(
          C,
          set(
            instanceInputs,
            "properties.properties.personalComputeInstanceSettings.assignedUser.objectId",
            "alice",
          ),
        ),
        message: /assigned user objectId is 'alice', not a GUID/,
      },
    ],
  },
  {
    rule: "ml-cluster-scale-to-zero",
    level: "mandatory",
    good: res(C, clusterInputs),
    bad: [
      {
        what: "one node kept",
        resource: res(C, set(clusterInputs, "properties.properties.scaleSettings.minNodeCount", 1)),
        message:
          /compute cluster keeps 1 nodes running when idle: .*minNodeCount is 1; set it to 0/,
      },
    ],
  },
  {
    rule: "ml-cluster-max-nodes",
    level: "mandatory",
    good: res(C, clusterInputs),
    bad: [
      {
        what: "10 nodes",
        resource: res(
          C,
          set(clusterInputs, "properties.properties.scaleSettings.maxNodeCount", 10),
        ),
        message:
          /scaleSettings\.maxNodeCount is 10; set it to an integer from 1 to 4 \(stack config dp100-labs:clusterMaxNodes\), or raise the policy config 'maxClusterNodes'/,
      },
      {
        what: "no scale settings",
        resource: res(C, set(clusterInputs, "properties.properties.scaleSettings", undefined)),
        message: /maxNodeCount is not set; set it to an integer from 1 to 4/,
      },
    ],
  },
  {
    rule: "ml-compute-local-auth-disabled",
    level: "mandatory",
    good: res(C, clusterInputs),
    bad: [
      {
        what: "instance with local auth",
        resource: res(C, set(instanceInputs, "properties.disableLocalAuth", false)),
        message:
          /ML compute allows local \(key\) authentication: properties\.disableLocalAuth is false; set properties\.disableLocalAuth to true/,
      },
      {
        what: "cluster without the flag",
        resource: res(C, set(clusterInputs, "properties.disableLocalAuth", undefined)),
        message:
          /properties\.disableLocalAuth is not set; set properties\.disableLocalAuth to true/,
      },
    ],
  },
  {
    rule: "ml-compute-ssh-public-access-disabled",
    level: "mandatory",
    good: res(C, instanceInputs),
    bad: [
      {
        what: "instance SSH enabled",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.sshSettings.sshPublicAccess", "Enabled"),
        ),
        message:
          /compute instance SSH port may be public: properties\.properties\.sshSettings\.sshPublicAccess is 'Enabled'; set it to 'Disabled'/,
      },
      {
        what: "cluster NotSpecified",
        resource: res(
          C,
          set(clusterInputs, "properties.properties.remoteLoginPortPublicAccess", "NotSpecified"),
        ),
        message:
          /compute cluster SSH port may be public: properties\.properties\.remoteLoginPortPublicAccess is 'NotSpecified'; set it to 'Disabled'/,
      },
      {
        what: "cluster unset",
        resource: res(
          C,
          set(clusterInputs, "properties.properties.remoteLoginPortPublicAccess", undefined),
        ),
        message: /remoteLoginPortPublicAccess is not set; set it to 'Disabled'/,
      },
    ],
  },
  {
    rule: "vm-size-allowed",
    level: "mandatory",
    good: res(C, clusterInputs),
    bad: [
      {
        what: "GPU instance",
        resource: res(C, set(instanceInputs, "properties.properties.vmSize", "Standard_NC6s_v3")),
        message:
          /properties\.properties\.vmSize is 'Standard_NC6s_v3' \(an N-series GPU size\), not an allowed VM size \(Standard_DS1_v2, .*\); pick an allowed size .*or add it to the policy config 'allowedVmSizes'/,
      },
      {
        what: "cluster without a size",
        resource: res(C, set(clusterInputs, "properties.properties.vmSize", undefined)),
        message: /properties\.properties\.vmSize is not set, not an allowed VM size/,
      },
      {
        what: "AKS pool",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "agentPoolProfiles", [
            { ...aksInputs.agentPoolProfiles[0], vmSize: "Standard_D16s_v5" },
          ]),
        ),
        message: /agentPoolProfiles\[0\]\.vmSize is 'Standard_D16s_v5', not an allowed VM size/,
      },
      {
        what: "AKS agent pool resource",
        resource: res(TYPES.agentPool, set(agentPoolInputs, "vmSize", "Standard_NV6")),
        message: /^vmSize is 'Standard_NV6' \(an N-series GPU size\)/,
      },
    ],
  },
  {
    rule: "storage-tls-1-2",
    level: "mandatory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "TLS 1.0",
        resource: res(TYPES.storageAccount, set(storageInputs, "minimumTlsVersion", "TLS1_0")),
        message: /storage account minimumTlsVersion is 'TLS1_0'; set minimumTlsVersion to 'TLS1_2'/,
      },
      {
        what: "unset",
        resource: res(TYPES.storageAccount, set(storageInputs, "minimumTlsVersion", undefined)),
        message: /minimumTlsVersion is not set; set minimumTlsVersion to 'TLS1_2'/,
      },
    ],
  },
  {
    rule: "storage-https-only",
    level: "mandatory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "HTTP allowed",
        resource: res(TYPES.storageAccount, set(storageInputs, "enableHttpsTrafficOnly", false)),
        message:
          /storage account may accept plain HTTP: enableHttpsTrafficOnly is false; set enableHttpsTrafficOnly to true/,
      },
    ],
  },
  {
    rule: "storage-no-public-blob-access",
    level: "mandatory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "account allows public blobs",
        resource: res(TYPES.storageAccount, set(storageInputs, "allowBlobPublicAccess", true)),
        message:
          /storage account may allow anonymous blob access: allowBlobPublicAccess is true; set allowBlobPublicAccess to false/,
      },
      {
        what: "account leaves it unset",
        resource: res(TYPES.storageAccount, set(storageInputs, "allowBlobPublicAccess", undefined)),
        message: /allowBlobPublicAccess is not set; set allowBlobPublicAccess to false/,
      },
      {
        what: "public container",
        resource: res(TYPES.blobContainer, set(containerInputs, "publicAccess", "Blob")),
        message:
          /blob container is readable anonymously: publicAccess is 'Blob'; remove publicAccess or set it to 'None'/,
      },
    ],
  },
  {
    rule: "storage-sku-allowed",
    level: "advisory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "geo-redundant",
        resource: res(TYPES.storageAccount, set(storageInputs, "sku.name", "Standard_GRS")),
        message:
          /storage account sku\.name is 'Standard_GRS', not one of Standard_LRS; set sku\.name to an allowed value, or add it to the policy config 'allowedStorageSkus'/,
      },
    ],
  },
  {
    rule: "keyvault-rbac-authorization",
    level: "mandatory",
    good: res(TYPES.vault, vaultInputs),
    bad: [
      {
        what: "access policies",
        resource: res(TYPES.vault, set(vaultInputs, "properties.enableRbacAuthorization", false)),
        message:
          /key vault uses access policies: properties\.enableRbacAuthorization is false; set properties\.enableRbacAuthorization to true/,
      },
    ],
  },
  {
    rule: "keyvault-soft-delete-retention",
    level: "mandatory",
    good: res(TYPES.vault, vaultInputs),
    bad: [
      {
        what: "retention unset",
        resource: res(
          TYPES.vault,
          set(vaultInputs, "properties.softDeleteRetentionInDays", undefined),
        ),
        message:
          /key vault properties\.softDeleteRetentionInDays is not set; set it to an integer from 7 to 90/,
      },
      {
        what: "retention 120",
        resource: res(TYPES.vault, set(vaultInputs, "properties.softDeleteRetentionInDays", 120)),
        message: /softDeleteRetentionInDays is 120; set it to an integer from 7 to 90/,
      },
      {
        what: "soft delete off",
        resource: res(TYPES.vault, set(vaultInputs, "properties.enableSoftDelete", false)),
        message:
          /key vault turns soft delete off: properties\.enableSoftDelete is false; remove properties\.enableSoftDelete or set it to true/,
      },
    ],
  },
  {
    rule: "keyvault-purge-protection",
    level: "mandatory",
    good: res(TYPES.vault, vaultInputs),
    bad: [
      {
        what: "purge protection on",
        resource: res(TYPES.vault, set(vaultInputs, "properties.enablePurgeProtection", true)),
        message:
          /key vault enables purge protection, which can never be turned off: properties\.enablePurgeProtection is true; remove properties\.enablePurgeProtection \(stack config dp100-labs:purgeProtection false\), or set the policy config 'purgeProtectionAllowed' to true/,
      },
    ],
  },
  {
    rule: "registry-admin-user-disabled",
    level: "mandatory",
    good: res(TYPES.registry, registryInputs),
    bad: [
      {
        what: "admin user",
        resource: res(TYPES.registry, set(registryInputs, "adminUserEnabled", true)),
        message:
          /container registry has a shared admin user: adminUserEnabled is true; set adminUserEnabled to false/,
      },
    ],
  },
  {
    rule: "registry-anonymous-pull-disabled",
    level: "mandatory",
    good: res(TYPES.registry, registryInputs),
    bad: [
      {
        what: "anonymous pull",
        resource: res(TYPES.registry, set(registryInputs, "anonymousPullEnabled", true)),
        message:
          /container registry allows anonymous pulls: anonymousPullEnabled is true; set anonymousPullEnabled to false/,
      },
    ],
  },
  {
    rule: "registry-sku-allowed",
    level: "advisory",
    good: res(TYPES.registry, registryInputs),
    bad: [
      {
        what: "Premium",
        resource: res(TYPES.registry, set(registryInputs, "sku.name", "Premium")),
        message:
          /container registry sku\.name is 'Premium', not one of Basic; .*'allowedRegistrySkus'/,
      },
      {
        what: "no sku",
        resource: res(TYPES.registry, set(registryInputs, "sku", undefined)),
        message: /container registry sku\.name is not set, not one of Basic/,
      },
    ],
  },
  {
    // Issue 12 item 7: a pod CIDR only in overlay mode (learn.microsoft.com/azure/aks/azure-cni-overlay).
    rule: "aks-pod-cidr-overlay",
    level: "mandatory",
    good: res(TYPES.managedCluster, {
      ...aksInputs,
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        podCidr: "10.244.0.0/16",
      },
    }),
    bad: [
      {
        what: "a pod CIDR with flat Azure CNI",
        resource: res(TYPES.managedCluster, {
          ...aksInputs,
          networkProfile: { networkPlugin: "azure", podCidr: "10.244.0.0/16" },
        }),
        message: /podCidr is '10\.244\.0\.0\/16' with Azure CNI outside overlay mode.*'overlay'/,
      },
    ],
  },
  {
    // Issue 12: a legacy AKS attach is a mandatory violation (v2 refuses it; SDK v1 is retired).
    rule: "ml-compute-no-legacy-aks",
    level: "mandatory",
    good: res(C, k8sAttachInputs),
    bad: [
      {
        what: "legacy AKS attach",
        resource: res(C, set(k8sAttachInputs, "properties.computeType", "AKS")),
        message: /legacy computeType 'AKS'.*attach it as computeType 'Kubernetes'/,
      },
    ],
  },
  {
    rule: "aks-local-accounts-disabled",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "local accounts",
        resource: res(TYPES.managedCluster, set(aksInputs, "disableLocalAccounts", false)),
        message:
          /AKS cluster keeps local \(static admin\) accounts: disableLocalAccounts is false; set disableLocalAccounts to true/,
      },
    ],
  },
  {
    rule: "aks-entra-id-rbac",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "no RBAC",
        resource: res(TYPES.managedCluster, set(aksInputs, "enableRBAC", false)),
        message:
          /AKS cluster does not turn Kubernetes RBAC on: enableRBAC is false; set enableRBAC to true/,
      },
      {
        what: "no Entra ID",
        resource: res(TYPES.managedCluster, set(aksInputs, "aadProfile", undefined)),
        message:
          /AKS cluster is not integrated with Entra ID: aadProfile is not set; set aadProfile to \{ managed: true, enableAzureRBAC: true \}/,
      },
      {
        what: "Kubernetes RBAC without Azure RBAC",
        resource: res(TYPES.managedCluster, set(aksInputs, "aadProfile.enableAzureRBAC", false)),
        message: /aadProfile\.enableAzureRBAC is false; set aadProfile\.enableAzureRBAC to true/,
      },
    ],
  },
  {
    rule: "aks-azure-policy-addon",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "add-on off",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "addonProfiles.azurepolicy.enabled", false),
        ),
        message:
          /AKS cluster has no Azure Policy add-on: addonProfiles\.azurepolicy\.enabled is false; set addonProfiles\.azurepolicy to \{ enabled: true \}/,
      },
      {
        what: "no add-ons",
        resource: res(TYPES.managedCluster, set(aksInputs, "addonProfiles", undefined)),
        message: /addonProfiles\.azurepolicy\.enabled is not set/,
      },
    ],
  },
  {
    rule: "aks-tier-allowed",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "Standard tier",
        resource: res(TYPES.managedCluster, set(aksInputs, "sku.tier", "Standard")),
        message:
          /AKS cluster sku\.tier is 'Standard', not one of Free; set sku\.tier to an allowed value, or add it to the policy config 'allowedAksTiers'/,
      },
    ],
  },
  {
    rule: "aks-node-count-bounded",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "autoscaler maximum 10",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "agentPoolProfiles", [
            { ...aksInputs.agentPoolProfiles[0], maxCount: 10 },
          ]),
        ),
        message:
          /AKS cluster can run 10 nodes over all pools, more than 3; lower count \(or maxCount with autoscaling\), or raise the policy config 'maxAksNodes' \(now 3\)/,
      },
      {
        what: "two pools adding up to 4",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "agentPoolProfiles", [
            { name: "system", vmSize: "Standard_DS2_v2", count: 2 },
            { name: "user", vmSize: "Standard_DS2_v2", count: 2 },
          ]),
        ),
        message: /can run 4 nodes over all pools, more than 3/,
      },
      {
        what: "a separate pool of 5",
        resource: res(TYPES.agentPool, set(agentPoolInputs, "count", 5)),
        message: /AKS node pool can run 5 nodes, more than 3/,
      },
      {
        what: "autoscaling without maxCount",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "agentPoolProfiles.0.maxCount", undefined),
        ),
        message: /agentPoolProfiles\[0\] has autoscaling on and no maxCount; set maxCount/,
      },
    ],
  },
  {
    rule: "required-tags",
    level: "mandatory",
    good: res(TYPES.resourceGroup, rgInputs),
    bad: [
      {
        what: "no tags",
        resource: res(TYPES.resourceGroup, set(rgInputs, "tags", undefined)),
        message: /resource lacks the tags cohort, labs, owner, expiresOn; pass the stack's tags/,
      },
      {
        what: "empty owner",
        resource: res(TYPES.storageAccount, set(storageInputs, "tags.owner", " ")),
        message: /resource lacks the tag owner;/,
      },
      {
        what: "compute without expiresOn",
        resource: res(C, set(instanceInputs, "tags.expiresOn", undefined)),
        message: /resource lacks the tag expiresOn;/,
      },
    ],
  },
  {
    rule: "role-no-privileged-learner",
    level: "mandatory",
    good: res(TYPES.roleAssignment, roleInputs),
    bad: [
      {
        what: "Owner",
        resource: res(
          TYPES.roleAssignment,
          set(
            roleInputs,
            "roleDefinitionId",
            `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
          ),
        ),
        message: new RegExp(
          `learner ${LEARNER} is given Owner \\(8e3af657-a8ff-443c-a75c-2fe8c4bcb635\\); give learners AzureML Data Scientist`,
        ),
      },
      {
        what: "Contributor (upper-case ids)",
        resource: res(TYPES.roleAssignment, {
          ...roleInputs,
          principalId: LEARNER.toUpperCase(),
          roleDefinitionId:
            "/providers/Microsoft.Authorization/roleDefinitions/B24988AC-6180-42A0-AB88-20F7382DD24C",
        }),
        message: /is given Contributor \(b24988ac-6180-42a0-ab88-20f7382dd24c\)/,
      },
      {
        what: "User Access Administrator",
        resource: res(
          TYPES.roleAssignment,
          set(
            roleInputs,
            "roleDefinitionId",
            `${SUB}/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9`,
          ),
        ),
        message: /is given User Access Administrator/,
      },
    ],
  },
  {
    rule: "azure-name-valid",
    level: "mandatory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "storage account with hyphens",
        resource: res(TYPES.storageAccount, set(storageInputs, "accountName", "dp100-st-aaaaa")),
        message:
          /^accountName: 'dp100-st-aaaaa' is not a valid storageAccount name: Azure accepts 3-24 lower-case letters and digits; build the name with components\/naming\.ts/,
      },
      {
        what: "compute name too long",
        resource: res(C, set(clusterInputs, "computeName", "dp100-cluster-for-everyone-aaaaa")),
        message:
          /^computeName: 'dp100-cluster-for-everyone-aaaaa' is 32 characters; a mlCompute name takes 3-24/,
      },
      {
        what: "AKS node pool with a hyphen",
        resource: res(TYPES.managedCluster, set(aksInputs, "agentPoolProfiles.0.name", "sys-pool")),
        message: /^agentPoolProfiles\[0\]\.name: 'sys-pool' is not a valid aksNodePool name/,
      },
      {
        what: "reserved datastore name",
        resource: res(TYPES.datastore, {
          name: "workspaceblobstore",
          workspaceName: "w",
          resourceGroupName: "g",
        }),
        message:
          /^name: 'workspaceblobstore' is not a valid mlDatastore name: it is reserved by Azure ML/,
      },
    ],
  },
];

describe("every rule has cases", () => {
  it("covers each rule in RULES exactly once, with unique kebab-case ids", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(CASES.map((c) => c.rule).sort()).toEqual([...ids].sort());
  });

  it("gives every rule a description and only known config keys", () => {
    for (const rule of RULES) {
      expect(rule.description.length).toBeGreaterThan(20);
      for (const key of rule.configKeys) expect(POLICY_CONFIG_KEYS).toContain(key);
    }
  });
});

describe.each(CASES)("rule $rule", ({ rule: id, level, good, bad }) => {
  const rule = ruleById(id);

  it(`is ${level}`, () => {
    expect(rule.level).toBe(level);
  });

  it("passes the compliant resource", () => {
    expect(rule.appliesTo(good.type)).toBe(true);
    expect(rule.check(good, CONFIG)).toEqual([]);
    expect(evaluate([good], CONFIG)).toEqual([]);
  });

  it.each(bad)("reports $what", ({ resource, message }) => {
    expect(rule.appliesTo(resource.type)).toBe(true);
    const mine = evaluate([resource], CONFIG).filter((v) => v.rule === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual({ rule: id, urn: resource.urn, level, message: expect.any(String) });
    expect(mine[0].message).toMatch(message);
  });
});

// ------------------------------------------------------------------------------------------------
// Behaviour beyond one case per rule

describe("configuration changes what the rules accept", () => {
  const gpu = res(C, set(instanceInputs, "properties.properties.vmSize", "Standard_NC6s_v3"));

  it("a GPU size passes once it is in allowedVmSizes", () => {
    const config = { ...CONFIG, allowedVmSizes: [...CONFIG.allowedVmSizes, "standard_nc6s_v3"] };
    expect(evaluate([gpu], config)).toEqual([]);
  });

  it("purge protection passes when purgeProtectionAllowed", () => {
    const vault = res(TYPES.vault, set(vaultInputs, "properties.enablePurgeProtection", true));
    expect(evaluate([vault], { ...CONFIG, purgeProtectionAllowed: true })).toEqual([]);
  });

  it("the cluster bound follows maxClusterNodes", () => {
    const cluster = res(
      C,
      set(clusterInputs, "properties.properties.scaleSettings.maxNodeCount", 6),
    );
    expect(evaluate([cluster], { ...CONFIG, maxClusterNodes: 6 })).toEqual([]);
    expect(evaluate([cluster], { ...CONFIG, maxClusterNodes: 5 }).map((v) => v.rule)).toEqual([
      "ml-cluster-max-nodes",
    ]);
  });

  it("Owner for someone who is not a learner (the trainer, the CI) passes", () => {
    const owner = res(TYPES.roleAssignment, {
      ...roleInputs,
      principalId: OBJECT_ID,
      roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    });
    expect(evaluate([owner], CONFIG)).toEqual([]);
    expect(evaluate([owner], { ...CONFIG, learnerPrincipalIds: [OBJECT_ID] })).toHaveLength(1);
  });

  it("required tags come from the config, matched without regard to case", () => {
    const rg = res(TYPES.resourceGroup, { ...rgInputs, tags: { Cohort: "c24", COURSE: "dp100" } });
    expect(evaluate([rg], { ...CONFIG, requiredTags: ["cohort", "course"] })).toEqual([]);
    expect(evaluate([rg], { ...CONFIG, requiredTags: [] })).toEqual([]);
    expect(evaluate([rg], { ...CONFIG, requiredTags: ["cohort", "owner"] })[0].message).toMatch(
      /lacks the tag owner;/,
    );
  });

  it("the AKS tier defaults to Free when unset", () => {
    const aks = res(TYPES.managedCluster, set(aksInputs, "sku", undefined));
    expect(evaluate([aks], CONFIG)).toEqual([]);
    expect(evaluate([aks], { ...CONFIG, allowedAksTiers: ["Standard"] })[0].rule).toBe(
      "aks-tier-allowed",
    );
  });
});

describe("the Kubernetes inference cluster's local-accounts exception", () => {
  const keeps = set(aksInputs, "disableLocalAccounts", false);

  it("is in the default configuration, with its reason, for that cluster's logical names only", () => {
    const reasons = Object.values(DEFAULT_POLICY_CONFIG.aksLocalAccountsExceptions);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/how-to-deploy-kubernetes-extension/);
    for (const name of ["shared-env-k8s-aks", "ada-env-k8s-aks"]) {
      expect(evaluate([res(TYPES.managedCluster, keeps, name)], CONFIG)).toEqual([]);
    }
    const other = evaluate([res(TYPES.managedCluster, keeps, "shared-env-aks-aks")], CONFIG);
    expect(other.map((v) => v.rule)).toEqual(["aks-local-accounts-disabled"]);
  });

  it("goes away when the policy config lists no exception", () => {
    const config = { ...CONFIG, aksLocalAccountsExceptions: {} };
    const v = evaluate([res(TYPES.managedCluster, keeps, "shared-env-k8s-aks")], config);
    expect(v.map((x) => x.rule)).toEqual(["aks-local-accounts-disabled"]);
  });

  it("is parsed from the pack's config, each entry with a reason", () => {
    expect(
      parsePolicyConfig({ aksLocalAccountsExceptions: { "lab-*": "because" } })
        .aksLocalAccountsExceptions,
    ).toEqual({ "lab-*": "because" });
    expect(() => parsePolicyConfig({ aksLocalAccountsExceptions: { "lab-*": "" } })).toThrow(
      /aksLocalAccountsExceptions\.lab-\*/,
    );
    expect(() => parsePolicyConfig({ aksLocalAccountsExceptions: ["x"] })).toThrow(
      PolicyConfigError,
    );
  });
});

describe("stack rule ml-attach-credentials-allowed", () => {
  const cluster = res(TYPES.managedCluster, aksInputs, "shared-env-aks");
  const legacy = res(C, set(k8sAttachInputs, "properties.computeType", "AKS"), "attach");

  it("is mandatory and reports a legacy AKS attach to a cluster with local accounts disabled", () => {
    expect(STACK_RULES.map((r) => [r.id, r.level])).toEqual([
      ["ml-attach-credentials-allowed", "mandatory"],
    ]);
    const v = evaluateStack([cluster, legacy]);
    expect(v).toEqual([
      {
        rule: "ml-attach-credentials-allowed",
        urn: legacy.urn,
        level: "mandatory",
        message: expect.stringMatching(
          /'attach' attaches cluster 'shared-env-aks' .*disableLocalAccounts: true.*Getting static credential is not allowed.*AML-Kubernetes#261/,
        ),
      },
    ]);
  });

  it("accepts the legacy attach when the cluster keeps local accounts, and any Kubernetes attach", () => {
    const keeps = res(TYPES.managedCluster, set(aksInputs, "disableLocalAccounts", false));
    expect(evaluateStack([keeps, legacy])).toEqual([]);
    expect(evaluateStack([cluster, res(C, k8sAttachInputs)])).toEqual([]);
  });

  it("finds the target through dependencies while its id is unknown (the pack's preview)", () => {
    const unknownId = res(C, set(legacy.inputs, "properties.resourceId", "[unknown]"));
    expect(attachTarget({ ...unknownId, dependencies: [cluster.urn] }, [cluster])).toBe(cluster);
    expect(attachTarget(unknownId, [cluster])).toBeUndefined();
  });

  it("is part of the plan's checks, and can be disabled like any rule", () => {
    const settings = { config: CONFIG, rules: RULES };
    expect(checkPlan([cluster, legacy], settings).map((v) => v.rule)).toEqual([
      "ml-compute-no-legacy-aks",
      "ml-attach-credentials-allowed",
    ]);
    expect(
      checkPlan([cluster, legacy], { ...settings, stackRules: [] }).map((v) => v.rule),
    ).toEqual(["ml-compute-no-legacy-aks"]);
  });
});

describe("values the plan cannot show are not judged", () => {
  it.each(["[unknown]", "[secret]"])(
    "%s in any checked input gives no violation",
    (placeholder) => {
      const resources = [
        res(C, set(instanceInputs, "properties.properties", placeholder)),
        res(C, set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", placeholder)),
        res(
          C,
          set(
            instanceInputs,
            "properties.properties.personalComputeInstanceSettings.assignedUser.objectId",
            placeholder,
          ),
        ),
        res(C, set(clusterInputs, "properties", placeholder)),
        res(C, set(clusterInputs, "computeName", placeholder)),
        res(TYPES.storageAccount, set(storageInputs, "minimumTlsVersion", placeholder)),
        res(TYPES.storageAccount, set(storageInputs, "tags", placeholder)),
        res(TYPES.storageAccount, set(storageInputs, "tags.owner", placeholder)),
        res(TYPES.vault, set(vaultInputs, "properties", placeholder)),
        res(TYPES.managedCluster, set(aksInputs, "agentPoolProfiles", placeholder)),
        res(TYPES.managedCluster, set(aksInputs, "addonProfiles", placeholder)),
        res(TYPES.roleAssignment, {
          ...roleInputs,
          principalId: placeholder,
          roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
        }),
      ];
      expect(evaluate(resources, CONFIG)).toEqual([]);
    },
  );
});

describe("evaluate over a list", () => {
  it("returns violations in resource order then rule order, skips components, and flags mandatory", () => {
    const component = { ...res("dp100:ml:Workspace", {}), custom: false };
    const badStorage = res(TYPES.storageAccount, {
      ...storageInputs,
      minimumTlsVersion: "TLS1_0",
      sku: { name: "Standard_GRS" },
    });
    const badCluster = res(
      C,
      set(clusterInputs, "properties.properties.scaleSettings.minNodeCount", 2),
    );
    const goodRg = res(TYPES.resourceGroup, rgInputs);
    const provider = res("pulumi:providers:azure-native", {});
    const violations = evaluate([component, goodRg, badStorage, provider, badCluster], CONFIG);
    expect(violations.map((v) => [v.urn, v.rule, v.level])).toEqual([
      [badStorage.urn, "storage-tls-1-2", "mandatory"],
      [badStorage.urn, "storage-sku-allowed", "advisory"],
      [badCluster.urn, "ml-cluster-scale-to-zero", "mandatory"],
    ]);
    expect(hasMandatory(violations)).toBe(true);
    expect(hasMandatory(violations.filter((v) => v.level === "advisory"))).toBe(false);
  });

  it("uses the default configuration when none is given", () => {
    const gpu = res(C, set(clusterInputs, "properties.properties.vmSize", "Standard_ND40rs_v2"));
    expect(evaluate([gpu]).map((v) => v.rule)).toEqual(["vm-size-allowed"]);
  });

  it("a clean list gives no violation", () => {
    const all = CASES.map((c) => c.good);
    expect(evaluate(all, CONFIG)).toEqual([]);
  });

  it("judges types with an explicit API version like the default one", () => {
    const versioned = res("azure-native:storage/v20230501:StorageAccount", {
      ...storageInputs,
      enableHttpsTrafficOnly: false,
    });
    expect(evaluate([versioned], CONFIG).map((v) => v.rule)).toEqual(["storage-https-only"]);
  });
});

describe("parsePolicyConfig", () => {
  it("returns the defaults for nothing and merges given keys over them", () => {
    expect(parsePolicyConfig(undefined)).toEqual(DEFAULT_POLICY_CONFIG);
    expect(parsePolicyConfig({})).toEqual(DEFAULT_POLICY_CONFIG);
    const parsed = parsePolicyConfig({ maxClusterNodes: 8, allowedVmSizes: ["Standard_NC6s_v3"] });
    expect(parsed.maxClusterNodes).toBe(8);
    expect(parsed.allowedVmSizes).toEqual(["Standard_NC6s_v3"]);
    expect(parsed.requiredTags).toEqual(["cohort", "labs", "owner", "expiresOn"]);
  });

  it("ignores enforcementLevel, which CrossGuard keeps next to a policy's keys", () => {
    expect(parsePolicyConfig({ enforcementLevel: "advisory", maxAksNodes: 5 }).maxAksNodes).toBe(5);
  });

  it.each<[string, unknown, RegExp]>([
    [
      "unknown key",
      { maxNodes: 3 },
      /policy config 'maxNodes' is 3; it accepts no value: it is not a known key \(known keys: allowedVmSizes, maxClusterNodes/,
    ],
    [
      "string for an integer",
      { maxClusterNodes: "4" },
      /policy config 'maxClusterNodes' is "4"; it accepts an integer of at least 1/,
    ],
    ["zero nodes", { maxAksNodes: 0 }, /'maxAksNodes' is 0; it accepts an integer of at least 1/],
    ["fraction", { maxClusterNodes: 2.5 }, /'maxClusterNodes' is 2.5/],
    [
      "string for a list",
      { allowedVmSizes: "Standard_DS11_v2" },
      /'allowedVmSizes' is "Standard_DS11_v2"; it accepts a list of Azure VM size names/,
    ],
    [
      "malformed VM size",
      { allowedVmSizes: ["Standard_DS11_v2", "DS11"] },
      /'allowedVmSizes\[1\]' is "DS11"; it accepts a list of Azure VM size names/,
    ],
    [
      "unknown storage SKU",
      { allowedStorageSkus: ["LRS"] },
      /'allowedStorageSkus\[0\]' is "LRS"; it accepts a list of storage SKUs out of Standard_LRS, Standard_GRS/,
    ],
    [
      "unknown registry SKU",
      { allowedRegistrySkus: ["Classic"] },
      /'allowedRegistrySkus\[0\]' is "Classic"; it accepts a list out of Basic, Standard, Premium/,
    ],
    [
      "unknown AKS tier",
      { allowedAksTiers: ["free"] },
      /'allowedAksTiers\[0\]' is "free"; it accepts a list out of Free, Standard, Premium/,
    ],
    [
      "string for a boolean",
      { purgeProtectionAllowed: "yes" },
      /'purgeProtectionAllowed' is "yes"; it accepts true or false/,
    ],
    [
      "learner id instead of object id",
      { learnerPrincipalIds: ["alice"] },
      /'learnerPrincipalIds\[0\]' is "alice"; it accepts a list of Entra object ids \(GUIDs\)/,
    ],
    [
      "bad tag name",
      { requiredTags: ["a/b"] },
      /'requiredTags\[0\]' is "a\/b"; it accepts a list of tag names/,
    ],
    ["number in a list", { requiredTags: [1] }, /'requiredTags\[0\]' is 1/],
    [
      "a list at the root",
      ["maxClusterNodes"],
      /policy config '\(root\)' is \["maxClusterNodes"\]; it accepts an object with keys/,
    ],
  ])("rejects %s", (_what, raw, message) => {
    expect(() => parsePolicyConfig(raw)).toThrow(PolicyConfigError);
    expect(() => parsePolicyConfig(raw)).toThrow(message);
  });

  it("names the key on the error object", () => {
    try {
      parsePolicyConfig({ maxClusterNodes: -1 });
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyConfigError);
      expect((e as PolicyConfigError).key).toBe("maxClusterNodes");
      expect((e as PolicyConfigError).value).toBe(-1);
    }
  });

  it("accepts its own defaults, and every default has a spec", () => {
    expect(parsePolicyConfig({ ...DEFAULT_POLICY_CONFIG, learnerPrincipalIds: [LEARNER] })).toEqual(
      CONFIG,
    );
    expect(Object.keys(DEFAULT_POLICY_CONFIG).sort()).toEqual(
      Object.keys(POLICY_CONFIG_SPEC).sort(),
    );
  });

  it("keeps GPU sizes out of the default allow-list", () => {
    expect(DEFAULT_POLICY_CONFIG.allowedVmSizes.filter((s) => /^standard_n/i.test(s))).toEqual([]);
    expect(DEFAULT_POLICY_CONFIG.allowedVmSizes).toEqual(
      expect.arrayContaining([
        "Standard_DS11_v2",
        "Standard_DS2_v2",
        "Standard_D2as_v4",
        "Standard_E4ds_v4",
      ]),
    );
  });
});

describe("helpers", () => {
  it.each<[string, number | undefined]>([
    ["PT15M", 900],
    ["PT30M", 1800],
    ["PT1H30M", 5400],
    ["P3D", 259200],
    ["P1DT2H", 93600],
    ["PT120S", 120],
    ["P1W", 604800],
    ["pt30m", 1800],
    ["P", undefined],
    ["PT", undefined],
    ["P1DT", undefined],
    ["P1M", undefined],
    ["30M", undefined],
    ["", undefined],
  ])("parseIsoDuration(%p) is %p", (value, seconds) => {
    expect(parseIsoDuration(value)).toBe(seconds);
  });

  it("accepts the idle shutdown bounds themselves", () => {
    for (const v of ["PT15M", "P3D", "PT72H"]) {
      const r = res(C, set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", v));
      expect(ruleById("ml-instance-idle-shutdown").check(r, CONFIG)).toEqual([]);
    }
  });

  it("roleGuid reads full ids, provider-level ids and bare GUIDs", () => {
    expect(
      roleGuid(
        `${SUB}/providers/Microsoft.Authorization/roleDefinitions/ACDD72A7-3385-48ef-bd42-f606fba81ae7`,
      ),
    ).toBe("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    expect(roleGuid("8e3af657-a8ff-443c-a75c-2fe8c4bcb635")).toBe(
      "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    );
    expect(roleGuid("Owner")).toBeUndefined();
  });

  it("knows the privileged built-in roles by their ids", () => {
    expect(PRIVILEGED_ROLES).toEqual({
      "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
      "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
      "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
      "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
    });
  });

  it("takesTags: resources with tags yes, role assignments, containers, datastores no", () => {
    expect(takesTags(TYPES.compute)).toBe(true);
    expect(takesTags(TYPES.resourceGroup)).toBe(true);
    expect(takesTags(TYPES.storageAccount)).toBe(true);
    expect(takesTags(TYPES.agentPool)).toBe(true);
    expect(takesTags(TYPES.roleAssignment)).toBe(false);
    expect(takesTags(TYPES.blobContainer)).toBe(false);
    expect(takesTags(TYPES.datastore)).toBe(false);
    expect(takesTags(TYPES.budget)).toBe(false);
    expect(takesTags("azure-native:machinelearningservices:DataVersion")).toBe(false);
    expect(takesTags("random:index/randomString:RandomString")).toBe(false);
    expect(takesTags("dp100:ml:Workspace")).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------------
// Facts checked against the installed azure-native SDK

const SDK = path.dirname(require.resolve("@pulumi/azure-native/package.json"));

/** type token -> { file, source } for every azure-native resource class. */
function sdkResources(): Map<string, string> {
  const out = new Map<string, string>();
  for (const mod of fs.readdirSync(SDK)) {
    const dir = path.join(SDK, mod);
    if (mod === "types" || mod === "node_modules" || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith(".js") || file === "index.js") continue;
      const m = /__pulumiType = '(azure-native:[^']+)'/.exec(
        fs.readFileSync(path.join(dir, file), "utf8"),
      );
      if (m) out.set(m[1], path.join(dir, file.replace(/\.js$/, ".d.ts")));
    }
  }
  return out;
}

/** The text of an interface in .d.ts source, and the indentation of its own members. */
function interfaceBody(source: string, name: string): { body: string; indent: string } {
  const m = new RegExp(`^( *)(?:export )?interface ${name} \\{$`, "m").exec(source);
  if (!m) throw new Error(`interface ${name} not found`);
  const end = source.indexOf(`\n${m[1]}}`, m.index);
  return { body: source.slice(m.index, end), indent: `${m[1]}    ` };
}

/** The property names an interface declares (its own members, not nested ones). */
function interfaceProps(source: string, name: string): string[] {
  const { body, indent } = interfaceBody(source, name);
  return [...body.matchAll(new RegExp(`^${indent}(\\w+)\\??: `, "gm"))].map((x) => x[1]);
}

describe("facts checked against @pulumi/azure-native", () => {
  const resources = sdkResources();
  const input = fs.readFileSync(path.join(SDK, "types", "input.d.ts"), "utf8");
  const namespace = (ns: string) => {
    const start = input.indexOf(`export declare namespace ${ns} {`);
    return input.slice(start, input.indexOf("\n}\n", start));
  };
  const argsOf = (type: string) => {
    const file = resources.get(type);
    if (!file) throw new Error(`${type} not in the SDK`);
    const source = fs.readFileSync(file, "utf8");
    const m = /export interface (\w+Args) \{/.exec(source);
    return interfaceProps(source, m![1]);
  };

  it("the taggable-types list matches the installed SDK", () => {
    const version = JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8")).version;
    const scanned = [...resources.entries()]
      .filter(([, file]) => declaresTags(file))
      .map(([type]) => type)
      .sort();
    const stored = Object.entries(TAGGABLE_TYPES)
      .flatMap(([mod, names]) => names.map((n) => `azure-native:${mod}:${n}`))
      .sort();
    const add = scanned.filter((t) => !stored.includes(t));
    const remove = stored.filter((t) => !scanned.includes(t));
    expect({ version, add, remove }).toEqual({
      version: AZURE_NATIVE_VERSION,
      add: [],
      remove: [],
    });
  });

  it("every name input the azure-name-valid rule reads is an input of its type", () => {
    for (const [type, names] of Object.entries(NAME_INPUTS)) {
      const props = argsOf(type);
      for (const { path: p } of names) expect([type, props.includes(p[0])]).toEqual([type, true]);
    }
    const pool = interfaceProps(
      namespace("containerservice"),
      "ManagedClusterAgentPoolProfileArgs",
    );
    expect(pool).toEqual(
      expect.arrayContaining(["name", "vmSize", "count", "maxCount", "enableAutoScaling"]),
    );
  });

  it("every input path the rules read exists in the SDK's input types", () => {
    const mls = namespace("machinelearningservices");
    expect(argsOf(TYPES.compute)).toEqual(
      expect.arrayContaining(["properties", "computeName", "tags"]),
    );
    expect(interfaceProps(mls, "ComputeInstanceArgs")).toEqual(
      expect.arrayContaining(["computeType", "disableLocalAuth", "properties"]),
    );
    expect(interfaceProps(mls, "ComputeInstancePropertiesArgs")).toEqual(
      expect.arrayContaining([
        "vmSize",
        "idleTimeBeforeShutdown",
        "personalComputeInstanceSettings",
        "sshSettings",
      ]),
    );
    expect(interfaceProps(mls, "PersonalComputeInstanceSettingsArgs")).toEqual(["assignedUser"]);
    expect(interfaceProps(mls, "AssignedUserArgs").sort()).toEqual(["objectId", "tenantId"]);
    expect(interfaceProps(mls, "ComputeInstanceSshSettingsArgs")).toContain("sshPublicAccess");
    expect(interfaceProps(mls, "AmlComputeArgs")).toEqual(
      expect.arrayContaining(["computeType", "disableLocalAuth", "properties"]),
    );
    expect(interfaceProps(mls, "AmlComputePropertiesArgs")).toEqual(
      expect.arrayContaining(["vmSize", "scaleSettings", "remoteLoginPortPublicAccess"]),
    );
    expect(interfaceProps(mls, "ScaleSettingsArgs")).toEqual(
      expect.arrayContaining(["minNodeCount", "maxNodeCount", "nodeIdleTimeBeforeScaleDown"]),
    );
    expect(interfaceProps(mls, "AKSArgs")).toEqual(
      expect.arrayContaining(["disableLocalAuth", "properties"]),
    );
    expect(interfaceProps(mls, "AKSSchemaPropertiesArgs")).toContain("agentVmSize");
    expect(argsOf(TYPES.storageAccount)).toEqual(
      expect.arrayContaining([
        "minimumTlsVersion",
        "enableHttpsTrafficOnly",
        "allowBlobPublicAccess",
        "sku",
        "tags",
      ]),
    );
    expect(argsOf(TYPES.blobContainer)).toContain("publicAccess");
    expect(interfaceProps(namespace("keyvault"), "VaultPropertiesArgs")).toEqual(
      expect.arrayContaining([
        "enableRbacAuthorization",
        "softDeleteRetentionInDays",
        "enableSoftDelete",
        "enablePurgeProtection",
      ]),
    );
    expect(argsOf(TYPES.registry)).toEqual(
      expect.arrayContaining(["adminUserEnabled", "anonymousPullEnabled", "sku"]),
    );
    const cs = namespace("containerservice");
    expect(argsOf(TYPES.managedCluster)).toEqual(
      expect.arrayContaining([
        "disableLocalAccounts",
        "enableRBAC",
        "aadProfile",
        "addonProfiles",
        "sku",
        "agentPoolProfiles",
      ]),
    );
    expect(interfaceProps(cs, "ManagedClusterAADProfileArgs")).toEqual(
      expect.arrayContaining(["managed", "enableAzureRBAC"]),
    );
    expect(interfaceProps(cs, "ManagedClusterAddonProfileArgs")).toContain("enabled");
    expect(interfaceProps(cs, "ManagedClusterSKUArgs")).toEqual(
      expect.arrayContaining(["name", "tier"]),
    );
    expect(argsOf(TYPES.agentPool)).toEqual(
      expect.arrayContaining(["vmSize", "count", "maxCount", "enableAutoScaling"]),
    );
    expect(argsOf(TYPES.roleAssignment)).toEqual(
      expect.arrayContaining(["roleDefinitionId", "principalId", "principalType"]),
    );
  });

  it("the enums behind the config's accepted values match the SDK", () => {
    const enums = (mod: string) =>
      fs.readFileSync(path.join(SDK, "types", "enums", mod, "index.js"), "utf8");
    const values = (src: string, name: string) => {
      const m = new RegExp(`exports\\.${name} = \\{([^}]*)\\}`).exec(src);
      return [...m![1].matchAll(/: "([^"]+)"/g)].map((x) => x[1]);
    };
    expect(POLICY_CONFIG_SPEC.allowedStorageSkus.items!.enum).toEqual(
      values(enums("storage"), "SkuName"),
    );
    expect(values(enums("storage"), "MinimumTlsVersion")).toEqual([
      "TLS1_0",
      "TLS1_1",
      "TLS1_2",
      "TLS1_3",
    ]);
    expect([...POLICY_CONFIG_SPEC.allowedRegistrySkus.items!.enum!].sort()).toEqual(
      values(enums("containerregistry"), "SkuName")
        .filter((s) => s !== "Classic")
        .sort(),
    );
    expect([...POLICY_CONFIG_SPEC.allowedAksTiers.items!.enum!].sort()).toEqual(
      values(enums("containerservice"), "ManagedClusterSKUTier").sort(),
    );
  });
});

/** Whether a resource's Args declare `tags?` as a map of strings (ARM tags, not e.g. a list). */
function declaresTags(file: string): boolean {
  const source = fs.readFileSync(file, "utf8");
  const m = /export interface (\w+Args) \{/.exec(source);
  if (!m) return false;
  const { body, indent } = interfaceBody(source, m[1]);
  return new RegExp(
    `\\n${indent}tags\\?: pulumi\\.Input<\\{\\n\\s+\\[key: string\\]: pulumi\\.Input<string>;`,
  ).test(body);
}

// ------------------------------------------------------------------------------------------------
// Inputs exactly as the azure-native SDK registers them (under Pulumi's mocks)

describe("resources registered through the azure-native SDK", () => {
  const registered: PlannedResource[] = [];

  beforeAll(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({
            urn: `urn:pulumi:test::dp100-labs::${args.type}::${args.name}`,
            type: args.type,
            name: args.name,
            parent: null,
            custom: args.custom ?? true,
            inputs: args.inputs,
          });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => {
          throw new Error(`unexpected invoke ${args.token}`);
        },
      },
      "dp100-labs",
      "test",
      false,
    );
  });

  const settle = (...resources: pulumi.CustomResource[]) =>
    Promise.all(resources.map((r) => new Promise((ok) => r.urn.apply(ok))));

  it("judges the SDK's registered shapes, defaults included", async () => {
    const ml = await import("@pulumi/azure-native/machinelearningservices");
    const storage = await import("@pulumi/azure-native/storage");
    const keyvault = await import("@pulumi/azure-native/keyvault");
    const acr = await import("@pulumi/azure-native/containerregistry");
    const authorization = await import("@pulumi/azure-native/authorization");

    const instance = new ml.Compute("ci", {
      resourceGroupName: "rg",
      workspaceName: "w",
      computeName: "dp100-ci-alice-aaaaa",
      tags: TAGS,
      properties: {
        computeType: "ComputeInstance",
        disableLocalAuth: true,
        properties: {
          vmSize: "Standard_NC6s_v3",
          idleTimeBeforeShutdown: "PT30M",
          personalComputeInstanceSettings: {
            assignedUser: { objectId: OBJECT_ID, tenantId: TENANT_ID },
          },
          sshSettings: { sshPublicAccess: ml.SshPublicAccess.Disabled },
        },
      },
    });
    const cluster = new ml.Compute("cluster", {
      resourceGroupName: "rg",
      workspaceName: "w",
      computeName: "aml-cluster",
      tags: TAGS,
      properties: {
        computeType: "AmlCompute",
        disableLocalAuth: true,
        properties: { vmSize: "Standard_DS11_v2", scaleSettings: { maxNodeCount: 2 } },
      },
    });
    const account = new storage.StorageAccount("st", {
      resourceGroupName: "rg",
      accountName: "dp100staaaaa",
      kind: storage.Kind.StorageV2,
      sku: { name: storage.SkuName.Standard_LRS },
      minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      tags: TAGS,
    });
    // Left to the SDK's defaults: softDeleteRetentionInDays 90, enableRbacAuthorization false.
    const vault = new keyvault.Vault("kv", {
      resourceGroupName: "rg",
      vaultName: "dp100-kv-aaaaa",
      tags: TAGS,
      properties: { tenantId: TENANT_ID, sku: { family: "A", name: "standard" } },
    });
    // Left to the SDK's defaults: adminUserEnabled and anonymousPullEnabled false.
    const registry = new acr.Registry("cr", {
      resourceGroupName: "rg",
      registryName: "dp100craaaaa",
      sku: { name: acr.SkuName.Basic },
      tags: TAGS,
    });
    const role = new authorization.RoleAssignment("owner", {
      scope: `${SUB}/resourceGroups/rg`,
      principalId: LEARNER,
      roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    });
    await settle(instance, cluster, account, vault, registry, role);

    const found = evaluate(registered, CONFIG).map((v) => [v.urn.split("::").pop(), v.rule]);
    expect(found.sort()).toEqual([
      ["ci", "vm-size-allowed"],
      ["cluster", "ml-compute-ssh-public-access-disabled"],
      ["kv", "keyvault-rbac-authorization"],
      ["owner", "role-no-privileged-learner"],
    ]);
    const vaultInputsSeen = registered.find((r) => r.name === "kv")!.inputs;
    expect(vaultInputsSeen.properties).toMatchObject({
      softDeleteRetentionInDays: 90,
      enableSoftDelete: true,
    });
    expect(registered.find((r) => r.name === "cr")!.inputs).toMatchObject({
      adminUserEnabled: false,
    });
  });
});
