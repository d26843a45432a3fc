import type { QuotaReport } from "../../plan/quota";
import type { AzureMlUsageApi } from "./armApi";
import { checkRegion, loadRegion } from "./region";
import { quotaIncreases, suggestInRegion } from "./suggest";
import {
  DEFAULT_ALTERNATIVE_REGIONS,
  PreflightOptions,
  PreflightResult,
  RegionData,
  RegionPreflight,
  Suggestion,
} from "./types";

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
