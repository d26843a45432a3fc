import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CONFIG_KEYS, CONFIG_SCHEMA, KeyRow, readConfig } from "../../../stacks/config";
import {
  blockOf,
  CONFIG_TABLE,
  configTableMarkdown,
  LABS_TABLE,
  projectConfig,
  withProjectConfig,
} from "../../../stacks/config/docs";
import { LABS } from "../../../labs";
import { renderMarkdown } from "../../../cli/labs/render";
import { renderReadme } from "../../../cli/docs/main";
import { source } from "./source";

/**
 * `Pulumi.yaml`'s config block and the README's Configuration and Labs tables are derived from the
 * schema and the lab catalog (`npm run docs`): every key, its default and its description in sync.
 */

const ROOT = path.join(__dirname, "..", "..", "..");
const read = (name: string) => fs.readFileSync(path.join(ROOT, name), "utf8");
const rows = CONFIG_SCHEMA as unknown as Record<string, KeyRow>;

describe("Pulumi.yaml", () => {
  const project = YAML.parse(read("Pulumi.yaml"));

  test("declares every scalar key the program reads, with a type and a description", () => {
    const structured = new Set(
      Object.keys(rows).filter((k) => !["string", "integer", "boolean"].includes(rows[k].type)),
    );
    expect([...structured].sort()).toEqual([
      "alertEmails",
      "budgetAlerts",
      "labs",
      "learnerObjectIds",
      "learners",
      "trainers",
      "vmSizeChoices",
    ]);
    for (const key of CONFIG_KEYS) {
      if (structured.has(key)) continue;
      expect(project.config[key]).toBeDefined();
      expect(["string", "integer", "boolean"]).toContain(project.config[key].type);
      expect(project.config[key].description.length).toBeGreaterThan(10);
    }
    for (const key of Object.keys(project.config)) expect(CONFIG_KEYS.has(key)).toBe(true);
  });

  test("every declared key has a default (the CLI treats one without as required), the program's own", () => {
    for (const [key, decl] of Object.entries(project.config) as [string, { default?: unknown }][]) {
      expect(decl.default).toBeDefined();
      const row = rows[key];
      const expected = row.default ?? (row.type === "integer" ? 0 : "");
      expect(String(decl.default)).toBe(String(expected));
    }
  });

  test("the unset defaults read as unset", () => {
    const values: Record<string, unknown> = {};
    for (const [key, decl] of Object.entries(project.config) as [string, { default: unknown }][]) {
      if (rows[key].default === undefined) values[`dp100-labs:${key}`] = String(decl.default);
    }
    expect(Object.keys(values).length).toBeGreaterThan(5);
    const cfg = readConfig(source(values));
    expect(cfg.budget).toBeUndefined();
    expect(cfg.expiresOn).toBeUndefined();
    expect(cfg.owner).toBeUndefined();
    expect(cfg.identity).toEqual({
      objectId: undefined,
      tenantId: undefined,
      principalType: "User",
    });
    expect(cfg.cohort).toBe("sandbox");
  });

  test("the config block is the schema's: every key, type, default and description", () => {
    expect(project.config).toEqual(projectConfig());
    expect(withProjectConfig(read("Pulumi.yaml"))).toBe(read("Pulumi.yaml"));
  });
});

describe("README", () => {
  const readme = read("README.md");

  test("the Configuration table is the schema's: every key, its meaning and default", () => {
    expect(blockOf(readme, CONFIG_TABLE)).toBe(configTableMarkdown());
    for (const [key, row] of Object.entries(rows)) {
      const name = row.namespace ? `${row.namespace}:${key}` : key;
      expect(blockOf(readme, CONFIG_TABLE)).toContain(`| \`${name}\` | ${row.description} |`);
    }
  });

  test("the Labs table is the catalog's: one row per lab", () => {
    const table = blockOf(readme, LABS_TABLE);
    expect(table).toBe(renderMarkdown(LABS));
    for (const lab of LABS) expect(table).toContain(`| \`${lab.id}\` | ${lab.labFile}`);
  });

  test("npm run docs leaves the committed README as it is", () => {
    expect(renderReadme(readme)).toBe(readme);
  });
});
