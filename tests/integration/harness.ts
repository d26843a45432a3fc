import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { test } from "node:test";
import { DIRECTORY_ENV } from "../providers/azure/authorization";
import { sdkVersion } from "../providers/standins";

/**
 * The integration tests' sandbox: a temporary copy of the project, a local file backend, a
 * temporary PULUMI_HOME whose plugin folder holds the stand-in providers (tests/providers), and the
 * pinned Pulumi CLI (scripts/pulumi-cli.sh) first on PATH. Nothing is downloaded and nothing
 * outside the temporary folder is written.
 */

/** The repository: the folder holding package.json, above bin/tests/integration. */
export const REPO_ROOT = ((): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
})();

/** Folders never copied into a sandbox (node_modules folders are linked instead). */
const SKIP = new Set([".git", "node_modules", "out", "coverage", ".pulumi"]);

const KEEP = process.env.DP100_IT_KEEP === "1";

/** Elapsed seconds since `start`, for the timing lines. */
export const secondsSince = (start: number): string =>
  `${((Date.now() - start) / 1000).toFixed(1)} s`;

/** A timing or progress line in the test output. */
export function log(line: string): void {
  process.stdout.write(`    ${line}\n`);
}

let cliBin: string | undefined;

/**
 * The folder of the pinned `pulumi`: DP100_PULUMI_BIN (set by scripts/integration.sh), else the
 * result of scripts/pulumi-cli.sh. A failed build throws with the script's reason: the tests never
 * fall back to another CLI.
 */
export function pulumiBinDir(): string {
  if (cliBin) return cliBin;
  const fromEnv = process.env.DP100_PULUMI_BIN;
  if (fromEnv) {
    if (!fs.existsSync(path.join(fromEnv, "pulumi"))) {
      throw new Error(`DP100_PULUMI_BIN='${fromEnv}' has no pulumi executable`);
    }
    return (cliBin = fromEnv);
  }
  try {
    const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "pulumi-cli.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    return (cliBin = out.trim().split("\n").pop()!);
  } catch (e) {
    throw new Error(
      `scripts/pulumi-cli.sh could not build or find the pinned Pulumi CLI (see its message above): ${(e as Error).message}`,
    );
  }
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: string;
}

export interface RunOptions {
  /** Exit codes that count as success; default [0]. */
  readonly expect?: readonly number[];
  readonly cwd?: string;
  /** Extra environment variables for this command only. */
  readonly env?: Record<string, string>;
}

/** A sandboxed copy of the project with its own backend and plugin folder. */
export class Sandbox {
  readonly root: string;
  readonly project: string;
  readonly home: string;
  readonly state: string;
  readonly env: Record<string, string>;

  constructor(label: string) {
    const start = Date.now();
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `dp100-it-${label}-`));
    this.project = path.join(this.root, "project");
    this.home = path.join(this.root, "pulumi-home");
    this.state = path.join(this.root, "state");
    copyProject(REPO_ROOT, this.project);
    fs.mkdirSync(this.state);
    // The stand-ins go into the plugin cache of a temporary PULUMI_HOME, under the version the SDKs
    // ask for: the engine then takes them without the warning a provider on PATH gets, and they are
    // never on a user's PATH.
    for (const pkg of ["azure-native", "random"] as const) {
      const dir = path.join(this.home, "plugins", `resource-${pkg}-v${sdkVersion(pkg)}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.symlinkSync(
        path.join(REPO_ROOT, "tests", "providers", `pulumi-resource-${pkg}`),
        path.join(dir, `pulumi-resource-${pkg}`),
      );
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      // Nothing of the caller's Pulumi setup leaks in (tokens, backends, ignore-ambient flags),
      // nor npm's INIT_CWD (the cohort command line resolves relative paths against it).
      if (v !== undefined && !k.startsWith("PULUMI_") && k !== "INIT_CWD") env[k] = v;
    }
    fs.mkdirSync(path.join(this.root, "home"));
    Object.assign(env, {
      // A private home: nothing a command writes under ~ lands in the user's.
      HOME: path.join(this.root, "home"),
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: this.home,
      PULUMI_BACKEND_URL: `file://${this.state}`,
      PULUMI_CONFIG_PASSPHRASE: "dp100-integration-tests",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // The program runs compiled (Pulumi.yaml main: bin/index.js); the policy pack is TypeScript,
      // type-checked by its own tests, and ts-node only transpiles it here. Tests that need the
      // default (type-checking) path unset it.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      // The stand-in's directory FIXTURE (made-up object ids known to be groups or service
      // principals), for its UnmatchedPrincipalType check (tests/providers/azure/authorization.ts).
      [DIRECTORY_ENV]: path.join(REPO_ROOT, "tests", "fixtures", "standin-directory.json"),
    });
    this.env = env;
    log(`sandbox ${this.root} ready in ${secondsSince(start)}`);
  }

  /** Runs a command in the project copy; throws (with its output) on an unexpected exit code. */
  run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const start = Date.now();
    const expect = opts.expect ?? [0];
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: opts.cwd ?? this.project,
        env: { ...this.env, ...opts.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (d: Buffer) => out.push(d));
      child.stderr.on("data", (d: Buffer) => err.push(d));
      child.on("error", reject);
      child.on("close", (code) => {
        const result = {
          code: code ?? -1,
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
          seconds: secondsSince(start),
        };
        const shown = [path.basename(command), ...args].join(" ");
        log(`${shown} -> exit ${result.code} in ${result.seconds}`);
        if (expect.includes(result.code)) resolve(result);
        else {
          reject(
            new Error(
              `'${shown}' exited ${result.code} (expected ${expect.join(" or ")})\n` +
                `--- stderr ---\n${tail(result.stderr)}\n--- stdout ---\n${tail(result.stdout)}`,
            ),
          );
        }
      });
    });
  }

  /** `pulumi <args> --non-interactive` in the project copy. */
  pulumi(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    return this.run("pulumi", [...args, "--non-interactive"], opts);
  }

  /** `pulumi preview --json` of a stack, parsed. */
  async preview(stack: string, extra: readonly string[] = [], opts: RunOptions = {}) {
    const r = await this.pulumi(["preview", "--json", "--stack", stack, ...extra], opts);
    return { ...r, doc: parsePreview(r.stdout) };
  }

  /** The resources of a stack's state (`pulumi stack export`). */
  async exportedResources(stack: string, opts: RunOptions = {}): Promise<StateResource[]> {
    const r = await this.pulumi(["stack", "export", "--stack", stack], opts);
    const doc = JSON.parse(r.stdout) as { deployment?: { resources?: StateResource[] } };
    return doc.deployment?.resources ?? [];
  }

  /** Removes the sandbox (kept when DP100_IT_KEEP=1, for debugging). */
  dispose(): void {
    if (KEEP) log(`kept ${this.root} (DP100_IT_KEEP=1)`);
    else fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function tail(text: string, lines = 60): string {
  return text.split("\n").slice(-lines).join("\n");
}

/** Copies the project without .git and node_modules; links the installed node_modules instead. */
export function copyProject(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    // The compiled program checks that no source is newer than bin/ (stacks/compiled.ts).
    preserveTimestamps: true,
    filter: (src) => !SKIP.has(path.basename(src)),
  });
  fs.symlinkSync(path.join(from, "node_modules"), path.join(to, "node_modules"), "dir");
  const policyModules = path.join(from, "policy", "node_modules");
  if (!fs.existsSync(policyModules)) {
    throw new Error(`${policyModules} is missing: run 'npm ci' (its postinstall installs policy/)`);
  }
  fs.symlinkSync(policyModules, path.join(to, "policy", "node_modules"), "dir");
}

export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly custom?: boolean;
  readonly parent?: string;
  /** When the engine created it (a replacement gets a new time). */
  readonly created?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
  readonly oldState?: StateResource;
  readonly newState?: StateResource;
  readonly diffReasons?: string[];
  readonly replaceReasons?: string[];
}

export interface PreviewDoc {
  readonly steps: PreviewStep[];
  readonly changeSummary: Record<string, number>;
  readonly diagnostics?: Array<{ message?: string; severity?: string; urn?: string }>;
  readonly policies?: unknown;
}

/** The engine's JSON preview. `--json` lists every step that is not `same`. */
export function parsePreview(stdout: string): PreviewDoc {
  try {
    const doc = JSON.parse(stdout) as PreviewDoc;
    return { ...doc, steps: doc.steps ?? [], changeSummary: doc.changeSummary ?? {} };
  } catch (e) {
    throw new Error(
      `pulumi preview --json printed no JSON (${(e as Error).message}):\n${tail(stdout)}`,
    );
  }
}

/** The steps that change something (the engine's own step list, ops other than `same`). */
export function changingSteps(doc: PreviewDoc): PreviewStep[] {
  return doc.steps.filter((s) => s.op !== "same");
}

/** `name` of `urn:pulumi:<stack>::<project>::<types>::<name>`. */
export function urnName(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/** `type` (the last `$` segment) of a URN. */
export function urnType(urn: string): string {
  const types = urn.split("::")[2] ?? "";
  return types.split("$").pop() ?? "";
}

/**
 * The learner component (`dp100:cohort:Learner`) a URN belongs to, following parents through the
 * given states; undefined for shared resources.
 */
export function learnerComponentOf(
  urn: string,
  parents: ReadonlyMap<string, string | undefined>,
): string | undefined {
  for (let cur: string | undefined = urn; cur; cur = parents.get(cur)) {
    if (urnType(cur) === "dp100:cohort:Learner") return urnName(cur);
  }
  return undefined;
}

/**
 * Stack names with a Pulumi.<stack>.yaml in the repository: the examples (and a local dev copy).
 * Lab stacks (`example-lab-*`) need their foundation up: foundation.test.ts runs them with it.
 */
export function exampleStacks(): string[] {
  return fs
    .readdirSync(REPO_ROOT)
    .map((f) => /^Pulumi\.(dev|example-[A-Za-z0-9-]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined && !s.startsWith("example-lab-"))
    .sort();
}

/**
 * A `test` for steps that build on each other: once one fails, the later ones are skipped (with
 * the reason) instead of failing on its leftovers. Each step prints its own time.
 */
export function sequence(): (name: string, fn: () => Promise<void>) => void {
  let failed: string | undefined;
  return (name, fn) =>
    test(name, async (t) => {
      if (failed) {
        t.skip(`an earlier step failed: ${failed}`);
        return;
      }
      const start = Date.now();
      try {
        await fn();
      } catch (e) {
        failed = name;
        throw e;
      } finally {
        log(`[${name}] ${secondsSince(start)}`);
      }
    });
}
