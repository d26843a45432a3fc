import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { ConfigError, NAMESPACE, readConfig, ValidatedConfig } from "../stacks/config";
import { checkFoundation, FOUNDATION_OUTPUT } from "../stacks/foundation";
import { fakeCall, fakeResource, fakeStackReference } from "./mockRuntime";
import { PlanDocument, PlannedResource } from "./types";
import { checkPlan, expiryViolation, policySettings } from "./checks";
import { budgetViolation } from "../guardrails/wholePlan";
import { estimateCost } from "./cost";
import { computeQuota } from "./quota";
import { resourceProviders } from "./resourceProviders";
import { optimisationsOn } from "../stacks/aliases";
import { analyseGraph } from "./graph";
import { learnerOf } from "./render";
import { defaultStack, findProjectDir, NO_SELECTION } from "./stackSelection";

/**
 * The offline plan: runs the real program (index.ts) under Pulumi's mock runtime with a stack's
 * configuration and records every resource it registers, exactly as `pulumi preview` would send
 * them to the engine. Azure is never called; random values and the client configuration are
 * deterministic stand-ins of the right shape (plan/mockRuntime.ts).
 */

export interface PlanOptions {
  /**
   * Stack name; its configuration is read from Pulumi.<stack>.yaml. Default: `dev` when
   * Pulumi.dev.yaml exists, else `example-sandbox` (plan/stackSelection.ts defaultStack).
   */
  readonly stack?: string;
  /** Any stack file, instead of Pulumi.<stack>.yaml. */
  readonly configFile?: string;
  /** The project folder (holding Pulumi.yaml). Default: found from this file upwards. */
  readonly projectDir?: string;
  /**
   * Called before the program runs, with the validated configuration: a hook for instrumentation
   * (benchmarks) and for the memory optimisation switch.
   */
  readonly beforeProgram?: (cfg: ValidatedConfig) => void;
  /** The policy pack's configuration file (JSON), as for `pulumi preview --policy-pack-config`. */
  readonly policyConfigFile?: string;
  /** Milliseconds since the epoch the expiry is judged at. Default: Date.now(). */
  readonly nowMs?: number;
  /**
   * A lab stack's foundation plan, when the caller has it already (`cohort plan`); otherwise the
   * plan runs the foundation's own offline plan first.
   */
  readonly foundationPlan?: PlanDocument;
}

/**
 * The stack file of a lab stack's foundation: next to the lab stack's file, else in the project
 * folder. A qualified name (`org/project/stack`) is looked up by its stack part.
 */
export function foundationStackFile(
  foundation: string,
  labStackFile: string,
  projectDir: string,
): string {
  const stack = foundation.split("/").pop()!;
  const beside = path.join(path.dirname(labStackFile), `Pulumi.${stack}.yaml`);
  if (fs.existsSync(beside)) return beside;
  const inProject = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (fs.existsSync(inProject)) return inProject;
  throw new ConfigError(
    `${NAMESPACE}:foundation`,
    `'${foundation}'`,
    `no stack file Pulumi.${stack}.yaml beside ${labStackFile} or in ${projectDir}: a lab stack plans on its foundation's offline plan (create the foundation with npm run cohort -- init)`,
  );
}

export { findProjectDir };

export interface LoadedStackConfig {
  readonly project: string;
  readonly stack: string;
  readonly file: string;
  /** Flat `namespace:key` -> value, as the Pulumi CLI hands it to the program. */
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
  /** The keys the stack file sets (to catch typos). */
  readonly presentKeys: string[];
}

/**
 * Reads Pulumi.yaml's config defaults and a stack file the way the Pulumi CLI does: project-level
 * defaults first, stack values over them, structured values as JSON text, secure values opaque.
 */
export function loadStackConfig(opts: PlanOptions): LoadedStackConfig {
  const dir = opts.projectDir ?? findProjectDir();
  const projectDoc = YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as {
    name: string;
    config?: Record<string, { default?: unknown; value?: unknown } | unknown>;
  };
  const stack =
    opts.stack ??
    (opts.configFile
      ? path.basename(opts.configFile).replace(/^Pulumi\.|\.ya?ml$/g, "")
      : defaultStack(dir, NO_SELECTION).stack);
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(stack)) {
    throw new ConfigError(
      "--stack",
      `'${stack}'`,
      "a stack name of letters, digits, '-', '_' or '.'",
    );
  }
  const file = opts.configFile
    ? path.resolve(opts.configFile)
    : path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = fs
      .readdirSync(dir)
      .filter((f) => /^Pulumi\..+\.ya?ml$/.test(f))
      .map((f) => f.replace(/^Pulumi\.|\.ya?ml$/g, ""));
    throw new ConfigError(
      opts.configFile ? "--config-file" : "--stack",
      `'${opts.configFile ?? stack}' (no file ${file})`,
      `stacks with a file here are ${known.join(", ") || "(none)"}`,
    );
  }
  let stackDoc: { config?: Record<string, unknown> } | null;
  try {
    stackDoc = YAML.parse(fs.readFileSync(file, "utf8")) as {
      config?: Record<string, unknown>;
    } | null;
  } catch (e) {
    throw new ConfigError(
      file,
      "(unparsable YAML)",
      `valid YAML: ${(e as Error).message.split("\n")[0]}`,
    );
  }

  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  const put = (key: string, v: unknown) => {
    const full = key.includes(":") ? key : `${projectDoc.name}:${key}`;
    if (v && typeof v === "object" && !Array.isArray(v) && "secure" in (v as object)) {
      values[full] = "[secret]";
      secretKeys.push(full);
    } else {
      values[full] = typeof v === "string" ? v : JSON.stringify(v);
    }
  };
  for (const [key, decl] of Object.entries(projectDoc.config ?? {})) {
    if (decl && typeof decl === "object" && !Array.isArray(decl)) {
      const d = decl as { default?: unknown; value?: unknown };
      if (d.default !== undefined) put(key, d.default);
      else if (d.value !== undefined) put(key, d.value);
    } else if (decl !== undefined) {
      put(key, decl);
    }
  }
  const presentKeys: string[] = [];
  for (const [key, v] of Object.entries(stackDoc?.config ?? {})) {
    put(key, v);
    presentKeys.push(key.includes(":") ? key : `${projectDoc.name}:${key}`);
  }
  return { project: projectDoc.name, stack, file, values, secretKeys, presentKeys };
}

/** Reads and validates the configuration of a loaded stack (throws ConfigError). */
export function validateStackConfig(
  loaded: LoadedStackConfig,
  projectDir: string,
): ValidatedConfig {
  return readConfig((ns, key) => loaded.values[`${ns}:${key}`], {
    baseDir: projectDir,
    presentKeys: loaded.presentKeys.filter((k) => k.startsWith(`${NAMESPACE}:`)),
  });
}

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const ASSET = "c44067f5952c0a294b673a41bacd8c17";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Turns the wire form of registered inputs into plain JSON, hiding secrets. */
function plainInputs(v: unknown, urnOf: (mockUrn: string) => string): unknown {
  if (v === UNKNOWN) return "[unknown]";
  if (Array.isArray(v)) return v.map((x) => plainInputs(x, urnOf));
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG] === SECRET) return "[secret]";
    if (o[SIG] === RESOURCE) return typeof o.urn === "string" ? urnOf(o.urn) : o.urn;
    if (o[SIG] === ASSET) {
      return typeof o.text === "string"
        ? { asset: "text", bytes: Buffer.byteLength(o.text, "utf8") }
        : { asset: o.path ?? o.uri ?? "asset" };
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) {
      const x = plainInputs(o[k], urnOf);
      if (x !== undefined) out[k] = x;
    }
    return out;
  }
  return v;
}

/** Runs the program under mocks and returns the plan document (violations included). */
export async function runPlan(opts: PlanOptions = {}): Promise<PlanDocument> {
  const projectDir = opts.projectDir ?? findProjectDir();
  const loaded = loadStackConfig({ ...opts, projectDir });
  const cfg = validateStackConfig(loaded, projectDir);
  const policy = policySettings(cfg, opts.policyConfigFile);
  const foundationPlan = await planFoundation(cfg, loaded, projectDir, opts);
  const references: Record<string, Record<string, unknown>> = foundationPlan
    ? { [cfg.foundation!]: foundationPlan.outputs }
    : {};

  pulumi.runtime.setAllConfig(loaded.values, loaded.secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) =>
        args.type === "pulumi:pulumi:StackReference"
          ? fakeStackReference(args, references)
          : fakeResource(args),
      call: (args) => fakeCall(args),
    },
    loaded.project,
    loaded.stack,
    false,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings");
  const { recorded, dependencies } = recordRegistrations(settings.getMonitor(), loaded);

  opts.beforeProgram?.(cfg);
  const outputs = await runProgram(projectDir, settings);

  const stackUrn = recorded.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
  const resources = recorded.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const violations = checkPlan(resources, policy);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  // A lab stack's learners are its foundation's.
  const learnerCount =
    cfg.part === "lab"
      ? Object.keys((foundationPlan?.outputs.learners as object | undefined) ?? {}).length || 1
      : cfg.learners.length;
  const cost = estimateCost(resources, cfg.needs, {
    learners: learnerCount,
    hoursPerDay: cfg.hoursPerDay,
    courseDays: cfg.courseDays,
    region: cfg.location,
  });
  const quota = computeQuota(resources, cfg.needs, learnerCount, cfg.location);
  const expired = expiryViolation(cfg.expiresOn, opts.nowMs ?? Date.now(), stackUrn);
  if (expired) violations.push(expired);
  if (cfg.budget !== undefined) {
    const v = budgetViolation(cost, cfg.budget, cfg.courseDays, stackUrn);
    if (v) violations.push(v);
  }
  return {
    project: loaded.project,
    stack: loaded.stack,
    resources,
    outputs: JSON.parse(JSON.stringify(outputs ?? {})) as Record<string, unknown>,
    violations,
    cost,
    quota,
    resourceProviders: resourceProviders(resources),
    graph: analyseGraph(resources, dependencies, (r) => learnerOf(r, byUrn)),
  };
}

/**
 * A lab stack reads its foundation through a StackReference: the mocks answer it with the outputs
 * of the foundation's own offline plan, run first (no Azure, no state). The program checks its
 * foundation too (stacks/foundation.ts); checked here first, a bad foundation is a ConfigError
 * before the program registers anything. Undefined for a stack that is not a lab stack.
 */
async function planFoundation(
  cfg: ValidatedConfig,
  loaded: LoadedStackConfig,
  projectDir: string,
  opts: PlanOptions,
): Promise<PlanDocument | undefined> {
  if (cfg.part !== "lab") return undefined;
  const foundationPlan =
    opts.foundationPlan ??
    (await runPlan({
      configFile: foundationStackFile(cfg.foundation!, loaded.file, projectDir),
      projectDir,
      policyConfigFile: opts.policyConfigFile,
    }));
  checkFoundation(cfg, foundationPlan.outputs[FOUNDATION_OUTPUT]);
  return foundationPlan;
}

/**
 * The mock monitor does not pass the parent or the raw (secret-marked) inputs to the mocks, so the
 * plan wraps its registerResource to see the request as the engine would. Its URNs carry only the
 * parent's own type and the stack's; the engine's carry the parent's whole type chain and leave the
 * stack out. The plan records the engine's, so a URN taken from the plan works with `pulumi up
 * --target` or `--replace`.
 */
function recordRegistrations(
  monitor: MockMonitor,
  loaded: Pick<LoadedStackConfig, "stack" | "project">,
): { recorded: PlannedResource[]; dependencies: Map<string, string[]> } {
  const recorded: PlannedResource[] = [];
  const dependencies = new Map<string, string[]>();
  const register = monitor.registerResource.bind(monitor);
  const engineUrn = new Map<string, string>();
  const stackUrns = new Set<string>();
  const toEngine = (mockUrn: string) => engineUrn.get(mockUrn) ?? mockUrn;
  monitor.registerResource = (req: RegisterRequest, callback: unknown) => {
    const mockParent = req.getParent() || null;
    const type = req.getType();
    const mockUrn: string = monitor.newUrn(mockParent, type, req.getName());
    const parent = mockParent && !stackUrns.has(mockParent) ? toEngine(mockParent) : null;
    const qualifiedType = parent ? `${parent.split("::")[2]}$${type}` : type;
    const urn = `urn:pulumi:${loaded.stack}::${loaded.project}::${qualifiedType}::${req.getName()}`;
    engineUrn.set(mockUrn, urn);
    if (type === "pulumi:pulumi:Stack") stackUrns.add(mockUrn);
    const raw = req.getObject()?.toJavaScript() ?? {};
    dependencies.set(urn, req.getDependenciesList().map(toEngine));
    recorded.push({
      urn,
      type,
      name: req.getName(),
      parent,
      custom: req.getCustom(),
      inputs: plainInputs(raw, toEngine) as Record<string, unknown>,
    });
    return register(req, callback);
  };
  return { recorded, dependencies };
}

/** Runs the program (index.ts) afresh in the Pulumi stack and returns its outputs. */
async function runProgram(
  projectDir: string,
  settings: { waitForRPCs(): Promise<void> },
): Promise<unknown> {
  // The SDK records a stack trace for every internal promise (to report leaks); at cohort scale
  // formatting them is a third of the plan's CPU time. The plan never shows those traces, so it
  // records none while the program runs (DP100_OPTIMISE=0 keeps them, e.g. to debug the program).
  const stackTraceLimit = Error.stackTraceLimit;
  if (optimisationsOn()) Error.stackTraceLimit = 0;
  const programPath = path.join(__dirname, "..", "index");
  // Run the program afresh even if an earlier plan in this process loaded it (node's module cache;
  // under jest, tests isolate module registries themselves).
  for (const key of Object.keys(require.cache ?? {})) {
    if (
      key.startsWith(projectDir) &&
      !key.includes(`${path.sep}node_modules${path.sep}`) &&
      !key.startsWith(__dirname)
    ) {
      delete require.cache[key];
    }
  }
  try {
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(programPath);
    });
    await settings.waitForRPCs();
    return outputs;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The part of the SDK's mock monitor the plan wraps. */
interface MockMonitor {
  registerResource(req: RegisterRequest, callback: unknown): unknown;
  newUrn(parent: string | null, type: string, name: string): string;
}

interface RegisterRequest {
  getParent(): string;
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
}
