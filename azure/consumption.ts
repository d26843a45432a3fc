/**
 * Azure facts: cost budgets (Microsoft.Consumption/budgets). Pure data and checks, no Pulumi import.
 *
 * Sources:
 * - REST spec Microsoft.Consumption budgets (azure-native `consumption.Budget`, whose docs carry the
 *   spec's text): "Dictionary of notifications associated with the budget. Budget can have up to
 *   five notifications."; a notification's threshold "is always percent and has to be between 0 and
 *   1000"; `operator` is EqualTo, GreaterThan or GreaterThanOrEqualTo; `thresholdType` is Actual or
 *   Forecasted. Also Learn, ConsumptionBudgetData.Notifications ("up to five notifications").
 * - hashicorp/terraform-provider-azurerm#18381: an Actual and a Forecasted notification with the
 *   same operator and threshold came back as one (only the later was created); the budget's
 *   notifications were keyed `actual_<operator>_<threshold>_Percent` whatever their type (the fix,
 *   PR #18385, changed the keys the client sends). Keeping every (operator, threshold) pair distinct
 *   means no key scheme, ours, a tool's or the service's, can merge two alerts into one.
 */

/** At most this many notifications on one budget. */
export const MAX_BUDGET_NOTIFICATIONS = 5;

/** A threshold is a percentage of the budget amount, at most 1000 (this project: whole, from 1). */
export const BUDGET_THRESHOLD_MAX = 1000;

export const BUDGET_OPERATORS = ["GreaterThanOrEqualTo", "GreaterThan", "EqualTo"] as const;
export type BudgetOperator = (typeof BUDGET_OPERATORS)[number];

export const BUDGET_THRESHOLD_TYPES = ["Actual", "Forecasted"] as const;
export type BudgetThresholdType = (typeof BUDGET_THRESHOLD_TYPES)[number];

/** One alert of a budget: a mail when actual or forecast cost passes a percentage of the amount. */
export interface BudgetAlert {
  /** Percent of the budget amount: a whole number from 1 to 1000. */
  readonly threshold: number;
  /** Actual (cost so far) or Forecasted (cost expected by the end of the period). */
  readonly thresholdType: BudgetThresholdType;
  /** How cost is compared with the threshold. */
  readonly operator: BudgetOperator;
}

/**
 * Budget alerts when none are configured: actual cost at 50, 80 and 100 %, and a forecast above
 * 100 % (GreaterThan, so it is not the pair (GreaterThanOrEqualTo, 100) the actual 100 % alert
 * uses). Four notifications, every (operator, threshold) pair distinct.
 */
export const DEFAULT_BUDGET_ALERTS: readonly BudgetAlert[] = [
  { threshold: 50, thresholdType: "Actual", operator: "GreaterThanOrEqualTo" },
  { threshold: 80, thresholdType: "Actual", operator: "GreaterThanOrEqualTo" },
  { threshold: 100, thresholdType: "Actual", operator: "GreaterThanOrEqualTo" },
  { threshold: 100, thresholdType: "Forecasted", operator: "GreaterThan" },
];

/** The key two notifications collide on: operator and threshold, without the type. */
export function budgetCollisionKey(a: { operator: string; threshold: number }): string {
  return `${a.operator.toLowerCase()}_${a.threshold}`;
}

/**
 * What is wrong with a budget's alerts, or undefined: more than five, a threshold that is not
 * a whole percentage from 1 to 1000, or two alerts sharing an (operator, threshold) pair. The message names the alerts.
 */
export function budgetAlertsProblem(alerts: readonly BudgetAlert[]): string | undefined {
  if (alerts.length > MAX_BUDGET_NOTIFICATIONS) {
    return `${alerts.length} alerts; a budget keeps at most ${MAX_BUDGET_NOTIFICATIONS} notifications`;
  }
  const seen = new Map<string, BudgetAlert>();
  for (const a of alerts) {
    if (!Number.isInteger(a.threshold) || a.threshold < 1 || a.threshold > BUDGET_THRESHOLD_MAX) {
      return `threshold ${a.threshold}; use a whole percentage from 1 to ${BUDGET_THRESHOLD_MAX}`;
    }
    const key = budgetCollisionKey(a);
    const other = seen.get(key);
    if (other) {
      return (
        `${describeAlert(other)} and ${describeAlert(a)} share operator and threshold; Azure keeps ` +
        `only one of them: give each alert its own (operator, threshold) pair`
      );
    }
    seen.set(key, a);
  }
  return undefined;
}

/** `Actual GreaterThanOrEqualTo 100%`. */
export function describeAlert(a: BudgetAlert): string {
  return `${a.thresholdType} ${a.operator} ${a.threshold}%`;
}
