/**
 * Azure facts: the formats of values Azure takes, written once (pure, no Pulumi import). The
 * configuration, the guardrails, the policy pack and the command line all check with these.
 */

/**
 * A GUID as Azure writes ids (Entra object and tenant ids, subscription ids, role definition
 * names): 8-4-4-4-12 hexadecimal digits, any case. The source text, for JSON schemas (which take
 * no flags: both cases are spelled out), and the pattern.
 * Source: https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#guid
 * (the `guid` function's result, and the format of the ids it names).
 */
export const GUID_SOURCE =
  "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
export const GUID = new RegExp(GUID_SOURCE);

/** Whether `value` is a GUID (see GUID). */
export function isGuid(value: unknown): value is string {
  return typeof value === "string" && GUID.test(value);
}

/**
 * An e-mail address as far as this project checks one before Azure does: one `@`, no spaces, a dot
 * in the domain. Azure Monitor's action groups take the address as a string
 * (REST spec Microsoft.Insights actionGroups, `EmailReceiver.emailAddress`) and mail it.
 */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether `value` looks like an e-mail address (see EMAIL). */
export function isEmail(value: unknown): value is string {
  return typeof value === "string" && EMAIL.test(value);
}

/**
 * A VM size name as ARM writes it: a tier (`Standard` or `Basic`), `_`, then letters, digits and
 * `_` (`Standard_DS11_v2`). Source: https://learn.microsoft.com/azure/virtual-machines/vm-naming-conventions.
 */
export const VM_SIZE_SOURCE = "^(Standard|Basic)_[A-Za-z0-9_]+$";

/**
 * A tag name Azure accepts: 1-512 characters, none of `<`, `>`, `%`, `&`, `\`, `?`, `/`.
 * Source: https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations.
 */
export const TAG_NAME_SOURCE = "^[^<>%&\\\\?/]{1,512}$";

/**
 * A region's programmatic name (`westeurope`, `eastus2`): lower-case letters and digits. The one
 * list of regions is azure/regions.ts; this is only the shape, for a value not checked against it.
 * Source: https://learn.microsoft.com/azure/reliability/regions-list (programmatic names).
 */
export const REGION_NAME = /^[a-z][a-z0-9]*$/;

/**
 * A time of day on a 24-hour clock, `H:MM` or `HH:MM` (`9:00`, `09:00`, `18:30`). Azure ML takes a
 * compute schedule as a cron expression in NCronTab format whose minute and hour fields are plain
 * numbers (`0 9 * * *`), so `9:00` and `09:00` are the same schedule
 * (REST spec Microsoft.MachineLearningServices, `Cron.expression`: "The expression should follow
 * NCronTab format"; https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#schedule-automatic-start-and-stop).
 */
export const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** The hour and minute of a CLOCK_TIME, or undefined when `value` is not one. */
export function parseClockTime(value: string): { hour: number; minute: number } | undefined {
  const m = CLOCK_TIME.exec(value);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

/**
 * Parses an ISO 8601 duration of days, hours, minutes and seconds (`P1D`, `PT30M`, `P1DT2H`,
 * `PT90S`, also weeks `P1W`), any case, into seconds. Years and months have no fixed length and
 * give undefined, as does anything that is not such a duration. Azure takes ISO 8601 durations for
 * e.g. a compute instance's `idleTimeBeforeShutdown` and a cluster's `nodeIdleTimeBeforeScaleDown`
 * (REST spec Microsoft.MachineLearningServices, `format: duration`).
 */
export function parseIsoDuration(value: string): number | undefined {
  const weeks = /^P(\d+)W$/i.exec(value);
  if (weeks) return Number(weeks[1]) * 7 * 86400;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value);
  if (!m || value.toUpperCase() === "P" || /T$/i.test(value)) return undefined;
  const [, d, h, min, s] = m;
  if (d === undefined && h === undefined && min === undefined && s === undefined) return undefined;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

/** Whole seconds as an ISO 8601 duration (`120` -> `PT120S`). */
export function isoDurationSeconds(seconds: number): string {
  return `PT${seconds}S`;
}

/** Whole minutes as an ISO 8601 duration (`30` -> `PT30M`). */
export function isoDurationMinutes(minutes: number): string {
  return `PT${minutes}M`;
}
