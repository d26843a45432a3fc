import * as os from "os";
import { LAB_IDS } from "../../labs";
import { findProjectDir } from "../../plan/stackSelection";
import { ArmSoftDeletePurger } from "./arm";
import { AutomationStackDriver } from "./automation";
import type { CliDeps } from "./deps";
import { ArmProviderGate, offlinePlanner } from "./providers";
import { findOnPath } from "./pulumiCli";
import { graphDirectory } from "../roster/wiring";

/** The real dependencies of `npm run cohort`: the Automation API, ARM, the console and the clock. */

export function realDeps(): CliDeps {
  return {
    labIds: LAB_IDS,
    env: process.env,
    // npm run sets INIT_CWD to where the trainer typed the command; relative paths mean that.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    home: os.homedir(),
    repoRoot: findProjectDir(),
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
    clock: Date.now,
    findPulumi: () => findOnPath("pulumi", process.env),
    makeDriver: (o) =>
      new AutomationStackDriver({
        workDir: o.workDir,
        envVars: o.envVars,
        secretsProvider: o.secretsProvider,
        policyPacks: o.policyPacks,
        policyPackConfigs: o.policyPackConfigs,
      }),
    makePurger: () => new ArmSoftDeletePurger(),
    makeProviderGate: () => new ArmProviderGate(offlinePlanner(findProjectDir()), process.env),
    makeDirectory: () => graphDirectory(process.env),
    startTicker: (tick) => {
      const timer = setInterval(tick, 30_000);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
