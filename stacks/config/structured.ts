import {
  BUDGET_OPERATORS,
  BUDGET_THRESHOLD_TYPES,
  BudgetAlert,
  budgetAlertsProblem,
  DEFAULT_BUDGET_ALERTS,
} from "../../azure/consumption";
import { PRINCIPAL_TYPES, PrincipalType } from "../../azure/roles";
import { ConfigError } from "./errors";
import { EMAIL, GUID } from "../../azure/formats";
import { optionalString, Reader, splitList } from "./reader";

/**
 * Readers of the structured keys (lists of objects, maps): the schema's `read` for labs,
 * budgetAlerts and trainers, and the learnerObjectIds map the roster reader uses.
 */

/** Labs a stack gets when `dp100-labs:labs` is not set: the workspace, a compute instance and aml-cluster. */
export const DEFAULT_LABS: readonly string[] = ["script-command-job"];

export interface Trainer {
  readonly objectId: string;
  readonly email?: string;
  /** What the object id is in Entra ID: User (default), Group or ServicePrincipal. */
  readonly principalType: PrincipalType;
}

/** `labs`: a list of lab ids, or "all" (the ids are checked against the catalog by validate.ts). */
export function readLabs(r: Reader, key: string): readonly string[] | "all" {
  const v = r.json(key);
  if (v === undefined) return DEFAULT_LABS;
  if (v === "all") return "all";
  r.noHoles(key, v);
  const list = typeof v === "string" ? splitList(v) : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== "string")) {
    throw new ConfigError(
      r.full(key),
      JSON.stringify(v),
      'use "all" or a non-empty list of lab ids (npm run labs lists them)',
    );
  }
  return list as string[];
}

/** `learnerObjectIds`: a map of lower-case e-mail address -> object id (GUID). */
export function readLearnerObjectIds(r: Reader, key: string): Record<string, string> {
  const v = r.json(key);
  if (v === undefined) return {};
  const ok =
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.entries(v).every(([k, id]) => EMAIL.test(k) && typeof id === "string" && GUID.test(id));
  if (!ok) {
    throw new ConfigError(
      r.full(key),
      JSON.stringify(v),
      'a map of e-mail address to Entra object id, e.g. {"ada@example.com": "00000000-0000-0000-0000-000000000000"}',
    );
  }
  return Object.fromEntries(
    Object.entries(v as Record<string, string>).map(([k, id]) => [k.toLowerCase(), id]),
  );
}

const BUDGET_ALERTS_SHAPE =
  "a list of up to 5 {threshold, thresholdType?, operator?}: threshold a whole percentage " +
  `1-1000, thresholdType ${BUDGET_THRESHOLD_TYPES.join(" or ")} (default Actual), operator ` +
  `${BUDGET_OPERATORS.join(", ")} (default GreaterThanOrEqualTo), each (operator, threshold) ` +
  "pair distinct";

/**
 * `budgetAlerts`: a list of `{threshold, thresholdType?, operator?}` (type default Actual,
 * operator default GreaterThanOrEqualTo), checked against Azure's limits (azure/consumption.ts).
 */
export function readBudgetAlerts(r: Reader, k: string): readonly BudgetAlert[] {
  const key = r.full(k);
  const v = r.json(k);
  if (v === undefined) return DEFAULT_BUDGET_ALERTS;
  const shape = BUDGET_ALERTS_SHAPE;
  if (!Array.isArray(v) || v.length === 0) throw new ConfigError(key, JSON.stringify(v), shape);
  const alerts = v.map((e, i): BudgetAlert => {
    const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
    const thresholdType = o.thresholdType ?? "Actual";
    const operator = o.operator ?? "GreaterThanOrEqualTo";
    const unknown = Object.keys(o).find(
      (k) => !["threshold", "thresholdType", "operator"].includes(k),
    );
    if (
      typeof o.threshold !== "number" ||
      !(BUDGET_THRESHOLD_TYPES as readonly unknown[]).includes(thresholdType) ||
      !(BUDGET_OPERATORS as readonly unknown[]).includes(operator) ||
      unknown !== undefined
    ) {
      throw new ConfigError(`${key}[${i}]`, JSON.stringify(e), shape);
    }
    return {
      threshold: o.threshold,
      thresholdType: thresholdType as BudgetAlert["thresholdType"],
      operator: operator as BudgetAlert["operator"],
    };
  });
  const problem = budgetAlertsProblem(alerts);
  if (problem !== undefined) {
    throw new ConfigError(key, JSON.stringify(v), `${problem} (${shape})`);
  }
  return alerts;
}

/** `trainers`: a list of `{objectId, email?, principalType?}`; unset: none. */
export function readTrainers(r: Reader, key: string): readonly Trainer[] {
  const v = r.json(key);
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    throw new ConfigError(
      r.full(key),
      JSON.stringify(v),
      "a list of {objectId, email?, principalType?}",
    );
  }
  return v.map((t, i) => trainer(t, `${r.full(key)}[${i}]`));
}

function trainer(t: unknown, where: string): Trainer {
  const o = (typeof t === "object" && t !== null ? t : {}) as Record<string, unknown>;
  if (typeof o.objectId !== "string" || !GUID.test(o.objectId)) {
    throw new ConfigError(
      `${where}.objectId`,
      JSON.stringify(o.objectId ?? null),
      "a trainer needs an Entra object id (GUID)",
    );
  }
  const email = optionalString(o.email, `${where}.email`);
  if (email !== undefined && !EMAIL.test(email)) {
    throw new ConfigError(
      `${where}.email`,
      `'${email}'`,
      "an e-mail address like trainer@example.com, or none",
    );
  }
  const principalType = o.principalType ?? "User";
  if (!(PRINCIPAL_TYPES as readonly unknown[]).includes(principalType)) {
    throw new ConfigError(
      `${where}.principalType`,
      JSON.stringify(principalType),
      `what the object id is in Entra ID: ${PRINCIPAL_TYPES.join(", ")} (default User)`,
    );
  }
  return {
    objectId: o.objectId.toLowerCase(),
    ...(email ? { email } : {}),
    principalType: principalType as PrincipalType,
  };
}
