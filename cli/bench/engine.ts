import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { isProgramProcess, ProcessReport } from "./processReport";
import { Sandbox } from "../../tests/integration/harness";

/**
 * The real-engine half of `npm run bench`: `pulumi preview` of a synthetic cohort through the
 * pinned Pulumi CLI with the stand-in providers, in the integration tests' sandbox
 * (tests/integration/harness.ts: a project copy, a file backend, a PULUMI_HOME holding the
 * stand-ins). Each preview is a fresh `pulumi` process tree. Measured separately:
 *
 * - the program (node running `@pulumi/pulumi/cmd/run`) and the stand-in providers report their own
 *   wall time, CPU time and peak RSS (getrusage) when they exit, through a preloaded module
 *   (processReport.ts, NODE_OPTIONS=--require);
 * - every process of the tree is also sampled from /proc (VmHWM, the kernel's own peak RSS, and
 *   utime+stime) every SAMPLE_MS, which covers the engine (`pulumi`, the language host) and any
 *   process killed before it could report.
 *
 * Peak RSS of a group of processes is the sum of each one's peak (they need not peak together:
 * an upper bound).
 */

const SAMPLE_MS = 200;
const CLOCK_TICKS = 100;

export type Role = "program" | "engine" | "providers" | "other";

export interface GroupUsage {
  readonly processes: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

export interface EngineMeasurement {
  /** Wall time of the whole `pulumi preview`. */
  readonly wallSeconds: number;
  readonly program: GroupUsage;
  readonly engine: GroupUsage;
  readonly providers: GroupUsage;
}

interface Sample {
  argv: string[];
  cpuSeconds: number;
  peakRssMb: number;
  firstSeen: number;
  lastSeen: number;
}

/** Which part of a preview a process is, from its command line. */
export function roleOf(argv: readonly string[]): Role {
  const exe = path.basename(argv[0] ?? "");
  if (exe === "pulumi" || exe === "pulumi-language-nodejs") return "engine";
  if (argv.some((a) => /pulumi-resource-[\w-]+$/.test(a))) return "providers";
  if (isProgramProcess(argv)) return "program";
  return "other";
}

function readProc(
  pid: number,
): { argv: string[]; cpu: number; hwmKb: number; ppid: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    const cpu = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    return { argv, cpu, hwmKb, ppid };
  } catch {
    return undefined;
  }
}

/** Every descendant of `root` (and root), sampled once. */
function sampleTree(root: number, samples: Map<number, Sample>, now: number): void {
  const children = new Map<number, number[]>();
  const info = new Map<number, NonNullable<ReturnType<typeof readProc>>>();
  for (const name of fs.readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const p = readProc(pid);
    if (!p) continue;
    info.set(pid, p);
    children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  }
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    const p = info.get(pid);
    if (p && p.argv.length > 0) {
      const s = samples.get(pid);
      if (s) {
        s.cpuSeconds = Math.max(s.cpuSeconds, p.cpu);
        s.peakRssMb = Math.max(s.peakRssMb, p.hwmKb / 1024);
        s.lastSeen = now;
      } else {
        samples.set(pid, {
          argv: p.argv,
          cpuSeconds: p.cpu,
          peakRssMb: p.hwmKb / 1024,
          firstSeen: now,
          lastSeen: now,
        });
      }
    }
    stack.push(...(children.get(pid) ?? []));
  }
}

function group(
  items: ReadonlyArray<{ wallSeconds: number; cpuSeconds: number; peakRssMb: number }>,
): GroupUsage {
  return {
    processes: items.length,
    wallSeconds: Math.max(0, ...items.map((i) => i.wallSeconds)),
    cpuSeconds: items.reduce((a, i) => a + i.cpuSeconds, 0),
    peakRssMb: items.reduce((a, i) => a + i.peakRssMb, 0),
  };
}

/**
 * Runs `pulumi <args>` in the sandbox as one fresh process tree and measures it. `env` is added to
 * the sandbox's environment (DP100_OPTIMISE, NODE_OPTIONS additions).
 */
export async function measurePulumi(
  sandbox: Sandbox,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string = sandbox.project,
): Promise<EngineMeasurement> {
  const reportDir = fs.mkdtempSync(path.join(sandbox.root, "report-"));
  const preload = path.join(__dirname, "processReport.js");
  const nodeOptions = [`--require ${preload}`, env.NODE_OPTIONS ?? ""].join(" ").trim();
  const start = Date.now();
  const child = spawn("pulumi", [...args, "--non-interactive"], {
    cwd,
    env: { ...sandbox.env, ...env, NODE_OPTIONS: nodeOptions, DP100_BENCH_REPORT_DIR: reportDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const samples = new Map<number, Sample>();
  const timer = setInterval(() => sampleTree(child.pid!, samples, Date.now()), SAMPLE_MS);
  const out: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => out.push(d));
  child.stderr.on("data", (d: Buffer) => out.push(d));
  const code = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? -1));
  });
  clearInterval(timer);
  const wallSeconds = (Date.now() - start) / 1000;
  if (code !== 0) {
    const text = Buffer.concat(out).toString("utf8").split("\n").slice(-40).join("\n");
    throw new Error(`pulumi ${args.join(" ")} exited ${code}:\n${text}`);
  }
  const reports = new Map<number, ProcessReport>();
  for (const f of fs.readdirSync(reportDir)) {
    const r = JSON.parse(fs.readFileSync(path.join(reportDir, f), "utf8")) as ProcessReport;
    reports.set(r.pid, r);
  }
  const byRole: Record<
    Role,
    Array<{ wallSeconds: number; cpuSeconds: number; peakRssMb: number }>
  > = { program: [], engine: [], providers: [], other: [] };
  for (const [pid, s] of samples) {
    const r = reports.get(pid);
    byRole[roleOf(r?.argv ?? s.argv)].push(
      r ?? {
        wallSeconds: (s.lastSeen - s.firstSeen) / 1000,
        cpuSeconds: s.cpuSeconds,
        peakRssMb: s.peakRssMb,
      },
    );
    reports.delete(pid);
  }
  // A node process too short-lived to be sampled still reported itself.
  for (const r of reports.values()) byRole[roleOf(r.argv)].push(r);
  fs.rmSync(reportDir, { recursive: true, force: true });
  return {
    wallSeconds,
    program: group(byRole.program),
    engine: group(byRole.engine),
    providers: group(byRole.providers),
  };
}

/**
 * The floor: a plain JavaScript program (no TypeScript, no components) that registers `count`
 * `random:RandomString` resources, previewed through the same engine and random stand-in. What
 * the program costs above this is ours; this much is the SDK's serialization and gRPC.
 */
export function floorProject(sandbox: Sandbox): string {
  const dir = path.join(sandbox.root, "floor");
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: dp100-floor\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
  );
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "dp100-floor", main: "index.js" }),
  );
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      '"use strict";',
      "// The benchmark's floor: N random strings, nothing else (cli/bench/engine.ts).",
      'const random = require("@pulumi/random");',
      "const n = Number(process.env.DP100_FLOOR_COUNT);",
      "for (let i = 0; i < n; i++) {",
      "  new random.RandomString(`s${i}`, { length: 8, special: false, upper: false });",
      "}",
      "",
    ].join("\n"),
  );
  fs.symlinkSync(path.join(sandbox.project, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/**
 * Runs `fn` with the project's Pulumi.yaml switched to the TypeScript runtime (ts-node, no `main`),
 * as the project ran before it ran the compiled program; restores the file afterwards.
 */
export async function withTypeScriptRuntime<T>(
  projectDir: string,
  fn: () => Promise<T>,
): Promise<T> {
  const file = path.join(projectDir, "Pulumi.yaml");
  const original = fs.readFileSync(file, "utf8");
  const ts = original.replace(/^main: .*\n/m, "").replace(/typescript: false/, "typescript: true");
  if (ts === original)
    throw new Error(`${file} does not run the compiled program: nothing to switch`);
  fs.writeFileSync(file, ts);
  try {
    return await fn();
  } finally {
    fs.writeFileSync(file, original);
  }
}
