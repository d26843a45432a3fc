import { defaultPriceTable, HOURS_PER_MONTH, type PriceTable } from "../prices";
import { rowOf } from "../inputs";
import type { PlannedResource } from "../types";
import { Accumulator } from "./accumulator";
import { COST_BY_TYPE, NO_CHARGE_TYPES } from "./byType";
import type { PricingContext } from "./context";
import { priceMlCompute } from "./mlCompute";
import { round } from "./numbers";
import {
  DEFAULT_COST_ASSUMPTIONS,
  type CostAssumptions,
  type CostFigure,
  type CostNeeds,
  type CostReport,
} from "./report";

/**
 * The cost model of the offline plan: what the planned resources cost per idle day, per learner
 * working hour and per lab day for the cohort, priced from plan/prices.json, with every assumption
 * stated in words. A meter the table lacks is listed under `missing` (the figures are then lower
 * bounds and `complete` is false); it is never priced as zero. Each resource type is priced by its
 * row of plan/cost/byType.ts; ML compute and what learners create by plan/cost/mlCompute.ts.
 */

/** Estimates what the planned resources cost. Throws only on invalid assumptions. */
export function estimateCost(
  resources: readonly PlannedResource[],
  needs: CostNeeds,
  assumptions: CostAssumptions,
  table: PriceTable = defaultPriceTable(),
): CostReport {
  const a = checkAssumptions(assumptions);
  const acc = new Accumulator(table, a.region);
  const said: string[] = [];
  const unpriced = new Map<string, string[]>();
  const ctx: PricingContext = {
    acc,
    said,
    a,
    needs,
    unpriced: (label, name) => unpriced.set(label, [...(unpriced.get(label) ?? []), name]),
  };
  said.push(
    `Prices in USD, pay-as-you-go, Linux, region ${a.region}, from plan/prices.json (source and ` +
      `date of each under "prices"); no tax, free grants, credits or discounts.`,
    `Cohort of ${a.learners} learner(s), ${a.hoursPerDay} working hour(s) per lab day, ` +
      `${a.courseDays} course day(s); the course total is perLabDay x ${a.courseDays}.`,
    `Idle day: clusters at their minimum node count, compute instances stopped (a stopped ` +
      `instance still pays for its OS disk, and its public IP when it has one), fixed costs running.`,
    `A month is ${HOURS_PER_MONTH} hours: monthly prices are charged per hour a resource exists.`,
  );
  priceMlCompute(resources, ctx);
  priceByType(resources, ctx);
  said.push(
    `No charge by themselves: resource groups, the Azure ML workspace, datastores, data ` +
      `assets, code assets and components, role assignments, diagnostic settings, blob ` +
      `containers and blobs (in the storage GB above), budgets, action groups (e-mail within the free allowance), Application ` +
      `Insights (its data is ingested by Log Analytics).`,
  );
  if (unpriced.size > 0) {
    said.push(
      `Not priced by this model (listed under "unpriced"): ${[...unpriced.keys()].join(", ")}.`,
    );
  }
  said.push(...acc.regionNotes());
  return report(acc, a, said, unpriced);
}

/**
 * Every other resource by its type's row, in plan order; then, for each type the plan has, what
 * the estimate assumed for it.
 */
function priceByType(resources: readonly PlannedResource[], ctx: PricingContext): void {
  const present = new Set<string>();
  for (const r of resources) {
    if (!r.custom || r.type.startsWith("random:") || r.type.startsWith("pulumi:")) continue;
    if (NO_CHARGE_TYPES.has(r.type)) continue;
    const row = rowOf(COST_BY_TYPE, r.type);
    if (!row) {
      ctx.unpriced(r.type, r.name);
      continue;
    }
    present.add(r.type);
    row.price(r, ctx);
  }
  for (const [type, row] of Object.entries(COST_BY_TYPE)) {
    if (row.assumption && present.has(type)) ctx.said.push(row.assumption(ctx.a));
  }
}

/** The report: the lab day repeats the idle day's items, so each figure's breakdown is complete. */
function report(
  acc: Accumulator,
  a: Required<CostAssumptions>,
  said: string[],
  unpriced: Map<string, string[]>,
): CostReport {
  const idleItems = acc.items.filter((i) => i.figure === "idlePerDay");
  const items = [...acc.items, ...idleItems.map((i) => ({ ...i, figure: "perLabDay" as const }))];
  const sum = (f: CostFigure) =>
    round(
      items.filter((i) => i.figure === f).reduce((s, i) => s + i.amount, 0),
      6,
    );
  const perLabDay = sum("perLabDay");
  const missing = acc.missingList();
  return {
    currency: "USD",
    region: a.region,
    learners: a.learners,
    hoursPerDay: a.hoursPerDay,
    courseDays: a.courseDays,
    assumptions: said,
    idlePerDay: sum("idlePerDay"),
    perLearnerActiveHour: sum("perLearnerActiveHour"),
    perLabDay,
    perCourse: round(perLabDay * a.courseDays, 6),
    complete: missing.length === 0,
    items: items.map((i) => ({ ...i, quantity: round(i.quantity, 6), amount: round(i.amount, 6) })),
    missing,
    unpriced: [...unpriced.entries()].map(([type, names]) => ({ type, resources: names })),
    prices: acc.usedPrices(),
  };
}

function checkAssumptions(a: CostAssumptions): Required<CostAssumptions> {
  const full = { ...DEFAULT_COST_ASSUMPTIONS, ...stripUndefined(a) } as Required<CostAssumptions>;
  const need = (key: keyof CostAssumptions, ok: boolean, accepted: string) => {
    if (!ok) {
      throw new Error(
        `cost assumption ${key}: ${JSON.stringify(full[key])} is not accepted; ${accepted}`,
      );
    }
  };
  need("learners", Number.isInteger(full.learners) && full.learners >= 1, "a whole number >= 1");
  need(
    "hoursPerDay",
    typeof full.hoursPerDay === "number" && full.hoursPerDay > 0 && full.hoursPerDay <= 24,
    "hours from more than 0 to 24",
  );
  need(
    "courseDays",
    Number.isInteger(full.courseDays) && full.courseDays >= 1,
    "a whole number >= 1",
  );
  need("region", typeof full.region === "string" && full.region.length > 0, "an ARM region name");
  for (const key of [
    "storageGbPerAccount",
    "logGbPerDayPerWorkspace",
    "keyVaultOpsPerDayPerVault",
    "clusterNodeHoursPerLearnerHour",
    "hoursUntilScheduledStop",
  ] as const) {
    need(key, typeof full[key] === "number" && full[key] >= 0, "a number >= 0");
  }
  return full;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
