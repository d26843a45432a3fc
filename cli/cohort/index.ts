// The trainer's cohort command line (npm run cohort): orchestration over StackDriver and
// SoftDeletePurger, with the Automation API and ARM implementations. Re-exports only.
export * from "./types";
export * from "./args";
export * from "./config";
export * from "./expired";
export * from "../handout/cohort";
export * from "./learner";
export * from "./manifest";
export * from "./matrix";
export * from "./orchestrate";
export * from "./planSummary";
export * from "./pool";
export * from "./progress";
export * from "./purge";
export * from "./pulumiCli";
export * from "./settings";
export { runCli } from "./main";
export type { CliDeps, DriverFactoryOptions } from "./main";
export { AutomationStackDriver } from "./automation";
export { ArmSoftDeletePurger } from "./arm";
