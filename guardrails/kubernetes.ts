import { UNKNOWN, baseType, lookup, lookupCaseInsensitive, show } from "./inputs";
import { allowListed, compact, is, requireBool, type Rule } from "./rule";
import { TYPES } from "./typeTokens";

// AKS clusters and node pools.

/** Whether `name` matches a pattern where `*` stands for any run of characters. */
export function matchesPattern(pattern: string, name: string): boolean {
  const re = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${re.join(".*")}$`).test(name);
}

export const aksLocalAccountsDisabled: Rule = {
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

export const aksEntraRbac: Rule = {
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

export const aksAzurePolicyAddon: Rule = {
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

export const aksTierAllowed: Rule = {
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

export const aksPodCidrOverlay: Rule = {
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

export const aksNodeCountBounded: Rule = {
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

/** The AKS rules, in the order reports list them. */
export const KUBERNETES_RULES: readonly Rule[] = [
  aksLocalAccountsDisabled,
  aksEntraRbac,
  aksAzurePolicyAddon,
  aksTierAllowed,
  aksPodCidrOverlay,
  aksNodeCountBounded,
];
