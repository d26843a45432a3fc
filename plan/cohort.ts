import { resolveLabs } from "../labs";
import { ValidatedConfig } from "../stacks/config";
import { CostReport, estimateCost, formatCost, usd } from "./cost";
import {
  findProjectDir,
  loadStackConfig,
  PlanOptions,
  runPlan,
  validateStackConfig,
} from "./runUnderMocks";
import { fitCohort, type FitResult, type RegionLimits } from "./fit";
import { computeQuota, formatQuota, QuotaReport } from "./quota";
import { PlanDocument } from "./types";

/**
 * The offline plan of a cohort as it will be up at one time: its foundation plus the lab stacks
 * brought up together (one day's group, or every lab). Each lab stack plans on the foundation's
 * own offline plan; cost and quota are computed once over all their resources with the merged
 * needs of their labs, so an instance or a cluster is counted once, where it lives.
 */

export interface CohortPlanStack {
  readonly stack: string;
  readonly part: "foundation" | "lab";
  readonly doc: PlanDocument;
  /** The stack's validated configuration (set by planCohort). */
  readonly config?: ValidatedConfig;
}

export interface CohortPlan {
  readonly stacks: readonly CohortPlanStack[];
  /** Real resources of all the stacks together. */
  readonly resources: number;
  readonly computeInstances: number;
  readonly workspaces: number;
  readonly cost: CostReport;
  readonly quota: QuotaReport;
}

export interface CohortPlanOptions {
  /** Stack file of the foundation. */
  readonly foundationFile: string;
  /** Stack files of the lab stacks up together. */
  readonly labFiles: readonly string[];
  readonly projectDir?: string;
  /** Runs one plan; default runPlan (tests pass one that isolates each plan's module registry). */
  readonly plan?: (opts: PlanOptions) => Promise<PlanDocument>;
}

/** Plans the foundation once, then each lab stack on it, and adds them up. */
export async function planCohort(opts: CohortPlanOptions): Promise<CohortPlan> {
  const projectDir = opts.projectDir ?? findProjectDir();
  const plan = opts.plan ?? runPlan;
  const foundation = await plan({ configFile: opts.foundationFile, projectDir });
  const fcfg = validateStackConfig(
    loadStackConfig({ configFile: opts.foundationFile, projectDir }),
    projectDir,
  );
  const stacks: CohortPlanStack[] = [
    { stack: foundation.stack, part: "foundation", doc: foundation, config: fcfg },
  ];
  const labConfigs: ValidatedConfig[] = [];
  for (const file of opts.labFiles) {
    const cfg = validateStackConfig(loadStackConfig({ configFile: file, projectDir }), projectDir);
    labConfigs.push(cfg);
    const doc = await plan({ configFile: file, projectDir, foundationPlan: foundation });
    stacks.push({ stack: doc.stack, part: "lab", doc, config: cfg });
  }
  return combineCohortPlan(stacks, fcfg, labConfigs);
}

/** Cost and quota of the stacks together, with the foundation's learners and working hours. */
export function combineCohortPlan(
  stacks: readonly CohortPlanStack[],
  foundation: ValidatedConfig,
  labs: readonly ValidatedConfig[],
): CohortPlan {
  const resources = stacks.flatMap((s) => s.doc.resources);
  const needs = needsTogether(foundation, labs);
  const learners = foundation.learners.length;
  const cost = estimateCost(resources, needs, {
    learners,
    hoursPerDay: foundation.hoursPerDay,
    courseDays: foundation.courseDays,
    region: foundation.location,
  });
  const quota = computeQuota(resources, needs, learners, foundation.location);
  const real = resources.filter((r) => r.custom && r.type.startsWith("azure-native:"));
  return {
    stacks,
    resources: real.length,
    computeInstances: real.filter(
      (r) =>
        r.type === "azure-native:machinelearningservices:Compute" &&
        (r.inputs.properties as { computeType?: string } | undefined)?.computeType ===
          "ComputeInstance",
    ).length,
    workspaces: real.filter((r) => r.type === "azure-native:machinelearningservices:Workspace")
      .length,
    cost,
    quota,
  };
}

/** Only the labs brought up count for what learners do; the foundation's course list does not. */
function needsTogether(foundation: ValidatedConfig, labs: readonly ValidatedConfig[]) {
  const labIds = [...new Set(labs.flatMap((c) => c.needs.labIds))];
  return resolveLabs(labIds.length > 0 ? labIds : [...foundation.needs.labIds]);
}

/**
 * The quota at peak of the foundation with only the named lab stacks up, as combineCohortPlan
 * counts it. Needs the stacks' configurations, which planCohort records.
 */
export function quotaOfStacks(plan: CohortPlan, labStacks: readonly string[]): QuotaReport {
  const up = plan.stacks.filter((s) => s.part === "foundation" || labStacks.includes(s.stack));
  const configOf = (s: CohortPlanStack) => {
    if (!s.config)
      throw new Error(`stack ${s.stack} has no configuration: plan it with planCohort`);
    return s.config;
  };
  const foundation = configOf(up.find((s) => s.part === "foundation")!);
  const labs = up.filter((s) => s.part === "lab").map(configOf);
  return computeQuota(
    up.flatMap((s) => s.doc.resources),
    needsTogether(foundation, labs),
    foundation.learners.length,
    foundation.location,
  );
}

/**
 * The cohort's stacks against a subscription's limits (plan/fit.ts); `fewer-labs` groups the lab
 * stacks of the plan in their order.
 */
export function fitOfCohort(plan: CohortPlan, limits: readonly RegionLimits[]): FitResult {
  return fitCohort({
    quota: plan.quota,
    limits,
    labStacks: plan.stacks.filter((s) => s.part === "lab").map((s) => s.stack),
    quotaOf: (chosen) => quotaOfStacks(plan, chosen),
  });
}

/** The cohort plan as text: one line per stack, the totals, then cost and quota in full. */
export function renderCohortPlan(p: CohortPlan): string {
  const lines = ["Offline plan of the cohort: the foundation and the lab stacks up together.", ""];
  const rows = p.stacks.map((s) => [
    s.stack,
    s.part,
    String(s.doc.resources.filter((r) => r.custom && r.type.startsWith("azure-native:")).length),
  ]);
  const width = (i: number) =>
    Math.max(...[["Stack", "Part", "Resources"], ...rows].map((r) => r[i].length));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(width(i)))
      .join("  ")
      .trimEnd();
  lines.push(fmt(["Stack", "Part", "Resources"]), ...rows.map(fmt), "");
  const families = p.quota.regions
    .flatMap((r) => r.dedicated.map((f) => `${f.family} ${f.vCPUs}`))
    .join(", ");
  lines.push(
    `Together: ${p.resources} resources, ${p.workspaces} workspace(s), ${p.computeInstances} compute instance(s).`,
    `Idle per day ${usd(p.cost.idlePerDay)}, per lab day ${usd(p.cost.perLabDay)}; dedicated vCPUs at peak: ${families || "none"}.`,
    "",
    formatCost(p.cost),
    "",
    formatQuota(p.quota),
  );
  return lines.join("\n");
}
