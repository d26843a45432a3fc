import { knownVmSizes } from "../../azure/vmSizes";
import type { FamilyLimit, QuotaLimit, RegionLimits } from "../../plan/fit";
import type { QuotaPriority } from "../../plan/quota";
import type { AzureMlUsageApi } from "../preflight/armApi";
import { loadRegion } from "../preflight/region";
import type { Limit, RegionData } from "../preflight/types";

/**
 * A region's Azure ML quota as plan/fit.ts reads it, from what preflight's loadRegion reads from
 * ARM (`Usages_List`, `Quotas_List` and `VirtualMachineSizes_List` of
 * Microsoft.MachineLearningServices 2024-04-01: subscription-level rows, a family's limit from
 * /quotas when /usages has no row for it, -1 as no limit at this level).
 */
export async function readRegionLimits(
  api: AzureMlUsageApi,
  subscriptionId: string,
  region: string,
): Promise<RegionLimits> {
  // Azure ML's three lists only: AKS node pools (Microsoft.Compute's usages) are not judged here.
  const ml: AzureMlUsageApi = {
    listUsages: (s, r) => api.listUsages(s, r),
    listQuotas: (s, r) => api.listQuotas(s, r),
    listVmSizes: (s, r) => api.listVmSizes(s, r),
  };
  return regionLimits(await loadRegion(ml, subscriptionId, region));
}

const PRIORITIES: readonly QuotaPriority[] = ["dedicated", "lowPriority"];

/** Every family plan's VM sizes belong to, and the regional totals, that ARM has a row for. */
export function regionLimits(d: RegionData): RegionLimits {
  const known = (l: Limit): QuotaLimit | undefined =>
    l.source === "none" ? undefined : { used: l.used ?? 0, limit: l.limit };
  const families: FamilyLimit[] = [];
  for (const family of new Set(knownVmSizes().map((s) => s.family))) {
    for (const priority of PRIORITIES) {
      const l = known(d.family(family, priority));
      if (l) families.push({ family, priority, ...l });
    }
  }
  return {
    region: d.region,
    families,
    totalDedicated: known(d.total("dedicated")),
    totalLowPriority: known(d.total("lowPriority")),
    vmSizes: [...d.sizes.values()].map((s) => ({
      name: s.name,
      computeTypes: s.supportedComputeTypes,
      lowPriorityCapable: s.lowPriorityCapable,
    })),
  };
}
