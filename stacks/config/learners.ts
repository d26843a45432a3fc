import * as fs from "fs";
import * as path from "path";
import { readRosterCsv, RosterError } from "../roster";
import { ConfigError } from "./errors";
import { EMAIL, GUID } from "../../azure/formats";
import { optionalString, Reader } from "./reader";
import { readLearnerObjectIds } from "./structured";

/**
 * The roster: learners given inline (`dp100-labs:learners`) or as a CSV file
 * (`dp100-labs:rosterFile`, read by stacks/roster.ts, the one roster reader), validated here with
 * the rules the command line uses too (cli/roster/rosterFile.ts).
 */

export interface Learner {
  /** Stable key: unique case-insensitively, 1-64 characters, any script. */
  readonly id: string;
  /** Entra object id (GUID); undefined only for the sandbox caller (taken from the client config). */
  readonly objectId?: string;
  readonly email?: string;
  readonly displayName?: string;
}

/** What a cohort name may be, in words. */
export const COHORT_NAME_RULE =
  "1-64 characters of any script without control characters, e.g. 'dp100-mar27' or 'March 2027 London' (Azure names use a short form of it: components/naming.ts cohortNamePart)";

/** Why `name` cannot be a cohort name (the rule of learner ids), or undefined when it can. */
export function cohortNameProblem(name: string): string | undefined {
  const n = name.trim().normalize("NFC");
  if (n.length < 1 || [...n].length > 64 || /[\u0000-\u001f\u007f]/.test(n)) {
    return `use ${COHORT_NAME_RULE}`;
  }
  return undefined;
}

/** Case-insensitive identity of a learner id (NFC, locale-independent lower case). */
export function learnerKey(id: string): string {
  return id.normalize("NFC").toLowerCase();
}

/** How validateRoster names entries and finds object ids resolved from e-mail addresses. */
export interface RosterOptions {
  /** The file line of each entry (a CSV roster), so errors name lines instead of indexes. */
  readonly lines?: readonly number[];
  /** The file the lines belong to. */
  readonly file?: string;
  /**
   * Object ids found for e-mail-only rows (`dp100-labs:learnerObjectIds`, written by
   * `npm run cohort -- init`): lower-case e-mail address -> Entra object id.
   */
  readonly resolved?: Readonly<Record<string, string>>;
}

/** The command that turns e-mail-only roster rows into object ids. */
export const RESOLVE_HELP =
  "resolve them through Microsoft Graph with 'npm run roster -- resolve --roster FILE --out FILE' (or let 'npm run cohort -- init' resolve them), or fill in the objectId column";

/** What validateRoster has seen so far: ids and object ids (case-folded) -> the id that has them. */
interface Seen {
  readonly ids: Map<string, string>;
  readonly objectIds: Map<string, string>;
}

/**
 * Validates a roster: ids, object ids, e-mails, duplicates. A row may give only an `email`: its
 * object id is then taken from `opts.resolved`; every row still without one is reported in one
 * ConfigError (with file lines for a CSV roster). Throws ConfigError naming the learner.
 */
export function validateRoster(
  key: string,
  entries: readonly unknown[],
  opts: RosterOptions = {},
): Learner[] {
  if (entries.length === 0) {
    throw new ConfigError(key, "(empty roster)", "a cohort needs at least one learner");
  }
  const seen: Seen = { ids: new Map(), objectIds: new Map() };
  const unresolved: string[] = [];
  const learners = entries.map((e, i) => {
    const line = opts.lines?.[i];
    const where = line !== undefined ? `${key} line ${line}` : `${key}[${i}]`;
    const learner = learnerEntry(e, where, seen, opts.resolved);
    if (typeof learner === "string") {
      unresolved.push(`${line !== undefined ? `line ${line}` : `[${i}]`} (${learner})`);
    }
    return learner;
  });
  if (unresolved.length > 0) {
    throw new ConfigError(
      key,
      `${unresolved.length} row(s) with an e-mail but no object id: ${unresolved.join("; ")}`,
      RESOLVE_HELP,
    );
  }
  return learners as Learner[];
}

/** One roster entry checked, or `id, email` of a row still to resolve. */
function learnerEntry(
  e: unknown,
  where: string,
  seen: Seen,
  resolved: Readonly<Record<string, string>> | undefined,
): Learner | string {
  if (typeof e !== "object" || e === null || Array.isArray(e)) {
    throw new ConfigError(
      where,
      JSON.stringify(e),
      "each learner is an object {id, objectId or email, email?, displayName?}",
    );
  }
  const o = e as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!["id", "objectId", "email", "displayName"].includes(k)) {
      throw new ConfigError(
        `${where}.${k}`,
        JSON.stringify(o[k]),
        "a learner has only id, objectId, email and displayName",
      );
    }
  }
  const id = learnerId(o.id, where, seen);
  const email = optionalString(o.email, `${where}.email`);
  if (email !== undefined && !EMAIL.test(email)) {
    throw new ConfigError(
      `${where}.email`,
      `'${email}'`,
      `learner '${id}' needs an e-mail address like ada@example.com, or none`,
    );
  }
  const given =
    o.objectId === undefined || o.objectId === null || o.objectId === ""
      ? email !== undefined
        ? resolved?.[email.toLowerCase()]
        : undefined
      : o.objectId;
  if (given === undefined && email !== undefined) return `${id}, ${email}`;
  const objectId = learnerObjectId(given, o.objectId, id, where, seen);
  const displayName = optionalString(o.displayName, `${where}.displayName`);
  return { id, objectId, ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) };
}

function learnerId(raw: unknown, where: string, seen: Seen): string {
  const id = typeof raw === "string" ? raw.trim().normalize("NFC") : raw;
  if (typeof id !== "string" || id.length < 1 || [...id].length > 64) {
    throw new ConfigError(
      `${where}.id`,
      JSON.stringify(raw),
      "a learner id is 1-64 characters of any script",
    );
  }
  if (/[\u0000-\u001f\u007f]/.test(id)) {
    throw new ConfigError(
      `${where}.id`,
      JSON.stringify(id),
      "a learner id has no control characters",
    );
  }
  const k = learnerKey(id);
  if (seen.ids.has(k)) {
    throw new ConfigError(
      `${where}.id`,
      `'${id}'`,
      `learner ids are unique case-insensitively; '${seen.ids.get(k)}' is already on the roster`,
    );
  }
  seen.ids.set(k, id);
  return id;
}

function learnerObjectId(
  given: unknown,
  raw: unknown,
  id: string,
  where: string,
  seen: Seen,
): string {
  if (typeof given !== "string" || !GUID.test(given)) {
    throw new ConfigError(
      `${where}.objectId`,
      JSON.stringify(raw ?? null),
      `learner '${id}' needs an Entra object id, a GUID like 00000000-0000-0000-0000-000000000000, or an email to resolve`,
    );
  }
  const objectId = given.toLowerCase();
  if (seen.objectIds.has(objectId)) {
    throw new ConfigError(
      `${where}.objectId`,
      `'${given}'`,
      `each learner has their own object id; '${seen.objectIds.get(objectId)}' already uses it`,
    );
  }
  seen.objectIds.set(objectId, id);
  return objectId;
}

/**
 * The cohort's roster: `rosterFile` (a CSV, relative to `baseDir`) or `learners` (inline), not
 * both; e-mail-only rows completed from `learnerObjectIds`.
 */
export function readRoster(r: Reader, baseDir: string): Learner[] {
  const inline = r.json("learners");
  const file = r.string("rosterFile");
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError(
      r.full("rosterFile"),
      `'${file}'`,
      "set either dp100-labs:learners or dp100-labs:rosterFile, not both",
    );
  }
  const resolved = readLearnerObjectIds(r, "learnerObjectIds");
  if (file !== undefined) return readRosterFile(r, path.resolve(baseDir, file), file, resolved);
  if (inline === undefined) {
    throw new ConfigError(
      r.full("learners"),
      "(not set)",
      "cohort mode needs a roster: dp100-labs:learners (a list) or dp100-labs:rosterFile (a CSV)",
    );
  }
  if (!Array.isArray(inline)) {
    throw new ConfigError(
      r.full("learners"),
      JSON.stringify(inline),
      "a list of {id, objectId, email?, displayName?}",
    );
  }
  return validateRoster(r.full("learners"), inline, { resolved });
}

function readRosterFile(
  r: Reader,
  abs: string,
  file: string,
  resolved: Readonly<Record<string, string>>,
): Learner[] {
  let text: string;
  try {
    text = fs.readFileSync(abs, "utf8");
  } catch (e) {
    throw new ConfigError(
      r.full("rosterFile"),
      `'${file}'`,
      `a readable CSV file (${(e as Error).message})`,
    );
  }
  let rows;
  try {
    rows = readRosterCsv(text, file);
  } catch (e) {
    if (!(e instanceof RosterError)) throw e;
    const at = [e.line && `line ${e.line}`, e.column && `column ${e.column}`].filter(Boolean);
    throw new ConfigError(
      r.full("rosterFile"),
      `'${file}'${at.length ? ` ${at.join(", ")}` : ""} (${e.problem})`,
      e.accepted,
    );
  }
  return validateRoster(
    `${r.full("rosterFile")} '${file}'`,
    rows.map(({ line: _line, ...learner }) => learner),
    { lines: rows.map((row) => row.line), file, resolved },
  );
}
