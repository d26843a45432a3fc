import { parse } from "csv-parse/sync";

/**
 * The one reader of roster CSV files, used by the stack program (stacks/config/learners.ts, for
 * `dp100-labs:rosterFile`) and by the command line (`npm run cohort -- init`, `npm run roster`).
 * Parsing is csv-parse's (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a UTF-8 byte-order
 * mark); this module knows the columns. Pure: no Pulumi, no file system.
 *
 * Columns, in any order and any case: `id` (required), `objectId`, `email`, `displayName`. A row
 * needs an `objectId` (the learner's Entra object id) or an `email` (a UPN or e-mail address that
 * `npm run roster -- resolve` or `cohort init` turns into an object id through Microsoft Graph).
 */

/** The roster's columns, as written in the documentation. */
export const ROSTER_COLUMNS = ["id", "objectId", "email", "displayName"] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** One learner row, with the file line it starts on (1 = the header). Cells are trimmed; empty cells are absent. */
export interface RosterRow {
  readonly line: number;
  readonly id: string;
  readonly objectId?: string;
  readonly email?: string;
  readonly displayName?: string;
}

/** A roster file that cannot be read as a roster: where (line, column) and what is accepted. */
export class RosterError extends Error {
  constructor(
    /** The file as the user named it. */
    readonly file: string,
    /** 1-based file line, when the problem has one. */
    readonly line: number | undefined,
    /** The column (its header name or 1-based position), when the problem has one. */
    readonly column: string | undefined,
    /** What is wrong. */
    readonly problem: string,
    /** What would be accepted. */
    readonly accepted: string,
  ) {
    const where = [
      line !== undefined ? `line ${line}` : undefined,
      column !== undefined ? `column ${column}` : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    super(`'${file}'${where ? ` ${where}` : ""}: ${problem}; ${accepted}`);
    this.name = "RosterError";
  }
}

const HEADER_HELP = `the header names the columns ${ROSTER_COLUMNS.join(",")} (any order and case; id and one of objectId or email are required)`;

/** The canonical column for a header cell (case, spaces, '_' and '-' ignored), or undefined. */
export function rosterColumn(header: string): RosterColumn | undefined {
  const k = header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
  return ROSTER_COLUMNS.find((c) => c.toLowerCase() === k);
}

interface CsvParseError extends Error {
  readonly code?: string;
  readonly lines?: number;
  readonly column?: string | number | null;
  readonly index?: number;
}

/**
 * Reads a roster CSV. Throws RosterError naming the file line (and column) of the first problem in
 * the file's shape: an unknown or repeated column, a row with a different number of fields, a
 * broken quote, a row without id, a file without learners. The values themselves (GUIDs, e-mail
 * addresses, duplicates) are checked by stacks/config/learners.ts validateRoster, which sees every row.
 */
export function readRosterCsv(text: string, file: string): RosterRow[] {
  let header: RosterColumn[] = [];
  let records: CsvRecord[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      columns: (cells: string[]) => (header = rosterHeader(cells, file)),
    }) as CsvRecord[];
  } catch (e) {
    if (e instanceof RosterError) throw e;
    throw csvParseProblem(e as CsvParseError, file, header.length);
  }
  if (header.length === 0) {
    throw new RosterError(file, undefined, undefined, "the file is empty", HEADER_HELP);
  }
  if (records.length === 0) {
    throw new RosterError(
      file,
      undefined,
      undefined,
      "it has a header but no learners",
      "add one line per learner",
    );
  }
  return records.map((r) => rosterRow(r, file));
}

type CsvRecord = { record: Record<string, string>; info: { lines: number } };

/** The roster's columns from its header line; RosterError (line 1) for an unknown, repeated or missing column. */
function rosterHeader(cells: string[], file: string): RosterColumn[] {
  const header = cells.map((cell, i) => {
    const col = rosterColumn(cell);
    if (!col) {
      throw new RosterError(file, 1, String(i + 1), `unknown column '${cell}'`, HEADER_HELP);
    }
    return col;
  });
  const dup = header.find((c, i) => header.indexOf(c) !== i);
  if (dup) throw new RosterError(file, 1, dup, `the column ${dup} appears twice`, HEADER_HELP);
  if (!header.includes("id") || !(header.includes("objectId") || header.includes("email"))) {
    throw new RosterError(
      file,
      1,
      undefined,
      `the header '${cells.join(",")}' lacks ${header.includes("id") ? "objectId or email" : "id"}`,
      HEADER_HELP,
    );
  }
  return header;
}

/** csv-parse's error as a RosterError naming the line and column, and what the file should hold. */
function csvParseProblem(err: CsvParseError, file: string, fields: number): RosterError {
  const column =
    typeof err.column === "string"
      ? err.column
      : typeof err.index === "number"
        ? String(err.index + 1)
        : undefined;
  const accepted =
    err.code === "CSV_RECORD_INCONSISTENT_COLUMNS" ||
    err.code === "CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH"
      ? `every line has ${fields} fields like the header (quote a field that holds a comma)`
      : 'quote a whole field with " and double the quotes inside it';
  return new RosterError(file, err.lines, column, err.message.replace(/\s*\n.*$/s, ""), accepted);
}

/** One learner's row, with the file line it starts on; RosterError when it has no id. */
function rosterRow({ record, info }: CsvRecord, file: string): RosterRow {
  // info.lines is the line the record ends on; a quoted field may span lines, so count back.
  const spans = Object.values(record).reduce(
    (n, v) => n + (v.match(/\r\n|\n|\r/g)?.length ?? 0),
    0,
  );
  const line = info.lines - spans;
  if (!record.id) {
    throw new RosterError(
      file,
      line,
      "id",
      "the learner has no id",
      "every row needs an id (1-64 characters)",
    );
  }
  const row: Record<string, string | number> = { line };
  for (const c of ROSTER_COLUMNS) if (record[c]) row[c] = record[c];
  return row as unknown as RosterRow;
}

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A roster as CSV with the documented header (CRLF line ends, as RFC 4180 writes them). */
export function formatRosterCsv(rows: ReadonlyArray<Omit<RosterRow, "line">>): string {
  const lines = [ROSTER_COLUMNS.join(",")];
  for (const r of rows) lines.push(ROSTER_COLUMNS.map((c) => csvCell(r[c] ?? "")).join(","));
  return lines.join("\r\n") + "\r\n";
}
