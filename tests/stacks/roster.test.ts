import * as fs from "fs";
import * as path from "path";
import { readRosterCsv, RosterError } from "../../stacks/roster";

/** The one roster reader (stacks/roster.ts), shared by the program and the command line. */

const read = (text: string) => readRosterCsv(text, "r.csv");
const failure = (text: string): RosterError => {
  try {
    read(text);
  } catch (e) {
    return e as RosterError;
  }
  throw new Error("expected a RosterError");
};

describe("readRosterCsv", () => {
  it("accepts the header in any order and case, a byte-order mark, CRLF and quoted fields", () => {
    const rows = read(
      '\uFEFFEmail,ID,Display Name\r\nada@x.com,ada,"Lovelace, Ada"\r\n\r\nb@x.com,bob,"Bob ""B"""\r\n',
    );
    expect(rows).toEqual([
      { line: 2, id: "ada", email: "ada@x.com", displayName: "Lovelace, Ada" },
      { line: 4, id: "bob", email: "b@x.com", displayName: 'Bob "B"' },
    ]);
  });

  it("gives each row the file line it starts on, past quoted line breaks", () => {
    const rows = read('id,email,displayName\nada,a@x.com,"two\nlines"\nbob,b@x.com,\n');
    expect(rows.map((r) => [r.id, r.line])).toEqual([
      ["ada", 2],
      ["bob", 4],
    ]);
  });

  it("reads the committed example and the fixtures", () => {
    const example = fs.readFileSync(
      path.join(__dirname, "..", "..", "examples", "roster.csv"),
      "utf8",
    );
    expect(read(example).map((r) => r.id)).toEqual(["ada", "grace", "alan", "zoë"]);
    const emails = fs.readFileSync(
      path.join(__dirname, "..", "fixtures", "cohort-roster-noobjectid.csv"),
      "utf8",
    );
    expect(read(emails)).toEqual([{ line: 2, id: "ada", email: "ada@example.com" }]);
  });

  it.each([
    ["name,objectId\nada,x\n", 1, "1", "unknown column 'name'"],
    ["id,email,EMAIL\nada,a@x,b@x\n", 1, "email", "the column email appears twice"],
    ["id,displayName\nada,Ada\n", 1, undefined, "lacks objectId or email"],
    ["email,objectId\na@x,1\n", 1, undefined, "lacks id"],
    ["id,objectId\nada,1,extra\n", 2, undefined, "every line has 2 fields"],
    ['id,objectId\n"ada,1\n', 2, undefined, "quote a whole field"],
    ["id,email\n,a@b.c\n", 2, "id", "the learner has no id"],
    ["", undefined, undefined, "the file is empty"],
    ["id,objectId\n", undefined, undefined, "no learners"],
  ])("refuses %j at line %s, column %s", (text, line, column, message) => {
    const e = failure(text);
    expect(e).toBeInstanceOf(RosterError);
    expect(e.line).toBe(line);
    if (column !== undefined) expect(e.column).toBe(column);
    expect(e.message).toContain(message);
    expect(e.message).toContain("'r.csv'");
  });
});
