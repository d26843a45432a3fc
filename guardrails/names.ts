import { nameViolation, type NameKind } from "../azure/nameRules";
import { nameChecks, RESOURCE_TYPE_TOKENS } from "../azure/resourceTypes";
import { UNKNOWN, lookup, type Looked } from "./inputs";
import type { Rule } from "./rule";

// Azure names.

/** One Azure name input of a resource type: its path (`*` = every array element) and kind. */
export interface NameInput {
  readonly path: readonly string[];
  readonly kind: NameKind;
}

/**
 * Where each named resource type takes its Azure names: derived from the type table
 * (azure/resourceTypes.ts `nameChecks`, itself checked against the azure-native SDK).
 */
export const NAME_INPUTS: Readonly<Record<string, readonly NameInput[]>> = Object.fromEntries(
  RESOURCE_TYPE_TOKENS.flatMap((type) => {
    const names = nameChecks(type).map(({ path, rule }) => ({ path, kind: rule }));
    return names.length > 0 ? [[type, names]] : [];
  }),
);

/** Every (display path, value) at `path`, expanding `*` over arrays. */
function collect(root: unknown, path: readonly string[], shown = ""): [string, Looked][] {
  if (path.length === 0) return [[shown, lookup(root, [])]];
  const [head, ...rest] = path;
  if (head === "*") {
    const arr = lookup(root, []);
    if (!Array.isArray(arr)) return [];
    return arr.flatMap((item, i) => collect(item, rest, `${shown}[${i}]`));
  }
  const next = lookup(root, [head]);
  if (next === UNKNOWN) return [];
  return collect(next, rest, shown ? `${shown}.${head}` : head);
}

export const azureNameValid: Rule = {
  id: "azure-name-valid",
  description: "Every Azure resource name obeys its resource type's rules (length, characters).",
  level: "mandatory",
  configKeys: [],
  appliesTo: (type) => nameChecks(type).length > 0,
  check({ type, inputs }) {
    // An unset name is left to the provider's auto-naming and cannot be judged here.
    return nameChecks(type).flatMap(({ path, rule: kind }) =>
      collect(inputs, path).flatMap(([where, v]) => {
        if (typeof v !== "string") return [];
        const reason = nameViolation(kind, v);
        return reason
          ? [`${where}: ${reason}; build the name with components/naming.ts (composeName or Namer)`]
          : [];
      }),
    );
  },
};

/** The name rules, in the order reports list them. */
export const NAME_RULES: readonly Rule[] = [azureNameValid];
