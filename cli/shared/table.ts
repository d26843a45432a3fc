/**
 * The one plain-text table printer of the commands: a header, a rule of dashes, then the rows;
 * columns two spaces apart, each as wide as its widest line, trailing spaces trimmed. A cell may
 * hold several lines (an array); `rowGap` puts a blank line between such rows.
 */

export type Cell = string | readonly string[];

export interface TableOptions {
  /** A blank line between rows (for rows of several lines). Default false. */
  readonly rowGap?: boolean;
}

/** One line of cells padded to `widths`: left-aligned, or right-aligned where `right[i]`. */
export function formatRow(
  cells: readonly string[],
  widths: readonly number[],
  right: readonly boolean[] = [],
): string {
  return cells
    .map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
    .join("  ")
    .trimEnd();
}

const linesOf = (c: Cell | undefined): readonly string[] =>
  c === undefined ? [""] : typeof c === "string" ? [c] : c;

/** The table as lines (no line breaks inside). */
export function renderTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly Cell[]>,
  opts: TableOptions = {},
): string[] {
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.flatMap((r) => linesOf(r[i]).map((l) => l.length))),
  );
  const out = [
    formatRow(headers, widths),
    formatRow(
      widths.map((w) => "-".repeat(w)),
      widths,
    ),
  ];
  rows.forEach((row, n) => {
    if (opts.rowGap && n > 0) out.push("");
    const cells = headers.map((_, i) => linesOf(row[i]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let l = 0; l < height; l++)
      out.push(
        formatRow(
          cells.map((c) => c[l] ?? ""),
          widths,
        ),
      );
  });
  return out;
}
