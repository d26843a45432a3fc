import type { FamilyQuota, QuotaDemand, QuotaPriority, RegionQuota } from "../../plan/quota";
import type { AzureMlUsageApi, UsageName } from "./armApi";
import type { Limit, PreflightCheck, RegionData } from "./types";

/**
 * One region's quota look-ups: ARM's usages, quotas and VM sizes read into RegionData, and the
 * checks of a region's demand against them.
 */

/** Reads a region's usages, quotas and VM sizes (and Microsoft.Compute usages when the API has them). */
export async function loadRegion(
  api: AzureMlUsageApi,
  sub: string,
  region: string,
): Promise<RegionData> {
  const [usages, quotas, sizes, compute] = await Promise.all([
    api.listUsages(sub, region),
    api.listQuotas(sub, region),
    api.listVmSizes(sub, region),
    api.listComputeUsages ? api.listComputeUsages(sub, region) : Promise.resolve(undefined),
  ]);
  // Subscription-level rows only: workspace and compute rows break the same usage down.
  const subRows = usages.value.filter((u) => !/\/workspaces\//i.test(u.id ?? ""));
  const quotaRows = quotas.value.filter((q) => !/\/workspaces\//i.test(q.id ?? ""));
  const limitOf = (n: number): number | null => (n < 0 ? null : n);
  const family = (fam: string, priority: QuotaPriority): Limit => {
    const row = subRows.find((u) => usageMatchesFamily(u, fam, priority));
    if (row) return { used: row.currentValue, limit: limitOf(row.limit), source: "usages" };
    const q = quotaRows.find((u) => usageMatchesFamily(u, fam, priority));
    if (q) return { limit: limitOf(q.limit), source: "quotas" };
    return { used: 0, limit: 0, source: "none" };
  };
  const total = (priority: QuotaPriority): Limit => {
    const row = subRows.find((u) => usageIsRegionalTotal(u, priority));
    return row
      ? { used: row.currentValue, limit: limitOf(row.limit), source: "usages" }
      : { limit: null, source: "none" };
  };
  let computeData: RegionData["compute"];
  if (compute) {
    const find = (v: string) =>
      compute.value.find(
        (u) => norm(u.name.value) === norm(v) || norm(u.name.value) === `${norm(v)}vcpus`,
      );
    const cores = find("cores");
    computeData = {
      family: (fam) => {
        const row = find(fam);
        return row
          ? { used: row.currentValue, limit: limitOf(row.limit), source: "usages" }
          : { used: 0, limit: 0, source: "none" };
      },
      total: cores
        ? { used: cores.currentValue, limit: limitOf(cores.limit), source: "usages" }
        : { limit: null, source: "none" },
    };
  }
  return {
    region,
    sizes: new Map(sizes.value.map((s) => [s.name.toLowerCase(), s])),
    family,
    total,
    compute: computeData,
  };
}

/**
 * Whether a usage/quota row is the given family's. Azure ML names them like
 * `Standard DSv2 Family Cluster Dedicated vCPUs` (id `..._Cluster_Dedicated_vCPUs`); the vmSizes
 * API and Microsoft.Compute call the family `standardDSv2Family`. Both are accepted.
 */
export function usageMatchesFamily(
  row: { name: UsageName; id?: string },
  family: string,
  priority: QuotaPriority,
): boolean {
  const f = norm(family);
  const names = [row.name.value, (row.id ?? "").split("/").pop() ?? ""].map(norm);
  const ok =
    priority === "dedicated"
      ? [f, `${f}vcpus`, `${f}dedicatedvcpus`, `${f}clusterdedicatedvcpus`]
      : [`${f}lowpriorityvcpus`, `${f}clusterlowpriorityvcpus`];
  return names.some((n) => ok.includes(n));
}

/** Whether a usage row is the regional total for dedicated or low-priority cores. */
export function usageIsRegionalTotal(
  row: { name: UsageName; type?: string },
  priority: QuotaPriority,
): boolean {
  const n = norm(row.name.value);
  const type = (row.type ?? "").toLowerCase();
  return priority === "dedicated"
    ? type.endsWith("/dedicatedcores/usages") || n === "totalclusterdedicatedregionalvcpus"
    : type.endsWith("/lowprioritycores/usages") || n === "totalclusterlowpriorityregionalvcpus";
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export function free(l: Limit): number {
  return l.limit === null ? Infinity : l.limit - (l.used ?? 0);
}

export function mlFamilies(rq: RegionQuota): [QuotaPriority, FamilyQuota][] {
  return [
    ...rq.dedicated.map((f): [QuotaPriority, FamilyQuota] => ["dedicated", f]),
    ...rq.lowPriority.map((f): [QuotaPriority, FamilyQuota] => ["lowPriority", f]),
  ];
}

/** Every check of a region's demand: VM sizes offered, family limits, regional totals, AKS. */
export function checkRegion(rq: RegionQuota, d: RegionData): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  const region = rq.region;
  // VM sizes offered, for the compute type and priority they are used with.
  for (const [priority, fam] of mlFamilies(rq)) {
    for (const dem of fam.demands) checks.push(sizeCheck(region, d, dem, priority));
  }
  for (const [priority, fam] of mlFamilies(rq)) {
    const l = d.family(fam.family, priority);
    const fits = fam.vCPUs <= free(l);
    checks.push({
      kind: "family",
      region,
      priority,
      family: fam.family,
      needed: fam.vCPUs,
      used: l.used,
      limit: l.limit,
      fits,
      message: `${fam.family} ${label(priority)}: need ${fam.vCPUs}, ${describe(l)}`,
    });
  }
  for (const priority of ["dedicated", "lowPriority"] as const) {
    const needed = priority === "dedicated" ? rq.totalDedicated : rq.totalLowPriority;
    if (needed === 0) continue;
    const l = d.total(priority);
    checks.push({
      kind: "regional-total",
      region,
      priority,
      needed,
      used: l.used,
      limit: l.limit,
      fits: needed <= free(l),
      message: `regional total ${label(priority)}: need ${needed}, ${describe(l)}`,
    });
  }
  if (d.compute && rq.aks.total > 0) {
    for (const fam of rq.aks.families) {
      const l = d.compute.family(fam.family);
      checks.push({
        kind: "aks-family",
        region,
        family: fam.family,
        needed: fam.vCPUs,
        used: l.used,
        limit: l.limit,
        fits: fam.vCPUs <= free(l),
        message: `AKS ${fam.family} (Microsoft.Compute): need ${fam.vCPUs}, ${describe(l)}`,
      });
    }
    const l = d.compute.total;
    checks.push({
      kind: "aks-regional-total",
      region,
      needed: rq.aks.total,
      used: l.used,
      limit: l.limit,
      fits: rq.aks.total <= free(l),
      message: `AKS regional vCPUs (Microsoft.Compute): need ${rq.aks.total}, ${describe(l)}`,
    });
  }
  return checks;
}

function sizeCheck(
  region: string,
  d: RegionData,
  dem: QuotaDemand,
  priority: QuotaPriority,
): PreflightCheck {
  const why = sizeProblem(d, dem.vmSize, dem.computeType, priority);
  return {
    kind: "vm-size",
    region,
    priority,
    vmSize: dem.vmSize,
    family: dem.family,
    needed: dem.vCPUs,
    fits: why === undefined,
    message: why
      ? `${dem.vmSize} for ${dem.resource}: ${why}`
      : `${dem.vmSize} is offered in ${region} for ${dem.resource}`,
  };
}

/** Why a size cannot be used in a region for a role, or undefined when it can. */
export function sizeProblem(
  d: RegionData,
  vmSize: string,
  type: QuotaDemand["computeType"],
  priority: QuotaPriority,
): string | undefined {
  const s = d.sizes.get(vmSize.toLowerCase());
  if (!s) return `not offered by Azure ML in ${d.region}`;
  if (type && s.supportedComputeTypes && !s.supportedComputeTypes.includes(type)) {
    return `offered in ${d.region} but not for ${type} (supports ${s.supportedComputeTypes.join(", ")})`;
  }
  if (priority === "lowPriority" && s.lowPriorityCapable === false) {
    return `not available as low-priority in ${d.region}`;
  }
  return undefined;
}

export function label(p: QuotaPriority): string {
  return p === "dedicated" ? "dedicated" : "low-priority";
}

export function describe(l: Limit): string {
  if (l.source === "none" && l.limit === 0) return "no quota row for it (limit taken as 0)";
  if (l.limit === null) return `in use ${l.used ?? "?"}, no limit at this level`;
  const used = l.used === undefined ? "in use unknown" : `in use ${l.used}`;
  return `${used} of ${l.limit} -> ${l.limit - (l.used ?? 0)} free${l.source === "quotas" ? " (limit from /quotas)" : ""}`;
}
