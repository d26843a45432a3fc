import type { Range } from "../../azure/limits";
import { Reader } from "./reader";

/**
 * The kinds of value a configuration key can hold. Each builder returns the part of a schema row
 * that says how the key is read (its `read` function, whose return type becomes the key's type in
 * the validated configuration) and what the docs show (type, default, accepted values).
 */

/** Which part of a cohort a stack holds (see types.ts StackPart). */
export const STACK_PARTS = ["whole", "foundation", "lab"] as const;
export type StackPart = (typeof STACK_PARTS)[number];

/** Where the validated configuration keeps a key's value (types.ts). */
export type Group = "stack" | "compute" | "workspace" | "identity";

/** The value's shape as `Pulumi.yaml` types it (scalars) or as the README describes it. */
export type ValueType = "string" | "integer" | "boolean" | "list" | "map";

/** A row of the schema: one configuration key. */
export interface KeyRow {
  readonly type: ValueType;
  /** What the key means (Markdown: the README shows it as is, Pulumi.yaml without backticks). */
  readonly description: string;
  /** The stack parts that accept the key; on other parts a set key is refused. */
  readonly parts: readonly StackPart[];
  /** The namespace when it is not `dp100-labs` (the region is the provider's). */
  readonly namespace?: string;
  /** The default value; absent: unset ("" or 0 in Pulumi.yaml, which needs a default). */
  readonly default?: string | number | boolean;
  /** The README's Default column when it is not the default value as written. */
  readonly defaultDoc?: string;
  /** The accepted values, when they are a closed list. */
  readonly values?: readonly string[];
  /** Where the value goes in the validated configuration; absent: read by a rule (validate.ts). */
  readonly group?: Group;
  /** Reads and checks the value (ConfigError on a bad one). */
  readonly read?: (r: Reader, key: string) => unknown;
}

export const ALL_PARTS: readonly StackPart[] = STACK_PARTS;

/** One of a closed list of strings. */
export function oneOf<const V extends readonly string[]>(values: V, dflt: V[number]) {
  return {
    type: "string",
    values,
    default: dflt,
    read: (r: Reader, k: string): V[number] => r.oneOf(k, values, dflt),
  } as const;
}

/** A string matching a pattern; `accepted` says it in words. */
export function pattern(dflt: string, re: RegExp, accepted: string) {
  return {
    type: "string",
    default: dflt,
    read: (r: Reader, k: string): string => r.matching(k, dflt, re, accepted),
  } as const;
}

/** Free text, with a default or unset. */
export function text<D extends string | undefined = undefined>(dflt?: D) {
  return {
    type: "string",
    ...(dflt !== undefined ? { default: dflt } : {}),
    read: (r: Reader, k: string) =>
      (r.string(k) ?? dflt) as D extends string ? string : string | undefined,
  } as const;
}

export function flag(dflt: boolean) {
  return {
    type: "boolean",
    default: dflt,
    read: (r: Reader, k: string): boolean => r.boolean(k, dflt),
  } as const;
}

/** A whole number in a range (Azure's, azure/limits.ts, or the course's own). */
export function whole(dflt: number, range: Pick<Range, "min" | "max">) {
  return {
    type: "integer",
    default: dflt,
    read: (r: Reader, k: string): number => r.integer(k, dflt, range.min, range.max),
  } as const;
}

/** A whole number from min to max, or unset (0). */
export function optionalWhole(min: number, max: number) {
  return {
    type: "integer",
    read: (r: Reader, k: string): number | undefined => r.optionalInteger(k, min, max),
  } as const;
}

/** A GUID (read lower-cased), or unset. */
export function guid() {
  return { type: "string", read: (r: Reader, k: string) => r.guid(k) } as const;
}

/** A calendar date YYYY-MM-DD, or unset. */
export function date() {
  return { type: "string", read: (r: Reader, k: string) => r.date(k) } as const;
}

/** A non-empty list of names (a YAML list or one comma-separated string), or the default list. */
export function names(dflt: readonly string[]) {
  return {
    type: "list",
    read: (r: Reader, k: string): readonly string[] => r.stringList(k) ?? dflt,
  } as const;
}

/** A list of e-mail addresses; unset: none. */
export function emails() {
  return {
    type: "list",
    defaultDoc: "`[]`",
    read: (r: Reader, k: string): readonly string[] => r.emails(k),
  } as const;
}
