import type { PlannedResource } from "../types";
import type { Accumulator } from "./accumulator";
import type { CostAssumptions, CostNeeds } from "./report";

/** What a part of the cost model prices with: the ledger, the words and the assumptions. */
export interface PricingContext {
  /** The items, prices used and prices missing. */
  readonly acc: Accumulator;
  /** The assumptions in words, in the order the report lists them. */
  readonly said: string[];
  /** The assumptions with their defaults filled in. */
  readonly a: Required<CostAssumptions>;
  readonly needs: CostNeeds;
  /** Lists a resource the model has no price for under `label` (its type, or type and kind). */
  unpriced(label: string, name: string): void;
}

/**
 * How the cost model prices one azure-native resource type: a row of plan/cost/byType.ts.
 * Pricing a new type is adding a row (and its meters to plan/prices.json).
 */
export interface CostRow {
  /** Prices one resource of the type: adds its items to `ctx.acc`, says what it assumed. */
  price(r: PlannedResource, ctx: PricingContext): void;
  /** What the estimate assumes for every resource of the type, said once when the plan has any. */
  assumption?(a: Required<CostAssumptions>): string;
}
