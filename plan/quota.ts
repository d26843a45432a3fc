/**
 * The vCPU quota a plan needs at peak, per region and Azure ML VM family, separately for dedicated
 * and low-priority cores: every compute instance (stopped instances keep their quota), every
 * cluster at its max nodes, and the endpoints the learners create during the labs. AKS nodes count
 * against the subscription's Microsoft.Compute quota, not Azure ML's, and are reported apart.
 */
import type { LabNeeds } from "../labs/types";
import type { PlannedResource } from "./types";
import { UnknownVmSizeError, vmSizeInfo } from "../azure/vmSizes";
import { get, num, str } from "./inputs";

export type QuotaPriority = "dedicated" | "lowPriority";
/**
 * What uses the cores; it tells which setting to change when they do not fit. `endpoint` is a
 * managed online deployment a learner creates, `learner` any other capacity a learner creates.
 */
export type QuotaRole = "instance" | "cluster" | "endpoint" | "learner" | "aks";

/** Azure ML compute type a size must support for the use (`MIR`: managed online endpoints). */
export type QuotaComputeType = "ComputeInstance" | "AmlCompute" | "MIR";

/** One resource's (or one learner-created capacity's) share of a family's quota. */
export interface QuotaDemand {
  /** Logical name, or `learner-created: <what>`. */
  readonly resource: string;
  readonly role: QuotaRole;
  readonly vmSize: string;
  readonly family: string;
  readonly vCPUsEach: number;
  /** Nodes / instances counted (for endpoints: learners x ceil(1.2 x instances)). */
  readonly count: number;
  readonly vCPUs: number;
  readonly priority: QuotaPriority;
  /** How many resources of this kind the line stands for (cluster count for `fewer max nodes`). */
  readonly resources: number;
  /** Max nodes per cluster (clusters only). */
  readonly maxNodes?: number;
  /** The compute type the VM size is used as, when known. */
  readonly computeType?: QuotaComputeType;
}

export interface FamilyQuota {
  readonly family: string;
  readonly vCPUs: number;
  readonly demands: QuotaDemand[];
}

export interface RegionQuota {
  readonly region: string;
  /** Azure ML dedicated cores per family. */
  readonly dedicated: FamilyQuota[];
  /** Azure ML low-priority cores per family. */
  readonly lowPriority: FamilyQuota[];
  /** Azure ML regional totals ("Total Cluster Dedicated/LowPriority Regional vCPUs"). */
  readonly totalDedicated: number;
  readonly totalLowPriority: number;
  /** AKS node pools at their max: Microsoft.Compute quota, per family and total. */
  readonly aks: { readonly families: FamilyQuota[]; readonly total: number };
}

export interface QuotaReport {
  readonly learners: number;
  readonly regions: RegionQuota[];
  readonly assumptions: string[];
  /** VM sizes the catalog (plan/vmSizes.ts) does not know: their cores are not counted. */
  readonly unknownVmSizes: { resource: string; vmSize: string; message: string }[];
}

/**
 * Share of extra quota a managed online deployment reserves for upgrades: Azure ML needs
 * ceil(1.2 x instances) x vCPUs free (Azure ML docs, "Virtual machine quota allocation for
 * deployment"; a few large GPU sizes are exempt, none of them in plan/vmSizes.ts).
 */
export const ENDPOINT_UPGRADE_RESERVE = 1.2;

const COMPUTE = "azure-native:machinelearningservices:Compute";

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
  const regionOf = (r: PlannedResource) => {
    const loc = r.inputs.location;
    return typeof loc === "string" && loc !== "[unknown]" ? normaliseRegion(loc) : fallback;
  };
  const demands: { region: string; provider: "ml" | "compute"; d: QuotaDemand }[] = [];
  const unknown: QuotaReport["unknownVmSizes"] = [];
  const said: string[] = [];

  const add = (
    region: string,
    provider: "ml" | "compute",
    resource: string,
    role: QuotaRole,
    vmSize: string | undefined,
    count: number,
    priority: QuotaPriority,
    extra: Partial<QuotaDemand> = {},
  ) => {
    if (vmSize === undefined) {
      unknown.push({ resource, vmSize: "(none)", message: `${resource} sets no vmSize` });
      return;
    }
    try {
      const info = vmSizeInfo(vmSize);
      demands.push({
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
      unknown.push({ resource, vmSize, message: e.message });
    }
  };

  let mlRegion: string | undefined;
  for (const r of resources) {
    if (!r.custom) continue;
    const region = regionOf(r);
    if (r.type === "azure-native:machinelearningservices:Workspace") mlRegion ??= region;
    if (r.type === COMPUTE) {
      mlRegion ??= region;
      const kind = get(r.inputs, "properties", "computeType");
      const p = get(r.inputs, "properties", "properties");
      const vmSize = str(get(p, "vmSize"));
      if (kind === "ComputeInstance") {
        add(region, "ml", r.name, "instance", vmSize, 1, "dedicated", {
          computeType: "ComputeInstance",
        });
      } else if (kind === "AmlCompute") {
        const max = num(get(p, "scaleSettings", "maxNodeCount")) ?? 0;
        const prio = get(p, "vmPriority") === "LowPriority" ? "lowPriority" : "dedicated";
        add(region, "ml", r.name, "cluster", vmSize, max, prio, {
          maxNodes: max,
          computeType: "AmlCompute",
        });
      }
    } else if (r.type === "azure-native:containerservice:ManagedCluster") {
      const pools = get(r.inputs, "agentPoolProfiles");
      for (const [i, pool] of (Array.isArray(pools) ? pools : []).entries()) {
        const name = `${r.name}/${str(get(pool, "name")) ?? i}`;
        add(region, "compute", name, "aks", str(get(pool, "vmSize")), aksMax(pool), "dedicated");
      }
    } else if (r.type === "azure-native:containerservice:AgentPool") {
      add(
        region,
        "compute",
        r.name,
        "aks",
        str(get(r.inputs, "vmSize")),
        aksMax(r.inputs),
        "dedicated",
      );
    }
  }

  const endpointRegion = mlRegion ?? fallback;
  const created: { labId?: string; at: number }[] = [];
  for (const lc of needs.learnerCreates) {
    if (lc.onCluster) {
      said.push(`${lc.what} runs on cluster ${lc.onCluster}: its cores are the cluster's.`);
      continue;
    }
    const use = learnerUse(lc);
    const reserve = use.role === "endpoint";
    const perLearner = reserve ? Math.ceil(ENDPOINT_UPGRADE_RESERVE * lc.instances) : lc.instances;
    const before = demands.length;
    add(
      endpointRegion,
      "ml",
      `learner-created: ${lc.what}`,
      use.role,
      lc.vmSize,
      learnerCount * perLearner,
      lc.priority,
      { resources: learnerCount, ...(use.computeType ? { computeType: use.computeType } : {}) },
    );
    if (demands.length > before) {
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
  // Labs run one after another: of what learners create in different labs, only the largest
  // lab's share of each family counts at peak (creations without a lab id all count).
  const dropped = new Set<number>();
  const keyOf = (i: number) => `${demands[i].d.family}|${demands[i].d.priority}`;
  for (const key of new Set(created.map((c) => keyOf(c.at)))) {
    const inKey = created.filter((c) => keyOf(c.at) === key && c.labId !== undefined);
    const perLab = new Map<string, number>();
    for (const c of inKey) {
      perLab.set(c.labId as string, (perLab.get(c.labId as string) ?? 0) + demands[c.at].d.vCPUs);
    }
    if (perLab.size < 2) continue;
    const [top] = [...perLab.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const others = inKey.filter((c) => c.labId !== top[0]);
    others.forEach((c) => dropped.add(c.at));
    const all = inKey.reduce((sum, c) => sum + demands[c.at].d.vCPUs, 0);
    said.push(
      `${key.split("|")[0]}: learners' creations in ${perLab.size} labs are not concurrent; the ` +
        `largest (lab ${top[0]}, ${top[1]} vCPUs) counts at peak. If nothing is deleted between ` +
        `labs they need ${all} vCPUs.`,
    );
  }
  const kept = demands.filter((_, i) => !dropped.has(i));
  demands.length = 0;
  demands.push(...kept);

  said.unshift(
    `Peak: every compute instance counted (a stopped instance keeps its quota), every cluster at ` +
      `its max nodes, every learner's endpoints deployed at once.`,
    `Compute instances, clusters and managed online endpoints share the Azure ML per-family and ` +
      `regional vCPU quota; low-priority cores have their own.`,
  );
  if (demands.some((x) => x.provider === "compute")) {
    said.push(
      `AKS nodes (at their max count) use the subscription's Microsoft.Compute vCPU quota, not ` +
        `Azure ML's.`,
    );
  }

  const regions = [...new Set(demands.map((x) => x.region))].sort();
  return {
    learners: learnerCount,
    regions: regions.map((region) => {
      const here = demands.filter((x) => x.region === region);
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
    }),
    assumptions: said,
    unknownVmSizes: unknown,
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

/** The plan's quota summary, as text lines (no trailing newline). */
export function formatQuota(report: QuotaReport): string {
  const lines = [
    `Quota at peak (vCPUs; instances running, clusters at max nodes, learners' endpoints deployed)`,
  ];
  for (const r of report.regions) {
    lines.push(
      `  ${r.region}: Azure ML dedicated ${r.totalDedicated} (regional total), low-priority ` +
        `${r.totalLowPriority}` +
        (r.aks.total > 0 ? `; AKS nodes ${r.aks.total} (Microsoft.Compute quota)` : ""),
    );
    const fam = (label: string, f: FamilyQuota) => {
      const parts = f.demands.map((d) => `${d.resource} ${d.count} x ${d.vCPUsEach}`);
      lines.push(
        `    ${f.family.padEnd(26)}${label.padEnd(13)}${String(f.vCPUs).padStart(5)}  = ${parts.join(" + ")}`,
      );
    };
    r.dedicated.forEach((f) => fam("dedicated", f));
    r.lowPriority.forEach((f) => fam("low-priority", f));
    r.aks.families.forEach((f) => fam("aks (compute)", f));
  }
  for (const u of report.unknownVmSizes) lines.push(`  NOT COUNTED: ${u.message}`);
  lines.push("  assumptions:");
  for (const s of report.assumptions) lines.push(`    - ${s}`);
  return lines.join("\n");
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

function aksMax(pool: unknown): number {
  const count = num(get(pool, "count"));
  const max = num(get(pool, "maxCount"));
  return get(pool, "enableAutoScaling") === true ? (max ?? count ?? 1) : (count ?? 1);
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
