import { concurrencyOf, ParsedArgs, UsageError } from "../args";
import { cohortContext } from "../context";
import type { CliDeps } from "../deps";
import { findLearnerComputeUrn } from "../learner";
import { errorSummary, runStacks, StackTarget } from "../orchestrate";
import { runBounded } from "../pool";
import { counted, finish, runOptions, SetupError } from "../run";

/** `reset-learner LEARNER_ID`: replaces one learner's compute instance, nothing else. */
export async function resetLearner(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const learnerId = args.positionals[0];
  const context = await cohortContext(args, deps);
  // A learner's instance lives on the foundation, the only stack a reset touches.
  const ctx = context.foundation ? { ...context, targets: [context.foundation] } : context;
  const found: Array<{ target: StackTarget; urn: string }> = [];
  const ambiguous: string[] = [];
  const settled = await runBounded(ctx.targets, concurrencyOf(args), (t) =>
    ctx.driver.resources(t.stack),
  );
  const readErrors: string[] = [];
  settled.forEach((s, i) => {
    const target = ctx.targets[i];
    if (!s.ok) {
      readErrors.push(`${target.stack}: error: ${errorSummary(s.error)}`);
      return;
    }
    const match = findLearnerComputeUrn(s.value, learnerId);
    if ("urn" in match) found.push({ target, urn: match.urn });
    else if (match.error.startsWith("several")) ambiguous.push(`${target.stack}: ${match.error}`);
  });
  for (const e of readErrors) deps.err(e);
  if (ambiguous.length > 0) {
    throw new SetupError(`error: ${ambiguous.join("\n")}\nNothing was replaced.`);
  }
  if (found.length === 0) {
    if (readErrors.length > 0) return 1;
    throw new UsageError(
      `learner '${learnerId}' has no compute instance in ${ctx.targets.map((t) => t.stack).join(", ")} (check the id against the roster, and that 'up' has run)`,
    );
  }
  if (found.length > 1) {
    throw new UsageError(
      `learner '${learnerId}' has a compute instance in several labs (${found.map((f) => f.target.lab).join(", ")}): pass --lab ID to choose one`,
    );
  }
  const [{ target, urn }] = found;
  deps.out(`Replacing ${urn}`);
  const results = await runStacks(
    [target],
    "reset-learner",
    async (t, task) => {
      await counted(task.progress, () =>
        // targetDependents: the learner's role on their instance is replaced with it.
        ctx.driver.up(t.stack, task.onEvent, {
          replace: [urn],
          target: [urn],
          targetDependents: true,
        }),
      );
    },
    runOptions(args, deps),
  );
  return finish("reset-learner", results, deps);
}
