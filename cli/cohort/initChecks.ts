import { placeholderObjectIds, readRosterRows, validateRosterRows } from "../roster/rosterFile";
import { ConfigError, readConfig } from "../../stacks/config";
import { expiredMessage, isExpired, utcDate } from "../../stacks/expiry";
import { InitOptions, UsageError } from "./args";
import { buildStackConfig } from "./config";
import { StackConfig } from "./types";

/**
 * What `cohort init` checks before it creates any stack: the expiry date against today, and each
 * stack's configuration through the program's own validation (stacks/config/validate.ts `readConfig`, the
 * roster file included), so that what `init` writes is what `pulumi up` accepts.
 */

/** The flag that lets `init` write an expiry date that has already passed. */
export const ALLOW_PAST_EXPIRY = "allow-past-expiry";

/** A stack configuration as the Pulumi CLI hands it to the program (lists as JSON text). */
export function configSource(config: StackConfig) {
  return (namespace: string, key: string): string | undefined => {
    const v = config[`${namespace}:${key}`];
    return v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
  };
}

/** Throws UsageError when `--expires-on` has passed, unless `allowPast`. */
export function checkInitExpiry(opts: InitOptions, allowPast: boolean, nowMs: number): void {
  const today = utcDate(nowMs);
  if (opts.expiresOn && isExpired(opts.expiresOn, today) && !allowPast) {
    throw new UsageError(
      `--expires-on '${opts.expiresOn}' has passed (today is ${today} UTC): the daily expiry workflow would destroy the cohort at its next run. Give the course's last day or later, or add --${ALLOW_PAST_EXPIRY} if that is what you mean. No stack was created.`,
    );
  }
}

/**
 * Throws UsageError when a lab stack's configuration, as `init` would write it, fails the
 * program's validation (the roster included); nothing has been created then.
 */
export function validateInitConfig(opts: InitOptions, extra: StackConfig = {}): void {
  for (const labId of opts.labs) {
    // `extra`: init's settings flags and the object ids resolved from e-mail rows.
    const config = { ...buildStackConfig({ ...opts, labId }), ...extra };
    try {
      readConfig(configSource(config));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      throw new UsageError(`configuration error: ${e.message}. No stack was created.`);
    }
  }
}

/**
 * The roster's rows checked with the program's rules before anything else needs the Pulumi CLI or
 * Microsoft Graph (e-mail-only rows stand in with placeholder ids until they are resolved).
 */
export function checkInitRoster(opts: InitOptions): void {
  const rows = readRosterRows(opts.rosterFile, opts.rosterFile);
  try {
    validateRosterRows(rows, opts.rosterFile, placeholderObjectIds(rows));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new UsageError(`configuration error: ${e.message}. No stack was created.`);
  }
}

/** Lines `init` prints about the expiry: none when a future date is set. */
export function initExpiryNotes(opts: InitOptions, nowMs: number): string[] {
  const today = utcDate(nowMs);
  if (!opts.expiresOn) {
    return [
      `warning: no --expires-on: nothing will clean cohort ${opts.cohort} up. The daily expiry workflow skips stacks without a date; destroy them yourself with 'npm run cohort -- destroy --cohort ${opts.cohort} --yes', or re-run init with --expires-on YYYY-MM-DD.`,
    ];
  }
  if (isExpired(opts.expiresOn, today)) {
    return [`warning (--${ALLOW_PAST_EXPIRY}): ${expiredMessage(opts.expiresOn, today)}`];
  }
  return [];
}
