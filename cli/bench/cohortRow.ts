import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { LAB_IDS } from "../../labs";
import { planCohort } from "../../plan/cohort";

/**
 * The cohort plan row of `npm run bench`: `npm run cohort -- plan` of a foundation and 16 lab
 * stacks (one lab each, the catalog's first 16) with 30 learners, timed in a fresh process: the
 * foundation's plan, each lab stack planned on it, and cost and quota added up over all of them.
 */

export const COHORT_LEARNERS = 30;
export const COHORT_LAB_STACKS = 16;

interface CohortMeasurement {
  readonly stacks: number;
  readonly resources: number;
  readonly wallSeconds: number;
  /** User and system CPU of the whole child process (steadier than wall time on a busy machine). */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

/** Writes the foundation's and the lab stacks' files into `dir`; returns their paths. */
export function writeCohortStacks(dir: string): { foundation: string; labs: string[] } {
  const learners = Array.from({ length: COHORT_LEARNERS }, (_, i) => ({
    id: `learner-${String(i + 1).padStart(3, "0")}`,
    objectId: `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`,
  }));
  const labs = LAB_IDS.slice(0, COHORT_LAB_STACKS);
  const common = {
    "azure-native:location": "eastus",
    "dp100-labs:mode": "cohort",
    "dp100-labs:cohort": "bench",
  };
  const write = (stack: string, config: Record<string, unknown>) => {
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, YAML.stringify({ config: { ...common, ...config } }));
    return file;
  };
  const foundation = write("bench-foundation", {
    "dp100-labs:part": "foundation",
    "dp100-labs:learners": learners,
    "dp100-labs:labs": labs,
    "dp100-labs:trainers": [
      { objectId: "00000000-0000-4000-8000-0000000fffff", email: "trainer@example.com" },
    ],
  });
  return {
    foundation,
    labs: labs.map((lab) =>
      write(`bench-${lab}`, {
        "dp100-labs:part": "lab",
        "dp100-labs:foundation": "bench-foundation",
        "dp100-labs:labs": [lab],
      }),
    ),
  };
}

/** Child mode: plans the cohort in `dir` in this process and prints the measurement as JSON. */
export async function cohortChild(dir: string): Promise<void> {
  const files = writeCohortStacks(dir);
  const start = process.hrtime.bigint();
  const plan = await planCohort({ foundationFile: files.foundation, labFiles: files.labs });
  const m: CohortMeasurement = {
    stacks: plan.stacks.length,
    resources: plan.resources,
    wallSeconds: Number(process.hrtime.bigint() - start) / 1e9,
    cpuSeconds: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(m) + "\n");
}

/**
 * Runs the row in a fresh process (the benchmark's own launcher with `--cohort-child DIR`, which
 * runs `cohortChild`) and prints it.
 */
export function cohortRow(dir: string): CohortMeasurement {
  const r = spawnSync(process.execPath, [process.argv[1], "--cohort-child", dir], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`cohort plan bench failed (${r.status}): ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as CohortMeasurement;
  console.log(
    `\ncohort plan (foundation + ${COHORT_LAB_STACKS} lab stacks, ${COHORT_LEARNERS} learners): ` +
      `${m.stacks} stacks, ${m.resources} resources, ${m.wallSeconds.toFixed(1)} s wall, ` +
      `${m.cpuSeconds.toFixed(1)} s CPU (whole process), peak ${m.peakRssMb.toFixed(0)} MB`,
  );
  return m;
}
