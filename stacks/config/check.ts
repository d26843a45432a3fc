import { ConfigError, NAMESPACE } from "./errors";
import { KeyRow } from "./kinds";
import { Reader } from "./reader";
import { CONFIG_SCHEMA, ReadKey } from "./schema";

/**
 * One value checked by its key's schema row, outside a stack: the command line (cli/cohort) judges
 * `--location`, `--expires-on`, `--topology` and the like with the program's own rules.
 */

/** What is accepted for `key`, when `text` is not; undefined when it is. */
export function valueProblem(key: ReadKey, text: string): string | undefined {
  const row = CONFIG_SCHEMA[key] as KeyRow;
  if (text === "" && row.namespace === undefined) return "a value (it is empty)";
  const ns = row.namespace ?? NAMESPACE;
  const r = new Reader((n, k) => (n === ns && k === key ? text : undefined));
  try {
    row.read!(r, key);
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e.accepted;
    throw e;
  }
}
