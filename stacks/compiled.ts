import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * `pulumi preview` and `up` run the compiled program (Pulumi.yaml `main: bin/index.js`,
 * `typescript: false`), not the TypeScript through ts-node: ts-node loads the TypeScript compiler
 * and type-checks the whole program against azure-native's types on every run, which at 30
 * learners cost 6.8 s more CPU and 430 MB more memory than the compiled program
 * (`npm run bench`, README Performance). `npm ci` compiles it (package.json `postinstall`), and so
 * does every `npm run` command. What this module guards against is an edit without a build: the
 * compiled program refuses to run when a TypeScript source is newer than its compiled output.
 */

/** The folders whose TypeScript makes up the program (tsconfig.json compiles them into bin/). */
export const PROGRAM_SOURCES = ["index.ts", "components", "labs", "stacks", "guardrails"] as const;

const mtime = (file: string): number => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

function sources(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return entry.endsWith(".ts") && !entry.endsWith(".d.ts") ? [entry] : [];
  return fs.readdirSync(full).flatMap((name) => sources(root, path.join(entry, name)));
}

/**
 * The first program source under `root` that is newer than its compiled file in `root/bin` (and
 * than the build info: tsc leaves an output alone when its source only got a newer time), or
 * undefined when the build is current.
 */
export function staleSource(root: string): string | undefined {
  const built = mtime(path.join(root, "bin", ".tsbuildinfo"));
  return PROGRAM_SOURCES.flatMap((entry) => sources(root, entry)).find(
    (src) =>
      Math.max(built, mtime(path.join(root, "bin", src.replace(/\.ts$/, ".js")))) <
      mtime(path.join(root, src)),
  );
}

/**
 * Throws, before any resource is registered, when the program runs compiled (from `bin/`) and a
 * source is newer than the build: a `pulumi.RunError`, which the CLI prints as its message alone.
 * `dir` is the folder of the running index (index.js in bin/).
 */
export function assertBuildCurrent(dir: string): void {
  if (path.basename(dir) !== "bin") return;
  const root = path.dirname(dir);
  const stale = staleSource(root);
  if (stale) {
    throw new pulumi.RunError(
      `${stale} is newer than its compiled program in bin/: run 'npm run build' first (Pulumi runs the compiled program, Pulumi.yaml main: bin/index.js)`,
    );
  }
}
