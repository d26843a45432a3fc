import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import type { PlanOptions } from "../../plan/runUnderMocks";
import { PlanDocument, PlannedResource } from "../../plan/types";

/** The project folder. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/**
 * Plans the real program under the mock runtime with the given stack configuration (keys as in a
 * stack file, e.g. `dp100-labs:mode`), exactly as `npm run plan` does.
 */
export async function planWith(
  config: Record<string, unknown>,
  stack = "test",
): Promise<PlanDocument> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dp100-plan-"));
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(file, YAML.stringify({ config }));
  return planIsolated({ configFile: file, projectDir: PROJECT_DIR });
}

/**
 * Runs one plan in a fresh module registry (its own Pulumi runtime and program), so several plans
 * in one test file never share state.
 */
export async function planIsolated(opts: PlanOptions): Promise<PlanDocument> {
  let doc: PlanDocument | undefined;
  await jest.isolateModulesAsync(async () => {
    const offline = await import("../../plan/runUnderMocks");
    doc = await offline.runPlan(opts);
  });
  return doc!;
}

/** Writes a file into a fresh temporary folder and returns its path. */
export function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dp100-file-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export function ofType(doc: PlanDocument, type: string): PlannedResource[] {
  return doc.resources.filter((r) => r.type === type);
}

export function byName(doc: PlanDocument, type: string, name: string): PlannedResource {
  const found = doc.resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1)
    throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** A nested input value by path, e.g. get(r.inputs, "properties", "properties", "vmSize"). */
export function get(o: unknown, ...keys: string[]): unknown {
  let v = o;
  for (const k of keys)
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

export const COMPUTE = "azure-native:machinelearningservices:Compute";
export const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";

export function computeOfType(doc: PlanDocument, computeType: string): PlannedResource[] {
  return ofType(doc, COMPUTE).filter(
    (r) => get(r.inputs, "properties", "computeType") === computeType,
  );
}

/** A GUID for test learners, distinct per number. */
export function guid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** Runs the built plan command as a user would (npm run plan builds first; the test command too). */
/** The Pulumi home planCli runs with (a fresh folder: the CLI's stack selection lives there). */
export const PLAN_CLI_PULUMI_HOME = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-"));

export function planCli(...args: string[]): {
  code: number | null;
  stdout: string;
  stderr: string;
} {
  const script = path.join(PROJECT_DIR, "bin", "scripts", "plan.js");
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    // A Pulumi home of its own: no stack is selected unless a test selects one.
    env: { ...process.env, PULUMI_HOME: PLAN_CLI_PULUMI_HOME },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
