import { ParsedArgs } from "../args";
import { cohortContext, requireFoundation } from "../context";
import type { CliDeps } from "../deps";
import { runStacks, StackResult, StackTarget, TaskContext } from "../orchestrate";
import { gateOnProviders } from "../providers";
import { again, counted, finish, runOptions } from "../run";

/**
 * `preview` and `up`: the resource-provider check, then the foundation first and its lab stacks
 * after it (a lab stack reads the foundation's outputs).
 */
export async function previewOrUp(
  args: ParsedArgs,
  deps: CliDeps,
  command: "preview" | "up",
): Promise<number> {
  const ctx = await cohortContext(args, deps);
  // A lab stack without its foundation is bad input, reported before anything else is checked.
  if (ctx.foundation) requireFoundation(ctx, command === "preview" && ctx.selected);
  const stacks = [...(ctx.foundation ? [ctx.foundation] : []), ...ctx.targets].map((t) => t.stack);
  const gate = deps.makeProviderGate?.();
  const stop = await gateOnProviders(gate, stacks, args.bools, deps.out, deps.err);
  if (stop !== undefined) return stop;
  const run = (targets: StackTarget[]) =>
    runStacks(
      targets,
      command,
      async (t, task: TaskContext) => {
        await counted(task.progress, () =>
          command === "preview"
            ? ctx.driver.preview(t.stack, task.onEvent)
            : ctx.driver.up(t.stack, task.onEvent),
        );
      },
      runOptions(args, deps),
    );
  let results: StackResult[];
  if (ctx.onlyStack === "foundation") {
    results = await run([ctx.foundation!]);
  } else if (ctx.onlyStack === "lab") {
    // One lab stack alone (a CI job): its foundation must be up already; it is not touched.
    requireFoundation(ctx, true);
    results = await run(ctx.targets);
  } else if (ctx.foundation) {
    // The foundation first, then its lab stacks: a lab stack reads the foundation's outputs.
    // A lab stack's preview needs the foundation up already; `up` brings it up itself.
    const first = await run([ctx.foundation]);
    const foundationUp =
      command === "up"
        ? first[0].outcome === "succeeded"
        : (ctx.foundation.expected ?? 0) > 0 || ctx.listing === undefined;
    if (!foundationUp) {
      deps.out(
        command === "up"
          ? `Lab stacks not brought up (${ctx.targets.map((t) => t.stack).join(", ")}): their foundation ${ctx.foundation.stack} failed.`
          : `Lab stacks not previewed (${ctx.targets.map((t) => t.stack).join(", ")}): their foundation ${ctx.foundation.stack} is not up yet; 'up' brings it up first.`,
      );
      results = first;
    } else {
      results = [...first, ...(await run(ctx.targets))];
    }
  } else {
    results = await run(ctx.targets);
  }
  const code = finish(command, results, deps);
  if (code === 0 && command === "up") {
    deps.out(`Next: npm run cohort -- handout ${again(args, ctx.cohort)}`);
  }
  return code;
}
