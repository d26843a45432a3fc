import type { EnforcementLevel, PlannedResource, Violation } from "../plan/types";
import { nameViolation, type NameKind } from "../azure/nameRules";
import { DEFAULT_POLICY_CONFIG, type PolicyConfig, type PolicyConfigKey } from "./config";
import {
  UNKNOWN,
  baseType,
  describeSeconds,
  includesIgnoreCase,
  isGuid,
  lookup,
  lookupCaseInsensitive,
  parseIsoDuration,
  show,
  type Looked,
} from "./inputs";
import { TAGGABLE_TYPES } from "./taggable-types";
import { BUILT_IN_ROLES, PRIVILEGED_ROLE_IDS } from "../azure/roles";

export {
  DEFAULT_POLICY_CONFIG,
  POLICY_CONFIG_KEYS,
  POLICY_CONFIG_SPEC,
  PolicyConfigError,
  parsePolicyConfig,
} from "./config";
export type { PolicyConfig, PolicyConfigKey, PolicyConfigKeySpec } from "./config";

/**
 * The guardrails: each rule is a plain function over a resource's type and inputs as registered,
 * used by the offline plan (`evaluate`, the plan's `violations`) and by the CrossGuard pack in
 * policy/ alike. A rule returns one message per problem; each message says what is wrong and how to
 * fix it. Values the plan shows as "[unknown]" or "[secret]" are never judged.
 */

/** What a rule looks at: a resource as the program registered it. */
export type RuleSubject = Pick<PlannedResource, "type" | "name" | "urn" | "inputs">;

export interface Rule {
  /** kebab-case id; the CrossGuard policy name. */
  readonly id: string;
  /** One sentence: what the rule requires. */
  readonly description: string;
  /** mandatory violations fail the plan (exit 1) and block `pulumi up`; advisory ones only warn. */
  readonly level: EnforcementLevel;
  /** The configuration keys the rule reads (the CrossGuard policy's config schema). */
  readonly configKeys: readonly PolicyConfigKey[];
  /** Whether the rule looks at resources of this Pulumi type token. */
  appliesTo(type: string): boolean;
  /** Messages saying how to fix each problem; empty when the resource complies. */
  check(resource: RuleSubject, config: PolicyConfig): string[];
}

/** The azure-native type tokens the rules look at. */
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
} as const;

/**
 * Built-in roles a learner must never hold (Azure's Privileged category: they manage everything or
 * hand out access), by id: the one role table in azure/roles.ts, which components grant from.
 */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = PRIVILEGED_ROLE_IDS;

/** ISO 8601 bounds Azure enforces on a compute instance's idle shutdown. */
export const IDLE_SHUTDOWN_MIN_SECONDS = 15 * 60;
export const IDLE_SHUTDOWN_MAX_SECONDS = 3 * 86400;
/** Key vault soft-delete retention bounds, in days. */
export const SOFT_DELETE_MIN_DAYS = 7;
export const SOFT_DELETE_MAX_DAYS = 90;

const is =
  (...types: string[]) =>
  (type: string): boolean =>
    types.includes(baseType(type));

/** The ML compute kind (`ComputeInstance`, `AmlCompute`, ...), UNKNOWN or undefined. */
function computeType(inputs: Record<string, unknown>): Looked {
  return lookup(inputs, ["properties", "computeType"]);
}

const INSTANCE = ["properties", "properties"] as const;
const CLUSTER = ["properties", "properties"] as const;

/** A boolean input that must be exactly `want`; returns a message or undefined. */
function requireBool(
  inputs: Record<string, unknown>,
  path: readonly string[],
  want: boolean,
  what: string,
  fix: string,
): string | undefined {
  const v = lookup(inputs, path);
  if (v === UNKNOWN || v === want) return undefined;
  return `${what}: ${path.join(".")} is ${show(v)}; ${fix}`;
}

/** A value that must not be `bad` (Azure's default is fine). */
function forbidValue(
  inputs: Record<string, unknown>,
  path: readonly string[],
  bad: unknown,
  what: string,
  fix: string,
): string | undefined {
  const v = lookup(inputs, path);
  if (v === UNKNOWN || v !== bad) return undefined;
  return `${what}: ${path.join(".")} is ${show(v)}; ${fix}`;
}

function compact(messages: (string | undefined)[]): string[] {
  return messages.filter((m): m is string => m !== undefined);
}

/** A SKU or tier that must be in an allow-list; `fallback` is Azure's default when unset. */
function allowListed(
  value: Looked,
  allowed: readonly string[],
  path: string,
  what: string,
  configKey: PolicyConfigKey,
  fallback?: string,
): string[] {
  if (value === UNKNOWN) return [];
  const effective = value ?? fallback;
  if (typeof effective === "string" && includesIgnoreCase(allowed, effective)) return [];
  return [
    `${what} ${path} is ${show(value)}, not one of ${allowed.join(", ")}; ` +
      `set ${path} to an allowed value, or add it to the policy config '${configKey}'`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Azure ML compute

const mlInstanceIdleShutdown: Rule = {
  id: "ml-instance-idle-shutdown",
  description:
    "Compute instances shut down after 15 minutes to 3 days of inactivity (idleTimeBeforeShutdown, ISO 8601).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.compute),
  check({ inputs }) {
    if (computeType(inputs) !== "ComputeInstance") return [];
    const path = [...INSTANCE, "idleTimeBeforeShutdown"];
    const v = lookup(inputs, path);
    if (v === UNKNOWN) return [];
    const fix =
      `set ${path.join(".")} to an ISO 8601 duration from PT15M to P3D, e.g. PT30M ` +
      `(stack config dp100-labs:idleShutdownMinutes)`;
    if (v === undefined) return [`compute instance has no idle shutdown; ${fix}`];
    const seconds = typeof v === "string" ? parseIsoDuration(v) : undefined;
    if (seconds === undefined) {
      return [`compute instance idle shutdown ${show(v)} is not an ISO 8601 duration; ${fix}`];
    }
    if (seconds < IDLE_SHUTDOWN_MIN_SECONDS || seconds > IDLE_SHUTDOWN_MAX_SECONDS) {
      return [
        `compute instance idle shutdown ${show(v)} (${describeSeconds(seconds)}) is outside ` +
          `15 minutes to 3 days; ${fix}`,
      ];
    }
    return [];
  },
};

const mlInstanceAssignedUser: Rule = {
  id: "ml-instance-assigned-user",
  description:
    "Compute instances are assigned to one user (personalComputeInstanceSettings.assignedUser objectId and tenantId).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.compute),
  check({ inputs }) {
    if (computeType(inputs) !== "ComputeInstance") return [];
    const base = [...INSTANCE, "personalComputeInstanceSettings", "assignedUser"];
    const user = lookup(inputs, base);
    if (user === UNKNOWN) return [];
    const fix = `set ${base.join(".")} to {objectId, tenantId} of the learner (Entra object id and tenant id)`;
    if (user === undefined || user === null || typeof user !== "object") {
      return [`compute instance has no assigned user; ${fix}`];
    }
    return compact(
      (["objectId", "tenantId"] as const).map((key) => {
        const v = lookup(user, [key]);
        if (v === UNKNOWN || isGuid(v)) return undefined;
        return `compute instance assigned user ${key} is ${show(v)}, not a GUID; ${fix}`;
      }),
    );
  },
};

const mlClusterScaleToZero: Rule = {
  id: "ml-cluster-scale-to-zero",
  description: "Compute clusters scale to zero nodes when idle (scaleSettings.minNodeCount 0).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.compute),
  check({ inputs }) {
    if (computeType(inputs) !== "AmlCompute") return [];
    const path = [...CLUSTER, "scaleSettings", "minNodeCount"];
    const v = lookup(inputs, path);
    // Unset means Azure's default, 0.
    if (v === UNKNOWN || v === undefined || v === 0) return [];
    return [
      `compute cluster keeps ${show(v)} nodes running when idle: ${path.join(".")} is ${show(v)}; ` +
        `set it to 0 so idle nodes are released and cost nothing`,
    ];
  },
};

const mlClusterMaxNodes: Rule = {
  id: "ml-cluster-max-nodes",
  description: "Compute clusters have a bounded maximum node count (scaleSettings.maxNodeCount).",
  level: "mandatory",
  configKeys: ["maxClusterNodes"],
  appliesTo: is(TYPES.compute),
  check({ inputs }, config) {
    if (computeType(inputs) !== "AmlCompute") return [];
    const path = [...CLUSTER, "scaleSettings", "maxNodeCount"];
    const v = lookup(inputs, path);
    if (v === UNKNOWN) return [];
    if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= config.maxClusterNodes) {
      return [];
    }
    return [
      `compute cluster ${path.join(".")} is ${show(v)}; set it to an integer from 1 to ` +
        `${config.maxClusterNodes} (stack config dp100-labs:clusterMaxNodes), or raise the ` +
        `policy config 'maxClusterNodes'`,
    ];
  },
};

const mlComputeLocalAuthDisabled: Rule = {
  id: "ml-compute-local-auth-disabled",
  description: "All Azure ML compute has local authentication disabled (disableLocalAuth true).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.compute),
  check({ inputs }) {
    return compact([
      requireBool(
        inputs,
        ["properties", "disableLocalAuth"],
        true,
        "ML compute allows local (key) authentication",
        "set properties.disableLocalAuth to true so only Entra ID and managed identities work",
      ),
    ]);
  },
};

const mlComputeSshDisabled: Rule = {
  id: "ml-compute-ssh-public-access-disabled",
  description:
    "No public SSH on ML compute (instance sshSettings.sshPublicAccess and cluster remoteLoginPortPublicAccess 'Disabled').",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.compute),
  check({ inputs }) {
    const kind = computeType(inputs);
    const path =
      kind === "ComputeInstance"
        ? [...INSTANCE, "sshSettings", "sshPublicAccess"]
        : kind === "AmlCompute"
          ? [...CLUSTER, "remoteLoginPortPublicAccess"]
          : undefined;
    if (!path) return [];
    const v = lookup(inputs, path);
    if (v === UNKNOWN || (typeof v === "string" && v.toLowerCase() === "disabled")) return [];
    const what = kind === "ComputeInstance" ? "compute instance" : "compute cluster";
    return [
      `${what} SSH port may be public: ${path.join(".")} is ${show(v)}; set it to 'Disabled' ` +
        `(learners use the studio, Jupyter or VS Code through Azure ML instead)`,
    ];
  },
};

const mlComputeNoLegacyAks: Rule = {
  id: "ml-compute-no-legacy-aks",
  description:
    "No legacy AKS attach (computeType AKS): v2 online endpoints refuse it and SDK v1, which used it, is out of support.",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.compute),
  check({ inputs }) {
    if (computeType(inputs) !== "AKS") return [];
    // Sources: the v2 API refuses online endpoints on an `AKS` target ("no longer supported",
    // Azure/azure-cli-extensions#5102); AksCompute is legacy with no CLI/SDK v2
    // (learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-anywhere); SDK v1
    // support ended 2026-06-30 (MicrosoftDocs/azure-ai-docs includes/sdk-v1-deprecation.md).
    return [
      "ML compute attaches AKS as legacy computeType 'AKS', which only SDK v1 web services use " +
        "(out of support) and which v2 online endpoints refuse; install the Azure ML extension " +
        "(Microsoft.AzureML.Kubernetes) on the cluster and attach it as computeType 'Kubernetes' " +
        "(components/kubernetesInference.ts, lab deploy-kubernetes-online-endpoint)",
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// VM sizes (ML compute and AKS node pools)

function vmSizeMessage(where: string, v: unknown, allowed: readonly string[]): string {
  const gpu = typeof v === "string" && /^standard_n/i.test(v) ? " (an N-series GPU size)" : "";
  return (
    `${where} is ${show(v)}${gpu}, not an allowed VM size (${allowed.join(", ")}); ` +
    `pick an allowed size (stack config dp100-labs:instanceVmSize / clusterVmSize), or add it ` +
    `to the policy config 'allowedVmSizes'`
  );
}

function checkVmSize(v: Looked, where: string, allowed: readonly string[]): string[] {
  if (v === UNKNOWN) return [];
  if (typeof v === "string" && includesIgnoreCase(allowed, v)) return [];
  return [vmSizeMessage(where, v, allowed)];
}

const vmSizeAllowed: Rule = {
  id: "vm-size-allowed",
  description:
    "ML compute and AKS node pools use a VM size from the allow-list (no GPU sizes unless configured).",
  level: "mandatory",
  configKeys: ["allowedVmSizes"],
  appliesTo: is(TYPES.compute, TYPES.managedCluster, TYPES.agentPool),
  check({ type, inputs }, config) {
    const allowed = config.allowedVmSizes;
    switch (baseType(type)) {
      case TYPES.compute: {
        const kind = computeType(inputs);
        if (kind === "ComputeInstance" || kind === "AmlCompute") {
          const path = [...INSTANCE, "vmSize"];
          return checkVmSize(lookup(inputs, path), path.join("."), allowed);
        }
        if (kind === "AKS") {
          const path = [...INSTANCE, "agentVmSize"];
          const v = lookup(inputs, path);
          return v === undefined ? [] : checkVmSize(v, path.join("."), allowed);
        }
        return [];
      }
      case TYPES.managedCluster: {
        const pools = lookup(inputs, ["agentPoolProfiles"]);
        if (!Array.isArray(pools)) return [];
        return pools.flatMap((pool, i) =>
          checkVmSize(lookup(pool, ["vmSize"]), `agentPoolProfiles[${i}].vmSize`, allowed),
        );
      }
      default:
        return checkVmSize(lookup(inputs, ["vmSize"]), "vmSize", allowed);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Storage

const storageTls12: Rule = {
  id: "storage-tls-1-2",
  description: "Storage accounts require TLS 1.2 or later (minimumTlsVersion TLS1_2).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.storageAccount),
  check({ inputs }) {
    const v = lookup(inputs, ["minimumTlsVersion"]);
    if (v === UNKNOWN || v === "TLS1_2" || v === "TLS1_3") return [];
    return [`storage account minimumTlsVersion is ${show(v)}; set minimumTlsVersion to 'TLS1_2'`];
  },
};

const storageHttpsOnly: Rule = {
  id: "storage-https-only",
  description: "Storage accounts accept HTTPS only (enableHttpsTrafficOnly true).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.storageAccount),
  check({ inputs }) {
    return compact([
      requireBool(
        inputs,
        ["enableHttpsTrafficOnly"],
        true,
        "storage account may accept plain HTTP",
        "set enableHttpsTrafficOnly to true",
      ),
    ]);
  },
};

const storageNoPublicBlob: Rule = {
  id: "storage-no-public-blob-access",
  description:
    "No anonymous blob access: storage accounts set allowBlobPublicAccess false and containers keep publicAccess 'None'.",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.storageAccount, TYPES.blobContainer),
  check({ type, inputs }) {
    if (baseType(type) === TYPES.storageAccount) {
      return compact([
        requireBool(
          inputs,
          ["allowBlobPublicAccess"],
          false,
          "storage account may allow anonymous blob access",
          "set allowBlobPublicAccess to false (lab data is read with the learner's identity)",
        ),
      ]);
    }
    const v = lookup(inputs, ["publicAccess"]);
    if (v === UNKNOWN || v === undefined || v === "None") return [];
    return [
      `blob container is readable anonymously: publicAccess is ${show(v)}; remove publicAccess ` +
        `or set it to 'None'`,
    ];
  },
};

const storageSkuAllowed: Rule = {
  id: "storage-sku-allowed",
  description: "Storage accounts use an allowed SKU (Standard_LRS unless configured).",
  level: "advisory",
  configKeys: ["allowedStorageSkus"],
  appliesTo: is(TYPES.storageAccount),
  check({ inputs }, config) {
    return allowListed(
      lookup(inputs, ["sku", "name"]),
      config.allowedStorageSkus,
      "sku.name",
      "storage account",
      "allowedStorageSkus",
    );
  },
};

// ---------------------------------------------------------------------------------------------
// Key vault

const keyVaultRbac: Rule = {
  id: "keyvault-rbac-authorization",
  description: "Key vaults use Azure RBAC, not access policies (enableRbacAuthorization true).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.vault),
  check({ inputs }) {
    return compact([
      requireBool(
        inputs,
        ["properties", "enableRbacAuthorization"],
        true,
        "key vault uses access policies",
        "set properties.enableRbacAuthorization to true and grant access with role assignments",
      ),
    ]);
  },
};

const keyVaultSoftDelete: Rule = {
  id: "keyvault-soft-delete-retention",
  description:
    "Key vaults keep soft delete on with a retention of 7 to 90 days (softDeleteRetentionInDays).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.vault),
  check({ inputs }) {
    const days = lookup(inputs, ["properties", "softDeleteRetentionInDays"]);
    const ok =
      days === UNKNOWN ||
      (typeof days === "number" &&
        Number.isInteger(days) &&
        days >= SOFT_DELETE_MIN_DAYS &&
        days <= SOFT_DELETE_MAX_DAYS);
    return compact([
      ok
        ? undefined
        : `key vault properties.softDeleteRetentionInDays is ${show(days)}; set it to an integer ` +
          `from 7 to 90 (7 keeps a deleted vault's name blocked for the shortest time)`,
      forbidValue(
        inputs,
        ["properties", "enableSoftDelete"],
        false,
        "key vault turns soft delete off",
        "remove properties.enableSoftDelete or set it to true (Azure no longer allows turning it off)",
      ),
    ]);
  },
};

const keyVaultPurgeProtection: Rule = {
  id: "keyvault-purge-protection",
  description:
    "Key vaults enable purge protection only when configured (it cannot be undone and blocks the name for up to 90 days).",
  level: "mandatory",
  configKeys: ["purgeProtectionAllowed"],
  appliesTo: is(TYPES.vault),
  check({ inputs }, config) {
    if (config.purgeProtectionAllowed) return [];
    return compact([
      forbidValue(
        inputs,
        ["properties", "enablePurgeProtection"],
        true,
        "key vault enables purge protection, which can never be turned off",
        "remove properties.enablePurgeProtection (stack config dp100-labs:purgeProtection false), " +
          "or set the policy config 'purgeProtectionAllowed' to true when it is really wanted",
      ),
    ]);
  },
};

// ---------------------------------------------------------------------------------------------
// Container registry

const registryAdminUserDisabled: Rule = {
  id: "registry-admin-user-disabled",
  description: "Container registries have the admin user off (adminUserEnabled false).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.registry),
  check({ inputs }) {
    return compact([
      forbidValue(
        inputs,
        ["adminUserEnabled"],
        true,
        "container registry has a shared admin user",
        "set adminUserEnabled to false; the workspace pulls with its managed identity",
      ),
    ]);
  },
};

const registryAnonymousPullDisabled: Rule = {
  id: "registry-anonymous-pull-disabled",
  description: "Container registries refuse anonymous pulls (anonymousPullEnabled false).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.registry),
  check({ inputs }) {
    return compact([
      forbidValue(
        inputs,
        ["anonymousPullEnabled"],
        true,
        "container registry allows anonymous pulls",
        "set anonymousPullEnabled to false",
      ),
    ]);
  },
};

const registrySkuAllowed: Rule = {
  id: "registry-sku-allowed",
  description: "Container registries use an allowed SKU (Basic unless configured).",
  level: "advisory",
  configKeys: ["allowedRegistrySkus"],
  appliesTo: is(TYPES.registry),
  check({ inputs }, config) {
    return allowListed(
      lookup(inputs, ["sku", "name"]),
      config.allowedRegistrySkus,
      "sku.name",
      "container registry",
      "allowedRegistrySkus",
    );
  },
};

// ---------------------------------------------------------------------------------------------
// AKS

/** Whether `name` matches a pattern where `*` stands for any run of characters. */
export function matchesPattern(pattern: string, name: string): boolean {
  const re = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${re.join(".*")}$`).test(name);
}

const aksLocalAccountsDisabled: Rule = {
  id: "aks-local-accounts-disabled",
  description:
    "AKS clusters have local accounts disabled (disableLocalAccounts true), except the clusters named in aksLocalAccountsExceptions, each with its reason.",
  level: "mandatory",
  configKeys: ["aksLocalAccountsExceptions"],
  appliesTo: is(TYPES.managedCluster),
  check({ name, inputs }, config) {
    const excepted = Object.keys(config.aksLocalAccountsExceptions).some((p) =>
      matchesPattern(p, name),
    );
    if (excepted) return [];
    return compact([
      requireBool(
        inputs,
        ["disableLocalAccounts"],
        true,
        "AKS cluster keeps local (static admin) accounts",
        "set disableLocalAccounts to true; sign in with Entra ID",
      ),
    ]);
  },
};

const aksEntraRbac: Rule = {
  id: "aks-entra-id-rbac",
  description:
    "AKS clusters use Kubernetes RBAC with Entra ID (enableRBAC, aadProfile.managed and aadProfile.enableAzureRBAC true).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.managedCluster),
  check({ inputs }) {
    const aad = lookup(inputs, ["aadProfile"]);
    const entra =
      aad === undefined || aad === null
        ? [
            "AKS cluster is not integrated with Entra ID: aadProfile is not set; set aadProfile " +
              "to { managed: true, enableAzureRBAC: true }",
          ]
        : [];
    return compact([
      ...entra,
      requireBool(
        inputs,
        ["enableRBAC"],
        true,
        "AKS cluster does not turn Kubernetes RBAC on",
        "set enableRBAC to true",
      ),
      entra.length > 0
        ? undefined
        : requireBool(
            inputs,
            ["aadProfile", "managed"],
            true,
            "AKS cluster is not integrated with Entra ID",
            "set aadProfile.managed to true",
          ),
      entra.length > 0
        ? undefined
        : requireBool(
            inputs,
            ["aadProfile", "enableAzureRBAC"],
            true,
            "AKS cluster does not use Azure RBAC for Kubernetes authorization",
            "set aadProfile.enableAzureRBAC to true",
          ),
    ]);
  },
};

const aksAzurePolicyAddon: Rule = {
  id: "aks-azure-policy-addon",
  description: "AKS clusters run the Azure Policy add-on (addonProfiles.azurepolicy.enabled true).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.managedCluster),
  check({ inputs }) {
    const addon = lookupCaseInsensitive(lookup(inputs, ["addonProfiles"]), "azurepolicy");
    if (addon === UNKNOWN) return [];
    const enabled = lookup(addon, ["enabled"]);
    if (enabled === UNKNOWN || enabled === true) return [];
    return [
      `AKS cluster has no Azure Policy add-on: addonProfiles.azurepolicy.enabled is ${show(enabled)}; ` +
        `set addonProfiles.azurepolicy to { enabled: true }`,
    ];
  },
};

const aksTierAllowed: Rule = {
  id: "aks-tier-allowed",
  description: "AKS clusters use an allowed control-plane tier (Free unless configured).",
  level: "mandatory",
  configKeys: ["allowedAksTiers"],
  appliesTo: is(TYPES.managedCluster),
  check({ inputs }, config) {
    // Azure's default tier is Free.
    return allowListed(
      lookup(inputs, ["sku", "tier"]),
      config.allowedAksTiers,
      "sku.tier",
      "AKS cluster",
      "allowedAksTiers",
      "Free",
    );
  },
};

const aksPodCidrOverlay: Rule = {
  id: "aks-pod-cidr-overlay",
  description:
    "An AKS pod CIDR is only set with Azure CNI in overlay mode (networkProfile.podCidr needs networkPluginMode 'overlay' with networkPlugin 'azure').",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.managedCluster),
  check({ inputs }) {
    // Flat Azure CNI gives pods addresses from the node subnet, so a pod CIDR means nothing there:
    // the Azure CLI refuses --pod-cidr without --network-plugin-mode overlay, and Azure ignores
    // or refuses it (learn.microsoft.com/azure/aks/azure-cni-overlay; `az aks create` reference).
    const podCidr = lookup(inputs, ["networkProfile", "podCidr"]);
    const plugin = lookup(inputs, ["networkProfile", "networkPlugin"]);
    const mode = lookup(inputs, ["networkProfile", "networkPluginMode"]);
    if (podCidr === undefined || podCidr === UNKNOWN || plugin === UNKNOWN || mode === UNKNOWN) {
      return [];
    }
    if (typeof plugin !== "string" || plugin.toLowerCase() !== "azure") return [];
    if (typeof mode === "string" && mode.toLowerCase() === "overlay") return [];
    return [
      `AKS networkProfile.podCidr is ${show(podCidr)} with Azure CNI outside overlay mode ` +
        `(networkPluginMode ${show(mode)}); set networkProfile.networkPluginMode to 'overlay', ` +
        `or remove podCidr`,
    ];
  },
};

/** Most nodes a pool can run: the autoscaler maximum when on, else count (Azure's default 1). */
function poolNodes(pool: unknown): number | typeof UNKNOWN | undefined {
  const autoscale = lookup(pool, ["enableAutoScaling"]);
  if (autoscale === UNKNOWN) return UNKNOWN;
  const v = lookup(pool, [autoscale === true ? "maxCount" : "count"]);
  if (v === UNKNOWN) return UNKNOWN;
  if (v === undefined) return autoscale === true ? undefined : 1;
  return typeof v === "number" ? v : undefined;
}

const aksNodeCountBounded: Rule = {
  id: "aks-node-count-bounded",
  description:
    "AKS clusters run a bounded number of nodes (count, or maxCount with autoscaling, over all pools).",
  level: "mandatory",
  configKeys: ["maxAksNodes"],
  appliesTo: is(TYPES.managedCluster, TYPES.agentPool),
  check({ type, inputs }, config) {
    const max = config.maxAksNodes;
    const fix = `lower count (or maxCount with autoscaling), or raise the policy config 'maxAksNodes' (now ${max})`;
    if (baseType(type) === TYPES.agentPool) {
      const n = poolNodes(inputs);
      if (n === UNKNOWN) return [];
      if (n === undefined)
        return [`AKS node pool has autoscaling on and no maxCount; set maxCount`];
      return n > max ? [`AKS node pool can run ${n} nodes, more than ${max}; ${fix}`] : [];
    }
    const pools = lookup(inputs, ["agentPoolProfiles"]);
    if (pools === UNKNOWN) return [];
    if (!Array.isArray(pools) || pools.length === 0) {
      return [`AKS cluster has no agentPoolProfiles; add one system pool of 1 to ${max} nodes`];
    }
    let total = 0;
    for (const [i, pool] of pools.entries()) {
      const n = poolNodes(pool);
      if (n === UNKNOWN) return [];
      if (n === undefined) {
        return [`AKS agentPoolProfiles[${i}] has autoscaling on and no maxCount; set maxCount`];
      }
      total += n;
    }
    return total > max
      ? [`AKS cluster can run ${total} nodes over all pools, more than ${max}; ${fix}`]
      : [];
  },
};

// ---------------------------------------------------------------------------------------------
// Tags

/** Whether an azure-native type takes a top-level `tags` input (see taggable-types.ts). */
export function takesTags(type: string): boolean {
  const [provider, module, name] = baseType(type).split(":");
  if (provider !== "azure-native" || module === undefined || name === undefined) return false;
  return TAGGABLE_TYPES[module]?.includes(name) ?? false;
}

const requiredTags: Rule = {
  id: "required-tags",
  description:
    "Every azure-native resource that takes tags carries the required tags (cohort, labs, owner, expiresOn) with values.",
  level: "mandatory",
  configKeys: ["requiredTags"],
  appliesTo: takesTags,
  check({ inputs }, config) {
    const tags = lookup(inputs, ["tags"]);
    if (tags === UNKNOWN || config.requiredTags.length === 0) return [];
    const missing = config.requiredTags.filter((name) => {
      const v = lookupCaseInsensitive(tags, name);
      return v !== UNKNOWN && (typeof v !== "string" || v.trim() === "");
    });
    if (missing.length === 0) return [];
    return [
      `resource lacks the tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}; pass the ` +
        `stack's tags (cohort, lab set, owner, expiry) to this resource's tags input`,
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Role assignments

/** The GUID at the end of a role definition id (or the id itself when it is a bare GUID). */
export function roleGuid(roleDefinitionId: string): string | undefined {
  const m =
    /(?:^|\/roleDefinitions\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(
      roleDefinitionId.trim(),
    );
  return m?.[1].toLowerCase();
}

const roleNoPrivilegedLearner: Rule = {
  id: "role-no-privileged-learner",
  description:
    "Learners never get Owner, Contributor, User Access Administrator or RBAC Administrator.",
  level: "mandatory",
  configKeys: ["learnerPrincipalIds"],
  appliesTo: is(TYPES.roleAssignment),
  check({ inputs }, config) {
    const role = lookup(inputs, ["roleDefinitionId"]);
    const principal = lookup(inputs, ["principalId"]);
    if (typeof role !== "string" || typeof principal !== "string") return [];
    const guid = roleGuid(role);
    const roleName = guid === undefined ? undefined : PRIVILEGED_ROLES[guid];
    if (roleName === undefined || !includesIgnoreCase(config.learnerPrincipalIds, principal)) {
      return [];
    }
    return [
      `learner ${principal} is given ${roleName} (${guid}); give learners ` +
        `${BUILT_IN_ROLES.azureMlDataScientist.displayName} (${BUILT_IN_ROLES.azureMlDataScientist.id}) and ` +
        `${BUILT_IN_ROLES.azureMlComputeOperator.displayName} (${BUILT_IN_ROLES.azureMlComputeOperator.id}) on their workspace instead`,
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Azure names

/** One Azure name input of a resource type: its path (`*` = every array element) and kind. */
export interface NameInput {
  readonly path: readonly string[];
  readonly kind: NameKind;
}

/** Where each named resource type takes its Azure name (checked against the azure-native SDK). */
export const NAME_INPUTS: Readonly<Record<string, readonly NameInput[]>> = {
  [TYPES.resourceGroup]: [{ path: ["resourceGroupName"], kind: "resourceGroup" }],
  [TYPES.storageAccount]: [{ path: ["accountName"], kind: "storageAccount" }],
  [TYPES.vault]: [{ path: ["vaultName"], kind: "keyVault" }],
  [TYPES.registry]: [{ path: ["registryName"], kind: "containerRegistry" }],
  [TYPES.mlWorkspace]: [{ path: ["workspaceName"], kind: "mlWorkspace" }],
  [TYPES.compute]: [{ path: ["computeName"], kind: "mlCompute" }],
  [TYPES.datastore]: [{ path: ["name"], kind: "mlDatastore" }],
  [TYPES.managedCluster]: [
    { path: ["resourceName"], kind: "aksCluster" },
    { path: ["dnsPrefix"], kind: "aksDnsPrefix" },
    { path: ["agentPoolProfiles", "*", "name"], kind: "aksNodePool" },
  ],
  [TYPES.agentPool]: [{ path: ["agentPoolName"], kind: "aksNodePool" }],
  [TYPES.logAnalytics]: [{ path: ["workspaceName"], kind: "logAnalytics" }],
  [TYPES.appInsights]: [{ path: ["resourceName"], kind: "appInsights" }],
  [TYPES.actionGroup]: [{ path: ["actionGroupName"], kind: "actionGroup" }],
  [TYPES.budget]: [{ path: ["budgetName"], kind: "budget" }],
};

/** Every (display path, value) at `path`, expanding `*` over arrays. */
function collect(root: unknown, path: readonly string[], shown = ""): [string, Looked][] {
  if (path.length === 0) return [[shown, lookup(root, [])]];
  const [head, ...rest] = path;
  if (head === "*") {
    const arr = lookup(root, []);
    if (!Array.isArray(arr)) return [];
    return arr.flatMap((item, i) => collect(item, rest, `${shown}[${i}]`));
  }
  const next = lookup(root, [head]);
  if (next === UNKNOWN) return [];
  return collect(next, rest, shown ? `${shown}.${head}` : head);
}

const azureNameValid: Rule = {
  id: "azure-name-valid",
  description: "Every Azure resource name obeys its resource type's rules (length, characters).",
  level: "mandatory",
  configKeys: [],
  appliesTo: (type) => baseType(type) in NAME_INPUTS,
  check({ type, inputs }) {
    // An unset name is left to the provider's auto-naming and cannot be judged here.
    return NAME_INPUTS[baseType(type)].flatMap(({ path, kind }) =>
      collect(inputs, path).flatMap(([where, v]) => {
        if (typeof v !== "string") return [];
        const reason = nameViolation(kind, v);
        return reason
          ? [`${where}: ${reason}; build the name with components/naming.ts (composeName or Namer)`]
          : [];
      }),
    );
  },
};

/** Every rule, in the order reports list them. */
export const RULES: readonly Rule[] = [
  mlInstanceIdleShutdown,
  mlInstanceAssignedUser,
  mlClusterScaleToZero,
  mlClusterMaxNodes,
  mlComputeLocalAuthDisabled,
  mlComputeSshDisabled,
  mlComputeNoLegacyAks,
  vmSizeAllowed,
  storageTls12,
  storageHttpsOnly,
  storageNoPublicBlob,
  storageSkuAllowed,
  keyVaultRbac,
  keyVaultSoftDelete,
  keyVaultPurgeProtection,
  registryAdminUserDisabled,
  registryAnonymousPullDisabled,
  registrySkuAllowed,
  aksLocalAccountsDisabled,
  aksEntraRbac,
  aksAzurePolicyAddon,
  aksTierAllowed,
  aksPodCidrOverlay,
  aksNodeCountBounded,
  requiredTags,
  roleNoPrivilegedLearner,
  azureNameValid,
];

/** The rule with this id, or an error listing the ids. */
export function ruleById(id: string, rules: readonly Rule[] = RULES): Rule {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no guardrail '${id}'; known: ${rules.map((r) => r.id).join(", ")}`);
  return rule;
}

/**
 * Runs every rule over every resource (components, `custom: false`, are skipped) and returns the
 * violations in resource order, then rule order.
 */
export function evaluate(
  resources: readonly (RuleSubject & { readonly custom?: boolean })[],
  config: PolicyConfig = DEFAULT_POLICY_CONFIG,
  rules: readonly Rule[] = RULES,
): Violation[] {
  const out: Violation[] = [];
  for (const resource of resources) {
    if (resource.custom === false) continue;
    for (const rule of rules) {
      if (!rule.appliesTo(resource.type)) continue;
      for (const message of rule.check(resource, config)) {
        out.push({ rule: rule.id, urn: resource.urn, message, level: rule.level });
      }
    }
  }
  return out;
}

/** Whether any violation is mandatory (the plan then exits 1). */
export function hasMandatory(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.level === "mandatory");
}
