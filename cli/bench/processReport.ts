import * as fs from "fs";
import * as inspector from "inspector";
import * as path from "path";
import * as v8 from "v8";

/**
 * Preloaded into every node process of a benchmarked `pulumi preview` (NODE_OPTIONS=--require, see
 * engine.ts): when the process exits it writes its own wall time, CPU time and peak
 * RSS (getrusage maxrss, exact) with its command line into DP100_BENCH_REPORT_DIR. Does nothing
 * when that variable is unset.
 *
 * With DP100_BENCH_PROFILE_DIR set, the program process (`@pulumi/pulumi/cmd/run`) also records a
 * CPU profile (`<pid>.cpuprofile`, open it in Chrome DevTools) through the inspector, because node
 * 20 refuses `--cpu-prof` in NODE_OPTIONS; with DP100_BENCH_HEAP_SNAPSHOT=1 it writes a heap
 * snapshot as it exits (`<pid>.heapsnapshot`: what is still held at the end of the program).
 */

/** What one process reports about itself. */
export interface ProcessReport {
  readonly pid: number;
  readonly argv: readonly string[];
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

/** True for the process running a Pulumi program (not a provider or policy pack). */
export function isProgramProcess(argv: readonly string[]): boolean {
  return argv.some((a) => /[\\/]cmd[\\/]run([\\/](index\.js)?)?$/.test(a));
}

const dir = process.env.DP100_BENCH_REPORT_DIR;
const profileDir = process.env.DP100_BENCH_PROFILE_DIR;
if (dir) {
  let stopProfile: (() => void) | undefined;
  if (profileDir && isProgramProcess(process.argv)) {
    // An in-thread session answers synchronously, so the profile can be taken in the exit handler.
    const session = new inspector.Session();
    session.connect();
    session.post("Profiler.enable");
    session.post("Profiler.start");
    stopProfile = () =>
      session.post("Profiler.stop", (err, res) => {
        if (!err) {
          fs.writeFileSync(
            path.join(profileDir, `${process.pid}.cpuprofile`),
            JSON.stringify(res.profile),
          );
        }
      });
  }
  process.on("exit", () => {
    const u = process.resourceUsage();
    const report: ProcessReport = {
      pid: process.pid,
      argv: process.argv,
      wallSeconds: process.uptime(),
      cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6,
      peakRssMb: u.maxRSS / 1024,
    };
    fs.writeFileSync(path.join(dir, `node-${process.pid}.json`), JSON.stringify(report));
    if (stopProfile) {
      stopProfile();
      if (process.env.DP100_BENCH_HEAP_SNAPSHOT === "1") {
        v8.writeHeapSnapshot(path.join(profileDir!, `${process.pid}.heapsnapshot`));
      }
    }
  });
}
