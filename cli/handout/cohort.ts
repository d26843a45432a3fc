import { formatHandout, HandoutError, UTF8_BOM } from "./format";

/**
 * The cohort handout: format.ts's `formatHandout` for each lab stack's outputs, plus one
 * document and one CSV for the whole cohort (the CSV with a leading `lab` column; UTF-8 with a
 * byte-order mark, like every handout CSV).
 */

export interface StackHandoutInput {
  readonly stack: string;
  readonly lab: string;
  readonly outputs: Record<string, unknown>;
}

export interface CohortHandout {
  readonly markdown: string;
  readonly csv: string;
  /** Each deployed lab's own handout, as formatHandout gives it. */
  readonly perLab: ReadonlyArray<{
    readonly lab: string;
    readonly markdown: string;
    readonly csv: string;
  }>;
  /** Stacks without a `learners` output (not deployed yet). */
  readonly missing: readonly string[];
}

/** A handout CSV's lines, without its byte-order mark and final line break. */
const splitCsv = (csv: string) =>
  csv
    .replace(new RegExp(`^${UTF8_BOM}`), "")
    .replace(/\r\n$/, "")
    .split("\r\n");

export function combineHandouts(
  cohort: string,
  stacks: readonly StackHandoutInput[],
): CohortHandout {
  const md: string[] = [`# DP-100 lab environments: cohort ${cohort}`, ""];
  const [header] = splitCsv(formatHandout({ learners: {} }).csv);
  const csv: string[] = [`lab,${header}`];
  const perLab: Array<{ lab: string; markdown: string; csv: string }> = [];
  const missing: string[] = [];
  for (const s of stacks) {
    let one: { markdown: string; csv: string };
    try {
      one = formatHandout(s.outputs, `Lab ${s.lab}`);
    } catch (e) {
      if (!(e instanceof HandoutError)) throw e;
      missing.push(s.stack);
      md.push(
        `## Lab ${s.lab}`,
        "",
        `Not deployed yet: stack \`${s.stack}\` has no learners output.`,
        "",
      );
      continue;
    }
    perLab.push({ lab: s.lab, ...one });
    // One level down under the cohort's title. Lab ids are kebab-case: no CSV quoting needed.
    md.push(one.markdown.replace(/^# /, "## "));
    for (const row of splitCsv(one.csv).slice(1)) csv.push(`${s.lab},${row}`);
  }
  return {
    markdown: md.join("\n"),
    csv: UTF8_BOM + csv.join("\r\n") + "\r\n",
    perLab,
    missing,
  };
}
