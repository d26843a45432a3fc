export { isGuid, parseIsoDuration } from "../azure/formats";
export { unversionedType as baseType } from "../azure/resourceTypes";

/**
 * Small, total helpers the rules use to read a resource's inputs as registered. Inputs come from the
 * offline plan (secret values replaced by "[secret]", unknown ones by "[unknown]") or from the
 * policy pack (unknowns turned into "[unknown]" as well): a value that is not known is never judged.
 */

/** What a lookup returns for a value that is secret or not known yet. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Looked = unknown | typeof UNKNOWN;

/** The placeholders the plan (and the pack) put in place of values they cannot show. */
export const PLACEHOLDERS: readonly string[] = ["[unknown]", "[secret]"];

export function isPlaceholder(value: unknown): boolean {
  return typeof value === "string" && PLACEHOLDERS.includes(value);
}

/**
 * The value at `path` under `root`: UNKNOWN when the value or one of its parents is a placeholder,
 * undefined when a parent is missing or not an object.
 */
export function lookup(root: unknown, path: readonly (string | number)[]): Looked {
  let current: unknown = root;
  for (const key of path) {
    if (isPlaceholder(current)) return UNKNOWN;
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return isPlaceholder(current) ? UNKNOWN : current;
}

/** A lookup of a key in an object whose key casing Azure ignores (tags, add-on profiles). */
export function lookupCaseInsensitive(root: Looked, key: string): Looked {
  if (root === UNKNOWN || isPlaceholder(root)) return UNKNOWN;
  if (root === null || typeof root !== "object" || Array.isArray(root)) return undefined;
  const found = Object.keys(root).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : lookup(root, [found]);
}

/** Renders a value for a message: strings quoted, undefined as "not set". */
export function show(value: unknown): string {
  if (value === undefined) return "not set";
  if (typeof value === "string") return `'${value}'`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Case-insensitive membership of a string in a list. */
export function includesIgnoreCase(list: readonly string[], value: string): boolean {
  const v = value.toLowerCase();
  return list.some((item) => item.toLowerCase() === v);
}

/** Seconds in words: `1800` -> `30 minutes`, `259200` -> `3 days`. */
export function describeSeconds(seconds: number): string {
  const units: [number, string][] = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  return `${seconds} seconds`;
}
