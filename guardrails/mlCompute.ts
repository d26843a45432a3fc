import { IDLE_SHUTDOWN_MINUTES } from "../azure/limits";
import type { Looked } from "./inputs";
import { UNKNOWN, describeSeconds, isGuid, lookup, parseIsoDuration, show } from "./inputs";
import { compact, is, requireBool, type Rule } from "./rule";
import { TYPES } from "./typeTokens";

// Azure ML compute: compute instances, clusters and attached compute.

/** The bounds Azure enforces on a compute instance's idle shutdown, in seconds (azure/limits.ts). */
const IDLE_SHUTDOWN_MIN_SECONDS = IDLE_SHUTDOWN_MINUTES.min * 60;
const IDLE_SHUTDOWN_MAX_SECONDS = IDLE_SHUTDOWN_MINUTES.max * 60;

/** The ML compute kind (`ComputeInstance`, `AmlCompute`, ...), UNKNOWN or undefined. */
export function computeType(inputs: Record<string, unknown>): Looked {
  return lookup(inputs, ["properties", "computeType"]);
}

/** Where a compute instance's and a cluster's own properties sit in the Compute inputs. */
export const INSTANCE = ["properties", "properties"] as const;
export const CLUSTER = ["properties", "properties"] as const;

export const mlInstanceIdleShutdown: Rule = {
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

export const mlInstanceAssignedUser: Rule = {
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

export const mlClusterScaleToZero: Rule = {
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

export const mlClusterMaxNodes: Rule = {
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

export const mlComputeLocalAuthDisabled: Rule = {
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

export const mlComputeSshDisabled: Rule = {
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

export const mlComputeNoLegacyAks: Rule = {
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

/** The Azure ML compute rules, in the order reports list them. */
export const ML_COMPUTE_RULES: readonly Rule[] = [
  mlInstanceIdleShutdown,
  mlInstanceAssignedUser,
  mlClusterScaleToZero,
  mlClusterMaxNodes,
  mlComputeLocalAuthDisabled,
  mlComputeSshDisabled,
  mlComputeNoLegacyAks,
];
