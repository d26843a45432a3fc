import { renderTable } from "../shared/table";
import { runBounded } from "./pool";
import { formatDuration, ProgressCounts, ProgressReporter, StackProgress } from "./progress";
import { Clock, EventSink, LineWriter } from "./types";

/**
 * Runs one operation over several stacks: at most `concurrency` at once, live progress lines, one
 * stack's failure recorded without stopping the others, and a summary table at the end.
 */

export interface StackTarget {
  readonly stack: string;
  readonly lab?: string;
  /** Resources the state holds before the operation, for the "to go" count. */
  readonly expected?: number;
}

/** What a task sees of its stack's run. */
export interface TaskContext {
  readonly progress: StackProgress;
  /** Pass to the driver: counts resources and prints progress. */
  readonly onEvent: EventSink;
  /** Prints a line for this stack now. */
  note(message: string): void;
}

export interface TaskResult {
  /** Facts for the summary (what was purged, the last update, ...). */
  readonly notes?: readonly string[];
  /** Things that went wrong without an exception: the stack counts as failed. */
  readonly problems?: readonly string[];
}

export type Outcome = "succeeded" | "failed";

export interface StackResult {
  readonly stack: string;
  readonly lab?: string;
  readonly outcome: Outcome;
  readonly elapsedMs: number;
  readonly counts: ProgressCounts;
  readonly changes: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
  /** Why it failed: the first error diagnostic, the exception, or the problems. */
  readonly errors: readonly string[];
}

export interface RunOptions {
  readonly concurrency: number;
  readonly clock: Clock;
  readonly writer: LineWriter;
  /** Least time between progress lines per stack (default 5000 ms). */
  readonly minIntervalMs?: number;
  /** Starts a periodic callback (for quiet stretches); returns a function that stops it. */
  readonly startTicker?: (tick: () => void) => () => void;
}

const firstLine = (s: string) =>
  s
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim() ?? s;

/** A message without the `error: ` prefixes the CLI puts in front (the summary adds its own). */
export function stripErrorPrefix(message: string): string {
  return message.replace(/^(\s*error:\s*)+/i, "").trim();
}

/** The readable part of an error: Automation API errors carry the whole CLI output. */
export function errorSummary(e: unknown): string {
  if (e instanceof Error) {
    const lines = e.message.split("\n").map((l) => l.trim());
    const errorLine = lines.find((l) => /^error:/i.test(l));
    return stripErrorPrefix(errorLine ?? firstLine(e.message));
  }
  return stripErrorPrefix(String(e));
}

export async function runStacks(
  targets: readonly StackTarget[],
  operation: string,
  task: (target: StackTarget, ctx: TaskContext) => Promise<TaskResult | void>,
  opts: RunOptions,
): Promise<StackResult[]> {
  const reporter = new ProgressReporter({
    writer: opts.writer,
    clock: opts.clock,
    minIntervalMs: opts.minIntervalMs,
  });
  const stopTicker = opts.startTicker?.(() => reporter.tick());
  try {
    const settled = await runBounded(targets, opts.concurrency, async (target) => {
      const progress = new StackProgress(target.stack, operation, opts.clock());
      if (target.expected) progress.expect(target.expected);
      reporter.start(progress);
      const ctx: TaskContext = {
        progress,
        onEvent: (event) => {
          if (progress.onEvent(event)) reporter.update(progress);
        },
        note: (message) => reporter.note(progress, message),
      };
      let outcome: Outcome = "succeeded";
      let notes: readonly string[] = [];
      const errors: string[] = [];
      try {
        const result = (await task(target, ctx)) ?? {};
        notes = result.notes ?? [];
        if (result.problems && result.problems.length > 0) {
          outcome = "failed";
          errors.push(...result.problems);
        }
      } catch (e) {
        outcome = "failed";
        errors.push(progress.errors[0] ?? errorSummary(e));
      }
      reporter.finish(progress, outcome);
      return {
        stack: target.stack,
        lab: target.lab,
        outcome,
        elapsedMs: opts.clock() - progress.startedAt,
        counts: progress.counts(),
        changes: { ...progress.changes },
        notes,
        errors,
      } satisfies StackResult;
    });
    // runBounded only reports a thrown task; ours never throws past its own catch.
    return settled.map((s, i) =>
      s.ok
        ? s.value
        : {
            stack: targets[i].stack,
            lab: targets[i].lab,
            outcome: "failed" as const,
            elapsedMs: 0,
            counts: { done: 0, failed: 0, toGo: 0 },
            changes: {},
            notes: [],
            errors: [errorSummary(s.error)],
          },
    );
  } finally {
    stopTicker?.();
  }
}

const OP_SIGNS: ReadonlyArray<[string, string]> = [
  ["create", "+"],
  ["update", "~"],
  ["replace", "+-"],
  ["delete", "-"],
];

/** `+3 ~1 -2` from change counts, `=10` for unchanged, `-` when nothing is known. */
export function formatChanges(changes: Readonly<Record<string, number>>): string {
  const parts = OP_SIGNS.filter(([op]) => changes[op]).map(([op, sign]) => `${sign}${changes[op]}`);
  if (changes.same) parts.push(`=${changes.same}`);
  return parts.length > 0 ? parts.join(" ") : "-";
}

/** The summary printed after every multi-stack command. */
export function summaryLines(operation: string, results: readonly StackResult[]): string[] {
  const rows = results.map((r) => [
    r.stack,
    r.outcome,
    String(r.counts.done),
    String(r.counts.toGo),
    String(r.counts.failed),
    formatChanges(r.changes),
    formatDuration(r.elapsedMs),
  ]);
  const lines = [
    "",
    `Summary of ${operation}:`,
    ...renderTable(["Stack", "Result", "Done", "To go", "Failed", "Changes", "Time"], rows),
  ];
  const details = results.filter((r) => r.notes.length > 0 || r.errors.length > 0);
  if (details.length > 0) lines.push("");
  for (const r of details) {
    for (const n of r.notes) lines.push(`${r.stack}: ${n}`);
    for (const e of r.errors) lines.push(`${r.stack}: error: ${e}`);
  }
  const failed = results.filter((r) => r.outcome === "failed").length;
  lines.push(
    "",
    failed === 0
      ? `${operation}: all ${results.length} stack(s) succeeded.`
      : `${operation}: ${failed} of ${results.length} stack(s) failed.`,
  );
  return lines;
}

/** 0 when every stack succeeded, 1 otherwise. */
export function exitCodeFor(results: readonly StackResult[]): number {
  return results.every((r) => r.outcome === "succeeded") ? 0 : 1;
}
