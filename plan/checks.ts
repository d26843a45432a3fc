import * as fs from "fs";
import { evaluate, evaluateStack, RULES, Rule, STACK_RULES, StackRule } from "../guardrails";
import { DEFAULT_POLICY_CONFIG, parsePolicyConfig, PolicyConfig } from "../guardrails/config";
import { urnViolations } from "../guardrails/wholePlan";
import { ConfigError, ValidatedConfig } from "../stacks/config";
import { expiredMessage, isExpired, utcDate } from "../stacks/expiry";
import { EnforcementLevel, PlannedResource, Violation } from "./types";

/**
 * The plan's checks: the guardrails (the same rules the CrossGuard pack in policy/ runs), plus the
 * guardrails only a whole plan can judge (guardrails/wholePlan.ts: URN uniqueness). A mandatory violation makes the plan exit 1.
 */

export interface PolicySettings {
  readonly config: PolicyConfig;
  /** The rules with their effective levels (rules set to "disabled" are left out). */
  readonly rules: readonly Rule[];
  /** The whole-stack rules likewise. Default: every stack rule at its own level. */
  readonly stackRules?: readonly StackRule[];
}

/**
 * Policy settings for a stack: the documented defaults, then the pack's configuration file if one
 * is given (same format as `pulumi preview --policy-pack-config`: per rule id an enforcement level
 * string, or an object with `enforcementLevel` and the rule's keys), then what the stack itself
 * decides: its learners' object ids, and purge protection when the stack asks for it.
 */
export function policySettings(cfg: ValidatedConfig, packConfigFile?: string): PolicySettings {
  let raw: Record<string, unknown> = {};
  if (packConfigFile) {
    try {
      raw = JSON.parse(fs.readFileSync(packConfigFile, "utf8"));
    } catch (e) {
      throw new ConfigError(
        "--policy-config",
        `'${packConfigFile}'`,
        `a readable JSON file in the policy pack's config format (${(e as Error).message})`,
      );
    }
  }
  const flat: Record<string, unknown> = {};
  const levels = new Map<string, EnforcementLevel | "disabled">();
  const known = new Set([...RULES, ...STACK_RULES].map((r) => r.id));
  for (const [id, v] of Object.entries(raw)) {
    if (!known.has(id)) {
      throw new ConfigError(
        `--policy-config ${id}`,
        "(unknown rule)",
        `rule ids are ${[...known].join(", ")}`,
      );
    }
    const level =
      typeof v === "string" ? v : (v as { enforcementLevel?: unknown })?.enforcementLevel;
    if (level !== undefined) {
      if (!["mandatory", "advisory", "disabled"].includes(String(level))) {
        throw new ConfigError(
          `--policy-config ${id}`,
          `'${String(level)}'`,
          "an enforcement level: mandatory, advisory or disabled",
        );
      }
      levels.set(id, level as EnforcementLevel | "disabled");
    }
    if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        if (k !== "enforcementLevel") flat[k] = x;
    }
  }
  let config: PolicyConfig;
  try {
    config = parsePolicyConfig(flat, DEFAULT_POLICY_CONFIG);
  } catch (e) {
    throw new ConfigError("--policy-config", `'${packConfigFile}'`, (e as Error).message);
  }
  const learnerIds =
    cfg.mode === "cohort" ? cfg.learners.flatMap((l) => (l.objectId ? [l.objectId] : [])) : [];
  config = {
    ...config,
    learnerPrincipalIds: [...new Set([...config.learnerPrincipalIds, ...learnerIds])],
    purgeProtectionAllowed: config.purgeProtectionAllowed || cfg.workspace.purgeProtection,
  };
  const withLevel = <T extends { readonly id: string }>(r: T): T[] => {
    const level = levels.get(r.id);
    if (level === "disabled") return [];
    return level ? [{ ...r, level }] : [r];
  };
  return { config, rules: RULES.flatMap(withLevel), stackRules: STACK_RULES.flatMap(withLevel) };
}

/** Every check of the plan, in resource order. */
export function checkPlan(
  resources: readonly PlannedResource[],
  settings: PolicySettings,
): Violation[] {
  return [
    ...urnViolations(resources),
    ...evaluate(resources, settings.config, settings.rules),
    ...evaluateStack(resources, settings.config, settings.stackRules),
  ];
}

/**
 * `expiry-passed`: the stack's expiresOn is before today (UTC). A check of the plan, not a
 * guardrail: the guardrails judge resources as registered, with no clock, so a plan or a preview
 * of the same program gives the same verdicts on any day; an expiry is a fact about the stack and
 * today's date. Advisory: an expired stack is not unsafe, it is about to be destroyed, and a
 * committed example with a date would otherwise fail CI on the day after it; `cohort init` refuses
 * a past date outright.
 */
export function expiryViolation(
  expiresOn: string | undefined,
  nowMs: number,
  stackUrn: string,
): Violation | undefined {
  const today = utcDate(nowMs);
  if (!expiresOn || !isExpired(expiresOn, today)) return undefined;
  return {
    rule: "expiry-passed",
    urn: stackUrn,
    message: expiredMessage(expiresOn, today),
    level: "advisory",
  };
}
