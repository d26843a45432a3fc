import * as path from "path";
import { ParsedArgs, UsageError } from "../args";
import { stackNameFor } from "../config";
import { cohortWithFoundation } from "../context";
import type { CliDeps } from "../deps";
import { planQuotaVerdict } from "../quotaFile";
import { canRead, SetupError } from "../run";

/**
 * `plan`: the offline plan of the foundation plus the lab stacks that will be up together (all,
 * or those of --lab / --day), from the stack files `init` wrote (Pulumi.<stack>.yaml in the
 * project): resources, cost per day and vCPUs per family; with --quota FILE, those vCPUs against
 * limits saved by `preflight --json`. No Azure, no state, no Pulumi CLI.
 */
export async function planCommand(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const { cohort, record } = cohortWithFoundation(args, deps, "'plan' plans");
  let keys = [...record.labs];
  const { lab, day } = args.values;
  if (day !== undefined || lab !== undefined) {
    const key =
      day ?? Object.entries(record.days ?? {}).find(([, ls]) => ls.includes(lab!))?.[0] ?? lab!;
    if (!keys.includes(key)) {
      throw new UsageError(
        `${day !== undefined ? `--day '${day}'` : `--lab '${lab}'`} is not one of cohort ${cohort}'s lab stacks (${keys.join(", ")})`,
      );
    }
    keys = [key];
  }
  const fileOf = (stack: string) => {
    const file = path.join(deps.repoRoot, `Pulumi.${stack}.yaml`);
    if (!(deps.fileReadable ?? canRead)(file)) {
      throw new SetupError(
        `error: no stack file ${file}: 'init' writes one per stack on this machine; run it here first`,
      );
    }
    return file;
  };
  const { planCohort, renderCohortPlan } = await import("../../../plan/cohort");
  const { isInputError } = await import("../../../stacks/config");
  try {
    const plan = await planCohort({
      foundationFile: fileOf(record.foundation),
      labFiles: keys.map((k) => fileOf(stackNameFor(cohort, k))),
      plan: deps.runPlan,
    });
    deps.out(renderCohortPlan(plan));
    const quota = planQuotaVerdict(plan, args.values.quota, deps.cwd);
    deps.out(quota.text);
    // Each stack's guardrail verdicts, as `npm run plan` prints them (exit 1 on a mandatory one).
    const violations = plan.stacks.flatMap((st) =>
      st.doc.violations.map((v) => `  ${st.stack}: [${v.level}] ${v.rule}: ${v.message}`),
    );
    deps.out(
      violations.length > 0 ? ["Violations:", ...violations].join("\n") : "Violations: none.",
    );
    const html = args.values.html;
    if (html !== undefined) {
      // One page for the stacks up together: what each learner gets, cost, quota, verdicts.
      const { writeHtmlReport } = await import("../../../plan/reportFile");
      writeHtmlReport(
        path.resolve(deps.cwd, html),
        plan.stacks.map((st) => st.doc),
        { title: `DP-100 cohort plan: ${cohort}`, limits: quota.reportLimits },
      );
    }
    const mandatory = plan.stacks.flatMap((s) =>
      s.doc.violations.filter((v) => v.level === "mandatory"),
    );
    return mandatory.length > 0 || !quota.fits ? 1 : 0;
  } catch (e) {
    if (isInputError(e)) throw new SetupError(`configuration error: ${e.message}`);
    throw e;
  }
}
