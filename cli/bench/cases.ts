import { spawnSync } from "child_process";
import * as YAML from "yaml";
import { runPlan } from "../../plan/runUnderMocks";

/**
 * The benchmark's synthetic cohorts (shared: 30, 100, 400 learners; isolated: 30, 100; the default
 * lab set and `all`) and the offline measurement of one: each case planned in a fresh process.
 */

export interface Case {
  readonly topology: "shared" | "isolated";
  readonly learners: number;
  readonly labs: "default" | "all";
}

export interface Measurement {
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

export const CASES: Case[] = [
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

export const caseId = (c: Case) => `${c.topology}-${c.learners}-${c.labs}`;

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
export async function child(file: string): Promise<void> {
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

/**
 * Plans a stack file in a fresh process (the benchmark's own launcher with `--child FILE`, which
 * runs `child`), with the optimisations on or off (DP100_OPTIMISE).
 */
export function measure(file: string, optimise: boolean): Measurement {
  // Both runs get a 12 GiB heap limit: unoptimised, the isolated 100-learner plan of every lab
  // (about 6,000 resources) needs more than V8's default of about 4 GiB and would abort. The limit
  // only lets a run grow; the peak it reports is what the plan used.
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=12288", process.argv[1], "--child", file],
    {
      encoding: "utf8",
      env: { ...process.env, DP100_OPTIMISE: optimise ? "1" : "0" },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(`bench case ${file} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}
