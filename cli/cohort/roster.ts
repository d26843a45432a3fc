/**
 * Just enough of the roster CSV for the command line: `init` checks the file is there and has the
 * columns, `handout` adds names and e-mail addresses. The stack program validates the roster fully
 * (GUIDs, duplicates) when it runs.
 */

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM ignored. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === "") {
      quoted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += ch;
    }
  }
  if (quoted) throw new Error("a quoted field is not closed");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}

export interface RosterLearner {
  readonly id: string;
  readonly email?: string;
  readonly displayName?: string;
}

/**
 * The learners of a roster CSV (header `id,objectId,email,displayName`, any order, case-insensitive).
 * Throws with a message naming the problem when the header lacks `id` or `objectId` or there are no
 * learners.
 */
export function readRoster(text: string): RosterLearner[] {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new Error("the file is empty");
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name.toLowerCase());
  const idCol = col("id");
  const objectIdCol = col("objectId");
  if (idCol < 0 || objectIdCol < 0) {
    throw new Error(
      `the header must have the columns id,objectId (and optionally email,displayName); it has: ${rows[0].join(",")}`,
    );
  }
  const emailCol = col("email");
  const nameCol = col("displayName");
  const learners = rows.slice(1).map((r) => {
    const get = (c: number) => (c >= 0 && r[c] !== undefined ? r[c].trim() : "");
    return {
      id: get(idCol),
      ...(get(emailCol) ? { email: get(emailCol) } : {}),
      ...(get(nameCol) ? { displayName: get(nameCol) } : {}),
    };
  });
  if (learners.length === 0) throw new Error("it has a header but no learners");
  return learners;
}
