import * as path from "path";
import { isGuid } from "../../../azure/formats";
import { regionProblem } from "../../../azure/regions";
import { fitOfCohort, planCohort, type CohortPlan } from "../../../plan/cohort";
import { usd } from "../../../plan/cost";
import { formatFit, type FitResult, type RegionLimits } from "../../../plan/fit";
import { isResourceProviderReport } from "../../../plan/resourceProviders";
import { isInputError } from "../../../stacks/config";
import { subscriptionId } from "../../http/arm";
import { ArmAzureMlUsageApi } from "../../preflight/armApi";
import {
  ArmResourceProviderApi,
  checkProviders,
  formatProviderCheck,
  type ProviderCheckResult,
} from "../../preflight/resourceProviders";
import { DEFAULT_ALTERNATIVE_REGIONS } from "../../preflight/types";
import { ParsedArgs, UsageError } from "../args";
import { stackNameFor } from "../config";
import { cohortWithFoundation } from "../context";
import type { ArmAccess, CliDeps } from "../deps";
import { foundationStackName } from "../layout";
import type { CohortRecord } from "../manifest";
import { mergeReports } from "../providers";
import { readRegionLimits } from "../quotaLimits";
import { canRead, SetupError } from "../run";
import type { LineWriter } from "../types";

/**
 * `preflight`: the stacks that will be up together (the foundation and the chosen lab stacks:
 * all, --day, --lab or --stack NAME...) planned offline, their vCPUs per Azure ML family and region
 * and their cost per day added up, then compared with the subscription: its resource provider
 * registrations and its Azure ML quota (ARM on cli/http). Prints the smallest changes that fit
 * (plan/fit.ts). Exit 0 fits, 1 does not fit, 2 bad input or Azure out of reach.
 */
export async function preflightCommand(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const { cohort, record } = cohortWithFoundation(args, deps, "'preflight' judges");
  const labStacks = chosenLabStacks(args, cohort, record);
  const regions = alternativeRegions(args);
  const flag = args.values.subscription;
  if (flag !== undefined && !isGuid(flag)) {
    throw new UsageError(`--subscription '${flag}' is not a subscription id: use its GUID`);
  }
  const plan = await planStacks(deps, record.foundation, labStacks);
  const arm = deps.makeArm?.() ?? {
    client: { env: deps.env },
    subscriptionId: (f: string | undefined) => subscriptionId(f, deps.env),
  };
  let sub: string;
  try {
    sub = await arm.subscriptionId(flag);
  } catch (e) {
    throw new SetupError(
      `error: no subscription: pass --subscription ID, set AZURE_SUBSCRIPTION_ID, or sign in with 'az login' (${(e as Error).message})`,
    );
  }
  let verdict: Verdict;
  try {
    verdict = await judge(plan, arm, sub, regions);
  } catch (e) {
    throw new SetupError(
      `error: cannot read the subscription from Azure Resource Manager: ${(e as Error).message}\n` +
        `preflight needs management.azure.com and credentials (az login, or AZURE_ACCESS_TOKEN and AZURE_SUBSCRIPTION_ID). Nothing was checked.`,
    );
  }
  report(deps.out, args.bools.has("json"), { cohort, sub, plan, verdict });
  return verdict.fit.fits && verdict.providers.missing.length === 0 ? 0 : 1;
}

/** The cohort's lab stacks to judge: --day, --lab, --stack NAME..., or all of them. */
export function chosenLabStacks(args: ParsedArgs, cohort: string, record: CohortRecord): string[] {
  const all = record.labs.map((k) => stackNameFor(cohort, k));
  const { lab, day } = args.values;
  const stacks = args.lists.stack;
  if (stacks !== undefined && (lab !== undefined || day !== undefined)) {
    throw new UsageError("--stack chooses the lab stacks: it does not combine with --lab or --day");
  }
  if (day !== undefined || lab !== undefined) {
    const key =
      day ?? Object.entries(record.days ?? {}).find(([, ls]) => ls.includes(lab!))?.[0] ?? lab!;
    if (!record.labs.includes(key)) {
      const flag = day !== undefined ? `--day '${day}'` : `--lab '${lab}'`;
      throw new UsageError(
        `${flag} is not one of cohort ${cohort}'s lab stacks (${record.labs.join(", ")})`,
      );
    }
    return [stackNameFor(cohort, key)];
  }
  if (stacks === undefined) return all;
  const foundation = record.foundation ?? foundationStackName(cohort);
  for (const s of stacks) {
    if (s !== foundation && !all.includes(s)) {
      throw new UsageError(
        `--stack '${s}' is not one of cohort ${cohort}'s stacks (${[foundation, ...all].join(", ")})`,
      );
    }
  }
  return all.filter((s) => stacks.includes(s));
}

/** `--regions r1,r2`: Azure regions to try when the cohort's own does not fit. */
function alternativeRegions(args: ParsedArgs): readonly string[] {
  const regions = args.lists.regions ?? DEFAULT_ALTERNATIVE_REGIONS;
  for (const r of regions) {
    const problem = regionProblem(r);
    if (problem) throw new UsageError(`--regions '${r}' is not an Azure region: ${problem}`);
  }
  return regions;
}

/** The offline plan of the foundation and the lab stacks, from the stack files `init` wrote. */
async function planStacks(
  deps: CliDeps,
  foundation: string,
  labStacks: readonly string[],
): Promise<CohortPlan> {
  const files = [foundation, ...labStacks].map((s) => path.join(deps.repoRoot, `Pulumi.${s}.yaml`));
  const missing = files.find((f) => !(deps.fileReadable ?? canRead)(f));
  if (missing) {
    throw new SetupError(
      `error: no stack file ${missing}: 'init' writes one per stack on this machine; run it here first`,
    );
  }
  try {
    return await planCohort({
      foundationFile: files[0],
      labFiles: files.slice(1),
      plan: deps.runPlan,
    });
  } catch (e) {
    if (isInputError(e)) throw new SetupError(`configuration error: ${e.message}`);
    throw e;
  }
}

interface Verdict {
  readonly providers: ProviderCheckResult;
  /** What was read: `cohort plan --quota FILE` takes this document back. */
  readonly limits: RegionLimits[];
  readonly fit: FitResult;
  readonly notes: string[];
}

/** Resource providers, then each region's limits (the plan's and those to try), then the fit. */
async function judge(
  plan: CohortPlan,
  arm: ArmAccess,
  sub: string,
  alternatives: readonly string[],
): Promise<Verdict> {
  const reports = plan.stacks.map((s) => s.doc.resourceProviders).filter(isResourceProviderReport);
  const providers = await checkProviders(
    mergeReports(reports),
    new ArmResourceProviderApi(arm.client),
    sub,
  );
  const api = new ArmAzureMlUsageApi(arm.client);
  const own = plan.quota.regions.map((r) => r.region);
  const limits: RegionLimits[] = [];
  for (const region of own) limits.push(await readRegionLimits(api, sub, region));
  const notes: string[] = [];
  for (const region of alternatives.filter((r) => !own.includes(r))) {
    try {
      limits.push(await readRegionLimits(api, sub, region));
    } catch (e) {
      notes.push(`could not read ${region}: ${(e as Error).message}`);
    }
  }
  const aks = plan.quota.regions.reduce((s, r) => s + r.aks.total, 0);
  if (aks > 0) {
    notes.push(
      `AKS nodes (${aks} vCPUs) use Microsoft.Compute's quota, not Azure ML's: 'npm run preflight -- --stack <stack>' checks it per stack.`,
    );
  }
  for (const u of plan.quota.unknownVmSizes) notes.push(`not counted: ${u.message}`);
  return { providers, limits, fit: fitOfCohort(plan, limits), notes };
}

function report(
  out: LineWriter,
  json: boolean,
  r: { cohort: string; sub: string; plan: CohortPlan; verdict: Verdict },
): void {
  const stacks = r.plan.stacks.map((s) => ({ stack: s.stack, part: s.part }));
  const costPerDay = { idle: r.plan.cost.idlePerDay, labDay: r.plan.cost.perLabDay };
  const { providers, limits, fit, notes } = r.verdict;
  if (json) {
    const doc = { cohort: r.cohort, subscriptionId: r.sub, stacks, costPerDay };
    const quota = r.plan.quota.regions;
    out(JSON.stringify({ ...doc, quota, providers, limits, fit, notes }, null, 2));
    return;
  }
  out(`Cohort preflight: ${r.cohort}, subscription ${r.sub}`);
  out(`Up together: ${stacks.map((s) => s.stack).join(", ")} (${r.plan.resources} resources)`);
  out(`Cost per day: idle ${usd(costPerDay.idle)}, lab day ${usd(costPerDay.labDay)}`);
  out(formatProviderCheck(providers, false));
  out(formatFit(fit));
  for (const n of notes) out(`note: ${n}`);
}
