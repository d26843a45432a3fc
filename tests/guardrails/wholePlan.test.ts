import { budgetViolation, estimateCost } from "../../plan/cost";
import { BASE, NO_NEEDS, shared } from "../plan/cost/fixtures";

/** cost-within-budget (guardrails/wholePlan.ts): the plan's cost against dp100-labs:budget. */

describe("budgetViolation", () => {
  const r = estimateCost(shared(20), NO_NEEDS, { ...BASE, learners: 20 });
  test("over the budget: mandatory, with the figures", () => {
    const v = budgetViolation(r, 50, 3);
    expect(v?.rule).toBe("cost-within-budget");
    expect(v?.level).toBe("mandatory");
    const total = r.perLabDay * 3;
    expect(v?.message).toContain(`x 3 day(s) = $${total.toFixed(2)}`);
    expect(v?.message).toContain("exceeds dp100-labs:budget $50.00");
    expect(v?.message).toContain(`by $${(total - 50).toFixed(2)}`);
  });
  test("within the budget: no violation", () => {
    expect(budgetViolation(r, r.perLabDay * 3 + 1, 3)).toBeUndefined();
  });
});
