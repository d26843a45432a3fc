import * as path from "path";
import { CommonOptions } from "./args";
import { cohortPackConfigs } from "./packConfig";

/**
 * The guardrails on the trainer's path: every cohort preview and up runs the repository's CrossGuard
 * pack (policy/), as `pulumi preview/up --policy-pack policy [--policy-pack-config FILE]` would,
 * through the Automation API's `policyPacks` and `policyPackConfigs` options (Pulumi's
 * automation/stack.d.ts: PreviewOptions and UpOptions). A mandatory violation fails the stack.
 * For a cohort, the configuration also names its learners (packConfig.ts), so the pack's
 * `role-no-privileged-learner` knows them.
 */
export interface PolicyPackOptions {
  readonly policyPacks: string[];
  readonly policyPackConfigs: string[];
}

/**
 * The pack and its configuration for a command, or a message (exit 2) when `--policy-pack-config`
 * does not name a readable file.
 */
export function policyPackOptions(
  common: CommonOptions,
  repoRoot: string,
  fileReadable: (p: string) => boolean,
): PolicyPackOptions | string {
  const file = common.policyPackConfig;
  if (file !== undefined && !fileReadable(file)) {
    return `error: --policy-pack-config '${file}' is not a readable file: give the policy pack's configuration as JSON (see policy/policy-config.example.json)`;
  }
  try {
    return {
      policyPacks: [path.join(repoRoot, "policy")],
      // With --cohort: the file plus the cohort's learners (packConfig.ts).
      policyPackConfigs: cohortPackConfigs({
        repoRoot,
        stateDir: common.stateDir,
        cohort: common.cohort,
        userFile: file,
      }),
    };
  } catch (e) {
    return `error: the policy pack's configuration for cohort '${common.cohort}' could not be written: ${(e as Error).message}${file ? ` (is --policy-pack-config '${file}' JSON?)` : ""}`;
  }
}
