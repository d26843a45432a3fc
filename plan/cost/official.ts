import { defaultPriceTable, type PriceTable } from "../prices";
import type { PlannedResource } from "../types";
import { estimateCost } from "./estimate";
import { COMPUTE } from "./mlCompute";
import { round } from "./numbers";
import type { CostAssumptions, CostNeeds, CostReport } from "./report";

// The official setup, for comparison.

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
    add("azure-native:applicationinsights:Component", `learner${i}-appi`, {});
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
