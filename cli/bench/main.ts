import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseCommandLine } from "../shared/args";
import { formatRow } from "../shared/table";
import { Case, caseId, CASES, child, measure, Measurement, syntheticStack } from "./cases";
import { cohortChild, cohortRow } from "./cohortRow";
import { engineCases, EngineResult } from "./engineCases";
import { reportRow } from "./reportRow";

/**
 * npm run bench -- [--quick] [--report-only | --cohort-only] [--offline-only | --engine-only]
 *                   [--case shared-400-all] [--profile DIR [--heap]] [--out FILE]
 *
 * Offline: plans synthetic cohorts (shared: 30, 100, 400 learners; isolated: 30, 100) with the
 * default lab set and with `all`, each case in a fresh process, once with the optimisations on and
 * once off (DP100_OPTIMISE=0), the two runs of a case back to back so the ratio holds on a noisy
 * machine. Prints resources, wall time and peak RSS per case.
 * Real engine: `pulumi preview` of the `all` cases through the pinned Pulumi CLI with the stand-in
 * providers (engine.ts), optimisations on and off, each a fresh process tree; the program's, the
 * engine's and the providers' time and peak RSS apart, the program's ratio to the offline plan of
 * the same stack, and the floor: a plain program registering as many random:RandomString
 * resources through the same engine.
 * Writes both tables as JSON. --quick runs the 30-learner cases only (a smoke test). Then the
 * cohort plan row (cohortRow.ts; --cohort-only runs it alone), last the HTML report row
 * (reportRow.ts); --report-only runs that row alone.
 * --profile DIR writes a CPU profile of each preview's program into DIR, --heap a heap snapshot
 * at its exit too (processReport.ts).
 */

export interface BenchArgs {
  readonly child?: string;
  readonly cohortChild?: string;
  readonly quick: boolean;
  readonly reportOnly: boolean;
  readonly cohortOnly: boolean;
  readonly offline: boolean;
  readonly engine: boolean;
  readonly out: string;
  readonly only?: string;
  readonly profile?: string;
  readonly heap: boolean;
}

const USAGE =
  "usage: npm run bench -- [--quick] [--report-only | --cohort-only] [--offline-only | --engine-only] [--case ID] [--profile DIR [--heap]] [--out FILE]";

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const flag = { type: "boolean" } as const;
  const value = { type: "string" } as const;
  const { values: v } = parseCommandLine<Record<string, string | boolean>>(
    argv,
    {
      child: value,
      "cohort-child": value,
      quick: flag,
      "report-only": flag,
      "cohort-only": flag,
      "offline-only": flag,
      "engine-only": flag,
      out: value,
      case: value,
      profile: value,
      heap: flag,
    },
    {
      unknown: (raw) => new Error(`unknown argument '${raw}'; ${USAGE}`),
      missing: (raw) => new Error(`${raw} needs a value; ${USAGE}`),
    },
  );
  return {
    child: v.child as string | undefined,
    cohortChild: v["cohort-child"] as string | undefined,
    quick: v.quick === true,
    reportOnly: v["report-only"] === true,
    cohortOnly: v["cohort-only"] === true,
    offline: v["engine-only"] !== true,
    engine: v["offline-only"] !== true,
    out: (v.out as string | undefined) ?? path.join("out", "bench.json"),
    only: v.case as string | undefined,
    profile: v.profile as string | undefined,
    heap: v.heap === true,
  };
}

type OfflineResult = { case: Case; optimised: Measurement; unoptimised: Measurement };

const WIDTHS = [26, 9, 6, 9, 9, 9, 9, 7, 7];
const RIGHT = WIDTHS.map((_, i) => i > 0);
const row = (cells: (string | number)[]) => formatRow(cells.map(String), WIDTHS, RIGHT);

/** The cases to run: all, the 30-learner ones with --quick, or the one of --case. */
function chooseCases(args: BenchArgs): Case[] {
  const cases = args.quick ? CASES.filter((c) => c.learners === 30) : CASES;
  if (!args.only) return cases;
  const chosen = cases.filter((c) => caseId(c) === args.only);
  if (chosen.length === 0) {
    throw new Error(`--case '${args.only}' is not one of ${CASES.map(caseId).join(", ")}`);
  }
  return chosen;
}

/** The offline table: each case planned with the optimisations on and off, back to back. */
function offlineCases(cases: readonly Case[], dir: string): OfflineResult[] {
  console.log(
    `dp100-labs plan benchmark on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  console.log(
    row(["case", "resources", "depth", "opt s", "opt MB", "off s", "off MB", "x time", "x mem"]),
  );
  const results: OfflineResult[] = [];
  for (const c of cases) {
    const file = path.join(dir, `Pulumi.bench-${caseId(c)}.yaml`);
    fs.writeFileSync(file, syntheticStack(c));
    const on = measure(file, true);
    const off = measure(file, false);
    if (on.resources !== off.resources) throw new Error(`optimisation changed the plan of ${file}`);
    results.push({ case: c, optimised: on, unoptimised: off });
    console.log(
      row([
        `${c.topology} ${c.learners} ${c.labs}`,
        on.customResources,
        on.graphDepth,
        on.wallSeconds.toFixed(1),
        on.peakRssMb.toFixed(0),
        off.wallSeconds.toFixed(1),
        off.peakRssMb.toFixed(0),
        (off.wallSeconds / on.wallSeconds).toFixed(1),
        (off.peakRssMb / on.peakRssMb).toFixed(1),
      ]),
    );
  }
  return results;
}

/** Writes both tables as JSON and prints what the columns mean. */
function writeResults(args: BenchArgs, results: OfflineResult[], engine: EngineResult[]): void {
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  const machine = {
    cores: os.cpus().length,
    memGiB: os.totalmem() / 2 ** 30,
    node: process.version,
  };
  fs.writeFileSync(args.out, JSON.stringify({ machine, results, engine }, null, 2) + "\n");
  console.log(
    `\nopt = optimisations on (default); off = DP100_OPTIMISE=0. Targets: shared 400 all < 30 s and < 1536 MB; isolated 100 < 2048 MB.` +
      (args.engine
        ? `\nReal engine: wall s = the whole preview; prog w = the program's wall time; prog/eng/prov s and MB = CPU seconds and peak RSS (MB, summed over a group's processes) of the program, the engine (pulumi and its language host) and the stand-in providers. on/off = the compiled program with DP100_OPTIMISE=1/0; ts-node = the TypeScript through ts-node, type-checked with an empty ts-node cache, as pulumi ran it before on a fresh runner or after an edit. x time / x cpu / x mem = the program's wall time, CPU time and peak RSS over the offline plan's whole process (same stack, same switch). Target at shared 400 all: x time <= 2, x mem <= 1.5. floor = a plain JavaScript program registering as many random:RandomString resources (rs) through the same engine.`
        : "") +
      `\nwrote ${args.out}`,
  );
}

/** `npm run bench`: exit 0, or 1 with the reason when a case fails. */
export async function benchMain(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(argv);
  if (args.child) return child(args.child);
  if (args.cohortChild) return cohortChild(args.cohortChild);
  if (args.profile) fs.mkdirSync(args.profile, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dp100-bench-"));
  if (args.reportOnly) return reportRow(dir, args.quick);
  if (args.cohortOnly) {
    cohortRow(dir);
    return fs.rmSync(dir, { recursive: true, force: true });
  }
  const cases = chooseCases(args);
  // The engine cases need the offline plan of the same stack for their ratio.
  const planned = cases.filter((c) => args.offline || (args.engine && c.labs === "all"));
  const results = offlineCases(planned, dir);
  const profile: Record<string, string> = args.profile
    ? {
        DP100_BENCH_PROFILE_DIR: path.resolve(args.profile),
        DP100_BENCH_HEAP_SNAPSHOT: args.heap ? "1" : "0",
      }
    : {};
  const engine = args.engine
    ? await engineCases(
        planned.filter((c) => c.labs === "all"),
        (c) => {
          const r = results.find((y) => caseId(y.case) === caseId(c))!;
          return { on: r.optimised, off: r.unoptimised };
        },
        dir,
        profile,
      )
    : [];
  writeResults(args, results, engine);
  cohortRow(dir);
  await reportRow(dir, args.quick);
  fs.rmSync(dir, { recursive: true, force: true });
}
