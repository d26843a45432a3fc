import { get } from "./inputs";
import {
  ARM_TYPES,
  namespaceOf,
  unversionedType,
  type ResourceTypeToken,
} from "../azure/resourceTypes";

/**
 * The Azure resource provider namespaces a stack needs registered in its subscription, derived
 * from the resources the program registers. Pure: no Pulumi, no network.
 *
 * Why: a subscription must be registered with a provider before it can create that provider's
 * resources, and a fresh (trial, lab-hosting) subscription has few registered; the first create
 * then fails with 409 `MissingSubscriptionRegistration` ("The subscription is not registered to
 * use namespace 'Microsoft.X'"; learn `azure-resource-manager/management/resource-providers-and-types`,
 * e.g. Azure/azure-sdk-for-node#2305). `@pulumi/azure-native` cannot register providers as
 * resources (pulumi/pulumi-azure-native#1075: registration is a POST, the provider only does
 * PUT-based resources), so `npm run preflight -- --register` does it (cli/preflight/resourceProviders.ts).
 *
 * Two sources, keyed by the azure-native type token:
 * - the ARM type of each token (azure/resourceTypes.ts): its namespace is the provider the PUT
 *   goes to.
 * - IMPLICIT_PROVIDERS: namespaces a resource needs beyond its own, because Azure creates or calls
 *   something of another provider for it (an add-on, a rule, a dependency). Each with its source
 *   and whether a primary source confirms it; unconfirmed ones are `recommended`, not `required`.
 */

/** `required`: creates fail without it. `recommended`: something around the stack does. */
export type ProviderLevel = "required" | "recommended";

/** A namespace a resource needs besides its own ARM type's. */
export interface ImplicitProvider {
  /** The azure-native type token it applies to. */
  readonly type: ResourceTypeToken;
  readonly namespace: string;
  /** Whether it applies to this resource (default: always). */
  readonly when?: (inputs: Record<string, unknown>) => boolean;
  /** Why, in a few words (shown in the plan). */
  readonly why: string;
  /** The public source. */
  readonly source: string;
  /** Whether a primary source states it. Unconfirmed needs are `recommended`. */
  readonly confirmed: boolean;
  readonly level: ProviderLevel;
}

const enabled =
  (...path: string[]) =>
  (inputs: Record<string, unknown>) =>
    get(inputs, ...path) === true;

/** The implicit needs (see the module comment). */
export const IMPLICIT_PROVIDERS: readonly ImplicitProvider[] = [
  // Azure ML's own list of the providers a workspace needs: azure-ai-docs
  // `articles/machine-learning/includes/machine-learning-resource-provider.md`. Azure ML creates a
  // container registry on first image build even when the stack creates none.
  ...["Microsoft.Storage", "Microsoft.KeyVault", "Microsoft.ContainerRegistry"].map(
    (namespace): ImplicitProvider => ({
      type: "azure-native:machinelearningservices:Workspace",
      namespace,
      why: "an Azure ML workspace uses it (its storage, key vault, images)",
      source: "azure-ai-docs includes/machine-learning-resource-provider.md",
      confirmed: true,
      level: "required",
    }),
  ),
  {
    type: "azure-native:machinelearningservices:Workspace",
    namespace: "Microsoft.Network",
    when: (i) => {
      const mode = get(i, "managedNetwork", "isolationMode");
      return typeof mode === "string" && mode !== "Disabled";
    },
    why: "a workspace managed virtual network",
    source: "azure-ai-docs includes/machine-learning-resource-provider.md",
    confirmed: true,
    level: "required",
  },
  {
    type: "azure-native:machinelearningservices:Compute",
    namespace: "Microsoft.Notebooks",
    when: (i) => get(i, "properties", "computeType") === "ComputeInstance",
    why: "notebooks on a compute instance",
    source: "azure-ai-docs includes/machine-learning-resource-provider.md",
    confirmed: true,
    level: "required",
  },
  {
    type: "azure-native:machinelearningservices:Compute",
    namespace: "Microsoft.ContainerService",
    when: (i) => ["AKS", "Kubernetes"].includes(String(get(i, "properties", "computeType"))),
    why: "attaching an AKS cluster as Azure ML compute",
    source: "azure-ai-docs includes/machine-learning-resource-provider.md",
    confirmed: true,
    level: "required",
  },
  {
    type: "azure-native:kubernetesconfiguration:Extension",
    namespace: "Microsoft.ContainerService",
    why: "a cluster extension on an AKS cluster",
    source: "learn aks/deploy-extensions-az-cli (Prerequisites)",
    confirmed: true,
    level: "required",
  },
  {
    type: "azure-native:containerservice:ManagedCluster",
    namespace: "Microsoft.PolicyInsights",
    when: enabled("addonProfiles", "azurepolicy", "enabled"),
    why: "the AKS Azure Policy add-on",
    source: "MicrosoftDocs/azure-docs articles/governance/policy/concepts/policy-for-kubernetes.md",
    confirmed: true,
    level: "required",
  },
  ...["Microsoft.Insights", "Microsoft.OperationalInsights"].map((namespace): ImplicitProvider => ({
    type: "azure-native:containerservice:ManagedCluster",
    namespace,
    when: enabled("addonProfiles", "omsagent", "enabled"),
    why: "Container insights (its data collection rule and Log Analytics workspace)",
    source: "learn azure-monitor/containers/kubernetes-monitoring-enable",
    confirmed: true,
    level: "required",
  })),
  {
    // UNCONFIRMED: Microsoft's docs tie Microsoft.OperationsManagement to the legacy
    // ContainerInsights *solution*; no primary source says current (DCR-based) onboarding needs it.
    // Checked and registered with the others, never a reason to stop.
    type: "azure-native:containerservice:ManagedCluster",
    namespace: "Microsoft.OperationsManagement",
    when: enabled("addonProfiles", "omsagent", "enabled"),
    why: "Container insights' legacy solution (unconfirmed for current onboarding)",
    source: "learn azure-monitor/containers/kubernetes-monitoring-enable",
    confirmed: false,
    level: "recommended",
  },
  ...["Microsoft.AlertsManagement", "Microsoft.Monitor"].map((namespace): ImplicitProvider => ({
    type: "azure-native:containerservice:ManagedCluster",
    namespace,
    when: enabled("azureMonitorProfile", "metrics", "enabled"),
    why: "Azure Monitor managed Prometheus",
    source: "learn azure-monitor/containers/kubernetes-monitoring-enable",
    confirmed: true,
    level: "required",
  })),
  {
    // Azure adds a "Failure Anomalies - <name>" smart detector alert rule
    // (microsoft.alertsmanagement/smartDetectorAlertRules) to a new Application Insights component
    // on its own (MicrosoftDocs/azure-docs#117421, CompositionalIT/farmer#637). The component's
    // create does not depend on it, so recommended; the rule is missing without it.
    type: "azure-native:applicationinsights:Component",
    namespace: "Microsoft.AlertsManagement",
    why: "the Failure Anomalies alert rule Azure adds to Application Insights",
    source: "MicrosoftDocs/azure-docs#117421; CompositionalIT/farmer#637",
    confirmed: false,
    level: "recommended",
  },
];

/** The part of a planned resource this module reads. */
export interface ProviderSubject {
  readonly type: string;
  readonly custom?: boolean;
  readonly inputs: Record<string, unknown>;
}

/** Why a namespace is needed: one row per (azure-native type, reason). */
export interface ProviderReason {
  readonly type: string;
  /** `arm-type` when the type's own ARM type is in the namespace; `implicit` otherwise. */
  readonly kind: "arm-type" | "implicit";
  readonly why: string;
  readonly source?: string;
  readonly confirmed: boolean;
  /** How many planned resources need it for this reason. */
  readonly resources: number;
}

export interface ProviderNeed {
  /** The namespace as Azure spells it, e.g. `Microsoft.MachineLearningServices`. */
  readonly namespace: string;
  /** `required` when any reason is. */
  readonly level: ProviderLevel;
  readonly reasons: ProviderReason[];
}

/** The plan document's `resourceProviders` key. */
export interface ResourceProviderReport {
  /** Sorted by namespace. */
  readonly namespaces: ProviderNeed[];
  /** azure-native types with no row in azure/resourceTypes.ts: their namespace is not checked. */
  readonly unknownTypes: string[];
}

/** The namespaces the planned resources need, each with why. */
export function resourceProviders(
  resources: readonly ProviderSubject[],
  implicit: readonly ImplicitProvider[] = IMPLICIT_PROVIDERS,
): ResourceProviderReport {
  const reasons = new Map<string, Map<string, ProviderReason & { level: ProviderLevel }>>();
  const unknown = new Set<string>();
  const add = (
    namespace: string,
    key: string,
    r: Omit<ProviderReason, "resources">,
    level: ProviderLevel,
  ) => {
    // Azure compares namespaces case-insensitively (`microsoft.insights` is Microsoft.Insights).
    const ns = [...reasons.keys()].find((k) => k.toLowerCase() === namespace.toLowerCase());
    const rows = reasons.get(ns ?? namespace) ?? new Map();
    reasons.set(ns ?? namespace, rows);
    const had = rows.get(key);
    rows.set(key, { ...r, level, resources: (had?.resources ?? 0) + 1 });
  };
  for (const res of resources) {
    if (res.custom === false || !res.type.startsWith("azure-native:")) continue;
    const type = unversionedType(res.type);
    const arm = ARM_TYPES[type];
    if (arm === undefined) unknown.add(type);
    else {
      add(
        namespaceOf(arm),
        `${type}|arm`,
        { type, kind: "arm-type", why: `creates ${arm}`, confirmed: true },
        "required",
      );
    }
    for (const need of implicit) {
      if (need.type !== type || (need.when && !need.when(res.inputs))) continue;
      add(
        need.namespace,
        `${type}|${need.why}`,
        { type, kind: "implicit", why: need.why, source: need.source, confirmed: need.confirmed },
        need.level,
      );
    }
  }
  const namespaces = [...reasons.entries()]
    .map(([namespace, rows]): ProviderNeed => {
      const all = [...rows.values()];
      return {
        namespace,
        level: all.some((r) => r.level === "required") ? "required" : "recommended",
        reasons: all.map(({ level: _level, ...r }) => r),
      };
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace));
  return { namespaces, unknownTypes: [...unknown].sort() };
}

/** Whether a value has the ResourceProviderReport shape (the plan document's key). */
export function isResourceProviderReport(v: unknown): v is ResourceProviderReport {
  const r = v as ResourceProviderReport;
  return (
    typeof v === "object" &&
    v !== null &&
    Array.isArray(r.namespaces) &&
    Array.isArray(r.unknownTypes)
  );
}

/** The report as text lines for the plan's table output. */
export function formatResourceProviders(report: ResourceProviderReport): string {
  const lines = [
    `Resource providers the subscription must have registered (check: npm run preflight; register: npm run preflight -- --register)`,
  ];
  const width = Math.max(0, ...report.namespaces.map((n) => n.namespace.length));
  for (const n of report.namespaces) {
    const why = [
      ...new Set(n.reasons.map((r) => (r.kind === "arm-type" ? r.type.split(":")[2] : r.why))),
    ];
    const level = n.level === "required" ? "" : " (recommended)";
    lines.push(`  ${n.namespace.padEnd(width)}  ${why.join("; ")}${level}`);
  }
  if (report.unknownTypes.length > 0) {
    lines.push(
      `  not checked (no row in azure/resourceTypes.ts): ${report.unknownTypes.join(", ")}`,
    );
  }
  return lines.join("\n");
}
