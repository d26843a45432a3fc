import { typesOfCost, type ResourceTypeToken } from "../../azure/resourceTypes";
import { HOURS_PER_MONTH } from "../prices";
import { get, num, str } from "../inputs";
import type { PricingContext, CostRow } from "./context";
import { COMPUTE } from "./mlCompute";

/**
 * The cost model's per-type table: for each azure-native type token, how one resource of the type
 * is priced (its meters in plan/prices.json) and what the estimate assumes for the type. The type
 * table's cost class says which types have a row (`priced`); a type that is neither here nor in
 * NO_CHARGE_TYPES is listed under the report's `unpriced`. ML compute
 * instances and clusters are priced together in plan/cost/mlCompute.ts; their row here covers the
 * other compute kinds.
 */

/**
 * Types that cost nothing by themselves (their cost, if any, shows up on other meters): the type
 * table's cost class `none` (azure/resourceTypes.ts, each with its pricing source).
 */
export const NO_CHARGE_TYPES: ReadonlySet<string> = new Set(typesOfCost("none"));

/** How each priced type costs, in the order the report says its assumptions. */
export const COST_BY_TYPE: Readonly<Partial<Record<ResourceTypeToken, CostRow>>> = {
  [COMPUTE]: {
    price(r, { said, unpriced }) {
      const kind = str(get(r.inputs, "properties", "computeType"));
      if (kind === "AKS" || kind === "Kubernetes") {
        said.push(`Attaching AKS to Azure ML (${r.name}) costs nothing by itself.`);
      } else if (kind !== "ComputeInstance" && kind !== "AmlCompute") {
        unpriced(`${r.type} (${kind ?? "no computeType"})`, r.name);
      }
    },
  },
  "azure-native:containerregistry:Registry": {
    price(r, { acc }) {
      const sku = str(get(r.inputs, "sku", "name")) ?? "(no sku)";
      acc.timed("idlePerDay", r.name, `acr:${sku}`, 24, "registry, 24 h");
    },
  },
  "azure-native:containerservice:ManagedCluster": {
    price(r, ctx) {
      const tier = str(get(r.inputs, "sku", "tier")) ?? "Free";
      ctx.acc.timed("idlePerDay", r.name, `aks:${tier}`, 24, `${tier} tier, 24 h`);
      const pools = get(r.inputs, "agentPoolProfiles");
      for (const [i, p] of (Array.isArray(pools) ? pools : []).entries()) {
        const poolName = str(get(p, "name")) ?? String(i);
        aksNodes(ctx, `${r.name}/${poolName}`, p);
      }
    },
  },
  "azure-native:containerservice:AgentPool": {
    price: (r, ctx) => aksNodes(ctx, r.name, r.inputs),
  },
  "azure-native:storage:StorageAccount": {
    price(r, { acc, a }) {
      const gbMonths = (a.storageGbPerAccount * 24) / HOURS_PER_MONTH;
      const note = `${a.storageGbPerAccount} GB`;
      acc.quantity("idlePerDay", r.name, storageMeter(r.inputs), gbMonths, "GB-month", note);
    },
    assumption: (a) =>
      `Each storage account holds ${a.storageGbPerAccount} GB; transactions and egress not counted.`,
  },
  "azure-native:operationalinsights:Workspace": {
    price(r, { acc, a }) {
      const cap = num(get(r.inputs, "workspaceCapping", "dailyQuotaGb"));
      const gb =
        cap !== undefined && cap > 0
          ? Math.min(cap, a.logGbPerDayPerWorkspace)
          : a.logGbPerDayPerWorkspace;
      acc.quantity("idlePerDay", r.name, "loganalytics:gb", gb, "GB", `${gb} GB ingested`);
    },
    assumption: (a) =>
      `Each Log Analytics workspace ingests ${a.logGbPerDayPerWorkspace} GB a day (less if its ` +
      `daily cap is lower), Application Insights included; the free monthly allowance is ignored.`,
  },
  "azure-native:keyvault:Vault": {
    price(r, { acc, a }) {
      const q = a.keyVaultOpsPerDayPerVault / 10000;
      acc.quantity("idlePerDay", r.name, "keyvault:10k-ops", q, "10k ops", "operations");
    },
    assumption: (a) => `Each key vault serves ${a.keyVaultOpsPerDayPerVault} operations a day.`,
  },
  "azure-native:monitor:MetricAlert": {
    price(r, { acc }) {
      acc.timed("idlePerDay", r.name, "monitor:metric-alert", 24, "alert rule, 24 h");
    },
  },
  "azure-native:network:PrivateEndpoint": {
    price(r, { acc }) {
      acc.timed("idlePerDay", r.name, "network:private-endpoint", 24, "24 h");
    },
  },
};

/** An AKS node pool: its nodes (and OS disks unless ephemeral) all day, at its minimum. */
function aksNodes({ acc, said }: PricingContext, name: string, pool: unknown): void {
  const vmSize = str(get(pool, "vmSize")) ?? "(no vmSize)";
  const auto = get(pool, "enableAutoScaling") === true;
  const count = num(get(pool, "count"));
  const min = num(get(pool, "minCount"));
  const nodes = (auto ? (min ?? count) : count) ?? 1;
  if ((auto ? (min ?? count) : count) === undefined) {
    said.push(`AKS pool ${name} sets no node count: 1 node assumed.`);
  }
  acc.timed("idlePerDay", name, `vm:${vmSize}`, 24 * nodes, `${nodes} node(s), 24 h`);
  if (get(pool, "osDiskType") !== "Ephemeral") {
    acc.timed("idlePerDay", name, "disk:aks-os-disk", 24 * nodes, `${nodes} OS disk(s), 24 h`);
  }
  said.push(
    `AKS pool ${name} runs ${nodes} node(s) all day (its ${auto ? "minimum" : "count"}); no ` +
      `scale-out during labs is counted.`,
  );
}

/** The GB-month meter of a storage account's SKU and access tier. */
function storageMeter(inputs: Record<string, unknown>): string {
  const sku = str(get(inputs, "sku", "name")) ?? "Standard_LRS";
  const tier = (str(get(inputs, "accessTier")) ?? "Hot").toLowerCase();
  const [perf, redundancy] = sku.split("_");
  const r = (redundancy ?? sku).toLowerCase();
  return perf === "Premium" ? `storage:premium-${r}-gb-month` : `storage:${r}-${tier}-gb-month`;
}
