import { formatChanges, runStacks, summaryLines } from "../../../cli/cohort/orchestrate";
import { runBounded } from "../../../cli/cohort/pool";
import { formatDuration, ProgressReporter, StackProgress } from "../../../cli/cohort/progress";

import { tick } from "./harness";

/** The building blocks of every cohort command: bounded runs, progress lines, the summary table. */

describe("runBounded", () => {
  it("never runs more than the limit at once, starts in order and keeps results in order", async () => {
    let active = 0;
    let max = 0;
    const started: number[] = [];
    const results = await runBounded([5, 1, 4, 2, 3], 2, async (n, i) => {
      started.push(i);
      active++;
      max = Math.max(max, active);
      for (let k = 0; k < n; k++) await tick();
      active--;
      return n * 10;
    });
    expect(max).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.ok ? r.value : null))).toEqual([50, 10, 40, 20, 30]);
  });

  it("returns a failure in its slot and finishes the others", async () => {
    const results = await runBounded(["a", "b", "c"], 1, async (s) => {
      if (s === "b") throw new Error("boom");
      return s;
    });
    expect(results[0]).toEqual({ ok: true, value: "a" });
    expect(results[1].ok).toBe(false);
    expect(results[2]).toEqual({ ok: true, value: "c" });
  });

  it("rejects a limit below 1", async () => {
    await expect(runBounded([1], 0, async (n) => n)).rejects.toThrow(/at least 1/);
  });
});

describe("progress", () => {
  const meta = (urn: string) => ({ metadata: { op: "create", urn, type: "t" } });

  it("counts done, failed and to go from engine events and the expected size", () => {
    const p = new StackProgress("c1-lab", "up", 0);
    p.expect(5);
    expect(p.onEvent({ resourcePreEvent: meta("a") })).toBe(true);
    expect(p.onEvent({ resourcePreEvent: meta("a") })).toBe(false);
    p.onEvent({ resOutputsEvent: meta("a") });
    p.onEvent({ resourcePreEvent: meta("b") });
    p.onEvent({ resOpFailedEvent: meta("b") });
    expect(p.counts()).toEqual({ done: 1, failed: 1, toGo: 3 });
    for (const u of ["c", "d", "e", "f"]) p.onEvent({ resOutputsEvent: meta(u) });
    expect(p.counts()).toEqual({ done: 5, failed: 1, toGo: 0 });
  });

  it("keeps the first error diagnostic and adds change summaries", () => {
    const p = new StackProgress("s", "up", 0);
    p.onEvent({ diagnosticEvent: { message: "warning only", severity: "warning" } });
    p.onEvent({
      diagnosticEvent: { message: "  QuotaExceeded: 0 of 4 vCPUs left\n", severity: "error" },
    });
    p.onEvent({ diagnosticEvent: { message: "error: update failed", severity: "error" } });
    p.onEvent({ summaryEvent: { resourceChanges: { create: 2, same: 3 } } });
    p.onEvent({ summaryEvent: { resourceChanges: { create: 1, delete: 4 } } });
    expect(p.errors).toEqual(["QuotaExceeded: 0 of 4 vCPUs left", "update failed"]);
    expect(p.changes).toEqual({ create: 3, same: 3, delete: 4 });
  });

  it("prints start, throttled updates, ticks and the final line with counts and elapsed time", () => {
    let now = 0;
    const lines: string[] = [];
    const r = new ProgressReporter({
      writer: (l) => lines.push(l),
      clock: () => now,
      minIntervalMs: 5000,
    });
    const p = new StackProgress("c1-work-with-compute", "up", 0);
    p.expect(4);
    r.start(p);
    p.onEvent({ resOutputsEvent: meta("a") });
    now = 1000;
    r.update(p); // too soon: nothing
    now = 6000;
    p.onEvent({ resOutputsEvent: meta("b") });
    r.update(p);
    now = 65_000;
    r.tick();
    now = 3_725_000;
    r.finish(p, "failed");
    expect(lines).toEqual([
      "[c1-work-with-compute] up started",
      "[c1-work-with-compute] up: 2 done, 2 to go, 00:06",
      "[c1-work-with-compute] up: 2 done, 2 to go, 01:05",
      "[c1-work-with-compute] up failed: 2 done, 2 to go, 1:02:05",
    ]);
    expect(r.runningCount).toBe(0);
  });

  it("formats durations", () => {
    expect(formatDuration(0)).toBe("00:00");
    expect(formatDuration(61_400)).toBe("01:01");
    expect(formatDuration(3_600_000)).toBe("1:00:00");
  });
});

describe("summary table", () => {
  it("lists each stack with result, counts, changes and time, then notes and errors", async () => {
    let now = 0;
    const lines: string[] = [];
    const results = await runStacks(
      [{ stack: "c1-a" }, { stack: "c1-b" }],
      "up",
      async (t, ctx) => {
        ctx.onEvent({ resOutputsEvent: { metadata: { op: "create", urn: "u1", type: "t" } } });
        ctx.progress.addChanges({ create: 3, update: 1 });
        now += 65_000;
        if (t.stack === "c1-b") {
          ctx.onEvent({
            diagnosticEvent: {
              message: "InsufficientQuota for Standard_DS11_v2",
              severity: "error",
            },
          });
          throw new Error("long CLI output\nerror: update failed");
        }
        return { notes: ["all good"] };
      },
      { concurrency: 1, clock: () => now, writer: (l) => lines.push(l), minIntervalMs: 0 },
    );
    const summary = summaryLines("up", results);
    expect(summary).toContain("Summary of up:");
    const header = summary.find((l) => l.startsWith("Stack"))!;
    expect(header.split(/\s{2,}/)).toEqual([
      "Stack",
      "Result",
      "Done",
      "To go",
      "Failed",
      "Changes",
      "Time",
    ]);
    expect(summary.find((l) => l.startsWith("c1-a "))!.split(/\s{2,}/)).toEqual([
      "c1-a",
      "succeeded",
      "1",
      "0",
      "0",
      "+3 ~1",
      "01:05",
    ]);
    expect(summary.find((l) => l.startsWith("c1-b "))).toMatch(/^c1-b\s+failed\s/);
    expect(summary).toContain("c1-a: all good");
    expect(summary).toContain("c1-b: error: InsufficientQuota for Standard_DS11_v2");
    expect(summary[summary.length - 1]).toBe("up: 1 of 2 stack(s) failed.");
  });

  it("formats change counts", () => {
    expect(formatChanges({ create: 2, update: 1, replace: 1, delete: 3, same: 9 })).toBe(
      "+2 ~1 +-1 -3 =9",
    );
    expect(formatChanges({})).toBe("-");
  });
});
