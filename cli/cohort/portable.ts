import { NAMESPACE } from "../../stacks/config";
import { EXPIRES_ON_KEY } from "../../stacks/expiry";
import { RosterRow } from "../../stacks/roster";
import { StackConfig } from "./types";

/**
 * What `cohort init` writes so that a stack carries what it needs, wherever it is used:
 * - the roster goes into the foundation's own configuration (`dp100-labs:learners`, each row with
 *   its object id, e-mail rows resolved), never a path to the CSV: stack files are git-ignored and
 *   rosters too (personal data), so a path would point nowhere on another machine or a CI runner;
 * - the expiry goes into a stack tag as well as the configuration: tags live in the backend, so
 *   `destroy --expired` on a clean checkout (no stack files) still reads it (expired.ts).
 * Re-running `init` with the edited roster rewrites the learners.
 */

/** The foundation's roster as configuration: one object per row, object ids filled in. */
export function inlineRoster(
  rows: readonly RosterRow[],
  resolved: Readonly<Record<string, string>>,
): StackConfig {
  const learners = rows.map((r) => {
    const objectId = r.objectId ?? (r.email ? resolved[r.email.toLowerCase()] : undefined);
    return {
      id: r.id,
      ...(objectId ? { objectId } : {}),
      ...(r.email ? { email: r.email } : {}),
      ...(r.displayName ? { displayName: r.displayName } : {}),
    };
  });
  return { [`${NAMESPACE}:learners`]: JSON.stringify(learners) };
}

/**
 * The foundation's extra configuration as `init` checked it (with the roster file and the ids
 * resolved for its e-mail rows) turned into what it writes: the learners inline instead.
 */
export function portableRoster(
  checked: StackConfig,
  roster: {
    readonly rows: readonly RosterRow[];
    readonly resolved: Readonly<Record<string, string>>;
  },
): StackConfig {
  const { [`${NAMESPACE}:learnerObjectIds`]: _resolved, ...rest } = checked;
  void _resolved;
  return { ...rest, ...inlineRoster(roster.rows, roster.resolved) };
}

/** The stack tags of a cohort stack: its expiry, when it has one. */
export function expiryTags(expiresOn: string | undefined): Record<string, string> {
  return expiresOn ? { [EXPIRES_ON_KEY]: expiresOn } : {};
}
