/**
 * Budget alerts that fire: Azure keeps at most five notifications per budget, and two with the same
 * operator and threshold (an Actual and a Forecasted one) collapse into one
 * (hashicorp/terraform-provider-azurerm#18381; limits in azure/consumption.ts). The defaults, the
 * component and the configuration keep every (operator, threshold) pair distinct and at most five.
 */
import { byType, settle, setupMocks } from "../helpers/mocks";
import {
  budgetAlertsProblem,
  budgetCollisionKey,
  DEFAULT_BUDGET_ALERTS,
  MAX_BUDGET_NOTIFICATIONS,
  type BudgetAlert,
} from "../../azure/consumption";
import { ConfigError, readConfig } from "../../stacks/config";

setupMocks();

const BUDGET = "azure-native:consumption:Budget";

/** The (operator, threshold) pairs of a budget's notifications, as Azure keys them. */
function pairs(notifications: Record<string, { operator: string; threshold: number }>): string[] {
  return Object.values(notifications).map(budgetCollisionKey);
}

describe("the budget component", () => {
  it("by default registers at most five notifications, every (operator, threshold) pair distinct", async () => {
    const { costBudget } = await import("../../components/budget");
    costBudget(
      "default-budget",
      {
        scope: "/subscriptions/s/resourceGroups/rg",
        budgetName: "b",
        amount: 100,
        startDate: "2026-11-01",
      },
      {},
    );
    await settle();
    const [b] = byType(BUDGET).filter((r) => r.name === "default-budget");
    const p = pairs(b.inputs.notifications);
    expect(p.length).toBeLessThanOrEqual(MAX_BUDGET_NOTIFICATIONS);
    expect(new Set(p).size).toBe(p.length);
    // Still an alert on actual spend reaching the amount, and one on the forecast passing it.
    expect(Object.values(b.inputs.notifications)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          thresholdType: "Actual",
          operator: "GreaterThanOrEqualTo",
          threshold: 100,
        }),
        expect.objectContaining({
          thresholdType: "Forecasted",
          operator: "GreaterThan",
          threshold: 100,
        }),
      ]),
    );
  });

  it("registers the alerts it is given", async () => {
    const { costBudget } = await import("../../components/budget");
    const alerts: BudgetAlert[] = [
      { threshold: 90, thresholdType: "Actual", operator: "GreaterThan" },
      { threshold: 120, thresholdType: "Forecasted", operator: "GreaterThanOrEqualTo" },
    ];
    costBudget(
      "given-budget",
      { scope: "/s", budgetName: "b", amount: 100, startDate: "2026-11-01", alerts },
      {},
    );
    await settle();
    const [b] = byType(BUDGET).filter((r) => r.name === "given-budget");
    expect(b.inputs.notifications).toEqual({
      actual_90_greaterthan: expect.objectContaining(alerts[0]),
      forecasted_120: expect.objectContaining(alerts[1]),
    });
  });

  it("refuses alerts Azure would merge, before registering anything", async () => {
    const { costBudget } = await import("../../components/budget");
    expect(() =>
      costBudget(
        "colliding-budget",
        {
          scope: "/s",
          budgetName: "b",
          amount: 100,
          startDate: "2026-11-01",
          alerts: [
            { threshold: 100, thresholdType: "Actual", operator: "GreaterThanOrEqualTo" },
            { threshold: 100, thresholdType: "Forecasted", operator: "GreaterThanOrEqualTo" },
          ],
        },
        {},
      ),
    ).toThrow(/share operator and threshold/);
  });
});

describe("budgetAlertsProblem", () => {
  it("accepts the defaults", () => {
    expect(budgetAlertsProblem(DEFAULT_BUDGET_ALERTS)).toBeUndefined();
  });

  it.each([
    [
      "an Actual and a Forecasted alert on the same pair",
      [
        { threshold: 100, thresholdType: "Actual", operator: "GreaterThanOrEqualTo" },
        { threshold: 100, thresholdType: "Forecasted", operator: "GreaterThanOrEqualTo" },
      ],
      /Actual GreaterThanOrEqualTo 100% and Forecasted GreaterThanOrEqualTo 100% share/,
    ],
    [
      "six alerts",
      [10, 20, 30, 40, 50, 60].map((t) => ({
        threshold: t,
        thresholdType: "Actual",
        operator: "GreaterThan",
      })),
      /6 alerts; a budget keeps at most 5/,
    ],
    [
      "a threshold above 1000",
      [{ threshold: 1500, thresholdType: "Actual", operator: "GreaterThan" }],
      /threshold 1500/,
    ],
  ])("refuses %s", (_what, alerts, message) => {
    expect(budgetAlertsProblem(alerts as BudgetAlert[])).toMatch(message);
  });
});

describe("dp100-labs:budgetAlerts", () => {
  const read = (budgetAlerts: unknown) =>
    readConfig((ns, key) =>
      ns === "dp100-labs" && key === "budgetAlerts" ? JSON.stringify(budgetAlerts) : undefined,
    );
  const refusal = (budgetAlerts: unknown): ConfigError => {
    try {
      read(budgetAlerts);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return e as ConfigError;
    }
    throw new Error("expected a ConfigError");
  };

  it("defaults to the distinct defaults", () => {
    expect(readConfig(() => undefined).budgetAlerts).toEqual(DEFAULT_BUDGET_ALERTS);
  });

  it("takes alerts with the type and operator defaulted", () => {
    expect(
      read([{ threshold: 75 }, { threshold: 110, thresholdType: "Forecasted" }]).budgetAlerts,
    ).toEqual([
      { threshold: 75, thresholdType: "Actual", operator: "GreaterThanOrEqualTo" },
      { threshold: 110, thresholdType: "Forecasted", operator: "GreaterThanOrEqualTo" },
    ]);
  });

  it.each([
    [
      "colliding pairs",
      [{ threshold: 100 }, { threshold: 100, thresholdType: "Forecasted" }],
      "dp100-labs:budgetAlerts",
      "share operator and threshold",
    ],
    [
      "more than five",
      [1, 2, 3, 4, 5, 6].map((t) => ({ threshold: t * 10 })),
      "dp100-labs:budgetAlerts",
      "at most 5",
    ],
    [
      "a fractional threshold",
      [{ threshold: 12.5 }],
      "dp100-labs:budgetAlerts",
      "whole percentage",
    ],
    [
      "an unknown type",
      [{ threshold: 50, thresholdType: "Predicted" }],
      "dp100-labs:budgetAlerts[0]",
      "Actual or Forecasted",
    ],
    [
      "an unknown operator",
      [{ threshold: 50, operator: "LessThan" }],
      "dp100-labs:budgetAlerts[0]",
      "GreaterThanOrEqualTo",
    ],
    ["an empty list", [], "dp100-labs:budgetAlerts", "up to 5"],
  ])(
    "refuses %s, naming the key, the value and what is accepted",
    (_what, value, key, accepted) => {
      const e = refusal(value);
      expect(e.key).toBe(key);
      expect(e.value).not.toBe("");
      expect(e.accepted).toContain(accepted);
      expect(e.message).toContain(key);
    },
  );
});
