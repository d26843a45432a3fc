import { estimateCost, formatCost, type CostAssumptions } from "../../../plan/cost";

/**
 * The course line of the cost text (plan/cost/format.ts), as `npm run plan` and `cohort plan`
 * print it: "course (1 day)", "course (3 days)", never "1 day(s)".
 */

const BASE: CostAssumptions = {
  learners: 1,
  hoursPerDay: 6,
  courseDays: 1,
  region: "eastus",
  storageGbPerAccount: 5,
  logGbPerDayPerWorkspace: 0.1,
  keyVaultOpsPerDayPerVault: 1000,
  clusterNodeHoursPerLearnerHour: 0.25,
};

test.each([
  [1, "course (1 day)"],
  [3, "course (3 days)"],
])("a course of %i day(s) reads '%s'", (courseDays, line) => {
  const text = formatCost(estimateCost([], { learnerCreates: [] }, { ...BASE, courseDays }));
  expect(text).toContain(line);
  expect(text).not.toMatch(/day\(s\)\)/);
});
