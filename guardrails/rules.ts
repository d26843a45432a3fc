import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from "./config";
import { KEY_VAULT_RULES } from "./keyVault";
import { KUBERNETES_RULES } from "./kubernetes";
import { ML_COMPUTE_RULES } from "./mlCompute";
import { NAME_RULES } from "./names";
import { REGISTRY_RULES } from "./registry";
import { ROLE_RULES } from "./roles";
import type { Rule, RuleSubject, Violation } from "./rule";
import { STORAGE_RULES } from "./storage";
import { TAG_RULES } from "./tags";
import { VM_SIZE_RULES } from "./vmSize";

/**
 * The guardrails assembled: every service's rules (guardrails/<service>.ts) in the order reports
 * list them, and `evaluate`, which runs them over a plan's resources. A new rule goes into its
 * service's file and that file's list; nothing here changes.
 */

export {
  DEFAULT_POLICY_CONFIG,
  POLICY_CONFIG_KEYS,
  POLICY_CONFIG_SPEC,
  PolicyConfigError,
  parsePolicyConfig,
} from "./config";
export type { PolicyConfig, PolicyConfigKey, PolicyConfigKeySpec } from "./config";
export type { EnforcementLevel, Rule, RuleSubject, Violation } from "./rule";
export { TYPES } from "./typeTokens";
export { matchesPattern } from "./kubernetes";
export { takesTags } from "./tags";
export { PRIVILEGED_ROLES, roleGuid } from "./roles";
export { NAME_INPUTS, type NameInput } from "./names";

/** Every rule, in the order reports list them. */
export const RULES: readonly Rule[] = [
  ...ML_COMPUTE_RULES,
  ...VM_SIZE_RULES,
  ...STORAGE_RULES,
  ...KEY_VAULT_RULES,
  ...REGISTRY_RULES,
  ...KUBERNETES_RULES,
  ...TAG_RULES,
  ...ROLE_RULES,
  ...NAME_RULES,
];

/** The rule with this id, or an error listing the ids. */
export function ruleById(id: string, rules: readonly Rule[] = RULES): Rule {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no guardrail '${id}'; known: ${rules.map((r) => r.id).join(", ")}`);
  return rule;
}

/**
 * Runs every rule over every resource (components, `custom: false`, are skipped) and returns the
 * violations in resource order, then rule order.
 */
export function evaluate(
  resources: readonly (RuleSubject & { readonly custom?: boolean })[],
  config: PolicyConfig = DEFAULT_POLICY_CONFIG,
  rules: readonly Rule[] = RULES,
): Violation[] {
  const out: Violation[] = [];
  for (const resource of resources) {
    if (resource.custom === false) continue;
    for (const rule of rules) {
      if (!rule.appliesTo(resource.type)) continue;
      for (const message of rule.check(resource, config)) {
        out.push({ rule: rule.id, urn: resource.urn, message, level: rule.level });
      }
    }
  }
  return out;
}

/** Whether any violation is mandatory (the plan then exits 1). */
export function hasMandatory(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.level === "mandatory");
}
