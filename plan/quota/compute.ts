import type { LabNeeds } from "../../labs/types";
import { rowOf } from "../inputs";
import type { PlannedResource } from "../types";
import { UnknownVmSizeError, vmSizeInfo } from "../../azure/vmSizes";
import { QUOTA_BY_TYPE, type QuotaProvider, type QuotaUse } from "./byType";
import {
  ENDPOINT_UPGRADE_RESERVE,
  type QuotaComputeType,
  type QuotaDemand,
  type QuotaReport,
  type QuotaRole,
  type RegionQuota,
} from "./report";

/**
 * The vCPU quota a plan needs at peak, per region and Azure ML VM family, separately for dedicated
 * and low-priority cores: every compute instance (stopped instances keep their quota), every
 * cluster at its max nodes, and the endpoints the learners create during the labs. AKS nodes count
 * against the subscription's Microsoft.Compute quota, not Azure ML's, and are reported apart. What
 * each resource type holds is its row of plan/quota/byType.ts.
 */

interface Located {
  readonly region: string;
  readonly provider: QuotaProvider;
  readonly d: QuotaDemand;
}

/** The demands found so far, and the resources whose VM size the catalog does not know. */
class Demands {
  items: Located[] = [];
  readonly unknown: QuotaReport["unknownVmSizes"] = [];

  add(region: string, use: QuotaUse, extra: Partial<QuotaDemand> = use.extra ?? {}): void {
    const { provider, resource, role, vmSize, count, priority } = use;
    if (vmSize === undefined) {
      this.unknown.push({ resource, vmSize: "(none)", message: `${resource} sets no vmSize` });
      return;
    }
    try {
      const info = vmSizeInfo(vmSize);
      this.items.push({
        region,
        provider,
        d: {
          resource,
          role,
          vmSize: info.name,
          family: info.family,
          vCPUsEach: info.vCPUs,
          count,
          vCPUs: count * info.vCPUs,
          priority,
          resources: 1,
          ...extra,
        },
      });
    } catch (e) {
      if (!(e instanceof UnknownVmSizeError)) throw e;
      this.unknown.push({ resource, vmSize, message: e.message });
    }
  }
}

/** vCPUs the plan needs at peak. `defaultRegion` is used for resources without a location. */
export function computeQuota(
  resources: readonly PlannedResource[],
  needs: Pick<LabNeeds, "learnerCreates">,
  learnerCount: number,
  defaultRegion?: string,
): QuotaReport {
  if (!Number.isInteger(learnerCount) || learnerCount < 0) {
    throw new Error(`learnerCount: ${learnerCount} is not accepted; a whole number >= 0`);
  }
  const fallback =
    defaultRegion ?? resourceGroupRegion(resources) ?? anyRegion(resources) ?? "(unknown region)";
  const demands = new Demands();
  const said: string[] = [];
  const endpointRegion = resourceDemands(resources, fallback, demands) ?? fallback;
  const created = learnerDemands(needs, learnerCount, endpointRegion, demands, said);
  dropSequentialLabs(demands, created, said);
  said.unshift(
    `Peak: every compute instance counted (a stopped instance keeps its quota), every cluster at ` +
      `its max nodes, every learner's endpoints deployed at once.`,
    `Compute instances, clusters and managed online endpoints share the Azure ML per-family and ` +
      `regional vCPU quota; low-priority cores have their own.`,
  );
  if (demands.items.some((x) => x.provider === "compute")) {
    said.push(
      `AKS nodes (at their max count) use the subscription's Microsoft.Compute vCPU quota, not ` +
        `Azure ML's.`,
    );
  }
  const regions = [...new Set(demands.items.map((x) => x.region))].sort();
  return {
    learners: learnerCount,
    regions: regions.map((region) => regionQuota(region, demands.items)),
    assumptions: said,
    unknownVmSizes: demands.unknown,
  };
}

/**
 * Each resource's cores, by its type's row, in plan order. Returns the region learners' endpoints
 * go to: the first Azure ML resource's, if any.
 */
function resourceDemands(
  resources: readonly PlannedResource[],
  fallback: string,
  demands: Demands,
): string | undefined {
  let endpointRegion: string | undefined;
  for (const r of resources) {
    const row = r.custom ? rowOf(QUOTA_BY_TYPE, r.type) : undefined;
    if (!row) continue;
    const loc = r.inputs.location;
    const region = typeof loc === "string" && loc !== "[unknown]" ? normaliseRegion(loc) : fallback;
    if (row.placesEndpoints) endpointRegion ??= region;
    for (const use of row.uses?.(r) ?? []) demands.add(region, use);
  }
  return endpointRegion;
}

/** What the learners create during the labs; returns where each creation's demand sits. */
function learnerDemands(
  needs: Pick<LabNeeds, "learnerCreates">,
  learnerCount: number,
  region: string,
  demands: Demands,
  said: string[],
): { labId?: string; at: number }[] {
  const created: { labId?: string; at: number }[] = [];
  for (const lc of needs.learnerCreates) {
    if (lc.onCluster) {
      said.push(`${lc.what} runs on cluster ${lc.onCluster}: its cores are the cluster's.`);
      continue;
    }
    const use = learnerUse(lc);
    const reserve = use.role === "endpoint";
    const perLearner = reserve ? Math.ceil(ENDPOINT_UPGRADE_RESERVE * lc.instances) : lc.instances;
    const before = demands.items.length;
    demands.add(
      region,
      {
        provider: "ml",
        resource: `learner-created: ${lc.what}`,
        role: use.role,
        vmSize: lc.vmSize,
        count: learnerCount * perLearner,
        priority: lc.priority,
      },
      { resources: learnerCount, ...(use.computeType ? { computeType: use.computeType } : {}) },
    );
    if (demands.items.length > before) {
      created.push({ labId: (lc as { labId?: string }).labId, at: before });
    }
    said.push(
      `${learnerCount} learner(s) each create ${lc.what} (${lc.vmSize} x${lc.instances})` +
        (reserve
          ? `; Azure ML holds ceil(1.2 x ${lc.instances}) = ${perLearner} instance(s) of quota ` +
            `for each online deployment.`
          : `.`),
    );
  }
  return created;
}

/**
 * Labs run one after another: of what learners create in different labs, only the largest lab's
 * share of each family counts at peak (creations without a lab id all count).
 */
function dropSequentialLabs(
  demands: Demands,
  created: { labId?: string; at: number }[],
  said: string[],
): void {
  const items = demands.items;
  const dropped = new Set<number>();
  const keyOf = (i: number) => `${items[i].d.family}|${items[i].d.priority}`;
  for (const key of new Set(created.map((c) => keyOf(c.at)))) {
    const inKey = created.filter((c) => keyOf(c.at) === key && c.labId !== undefined);
    const perLab = new Map<string, number>();
    for (const c of inKey) {
      perLab.set(c.labId as string, (perLab.get(c.labId as string) ?? 0) + items[c.at].d.vCPUs);
    }
    if (perLab.size < 2) continue;
    const [top] = [...perLab.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const others = inKey.filter((c) => c.labId !== top[0]);
    others.forEach((c) => dropped.add(c.at));
    const all = inKey.reduce((sum, c) => sum + items[c.at].d.vCPUs, 0);
    said.push(
      `${key.split("|")[0]}: learners' creations in ${perLab.size} labs are not concurrent; the ` +
        `largest (lab ${top[0]}, ${top[1]} vCPUs) counts at peak. If nothing is deleted between ` +
        `labs they need ${all} vCPUs.`,
    );
  }
  demands.items = items.filter((_, i) => !dropped.has(i));
}

/** One region's demands, by quota and family. */
function regionQuota(region: string, all: readonly Located[]): RegionQuota {
  const here = all.filter((x) => x.region === region);
  const group = (list: QuotaDemand[]) => {
    const fams = new Map<string, QuotaDemand[]>();
    for (const d of list) fams.set(d.family, [...(fams.get(d.family) ?? []), d]);
    return [...fams.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([family, ds]) => ({ family, vCPUs: sumV(ds), demands: mergeDemands(ds) }));
  };
  const ml = here.filter((x) => x.provider === "ml").map((x) => x.d);
  const aks = here.filter((x) => x.provider === "compute").map((x) => x.d);
  const dedicated = group(ml.filter((d) => d.priority === "dedicated"));
  const lowPriority = group(ml.filter((d) => d.priority === "lowPriority"));
  return {
    region,
    dedicated,
    lowPriority,
    totalDedicated: dedicated.reduce((s, f) => s + f.vCPUs, 0),
    totalLowPriority: lowPriority.reduce((s, f) => s + f.vCPUs, 0),
    aks: { families: group(aks), total: sumV(aks) },
  };
}

/**
 * What a learner creation is: a managed online deployment (which holds 20% extra quota) or other
 * capacity, and the compute type its size must support. The catalog's `kind` says so; without
 * one, its description does.
 */
function learnerUse(lc: LabNeeds["learnerCreates"][number]): {
  role: QuotaRole;
  computeType?: QuotaComputeType;
} {
  const kind = (lc as { kind?: string }).kind;
  if (kind === "onlineDeployment") return { role: "endpoint", computeType: "MIR" };
  if (kind === "computeInstance") return { role: "learner", computeType: "ComputeInstance" };
  if (kind === "computeCluster" || kind === "batchDeployment") {
    return { role: "learner", computeType: "AmlCompute" };
  }
  if (kind === undefined && /online (endpoint|deployment)/i.test(lc.what)) {
    return { role: "endpoint", computeType: "MIR" };
  }
  return { role: "learner" };
}

/**
 * Lines of the same role, VM size and priority folded into one (20 instances -> one line of
 * count 20), so a cohort's report stays short; `resources` counts the folded resources.
 */
function mergeDemands(list: QuotaDemand[]): QuotaDemand[] {
  const out = new Map<string, QuotaDemand>();
  for (const d of list) {
    const key = `${d.role}|${d.vmSize}|${d.priority}|${d.maxNodes ?? ""}|${d.role === "endpoint" || d.role === "learner" ? d.resource : ""}`;
    const prev = out.get(key);
    if (!prev) {
      out.set(key, d);
      continue;
    }
    const n = prev.resources + d.resources;
    out.set(key, {
      ...prev,
      resource: `${n} ${d.role === "instance" ? "compute instances" : `${d.role}s`}`,
      count: prev.count + d.count,
      vCPUs: prev.vCPUs + d.vCPUs,
      resources: n,
    });
  }
  return [...out.values()];
}

function resourceGroupRegion(resources: readonly PlannedResource[]): string | undefined {
  const rg = resources.find(
    (r) =>
      r.type === "azure-native:resources:ResourceGroup" && typeof r.inputs.location === "string",
  );
  return rg ? normaliseRegion(rg.inputs.location as string) : undefined;
}

function anyRegion(resources: readonly PlannedResource[]): string | undefined {
  const r = resources.find(
    (x) => typeof x.inputs.location === "string" && x.inputs.location !== "[unknown]",
  );
  return r ? normaliseRegion(r.inputs.location as string) : undefined;
}

/** `East US` -> `eastus` (ARM accepts both; quotas are keyed by the short form). */
export function normaliseRegion(location: string): string {
  return location.toLowerCase().replace(/\s+/g, "");
}

function sumV(list: QuotaDemand[]): number {
  return list.reduce((s, d) => s + d.vCPUs, 0);
}
