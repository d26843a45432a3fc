/**
 * TEST DOUBLES. Azure's cost budgets (Microsoft.Consumption/budgets), as the stand-in reproduces
 * them. Models of Azure, independent of the project's own checks (azure/consumption.ts):
 *
 * - A budget holds at most five notifications: REST spec Microsoft.Consumption budgets
 *   ("Dictionary of notifications associated with the budget. Budget can have up to five
 *   notifications."; Learn, ConsumptionBudgetData.Notifications). A PUT with more is refused.
 * - Notifications with the same operator and threshold collapse into one whatever their type
 *   (hashicorp/terraform-provider-azurerm#18381: of an Actual and a Forecasted notification at
 *   GreaterThan 75, only the later was created; the budget came back keyed
 *   `actual_<operator>_<threshold>_Percent` for both types). What Azure returns keeps one of them:
 *   here, the one whose key sorts last.
 */
import type { AzureBehaviour, Props } from "./behaviour";

const BUDGET = "azure-native:consumption:Budget";
const MAX_NOTIFICATIONS = 5;

function notificationsOf(props: Props): Record<string, Props> | undefined {
  const n = props.notifications;
  return n && typeof n === "object" && !Array.isArray(n) ? (n as Record<string, Props>) : undefined;
}

export const budgetNotificationLimit: AzureBehaviour = {
  id: "budget-notification-limit",
  source:
    "REST spec Microsoft.Consumption budgets: 'Budget can have up to five notifications' (Learn: ConsumptionBudgetData.Notifications)",
  types: [BUDGET],
  refuse({ inputs }) {
    const n = notificationsOf(inputs);
    const count = n ? Object.keys(n).length : 0;
    if (count <= MAX_NOTIFICATIONS) return undefined;
    return `BadRequest: a budget can have up to ${MAX_NOTIFICATIONS} notifications; this one has ${count}`;
  },
};

export const budgetNotificationCollapse: AzureBehaviour = {
  id: "budget-notification-collapse",
  source: "hashicorp/terraform-provider-azurerm#18381",
  types: [BUDGET],
  returned(_type, props) {
    const n = notificationsOf(props);
    if (!n) return props;
    const kept = new Map<string, string>();
    for (const key of Object.keys(n).sort()) {
      const v = n[key];
      if (!v || typeof v !== "object") continue;
      kept.set(`${String(v.operator).toLowerCase()}|${String(v.threshold)}`, key);
    }
    const keep = new Set(kept.values());
    const notifications = Object.fromEntries(Object.entries(n).filter(([k]) => keep.has(k)));
    return { ...props, notifications };
  },
};
