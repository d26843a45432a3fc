import { estimateCost, formatCost } from "../../../plan/cost";
import { defaultPriceTable } from "../../../plan/prices";
import { BASE, NO_NEEDS, shared } from "./fixtures";

/** formatCost (plan/cost/format.ts) and the price table it is printed from. */

describe("formatCost", () => {
  test("prints the figures, the breakdown by meter and the assumptions", () => {
    const r = estimateCost(shared(2), NO_NEEDS, { ...BASE, learners: 2 });
    const text = formatCost(r, 100);
    expect(text).toContain(`$${r.perLabDay.toFixed(2)}`);
    expect(text).toMatch(/budget \$100\.00/);
    expect(text).toMatch(/vm:Standard_DS11_v2/);
    expect(text).toMatch(/assumptions:/);
  });

  test("the default price table loads", () => {
    expect(defaultPriceTable().entries.length).toBeGreaterThan(10);
  });
});
