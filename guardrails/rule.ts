import type { PolicyConfig, PolicyConfigKey } from "./config";
import { UNKNOWN, baseType, includesIgnoreCase, lookup, show, type Looked } from "./inputs";

/**
 * What every guardrail shares: the shape of a rule and of a violation, and the small checks the
 * rules of each service (guardrails/<service>.ts) are written with. A rule is a plain function
 * over a resource's type and inputs as registered, used by the offline plan (`evaluate`, the
 * plan's `violations`) and by the CrossGuard pack in policy/ alike. A rule returns one message per
 * problem; each message says what is wrong and how to fix it. Values the plan shows as "[unknown]"
 * or "[secret]" are never judged.
 */

/** Enforcement level of a guardrail. */
export type EnforcementLevel = "mandatory" | "advisory";

/** A rule broken by a resource (or by the plan as a whole, then `urn` is the stack's). */
export interface Violation {
  /** The rule id, e.g. `azure-name-valid`. */
  readonly rule: string;
  readonly urn: string;
  readonly message: string;
  /** mandatory violations make the plan exit 1; advisory ones are reported only. */
  readonly level: EnforcementLevel;
}

/** What a rule looks at: a resource as the program registered it. */
export interface RuleSubject {
  /** The Pulumi type token, e.g. `azure-native:machinelearningservices:Compute`. */
  readonly type: string;
  /** The logical name. */
  readonly name: string;
  readonly urn: string;
  /** The inputs as registered, with "[secret]" and "[unknown]" placeholders. */
  readonly inputs: Record<string, unknown>;
}

export interface Rule {
  /** kebab-case id; the CrossGuard policy name. */
  readonly id: string;
  /** One sentence: what the rule requires. */
  readonly description: string;
  /** mandatory violations fail the plan (exit 1) and block `pulumi up`; advisory ones only warn. */
  readonly level: EnforcementLevel;
  /** The configuration keys the rule reads (the CrossGuard policy's config schema). */
  readonly configKeys: readonly PolicyConfigKey[];
  /** Whether the rule looks at resources of this Pulumi type token. */
  appliesTo(type: string): boolean;
  /** Messages saying how to fix each problem; empty when the resource complies. */
  check(resource: RuleSubject, config: PolicyConfig): string[];
}

/** A rule's `appliesTo` for these type tokens (a versioned token counts as its base type). */
export const is =
  (...types: string[]) =>
  (type: string): boolean =>
    types.includes(baseType(type));

/** A boolean input that must be exactly `want`; returns a message or undefined. */
export function requireBool(
  inputs: Record<string, unknown>,
  path: readonly string[],
  want: boolean,
  what: string,
  fix: string,
): string | undefined {
  const v = lookup(inputs, path);
  if (v === UNKNOWN || v === want) return undefined;
  return `${what}: ${path.join(".")} is ${show(v)}; ${fix}`;
}

/** A value that must not be `bad` (Azure's default is fine). */
export function forbidValue(
  inputs: Record<string, unknown>,
  path: readonly string[],
  bad: unknown,
  what: string,
  fix: string,
): string | undefined {
  const v = lookup(inputs, path);
  if (v === UNKNOWN || v !== bad) return undefined;
  return `${what}: ${path.join(".")} is ${show(v)}; ${fix}`;
}

/** The messages that are not undefined. */
export function compact(messages: (string | undefined)[]): string[] {
  return messages.filter((m): m is string => m !== undefined);
}

/** A SKU or tier that must be in an allow-list; `fallback` is Azure's default when unset. */
export function allowListed(
  value: Looked,
  allowed: readonly string[],
  path: string,
  what: string,
  configKey: PolicyConfigKey,
  fallback?: string,
): string[] {
  if (value === UNKNOWN) return [];
  const effective = value ?? fallback;
  if (typeof effective === "string" && includesIgnoreCase(allowed, effective)) return [];
  return [
    `${what} ${path} is ${show(value)}, not one of ${allowed.join(", ")}; ` +
      `set ${path} to an allowed value, or add it to the policy config '${configKey}'`,
  ];
}
