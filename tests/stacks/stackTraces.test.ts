import { recordNoStackTraces } from "../../stacks/stackTraces";

/** The program records no stack traces while it runs, unless DP100_OPTIMISE=0 (stacks/stackTraces.ts). */
describe("recordNoStackTraces", () => {
  const saved = Error.stackTraceLimit;
  afterEach(() => {
    Error.stackTraceLimit = saved;
  });

  it("sets V8's stack trace limit to 0 by default: errors keep their message, no frames", () => {
    Error.stackTraceLimit = 10;
    expect(recordNoStackTraces({})).toBe(true);
    expect(Error.stackTraceLimit).toBe(0);
    const e = new Error("kept");
    Error.stackTraceLimit = saved;
    expect(e.message).toBe("kept");
    expect(e.stack).toBe("Error: kept");
  });

  it("leaves the limit alone with DP100_OPTIMISE=0", () => {
    Error.stackTraceLimit = 10;
    expect(recordNoStackTraces({ DP100_OPTIMISE: "0" })).toBe(false);
    expect(Error.stackTraceLimit).toBe(10);
  });
});
