import * as fs from "fs";
import * as path from "path";
import { fitOfCohort, type CohortPlan } from "../../plan/cohort";
import { formatFit, type RegionLimits } from "../../plan/fit";
import { UsageError } from "./args";

/**
 * `cohort plan --quota FILE`: the offline cohort plan judged against a subscription's Azure ML
 * limits saved earlier by `npm run cohort -- preflight --json > FILE` (its `limits` key), so a
 * trainer can try fewer labs, nodes or another size without Azure. Without the file the plan says
 * where the limits come from.
 */

const NOT_COMPARED =
  "Azure ML quota: not compared offline. 'npm run cohort -- preflight' compares these vCPUs with " +
  "the subscription's limits and prints the smallest change that fits; 'plan --quota FILE' uses " +
  "limits saved from 'preflight --json > FILE'.";

/** The limits of a `preflight --json` document (or a bare list of them). */
export function readQuotaFile(file: string): RegionLimits[] {
  const bad = (why: string) =>
    new UsageError(
      `--quota '${file}' ${why}: give the output of 'npm run cohort -- preflight --json'`,
    );
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw bad(`cannot be read as JSON (${(e as Error).message})`);
  }
  const limits = Array.isArray(doc) ? doc : (doc as { limits?: unknown } | null)?.limits;
  const ok =
    Array.isArray(limits) &&
    limits.every(
      (l: Partial<RegionLimits>) => typeof l?.region === "string" && Array.isArray(l.families),
    );
  if (!ok) throw bad(`has no "limits" list of regions with their families`);
  return limits as RegionLimits[];
}

export interface PlanQuotaVerdict {
  readonly text: string;
  /** True when it fits, or when nothing was compared. */
  readonly fits: boolean;
  /** Dedicated limits per region and family, for the HTML report's quota table. */
  readonly reportLimits?: Record<string, Record<string, number>>;
}

/** The quota verdict of `cohort plan`, against the limits in `quotaFile` when given. */
export function planQuotaVerdict(
  plan: CohortPlan,
  quotaFile: string | undefined,
  cwd: string,
): PlanQuotaVerdict {
  if (quotaFile === undefined) return { text: NOT_COMPARED, fits: true };
  const file = path.resolve(cwd, quotaFile);
  const limits = readQuotaFile(file);
  const missing = plan.quota.regions.find((r) => !limits.some((l) => l.region === r.region));
  if (missing) {
    throw new UsageError(
      `--quota '${quotaFile}' has no limits for ${missing.region}, the cohort's region: run 'npm run cohort -- preflight --json' for this cohort`,
    );
  }
  const fit = fitOfCohort(plan, limits);
  const reportLimits: Record<string, Record<string, number>> = {};
  for (const l of limits) {
    for (const f of l.families) {
      if (f.priority === "dedicated" && f.limit !== null) {
        (reportLimits[l.region] ??= {})[f.family] = f.limit;
      }
    }
  }
  return { text: `${formatFit(fit)}\n(limits as saved in ${file})`, fits: fit.fits, reportLimits };
}
