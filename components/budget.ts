import * as pulumi from "@pulumi/pulumi";
import * as consumption from "@pulumi/azure-native/consumption";
import { BudgetAlert, budgetAlertsProblem, DEFAULT_BUDGET_ALERTS } from "../azure/consumption";

export interface CostBudgetArgs {
  /** ARM id of the resource group the budget watches. Required. */
  readonly scope: pulumi.Input<string>;
  /** Budget name (unique in the scope; build it with Namer). Required. */
  readonly budgetName: pulumi.Input<string>;
  /** Amount in the billing currency per month. Required. */
  readonly amount: number;
  /** Addresses that get the alerts. Default none (the scope's Owners and Contributors are always mailed). */
  readonly contactEmails?: readonly string[];
  /**
   * The alerts: at most five, each (operator, threshold) pair distinct (azure/consumption.ts).
   * Default actual cost >= 50, 80 and 100 %, forecast > 100 %.
   */
  readonly alerts?: readonly BudgetAlert[];
  /** First day of the budget's first month, YYYY-MM-01. Required. */
  readonly startDate: string;
}

/**
 * A monthly cost budget on a resource group with e-mail alerts at thresholds of actual and
 * forecast spend. Budgets alert, they never stop anything: idle shutdown and schedules do that.
 */
export function costBudget(
  name: string,
  args: CostBudgetArgs,
  opts: pulumi.CustomResourceOptions,
): consumption.Budget {
  if (!(args.amount > 0)) {
    throw new Error(`budget: ${args.amount} is not accepted; use an amount above 0`);
  }
  if (!/^\d{4}-\d{2}-01$/.test(args.startDate)) {
    throw new Error(
      `budget startDate: '${args.startDate}' is not accepted; Azure needs the first of a month, YYYY-MM-01`,
    );
  }
  const alerts = args.alerts ?? DEFAULT_BUDGET_ALERTS;
  const problem = budgetAlertsProblem(alerts);
  if (problem !== undefined) throw new Error(`budget alerts: ${problem}`);
  const contactEmails = [...(args.contactEmails ?? [])];
  const notifications = Object.fromEntries(
    alerts.map((a) => [
      notificationKey(a),
      {
        enabled: true,
        operator: a.operator,
        threshold: a.threshold,
        thresholdType: a.thresholdType,
        contactEmails,
        contactRoles: ["Owner", "Contributor"],
      },
    ]),
  );
  return new consumption.Budget(
    name,
    {
      scope: args.scope,
      budgetName: args.budgetName,
      amount: args.amount,
      category: consumption.CategoryType.Cost,
      timeGrain: consumption.TimeGrainType.Monthly,
      timePeriod: { startDate: `${args.startDate}T00:00:00Z` },
      notifications,
    },
    {
      ...opts,
      // Azure refuses to move the start of an existing budget; a run in a later month computes a
      // later start date, which must not turn into an update that fails.
      ignoreChanges: ["timePeriod"],
    },
  );
}

/**
 * The key of an alert in the budget's `notifications`: `actual_80` for the usual
 * GreaterThanOrEqualTo, else with the operator (`forecasted_100_greaterthan`). Distinct for distinct
 * (type, operator, threshold).
 */
export function notificationKey(a: BudgetAlert): string {
  const op = a.operator === "GreaterThanOrEqualTo" ? "" : `_${a.operator.toLowerCase()}`;
  return `${a.thresholdType.toLowerCase()}_${a.threshold}${op}`;
}
