/**
 * Azure facts: the naming rules of each resource kind this project names (length, characters,
 * uniqueness scope), and the check of a name against them. Pure: no Pulumi import, so the
 * guardrails and the policy pack load it. components/naming.ts builds names from these rules.
 *
 * Sources: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 * (every kind below), the Azure ML compute docs
 * (https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance: "a '-' must be
 * followed later by a letter"), the datastore names Azure ML reserves
 * (https://learn.microsoft.com/azure/machine-learning/concept-data#datastore), and the AKS node
 * pool rules (https://learn.microsoft.com/azure/aks/create-node-pools: "lowercase letters and
 * numbers, begin with a lowercase letter", at most 12 characters for Linux pools).
 */

/** The resource kinds this project names. */
export type NameKind =
  | "resourceGroup"
  | "storageAccount"
  | "keyVault"
  | "containerRegistry"
  | "mlWorkspace"
  | "mlCompute"
  | "aksCluster"
  | "aksDnsPrefix"
  | "aksNodePool"
  | "logAnalytics"
  | "appInsights"
  | "mlDatastore"
  | "actionGroup"
  | "budget";

export interface NameRule {
  readonly kind: NameKind;
  readonly minLength: number;
  readonly maxLength: number;
  /** The full-name pattern Azure enforces. */
  readonly pattern: RegExp;
  /** What Azure accepts, in words, for error messages. */
  readonly accepts: string;
  /** Where the name must be unique. */
  readonly scope: "global" | "region" | "subscription" | "resourceGroup" | "parent";
  /** Separator between parts: "" for kinds that allow no punctuation. */
  readonly separator: "-" | "";
  /** Whether the kind only takes lower case. */
  readonly lowercase: boolean;
  /** Extra check beyond the pattern; returns a reason or undefined. */
  readonly extra?: (name: string) => string | undefined;
}

const noDoubleHyphen = (n: string) => (n.includes("--") ? "must not contain '--'" : undefined);

/**
 * Azure ML compute: "a '-' must be followed later by a letter" (the service rejects e.g. `ci-123`).
 */
const hyphenFollowedByLetter = (n: string) => {
  const last = n.lastIndexOf("-");
  return last >= 0 && !/[a-zA-Z]/.test(n.slice(last + 1))
    ? "every '-' must be followed later by a letter"
    : undefined;
};

export const NAME_RULES: Readonly<Record<NameKind, NameRule>> = {
  resourceGroup: {
    kind: "resourceGroup",
    minLength: 1,
    maxLength: 90,
    pattern: /^[-\w.()]*[-\w()]$/,
    accepts: "1-90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
    scope: "subscription",
    separator: "-",
    lowercase: false,
  },
  storageAccount: {
    kind: "storageAccount",
    minLength: 3,
    maxLength: 24,
    pattern: /^[a-z0-9]+$/,
    accepts: "3-24 lower-case letters and digits",
    scope: "global",
    separator: "",
    lowercase: true,
  },
  keyVault: {
    kind: "keyVault",
    minLength: 3,
    maxLength: 24,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    accepts: "3-24 letters, digits and '-', starting with a letter, ending alphanumeric, no '--'",
    scope: "global",
    separator: "-",
    lowercase: true,
    extra: noDoubleHyphen,
  },
  containerRegistry: {
    kind: "containerRegistry",
    minLength: 5,
    maxLength: 50,
    pattern: /^[a-zA-Z0-9]+$/,
    accepts: "5-50 letters and digits",
    scope: "global",
    separator: "",
    lowercase: true,
  },
  mlWorkspace: {
    kind: "mlWorkspace",
    minLength: 3,
    maxLength: 33,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/,
    accepts: "3-33 letters, digits, '_' and '-', starting alphanumeric",
    scope: "resourceGroup",
    separator: "-",
    lowercase: true,
  },
  mlCompute: {
    kind: "mlCompute",
    minLength: 3,
    maxLength: 24,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]{2,23}$/,
    accepts:
      "3-24 letters, digits and '-', starting with a letter, every '-' followed later by a letter",
    scope: "region",
    separator: "-",
    lowercase: true,
    extra: hyphenFollowedByLetter,
  },
  aksCluster: {
    kind: "aksCluster",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-zA-Z0-9]([a-zA-Z0-9_-]*[a-zA-Z0-9])?$/,
    accepts: "1-63 letters, digits, '-' and '_', starting and ending alphanumeric",
    scope: "resourceGroup",
    separator: "-",
    lowercase: true,
  },
  aksDnsPrefix: {
    kind: "aksDnsPrefix",
    minLength: 1,
    maxLength: 54,
    pattern: /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
    accepts: "1-54 letters, digits and '-', starting and ending alphanumeric",
    scope: "global",
    separator: "-",
    lowercase: true,
  },
  aksNodePool: {
    kind: "aksNodePool",
    minLength: 1,
    maxLength: 12,
    pattern: /^[a-z][a-z0-9]*$/,
    accepts: "1-12 lower-case letters and digits, starting with a letter",
    scope: "parent",
    separator: "",
    lowercase: true,
  },
  logAnalytics: {
    kind: "logAnalytics",
    minLength: 4,
    maxLength: 63,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    accepts: "4-63 letters, digits and '-', starting and ending alphanumeric",
    scope: "resourceGroup",
    separator: "-",
    lowercase: true,
  },
  appInsights: {
    kind: "appInsights",
    minLength: 1,
    maxLength: 260,
    pattern: /^[^%&\\?/]*[^%&\\?/. ]$/,
    accepts: "1-260 characters except '%', '&', '\\', '?' and '/', not ending in ' ' or '.'",
    scope: "resourceGroup",
    separator: "-",
    lowercase: true,
  },
  mlDatastore: {
    kind: "mlDatastore",
    minLength: 1,
    maxLength: 255,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/,
    accepts: "1-255 letters, digits, '_' and '-', starting alphanumeric, not a reserved name",
    scope: "parent",
    separator: "-",
    lowercase: false,
    extra: (n) =>
      ["workspaceblobstore", "workspacefilestore"].includes(n.toLowerCase())
        ? "is reserved by Azure ML"
        : undefined,
  },
  actionGroup: {
    kind: "actionGroup",
    minLength: 1,
    maxLength: 260,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
    accepts: "1-260 letters, digits, '_', '.' and '-', starting alphanumeric",
    scope: "resourceGroup",
    separator: "-",
    lowercase: true,
  },
  budget: {
    kind: "budget",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-zA-Z0-9_-]+$/,
    accepts: "1-63 letters, digits, '_' and '-'",
    scope: "resourceGroup",
    separator: "-",
    lowercase: true,
  },
};

/** Why `name` breaks `kind`'s rules, or undefined when it is valid. */
export function nameViolation(kind: NameKind, name: string): string | undefined {
  const rule = NAME_RULES[kind];
  if (name.length < rule.minLength || name.length > rule.maxLength) {
    return `'${name}' is ${name.length} characters; a ${kind} name takes ${rule.minLength}-${rule.maxLength}`;
  }
  if (!rule.pattern.test(name)) {
    return `'${name}' is not a valid ${kind} name: Azure accepts ${rule.accepts}`;
  }
  const extra = rule.extra?.(name);
  return extra ? `'${name}' is not a valid ${kind} name: it ${extra}` : undefined;
}
