/**
 * Quota preflight: reads the subscription's Azure ML usage, limits and VM sizes for the plan's
 * regions and says what fits, what does not, and the smallest change that would. ARM is behind the
 * small AzureMlUsageApi interface; tests use a fake that returns recorded responses.
 *
 * ARM calls (api-version 2024-04-01):
 *   GET /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{r}/usages
 *   GET /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{r}/quotas
 *   GET /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{r}/vmSizes
 * and, for AKS node pools, GET /subscriptions/{s}/providers/Microsoft.Compute/locations/{r}/usages
 * (api-version 2023-07-01).
 */
import { execFile } from "child_process";
import type { PlanDocument } from "../plan/types";
import type {
  FamilyQuota,
  QuotaDemand,
  QuotaPriority,
  QuotaReport,
  RegionQuota,
} from "../plan/quota";
import { sameClassAlternatives, vmSizeInfo } from "../azure/vmSizes";
import { isResourceProviderReport } from "../plan/resourceProviders";
import {
  ArmResourceProviderApi,
  checkProviders,
  formatProviderCheck,
  registerProviders,
  type ProviderCheckResult,
  type RegisterOptions,
  type ResourceProviderApi,
} from "./resourceProviders";
import { defaultStackHere } from "../plan/stackSelection";

// --- ARM response shapes -------------------------------------------------------------------------

export interface UsageName {
  readonly value: string;
  readonly localizedValue?: string;
}

/** One row of `.../locations/{r}/usages` (Azure ML "Usage"). */
export interface ArmUsage {
  readonly id?: string;
  readonly type?: string;
  readonly amlWorkspaceLocation?: string;
  readonly unit?: string;
  readonly currentValue: number;
  /** -1 means no limit at this level (low-priority families defer to the regional total). */
  readonly limit: number;
  readonly name: UsageName;
}

export interface UsageResponse {
  readonly value: ArmUsage[];
  readonly nextLink?: string | null;
}

/** One row of `.../locations/{r}/quotas` (Azure ML "ResourceQuota"). */
export interface ArmQuota {
  readonly id?: string;
  readonly type?: string;
  readonly amlWorkspaceLocation?: string;
  readonly unit?: string;
  readonly limit: number;
  readonly name: UsageName;
}

export interface QuotaResponse {
  readonly value: ArmQuota[];
  readonly nextLink?: string | null;
}

/** One row of `.../locations/{r}/vmSizes` (Azure ML "VirtualMachineSize"). */
export interface ArmVmSize {
  readonly name: string;
  readonly family?: string;
  readonly vCPUs?: number;
  readonly gpus?: number;
  readonly memoryGB?: number;
  readonly lowPriorityCapable?: boolean;
  readonly premiumIO?: boolean;
  /** e.g. ["AmlCompute", "ComputeInstance", "MIR"] (MIR: managed online endpoints). */
  readonly supportedComputeTypes?: string[];
}

export interface VmSizeResponse {
  readonly value: ArmVmSize[];
}

/** One row of Microsoft.Compute `.../locations/{r}/usages` (name.value e.g. `standardDSv2Family`, `cores`). */
export interface ComputeUsageResponse {
  readonly value: { currentValue: number; limit: number; name: UsageName; unit?: string }[];
  readonly nextLink?: string | null;
}

/** What preflight needs from ARM. Implementations follow `nextLink` and return every row. */
export interface AzureMlUsageApi {
  listUsages(subscriptionId: string, region: string): Promise<UsageResponse>;
  listQuotas(subscriptionId: string, region: string): Promise<QuotaResponse>;
  listVmSizes(subscriptionId: string, region: string): Promise<VmSizeResponse>;
  /** Microsoft.Compute usages, for AKS node pools. Optional: without it AKS is not checked. */
  listComputeUsages?(subscriptionId: string, region: string): Promise<ComputeUsageResponse>;
}

// --- results -------------------------------------------------------------------------------------

export interface PreflightCheck {
  readonly kind: "vm-size" | "family" | "regional-total" | "aks-family" | "aks-regional-total";
  readonly region: string;
  readonly priority?: QuotaPriority;
  readonly family?: string;
  readonly vmSize?: string;
  readonly needed: number;
  /** Cores in use now (undefined when ARM did not say). */
  readonly used?: number;
  /** Limit (null: no limit at this level; undefined: not applicable). */
  readonly limit?: number | null;
  readonly fits: boolean;
  readonly message: string;
}

export interface Suggestion {
  readonly kind: "fewer-max-nodes" | "other-vm-size" | "other-region" | "quota-increase";
  /** The setting to change, e.g. `dp100-labs:clusterMaxNodes`. */
  readonly setting: string;
  readonly value: string | number;
  readonly message: string;
}

export interface RegionPreflight {
  readonly region: string;
  readonly fits: boolean;
  readonly checks: PreflightCheck[];
  /** Smallest changes first: fewer max nodes, another VM size, another region, more quota. */
  readonly suggestions: Suggestion[];
}

export interface PreflightResult {
  readonly subscriptionId: string;
  readonly fits: boolean;
  readonly regions: RegionPreflight[];
  readonly notes: string[];
}

export interface PreflightOptions {
  readonly subscriptionId: string;
  /** Regions to try when something does not fit. Default DEFAULT_ALTERNATIVE_REGIONS. */
  readonly alternativeRegions?: readonly string[];
}

/** The official setup scripts' regions plus a few large ones. */
export const DEFAULT_ALTERNATIVE_REGIONS: readonly string[] = [
  "eastus",
  "eastus2",
  "westus2",
  "westus3",
  "centralus",
  "northeurope",
  "westeurope",
  "uksouth",
];

const ROLE_SETTING = {
  instance: "dp100-labs:instanceVmSize",
  cluster: "dp100-labs:clusterVmSize",
  endpoint: "the VM size learners deploy endpoints with (instance_type in the lab)",
  learner: "the VM size the lab has learners create (lab instructions)",
  aks: "the AKS node pool vmSize",
};

/** Checks the plan's quota against the subscription, region by region. */
export async function preflight(
  quota: QuotaReport,
  api: AzureMlUsageApi,
  opts: PreflightOptions,
): Promise<PreflightResult> {
  const notes: string[] = [
    `"in use" is what the subscription uses now, including any earlier deployment of this stack.`,
  ];
  if (quota.regions.length === 0) {
    notes.push(`the plan needs no Azure ML or AKS vCPUs: nothing to check`);
  }
  if (quota.unknownVmSizes.length > 0) {
    notes.push(
      `Not checked (VM size unknown to plan/vmSizes.ts): ` +
        quota.unknownVmSizes.map((u) => `${u.resource} (${u.vmSize})`).join(", "),
    );
  }
  const regions: RegionPreflight[] = [];
  const cache = new Map<string, Promise<RegionData>>();
  const data = (region: string) => {
    if (!cache.has(region)) cache.set(region, loadRegion(api, opts.subscriptionId, region));
    return cache.get(region) as Promise<RegionData>;
  };
  for (const rq of quota.regions) {
    const here = await data(rq.region);
    const checks = checkRegion(rq, here);
    const fits = checks.every((c) => c.fits);
    let suggestions: Suggestion[] = [];
    if (!fits) {
      suggestions = suggestInRegion(rq, here, checks);
      for (const other of opts.alternativeRegions ?? DEFAULT_ALTERNATIVE_REGIONS) {
        if (other === rq.region) continue;
        let there: RegionData;
        try {
          there = await data(other);
        } catch (e) {
          notes.push(`could not read ${other}: ${(e as Error).message}`);
          continue;
        }
        const moved = { ...rq, region: other };
        if (checkRegion(moved, there).every((c) => c.fits)) {
          suggestions.push({
            kind: "other-region",
            setting: "azure-native:location",
            value: other,
            message: `deploy in ${other}: every VM size is offered there and the quota fits`,
          });
        }
      }
      suggestions.push(...quotaIncreases(checks));
    }
    if (rq.aks.total > 0 && !here.compute) {
      notes.push(
        `${rq.region}: AKS nodes (${rq.aks.total} vCPUs) use Microsoft.Compute quota, not checked here.`,
      );
    }
    regions.push({ region: rq.region, fits, checks, suggestions });
  }
  return {
    subscriptionId: opts.subscriptionId,
    fits: regions.every((r) => r.fits),
    regions,
    notes,
  };
}

interface Limit {
  readonly used?: number;
  /** null: no limit at this level. */
  readonly limit: number | null;
  readonly source: "usages" | "quotas" | "none";
}

interface RegionData {
  readonly region: string;
  readonly sizes: Map<string, ArmVmSize>;
  readonly family: (family: string, priority: QuotaPriority) => Limit;
  readonly total: (priority: QuotaPriority) => Limit;
  readonly compute?: { family: (family: string) => Limit; total: Limit };
}

async function loadRegion(api: AzureMlUsageApi, sub: string, region: string): Promise<RegionData> {
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

function free(l: Limit): number {
  return l.limit === null ? Infinity : l.limit - (l.used ?? 0);
}

function mlFamilies(rq: RegionQuota): [QuotaPriority, FamilyQuota][] {
  return [
    ...rq.dedicated.map((f): [QuotaPriority, FamilyQuota] => ["dedicated", f]),
    ...rq.lowPriority.map((f): [QuotaPriority, FamilyQuota] => ["lowPriority", f]),
  ];
}

function checkRegion(rq: RegionQuota, d: RegionData): PreflightCheck[] {
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
function sizeProblem(
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

function suggestInRegion(rq: RegionQuota, d: RegionData, checks: PreflightCheck[]): Suggestion[] {
  const out: Suggestion[] = [];
  const failing = checks.filter((c) => !c.fits);
  const seen = new Set<string>();
  const push = (s: Suggestion) => {
    const key = `${s.kind}|${s.setting}|${s.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };

  // 1. Fewer max nodes: the largest uniform clusterMaxNodes that makes every quota check pass.
  const clusters = mlFamilies(rq).flatMap(([, f]) => f.demands.filter((x) => x.role === "cluster"));
  const quotaFails = failing.filter((c) => c.kind === "family" || c.kind === "regional-total");
  if (clusters.length > 0 && quotaFails.length > 0 && failing.every((c) => c.kind !== "vm-size")) {
    const current = Math.max(...clusters.map((c) => c.maxNodes ?? 0));
    for (let m = current - 1; m >= 1; m--) {
      const trial = withMaxNodes(rq, m);
      if (checkRegion(trial, d).every((c) => c.fits)) {
        const freed =
          rq.totalDedicated + rq.totalLowPriority - trial.totalDedicated - trial.totalLowPriority;
        push({
          kind: "fewer-max-nodes",
          setting: "dp100-labs:clusterMaxNodes",
          value: m,
          message: `set dp100-labs:clusterMaxNodes to ${m} (from ${current}): frees ${freed} vCPUs`,
        });
        break;
      }
    }
  }

  // 2. Another VM size of the same class, offered here, in a family with room.
  const roles = new Map<string, { dem: QuotaDemand; priority: QuotaPriority }>();
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
  for (const { dem, priority } of roles.values()) {
    for (const alt of sameClassAlternatives(dem.vmSize)) {
      if (sizeProblem(d, alt.name, dem.computeType, priority)) continue;
      const trial = withVmSize(rq, dem.role, dem.vmSize, alt.name);
      if (checkRegion(trial, d).every((c) => c.fits)) {
        push({
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

  // 3. When no single change is enough: one same-class size per failing role, together.
  if (!out.some((s) => s.kind !== "quota-increase") && roles.size > 1) {
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
    if (changes.length > 1 && checkRegion(trial, d).every((c) => c.fits)) {
      push({
        kind: "other-vm-size",
        setting: settings.map((s) => s.split("=")[0]).join(" + "),
        value: settings.map((s) => s.split("=")[1]).join(" + "),
        message: `use, together, ${changes.join(" and ")}`,
      });
    }
  }
  return out;
}

function quotaIncreases(checks: PreflightCheck[]): Suggestion[] {
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

function label(p: QuotaPriority): string {
  return p === "dedicated" ? "dedicated" : "low-priority";
}

function describe(l: Limit): string {
  if (l.source === "none" && l.limit === 0) return "no quota row for it (limit taken as 0)";
  if (l.limit === null) return `in use ${l.used ?? "?"}, no limit at this level`;
  const used = l.used === undefined ? "in use unknown" : `in use ${l.used}`;
  return `${used} of ${l.limit} -> ${l.limit - (l.used ?? 0)} free${l.source === "quotas" ? " (limit from /quotas)" : ""}`;
}

/** Preflight as text lines (no trailing newline). */
export function formatPreflight(result: PreflightResult): string {
  const lines = [`Quota preflight, subscription ${result.subscriptionId}`];
  for (const r of result.regions) {
    lines.push(`  ${r.region}: ${r.fits ? "everything fits" : "DOES NOT FIT"}`);
    for (const c of r.checks) lines.push(`    ${c.fits ? "ok  " : "FAIL"} ${c.message}`);
    if (r.suggestions.length > 0) {
      lines.push(`    smallest changes that would fit:`);
      r.suggestions.forEach((s, i) => lines.push(`      ${i + 1}. ${s.message}`));
    }
  }
  for (const n of result.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}

// --- the real ARM client --------------------------------------------------------------------------

export const ARM = "https://management.azure.com";
export const ML_API_VERSION = "2024-04-01";
export const COMPUTE_API_VERSION = "2023-07-01";

type FetchLike = (
  url: string,
  init?: { headers?: Record<string, string> },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}>;

/** AzureMlUsageApi over ARM with fetch and a bearer token. */
export class ArmAzureMlUsageApi implements AzureMlUsageApi {
  private readonly fetch: FetchLike;
  private readonly getToken: () => Promise<string>;
  private token?: Promise<string>;

  constructor(opts: { fetch?: FetchLike; getToken?: () => Promise<string> } = {}) {
    this.fetch = opts.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.getToken = opts.getToken ?? (() => armToken(process.env));
  }

  listUsages(s: string, r: string): Promise<UsageResponse> {
    return this.list(mlUrl(s, r, "usages")) as Promise<UsageResponse>;
  }

  listQuotas(s: string, r: string): Promise<QuotaResponse> {
    return this.list(mlUrl(s, r, "quotas")) as Promise<QuotaResponse>;
  }

  listVmSizes(s: string, r: string): Promise<VmSizeResponse> {
    return this.list(mlUrl(s, r, "vmSizes")) as Promise<VmSizeResponse>;
  }

  listComputeUsages(s: string, r: string): Promise<ComputeUsageResponse> {
    const url =
      `${ARM}/subscriptions/${encodeURIComponent(s)}/providers/Microsoft.Compute/locations/` +
      `${encodeURIComponent(r)}/usages?api-version=${COMPUTE_API_VERSION}`;
    return this.list(url) as Promise<ComputeUsageResponse>;
  }

  /** GETs a list, following nextLink, and returns every row under `value`. */
  private async list(url: string): Promise<{ value: unknown[] }> {
    this.token ??= this.getToken();
    const token = await this.token;
    const value: unknown[] = [];
    let next: string | undefined = url;
    for (let page = 0; next; page++) {
      if (page >= 50) throw new Error(`ARM paging did not end after 50 pages at ${url}`);
      const target: string = next;
      const res = await this.fetch(target, {
        headers: { Authorization: `Bearer ${token}` },
      }).catch((e: Error & { cause?: { message?: string } }) => {
        const cause = e.cause?.message ? ` (${e.cause.message})` : "";
        throw new Error(`GET ${target.split("?")[0]}: ${e.message}${cause}`);
      });
      if (!res.ok) {
        const body = await res.text().catch(() => "");
        throw new Error(
          `ARM GET ${next.split("?")[0]} answered ${res.status}: ${armMessage(body)}`,
        );
      }
      const doc = (await res.json()) as { value?: unknown[]; nextLink?: string | null };
      value.push(...(doc.value ?? []));
      next = doc.nextLink ?? undefined;
    }
    return { value };
  }
}

function mlUrl(s: string, r: string, what: string): string {
  return (
    `${ARM}/subscriptions/${encodeURIComponent(s)}/providers/Microsoft.MachineLearningServices/` +
    `locations/${encodeURIComponent(r)}/${what}?api-version=${ML_API_VERSION}`
  );
}

function armMessage(body: string): string {
  try {
    const e = JSON.parse(body) as { error?: { code?: string; message?: string } };
    if (e.error) return `${e.error.code ?? ""} ${e.error.message ?? ""}`.trim();
  } catch {
    // not JSON: show the text
  }
  return body.slice(0, 300);
}

/** Runs a command and returns its trimmed stdout. */
export type Exec = (cmd: string, args: string[]) => Promise<string>;

export const execText: Exec = (cmd, args) =>
  new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: 60_000 }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`${cmd} ${args.join(" ")}: ${stderr || err.message}`))
        : resolve(stdout.trim()),
    ),
  );

/** A bearer token for ARM: AZURE_ACCESS_TOKEN, else `az account get-access-token`. */
export async function armToken(env: NodeJS.ProcessEnv, exec: Exec = execText): Promise<string> {
  if (env.AZURE_ACCESS_TOKEN) return env.AZURE_ACCESS_TOKEN;
  return exec("az", [
    "account",
    "get-access-token",
    "--resource",
    `${ARM}/`,
    "--query",
    "accessToken",
    "-o",
    "tsv",
  ]);
}

/** The subscription: --subscription, else AZURE_SUBSCRIPTION_ID, else `az account show`. */
export async function subscriptionId(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  exec: Exec = execText,
): Promise<string> {
  if (flag) return flag;
  if (env.AZURE_SUBSCRIPTION_ID) return env.AZURE_SUBSCRIPTION_ID;
  return exec("az", ["account", "show", "--query", "id", "-o", "tsv"]);
}

// --- command line ---------------------------------------------------------------------------------

export interface PreflightArgs {
  readonly stack: string;
  readonly configFile?: string;
  readonly subscription?: string;
  readonly regions?: string[];
  readonly json: boolean;
  /** Register the resource providers the plan needs that are not registered. */
  readonly register: boolean;
}

export const PREFLIGHT_USAGE =
  "usage: npm run preflight -- [--stack NAME] [--config-file PATH] [--subscription ID] " +
  "[--regions r1,r2] [--register] [--json]";

/** Parses the preflight flags; throws an Error naming the flag and what is accepted. */
export function parsePreflightArgs(argv: readonly string[]): PreflightArgs {
  let stack: string | undefined;
  let configFile: string | undefined;
  let subscription: string | undefined;
  let regions: string[] | undefined;
  let json = false;
  let register = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--"))
        throw new Error(`${a} needs a value; ${PREFLIGHT_USAGE}`);
      return v;
    };
    if (a === "--stack") stack = value();
    else if (a === "--config-file") configFile = value();
    else if (a === "--subscription") subscription = value();
    else if (a === "--regions")
      regions = value()
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean);
    else if (a === "--json") json = true;
    else if (a === "--register") register = true;
    else throw new Error(`unknown argument '${a}'; ${PREFLIGHT_USAGE}`);
  }
  stack ??= defaultStackHere();
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
    throw new Error(`--stack: '${stack}' is not a stack name (letters, digits, _ . -)`);
  }
  return { stack, configFile, subscription, regions, json, register };
}

/** Whether a value has the QuotaReport shape (the plan document's `quota` key). */
export function isQuotaReport(v: unknown): v is QuotaReport {
  const q = v as QuotaReport;
  return (
    typeof v === "object" &&
    v !== null &&
    Array.isArray(q.regions) &&
    Array.isArray(q.unknownVmSizes)
  );
}

export interface PreflightDeps {
  readonly runPlan: (opts: { stack: string; configFile?: string }) => Promise<PlanDocument>;
  readonly api?: AzureMlUsageApi;
  /** Resource provider registration (ARM's Providers API when not given). */
  readonly providers?: ResourceProviderApi;
  /** Polling of `--register` (sleep, clock, bounds). */
  readonly registerOptions?: RegisterOptions;
  readonly env?: NodeJS.ProcessEnv;
  readonly exec?: Exec;
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
}

/**
 * `npm run preflight`: first the resource providers the plan needs (registered with `--register`),
 * then the quota. Exit 0 when everything fits and every required provider is registered, 1 when
 * something does not fit or a required provider is not registered, 2 for bad arguments, a plan
 * without quota, or Azure out of reach.
 */
export async function preflightMain(argv: readonly string[], deps: PreflightDeps): Promise<number> {
  const out = deps.out ?? ((t: string) => process.stdout.write(t + "\n"));
  const err = deps.err ?? ((t: string) => process.stderr.write(t + "\n"));
  let args: PreflightArgs;
  try {
    args = parsePreflightArgs(argv);
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
  let doc: PlanDocument;
  try {
    doc = await deps.runPlan({ stack: args.stack, configFile: args.configFile });
  } catch (e) {
    err(`the plan of stack '${args.stack}' failed: ${(e as Error).message}`);
    return 2;
  }
  if (!isQuotaReport(doc.quota)) {
    err(
      `the plan of stack '${args.stack}' has no "quota" key: the plan engine does not compute it yet`,
    );
    return 2;
  }
  const env = deps.env ?? process.env;
  let result: PreflightResult;
  let providers: ProviderCheckResult | undefined;
  try {
    const sub = await subscriptionId(args.subscription, env, deps.exec);
    if (isResourceProviderReport(doc.resourceProviders)) {
      const api =
        deps.providers ?? new ArmResourceProviderApi({ getToken: () => armToken(env, deps.exec) });
      providers = await checkProviders(doc.resourceProviders, api, sub);
      if (args.register) {
        providers = await registerProviders(providers, api, {
          progress: err,
          ...deps.registerOptions,
        });
      }
      if (!args.json) out(formatProviderCheck(providers, args.register));
    }
    result = await preflight(
      doc.quota,
      deps.api ?? new ArmAzureMlUsageApi({ getToken: () => armToken(env, deps.exec) }),
      {
        subscriptionId: sub,
        alternativeRegions: args.regions,
      },
    );
  } catch (e) {
    err(
      `cannot read ${providers ? "quota" : "resource providers or quota"} from Azure Resource Manager: ${(e as Error).message}\n` +
        (providers?.missing.includes("Microsoft.MachineLearningServices")
          ? `Microsoft.MachineLearningServices is not registered, and Azure ML's quota API needs it: ` +
            `run 'npm run preflight -- --register' first.`
          : `preflight needs network access to management.azure.com and credentials ` +
            `(az login, or AZURE_ACCESS_TOKEN and AZURE_SUBSCRIPTION_ID). ` +
            (providers ? "Quota was not checked." : "Nothing was checked.")),
    );
    return 2;
  }
  out(
    args.json
      ? JSON.stringify(providers ? { ...result, resourceProviders: providers } : result, null, 2)
      : formatPreflight(result),
  );
  return result.fits && (providers?.missing.length ?? 0) === 0 ? 0 : 1;
}
