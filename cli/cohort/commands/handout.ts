import * as fs from "fs";
import * as path from "path";
import { cohortNamePart } from "../../../components/naming";
import { combineHandouts, StackHandoutInput } from "../../handout/cohort";
import { concurrencyOf, ParsedArgs } from "../args";
import { cohortContext } from "../context";
import type { CliDeps } from "../deps";
import { errorSummary } from "../orchestrate";
import { runBounded } from "../pool";
import { again, SetupError } from "../run";

/**
 * `handout`: handout.md and handout.csv, one studio link per learner. Exit 0 written, 1 a stack
 * could not be read or is not deployed yet, 2 before `up` (nothing deployed: nothing written).
 */
export async function handout(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const context = await cohortContext(args, deps);
  // One studio link and one instance per learner for the course: the foundation's.
  const ctx = context.foundation
    ? { ...context, targets: [{ ...context.foundation, lab: "course" }] }
    : context;
  const settled = await runBounded(ctx.targets, concurrencyOf(args), (t) =>
    ctx.driver.outputs(t.stack),
  );
  const inputs: StackHandoutInput[] = [];
  let failed = false;
  settled.forEach((s, i) => {
    const t = ctx.targets[i];
    if (s.ok) {
      inputs.push({ stack: t.stack, lab: t.lab!, outputs: s.value });
    } else {
      failed = true;
      deps.err(`${t.stack}: error: ${errorSummary(s.error)}`);
      inputs.push({ stack: t.stack, lab: t.lab!, outputs: {} });
    }
  });
  const { markdown, csv, perLab, missing } = combineHandouts(ctx.cohort, inputs);
  if (!failed && missing.length === inputs.length) {
    // Before `up`: nothing to hand out yet, and nothing is written.
    throw new SetupError(
      `cohort '${ctx.cohort}' is not up yet: ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no learners output. Run 'npm run cohort -- up ${again(args, ctx.cohort)}' first, then handout again. Nothing was written.`,
    );
  }
  const outDir = args.values.out
    ? path.resolve(deps.cwd, args.values.out)
    : path.join(deps.cwd, "out", cohortNamePart(ctx.cohort));
  fs.mkdirSync(outDir, { recursive: true });
  const write = (name: string, content: string) => {
    fs.writeFileSync(path.join(outDir, name), content, "utf8");
    return name;
  };
  const written = [write("handout.md", markdown), write("handout.csv", csv)];
  for (const one of context.foundation ? [] : perLab) {
    written.push(write(`${one.lab}.md`, one.markdown), write(`${one.lab}.csv`, one.csv));
  }
  deps.out(`Wrote ${written.join(", ")} in ${outDir}`);
  for (const stack of missing) {
    deps.out(`${stack}: no learners output yet (run 'npm run cohort -- up' first)`);
  }
  return failed || missing.length > 0 ? 1 : 0;
}
