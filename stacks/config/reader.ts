import { EMAIL, GUID } from "../../azure/formats";
import { regionProblem } from "../../azure/regions";
import { ConfigError, ConfigSource, NAMESPACE } from "./errors";

/**
 * Reads one raw value at a time and checks its shape, throwing a ConfigError that names the key,
 * the value and what is accepted. The schema (schema.ts) says which reader each key uses.
 */

/** `a, b,c` -> ["a", "b", "c"]: a list given as one comma-separated string. */
export function splitList(v: string): string[] {
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A text field of a structured entry: trimmed, or undefined when absent or empty. */
export function optionalString(v: unknown, key: string): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw new ConfigError(key, JSON.stringify(v), "a text value");
  return v.trim();
}

export class Reader {
  constructor(private readonly source: ConfigSource) {}

  full(key: string): string {
    return `${NAMESPACE}:${key}`;
  }

  string(key: string): string | undefined {
    const v = this.source(NAMESPACE, key);
    return v === undefined || v === "" ? undefined : v;
  }

  json(key: string): unknown {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }

  oneOf<T extends string>(key: string, values: readonly T[], dflt: T): T {
    const v = this.string(key) ?? dflt;
    if (!(values as readonly string[]).includes(v)) {
      throw new ConfigError(this.full(key), `'${v}'`, `accepted values are ${values.join(", ")}`);
    }
    return v as T;
  }

  matching(key: string, dflt: string, re: RegExp, accepted: string): string {
    const v = this.string(key) ?? dflt;
    if (!re.test(v)) throw new ConfigError(this.full(key), `'${v}'`, `use ${accepted}`);
    return v;
  }

  boolean(key: string, dflt: boolean): boolean {
    const v = this.string(key);
    if (v === undefined) return dflt;
    if (v === "true" || v === "false") return v === "true";
    throw new ConfigError(this.full(key), `'${v}'`, "use true or false");
  }

  /** An integer, or undefined when unset or 0 (the "unset" default Pulumi.yaml declares). */
  optionalInteger(key: string, min: number, max: number): number | undefined {
    const v = this.string(key);
    return v === undefined || v === "0" ? undefined : this.integer(key, min, min, max);
  }

  integer(key: string, dflt: number, min: number, max: number): number {
    const v = this.string(key);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(this.full(key), `'${v}'`, `use a whole number from ${min} to ${max}`);
    }
    return n;
  }

  guid(key: string): string | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!GUID.test(v)) {
      throw new ConfigError(
        this.full(key),
        `'${v}'`,
        "use a GUID like 00000000-0000-0000-0000-000000000000",
      );
    }
    return v.toLowerCase();
  }

  date(key: string): string | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
    if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
      throw new ConfigError(
        this.full(key),
        `'${v}'`,
        "use a calendar date YYYY-MM-DD such as 2026-12-18",
      );
    }
    return v;
  }

  /**
   * Refuses a list with empty (null) entries, which `pulumi config set --path 'KEY[1]' ...` writes
   * on a stack without KEY[0], and gives the command that sets the list as meant.
   */
  noHoles(key: string, list: unknown): void {
    if (!Array.isArray(list) || !list.some((x) => x === null)) return;
    const given = list.filter((x) => x !== null);
    const holes = list.flatMap((x, i) => (x === null ? [`[${i}]`] : []));
    throw new ConfigError(
      this.full(key),
      JSON.stringify(list),
      `the list has no entry at ${holes.join(", ")} (as 'pulumi config set --path' leaves when a list starts at an index past its end); set it in one go: pulumi config set ${key} '${given.join(",")}' (a comma-separated list), or start at index 0: pulumi config set --path '${key}[0]' ${String(given[0] ?? "...")}`,
    );
  }

  stringList(key: string): string[] | undefined {
    const v = this.json(key);
    if (v === undefined) return undefined;
    this.noHoles(key, v);
    const list = typeof v === "string" ? splitList(v) : v;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((s) => typeof s !== "string" || s === "")
    ) {
      throw new ConfigError(this.full(key), JSON.stringify(v), "use a non-empty list of names");
    }
    return list as string[];
  }

  emails(key: string): string[] {
    const list = this.stringList(key) ?? [];
    for (const e of list) {
      if (!EMAIL.test(e))
        throw new ConfigError(
          this.full(key),
          `'${e}'`,
          "use e-mail addresses like trainer@example.com",
        );
    }
    return list;
  }

  /** `azure-native:location`, checked against Azure's regions (with a did-you-mean). */
  region(dflt: string): string {
    const v = this.source("azure-native", "location") ?? dflt;
    const problem = regionProblem(v);
    if (problem) throw new ConfigError("azure-native:location", `'${v}'`, problem);
    return v;
  }
}
