/**
 * Minimal CSV writing for the generated lab data: comma-separated, `\n` line ends, a final
 * newline, ASCII only. Cells are strings the generators have already formatted (so number
 * formatting is decided once, in the generator); a cell that would need quoting is a bug.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((cells, i) => {
    if (cells.length !== header.length) {
      throw new Error(`CSV row ${i} has ${cells.length} cells, the header has ${header.length}`);
    }
    for (const c of cells) {
      if (!/^[\x20-\x7e]*$/.test(c) || /[",]/.test(c)) {
        throw new Error(`CSV cell ${JSON.stringify(c)} needs quoting or is not printable ASCII`);
      }
    }
    return cells.join(",");
  });
  return lines.join("\n") + "\n";
}

/** An integer amount of hundredths as a decimal string with two places, e.g. 1259 -> "12.59". */
export function formatHundredths(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a non-negative integer: ${n}`);
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;
}
