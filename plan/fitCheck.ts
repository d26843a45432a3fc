/**
 * A cohort's Azure ML vCPUs against a subscription's limits, row by row: each family and regional
 * total, dedicated and low-priority apart, and each VM size against what Azure ML offers in the
 * region for its compute type. Pure; plan/fit.ts builds the smallest changes on it.
 *
 * Azure ML counts compute instances, clusters (at their max nodes) and managed online deployments
 * against one quota per VM family and region, and against a regional total
 * (https://learn.microsoft.com/azure/machine-learning/how-to-manage-quotas).
 */
import type { QuotaPriority, QuotaReport, RegionQuota } from "./quota";

/** What a subscription uses and may use at one level. `limit: null`: no limit at this level. */
export interface QuotaLimit {
  readonly used: number;
  readonly limit: number | null;
}

export interface FamilyLimit extends QuotaLimit {
  /** Azure ML's family id, e.g. `standardDSv2Family`. */
  readonly family: string;
  readonly priority: QuotaPriority;
}

/** A VM size Azure ML offers in a region, and for which compute types. */
export interface OfferedSize {
  readonly name: string;
  /** e.g. ["AmlCompute", "ComputeInstance", "MIR"]; undefined: any. */
  readonly computeTypes?: readonly string[];
  readonly lowPriorityCapable?: boolean;
}

/** A region's Azure ML quota as the subscription has it. */
export interface RegionLimits {
  readonly region: string;
  /** A family that is not listed has no quota (limit 0). */
  readonly families: readonly FamilyLimit[];
  /** Regional totals; undefined: not known, not checked. */
  readonly totalDedicated?: QuotaLimit;
  readonly totalLowPriority?: QuotaLimit;
  /** The sizes offered here; undefined: not known, not checked. */
  readonly vmSizes?: readonly OfferedSize[];
}

/** One line of the comparison: what the stacks need against what is free. */
export interface FitRow {
  readonly kind: "family" | "regional-total" | "vm-size";
  readonly region: string;
  readonly priority: QuotaPriority;
  /** The family (`family` rows, and the size's family on `vm-size` rows). */
  readonly family?: string;
  readonly vmSize?: string;
  readonly needed: number;
  readonly used: number;
  readonly limit: number | null;
  readonly fits: boolean;
  readonly message: string;
}

/** Every family, regional total and VM size of the quota against the limits. */
export function checkFit(quota: QuotaReport, limits: readonly RegionLimits[]): FitRow[] {
  return quota.regions.flatMap((rq) => {
    const lim = limits.find((l) => l.region === rq.region);
    if (!lim) throw new Error(`no Azure ML limits for region ${rq.region}`);
    return [...sizeRows(rq, lim), ...familyRows(rq, lim), ...totalRows(rq, lim)];
  });
}

export const fitsAll = (quota: QuotaReport, limits: readonly RegionLimits[]) =>
  checkFit(quota, limits).every((r) => r.fits);

function free(l: QuotaLimit): number {
  return l.limit === null ? Infinity : l.limit - l.used;
}

function describe(l: QuotaLimit): string {
  return l.limit === null
    ? `in use ${l.used}, no limit at this level`
    : `in use ${l.used} of ${l.limit}, ${Math.max(0, l.limit - l.used)} free`;
}

export const PRIORITY_LABEL: Record<QuotaPriority, string> = {
  dedicated: "dedicated",
  lowPriority: "low-priority",
};

export function byPriority(rq: RegionQuota): [QuotaPriority, RegionQuota["dedicated"]][] {
  return [
    ["dedicated", rq.dedicated],
    ["lowPriority", rq.lowPriority],
  ];
}

function familyLimit(lim: RegionLimits, family: string, priority: QuotaPriority): QuotaLimit {
  return (
    lim.families.find((f) => f.family === family && f.priority === priority) ?? {
      used: 0,
      limit: 0,
    }
  );
}

function familyRows(rq: RegionQuota, lim: RegionLimits): FitRow[] {
  return byPriority(rq).flatMap(([priority, families]) =>
    families.map((f) => {
      const l = familyLimit(lim, f.family, priority);
      return {
        kind: "family" as const,
        region: rq.region,
        priority,
        family: f.family,
        needed: f.vCPUs,
        used: l.used,
        limit: l.limit,
        fits: f.vCPUs <= free(l),
        message: `${f.family} ${PRIORITY_LABEL[priority]}: need ${f.vCPUs}, ${describe(l)}`,
      };
    }),
  );
}

function totalRows(rq: RegionQuota, lim: RegionLimits): FitRow[] {
  const totals: [QuotaPriority, number, QuotaLimit | undefined][] = [
    ["dedicated", rq.totalDedicated, lim.totalDedicated],
    ["lowPriority", rq.totalLowPriority, lim.totalLowPriority],
  ];
  return totals
    .filter(([, needed, l]) => needed > 0 && l !== undefined)
    .map(([priority, needed, l]) => ({
      kind: "regional-total" as const,
      region: rq.region,
      priority,
      needed,
      used: l!.used,
      limit: l!.limit,
      fits: needed <= free(l!),
      message: `regional total ${PRIORITY_LABEL[priority]}: need ${needed}, ${describe(l!)}`,
    }));
}

/** Why a size cannot be used in a region as it is used, or undefined when it can. */
export function sizeProblem(
  lim: RegionLimits,
  vmSize: string,
  computeType: string | undefined,
  priority: QuotaPriority,
): string | undefined {
  if (!lim.vmSizes) return undefined;
  const s = lim.vmSizes.find((o) => o.name.toLowerCase() === vmSize.toLowerCase());
  if (!s) return `not offered by Azure ML in ${lim.region}`;
  if (computeType && s.computeTypes && !s.computeTypes.includes(computeType)) {
    return `offered in ${lim.region} but not for ${computeType}`;
  }
  if (priority === "lowPriority" && s.lowPriorityCapable === false) {
    return `not offered as low-priority in ${lim.region}`;
  }
  return undefined;
}

function sizeRows(rq: RegionQuota, lim: RegionLimits): FitRow[] {
  return byPriority(rq).flatMap(([priority, families]) =>
    families.flatMap((f) =>
      f.demands.flatMap((d) => {
        const why = sizeProblem(lim, d.vmSize, d.computeType, priority);
        if (!why) return [];
        return [
          {
            kind: "vm-size" as const,
            region: rq.region,
            priority,
            family: f.family,
            vmSize: d.vmSize,
            needed: d.vCPUs,
            used: 0,
            limit: 0,
            fits: false,
            message: `${d.vmSize} for ${d.resource}: ${why}`,
          },
        ];
      }),
    ),
  );
}
