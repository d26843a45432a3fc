import { readConfig, validateRoster } from "../../../stacks/config";
import { guid, tempFile } from "../../helpers/plan";
import { configError, source } from "./source";

describe("rosters", () => {
  const key = "dp100-labs:learners";
  test.each([
    [
      [
        { id: "Ada", objectId: guid(1) },
        { id: "ada", objectId: guid(2) },
      ],
      "[1].id",
      "'ada' is not accepted; learner ids are unique case-insensitively; 'Ada' is already on the roster",
    ],
    [[{ id: "ada", objectId: "1234" }], "[0].objectId", "learner 'ada' needs an Entra object id"],
    [
      [
        { id: "ada", objectId: guid(1) },
        { id: "bob", objectId: guid(1) },
      ],
      "[1].objectId",
      "'ada' already uses it",
    ],
    [[{ id: "", objectId: guid(1) }], "[0].id", "1-64 characters"],
    [[{ id: "x".repeat(65), objectId: guid(1) }], "[0].id", "1-64 characters"],
    [[{ id: "ada", objectId: guid(1), email: "ada" }], "[0].email", "e-mail address"],
    [
      [{ id: "ada", objectId: guid(1), role: "admin" }],
      "[0].role",
      "only id, objectId, email and displayName",
    ],
    [["ada"], "[0]", "each learner is an object"],
  ])("%j is refused at %s", (entries, where, message) => {
    expect(() => validateRoster(key, entries)).toThrow(`${key}${where}`);
    expect(() => validateRoster(key, entries)).toThrow(message);
  });

  test("ids of any script, 64 characters, are accepted", () => {
    const ids = ["Zoë", "李雷", "o'brien", "12345", "mary ann", "é".repeat(64)];
    const roster = validateRoster(
      key,
      ids.map((id, i) => ({ id, objectId: guid(i + 1) })),
    );
    expect(roster.map((l) => l.id)).toEqual(ids);
  });

  test("malformed CSV is refused with the file line", () => {
    const rosterError = (text: string) => {
      const file = tempFile("r.csv", text);
      return configError({
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:rosterFile": file,
      }).message;
    };
    expect(rosterError("name,objectId\nada,x\n")).toContain(
      "line 1, column 1 (unknown column 'name')",
    );
    expect(rosterError(`id,objectId\nada,${guid(1)},extra\n`)).toContain("line 2");
    expect(rosterError(`id,objectId\nada,${guid(1)},extra\n`)).toContain("every line has 2 fields");
    expect(rosterError(`id,objectId\n"ada,${guid(1)}\n`)).toContain("quote a whole field");
    expect(rosterError("")).toContain("the file is empty");
  });

  test("a header in another order and case is read like the documented one", () => {
    const file = tempFile("r.csv", `EMAIL,ObjectID,Id\nada@example.com,${guid(1)},ada\n`);
    const cfg = readConfig(
      source({
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:rosterFile": file,
      }),
    );
    expect(cfg.learners).toEqual([{ id: "ada", objectId: guid(1), email: "ada@example.com" }]);
  });
});

describe("e-mail-only rosters", () => {
  const roster = () =>
    tempFile(
      "r.csv",
      `id,email,objectId\nada,Ada@Example.com,\ngrace,grace@example.com,${guid(2)}\nalan,alan@example.com,\n`,
    );
  const cohort = (extra: Record<string, unknown>) => ({
    "dp100-labs:mode": "cohort",
    "dp100-labs:cohort": "c24",
    "dp100-labs:rosterFile": roster(),
    ...extra,
  });

  test("every row still to resolve is named by its file line, in one error", () => {
    const e = configError(cohort({}));
    expect(e.key).toMatch(/^dp100-labs:rosterFile '.*r\.csv'$/);
    expect(e.message).toContain(
      "2 row(s) with an e-mail but no object id: line 2 (ada, Ada@Example.com); line 4 (alan, alan@example.com)",
    );
    expect(e.message).toContain("npm run roster -- resolve");
  });

  test("object ids resolved by init (learnerObjectIds) complete the roster, matched without case", () => {
    const cfg = readConfig(
      source(
        cohort({
          "dp100-labs:learnerObjectIds": {
            "ada@example.com": guid(1),
            "alan@example.com": guid(3),
          },
        }),
      ),
    );
    expect(cfg.learners.map((l) => [l.id, l.objectId])).toEqual([
      ["ada", guid(1)],
      ["grace", guid(2)],
      ["alan", guid(3)],
    ]);
  });

  test("learnerObjectIds that is not a map of e-mail to GUID is refused", () => {
    const e = configError(cohort({ "dp100-labs:learnerObjectIds": { ada: "x" } }));
    expect(e.key).toBe("dp100-labs:learnerObjectIds");
    expect(e.message).toContain("a map of e-mail address to Entra object id");
  });

  test("an inline learner with only an e-mail is reported by index", () => {
    expect(() =>
      validateRoster("dp100-labs:learners", [{ id: "ada", email: "ada@example.com" }]),
    ).toThrow("[0] (ada, ada@example.com)");
  });
});
