/**
 * Handouts: a stack's outputs (from `pulumi stack output --json` or the offline plan) turned into a
 * Markdown table and a CSV a trainer can mail out. Pure: no Pulumi, no files.
 */
import { describeStop, StopSchedule } from "../../azure/regions";

export interface HandoutRow {
  readonly learner: string;
  readonly displayName: string;
  readonly email: string;
  readonly workspace: string;
  readonly computeInstance: string;
  readonly studioUrl: string;
  readonly expiresOn: string;
}

export class HandoutError extends Error {}

/** Extracts one row per learner from stack outputs; throws if the outputs have no `learners`. */
export function handoutRows(outputs: Record<string, unknown>): HandoutRow[] {
  const learners = outputs.learners;
  if (!learners || typeof learners !== "object" || Array.isArray(learners)) {
    throw new HandoutError(
      "the stack outputs have no 'learners' map: is this a dp100-labs stack, deployed (or planned) with this version?",
    );
  }
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return Object.entries(learners as Record<string, Record<string, unknown>>)
    .map(([id, l]) => ({
      learner: id,
      displayName: text(l.displayName),
      email: text(l.email),
      workspace: text(l.workspace),
      computeInstance: text(l.computeInstance),
      studioUrl: text(l.studioUrl),
      expiresOn: text(l.expiresOn ?? outputs.expiresOn),
    }))
    .sort((a, b) => a.learner.localeCompare(b.learner));
}

const COLUMNS: [keyof HandoutRow, string][] = [
  ["learner", "Learner"],
  ["displayName", "Name"],
  ["email", "E-mail"],
  ["workspace", "Workspace"],
  ["computeInstance", "Compute instance"],
  ["studioUrl", "Studio"],
  ["expiresOn", "Available until"],
];

function mdCell(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function csvCell(v: string): string {
  // Quote when needed (RFC 4180) and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Starts every handout CSV: a UTF-8 byte-order mark, without which Excel opens a CSV in the
 * system's ANSI code page and garbles names such as "Zoë" (Microsoft Support, "Opening CSV
 * UTF-8 files correctly in Excel"). Readers of this project's CSVs skip it.
 */
export const UTF8_BOM = "\uFEFF";

/** The note an offline plan's handout carries on its face (Markdown line, CSV column). */
export const PLACEHOLDER_NOTE =
  "PLACEHOLDER (offline plan): not deployed; names, ids and links are not real";

export interface HandoutOptions {
  /** From the offline plan, not a deployed stack: say so at the top and on every CSV row. */
  readonly placeholder?: boolean;
}

/** ` at 18:00 Eastern Standard Time (America/New_York, ...)` from the `computeStop` output, or "". */
function stopText(outputs: Record<string, unknown>): string {
  const s = outputs.computeStop as StopSchedule | null | undefined;
  return s && typeof s === "object" && s.time ? ` at ${describeStop(s)}` : "";
}

/**
 * The handout as Markdown (a heading and a table; studio links clickable) and CSV (RFC 4180,
 * CRLF, UTF-8 with a byte-order mark so that spreadsheets read it as UTF-8).
 */
export function formatHandout(
  outputs: Record<string, unknown>,
  title = "DP-100 lab environment",
  opts: HandoutOptions = {},
): { markdown: string; csv: string } {
  const rows = handoutRows(outputs);
  const md = [
    `# ${title}`,
    "",
    ...(opts.placeholder
      ? [`> **${PLACEHOLDER_NOTE}.** Send the handout of the deployed stack.`, ""]
      : []),
    `Cohort: ${String(outputs.cohort ?? "-")} · labs: ${Array.isArray(outputs.labs) ? outputs.labs.join(", ") : String(outputs.labs ?? "-")} · region: ${String(outputs.location ?? "-")}`,
    "",
    `Sign in to the studio link with your own account. Your compute instance stops by itself when idle and every evening${stopText(outputs)}; start it again from the studio's Compute page.`,
    "",
    `| ${COLUMNS.map(([, h]) => h).join(" | ")} |`,
    `| ${COLUMNS.map(() => "---").join(" | ")} |`,
    ...rows.map(
      (r) =>
        `| ${COLUMNS.map(([k]) => (k === "studioUrl" && r[k] ? `[open](${r[k]})` : mdCell(r[k]))).join(" | ")} |`,
    ),
    "",
  ].join("\n");
  const note = opts.placeholder ? `,${csvCell(PLACEHOLDER_NOTE)}` : "";
  const csv =
    UTF8_BOM +
    [
      COLUMNS.map(([k]) => k).join(",") + (opts.placeholder ? ",note" : ""),
      ...rows.map((r) => COLUMNS.map(([k]) => csvCell(r[k])).join(",") + note),
    ].join("\r\n") +
    "\r\n";
  return { markdown: md, csv };
}
