/** The readers the rules share (guardrails/inputs.ts). */
import { parseIsoDuration } from "../../guardrails/inputs";

describe("helpers", () => {
  it.each<[string, number | undefined]>([
    ["PT15M", 900],
    ["PT30M", 1800],
    ["PT1H30M", 5400],
    ["P3D", 259200],
    ["P1DT2H", 93600],
    ["PT120S", 120],
    ["P1W", 604800],
    ["pt30m", 1800],
    ["P", undefined],
    ["PT", undefined],
    ["P1DT", undefined],
    ["P1M", undefined],
    ["30M", undefined],
    ["", undefined],
  ])("parseIsoDuration(%p) is %p", (value, seconds) => {
    expect(parseIsoDuration(value)).toBe(seconds);
  });
});
