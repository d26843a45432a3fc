/**
 * The cost model of the offline plan: what the planned resources cost per idle day, per learner
 * working hour and per lab day for the cohort, priced from plan/prices.json, with every assumption
 * stated in words. A meter the table lacks is listed under `missing` (the figures are then lower
 * bounds and `complete` is false); it is never priced as zero.
 */
import type { LabNeeds } from "../labs/types";
import type { PlannedResource } from "./types";
import {
  defaultPriceTable,
  HOURS_PER_MONTH,
  lookupPrice,
  MissingPriceError,
  type PriceTable,
  type PriceUnit,
} from "./prices";
import { get, num, str } from "./inputs";
import { canonicalVmSize } from "../azure/vmSizes";
import { usd } from "../guardrails/wholePlan";

export { budgetViolation, usd } from "../guardrails/wholePlan";

/** The figures of a cost report. */
export type CostFigure = "idlePerDay" | "perLearnerActiveHour" | "perLabDay";

/** What the estimate assumes about use; defaults in DEFAULT_COST_ASSUMPTIONS. */
export interface CostAssumptions {
  /** Learners in the cohort (1 for a sandbox). */
  readonly learners: number;
  /** Working hours per lab day (`dp100-labs:hoursPerDay`). */
  readonly hoursPerDay: number;
  /** Course length in days (`dp100-labs:courseDays`). */
  readonly courseDays: number;
  /** ARM region the prices are looked up for (`azure-native:location`). */
  readonly region: string;
  /** GB kept in each storage account (lab data, job outputs, notebooks). Default 5. */
  readonly storageGbPerAccount?: number;
  /** GB ingested per day by each Log Analytics workspace (diagnostics, App Insights). Default 0.1. */
  readonly logGbPerDayPerWorkspace?: number;
  /** Key vault operations per vault per day. Default 1000. */
  readonly keyVaultOpsPerDayPerVault?: number;
  /**
   * Cluster node-hours one learner uses per working hour when the labs give no
   * `typicalClusterHours`. Default 0.25 (one node busy a quarter of the time).
   */
  readonly clusterNodeHoursPerLearnerHour?: number;
  /**
   * Hours an instance with a stop schedule but no idle shutdown keeps running after work ends
   * (until the scheduled stop). Default 3.
   */
  readonly hoursUntilScheduledStop?: number;
}

export const DEFAULT_COST_ASSUMPTIONS = {
  storageGbPerAccount: 5,
  logGbPerDayPerWorkspace: 0.1,
  keyVaultOpsPerDayPerVault: 1000,
  clusterNodeHoursPerLearnerHour: 0.25,
  hoursUntilScheduledStop: 3,
} as const;

/** What the labs add to the cost: learner-created capacity and the typical cluster use. */
export type CostNeeds = Pick<LabNeeds, "learnerCreates"> & {
  /** Cluster node-hours one learner uses over the whole course (sum over the chosen labs). */
  readonly typicalClusterHours?: number;
};

/** One line of a figure's breakdown. `amount = quantity x unitPrice`. */
export interface CostItem {
  readonly figure: CostFigure;
  /** The resource's logical name, or a description for learner-created capacity. */
  readonly resource: string;
  readonly meter: string;
  readonly quantity: number;
  readonly unit: PriceUnit;
  readonly unitPrice: number;
  readonly amount: number;
  /** What the quantity stands for, e.g. `6.5 h running`. */
  readonly note?: string;
}

/** A meter the price table lacks, with the resources that need it. */
export interface MissingPrice {
  readonly meter: string;
  readonly region: string;
  readonly resources: string[];
  readonly message: string;
}

/** A price the report used, with where it comes from. */
export interface UsedPrice {
  readonly meter: string;
  readonly unit: PriceUnit;
  readonly price: number;
  readonly region: string;
  readonly source: string;
  readonly date: string;
}

export interface CostReport {
  readonly currency: "USD";
  readonly region: string;
  readonly learners: number;
  readonly hoursPerDay: number;
  readonly courseDays: number;
  /** Every assumption, in words. */
  readonly assumptions: string[];
  /** Everything provisioned, nobody working, for 24 hours. */
  readonly idlePerDay: number;
  /** One learner working for one hour, on top of the idle cost. */
  readonly perLearnerActiveHour: number;
  /** The cohort's lab day: the idle day plus everyone working `hoursPerDay` hours. */
  readonly perLabDay: number;
  /** `perLabDay x courseDays`. */
  readonly perCourse: number;
  /** False when some meter had no price: the figures are then lower bounds. */
  readonly complete: boolean;
  readonly items: CostItem[];
  readonly missing: MissingPrice[];
  /** Resource types the model has no price for (listed, not counted). */
  readonly unpriced: { type: string; resources: string[] }[];
  readonly prices: UsedPrice[];
}

/** Types that cost nothing by themselves (their cost, if any, shows up on other meters). */
const NO_CHARGE_TYPES = new Set([
  // The Azure ML cluster extension has no charge of its own; its pods run on the AKS nodes, which
  // are counted (azure.microsoft.com/pricing/details/machine-learning: you pay for the compute).
  "azure-native:kubernetesconfiguration:Extension",
  "azure-native:resources:ResourceGroup",
  "azure-native:machinelearningservices:Workspace",
  "azure-native:machinelearningservices:Datastore",
  "azure-native:machinelearningservices:DataContainer",
  "azure-native:machinelearningservices:DataVersion",
  "azure-native:machinelearningservices:CodeVersion",
  "azure-native:machinelearningservices:ComponentVersion",
  "azure-native:machinelearningservices:EnvironmentContainer",
  "azure-native:machinelearningservices:EnvironmentVersion",
  "azure-native:insights:Component",
  "azure-native:insights:DiagnosticSetting",
  "azure-native:insights:ActionGroup",
  "azure-native:applicationinsights:Component",
  "azure-native:monitor:DiagnosticSetting",
  "azure-native:monitor:ActionGroup",
  "azure-native:monitor:ActivityLogAlert",
  "azure-native:storage:Blob",
  "azure-native:authorization:RoleAssignment",
  "azure-native:storage:BlobContainer",
  "azure-native:storage:BlobServiceProperties",
  "azure-native:managedidentity:UserAssignedIdentity",
  "azure-native:consumption:Budget",
  "azure-native:network:VirtualNetwork",
  "azure-native:network:Subnet",
]);

const COMPUTE = "azure-native:machinelearningservices:Compute";

/** Estimates what the planned resources cost. Throws only on invalid assumptions. */
export function estimateCost(
  resources: readonly PlannedResource[],
  needs: CostNeeds,
  assumptions: CostAssumptions,
  table: PriceTable = defaultPriceTable(),
): CostReport {
  const a = checkAssumptions(assumptions);
  const acc = new Accumulator(table, a.region);
  const said: string[] = [];
  const hoursPerDay = a.hoursPerDay;
  const courseHours = a.hoursPerDay * a.courseDays;

  said.push(
    `Prices in USD, pay-as-you-go, Linux, region ${a.region}, from plan/prices.json (source and ` +
      `date of each under "prices"); no tax, free grants, credits or discounts.`,
    `Cohort of ${a.learners} learner(s), ${hoursPerDay} working hour(s) per lab day, ` +
      `${a.courseDays} course day(s); the course total is perLabDay x ${a.courseDays}.`,
    `Idle day: clusters at their minimum node count, compute instances stopped (a stopped ` +
      `instance still pays for its OS disk, and its public IP when it has one), fixed costs running.`,
    `A month is ${HOURS_PER_MONTH} hours: monthly prices are charged per hour a resource exists.`,
  );

  const byType = (type: string) => resources.filter((r) => r.custom && r.type === type);
  const computes = byType(COMPUTE);
  const instances = computes.flatMap((r) => readInstance(r, a.hoursUntilScheduledStop) ?? []);
  const clusters = computes.flatMap((r) => readCluster(r) ?? []);
  const unpriced = new Map<string, string[]>();
  const note = (type: string, name: string) =>
    unpriced.set(type, [...(unpriced.get(type) ?? []), name]);

  // --- compute instances ---------------------------------------------------------------------
  for (const ci of instances) {
    acc.timed("idlePerDay", ci.name, "disk:ci-os-disk", 24, "OS disk, 24 h");
    if (ci.publicIp) acc.timed("idlePerDay", ci.name, "ip:public-ipv4", 24, "public IP, 24 h");
    if (ci.alwaysOn) {
      acc.timed("idlePerDay", ci.name, vmMeter(ci.vmSize, false), 24, "running 24 h");
    } else {
      const hours = hoursPerDay + ci.tailHours;
      acc.timed("perLabDay", ci.name, vmMeter(ci.vmSize, false), hours, `running ${fmtH(hours)}`);
    }
  }
  if (instances.length > 0) {
    const on = instances.filter((i) => i.alwaysOn).length;
    const idle = instances.filter((i) => !i.alwaysOn && i.idleMinutes !== undefined);
    const schedOnly = instances.filter((i) => !i.alwaysOn && i.idleMinutes === undefined);
    if (idle.length > 0) {
      const m = Math.max(...idle.map((i) => i.idleMinutes ?? 0));
      said.push(
        `${idle.length} compute instance(s) with idle shutdown run ${hoursPerDay} h plus their ` +
          `idle-shutdown delay (up to ${m} min) per lab day and are stopped otherwise.`,
      );
    }
    if (schedOnly.length > 0) {
      said.push(
        `${schedOnly.length} compute instance(s) with a stop schedule but no idle shutdown run ` +
          `${hoursPerDay} h plus ${a.hoursUntilScheduledStop} h until the scheduled stop per lab day.`,
      );
    }
    if (on > 0) {
      said.push(
        `${on} compute instance(s) have neither idle shutdown nor a stop schedule: they run 24 h a ` +
          `day, counted in the idle day.`,
      );
    }
    said.push(
      `Compute instance OS disk priced as meter disk:ci-os-disk; public IP (enableNodePublicIp) ` +
        `as ip:public-ipv4, billed while the instance exists.`,
    );
  }

  // --- clusters --------------------------------------------------------------------------------
  const perHourShare =
    needs.typicalClusterHours !== undefined
      ? needs.typicalClusterHours / courseHours
      : a.clusterNodeHoursPerLearnerHour;
  if (clusters.length > 0) {
    said.push(
      needs.typicalClusterHours !== undefined
        ? `A learner uses ${needs.typicalClusterHours} cluster node-hour(s) over the course (the ` +
            `labs' typicalClusterHours), i.e. ${round(perHourShare, 3)} node-hour per working hour.`
        : `A learner keeps ${perHourShare} cluster node(s) busy per working hour (assumption; the ` +
            `lab catalog gave no typicalClusterHours).`,
    );
    for (const c of clusters.filter((c) => c.min > 0)) {
      acc.timed(
        "idlePerDay",
        c.name,
        vmMeter(c.vmSize, c.lowPriority),
        24 * c.min,
        `${c.min} node(s) at minimum, 24 h`,
      );
    }
    const capacity = clusters.map((c) => Math.max(0, c.max - c.min) * hoursPerDay);
    const totalCapacity = capacity.reduce((s, x) => s + x, 0);
    const demand = a.learners * hoursPerDay * perHourShare;
    const used = Math.min(demand, totalCapacity);
    if (demand > totalCapacity) {
      said.push(
        `The cohort would use ${round(demand, 2)} cluster node-hours a day but the clusters can ` +
          `run only ${round(totalCapacity, 2)} (max nodes above the minimum x ${hoursPerDay} h): ` +
          `jobs queue, the cost stops at the capacity.`,
      );
    } else {
      said.push(`The cohort's cluster use fits in the clusters' max nodes: no queueing assumed.`);
    }
    clusters.forEach((c, i) => {
      const share = totalCapacity > 0 ? (used * capacity[i]) / totalCapacity : 0;
      if (share > 0) {
        acc.timed(
          "perLabDay",
          c.name,
          vmMeter(c.vmSize, c.lowPriority),
          share,
          `${fmtH(share)} node-hours of jobs`,
        );
      }
    });
    said.push(
      `Cluster nodes above the minimum cost only while jobs run (scale-down delay not counted).`,
    );
  }

  // Labs whose cluster the learners create themselves: its busy time is typicalClusterHours too.
  if (clusters.length === 0 && needs.typicalClusterHours !== undefined && perHourShare > 0) {
    const own = needs.learnerCreates.find(
      (lc) => (lc as { kind?: string }).kind === "computeCluster",
    );
    if (own) {
      const meter = vmMeter(own.vmSize, own.priority === "lowPriority");
      const share = Math.min(perHourShare, own.instances);
      acc.timed(
        "perLearnerActiveHour",
        `learner-created: ${own.what}`,
        meter,
        share,
        "their cluster",
      );
      acc.timed(
        "perLabDay",
        `learner-created: ${own.what}`,
        meter,
        a.learners * hoursPerDay * share,
        `${a.learners} learner(s) x ${fmtH(hoursPerDay)} x ${round(share, 3)} node`,
      );
      said.push(
        `The plan provisions no cluster: learners create ${own.what}; its ` +
          `${needs.typicalClusterHours} node-hour(s) per learner are priced on ${own.vmSize}.`,
      );
    } else {
      said.push(
        `The labs use ${needs.typicalClusterHours} cluster node-hour(s) per learner but the plan ` +
          `has no cluster and learners create none: that compute (e.g. serverless) is NOT counted.`,
      );
    }
  }

  // --- what a single learner costs per working hour -------------------------------------------
  // The most expensive size stands for "a learner"; an unpriced size wins so it is reported.
  const hourly = (x: { vmSize: string; lowPriority?: boolean }) =>
    acc.peek(vmMeter(x.vmSize, x.lowPriority ?? false)) ?? Infinity;
  const priciest = <T extends { vmSize: string; lowPriority?: boolean }>(list: T[]) =>
    list.reduce<T | undefined>(
      (best, x) => (!best || hourly(x) > hourly(best) ? x : best),
      undefined,
    );
  const ci = priciest(instances);
  if (ci) {
    acc.timed("perLearnerActiveHour", ci.name, vmMeter(ci.vmSize, false), 1, "their instance, 1 h");
  }
  const cl = priciest(clusters);
  if (cl && perHourShare > 0) {
    acc.timed(
      "perLearnerActiveHour",
      cl.name,
      vmMeter(cl.vmSize, cl.lowPriority),
      perHourShare,
      "their share of the cluster",
    );
  }
  if (instances.length > 1 || clusters.length > 1) {
    said.push(
      `perLearnerActiveHour uses the most expensive instance and cluster size in the plan.`,
    );
  }

  // --- what learners create during the labs ----------------------------------------------------
  for (const lc of needs.learnerCreates) {
    const label = `learner-created: ${lc.what}`;
    if (lc.onCluster) {
      said.push(
        `${lc.what} runs on cluster ${lc.onCluster}: counted in the cluster's use, not again.`,
      );
      continue;
    }
    const meter = vmMeter(lc.vmSize, lc.priority === "lowPriority");
    const perLearner = lc.instances * lc.typicalHours;
    said.push(
      `Each learner creates ${lc.what} (${lc.vmSize} x${lc.instances}) running ` +
        `${lc.typicalHours} h over the course, then deletes it.`,
    );
    acc.timed(
      "perLearnerActiveHour",
      label,
      meter,
      perLearner / courseHours,
      `${fmtH(perLearner)} spread over ${fmtH(courseHours)} of work`,
    );
    acc.timed(
      "perLabDay",
      label,
      meter,
      (a.learners * perLearner) / a.courseDays,
      `${a.learners} learner(s) x ${fmtH(perLearner)} / ${a.courseDays} day(s)`,
    );
  }

  // --- everything else -------------------------------------------------------------------------
  let storageAccounts = 0;
  let logWorkspaces = 0;
  let vaults = 0;
  for (const r of resources) {
    if (!r.custom || r.type.startsWith("random:") || r.type.startsWith("pulumi:")) continue;
    if (NO_CHARGE_TYPES.has(r.type)) continue;
    const inputs = r.inputs;
    switch (r.type) {
      case COMPUTE: {
        const kind = str(get(inputs, "properties", "computeType"));
        if (kind === "AKS" || kind === "Kubernetes") {
          said.push(`Attaching AKS to Azure ML (${r.name}) costs nothing by itself.`);
        } else if (kind !== "ComputeInstance" && kind !== "AmlCompute") {
          note(`${r.type} (${kind ?? "no computeType"})`, r.name);
        }
        break;
      }
      case "azure-native:containerregistry:Registry": {
        const sku = str(get(inputs, "sku", "name")) ?? "(no sku)";
        acc.timed("idlePerDay", r.name, `acr:${sku}`, 24, "registry, 24 h");
        break;
      }
      case "azure-native:containerservice:ManagedCluster": {
        const tier = str(get(inputs, "sku", "tier")) ?? "Free";
        acc.timed("idlePerDay", r.name, `aks:${tier}`, 24, `${tier} tier, 24 h`);
        const pools = get(inputs, "agentPoolProfiles");
        for (const [i, p] of (Array.isArray(pools) ? pools : []).entries()) {
          const poolName = str(get(p, "name")) ?? String(i);
          aksNodes(acc, said, `${r.name}/${poolName}`, p);
        }
        break;
      }
      case "azure-native:containerservice:AgentPool":
        aksNodes(acc, said, r.name, inputs);
        break;
      case "azure-native:storage:StorageAccount": {
        storageAccounts++;
        const meter = storageMeter(inputs);
        const gbMonths = (a.storageGbPerAccount * 24) / HOURS_PER_MONTH;
        acc.quantity(
          "idlePerDay",
          r.name,
          meter,
          gbMonths,
          "GB-month",
          `${a.storageGbPerAccount} GB`,
        );
        break;
      }
      case "azure-native:operationalinsights:Workspace": {
        logWorkspaces++;
        const cap = num(get(inputs, "workspaceCapping", "dailyQuotaGb"));
        const gb =
          cap !== undefined && cap > 0
            ? Math.min(cap, a.logGbPerDayPerWorkspace)
            : a.logGbPerDayPerWorkspace;
        acc.quantity("idlePerDay", r.name, "loganalytics:gb", gb, "GB", `${gb} GB ingested`);
        break;
      }
      case "azure-native:keyvault:Vault": {
        vaults++;
        const q = a.keyVaultOpsPerDayPerVault / 10000;
        acc.quantity("idlePerDay", r.name, "keyvault:10k-ops", q, "10k ops", "operations");
        break;
      }
      case "azure-native:monitor:MetricAlert":
      case "azure-native:insights:MetricAlert":
        acc.timed("idlePerDay", r.name, "monitor:metric-alert", 24, "alert rule, 24 h");
        break;
      case "azure-native:network:PrivateEndpoint":
        acc.timed("idlePerDay", r.name, "network:private-endpoint", 24, "24 h");
        break;
      default:
        note(r.type, r.name);
    }
  }
  if (storageAccounts > 0) {
    said.push(
      `Each storage account holds ${a.storageGbPerAccount} GB; transactions and egress not counted.`,
    );
  }
  if (logWorkspaces > 0) {
    said.push(
      `Each Log Analytics workspace ingests ${a.logGbPerDayPerWorkspace} GB a day (less if its ` +
        `daily cap is lower), Application Insights included; the free monthly allowance is ignored.`,
    );
  }
  if (vaults > 0)
    said.push(`Each key vault serves ${a.keyVaultOpsPerDayPerVault} operations a day.`);
  said.push(
    `No charge by themselves: resource groups, the Azure ML workspace, datastores, data ` +
      `assets, code assets and components, role assignments, diagnostic settings, blob ` +
      `containers and blobs (in the storage GB above), budgets, action groups (e-mail within the free allowance), Application ` +
      `Insights (its data is ingested by Log Analytics).`,
  );
  if (unpriced.size > 0) {
    said.push(
      `Not priced by this model (listed under "unpriced"): ${[...unpriced.keys()].join(", ")}.`,
    );
  }
  said.push(...acc.regionNotes());

  // The lab day repeats the idle day's items, so each figure's breakdown is complete.
  const idleItems = acc.items.filter((i) => i.figure === "idlePerDay");
  const items = [...acc.items, ...idleItems.map((i) => ({ ...i, figure: "perLabDay" as const }))];
  const sum = (f: CostFigure) =>
    round(
      items.filter((i) => i.figure === f).reduce((s, i) => s + i.amount, 0),
      6,
    );
  const perLabDay = sum("perLabDay");
  const missing = acc.missingList();
  return {
    currency: "USD",
    region: a.region,
    learners: a.learners,
    hoursPerDay: a.hoursPerDay,
    courseDays: a.courseDays,
    assumptions: said,
    idlePerDay: sum("idlePerDay"),
    perLearnerActiveHour: sum("perLearnerActiveHour"),
    perLabDay,
    perCourse: round(perLabDay * a.courseDays, 6),
    complete: missing.length === 0,
    items: items.map((i) => ({ ...i, quantity: round(i.quantity, 6), amount: round(i.amount, 6) })),
    missing,
    unpriced: [...unpriced.entries()].map(([type, names]) => ({ type, resources: names })),
    prices: acc.usedPrices(),
  };
}

// --- the official setup, for comparison ----------------------------------------------------------

export interface OfficialSetupOptions {
  /** Default Standard_DS11_v2, the size the official setup scripts use. */
  readonly instanceVmSize?: string;
  /** Default Standard_DS11_v2. */
  readonly clusterVmSize?: string;
  /** Default 2 (`--max-instances 2`). */
  readonly clusterMaxNodes?: number;
  /** Whether the learners' workspaces get a Basic container registry. Default false. */
  readonly containerRegistry?: boolean;
}

/**
 * The resources the official lab setup scripts (MicrosoftLearning/mslearn-azure-ml, Labs/* /
 * setup.sh) create, once per learner: a resource group, a workspace (with its storage account, key
 * vault, Application Insights and Log Analytics workspace), a compute instance with no idle shutdown
 * and no schedule, and `aml-cluster` (min 0, max 2).
 */
export function officialSetupResources(
  learners: number,
  region: string,
  opts: OfficialSetupOptions = {},
): PlannedResource[] {
  const out: PlannedResource[] = [];
  const ciSize = opts.instanceVmSize ?? "Standard_DS11_v2";
  const clSize = opts.clusterVmSize ?? "Standard_DS11_v2";
  const maxNodes = opts.clusterMaxNodes ?? 2;
  for (let i = 1; i <= learners; i++) {
    const add = (type: string, name: string, inputs: Record<string, unknown>) =>
      out.push({
        urn: `urn:pulumi:official::setup-sh::${type}::${name}`,
        type,
        name,
        parent: null,
        custom: true,
        inputs,
      });
    add("azure-native:resources:ResourceGroup", `learner${i}-rg`, { location: region });
    add("azure-native:machinelearningservices:Workspace", `learner${i}-mlw`, {});
    add("azure-native:storage:StorageAccount", `learner${i}-st`, { sku: { name: "Standard_LRS" } });
    add("azure-native:keyvault:Vault", `learner${i}-kv`, {});
    add("azure-native:insights:Component", `learner${i}-appi`, {});
    add("azure-native:operationalinsights:Workspace", `learner${i}-log`, {});
    if (opts.containerRegistry) {
      add("azure-native:containerregistry:Registry", `learner${i}-acr`, { sku: { name: "Basic" } });
    }
    add(COMPUTE, `learner${i}-ci`, {
      properties: { computeType: "ComputeInstance", properties: { vmSize: ciSize } },
    });
    add(COMPUTE, `learner${i}-aml-cluster`, {
      properties: {
        computeType: "AmlCompute",
        properties: { vmSize: clSize, scaleSettings: { minNodeCount: 0, maxNodeCount: maxNodes } },
      },
    });
  }
  return out;
}

export interface OfficialComparison {
  readonly ours: CostReport;
  readonly official: CostReport;
  /** `official.perCourse - ours.perCourse`. */
  readonly savingPerCourse: number;
  /** What each extra day costs if nobody deletes anything after the course. */
  readonly idlePerDayAfterCourse: { readonly ours: number; readonly official: number };
}

/**
 * Prices the planned resources and, with the same table, needs and assumptions, the same cohort set
 * up the way the official scripts do (an instance per learner running until deleted, 24 h a day,
 * no idle shutdown, no schedule).
 */
export function compareWithOfficialSetup(
  resources: readonly PlannedResource[],
  needs: CostNeeds,
  assumptions: CostAssumptions,
  opts: OfficialSetupOptions = {},
  table: PriceTable = defaultPriceTable(),
): OfficialComparison {
  const ours = estimateCost(resources, needs, assumptions, table);
  const official = estimateCost(
    officialSetupResources(assumptions.learners, assumptions.region, opts),
    needs,
    assumptions,
    table,
  );
  return {
    ours,
    official,
    savingPerCourse: round(official.perCourse - ours.perCourse, 6),
    idlePerDayAfterCourse: { ours: ours.idlePerDay, official: official.idlePerDay },
  };
}

// --- text ----------------------------------------------------------------------------------------

/** The plan's cost summary, as text lines (no trailing newline). */
export function formatCost(report: CostReport, budgetUsd?: number): string {
  const lines: string[] = [];
  const incomplete = report.complete ? "" : " (at least; prices missing, see below)";
  lines.push(
    `Cost estimate (${report.currency}, ${report.region}, prices from plan/prices.json)${incomplete}`,
  );
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(44)}${value}`);
  row("idle per day (nobody working)", usd(report.idlePerDay));
  row("per learner per working hour", usd(report.perLearnerActiveHour));
  row(
    `per lab day (${report.learners} learner(s), ${report.hoursPerDay} h)`,
    usd(report.perLabDay),
  );
  row(
    `course (${report.courseDays} day(s))`,
    usd(report.perCourse) + (budgetUsd !== undefined ? `   budget ${usd(budgetUsd)}` : ""),
  );
  lines.push("  per lab day by meter:");
  const groups = new Map<
    string,
    { q: number; amount: number; unit: string; p: number; n: number }
  >();
  for (const i of report.items.filter((x) => x.figure === "perLabDay")) {
    const g = groups.get(i.meter) ?? { q: 0, amount: 0, unit: i.unit, p: i.unitPrice, n: 0 };
    g.q += i.quantity;
    g.amount += i.amount;
    g.n += 1;
    groups.set(i.meter, g);
  }
  for (const [meter, g] of [...groups.entries()].sort((x, y) => y[1].amount - x[1].amount)) {
    lines.push(
      `    ${meter.padEnd(32)}${fmtQ(g.q).padStart(10)} ${g.unit.padEnd(8)} x ${usd(g.p, 4).padEnd(9)}` +
        ` = ${usd(g.amount).padStart(9)}  (${g.n} item(s))`,
    );
  }
  for (const m of report.missing) {
    lines.push(`  MISSING PRICE ${m.meter} (${m.resources.join(", ")}): not counted`);
  }
  for (const u of report.unpriced) {
    lines.push(`  not priced: ${u.type} (${u.resources.length})`);
  }
  lines.push("  assumptions:");
  for (const s of report.assumptions) lines.push(`    - ${s}`);
  return lines.join("\n");
}

// --- internals ------------------------------------------------------------------------------------

class Accumulator {
  readonly items: CostItem[] = [];
  private readonly missing = new Map<string, MissingPrice>();
  private readonly used = new Map<string, UsedPrice>();
  private readonly otherRegion = new Set<string>();

  constructor(
    private readonly table: PriceTable,
    private readonly region: string,
  ) {}

  /** The hourly price of a meter, or undefined when the table has none. */
  peek(meter: string): number | undefined {
    try {
      const { entry } = lookupPrice(this.table, meter, this.region);
      return perHour(entry.unit, entry.price);
    } catch (e) {
      if (e instanceof MissingPriceError) return undefined;
      throw e;
    }
  }

  /** A time-based meter (priced per hour, day or month) for `hours` of existence or use. */
  timed(figure: CostFigure, resource: string, meter: string, hours: number, note?: string): void {
    const entry = this.find(meter, resource);
    if (!entry) return;
    const divisor = { hour: 1, day: 24, month: HOURS_PER_MONTH }[entry.unit as string];
    if (divisor === undefined) {
      throw new Error(
        `price table: meter ${meter} has unit "${entry.unit}"; a time-based meter needs hour, day ` +
          `or month`,
      );
    }
    this.push(figure, resource, meter, hours / divisor, entry.unit, entry.price, note);
  }

  /** A quantity meter (GB, GB-month, 10k ops) whose table unit must be `unit`. */
  quantity(
    figure: CostFigure,
    resource: string,
    meter: string,
    quantity: number,
    unit: PriceUnit,
    note?: string,
  ): void {
    const entry = this.find(meter, resource);
    if (!entry) return;
    if (entry.unit !== unit) {
      throw new Error(`price table: meter ${meter} has unit "${entry.unit}"; expected "${unit}"`);
    }
    this.push(figure, resource, meter, quantity, unit, entry.price, note);
  }

  missingList(): MissingPrice[] {
    return [...this.missing.values()];
  }

  usedPrices(): UsedPrice[] {
    return [...this.used.values()].sort((x, y) => x.meter.localeCompare(y.meter));
  }

  regionNotes(): string[] {
    return [...this.otherRegion].map(
      (m) => `No ${this.region} price for ${m}: the table's figure for another region is used.`,
    );
  }

  private find(meter: string, resource: string) {
    try {
      const { entry, fromOtherRegion } = lookupPrice(this.table, meter, this.region);
      if (fromOtherRegion) this.otherRegion.add(meter);
      this.used.set(meter, {
        meter,
        unit: entry.unit,
        price: entry.price,
        region: entry.region,
        source: entry.source,
        date: entry.date,
      });
      return entry;
    } catch (e) {
      if (!(e instanceof MissingPriceError)) throw e;
      const m = this.missing.get(meter) ?? {
        meter,
        region: this.region,
        resources: [],
        message: e.message,
      };
      if (!m.resources.includes(resource)) m.resources.push(resource);
      this.missing.set(meter, m);
      return undefined;
    }
  }

  private push(
    figure: CostFigure,
    resource: string,
    meter: string,
    quantity: number,
    unit: PriceUnit,
    unitPrice: number,
    note?: string,
  ) {
    this.items.push({
      figure,
      resource,
      meter,
      quantity,
      unit,
      unitPrice,
      amount: quantity * unitPrice,
      ...(note ? { note } : {}),
    });
  }
}

interface InstanceInfo {
  readonly name: string;
  readonly vmSize: string;
  readonly idleMinutes?: number;
  readonly stopSchedule: boolean;
  readonly alwaysOn: boolean;
  readonly publicIp: boolean;
  /** Hours it runs after work ends (idle shutdown delay or until the scheduled stop). */
  readonly tailHours: number;
}

interface ClusterInfo {
  readonly name: string;
  readonly vmSize: string;
  readonly min: number;
  readonly max: number;
  readonly lowPriority: boolean;
}

function readInstance(r: PlannedResource, untilScheduledStop: number): InstanceInfo | undefined {
  if (str(get(r.inputs, "properties", "computeType")) !== "ComputeInstance") return undefined;
  const p = get(r.inputs, "properties", "properties");
  const vmSize = str(get(p, "vmSize")) ?? "(no vmSize)";
  const idleText = str(get(p, "idleTimeBeforeShutdown"));
  const idleMinutes = idleText !== undefined ? isoMinutes(idleText) : undefined;
  const schedules = get(p, "schedules", "computeStartStop");
  const stopSchedule =
    Array.isArray(schedules) &&
    schedules.some((s) => get(s, "action") === "Stop" && get(s, "status") !== "Disabled");
  const alwaysOn = idleMinutes === undefined && !stopSchedule;
  const tailHours =
    idleMinutes !== undefined ? idleMinutes / 60 : stopSchedule ? untilScheduledStop : 0;
  return {
    name: r.name,
    vmSize,
    idleMinutes,
    stopSchedule,
    alwaysOn,
    // Azure's default for enableNodePublicIp is true.
    publicIp: get(p, "enableNodePublicIp") !== false,
    tailHours,
  };
}

function readCluster(r: PlannedResource): ClusterInfo | undefined {
  if (str(get(r.inputs, "properties", "computeType")) !== "AmlCompute") return undefined;
  const p = get(r.inputs, "properties", "properties");
  return {
    name: r.name,
    vmSize: str(get(p, "vmSize")) ?? "(no vmSize)",
    min: num(get(p, "scaleSettings", "minNodeCount")) ?? 0,
    max: num(get(p, "scaleSettings", "maxNodeCount")) ?? 0,
    lowPriority: get(p, "vmPriority") === "LowPriority",
  };
}

function aksNodes(acc: Accumulator, said: string[], name: string, pool: unknown): void {
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

function storageMeter(inputs: Record<string, unknown>): string {
  const sku = str(get(inputs, "sku", "name")) ?? "Standard_LRS";
  const tier = (str(get(inputs, "accessTier")) ?? "Hot").toLowerCase();
  const [perf, redundancy] = sku.split("_");
  const r = (redundancy ?? sku).toLowerCase();
  return perf === "Premium" ? `storage:premium-${r}-gb-month` : `storage:${r}-${tier}-gb-month`;
}

function checkAssumptions(a: CostAssumptions): Required<CostAssumptions> {
  const full = { ...DEFAULT_COST_ASSUMPTIONS, ...stripUndefined(a) } as Required<CostAssumptions>;
  const need = (key: keyof CostAssumptions, ok: boolean, accepted: string) => {
    if (!ok) {
      throw new Error(
        `cost assumption ${key}: ${JSON.stringify(full[key])} is not accepted; ${accepted}`,
      );
    }
  };
  need("learners", Number.isInteger(full.learners) && full.learners >= 1, "a whole number >= 1");
  need(
    "hoursPerDay",
    typeof full.hoursPerDay === "number" && full.hoursPerDay > 0 && full.hoursPerDay <= 24,
    "hours from more than 0 to 24",
  );
  need(
    "courseDays",
    Number.isInteger(full.courseDays) && full.courseDays >= 1,
    "a whole number >= 1",
  );
  need("region", typeof full.region === "string" && full.region.length > 0, "an ARM region name");
  for (const key of [
    "storageGbPerAccount",
    "logGbPerDayPerWorkspace",
    "keyVaultOpsPerDayPerVault",
    "clusterNodeHoursPerLearnerHour",
    "hoursUntilScheduledStop",
  ] as const) {
    need(key, typeof full[key] === "number" && full[key] >= 0, "a number >= 0");
  }
  return full;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function vmMeter(vmSize: string, lowPriority: boolean): string {
  // Sizes are compared case-insensitively (Azure ML returns them upper-cased): the meter carries
  // the catalog's spelling when plan/vmSizes.ts knows the size.
  return `${lowPriority ? "vm-lowpriority" : "vm"}:${canonicalVmSize(vmSize) ?? vmSize}`;
}

function perHour(unit: PriceUnit, price: number): number | undefined {
  if (unit === "hour") return price;
  if (unit === "day") return price / 24;
  if (unit === "month") return price / HOURS_PER_MONTH;
  return undefined;
}

/** Minutes in an ISO 8601 duration such as PT30M, PT1H30M or P1D; undefined if not one. */
export function isoMinutes(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return d * 1440 + h * 60 + min + s / 60;
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

function fmtH(hours: number): string {
  return `${round(hours, 2)} h`;
}

function fmtQ(q: number): string {
  return q >= 100 ? q.toFixed(1) : q >= 1 ? q.toFixed(2) : q.toFixed(4);
}
