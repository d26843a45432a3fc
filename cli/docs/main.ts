/**
 * `npm run docs`: rewrites the generated parts of the README (the Configuration and Labs tables)
 * and `Pulumi.yaml`'s config block from the configuration schema and the lab catalog, and
 * labs/catalog/index.ts from the lab modules (cli/docs/catalogIndex.ts).
 * `--check` writes nothing and exits 1 when a file differs (tests/stacks/config/docs.test.ts
 * checks the same).
 */
import * as fs from "fs";
import * as path from "path";
import { CatalogLab, LABS } from "../../labs";
import { findProjectDir } from "../../plan/stackSelection";
import {
  CONFIG_TABLE,
  configTableMarkdown,
  LABS_TABLE,
  withBlock,
  withProjectConfig,
} from "../../stacks/config/docs";
import { renderMarkdown } from "../labs/render";
import { parseCommandLine } from "../shared/args";
import { CATALOG_INDEX, catalogIndexFor, catalogLabs } from "./catalogIndex";

/** The README with both generated tables rendered (the Labs table from `labs`, default LABS). */
export function renderReadme(readme: string, labs: readonly CatalogLab[] = LABS): string {
  return withBlock(
    withBlock(readme, CONFIG_TABLE, configTableMarkdown()),
    LABS_TABLE,
    renderMarkdown(labs),
  );
}

const USAGE = "usage: npm run docs [-- --check]";

/** Runs the command; returns the exit code (2 for an unknown argument, nothing written). */
export function docsMain(argv: readonly string[]): number {
  const refused = (what: string) => new Error(`${what}\n${USAGE}`);
  let check: boolean;
  try {
    check = !!parseCommandLine<{ check: boolean }>(
      argv.filter((a) => a !== ""),
      { check: { type: "boolean" } },
      {
        unknown: (a) => refused(`unknown argument: ${a}`),
        missing: (a) => refused(`missing value: ${a}`),
      },
    ).values.check;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const root = findProjectDir();
  const files: Array<[string, (text: string) => string]> = [
    ["README.md", (text) => renderReadme(text, catalogLabs(root))],
    ["Pulumi.yaml", withProjectConfig],
    [CATALOG_INDEX, () => catalogIndexFor(root)],
  ];
  let stale = 0;
  for (const [name, render] of files) {
    const file = path.join(root, name);
    const text = fs.readFileSync(file, "utf8");
    const next = render(text);
    if (next === text) continue;
    stale++;
    if (check) console.error(`${name} is out of date: run npm run docs`);
    else fs.writeFileSync(file, next);
  }
  return check && stale > 0 ? 1 : 0;
}
