import type { FamilyQuota, QuotaDemand, QuotaPriority, RegionQuota } from "../../plan/quota";
import { sameClassAlternatives, vmSizeInfo } from "../../azure/vmSizes";
import { checkRegion, label, mlFamilies, sizeProblem } from "./region";
import type { PreflightCheck, RegionData, Suggestion } from "./types";

/**
 * The smallest changes that would make a region fit, smallest first: fewer max nodes, another VM
 * size of the same class, several sizes together; then quota increases.
 */

const ROLE_SETTING = {
  instance: "dp100-labs:instanceVmSize",
  cluster: "dp100-labs:clusterVmSize",
  endpoint: "the VM size learners deploy endpoints with (instance_type in the lab)",
  learner: "the VM size the lab has learners create (lab instructions)",
  aks: "the AKS node pool vmSize",
};

type FailingRoles = Map<string, { dem: QuotaDemand; priority: QuotaPriority }>;

/** 1. Fewer max nodes: the largest uniform clusterMaxNodes that makes every quota check pass. */
function fewerMaxNodes(
  rq: RegionQuota,
  d: RegionData,
  failing: PreflightCheck[],
): Suggestion | undefined {
  const clusters = mlFamilies(rq).flatMap(([, f]) => f.demands.filter((x) => x.role === "cluster"));
  const quotaFails = failing.filter((c) => c.kind === "family" || c.kind === "regional-total");
  if (
    clusters.length === 0 ||
    quotaFails.length === 0 ||
    failing.some((c) => c.kind === "vm-size")
  ) {
    return undefined;
  }
  const current = Math.max(...clusters.map((c) => c.maxNodes ?? 0));
  for (let m = current - 1; m >= 1; m--) {
    const trial = withMaxNodes(rq, m);
    if (checkRegion(trial, d).every((c) => c.fits)) {
      const freed =
        rq.totalDedicated + rq.totalLowPriority - trial.totalDedicated - trial.totalLowPriority;
      return {
        kind: "fewer-max-nodes",
        setting: "dp100-labs:clusterMaxNodes",
        value: m,
        message: `set dp100-labs:clusterMaxNodes to ${m} (from ${current}): frees ${freed} vCPUs`,
      };
    }
  }
  return undefined;
}

/** The demands (role, size, priority) that a failing size or family check affects. */
function failingRoles(rq: RegionQuota, failing: PreflightCheck[]): FailingRoles {
  const roles: FailingRoles = new Map();
  for (const c of failing) {
    for (const [priority, f] of mlFamilies(rq)) {
      for (const dem of f.demands) {
        const affected =
          (c.kind === "vm-size" && c.vmSize === dem.vmSize) ||
          (c.kind === "family" && c.family === f.family && c.priority === priority);
        if (affected) roles.set(`${dem.role}|${dem.vmSize}|${priority}`, { dem, priority });
      }
    }
  }
  return roles;
}

/** 2. Another VM size of the same class, offered here, in a family with room: one per role. */
function otherVmSizes(rq: RegionQuota, d: RegionData, roles: FailingRoles): Suggestion[] {
  const out: Suggestion[] = [];
  for (const { dem, priority } of roles.values()) {
    for (const alt of sameClassAlternatives(dem.vmSize)) {
      if (sizeProblem(d, alt.name, dem.computeType, priority)) continue;
      const trial = withVmSize(rq, dem.role, dem.vmSize, alt.name);
      if (checkRegion(trial, d).every((c) => c.fits)) {
        out.push({
          kind: "other-vm-size",
          setting: ROLE_SETTING[dem.role],
          value: alt.name,
          message:
            `use ${alt.name} instead of ${dem.vmSize} for ${dem.role}s (${alt.vCPUs} vCPUs, ` +
            `${alt.memoryGb} GB, family ${alt.family} has room)`,
        });
        break;
      }
    }
  }
  return out;
}

/** 3. When no single change is enough: one same-class size per failing role, together. */
function sizesTogether(
  rq: RegionQuota,
  d: RegionData,
  roles: FailingRoles,
): Suggestion | undefined {
  let trial = rq;
  const changes: string[] = [];
  const settings: string[] = [];
  for (const { dem, priority } of roles.values()) {
    const before = checkRegion(trial, d).filter((c) => !c.fits).length;
    for (const alt of sameClassAlternatives(dem.vmSize)) {
      if (sizeProblem(d, alt.name, dem.computeType, priority)) continue;
      const next = withVmSize(trial, dem.role, dem.vmSize, alt.name);
      if (checkRegion(next, d).filter((c) => !c.fits).length < before) {
        trial = next;
        changes.push(`${alt.name} for ${dem.role}s (instead of ${dem.vmSize})`);
        settings.push(`${ROLE_SETTING[dem.role]}=${alt.name}`);
        break;
      }
    }
  }
  if (changes.length <= 1 || !checkRegion(trial, d).every((c) => c.fits)) return undefined;
  return {
    kind: "other-vm-size",
    setting: settings.map((s) => s.split("=")[0]).join(" + "),
    value: settings.map((s) => s.split("=")[1]).join(" + "),
    message: `use, together, ${changes.join(" and ")}`,
  };
}

/** The changes within a region that would make it fit, smallest first, without duplicates. */
export function suggestInRegion(
  rq: RegionQuota,
  d: RegionData,
  checks: PreflightCheck[],
): Suggestion[] {
  const out: Suggestion[] = [];
  const failing = checks.filter((c) => !c.fits);
  const seen = new Set<string>();
  const push = (s: Suggestion | undefined) => {
    const key = s && `${s.kind}|${s.setting}|${s.value}`;
    if (s && key && !seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };
  push(fewerMaxNodes(rq, d, failing));
  const roles = failingRoles(rq, failing);
  otherVmSizes(rq, d, roles).forEach(push);
  if (!out.some((s) => s.kind !== "quota-increase") && roles.size > 1) {
    push(sizesTogether(rq, d, roles));
  }
  return out;
}

export function quotaIncreases(checks: PreflightCheck[]): Suggestion[] {
  return checks
    .filter((c) => !c.fits && c.kind !== "vm-size")
    .map((c) => {
      const target = c.needed + (c.used ?? 0);
      const what =
        c.kind === "family" || c.kind === "aks-family"
          ? `${c.family}${c.priority ? ` ${label(c.priority)}` : ""}`
          : `the regional ${c.priority ? label(c.priority) : "vCPU"} total`;
      return {
        kind: "quota-increase" as const,
        setting: `quota: ${what} in ${c.region}`,
        value: target,
        message: `or request a quota increase for ${what} in ${c.region} to at least ${target} (now ${c.limit ?? "unlimited"})`,
      };
    });
}

/** The quota with every cluster capped at `maxNodes`. */
function withMaxNodes(rq: RegionQuota, maxNodes: number): RegionQuota {
  return rebuild(rq, (d) =>
    d.role === "cluster" && (d.maxNodes ?? 0) > maxNodes
      ? {
          ...d,
          maxNodes,
          count: d.resources * maxNodes,
          vCPUs: d.resources * maxNodes * d.vCPUsEach,
        }
      : d,
  );
}

/** The quota with one role's VM size replaced. */
function withVmSize(
  rq: RegionQuota,
  role: QuotaDemand["role"],
  from: string,
  to: string,
): RegionQuota {
  const info = vmSizeInfo(to);
  return rebuild(rq, (d) =>
    d.role === role && d.vmSize === from
      ? {
          ...d,
          vmSize: info.name,
          family: info.family,
          vCPUsEach: info.vCPUs,
          vCPUs: d.count * info.vCPUs,
        }
      : d,
  );
}

function rebuild(rq: RegionQuota, map: (d: QuotaDemand) => QuotaDemand): RegionQuota {
  const regroup = (families: FamilyQuota[]) => {
    const by = new Map<string, QuotaDemand[]>();
    for (const d of families.flatMap((f) => f.demands).map(map)) {
      by.set(d.family, [...(by.get(d.family) ?? []), d]);
    }
    return [...by.entries()].map(([family, demands]) => ({
      family,
      demands,
      vCPUs: demands.reduce((s, x) => s + x.vCPUs, 0),
    }));
  };
  const dedicated = regroup(rq.dedicated);
  const lowPriority = regroup(rq.lowPriority);
  return {
    ...rq,
    dedicated,
    lowPriority,
    totalDedicated: dedicated.reduce((s, f) => s + f.vCPUs, 0),
    totalLowPriority: lowPriority.reduce((s, f) => s + f.vCPUs, 0),
  };
}
