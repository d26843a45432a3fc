import type { ResourceTypeToken } from "../../azure/resourceTypes";
import { get, num, str } from "../inputs";
import type { PlannedResource } from "../types";
import type { QuotaDemand, QuotaPriority, QuotaRole } from "./report";

/**
 * The quota model's per-type table: for each azure-native type token whose resources hold vCPU
 * quota, the cores one resource uses at peak. Counting a new type's cores is adding a row. Types
 * not here use no vCPU quota.
 */

/** Which quota the cores count against: Azure ML's, or the subscription's Microsoft.Compute. */
export type QuotaProvider = "ml" | "compute";

/** What one resource (or one of its node pools) uses at peak. */
export interface QuotaUse {
  readonly provider: QuotaProvider;
  /** Logical name (`<cluster>/<pool>` for a pool inside a managed cluster). */
  readonly resource: string;
  readonly role: QuotaRole;
  /** Undefined when the resource sets none: reported, not counted. */
  readonly vmSize: string | undefined;
  readonly count: number;
  readonly priority: QuotaPriority;
  readonly extra?: Partial<QuotaDemand>;
}

export interface QuotaRow {
  /** The cores one resource of the type uses at peak. */
  readonly uses?: (r: PlannedResource) => QuotaUse[];
  /**
   * Learners' endpoints are created in this resource's region (the first such resource's): an
   * Azure ML workspace or compute.
   */
  readonly placesEndpoints?: boolean;
}

const COMPUTE = "azure-native:machinelearningservices:Compute" satisfies ResourceTypeToken;

/** How each type holds quota. */
export const QUOTA_BY_TYPE: Readonly<Partial<Record<ResourceTypeToken, QuotaRow>>> = {
  "azure-native:machinelearningservices:Workspace": { placesEndpoints: true },
  [COMPUTE]: { placesEndpoints: true, uses: mlCompute },
  "azure-native:containerservice:ManagedCluster": {
    uses(r) {
      const pools = get(r.inputs, "agentPoolProfiles");
      return (Array.isArray(pools) ? pools : []).map((pool, i) =>
        aksPool(`${r.name}/${str(get(pool, "name")) ?? i}`, pool),
      );
    },
  },
  "azure-native:containerservice:AgentPool": { uses: (r) => [aksPool(r.name, r.inputs)] },
};

/**
 * A compute instance holds its cores even when stopped; a cluster counts at its max nodes. Other
 * kinds (attached Kubernetes) use the cluster's own quota.
 */
function mlCompute(r: PlannedResource): QuotaUse[] {
  const kind = get(r.inputs, "properties", "computeType");
  const p = get(r.inputs, "properties", "properties");
  const vmSize = str(get(p, "vmSize"));
  const use = { provider: "ml", resource: r.name, vmSize } as const;
  if (kind === "ComputeInstance") {
    const extra = { computeType: "ComputeInstance" } as const;
    return [{ ...use, role: "instance", count: 1, priority: "dedicated", extra }];
  }
  if (kind === "AmlCompute") {
    const max = num(get(p, "scaleSettings", "maxNodeCount")) ?? 0;
    const priority = get(p, "vmPriority") === "LowPriority" ? "lowPriority" : "dedicated";
    const extra = { maxNodes: max, computeType: "AmlCompute" } as const;
    return [{ ...use, role: "cluster", count: max, priority, extra }];
  }
  return [];
}

/** An AKS pool at its max count: Microsoft.Compute quota, not Azure ML's. */
function aksPool(resource: string, pool: unknown): QuotaUse {
  const vmSize = str(get(pool, "vmSize"));
  return {
    provider: "compute",
    resource,
    role: "aks",
    vmSize,
    count: aksMax(pool),
    priority: "dedicated",
  };
}

function aksMax(pool: unknown): number {
  const count = num(get(pool, "count"));
  const max = num(get(pool, "maxCount"));
  return get(pool, "enableAutoScaling") === true ? (max ?? count ?? 1) : (count ?? 1);
}
