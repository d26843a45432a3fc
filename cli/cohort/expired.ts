import { cohortNamePart } from "../../components/naming";
import { isIsoDate, shortStackName } from "./config";
import { EXPIRES_ON_KEY, isExpired, NO_EXPIRY } from "../../stacks/expiry";
import { StackDriver, StackListing, StateResource } from "./types";

/**
 * `destroy --expired`: which stacks have passed their `dp100-labs:expiresOn`.
 *
 * A stack's expiry is recorded in several places, and a clean CI checkout (no Pulumi.<stack>.yaml:
 * stack files are git-ignored) can read only those in the backend. Every place this machine can
 * read is consulted:
 * - the stack configuration, where the stack file is on this machine;
 * - the stack tag `dp100-labs:expiresOn`, which `cohort init` and `cohort config set` write with the
 *   configuration (stack tags live in the backend: `pulumi stack tag ls`);
 * - the stack output `expiresOn`, after a successful `up`;
 * - the `expiresOn` tag of each resource in the state, which the program puts on everything that
 *   takes tags: a stack whose first `up` failed half-way has these on what it did create.
 * A stack is destroyed only when every record says its date has passed (the latest date counts,
 * and a record of no expiry keeps it): a destroy cannot be undone, a day more of cost can.
 */

export type ExpiryAction = "destroy" | "keep" | "error";

export interface ExpiryDecision {
  readonly stack: string;
  readonly action: ExpiryAction;
  readonly reason: string;
}

/** One place a stack's expiry is recorded, and the value there. */
export interface ExpiryRecord {
  readonly where: "configuration" | "stack tag" | "output" | "resource tags";
  readonly value: string;
}

export { isExpired, utcDate } from "../../stacks/expiry";

/** The `expiresOn` tag of a resource in the state (its inputs, else its outputs). */
export function resourceExpiryTag(r: StateResource): string | undefined {
  for (const props of [r.inputs, r.outputs]) {
    const tags = props?.tags;
    if (tags && typeof tags === "object" && !Array.isArray(tags)) {
      const v = (tags as Record<string, unknown>).expiresOn;
      if (typeof v === "string" && v) return v;
    }
  }
  return undefined;
}

/** Every record of the stack's expiry this machine can read, each distinct (place, value) once. */
export async function expiryRecords(driver: StackDriver, stack: string): Promise<ExpiryRecord[]> {
  const records: ExpiryRecord[] = [];
  const add = (where: ExpiryRecord["where"], value: unknown) => {
    if (typeof value !== "string" || !value) return;
    if (!records.some((r) => r.where === where && r.value === value)) {
      records.push({ where, value });
    }
  };
  add("configuration", await driver.getConfig(stack, EXPIRES_ON_KEY));
  if (driver.tags) add("stack tag", (await driver.tags(stack))[EXPIRES_ON_KEY]);
  add("output", (await driver.outputs(stack)).expiresOn);
  for (const r of await driver.resources(stack)) add("resource tags", resourceExpiryTag(r));
  return records;
}

const wheres = (records: readonly ExpiryRecord[]) =>
  [...new Set(records.map((r) => r.where))].join(", ");

/**
 * The decision for one stack from its records (pure). No record, or one that says no expiry
 * (`none`): keep. A record that is not a date: error (reported, never destroyed). Otherwise the
 * latest date decides; an expired stack the backend lists as empty is kept.
 */
export function decideExpiry(
  stack: string,
  records: readonly ExpiryRecord[],
  today: string,
  resourceCount: number | undefined,
): ExpiryDecision {
  const bad = records.find((r) => r.value !== NO_EXPIRY && !isIsoDate(r.value));
  if (bad) {
    return {
      stack,
      action: "error",
      reason: `expiresOn '${bad.value}' is not a date YYYY-MM-DD (${bad.where})`,
    };
  }
  if (records.length === 0) return { stack, action: "keep", reason: "no expiresOn" };
  const none = records.filter((r) => r.value === NO_EXPIRY);
  if (none.length > 0) {
    return { stack, action: "keep", reason: `no expiresOn (${wheres(none)})` };
  }
  const latest = records.map((r) => r.value).sort()[records.length - 1];
  const from = `(${wheres(records)})`;
  if (!isExpired(latest, today)) {
    return { stack, action: "keep", reason: `expires on ${latest} ${from}` };
  }
  if (resourceCount === 0) {
    return { stack, action: "keep", reason: `expired on ${latest}, already empty` };
  }
  return { stack, action: "destroy", reason: `expired on ${latest} ${from}` };
}

/**
 * Decides, stack by stack, whether `destroy --expired` destroys it. With `cohort`, only that
 * cohort's stacks are considered. A stack whose records cannot be read is an error (reported, not
 * destroyed).
 */
export async function selectExpired(
  driver: StackDriver,
  stacks: readonly StackListing[],
  today: string,
  cohort?: string,
): Promise<ExpiryDecision[]> {
  const decisions: ExpiryDecision[] = [];
  for (const s of stacks) {
    if (cohort && !shortStackName(s.name).startsWith(`${cohortNamePart(cohort)}-`)) continue;
    let records: ExpiryRecord[];
    try {
      records = await expiryRecords(driver, s.name);
    } catch (e) {
      decisions.push({
        stack: s.name,
        action: "error",
        reason: `could not read its expiresOn: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
      });
      continue;
    }
    decisions.push(decideExpiry(s.name, records, today, s.resourceCount));
  }
  return decisions;
}
