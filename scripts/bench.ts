import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { runPlan } from "../plan/runUnderMocks";
import { renderHtmlReport } from "../plan/report";
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from "./chromium";
import {
  EngineMeasurement,
  floorProject,
  measurePulumi,
  withTypeScriptRuntime,
} from "./benchEngine";
import { Sandbox } from "../tests/integration/harness";

/**
 * npm run bench -- [--quick] [--report-only] [--offline-only | --engine-only] [--case shared-400-all]
 *                   [--profile DIR [--heap]] [--out FILE]
 *
 * Offline: plans synthetic cohorts (shared: 30, 100, 400 learners; isolated: 30, 100) with the
 * default lab set and with `all`, each case in a fresh process, once with the optimisations on and
 * once off (DP100_OPTIMISE=0), the two runs of a case back to back so the ratio holds on a noisy
 * machine. Prints resources, wall time and peak RSS per case.
 * Real engine: `pulumi preview` of the `all` cases through the pinned Pulumi CLI with the stand-in
 * providers (scripts/benchEngine.ts), optimisations on and off, each a fresh process tree; the
 * program's, the engine's and the providers' time and peak RSS apart, the program's ratio to the
 * offline plan of the same stack, and the floor: a plain program registering as many
 * random:RandomString resources through the same engine.
 * Writes both tables as JSON. --quick runs the 30-learner cases only (a smoke test). Last comes
 * the HTML report row (reportRow); --report-only runs that row alone.
 * --profile DIR writes a CPU profile of each preview's program into DIR, --heap a heap snapshot
 * at its exit too (scripts/benchReport.ts).
 */

interface Case {
  readonly topology: "shared" | "isolated";
  readonly learners: number;
  readonly labs: "default" | "all";
}

interface Measurement {
  readonly resources: number;
  readonly customResources: number;
  readonly graphDepth: number;
  readonly wallSeconds: number;
  readonly peakRssMb: number;
  readonly violations: number;
  /** The whole child process (node start-up and loading included), as for the engine's program. */
  readonly processSeconds: number;
  readonly cpuSeconds: number;
}

const CASES: Case[] = [
  { topology: "shared", learners: 30, labs: "default" },
  { topology: "shared", learners: 30, labs: "all" },
  { topology: "shared", learners: 100, labs: "default" },
  { topology: "shared", learners: 100, labs: "all" },
  { topology: "shared", learners: 400, labs: "default" },
  { topology: "shared", learners: 400, labs: "all" },
  { topology: "isolated", learners: 30, labs: "default" },
  { topology: "isolated", learners: 30, labs: "all" },
  { topology: "isolated", learners: 100, labs: "default" },
  { topology: "isolated", learners: 100, labs: "all" },
];

/** The stack file of a synthetic cohort. */
export function syntheticStack(c: Case): string {
  const learners = Array.from({ length: c.learners }, (_, i) => ({
    id: `learner-${String(i + 1).padStart(3, "0")}`,
    objectId: `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`,
  }));
  const config: Record<string, unknown> = {
    "azure-native:location": "eastus",
    "dp100-labs:mode": "cohort",
    "dp100-labs:cohort": "bench",
    "dp100-labs:topology": c.topology,
    "dp100-labs:learners": learners,
    "dp100-labs:trainers": [
      { objectId: "00000000-0000-4000-8000-0000000fffff", email: "trainer@example.com" },
    ],
  };
  if (c.labs === "all") config["dp100-labs:labs"] = "all";
  return YAML.stringify({ config });
}

/** Child mode: plan one stack file in this process and print the measurement as JSON. */
async function child(file: string): Promise<void> {
  const start = process.hrtime.bigint();
  const doc = await runPlan({ configFile: file });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const m: Measurement = {
    resources: doc.resources.length,
    customResources: doc.resources.filter((r) => r.custom).length,
    graphDepth: (doc.graph as { depth: number }).depth,
    wallSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    violations: doc.violations.filter((v) => v.level === "mandatory").length,
    processSeconds: process.uptime(),
    cpuSeconds: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
  };
  process.stdout.write(JSON.stringify(m) + "\n");
}

function measure(file: string, optimise: boolean): Measurement {
  const r = spawnSync(process.execPath, [__filename, "--child", file], {
    encoding: "utf8",
    env: { ...process.env, DP100_OPTIMISE: optimise ? "1" : "0" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`bench case ${file} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells
    .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
    .join("  ");
}

const caseId = (c: Case) => `${c.topology}-${c.learners}-${c.labs}`;

interface EngineResult {
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

/** The real-engine previews of the `all` cases (scripts/benchEngine.ts). */
async function engineCases(
  cases: readonly Case[],
  planOf: (c: Case) => { on: Measurement; off: Measurement },
  dir: string,
  profile: Record<string, string>,
): Promise<EngineResult[]> {
  const sandbox = new Sandbox("bench");
  const widths = [22, 9, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6];
  console.log(
    "\nReal engine: pulumi preview with the stand-in providers (the program's wall s, and CPU s and peak MB of program | engine | providers)",
  );
  console.log(
    row(
      [
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
      ],
      widths,
    ),
  );
  const results: EngineResult[] = [];
  try {
    for (const c of cases) {
      const stack = `bench-${caseId(c)}`;
      fs.copyFileSync(
        path.join(dir, `Pulumi.bench-${caseId(c)}.yaml`),
        path.join(sandbox.project, `Pulumi.${stack}.yaml`),
      );
      await sandbox.pulumi(["stack", "init", stack]);
      const plan = planOf(c);
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
      const result: EngineResult = {
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
      results.push(result);
      const line = (label: string, e: EngineMeasurement, r?: Ratio) =>
        console.log(
          row(
            [
              label,
              r ? plan.on.resources : plan.on.resources + " rs",
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
            ],
            widths,
          ),
        );
      const name = `${c.topology} ${c.learners} ${c.labs}`;
      line(`${name} on`, on, result.ratio.on);
      line(`${name} off`, off, result.ratio.off);
      line(`${name} ts-node`, tsNode, result.ratio.tsNode);
      line(`floor (random)`, floor);
    }
  } finally {
    sandbox.dispose();
  }
  return results;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "--child") return child(argv[1]);
  const quick = argv.includes("--quick");
  const offline = !argv.includes("--engine-only");
  const engine = !argv.includes("--offline-only");
  const outIdx = argv.indexOf("--out");
  const out = outIdx >= 0 ? argv[outIdx + 1] : path.join("out", "bench.json");
  const caseIdx = argv.indexOf("--case");
  const profileIdx = argv.indexOf("--profile");
  if (profileIdx >= 0) fs.mkdirSync(argv[profileIdx + 1], { recursive: true });
  const only = caseIdx >= 0 ? argv[caseIdx + 1] : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dp100-bench-"));
  if (argv.includes("--report-only")) return reportRow(dir, quick);
  let cases = quick ? CASES.filter((c) => c.learners === 30) : CASES;
  if (only) {
    cases = cases.filter((c) => caseId(c) === only);
    if (cases.length === 0) {
      throw new Error(`--case '${only}' is not one of ${CASES.map(caseId).join(", ")}`);
    }
  }
  const widths = [26, 9, 6, 9, 9, 9, 9, 7, 7];
  console.log(
    `dp100-labs plan benchmark on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  console.log(
    row(
      ["case", "resources", "depth", "opt s", "opt MB", "off s", "off MB", "x time", "x mem"],
      widths,
    ),
  );
  const results: Array<{ case: Case; optimised: Measurement; unoptimised: Measurement }> = [];
  // The engine cases need the offline plan of the same stack for their ratio.
  const planned = cases.filter((c) => offline || (engine && c.labs === "all"));
  for (const c of planned) {
    const file = path.join(dir, `Pulumi.bench-${caseId(c)}.yaml`);
    fs.writeFileSync(file, syntheticStack(c));
    const on = measure(file, true);
    const off = measure(file, false);
    if (on.resources !== off.resources) throw new Error(`optimisation changed the plan of ${file}`);
    results.push({ case: c, optimised: on, unoptimised: off });
    console.log(
      row(
        [
          `${c.topology} ${c.learners} ${c.labs}`,
          on.customResources,
          on.graphDepth,
          on.wallSeconds.toFixed(1),
          on.peakRssMb.toFixed(0),
          off.wallSeconds.toFixed(1),
          off.peakRssMb.toFixed(0),
          (off.wallSeconds / on.wallSeconds).toFixed(1),
          (off.peakRssMb / on.peakRssMb).toFixed(1),
        ],
        widths,
      ),
    );
  }
  const engineResults = engine
    ? await engineCases(
        planned.filter((c) => c.labs === "all"),
        (c) => {
          const r = results.find((y) => caseId(y.case) === caseId(c))!;
          return { on: r.optimised, off: r.unoptimised };
        },
        dir,
        profileIdx >= 0
          ? {
              DP100_BENCH_PROFILE_DIR: path.resolve(argv[profileIdx + 1]),
              DP100_BENCH_HEAP_SNAPSHOT: argv.includes("--heap") ? "1" : "0",
            }
          : {},
      )
    : [];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        machine: {
          cores: os.cpus().length,
          memGiB: os.totalmem() / 2 ** 30,
          node: process.version,
        },
        results,
        engine: engineResults,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(
    `\nopt = optimisations on (default); off = DP100_OPTIMISE=0. Targets: shared 400 all < 30 s and < 1536 MB; isolated 100 < 2048 MB.` +
      (engine
        ? `\nReal engine: wall s = the whole preview; prog w = the program's wall time; prog/eng/prov s and MB = CPU seconds and peak RSS (MB, summed over a group's processes) of the program, the engine (pulumi and its language host) and the stand-in providers. on/off = the compiled program with DP100_OPTIMISE=1/0; ts-node = the TypeScript through ts-node, type-checked with an empty ts-node cache, as pulumi ran it before on a fresh runner or after an edit. x time / x cpu / x mem = the program's wall time, CPU time and peak RSS over the offline plan's whole process (same stack, same switch). Target at shared 400 all: x time <= 2, x mem <= 1.5. floor = a plain JavaScript program registering as many random:RandomString resources (rs) through the same engine.`
        : "") +
      `\nwrote ${out}`,
  );
  await reportRow(dir, quick);
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The HTML report row: the report of a shared cohort (400 learners; 30 with --quick) with the
 * default labs, its size, and the time headless Chromium takes to load and lay it out. Targets:
 * under 2 MB and under 3 s. Skipped, saying why, without Chromium.
 */
async function reportRow(dir: string, quick: boolean): Promise<void> {
  const learners = quick ? 30 : 400;
  const chromium = findChromium();
  if (!chromium) {
    console.log(`\nreport ${learners}: skipped, ${NO_CHROMIUM}`);
    return;
  }
  const stack = path.join(dir, `Pulumi.bench-report-${learners}.yaml`);
  fs.writeFileSync(stack, syntheticStack({ topology: "shared", learners, labs: "default" }));
  const doc = await runPlan({ configFile: stack });
  const start = process.hrtime.bigint();
  const html = renderHtmlReport([doc]);
  const renderMs = Number(process.hrtime.bigint() - start) / 1e6;
  const file = path.join(dir, `report-${learners}.html`);
  fs.writeFileSync(file, html);
  const puppeteer = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const t0 = process.hrtime.bigint();
    await page.goto(`file://${file}`, { waitUntil: "load" });
    // Force layout, so the time includes laying out the tables and the chart.
    await page.evaluate("document.body.getBoundingClientRect().height");
    const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const mb = Buffer.byteLength(html) / 2 ** 20;
    console.log(
      `\nreport ${learners}: ${mb.toFixed(2)} MB (target < 2 MB), built in ${renderMs.toFixed(0)} ms, loaded and laid out by Chromium in ${loadSeconds.toFixed(2)} s (target < 3 s)`,
    );
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
