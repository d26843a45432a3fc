import { Clock, DriverEvent, LineWriter } from "./types";

/**
 * Live progress of one stack's operation, counted from Pulumi engine events: a resource is "done"
 * when its outputs event arrives, "failed" on a failure event, and "to go" is what is expected (the
 * resources the state had, or the steps the engine has announced, whichever is larger) minus those.
 */
export interface ProgressCounts {
  readonly done: number;
  readonly failed: number;
  readonly toGo: number;
}

export class StackProgress {
  private readonly seen = new Set<string>();
  private readonly finished = new Set<string>();
  private readonly failedUrns = new Set<string>();
  private expected = 0;
  private readonly changeTotals: Record<string, number> = {};
  /** Error diagnostics in arrival order (the first is the usual root cause). */
  readonly errors: string[] = [];

  constructor(
    readonly stack: string,
    readonly operation: string,
    readonly startedAt: number,
  ) {}

  /** How many resources the operation is expected to visit (the state's size before it starts). */
  expect(count: number): void {
    this.expected = Math.max(this.expected, count);
  }

  /** Folds one engine event in; returns true when the counts changed. */
  onEvent(event: DriverEvent): boolean {
    if (event.resourcePreEvent) {
      const urn = event.resourcePreEvent.metadata.urn;
      if (this.seen.has(urn)) return false;
      this.seen.add(urn);
      return true;
    }
    if (event.resOutputsEvent) {
      const urn = event.resOutputsEvent.metadata.urn;
      this.seen.add(urn);
      if (this.finished.has(urn)) return false;
      this.finished.add(urn);
      return true;
    }
    if (event.resOpFailedEvent) {
      const urn = event.resOpFailedEvent.metadata.urn;
      this.seen.add(urn);
      this.failedUrns.add(urn);
      return true;
    }
    if (event.summaryEvent) {
      this.addChanges(event.summaryEvent.resourceChanges);
      return false;
    }
    if (event.policyEvent?.enforcementLevel === "mandatory") {
      // A mandatory guardrail fails the update with only "preview failed" as its diagnostic: the
      // violation itself is the reason to show.
      const p = event.policyEvent;
      const message = p.message.replace(/\s+/g, " ").trim();
      const on = p.resourceUrn ? ` on ${p.resourceUrn.split("::").pop()}` : "";
      this.errors.push(`policy ${p.policyName} (mandatory)${on}: ${message}`);
      return false;
    }
    if (event.diagnosticEvent?.severity === "error") {
      const message = event.diagnosticEvent.message.replace(/^(\s*error:\s*)+/i, "").trim();
      if (message) this.errors.push(message);
    }
    return false;
  }

  /** Adds an operation's change counts (several phases add up). */
  addChanges(changes: { readonly [op: string]: number | undefined }): void {
    for (const [op, n] of Object.entries(changes)) {
      if (n) this.changeTotals[op] = (this.changeTotals[op] ?? 0) + n;
    }
  }

  get changes(): Readonly<Record<string, number>> {
    return this.changeTotals;
  }

  counts(): ProgressCounts {
    const failed = [...this.failedUrns].filter((u) => !this.finished.has(u)).length;
    const done = this.finished.size;
    const total = Math.max(this.expected, this.seen.size);
    return { done, failed, toGo: Math.max(0, total - done - failed) };
  }
}

/** `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** `[stack] up: 12 done, 5 to go, 1 failed, 02:15` */
export function progressLine(p: StackProgress, now: number, state?: string): string {
  const c = p.counts();
  const parts = [`${c.done} done`, `${c.toGo} to go`];
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  parts.push(formatDuration(now - p.startedAt));
  return `[${p.stack}] ${p.operation}${state ? ` ${state}` : ""}: ${parts.join(", ")}`;
}

export interface ReporterOptions {
  readonly writer: LineWriter;
  readonly clock: Clock;
  /** Least time between two lines for the same stack while it runs (default 5000 ms). */
  readonly minIntervalMs?: number;
}

/**
 * Prints progress lines: one when a stack starts, then at most one per interval while events arrive
 * (plus whenever tick() is called, for the quiet minutes while Azure creates a compute instance), and
 * a final line when it ends. Plain lines rather than a redrawn screen, so logs and CI read well.
 */
export class ProgressReporter {
  private readonly running = new Map<string, { progress: StackProgress; lastPrinted: number }>();
  private readonly minIntervalMs: number;

  constructor(private readonly opts: ReporterOptions) {
    this.minIntervalMs = opts.minIntervalMs ?? 5000;
  }

  start(progress: StackProgress): void {
    const now = this.opts.clock();
    this.running.set(progress.stack, { progress, lastPrinted: now });
    this.opts.writer(`[${progress.stack}] ${progress.operation} started`);
  }

  /** Call after each event that changed the counts. */
  update(progress: StackProgress): void {
    const entry = this.running.get(progress.stack);
    if (!entry) return;
    const now = this.opts.clock();
    if (now - entry.lastPrinted >= this.minIntervalMs) {
      entry.lastPrinted = now;
      this.opts.writer(progressLine(progress, now));
    }
  }

  /** A free-form line for a running stack (e.g. "purging key vault kv-x"). */
  note(progress: StackProgress, message: string): void {
    this.opts.writer(`[${progress.stack}] ${message}`);
  }

  /** Prints the current line of every running stack. */
  tick(): void {
    const now = this.opts.clock();
    for (const entry of this.running.values()) {
      entry.lastPrinted = now;
      this.opts.writer(progressLine(entry.progress, now));
    }
  }

  finish(progress: StackProgress, state: "succeeded" | "failed"): void {
    this.running.delete(progress.stack);
    this.opts.writer(progressLine(progress, this.opts.clock(), state));
  }

  get runningCount(): number {
    return this.running.size;
  }
}
