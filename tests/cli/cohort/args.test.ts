import { parseArgs, UsageError } from "../../../cli/cohort/args";

/** `npm run cohort` argument parsing (cli/cohort/args). */

describe("argument parsing", () => {
  it("reads lists, = values and positionals", () => {
    const a = parseArgs([
      "init",
      "--cohort=c1",
      "--labs",
      "explore-workspace",
      "run-pipelines,work-with-compute",
      "--roster",
      "r.csv",
    ]);
    expect(a.values).toEqual({ cohort: "c1", roster: "r.csv" });
    expect(a.lists.labs).toEqual(["explore-workspace", "run-pipelines", "work-with-compute"]);
    expect(parseArgs(["reset-learner", "ada", "--lab", "x"]).positionals).toEqual(["ada"]);
    expect(parseArgs([]).command).toBe("help");
    expect(parseArgs(["up", "--help"]).command).toBe("help");
  });

  it.each([
    [["deploy"], /unknown command 'deploy'.*init, preview, up/],
    [["up", "--labs", "x"], /unknown option --labs for 'up': accepted options are .*--lab/],
    [["up", "--lab"], /--lab needs a value/],
    [["up", "--lab", "a", "--lab", "b"], /--lab is given twice \('a' and 'b'\)/],
    [["destroy", "--yes=no"], /--yes takes no value/],
    [["up", "stray"], /unexpected argument 'stray'/],
    [["reset-learner"], /needs a learner id/],
    [["reset-learner", "ada", "bob"], /unexpected argument 'bob'/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
