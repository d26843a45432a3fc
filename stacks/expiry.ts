/**
 * A stack's expiry (`dp100-labs:expiresOn`, a UTC calendar date): the one rule for when it has
 * passed, shared by the offline plan, `cohort init` and `cohort destroy --expired`. Pure.
 */

/** Today's date in UTC, `YYYY-MM-DD`. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Expired once the expiry day is over: `expiresOn` strictly before today (both UTC dates). */
export function isExpired(expiresOn: string, today: string): boolean {
  return expiresOn < today;
}

/** What an expired stack is in for, said the same way by the plan and by `cohort init`. */
export function expiredMessage(expiresOn: string, today: string): string {
  return (
    `dp100-labs:expiresOn ${expiresOn} has passed (today is ${today} UTC): the daily expiry ` +
    `workflow ('npm run cohort -- destroy --expired') destroys this stack at its next run; ` +
    `set dp100-labs:expiresOn to the course's last day or later`
  );
}

/** The configuration key of a stack's expiry; `cohort init` mirrors it into a stack tag of that name. */
export const EXPIRES_ON_KEY = "dp100-labs:expiresOn";

/** The value the program tags and exports when no expiry is configured. */
export const NO_EXPIRY = "none";
