import type { Violation } from "../guardrails/rule";

/**
 * The offline plan's document: a stable contract (documented in the README). Later work adds keys
 * (`cost`, `quota`, `graph`); existing keys never change meaning.
 */

/** One resource as the program registered it. */
export interface PlannedResource {
  /** The URN Pulumi would give it: `urn:pulumi:<stack>::<project>::<parent types$>type::name`. */
  readonly urn: string;
  /** The Pulumi type token, e.g. `azure-native:machinelearningservices:Compute`. */
  readonly type: string;
  /** The logical name. */
  readonly name: string;
  /** The parent's URN, or null for a resource directly under the stack. */
  readonly parent: string | null;
  /** True for a real (custom) resource, false for a component. */
  readonly custom: boolean;
  /** The inputs as registered, with secret values replaced by "[secret]" and unknowns by "[unknown]". */
  readonly inputs: Record<string, unknown>;
}

// A guardrail's level and violation are the guardrails' own (guardrails/rule.ts): the plan lists them.
export type { EnforcementLevel, Violation } from "../guardrails/rule";

/** The whole plan document printed by `npm run plan -- --json`. */
export interface PlanDocument {
  readonly project: string;
  readonly stack: string;
  readonly resources: PlannedResource[];
  readonly outputs: Record<string, unknown>;
  readonly violations: Violation[];
  readonly [extension: string]: unknown;
}
