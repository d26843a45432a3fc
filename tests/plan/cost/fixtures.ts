/**
 * Shared by the cost tests: the prices of plan/prices.json their expected figures are computed
 * from, the assumptions they start from, and planned resources shaped like the program's.
 */
import { HOURS_PER_MONTH } from "../../../plan/prices";
import type { CostAssumptions, CostReport } from "../../../plan/cost";
import type { PlannedResource } from "../../../plan/types";
import { res } from "../../helpers/resources";

// Prices of plan/prices.json the expected figures are computed from.
export const DS11 = 0.185;
export const DS2 = 0.146;
export const D2AS = 0.096;
export const DISK_MONTH = 19.71;
export const IP_HOUR = 0.005;
export const DISK_DAY = (DISK_MONTH * 24) / HOURS_PER_MONTH;

export const BASE: CostAssumptions = {
  learners: 1,
  hoursPerDay: 6,
  courseDays: 1,
  region: "eastus",
  storageGbPerAccount: 5,
  logGbPerDayPerWorkspace: 0.1,
  keyVaultOpsPerDayPerVault: 1000,
  clusterNodeHoursPerLearnerHour: 0.25,
};
export const NO_NEEDS = { learnerCreates: [] };

export function instance(
  name: string,
  opts: { vmSize?: string; idle?: string; stop?: boolean } = {},
) {
  return res("azure-native:machinelearningservices:Compute", name, {
    location: "eastus",
    properties: {
      computeType: "ComputeInstance",
      properties: {
        vmSize: opts.vmSize ?? "Standard_DS11_v2",
        ...(opts.idle ? { idleTimeBeforeShutdown: opts.idle } : {}),
        enableNodePublicIp: true,
        ...(opts.stop
          ? {
              schedules: {
                computeStartStop: [
                  { action: "Stop", status: "Enabled", triggerType: "Cron", cron: {} },
                ],
              },
            }
          : {}),
      },
    },
  });
}

export function cluster(
  name: string,
  opts: { vmSize?: string; max?: number; min?: number; low?: boolean } = {},
) {
  return res("azure-native:machinelearningservices:Compute", name, {
    location: "eastus",
    properties: {
      computeType: "AmlCompute",
      properties: {
        vmSize: opts.vmSize ?? "Standard_DS11_v2",
        vmPriority: opts.low ? "LowPriority" : "Dedicated",
        scaleSettings: { minNodeCount: opts.min ?? 0, maxNodeCount: opts.max ?? 2 },
      },
    },
  });
}

/** Workspace dependencies: one storage account, key vault, Log Analytics, App Insights. */
export function workspace(key: string): PlannedResource[] {
  return [
    res("azure-native:resources:ResourceGroup", `${key}-rg`, { location: "eastus" }),
    res("azure-native:machinelearningservices:Workspace", `${key}-mlw`),
    res("azure-native:storage:StorageAccount", `${key}-st`, { sku: { name: "Standard_LRS" } }),
    res("azure-native:keyvault:Vault", `${key}-kv`),
    res("azure-native:operationalinsights:Workspace", `${key}-log`),
    res("azure-native:applicationinsights:Component", `${key}-appi`),
    res("azure-native:authorization:RoleAssignment", `${key}-role`),
  ];
}

export const WORKSPACE_DAY =
  (5 * 0.02 * 24) / HOURS_PER_MONTH + // storage
  0.1 * 2.3 + // Log Analytics
  0.1 * 0.03; // key vault: 1000 operations

export function shared(learners: number): PlannedResource[] {
  const out = [...workspace("shared"), cluster("aml-cluster")];
  out.push(res("azure-native:containerregistry:Registry", "acr", { sku: { name: "Basic" } }));
  for (let i = 1; i <= learners; i++) out.push(instance(`ci-${i}`, { idle: "PT30M", stop: true }));
  return out;
}

export function isolated(learners: number): PlannedResource[] {
  const out: PlannedResource[] = [];
  for (let i = 1; i <= learners; i++) {
    out.push(...workspace(`l${i}`), cluster(`l${i}-aml-cluster`));
    out.push(instance(`l${i}-ci`, { idle: "PT30M", stop: true }));
  }
  return out;
}

export const sumOf = (r: CostReport, figure: string, meter: string) =>
  r.items.filter((i) => i.figure === figure && i.meter === meter).reduce((s, i) => s + i.amount, 0);
