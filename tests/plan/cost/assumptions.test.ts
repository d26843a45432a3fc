import { budgetViolation, estimateCost, formatCost } from "../../../plan/cost";
import { parsePriceTable } from "../../../plan/prices";
import { res } from "../../helpers/resources";
import { BASE, cluster, instance, NO_NEEDS, shared } from "./fixtures";

/** estimateCost's inputs: a price missing from the table or from the region, and the assumptions. */

describe("missing prices", () => {
  test("a meter missing from the table is reported, never priced as zero", () => {
    const r = estimateCost(
      [cluster("lp", { low: true }), instance("ci", { vmSize: "Standard_E2s_v3", idle: "PT30M" })],
      NO_NEEDS,
      BASE,
    );
    expect(r.complete).toBe(false);
    expect(r.missing.map((m) => m.meter).sort()).toEqual([
      "vm-lowpriority:Standard_DS11_v2",
      "vm:Standard_E2s_v3",
    ]);
    expect(r.missing.find((m) => m.meter === "vm:Standard_E2s_v3")?.resources).toEqual(["ci"]);
    expect(r.items.some((i) => i.meter === "vm:Standard_E2s_v3")).toBe(false);
    expect(formatCost(r)).toMatch(/MISSING PRICE vm:Standard_E2s_v3 \(ci\)/);
    expect(formatCost(r)).toMatch(/at least/);
  });

  test("an incomplete estimate cannot confirm a budget: mandatory violation naming the meter", () => {
    const r = estimateCost([cluster("lp", { low: true })], NO_NEEDS, BASE);
    const v = budgetViolation(r, 1000, 1, "urn:stack");
    expect(v).toMatchObject({ rule: "cost-within-budget", level: "mandatory", urn: "urn:stack" });
    expect(v?.message).toMatch(/vm-lowpriority:Standard_DS11_v2/);
  });

  test("a price in another region than asked is used and said", () => {
    const table = parsePriceTable({
      currency: "USD",
      entries: [
        {
          meter: "acr:Basic",
          unit: "day",
          price: 0.2,
          currency: "USD",
          region: "westeurope",
          source: "test",
          date: "2026-01-01",
        },
      ],
    });
    const r = estimateCost(
      [res("azure-native:containerregistry:Registry", "acr", { sku: { name: "Basic" } })],
      NO_NEEDS,
      BASE,
      table,
    );
    expect(r.idlePerDay).toBeCloseTo(0.2, 6);
    expect(r.assumptions.join("\n")).toMatch(/No eastus price for acr:Basic/);
  });
});

describe("assumptions", () => {
  test.each([
    [{ learners: 0 }, /learners: 0/],
    [{ hoursPerDay: 25 }, /hoursPerDay: 25/],
    [{ courseDays: 1.5 }, /courseDays: 1.5/],
    [{ storageGbPerAccount: -1 }, /storageGbPerAccount: -1/],
  ])("%p is refused with the key and value", (bad, message) => {
    expect(() => estimateCost([], NO_NEEDS, { ...BASE, ...bad })).toThrow(message);
  });

  test("every assumption is stated in words", () => {
    const r = estimateCost(shared(2), NO_NEEDS, { ...BASE, learners: 2 });
    const text = r.assumptions.join("\n");
    for (const phrase of [
      /2 learner/,
      /6 working hour/,
      /OS disk/,
      /730 hours/,
      /5 GB/,
      /0.1 GB a day/,
      /1000 operations/,
      /0.25 cluster node/,
    ]) {
      expect(text).toMatch(phrase);
    }
  });
});
