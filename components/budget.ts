import * as pulumi from "@pulumi/pulumi";
import * as consumption from "@pulumi/azure-native/consumption";

export interface CostBudgetArgs {
  /** ARM id of the resource group the budget watches. Required. */
  readonly scope: pulumi.Input<string>;
  /** Budget name (unique in the scope; build it with Namer). Required. */
  readonly budgetName: pulumi.Input<string>;
  /** Amount in the billing currency per month. Required. */
  readonly amount: number;
  /** Addresses that get the alerts. Default none (the scope's Owners and Contributors are always mailed). */
  readonly contactEmails?: readonly string[];
  /** Percentages of the amount that trigger a mail on actual cost. Default [50, 80, 100]. */
  readonly actualThresholds?: readonly number[];
  /** Percentage of forecast cost that triggers a mail. Default 100. */
  readonly forecastThreshold?: number;
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
  const contactEmails = [...(args.contactEmails ?? [])];
  const notification = (threshold: number, thresholdType: consumption.ThresholdType) => ({
    enabled: true,
    operator: consumption.OperatorType.GreaterThanOrEqualTo,
    threshold,
    thresholdType,
    contactEmails,
    contactRoles: ["Owner", "Contributor"],
  });
  const notifications: Record<string, ReturnType<typeof notification>> = {};
  for (const t of args.actualThresholds ?? [50, 80, 100]) {
    notifications[`actual_${t}`] = notification(t, consumption.ThresholdType.Actual);
  }
  const forecast = args.forecastThreshold ?? 100;
  notifications[`forecasted_${forecast}`] = notification(
    forecast,
    consumption.ThresholdType.Forecasted,
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
