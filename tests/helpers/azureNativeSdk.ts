import * as fs from "fs";
import * as path from "path";

/**
 * Reads the installed @pulumi/azure-native's type declarations, so tests can confirm the facts of
 * azure/ (type tokens, name inputs, tags) against the SDK generated from Azure's REST specs.
 */

/** The installed SDK's folder. */
export const SDK = path.dirname(require.resolve("@pulumi/azure-native/package.json"));

let cached: Map<string, string> | undefined;

/** type token -> .d.ts file, for every azure-native resource class. */
export function sdkResources(): Map<string, string> {
  if (cached) return cached;
  const out = new Map<string, string>();
  for (const mod of fs.readdirSync(SDK)) {
    const dir = path.join(SDK, mod);
    if (mod === "types" || mod === "node_modules" || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!file.endsWith(".js") || file === "index.js") continue;
      const m = /__pulumiType = '(azure-native:[^']+)'/.exec(
        fs.readFileSync(path.join(dir, file), "utf8"),
      );
      if (m) out.set(m[1], path.join(dir, file.replace(/\.js$/, ".d.ts")));
    }
  }
  cached = out;
  return out;
}

/** The text of an interface in .d.ts source, and the indentation of its own members. */
export function interfaceBody(source: string, name: string): { body: string; indent: string } {
  const m = new RegExp(`^( *)(?:export )?interface ${name} \\{$`, "m").exec(source);
  if (!m) throw new Error(`interface ${name} not found`);
  const end = source.indexOf(`\n${m[1]}}`, m.index);
  return { body: source.slice(m.index, end), indent: `${m[1]}    ` };
}

/** The property names an interface declares (its own members, not nested ones). */
export function interfaceProps(source: string, name: string): string[] {
  const { body, indent } = interfaceBody(source, name);
  return [...body.matchAll(new RegExp(`^${indent}(\\w+)\\??: `, "gm"))].map((x) => x[1]);
}

/** The source and the name of a resource's `XxxArgs` interface. */
function argsSource(file: string): { source: string; name: string } | undefined {
  const source = fs.readFileSync(file, "utf8");
  const m = /export interface (\w+Args) \{/.exec(source);
  return m ? { source, name: m[1] } : undefined;
}

/** The top-level input names of a resource type's Args. Throws for a type not in the SDK. */
export function argsProps(type: string): string[] {
  const file = sdkResources().get(type);
  if (!file) throw new Error(`${type} not in the SDK`);
  const args = argsSource(file);
  return args ? interfaceProps(args.source, args.name) : [];
}

/** Whether a resource's Args declare `tags?` as a map of strings (ARM tags, not e.g. a list). */
export function declaresTags(file: string): boolean {
  const args = argsSource(file);
  if (!args) return false;
  const { body, indent } = interfaceBody(args.source, args.name);
  return new RegExp(
    `\\n${indent}tags\\?: pulumi\\.Input<\\{\\n\\s+\\[key: string\\]: pulumi\\.Input<string>;`,
  ).test(body);
}
