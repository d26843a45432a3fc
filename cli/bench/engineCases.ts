import * as fs from "fs";
import * as path from "path";
import { Sandbox } from "../../tests/integration/harness";
import { formatRow } from "../shared/table";
import { Case, caseId, Measurement } from "./cases";
import { EngineMeasurement, floorProject, measurePulumi, withTypeScriptRuntime } from "./engine";

/**
 * The real-engine half of the benchmark's table: `pulumi preview` of the `all` cases through the
 * pinned Pulumi CLI with the stand-in providers (engine.ts), optimisations on and off, through
 * ts-node, and the floor; each a fresh process tree.
 */

export interface EngineResult {
  readonly case: Case;
  readonly resources: number;
  readonly customResources: number;
  /** The compiled program (Pulumi.yaml main: bin/index.js), optimisations on. */
  readonly optimised: EngineMeasurement;
  /** The same with DP100_OPTIMISE=0. */
  readonly unoptimised: EngineMeasurement;
  /**
   * The TypeScript through ts-node, type-checked, ts-node's cache empty (what `pulumi preview` ran
   * before, on a fresh machine or after an edit), optimisations on.
   */
  readonly tsNode: EngineMeasurement;
  /** A plain program registering as many random:RandomString resources. */
  readonly floor: EngineMeasurement;
  /** The program over the offline plan of the same stack (whole process, same switch). */
  readonly ratio: { readonly on: Ratio; readonly off: Ratio; readonly tsNode: Ratio };
}

interface Ratio {
  readonly time: number;
  readonly cpu: number;
  readonly memory: number;
}

const ratioOf = (e: EngineMeasurement, plan: Measurement): Ratio => ({
  time: e.program.wallSeconds / plan.processSeconds,
  cpu: e.program.cpuSeconds / plan.cpuSeconds,
  memory: e.program.peakRssMb / plan.peakRssMb,
});

const WIDTHS = [22, 9, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6];
const RIGHT = WIDTHS.map((_, i) => i > 0);
const row = (cells: (string | number)[]) => formatRow(cells.map(String), WIDTHS, RIGHT);

const HEADER = [
  "case",
  "resources",
  "wall s",
  "prog w",
  "prog s",
  "prog MB",
  "eng s",
  "eng MB",
  "prov s",
  "prov MB",
  "x time",
  "x cpu",
  "x mem",
];

/** One line of the table: a measurement, with its ratio to the offline plan when it has one. */
function line(label: string, resources: number, e: EngineMeasurement, r?: Ratio): string {
  return row([
    label,
    r ? resources : resources + " rs",
    e.wallSeconds.toFixed(1),
    e.program.wallSeconds.toFixed(1),
    e.program.cpuSeconds.toFixed(1),
    e.program.peakRssMb.toFixed(0),
    e.engine.cpuSeconds.toFixed(1),
    e.engine.peakRssMb.toFixed(0),
    e.providers.cpuSeconds.toFixed(1),
    e.providers.peakRssMb.toFixed(0),
    r ? r.time.toFixed(1) : "",
    r ? r.cpu.toFixed(1) : "",
    r ? r.memory.toFixed(1) : "",
  ]);
}

/** Previews of one case: on, off, through ts-node, and the floor of as many resources. */
async function engineCase(
  sandbox: Sandbox,
  c: Case,
  plan: { on: Measurement; off: Measurement },
  dir: string,
  profile: Record<string, string>,
): Promise<EngineResult> {
  const stack = `bench-${caseId(c)}`;
  fs.copyFileSync(
    path.join(dir, `Pulumi.bench-${caseId(c)}.yaml`),
    path.join(sandbox.project, `Pulumi.${stack}.yaml`),
  );
  await sandbox.pulumi(["stack", "init", stack]);
  const preview = ["preview", "--stack", stack];
  const on = await measurePulumi(sandbox, preview, { DP100_OPTIMISE: "1", ...profile });
  const off = await measurePulumi(sandbox, preview, { DP100_OPTIMISE: "0", ...profile });
  // As a user's `pulumi preview` ran the TypeScript before: ts-node, type-checking, with an
  // empty ts-node cache (as on a CI runner, or after an edit; a warm cache skips the compiler).
  const tsNode = await withTypeScriptRuntime(sandbox.project, () =>
    measurePulumi(sandbox, preview, {
      DP100_OPTIMISE: "1",
      PULUMI_NODEJS_TRANSPILE_ONLY: "",
      TS_NODE_CACHE_DIRECTORY: fs.mkdtempSync(path.join(sandbox.root, "ts-node-")),
      ...profile,
    }),
  );
  const floorDir = floorProject(sandbox);
  const floorStack = `floor-${plan.on.resources}`;
  await sandbox.pulumi(["stack", "init", floorStack], { cwd: floorDir });
  const floor = await measurePulumi(
    sandbox,
    ["preview", "--stack", floorStack],
    { DP100_FLOOR_COUNT: String(plan.on.resources) },
    floorDir,
  );
  return {
    case: c,
    resources: plan.on.resources,
    customResources: plan.on.customResources,
    optimised: on,
    unoptimised: off,
    tsNode,
    floor,
    ratio: {
      on: ratioOf(on, plan.on),
      off: ratioOf(off, plan.off),
      tsNode: ratioOf(tsNode, plan.on),
    },
  };
}

/** The real-engine previews of the `all` cases, printed as they are measured. */
export async function engineCases(
  cases: readonly Case[],
  planOf: (c: Case) => { on: Measurement; off: Measurement },
  dir: string,
  profile: Record<string, string>,
): Promise<EngineResult[]> {
  const sandbox = new Sandbox("bench");
  console.log(
    "\nReal engine: pulumi preview with the stand-in providers (the program's wall s, and CPU s and peak MB of program | engine | providers)",
  );
  console.log(row(HEADER));
  const results: EngineResult[] = [];
  try {
    for (const c of cases) {
      const result = await engineCase(sandbox, c, planOf(c), dir, profile);
      results.push(result);
      const name = `${c.topology} ${c.learners} ${c.labs}`;
      console.log(line(`${name} on`, result.resources, result.optimised, result.ratio.on));
      console.log(line(`${name} off`, result.resources, result.unoptimised, result.ratio.off));
      console.log(line(`${name} ts-node`, result.resources, result.tsNode, result.ratio.tsNode));
      console.log(line(`floor (random)`, result.resources, result.floor));
    }
  } finally {
    sandbox.dispose();
  }
  return results;
}
