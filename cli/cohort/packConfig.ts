import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { cohortNamePart } from "../../components/naming";
import { ConfigError, readConfig } from "../../stacks/config";
import { configSource } from "./initChecks";
import { StackConfig } from "./types";

/**
 * The policy pack's configuration on the cohort path: the trainer's `--policy-pack-config` (if
 * any) with the cohort's learners added to `role-no-privileged-learner`'s `learnerPrincipalIds`,
 * so the pack refuses a privileged role for a learner as the offline plan does (plan/checks.ts adds
 * the roster's ids the same way). The ids come from the cohort's stack files on this machine (the
 * foundation holds the roster), read with the program's own configuration reader.
 */

export const LEARNER_RULE = "role-no-privileged-learner";

/**
 * The learners' object ids in the stack files `Pulumi.<cohort's short part>-*.yaml` in the project
 * folder. A stack file the program would refuse is skipped: its preview reports the error.
 */
export function cohortLearnerIds(repoRoot: string, cohort: string): string[] {
  const prefix = `Pulumi.${cohortNamePart(cohort)}-`;
  let files: string[];
  try {
    files = fs.readdirSync(repoRoot).filter((f) => f.startsWith(prefix) && f.endsWith(".yaml"));
  } catch {
    return [];
  }
  const ids = new Set<string>();
  for (const file of files.sort()) {
    const doc = YAML.parse(fs.readFileSync(path.join(repoRoot, file), "utf8")) as {
      config?: StackConfig;
    } | null;
    const config = doc?.config ?? {};
    // Only stacks of this cohort: another cohort's short part may share the prefix.
    if (config["dp100-labs:cohort"] !== cohort) continue;
    try {
      const cfg = readConfig(configSource(config), { baseDir: repoRoot });
      for (const l of cfg.learners) if (l.objectId) ids.add(l.objectId.toLowerCase());
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
    }
  }
  return [...ids].sort();
}

/**
 * The pack configuration document: `userConfig` (the parsed `--policy-pack-config`, or {}) with
 * `ids` added to the learner rule's list. A rule the trainer disabled stays disabled; an
 * enforcement level given as a string is kept as `enforcementLevel`.
 */
export function withLearnerIds(
  userConfig: Readonly<Record<string, unknown>>,
  ids: readonly string[],
): Record<string, unknown> {
  const entry = userConfig[LEARNER_RULE];
  if (entry === "disabled" || ids.length === 0) return { ...userConfig };
  const base: Record<string, unknown> =
    typeof entry === "string"
      ? { enforcementLevel: entry }
      : entry && typeof entry === "object"
        ? { ...(entry as Record<string, unknown>) }
        : {};
  const given = Array.isArray(base.learnerPrincipalIds)
    ? (base.learnerPrincipalIds as unknown[])
    : [];
  return {
    ...userConfig,
    [LEARNER_RULE]: { ...base, learnerPrincipalIds: [...new Set([...given, ...ids])] },
  };
}

/**
 * Writes the cohort's pack configuration into the state folder
 * (`<state>/<cohort's short part>.policy-config.json`, replaced on every run) when the cohort's
 * stack files name learners, and returns the files to pass as `--policy-pack-config`: that file,
 * else the trainer's own (or none).
 */
export function cohortPackConfigs(opts: {
  readonly repoRoot: string;
  readonly stateDir: string;
  readonly cohort: string | undefined;
  readonly userFile: string | undefined;
}): string[] {
  const ids = opts.cohort ? cohortLearnerIds(opts.repoRoot, opts.cohort) : [];
  if (ids.length === 0 || !opts.cohort) return opts.userFile ? [opts.userFile] : [];
  const user = opts.userFile
    ? (JSON.parse(fs.readFileSync(opts.userFile, "utf8")) as Record<string, unknown>)
    : {};
  const file = path.join(opts.stateDir, `${cohortNamePart(opts.cohort)}.policy-config.json`);
  fs.mkdirSync(opts.stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(withLearnerIds(user, ids), null, 2) + "\n", "utf8");
  return [file];
}
