import * as path from "path";
import { CommonOptions } from "./args";

/**
 * The guardrails on the trainer's path: every cohort preview and up runs the repository's CrossGuard
 * pack (policy/), as `pulumi preview/up --policy-pack policy [--policy-pack-config FILE]` would,
 * through the Automation API's `policyPacks` and `policyPackConfigs` options (Pulumi's
 * automation/stack.d.ts: PreviewOptions and UpOptions). A mandatory violation fails the stack.
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
  return {
    policyPacks: [path.join(repoRoot, "policy")],
    policyPackConfigs: file ? [file] : [],
  };
}
