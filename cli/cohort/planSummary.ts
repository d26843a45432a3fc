import * as fs from "fs";
import * as path from "path";

/**
 * The pull-request workflow's job summary: the offline plan of every example stack (cost figures
 * and guardrail results) as Markdown for $GITHUB_STEP_SUMMARY. The workflow writes, per stack,
 * `<dir>/<stack>.json` (stdout of `npm run plan -- --stack <stack> --json`), `<stack>.err` and
 * `<stack>.exit`, then runs:
 *   node -e 'require("./bin/cli/cohort/planSummary").printPlanSummary("plans")' >> "$GITHUB_STEP_SUMMARY"
 * If `npm run plan` gains a `--summary` flag, the workflow can use that instead.
 */

export interface PlanRun {
  readonly stack: string;
  /** Exit status of the plan: 0 clean, 1 mandatory violations, 2 configuration error, 3 crash. */
  readonly exitCode: number;
  /** The parsed plan document, when stdout held one. */
  readonly doc?: PlanDocLike;
  /** First lines of what the plan printed besides the document (configuration or build errors). */
  readonly stderr?: string;
}

/** The parts of plan/types.ts PlanDocument (and its `cost` extension) the summary reads. */
export interface PlanDocLike {
  readonly resources?: readonly unknown[];
  readonly violations?: ReadonlyArray<{
    readonly rule: string;
    readonly urn: string;
    readonly message: string;
    readonly level: string;
  }>;
  readonly cost?: {
    readonly currency?: string;
    readonly idlePerDay?: number;
    readonly perLabDay?: number;
    readonly perCourse?: number;
    readonly complete?: boolean;
  };
}

const RESULT: Record<number, string> = {
  0: "✅ clean",
  1: "❌ mandatory violations",
  2: "❌ configuration error",
};

const money = (n: number | undefined, currency = "USD", complete = true) =>
  typeof n === "number"
    ? `${currency === "USD" ? "$" : `${currency} `}${n.toFixed(2)}${complete ? "" : " (at least)"}`
    : "-";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

/** The shortest readable name of a resource: its logical name (the URN's last `::` part). */
const urnName = (urn: string) => urn.split("::").pop() ?? urn;

export function formatPlanSummary(runs: readonly PlanRun[], maxViolationsPerStack = 30): string {
  const lines = ["## Offline plan of the example stacks", ""];
  if (runs.length === 0) {
    lines.push("No example stacks (`Pulumi.<stack>.yaml`) found.", "");
    return lines.join("\n");
  }
  lines.push(
    "| Stack | Result | Resources | Idle per day | Lab day | Course | Mandatory | Advisory |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const r of runs) {
    const v = r.doc?.violations ?? [];
    const mandatory = v.filter((x) => x.level === "mandatory").length;
    const advisory = v.length - mandatory;
    const c = r.doc?.cost;
    const complete = c?.complete !== false;
    lines.push(
      `| ${cell(r.stack)} | ${RESULT[r.exitCode] ?? `❌ failed (exit ${r.exitCode})`} | ${r.doc?.resources?.length ?? "-"} | ${money(c?.idlePerDay, c?.currency, complete)} | ${money(c?.perLabDay, c?.currency, complete)} | ${money(c?.perCourse, c?.currency, complete)} | ${r.doc ? mandatory : "-"} | ${r.doc ? advisory : "-"} |`,
    );
  }
  lines.push("");
  for (const r of runs) {
    const v = r.doc?.violations ?? [];
    if (!r.doc && r.exitCode !== 0) {
      lines.push(
        `### ${r.stack}: no plan`,
        "",
        "```",
        (r.stderr ?? "").trim() || "(no output)",
        "```",
        "",
      );
      continue;
    }
    if (v.length === 0) continue;
    lines.push(
      `### ${r.stack}: guardrails`,
      "",
      "| Level | Rule | Resource | Message |",
      "|---|---|---|---|",
    );
    const sorted = [...v].sort((a, b) =>
      a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1,
    );
    for (const x of sorted.slice(0, maxViolationsPerStack)) {
      lines.push(`| ${x.level} | ${cell(x.rule)} | ${cell(urnName(x.urn))} | ${cell(x.message)} |`);
    }
    if (sorted.length > maxViolationsPerStack) {
      lines.push("", `... and ${sorted.length - maxViolationsPerStack} more (see the job log).`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** Reads `<dir>/<stack>.exit|.json|.err` as the workflow wrote them, sorted by stack name. */
export function loadPlanRuns(dir: string): PlanRun[] {
  const read = (f: string) => {
    try {
      return fs.readFileSync(path.join(dir, f), "utf8");
    } catch {
      return undefined;
    }
  };
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".exit"))
    .map((f) => f.slice(0, -".exit".length))
    .sort()
    .map((stack) => {
      const exitCode = Number((read(`${stack}.exit`) ?? "").trim() || "3");
      let doc: PlanDocLike | undefined;
      // stdout is the plan document, or (when the build before the plan failed) compiler errors.
      let stdoutLog = "";
      const json = read(`${stack}.json`) ?? "";
      if (json.trim()) {
        try {
          doc = JSON.parse(json) as PlanDocLike;
        } catch {
          stdoutLog = json;
        }
      }
      const stderr = [stdoutLog, read(`${stack}.err`) ?? ""]
        .join("\n")
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("npm warn"))
        .slice(0, 20)
        .join("\n");
      return { stack, exitCode: Number.isInteger(exitCode) ? exitCode : 3, doc, stderr };
    });
}

export function printPlanSummary(
  dir: string,
  write: (s: string) => void = (s) => process.stdout.write(s),
) {
  write(formatPlanSummary(loadPlanRuns(dir)) + "\n");
}

/** 0 when every stack planned cleanly, else 1: the workflow's last step exits with it. */
export function planExitCode(dir: string): number {
  return loadPlanRuns(dir).every((r) => r.exitCode === 0) ? 0 : 1;
}
