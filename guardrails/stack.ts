import { DEFAULT_POLICY_CONFIG, type PolicyConfig, type PolicyConfigKey } from "./config";
import { baseType, lookup, show } from "./inputs";
import type { EnforcementLevel, RuleSubject, Violation } from "./rule";
import { TYPES } from "./typeTokens";

/**
 * Guardrails that need more than one resource: an attach judged against the cluster it targets.
 * Used by the offline plan (checkPlan) and by the CrossGuard pack as stack validation policies.
 */

/** A resource as a stack rule sees it: its inputs and the URNs its `properties` depend on. */
export interface StackSubject extends RuleSubject {
  /**
   * URNs of the resources this one's inputs depend on (the pack gives them; the offline plan,
   * where ids are known, need not). Used when an id input is not known yet.
   */
  readonly dependencies?: readonly string[];
}

/** One problem a stack rule found, on one resource. */
export interface StackFinding {
  readonly urn: string;
  readonly message: string;
}

export interface StackRule {
  /** kebab-case id; the CrossGuard policy name. */
  readonly id: string;
  /** One sentence: what the rule requires. */
  readonly description: string;
  readonly level: EnforcementLevel;
  readonly configKeys: readonly PolicyConfigKey[];
  /** Every problem in the stack; empty when it complies. */
  checkStack(resources: readonly StackSubject[], config: PolicyConfig): StackFinding[];
}

/**
 * The managed cluster `attach` points at: by its `properties.resourceId` when known (ARM ids
 * compare case-insensitively), else the one ManagedCluster its inputs depend on.
 */
export function attachTarget(
  attach: StackSubject,
  resources: readonly StackSubject[],
): StackSubject | undefined {
  const clusters = resources.filter((r) => baseType(r.type) === TYPES.managedCluster);
  const id = lookup(attach.inputs, ["properties", "resourceId"]);
  if (typeof id === "string") {
    const want = id.toLowerCase();
    return clusters.find((c) => {
      const rg = lookup(c.inputs, ["resourceGroupName"]);
      const name = lookup(c.inputs, ["resourceName"]);
      if (typeof rg !== "string" || typeof name !== "string") return false;
      const tail =
        `/resourcegroups/${rg}/providers/microsoft.containerservice/managedclusters/${name}`.toLowerCase();
      return want.endsWith(tail);
    });
  }
  const deps = new Set(attach.dependencies ?? []);
  const found = clusters.filter((c) => deps.has(c.urn));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * What an attach of each computeType reads from the cluster, and the cluster settings that forbid
 * it. Legacy `AKS` attach reads the cluster's static admin credentials (listClusterAdminCredential),
 * which a cluster with `disableLocalAccounts: true` refuses: "Getting static credential is not
 * allowed because this cluster is set to disable local accounts" (Azure/AML-Kubernetes#261). Azure
 * ML's Trusted Access path does not work with legacy AksCompute (Azure/AML-Kubernetes
 * docs/azureml-aks-ta-support.md). A `Kubernetes` attach goes through the cluster extension and is
 * not listed: whether it works without local accounts, Microsoft's sources disagree (Learn's
 * how-to-deploy-kubernetes-extension Limitations against the Trusted Access doc above), which the
 * aks-local-accounts-disabled exception handles.
 */
const CREDENTIAL_NEEDS: Readonly<
  Record<string, { readonly reads: string; readonly forbiddenBy: string; readonly refusal: string }>
> = {
  AKS: {
    reads: "the cluster's static admin credentials",
    forbiddenBy: "disableLocalAccounts",
    refusal:
      '"Getting static credential is not allowed because this cluster is set to disable local ' +
      'accounts" (Azure/AML-Kubernetes#261)',
  },
};

const mlAttachCredentialsAllowed: StackRule = {
  id: "ml-attach-credentials-allowed",
  description:
    "An Azure ML compute attach never targets a cluster whose settings forbid the credentials the attach reads (legacy AKS attach and disableLocalAccounts).",
  level: "mandatory",
  configKeys: [],
  checkStack(resources) {
    const out: StackFinding[] = [];
    for (const r of resources) {
      if (baseType(r.type) !== TYPES.compute) continue;
      const kind = lookup(r.inputs, ["properties", "computeType"]);
      const need = typeof kind === "string" ? CREDENTIAL_NEEDS[kind] : undefined;
      if (!need) continue;
      const target = attachTarget(r, resources);
      if (!target) continue;
      if (lookup(target.inputs, [need.forbiddenBy]) !== true) continue;
      out.push({
        urn: r.urn,
        message:
          `ML compute '${r.name}' attaches cluster '${target.name}' as computeType ${show(kind)}, ` +
          `which reads ${need.reads}, but the cluster sets ${need.forbiddenBy}: true; Azure ` +
          `refuses the attach with ${need.refusal}. Attach it as computeType 'Kubernetes' with ` +
          `the Azure ML extension instead`,
      });
    }
    return out;
  },
};

/** Every stack rule, in the order reports list them. */
export const STACK_RULES: readonly StackRule[] = [mlAttachCredentialsAllowed];

/** Runs the stack rules (components, `custom: false`, are left out) and returns their violations. */
export function evaluateStack(
  resources: readonly (StackSubject & { readonly custom?: boolean })[],
  config: PolicyConfig = DEFAULT_POLICY_CONFIG,
  rules: readonly StackRule[] = STACK_RULES,
): Violation[] {
  const custom = resources.filter((r) => r.custom !== false);
  return rules.flatMap((rule) =>
    rule
      .checkStack(custom, config)
      .map((f) => ({ rule: rule.id, urn: f.urn, message: f.message, level: rule.level })),
  );
}
