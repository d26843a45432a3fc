import { estimateCost, formatCost } from "../../../plan/cost";
import { BASE } from "./fixtures";

/**
 * The course line of the cost text (plan/cost/format.ts), as `npm run plan` and `cohort plan`
 * print it: "course (1 day)", "course (3 days)", never "1 day(s)".
 */

test.each([
  [1, "course (1 day)"],
  [3, "course (3 days)"],
])("a course of %i day(s) reads '%s'", (courseDays, line) => {
  const text = formatCost(estimateCost([], { learnerCreates: [] }, { ...BASE, courseDays }));
  expect(text).toContain(line);
  expect(text).not.toMatch(/day\(s\)\)/);
});
