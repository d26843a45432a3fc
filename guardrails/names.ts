import { nameViolation, type NameKind } from "../azure/nameRules";
import { UNKNOWN, baseType, lookup, type Looked } from "./inputs";
import type { Rule } from "./rule";
import { TYPES } from "./typeTokens";

// Azure names.

/** One Azure name input of a resource type: its path (`*` = every array element) and kind. */
export interface NameInput {
  readonly path: readonly string[];
  readonly kind: NameKind;
}

/** Where each named resource type takes its Azure name (checked against the azure-native SDK). */
export const NAME_INPUTS: Readonly<Record<string, readonly NameInput[]>> = {
  [TYPES.resourceGroup]: [{ path: ["resourceGroupName"], kind: "resourceGroup" }],
  [TYPES.storageAccount]: [{ path: ["accountName"], kind: "storageAccount" }],
  [TYPES.vault]: [{ path: ["vaultName"], kind: "keyVault" }],
  [TYPES.registry]: [{ path: ["registryName"], kind: "containerRegistry" }],
  [TYPES.mlWorkspace]: [{ path: ["workspaceName"], kind: "mlWorkspace" }],
  [TYPES.compute]: [{ path: ["computeName"], kind: "mlCompute" }],
  [TYPES.datastore]: [{ path: ["name"], kind: "mlDatastore" }],
  [TYPES.managedCluster]: [
    { path: ["resourceName"], kind: "aksCluster" },
    { path: ["dnsPrefix"], kind: "aksDnsPrefix" },
    { path: ["agentPoolProfiles", "*", "name"], kind: "aksNodePool" },
  ],
  [TYPES.agentPool]: [{ path: ["agentPoolName"], kind: "aksNodePool" }],
  [TYPES.logAnalytics]: [{ path: ["workspaceName"], kind: "logAnalytics" }],
  [TYPES.appInsights]: [{ path: ["resourceName"], kind: "appInsights" }],
  [TYPES.actionGroup]: [{ path: ["actionGroupName"], kind: "actionGroup" }],
  [TYPES.budget]: [{ path: ["budgetName"], kind: "budget" }],
};

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
  appliesTo: (type) => baseType(type) in NAME_INPUTS,
  check({ type, inputs }) {
    // An unset name is left to the provider's auto-naming and cannot be judged here.
    return NAME_INPUTS[baseType(type)].flatMap(({ path, kind }) =>
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
