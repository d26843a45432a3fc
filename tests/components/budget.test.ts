/**
 * costBudget: a monthly cost budget on a resource group. What matters: it watches the right scope
 * for the right amount every month, mails the trainer and the scope's Owners and Contributors at
 * each alert, keeps its start when a later run computes another month, and refuses an amount or a
 * start Azure would refuse before registering anything. Azure's limits on the alerts themselves
 * are tested in tests/azure/consumption.test.ts.
 */
import { byType, one, settle, setupMocks } from "../helpers/mocks";

setupMocks();

type Module = typeof import("../../components/budget");
let mod: Module;

const BUDGET = "azure-native:consumption:Budget";
const SCOPE = "/subscriptions/s/resourceGroups/rg-lab";

const args = (overrides: Partial<import("../../components/budget").CostBudgetArgs> = {}) => ({
  scope: SCOPE,
  budgetName: "dp100-t-budget-abcde",
  amount: 150,
  startDate: "2026-11-01",
  ...overrides,
});

beforeAll(async () => {
  mod = await import("../../components/budget");
});

describe("costBudget", () => {
  let inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    mod.costBudget("budget", args({ contactEmails: ["trainer@example.com"] }), {});
    await settle();
    inputs = one(BUDGET, "budget").inputs;
  });

  it("watches the scope for the amount, as a monthly cost budget from the first of the month", () => {
    expect(inputs.scope).toBe(SCOPE);
    expect(inputs.budgetName).toBe("dp100-t-budget-abcde");
    expect(inputs.amount).toBe(150);
    expect(inputs.category).toBe("Cost");
    expect(inputs.timeGrain).toBe("Monthly");
    expect(inputs.timePeriod).toEqual({ startDate: "2026-11-01T00:00:00Z" });
  });

  it("mails the given addresses and the scope's Owners and Contributors at every alert", () => {
    const notifications = Object.values(inputs.notifications) as Record<string, unknown>[];
    expect(notifications.length).toBeGreaterThan(0);
    for (const n of notifications) {
      expect(n.enabled).toBe(true);
      expect(n.contactEmails).toEqual(["trainer@example.com"]);
      expect(n.contactRoles).toEqual(["Owner", "Contributor"]);
    }
  });

  it("keys each alert by its type, threshold and (unless >=) operator", async () => {
    mod.costBudget(
      "alerts",
      args({
        alerts: [
          { thresholdType: "Actual", operator: "GreaterThanOrEqualTo", threshold: 80 },
          { thresholdType: "Forecasted", operator: "GreaterThan", threshold: 100 },
        ],
      }),
      {},
    );
    await settle();
    const n = one(BUDGET, "alerts").inputs.notifications;
    expect(Object.keys(n).sort()).toEqual(["actual_80", "forecasted_100_greaterthan"]);
    expect(n.actual_80).toMatchObject({ operator: "GreaterThanOrEqualTo", threshold: 80 });
    expect(n.actual_80.contactEmails).toEqual([]);
  });

  it.each([
    [{ amount: 0 }, "budget: 0 is not accepted; use an amount above 0"],
    [{ amount: -5 }, "budget: -5 is not accepted"],
    [{ amount: Number.NaN }, "budget: NaN is not accepted"],
    [
      { startDate: "2026-11-02" },
      "budget startDate: '2026-11-02' is not accepted; Azure needs the first of a month, YYYY-MM-01",
    ],
    [{ startDate: "2026-11" }, "budget startDate: '2026-11' is not accepted"],
  ])("refuses %p before registering anything", async (bad, message) => {
    await settle();
    const before = byType(BUDGET).length;
    expect(() => mod.costBudget("bad", args(bad), {})).toThrow(message);
    await settle();
    expect(byType(BUDGET).length).toBe(before);
  });
});
