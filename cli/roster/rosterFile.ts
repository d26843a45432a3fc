import * as fs from "fs";
import { ConfigError, Learner, NAMESPACE, validateRoster } from "../../stacks/config";
import { readRosterCsv, RosterError, RosterRow } from "../../stacks/roster";
import { Directory, isPermissionError, permissionHelp } from "./graph";
import { resolveAddresses, Resolution, unresolvedReport } from "./resolve";

/**
 * A roster file made ready for a cohort: read with the one reader, e-mail-only rows resolved
 * through the directory (members, guests, and with `invite` new guests), every row validated by the
 * program's own rules. Used by `npm run roster -- resolve` and `npm run cohort -- init`.
 * Throws RosterProblem (exit status 2, nothing written) with every problem at once.
 */

export class RosterProblem extends Error {}

export interface PreparedRoster {
  readonly rows: readonly RosterRow[];
  readonly learners: readonly Learner[];
  /** Lower-case e-mail -> object id, for the rows that gave only an e-mail. */
  readonly resolved: Readonly<Record<string, string>>;
  readonly resolution?: Resolution;
}

export async function prepareRoster(
  file: string,
  shownAs: string,
  directory: (() => Directory) | undefined,
  opts: {
    invite?: boolean;
    /** Validate the rows with the program's rules (default true; init validates them later). */
    validate?: boolean;
  } = {},
): Promise<PreparedRoster> {
  const rows = readRosterRows(file, shownAs);
  const pending = rows.filter((r) => !r.objectId && r.email);
  // Checked before any Graph call (checkRosterRows); the whole roster again once resolved.
  if (opts.validate !== false && pending.length > 0) checkRosterRows(rows, shownAs);
  let resolution: Resolution | undefined;
  if (pending.length > 0) {
    if (!directory) {
      throw new RosterProblem(
        `--roster '${shownAs}': ${pending.length} row(s) give only an e-mail and no directory is available to resolve them`,
      );
    }
    try {
      resolution = await resolveAddresses(
        pending.map((r) => ({
          line: r.line,
          who: r.id,
          email: r.email!,
          displayName: r.displayName,
        })),
        directory(),
        { invite: opts.invite },
      );
    } catch (e) {
      if (isPermissionError(e)) throw new RosterProblem(permissionHelp(e, opts.invite === true));
      throw e;
    }
    if (resolution.unresolved.length > 0) {
      throw new RosterProblem(unresolvedReport(shownAs, resolution).join("\n"));
    }
  }
  const resolved = resolution?.objectIds ?? {};
  if (opts.validate === false) return { rows, learners: rows, resolved, resolution };
  return { rows, learners: validateRows(rows, shownAs, resolved), resolved, resolution };
}

/** The rows of a roster CSV file; RosterProblem naming the file (and line) when it cannot be read. */
export function readRosterRows(file: string, shownAs: string): RosterRow[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new RosterProblem(
      `--roster '${file}' cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): give the path of a CSV with the header id,objectId,email,displayName`,
    );
  }
  try {
    return readRosterCsv(text, shownAs);
  } catch (e) {
    if (e instanceof RosterError) throw new RosterProblem(`--roster ${e.message}`);
    throw e;
  }
}

/**
 * The rows' mistakes other than an unresolved e-mail (a repeated id, a malformed object id...),
 * found before any Graph call so nobody is looked up or invited for a roster that would be refused
 * afterwards. RosterProblem naming the line.
 */
export function checkRosterRows(rows: readonly RosterRow[], shownAs: string): void {
  validateRows(rows, shownAs, placeholderObjectIds(rows));
}

/** A placeholder object id for each e-mail-only row, distinct per row, for checks before Graph. */
export function placeholderObjectIds(rows: readonly RosterRow[]): Record<string, string> {
  const pending = rows.filter((r) => !r.objectId && r.email);
  return Object.fromEntries(
    pending.map((r, i) => [
      r.email!.toLowerCase(),
      `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    ]),
  );
}

/** The program's rules over the rows (stacks/config/learners.ts); ConfigError as the program's. */
export function validateRosterRows(
  rows: readonly RosterRow[],
  shownAs: string,
  resolved: Readonly<Record<string, string>>,
): Learner[] {
  return validateRoster(
    `${NAMESPACE}:rosterFile '${shownAs}'`,
    rows.map(({ line: _line, ...learner }) => learner),
    { lines: rows.map((r) => r.line), file: shownAs, resolved },
  );
}

/** The program's rules over the rows (stacks/config/learners.ts); RosterProblem naming the line. */
function validateRows(
  rows: readonly RosterRow[],
  shownAs: string,
  resolved: Readonly<Record<string, string>>,
): Learner[] {
  try {
    return validateRosterRows(rows, shownAs, resolved);
  } catch (e) {
    if (e instanceof ConfigError) throw new RosterProblem(`--roster ${e.message}`);
    throw e;
  }
}
