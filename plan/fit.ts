/**
 * Whether a cohort's stacks fit the subscription's Azure ML vCPU quota when they are up together,
 * and, when they do not, the smallest changes that would make them fit. Pure: the caller reads the
 * subscription's usage and limits (`npm run cohort -- preflight` reads them from ARM) and passes
 * them in as plain data.
 *
 * Azure ML counts compute instances, clusters (at their max nodes) and managed online deployments
 * against one quota per VM family and region, and against a regional total, dedicated and
 * low-priority apart (https://learn.microsoft.com/azure/machine-learning/how-to-manage-quotas).
 * AKS node pools use Microsoft.Compute's quota and are not judged here.
 */
import type { QuotaDemand, QuotaPriority, QuotaReport, QuotaRole, RegionQuota } from "./quota";
import {
  byPriority,
  checkFit,
  fitsAll,
  PRIORITY_LABEL,
  sizeProblem,
  type FitRow,
  type RegionLimits,
} from "./fitCheck";
import { sameClassAlternatives, vmSizeInfo } from "../azure/vmSizes";

export { checkFit } from "./fitCheck";
export type { FamilyLimit, FitRow, OfferedSize, QuotaLimit, RegionLimits } from "./fitCheck";

export type FitChange =
  | { readonly kind: "fewer-labs"; readonly groups: string[][]; readonly message: string }
  | {
      readonly kind: "fewer-nodes";
      readonly from: number;
      readonly maxNodes: number;
      readonly message: string;
    }
  | {
      readonly kind: "other-vm-size";
      readonly setting: "instanceVmSize" | "clusterVmSize";
      readonly from: string;
      readonly to: string;
      readonly message: string;
    }
  | { readonly kind: "other-region"; readonly region: string; readonly message: string }
  | {
      readonly kind: "quota-request";
      readonly region: string;
      /** The family, or undefined for the regional total. */
      readonly family?: string;
      readonly priority: QuotaPriority;
      readonly currentLimit: number;
      readonly neededLimit: number;
      readonly message: string;
    };

export interface FitInput {
  /** The quota of every stack up together (foundation and the chosen lab stacks). */
  readonly quota: QuotaReport;
  /** The subscription's limits for the quota's regions and for the regions to try instead. */
  readonly limits: readonly RegionLimits[];
  /** The chosen lab stacks, in course order (for `fewer-labs`). */
  readonly labStacks?: readonly string[];
  /** The quota of the foundation with only these lab stacks up (for `fewer-labs`). */
  readonly quotaOf?: (labStacks: readonly string[]) => QuotaReport;
}

export interface FitResult {
  readonly fits: boolean;
  readonly rows: FitRow[];
  /** Each change alone makes the stacks fit; quota requests, always last, do it together. */
  readonly changes: FitChange[];
}

/** Judges the stacks together, and lists the smallest changes that fit when they do not. */
export function fitCohort(input: FitInput): FitResult {
  const rows = checkFit(input.quota, input.limits);
  const fits = rows.every((r) => r.fits);
  return { fits, rows, changes: fits ? [] : smallestChanges(input, rows) };
}

// --- the changes ---------------------------------------------------------------------------------

/** Fewer labs at once, fewer cluster nodes, another size, another region, then quota requests. */
function smallestChanges(input: FitInput, rows: FitRow[]): FitChange[] {
  const changes: FitChange[] = [];
  const groups = labGroups(input);
  if (groups) {
    changes.push({
      kind: "fewer-labs",
      groups,
      message:
        `bring the lab stacks up ${groups.length} groups at a time, destroying one group's ` +
        `stacks before the next: ${groups.map((g) => g.join(" + ")).join(", then ")}`,
    });
  }
  const failing = rows.filter((r) => !r.fits);
  if (failing.every((r) => r.kind !== "vm-size")) changes.push(...fewerNodes(input));
  changes.push(...otherSizes(input, failing));
  changes.push(...otherRegions(input));
  changes.push(...quotaRequests(failing));
  return changes;
}

/**
 * The fewest groups of consecutive lab stacks (course order) that each fit with the foundation;
 * undefined when there is only one lab stack, or one of them does not fit even alone.
 */
function labGroups(input: FitInput): string[][] | undefined {
  const { labStacks, quotaOf } = input;
  if (!labStacks || !quotaOf || labStacks.length < 2) return undefined;
  const groups: string[][] = [];
  for (const stack of labStacks) {
    const last = groups[groups.length - 1];
    if (last && fitsAll(quotaOf([...last, stack]), input.limits)) last.push(stack);
    else if (fitsAll(quotaOf([stack]), input.limits)) groups.push([stack]);
    else return undefined;
  }
  return groups.length > 1 ? groups : undefined;
}

/** The largest max node count, the same for every cluster, that fits. */
function fewerNodes(input: FitInput): FitChange[] {
  const clusters = demandsOf(input.quota).filter((d) => d.role === "cluster");
  if (clusters.length === 0) return [];
  const from = Math.max(...clusters.map((d) => d.maxNodes ?? 0));
  for (let m = from - 1; m >= 1; m--) {
    if (
      fitsAll(
        withDemands(input.quota, (d) => capNodes(d, m)),
        input.limits,
      )
    ) {
      return [
        {
          kind: "fewer-nodes",
          from,
          maxNodes: m,
          message:
            `set clusterMaxNodes to ${m} (from ${from}): ` +
            `npm run cohort -- config set clusterMaxNodes ${m}`,
        },
      ];
    }
  }
  return [];
}

const SIZE_SETTING: Partial<Record<QuotaRole, "instanceVmSize" | "clusterVmSize">> = {
  instance: "instanceVmSize",
  cluster: "clusterVmSize",
};

/** Per failing role with a setting, the first size of the same class that makes it all fit. */
function otherSizes(input: FitInput, failing: FitRow[]): FitChange[] {
  const out: FitChange[] = [];
  const tried = new Set<string>();
  for (const d of demandsOf(input.quota)) {
    const setting = SIZE_SETTING[d.role];
    const affected = failing.some(
      (r) => r.region === d.region && r.priority === d.priority && r.family === d.family,
    );
    if (!setting || !affected || tried.has(`${setting}|${d.vmSize}`)) continue;
    tried.add(`${setting}|${d.vmSize}`);
    const lim = input.limits.find((l) => l.region === d.region)!;
    for (const alt of sameClassAlternatives(d.vmSize)) {
      if (sizeProblem(lim, alt.name, d.computeType, d.priority)) continue;
      const trial = withDemands(input.quota, (x) =>
        x.role === d.role && x.vmSize === d.vmSize ? resize(x, alt.name) : x,
      );
      if (!fitsAll(trial, input.limits)) continue;
      out.push({
        kind: "other-vm-size",
        setting,
        from: d.vmSize,
        to: alt.name,
        message:
          `use ${alt.name} (${alt.vCPUs} vCPUs, ${alt.memoryGb} GB, family ${alt.family}) ` +
          `instead of ${d.vmSize}: npm run cohort -- config set ${setting} ${alt.name}`,
      });
      break;
    }
  }
  return out;
}

/** Regions of the limits, other than the quota's own, where everything fits as it is. */
function otherRegions(input: FitInput): FitChange[] {
  const own = new Set(input.quota.regions.map((r) => r.region));
  return input.limits
    .filter((l) => !own.has(l.region))
    .filter((l) =>
      fitsAll(
        { ...input.quota, regions: input.quota.regions.map((r) => ({ ...r, region: l.region })) },
        input.limits,
      ),
    )
    .map((l) => ({
      kind: "other-region" as const,
      region: l.region,
      message:
        `deploy the cohort in ${l.region}, where every size is offered and the quota has room ` +
        `(the region is chosen at init: --location ${l.region})`,
    }));
}

/** The quota to ask for: each failing family and total, from its limit to what is needed. */
function quotaRequests(failing: FitRow[]): FitChange[] {
  return failing
    .filter((r) => r.kind !== "vm-size" && r.limit !== null)
    .map((r) => {
      const neededLimit = r.used + r.needed;
      const what = `${r.family ?? "Total Cluster"} ${PRIORITY_LABEL[r.priority]} vCPUs`;
      return {
        kind: "quota-request" as const,
        region: r.region,
        family: r.family,
        priority: r.priority,
        currentLimit: r.limit as number,
        neededLimit,
        message:
          `request an Azure ML quota increase: ${what} in ${r.region} from ${r.limit} to at ` +
          `least ${neededLimit} (the Quota page of Azure ML studio or the Azure portal: learn.microsoft.com/azure/machine-learning/how-to-manage-quotas)`,
      };
    });
}

// --- the quota, changed --------------------------------------------------------------------------

type RegionDemand = QuotaDemand & { readonly region: string };

function demandsOf(quota: QuotaReport): RegionDemand[] {
  return quota.regions.flatMap((rq) =>
    byPriority(rq).flatMap(([, families]) =>
      families.flatMap((f) => f.demands.map((d) => ({ ...d, region: rq.region }))),
    ),
  );
}

function capNodes(d: QuotaDemand, maxNodes: number): QuotaDemand {
  if (d.role !== "cluster" || (d.maxNodes ?? 0) <= maxNodes) return d;
  const count = d.resources * maxNodes;
  return { ...d, maxNodes, count, vCPUs: count * d.vCPUsEach };
}

function resize(d: QuotaDemand, vmSize: string): QuotaDemand {
  const info = vmSizeInfo(vmSize);
  return {
    ...d,
    vmSize: info.name,
    family: info.family,
    vCPUsEach: info.vCPUs,
    vCPUs: d.count * info.vCPUs,
  };
}

/** The quota with every Azure ML demand mapped, families and totals summed again. */
export function withDemands(quota: QuotaReport, map: (d: QuotaDemand) => QuotaDemand): QuotaReport {
  const families = (list: RegionQuota["dedicated"]) => {
    const by = new Map<string, QuotaDemand[]>();
    for (const d of list.flatMap((f) => f.demands).map(map)) {
      by.set(d.family, [...(by.get(d.family) ?? []), d]);
    }
    return [...by].map(([family, demands]) => ({
      family,
      demands,
      vCPUs: demands.reduce((s, d) => s + d.vCPUs, 0),
    }));
  };
  const regions = quota.regions.map((rq) => {
    const dedicated = families(rq.dedicated);
    const lowPriority = families(rq.lowPriority);
    const sum = (fs: { vCPUs: number }[]) => fs.reduce((s, f) => s + f.vCPUs, 0);
    return {
      ...rq,
      dedicated,
      lowPriority,
      totalDedicated: sum(dedicated),
      totalLowPriority: sum(lowPriority),
    };
  });
  return { ...quota, regions };
}

/** The verdict as text lines (no trailing newline): each row, then the changes, smallest first. */
export function formatFit(result: FitResult): string {
  const lines = [
    result.fits
      ? "Azure ML quota: everything fits when these stacks are up together."
      : "Azure ML quota: DOES NOT FIT when these stacks are up together.",
  ];
  for (const r of result.rows)
    lines.push(`  ${r.fits ? "ok  " : "FAIL"} ${r.region}: ${r.message}`);
  if (result.changes.length > 0) {
    lines.push("Smallest changes that fit (any one of them; quota requests together):");
    result.changes.forEach((c, i) => lines.push(`  ${i + 1}. ${c.message}`));
  } else if (!result.fits) {
    lines.push("No single change found: fix the sizes that are not offered, or choose fewer labs.");
  }
  return lines.join("\n");
}
