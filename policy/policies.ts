import {
  UnknownValueError,
  type PolicyConfigSchema,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { STACK_RULES, type StackRule } from "../guardrails/stack";
import {
  DEFAULT_POLICY_CONFIG,
  POLICY_CONFIG_SPEC,
  RULES,
  parsePolicyConfig,
  type PolicyConfig,
  type Rule,
} from "../guardrails/rules";

/**
 * The CrossGuard side of the guardrails: one ResourceValidationPolicy per rule of ../guardrails,
 * with the rule's id, description and enforcement level, and a config schema for the keys the rule
 * reads (with the documented defaults). The rules' logic is not repeated here.
 */

/** One property's JSON schema in a policy's config schema. */
type PolicyConfigJSONSchema = PolicyConfigSchema["properties"][string];

/** What a value unknown during preview becomes, as in the offline plan: the rules skip it. */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/**
 * A plain copy of a resource's properties as CrossGuard hands them over. CrossGuard wraps them in
 * a proxy that throws UnknownValueError on any value not known during preview (which would skip
 * the whole policy for the resource); here each such value becomes "[unknown]" instead, so the
 * rules still judge everything that is known.
 */
export function plainProps(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(readKnown(value, i));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = readKnown(value as Record<string, unknown>, key);
  return out;
}

function readKnown(
  holder: Record<string | number, unknown> | unknown[],
  key: string | number,
): unknown {
  try {
    return plainProps((holder as Record<string | number, unknown>)[key]);
  } catch (e) {
    if (e instanceof UnknownValueError) return UNKNOWN_PLACEHOLDER;
    throw e;
  }
}

/** The JSON schema of the keys a rule reads, each with its default. */
export function configSchemaFor(rule: Pick<Rule, "configKeys">): PolicyConfigSchema | undefined {
  if (rule.configKeys.length === 0) return undefined;
  const properties: Record<string, PolicyConfigJSONSchema> = {};
  for (const key of rule.configKeys) {
    const spec = POLICY_CONFIG_SPEC[key];
    const schema: PolicyConfigJSONSchema = {
      type: spec.type,
      description: spec.description,
      default: structuredClone(DEFAULT_POLICY_CONFIG[key]) as PolicyConfigJSONSchema["default"],
    };
    if (spec.minimum !== undefined) schema.minimum = spec.minimum;
    if (spec.type === "object") schema.additionalProperties = { type: "string" };
    if (spec.items) {
      schema.items = {
        type: spec.items.type,
        ...(spec.items.enum ? { enum: [...spec.items.enum] } : {}),
        ...(spec.items.pattern ? { pattern: spec.items.pattern } : {}),
      };
    }
    properties[key] = schema;
  }
  return { properties };
}

/**
 * The rule's configuration for one validation: the documented defaults, overridden by the keys
 * set for this policy in the pack's config (`--policy-pack-config`). Bad values throw a
 * PolicyConfigError that names the key, which fails the preview with that message.
 */
export function configFor(args: Pick<ResourceValidationArgs, "getConfig">): PolicyConfig {
  return parsePolicyConfig(args.getConfig<Record<string, unknown>>());
}

/** The fields every policy takes from its rule: name, description, level and config schema. */
function policyHeader(rule: Rule | StackRule) {
  const configSchema = configSchemaFor(rule);
  return {
    name: rule.id,
    description: rule.description,
    enforcementLevel: rule.level,
    ...(configSchema ? { configSchema } : {}),
  };
}

/** One CrossGuard policy for one rule. */
export function policyFor(rule: Rule): ResourceValidationPolicy {
  return {
    ...policyHeader(rule),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (!rule.appliesTo(args.type)) return;
      const inputs = plainProps(args.props) as Record<string, unknown>;
      const subject = { type: args.type, name: args.name, urn: args.urn, inputs };
      for (const message of rule.check(subject, configFor(args))) reportViolation(message);
    },
  };
}

/**
 * One CrossGuard stack policy for one whole-stack rule: it sees every resource, with the resources
 * each one's `properties` depend on (so an attach finds its cluster while ids are still unknown).
 */
export function stackPolicyFor(rule: StackRule): StackValidationPolicy {
  return {
    ...policyHeader(rule),
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      const subjects = args.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        inputs: plainProps(r.props) as Record<string, unknown>,
        dependencies: [
          ...(r.propertyDependencies?.["properties"] ?? []),
          ...(r.dependencies ?? []),
        ].map((d) => d.urn),
      }));
      for (const f of rule.checkStack(subjects, configFor(args))) reportViolation(f.message, f.urn);
    },
  };
}

/** Every whole-stack guardrail as a CrossGuard stack policy. */
export function buildStackPolicies(
  rules: readonly StackRule[] = STACK_RULES,
): StackValidationPolicy[] {
  return rules.map(stackPolicyFor);
}

/** Every guardrail as a CrossGuard policy, in the rules' order. */
export function buildPolicies(rules: readonly Rule[] = RULES): ResourceValidationPolicy[] {
  return rules.map(policyFor);
}
