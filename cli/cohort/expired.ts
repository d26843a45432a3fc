import { cohortNamePart } from "../../components/naming";
import { isIsoDate, shortStackName } from "./config";
import { isExpired } from "../../stacks/expiry";
import { StackDriver, StackListing } from "./types";

/**
 * `destroy --expired`: which stacks have passed their `dp100-labs:expiresOn`. The date is read from
 * the stack's `expiresOn` output first (it lives in the state, so it works on a machine without the
 * stack's Pulumi.<stack>.yaml, as in CI), then from the stack configuration.
 */

export type ExpiryAction = "destroy" | "keep" | "error";

export interface ExpiryDecision {
  readonly stack: string;
  readonly action: ExpiryAction;
  readonly reason: string;
}

export { isExpired, utcDate } from "../../stacks/expiry";

async function expiresOnOf(driver: StackDriver, stack: string): Promise<string | undefined> {
  const outputs = await driver.outputs(stack);
  const fromOutput = outputs.expiresOn;
  // The program exports "none" when no date is configured.
  if (typeof fromOutput === "string" && fromOutput) return fromOutput;
  return driver.getConfig(stack, "dp100-labs:expiresOn");
}

/**
 * Decides, stack by stack, whether `destroy --expired` destroys it. Stacks without a date, with a
 * date still to come, or already empty are kept; a stack whose date cannot be read is an error
 * (reported, not destroyed). With `cohort`, only that cohort's stacks are considered.
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
    let expiresOn: string | undefined;
    try {
      expiresOn = await expiresOnOf(driver, s.name);
    } catch (e) {
      decisions.push({
        stack: s.name,
        action: "error",
        reason: `could not read its expiresOn: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
      });
      continue;
    }
    if (!expiresOn || expiresOn === "none") {
      decisions.push({ stack: s.name, action: "keep", reason: "no expiresOn" });
    } else if (!isIsoDate(expiresOn)) {
      decisions.push({
        stack: s.name,
        action: "error",
        reason: `expiresOn '${expiresOn}' is not a date YYYY-MM-DD`,
      });
    } else if (!isExpired(expiresOn, today)) {
      decisions.push({ stack: s.name, action: "keep", reason: `expires on ${expiresOn}` });
    } else if (s.resourceCount === 0) {
      decisions.push({
        stack: s.name,
        action: "keep",
        reason: `expired on ${expiresOn}, already empty`,
      });
    } else {
      decisions.push({ stack: s.name, action: "destroy", reason: `expired on ${expiresOn}` });
    }
  }
  return decisions;
}
