import { GUID } from "../../azure/formats";
import { ConfigError, NAMESPACE, readConfig } from "../../stacks/config";
import { Directory, isPermissionError, permissionHelp } from "../roster/graph";
import { resolveAddresses, unresolvedReport } from "../roster/resolve";
import { StackConfig } from "./types";

/**
 * The cohort settings a trainer gives `init` (trainers, budget, alert addresses, idle shutdown, stop
 * time, time zone) and `config set KEY VALUE`, turned into stack configuration and checked by the
 * stack program's own rules (stacks/config/validate.ts readConfig), so the command line never re-implements
 * them and a bad value fails before any stack is created or changed.
 */

/** init flags that become stack configuration: flag -> `dp100-labs:` key. */
export const SETTING_FLAGS = {
  budget: "budget",
  "alert-email": "alertEmails",
  "idle-shutdown": "idleShutdownMinutes",
  "stop-time": "stopTime",
  "time-zone": "timeZone",
} as const;

/** Keys `config set` refuses: they are written by init and shape the stack itself. */
export const KEYS_SET_BY_INIT = [
  "mode",
  "cohort",
  "labs",
  "rosterFile",
  "learners",
  "learnerObjectIds",
];

/** Problems the trainer must fix: printed as they are, exit status 2. */
export class SettingsProblem extends Error {}

/**
 * `--trainer` values (object ids or e-mail addresses) as the program's `trainers` list; e-mail
 * addresses are resolved like roster rows (members and guests; never invited: a trainer is in the
 * tenant already).
 */
export async function trainersConfig(
  values: readonly string[],
  directory: (() => Directory) | undefined,
): Promise<Array<{ objectId: string; email?: string }>> {
  const emails = values.filter((v) => !GUID.test(v));
  let ids: Record<string, string> = {};
  if (emails.length > 0) {
    if (!directory)
      throw new SettingsProblem("--trainer: no directory to resolve e-mail addresses");
    try {
      const r = await resolveAddresses(
        emails.map((email, i) => ({ line: i + 1, who: "trainer", email })),
        directory(),
      );
      if (r.unresolved.length > 0) {
        throw new SettingsProblem(
          unresolvedReport("--trainer", r)
            .join("\n")
            .replace(/line \d+ /g, ""),
        );
      }
      ids = r.objectIds;
    } catch (e) {
      if (isPermissionError(e)) throw new SettingsProblem(permissionHelp(e, false));
      throw e;
    }
  }
  return values.map((v) =>
    GUID.test(v) ? { objectId: v.toLowerCase() } : { objectId: ids[v.toLowerCase()], email: v },
  );
}

/** The stack configuration of init's setting flags (only those given). */
export function settingsConfig(
  values: Readonly<Record<string, string>>,
  lists: Readonly<Record<string, readonly string[]>>,
  trainers: ReadonlyArray<{ objectId: string; email?: string }>,
): StackConfig {
  const config: Record<string, string | readonly string[]> = {};
  for (const [flag, key] of Object.entries(SETTING_FLAGS)) {
    const v = flag === "alert-email" ? lists[flag] : values[flag];
    if (v !== undefined) config[`${NAMESPACE}:${key}`] = v;
  }
  if (trainers.length > 0) config[`${NAMESPACE}:trainers`] = JSON.stringify(trainers);
  return config;
}

/**
 * Runs the program's validation over a stack configuration as `config set` would leave it
 * (`init` uses initChecks.ts validateInitConfig). `baseDir` resolves a relative rosterFile.
 * Throws SettingsProblem naming the key.
 */
export function checkWithProgram(config: StackConfig, baseDir: string): void {
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(config)) {
    values.set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  try {
    readConfig((ns, key) => values.get(`${ns}:${key}`), {
      baseDir,
      presentKeys: [...values.keys()],
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      throw new SettingsProblem(`configuration error: ${e.message}. Nothing was changed.`);
    }
    throw e;
  }
}

/**
 * The full key and the value of `config set KEY VALUE`: `KEY` is `name` (the dp100-labs
 * namespace) or `namespace:name`; lists are given as JSON or comma-separated. Refuses the keys
 * init writes. Returns the stack configuration to write.
 */
export function configSetEntry(key: string, value: string): StackConfig {
  const full = key.includes(":") ? key : `${NAMESPACE}:${key}`;
  const [ns, name] = full.split(":", 2);
  if (ns === NAMESPACE && KEYS_SET_BY_INIT.includes(name)) {
    throw new SettingsProblem(
      `config set: ${full} is written by 'npm run cohort -- init' (it shapes the stacks); re-run init with the new --roster, --labs or --cohort instead`,
    );
  }
  if (ns !== NAMESPACE && full !== "azure-native:location") {
    throw new SettingsProblem(
      `config set: ${full} is not a cohort setting: use a ${NAMESPACE} key (see the README's Configuration table) or azure-native:location`,
    );
  }
  return { [full]: value };
}
