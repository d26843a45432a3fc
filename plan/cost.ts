// The cost model of the offline plan (plan/cost/estimate.ts), one file per part in plan/cost/.
// Re-exports only.
export * from "./cost/report";
export { estimateCost } from "./cost/estimate";
export { formatCost } from "./cost/format";
export { isoMinutes } from "./cost/numbers";
export {
  compareWithOfficialSetup,
  officialSetupResources,
  type OfficialComparison,
  type OfficialSetupOptions,
} from "./cost/official";
export { budgetViolation, usd } from "../guardrails/wholePlan";
