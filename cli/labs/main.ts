import { LABS } from "../../labs/index";
import { parseCommandLine } from "../shared/args";
import { renderJson, renderMarkdown, renderTable } from "./render";

/**
 * `npm run labs`: the lab catalog.
 *
 *   node bin/scripts/labs.js              table
 *   node bin/scripts/labs.js --json       the catalog and the datasets as JSON
 *   node bin/scripts/labs.js --markdown   the README "Labs" table
 */

const USAGE = "usage: node bin/scripts/labs.js [--json | --markdown]";

/** Runs the command; returns the exit code. */
export function main(argv: readonly string[], write: (s: string) => void): number {
  const args = argv.filter((a) => a !== "");
  const refused = new Error(`unknown arguments: ${args.join(" ")}\n${USAGE}\n`);
  let values: { json?: boolean; markdown?: boolean };
  try {
    ({ values } = parseCommandLine<{ json: boolean; markdown: boolean }>(
      args,
      { json: { type: "boolean" }, markdown: { type: "boolean" } },
      { unknown: () => refused, missing: () => refused },
    ));
    if (args.length > 1) throw refused;
  } catch (e) {
    if (e !== refused) throw e;
    write(refused.message);
    return 2;
  }
  if (values.json) write(renderJson(LABS));
  else if (values.markdown) write(renderMarkdown(LABS));
  else write(renderTable(LABS));
  return 0;
}
