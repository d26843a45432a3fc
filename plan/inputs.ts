/** Small readers over registered resource inputs (plain JSON), shared by the plan's modules. */

/** A nested value by path, or undefined where the path leaves the object. */
export function get(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const k of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * The row of a per-type table (plan/cost/byType.ts, plan/quota/byType.ts, plan/describe.ts) for a
 * resource's type token exactly as registered, or undefined when the table has none.
 */
export function rowOf<R>(table: Readonly<Partial<Record<string, R>>>, type: string): R | undefined {
  return Object.prototype.hasOwnProperty.call(table, type) ? table[type] : undefined;
}
