import type { Violation } from "./rule";

/**
 * Guardrails that only a whole offline plan can judge, run by the plan (plan/checks.ts and
 * plan/runUnderMocks.ts) and not by the CrossGuard pack: the engine itself refuses two resources
 * with one URN, and the pack has no cost estimate. Their violations are mandatory.
 */

/** What `cost-within-budget` reads of the plan's cost estimate (plan/cost's CostReport). */
export interface BudgetEstimate {
  /** The cohort's lab day, USD. */
  readonly perLabDay: number;
  readonly courseDays: number;
  readonly learners: number;
  readonly hoursPerDay: number;
  /** False when some meter had no price: the figures are then lower bounds. */
  readonly complete: boolean;
  /** The meters without a price. */
  readonly missing: readonly { readonly meter: string }[];
}

/**
 * `cost-within-budget`: the estimate for the course against `dp100-labs:budget`. A violation when
 * the course total exceeds the budget, or when the estimate is incomplete (a missing price) so the
 * budget cannot be confirmed.
 */
export function budgetViolation(
  report: BudgetEstimate,
  budgetUsd: number,
  courseDays: number = report.courseDays,
  urn = "",
): Violation | undefined {
  const total = report.perLabDay * courseDays;
  const figures =
    `${usd(report.perLabDay)} per lab day x ${courseDays} day(s) = ${usd(total)} for ` +
    `${report.learners} learner(s) at ${report.hoursPerDay} h/day`;
  if (total > budgetUsd) {
    return {
      rule: "cost-within-budget",
      urn,
      level: "mandatory",
      message:
        `estimated cost ${figures}${report.complete ? "" : " (at least: some prices missing)"} ` +
        `exceeds dp100-labs:budget ${usd(budgetUsd)} by ${usd(total - budgetUsd)}; lower ` +
        `learners, hoursPerDay, courseDays, VM sizes or clusterMaxNodes, or raise the budget`,
    };
  }
  if (!report.complete) {
    return {
      rule: "cost-within-budget",
      urn,
      level: "mandatory",
      message:
        `cannot confirm dp100-labs:budget ${usd(budgetUsd)}: the estimate (${figures}) lacks ` +
        `prices for ${report.missing.map((m) => m.meter).join(", ")}; add them to plan/prices.json`,
    };
  }
  return undefined;
}

/**
 * `urn-unique`: one violation per resource whose URN an earlier one already has. The engine
 * refuses two resources with one URN; the mock runtime of the offline plan does not, so the plan
 * checks here.
 */
export function urnViolations(resources: readonly { readonly urn: string }[]): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const r of resources) {
    if (seen.has(r.urn)) {
      out.push({
        rule: "urn-unique",
        urn: r.urn,
        message: `two resources share the URN ${r.urn}; give one another logical name`,
        level: "mandatory",
      });
    }
    seen.add(r.urn);
  }
  return out;
}

/** `$1,234.56` (or more decimals for unit prices): how the budget rule and the plan print USD. */
export function usd(value: number, decimals = 2): string {
  const sign = value < 0 ? "-" : "";
  return `${sign}$${Math.abs(value).toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })}`;
}
