import { GUID_SOURCE, TAG_NAME_SOURCE, VM_SIZE_SOURCE } from "../azure/formats";
import { defaultAllowedVmSizes } from "../azure/vmSizes";

/**
 * The guardrails' configuration: allow-lists and limits the rules read. One object, with documented
 * defaults, shared by the offline plan (built from the stack configuration) and the CrossGuard pack
 * (each policy reads its own keys from the pack's config, see policy/).
 */

export interface PolicyConfig {
  /** VM sizes ML compute and AKS nodes may use (case-insensitive). No GPU (N-series) by default. */
  readonly allowedVmSizes: readonly string[];
  /** Highest `maxNodeCount` of an Azure ML compute cluster. Default 4. */
  readonly maxClusterNodes: number;
  /** Highest node count of one AKS cluster (all pools, autoscaler maximum when on). Default 3. */
  readonly maxAksNodes: number;
  /** Storage account SKUs allowed. Default ["Standard_LRS"]. */
  readonly allowedStorageSkus: readonly string[];
  /** Container registry SKUs allowed. Default ["Basic"]. */
  readonly allowedRegistrySkus: readonly string[];
  /** AKS control-plane tiers allowed. Default ["Free"]. */
  readonly allowedAksTiers: readonly string[];
  /** Whether key vaults may turn purge protection on (it cannot be turned off). Default false. */
  readonly purgeProtectionAllowed: boolean;
  /** Tag names every taggable resource must carry, with a non-empty value. */
  readonly requiredTags: readonly string[];
  /** Object ids of learners: they never get Owner, Contributor or (RBAC) access administration. */
  readonly learnerPrincipalIds: readonly string[];
  /**
   * AKS clusters allowed to keep local accounts: logical-name pattern (`*` matches any run of
   * characters) to the reason. Default: the Kubernetes inference cluster (`*-env-k8s-aks`), see
   * KUBERNETES_LOCAL_ACCOUNTS_REASON.
   */
  readonly aksLocalAccountsExceptions: Readonly<Record<string, string>>;
}

export type PolicyConfigKey = keyof PolicyConfig;

/**
 * CPU sizes the lab catalog uses or may use (general purpose D/DS and memory-optimised E/DS1x): the
 * sizes azure/vmSizes.ts marks `defaultAllowed`. GPU sizes (N-series) are left out on purpose: add
 * them to `allowedVmSizes` when a course needs one.
 */
export const DEFAULT_ALLOWED_VM_SIZES: readonly string[] = defaultAllowedVmSizes();

/**
 * Classroom policy, not Azure's limits (those are in azure/limits.ts: a cluster may have up to 100
 * nodes, the AKS Free tier is meant for fewer than 10): the most nodes a classroom cluster may
 * have by default, which a trainer may raise in the guardrails' configuration.
 */
export const DEFAULT_MAX_CLUSTER_NODES = 4;
export const DEFAULT_MAX_AKS_NODES = 3;

/**
 * Why the Kubernetes inference cluster keeps local accounts: Microsoft Learn lists AKS clusters with
 * local accounts disabled as not supported by Azure ML (how-to-deploy-kubernetes-extension,
 * Limitations), while the product team's Azure/AML-Kubernetes docs/azureml-aks-ta-support.md says
 * they work through AKS Trusted Access; until the two agree the lab keeps them (stack config
 * dp100-labs:inferenceLocalAccounts false removes them, and then this exception is unused).
 */
export const KUBERNETES_LOCAL_ACCOUNTS_REASON =
  "Azure ML Kubernetes compute: Microsoft Learn (how-to-deploy-kubernetes-extension, Limitations) " +
  "does not support AKS clusters with local accounts disabled; Trusted Access " +
  "(Azure/AML-Kubernetes docs/azureml-aks-ta-support.md) is not established by Microsoft's docs";

/** Logical names of the Kubernetes inference cluster in every stack (components/labEnvironment.ts). */
export const KUBERNETES_CLUSTER_PATTERN = "*-env-k8s-aks";

export const DEFAULT_POLICY_CONFIG: PolicyConfig = {
  allowedVmSizes: DEFAULT_ALLOWED_VM_SIZES,
  maxClusterNodes: DEFAULT_MAX_CLUSTER_NODES,
  maxAksNodes: DEFAULT_MAX_AKS_NODES,
  allowedStorageSkus: ["Standard_LRS"],
  allowedRegistrySkus: ["Basic"],
  allowedAksTiers: ["Free"],
  purgeProtectionAllowed: false,
  requiredTags: ["cohort", "labs", "owner", "expiresOn"],
  learnerPrincipalIds: [],
  aksLocalAccountsExceptions: { [KUBERNETES_CLUSTER_PATTERN]: KUBERNETES_LOCAL_ACCOUNTS_REASON },
};

/** Values Azure accepts for the SKU and tier lists (from the azure-native enums). */
export const STORAGE_SKUS = [
  "Standard_LRS",
  "Standard_GRS",
  "Standard_RAGRS",
  "Standard_ZRS",
  "Premium_LRS",
  "Premium_ZRS",
  "Standard_GZRS",
  "Standard_RAGZRS",
  "StandardV2_LRS",
  "StandardV2_GRS",
  "StandardV2_ZRS",
  "StandardV2_GZRS",
  "PremiumV2_LRS",
  "PremiumV2_ZRS",
] as const;
export const REGISTRY_SKUS = ["Basic", "Standard", "Premium"] as const;
export const AKS_TIERS = ["Free", "Standard", "Premium"] as const;

/** One key's JSON schema (the CrossGuard configSchema uses it as is) and its description. */
export interface PolicyConfigKeySpec {
  readonly type: "array" | "integer" | "boolean" | "object";
  readonly description: string;
  readonly items?: {
    readonly type: "string";
    readonly enum?: readonly string[];
    readonly pattern?: string;
  };
  readonly minimum?: number;
  /** What is accepted, in words, for error messages. */
  readonly accepts: string;
}

export const POLICY_CONFIG_SPEC: Readonly<Record<PolicyConfigKey, PolicyConfigKeySpec>> = {
  allowedVmSizes: {
    type: "array",
    items: { type: "string", pattern: VM_SIZE_SOURCE },
    description: "VM sizes ML compute and AKS node pools may use (case-insensitive).",
    accepts: "a list of Azure VM size names such as Standard_DS11_v2",
  },
  maxClusterNodes: {
    type: "integer",
    minimum: 1,
    description: "Highest maxNodeCount of an Azure ML compute cluster.",
    accepts: "an integer of at least 1",
  },
  maxAksNodes: {
    type: "integer",
    minimum: 1,
    description: "Highest node count of one AKS cluster (all pools; autoscaler maximum when on).",
    accepts: "an integer of at least 1",
  },
  allowedStorageSkus: {
    type: "array",
    items: { type: "string", enum: STORAGE_SKUS },
    description: "Storage account SKUs allowed.",
    accepts: `a list of storage SKUs out of ${STORAGE_SKUS.join(", ")}`,
  },
  allowedRegistrySkus: {
    type: "array",
    items: { type: "string", enum: REGISTRY_SKUS },
    description: "Container registry SKUs allowed.",
    accepts: `a list out of ${REGISTRY_SKUS.join(", ")}`,
  },
  allowedAksTiers: {
    type: "array",
    items: { type: "string", enum: AKS_TIERS },
    description: "AKS control-plane tiers allowed.",
    accepts: `a list out of ${AKS_TIERS.join(", ")}`,
  },
  purgeProtectionAllowed: {
    type: "boolean",
    description: "Whether key vaults may enable purge protection (it can never be turned off).",
    accepts: "true or false",
  },
  requiredTags: {
    type: "array",
    items: { type: "string", pattern: TAG_NAME_SOURCE },
    description: "Tag names every taggable resource must carry with a non-empty value.",
    accepts: "a list of tag names (1-512 characters, none of < > % & \\ ? /)",
  },
  learnerPrincipalIds: {
    type: "array",
    items: { type: "string", pattern: GUID_SOURCE },
    description: "Object ids of learners, who must never get Owner, Contributor or access admin.",
    accepts: "a list of Entra object ids (GUIDs)",
  },
  aksLocalAccountsExceptions: {
    type: "object",
    description:
      "AKS clusters allowed to keep local accounts: logical-name pattern ('*' = any characters) to the reason.",
    accepts: "an object mapping a logical-name pattern to a non-empty reason",
  },
};

export const POLICY_CONFIG_KEYS = Object.keys(POLICY_CONFIG_SPEC) as PolicyConfigKey[];

/** A policy configuration that cannot be used: names the key, the value and what is accepted. */
export class PolicyConfigError extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly accepts: string,
  ) {
    super(`policy config '${key}' is ${show(value)}; it accepts ${accepts}`);
    this.name = "PolicyConfigError";
  }
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Validates a raw configuration object (from JSON, YAML or the pack's config) and returns the full
 * configuration with defaults for the keys it leaves out. Unknown keys and wrong types throw a
 * PolicyConfigError naming the key, the value and what is accepted. `enforcementLevel` (which
 * CrossGuard keeps next to a policy's own keys) is ignored.
 */
export function parsePolicyConfig(
  raw: unknown,
  defaults: PolicyConfig = DEFAULT_POLICY_CONFIG,
): PolicyConfig {
  if (raw === undefined || raw === null) return defaults;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new PolicyConfigError(
      "(root)",
      raw,
      `an object with keys ${POLICY_CONFIG_KEYS.join(", ")}`,
    );
  }
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === "enforcementLevel") continue;
    if (!(key in POLICY_CONFIG_SPEC)) {
      throw new PolicyConfigError(
        key,
        value,
        `no value: it is not a known key (known keys: ${POLICY_CONFIG_KEYS.join(", ")})`,
      );
    }
    out[key] = checkValue(key as PolicyConfigKey, value);
  }
  return out as unknown as PolicyConfig;
}

function checkValue(key: PolicyConfigKey, value: unknown): unknown {
  const spec = POLICY_CONFIG_SPEC[key];
  switch (spec.type) {
    case "boolean":
      if (typeof value !== "boolean") throw new PolicyConfigError(key, value, spec.accepts);
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value) || value < (spec.minimum ?? 0)) {
        throw new PolicyConfigError(key, value, spec.accepts);
      }
      return value;
    case "object": {
      if (!value || typeof value !== "object" || Array.isArray(value)) {
        throw new PolicyConfigError(key, value, spec.accepts);
      }
      for (const [k, reason] of Object.entries(value as Record<string, unknown>)) {
        if (typeof reason !== "string" || reason.trim() === "" || k === "") {
          throw new PolicyConfigError(`${key}.${k}`, reason, spec.accepts);
        }
      }
      return { ...(value as Record<string, string>) };
    }
    case "array": {
      if (!Array.isArray(value)) throw new PolicyConfigError(key, value, spec.accepts);
      const items = spec.items;
      value.forEach((item, i) => {
        const bad =
          typeof item !== "string" ||
          (items?.enum !== undefined && !items.enum.includes(item)) ||
          (items?.pattern !== undefined && !new RegExp(items.pattern).test(item));
        if (bad) throw new PolicyConfigError(`${key}[${i}]`, item, spec.accepts);
      });
      return [...value];
    }
  }
}
