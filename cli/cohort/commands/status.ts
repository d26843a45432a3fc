import { concurrencyOf, ParsedArgs } from "../args";
import { cohortContext } from "../context";
import type { CliDeps } from "../deps";
import { renderTable } from "../../shared/table";
import { errorSummary } from "../orchestrate";
import { runBounded } from "../pool";

/** `status`: which stacks are up: resources, last update, learners, expiry. */
export async function status(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const context = await cohortContext(args, deps);
  // With a foundation, its row comes first and a last column says which stacks are up.
  const ctx = context.foundation
    ? { ...context, targets: [context.foundation, ...context.targets] }
    : context;
  const settled = await runBounded(ctx.targets, concurrencyOf(args), async (t) => {
    const [summary, outputs] = await Promise.all([
      ctx.driver.summary(t.stack),
      ctx.driver.outputs(t.stack),
    ]);
    return { summary, outputs };
  });
  const rows: string[][] = [];
  const errors: string[] = [];
  settled.forEach((s, i) => {
    const t = ctx.targets[i];
    if (!s.ok) {
      rows.push([t.stack, "?", "error", "", "", "", ...(context.foundation ? ["?"] : [])]);
      errors.push(`${t.stack}: error: ${errorSummary(s.error)}`);
      return;
    }
    const { summary, outputs } = s.value;
    const last = summary.lastUpdate;
    const learners =
      outputs.learners && typeof outputs.learners === "object"
        ? String(Object.keys(outputs.learners as object).length)
        : "-";
    const up = summary.resourceCount > 0 ? "up" : "down";
    rows.push([
      t.stack,
      String(summary.resourceCount),
      last ? `${last.kind} ${last.result}` : "never deployed",
      last?.endTime ?? last?.startTime ?? "",
      learners,
      typeof outputs.expiresOn === "string" ? outputs.expiresOn : (ctx.record?.expiresOn ?? "-"),
      ...(context.foundation ? [up] : []),
    ]);
  });
  deps.out(`Cohort ${ctx.cohort} (${ctx.backendUrl}):`);
  for (const line of renderTable(
    [
      "Stack",
      "Resources",
      "Last update",
      "When",
      "Learners",
      "Expires",
      ...(context.foundation ? ["State"] : []),
    ],
    rows,
  )) {
    deps.out(line);
  }
  for (const e of errors) deps.out(e);
  return errors.length === 0 ? 0 : 1;
}
