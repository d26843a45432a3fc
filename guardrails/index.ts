// The guardrails: rules, their configuration and the helpers they share. Re-exports only.
export * from "./rules";
export { budgetViolation, urnViolations, usd, type BudgetEstimate } from "./wholePlan";
export { STACK_RULES, attachTarget, evaluateStack } from "./stack";
export type { StackFinding, StackRule, StackSubject } from "./stack";
export { DEFAULT_ALLOWED_VM_SIZES, AKS_TIERS, REGISTRY_SKUS, STORAGE_SKUS } from "./config";
export { TAGGABLE_TYPES, AZURE_NATIVE_VERSION } from "./taggable-types";
export { PLACEHOLDERS, baseType, parseIsoDuration } from "./inputs";
