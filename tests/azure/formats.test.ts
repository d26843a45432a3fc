import {
  CLOCK_TIME,
  EMAIL,
  GUID,
  GUID_SOURCE,
  isEmail,
  isGuid,
  isoDurationMinutes,
  isoDurationSeconds,
  parseClockTime,
  parseIsoDuration,
  REGION_NAME,
  TAG_NAME_SOURCE,
  VM_SIZE_SOURCE,
} from "../../azure/formats";
import { AZURE_REGIONS } from "../../azure/regions";
import { knownVmSizes } from "../../azure/vmSizes";

describe("GUID", () => {
  test.each([
    ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", true],
    ["8E3AF657-A8FF-443C-A75C-2FE8C4BCB635", true],
    ["8e3af657a8ff443ca75c2fe8c4bcb635", false],
    ["{8e3af657-a8ff-443c-a75c-2fe8c4bcb635}", false],
    ["8e3af657-a8ff-443c-a75c-2fe8c4bcb63", false],
    ["", false],
  ])("isGuid(%p) is %p", (value, ok) => {
    expect(isGuid(value)).toBe(ok);
    expect(GUID.test(value)).toBe(ok);
  });

  test("the schema source is the pattern (JSON schemas take no flags)", () => {
    expect(GUID.source).toBe(GUID_SOURCE);
    expect(isGuid(42)).toBe(false);
  });
});

describe("e-mail", () => {
  test.each([
    ["trainer@example.com", true],
    ["a.b+lab@sub.example.org", true],
    ["no-at.example.com", false],
    ["two@@example.com", false],
    ["space @example.com", false],
    ["nodot@example", false],
  ])("isEmail(%p) is %p", (value, ok) => {
    expect(isEmail(value)).toBe(ok);
    expect(EMAIL.test(value)).toBe(ok);
  });
});

describe("clock time of a compute schedule (NCronTab hour and minute fields)", () => {
  test("9:00 and 09:00 are the same time: the cron hour field is a plain number", () => {
    expect(parseClockTime("9:00")).toEqual({ hour: 9, minute: 0 });
    expect(parseClockTime("09:00")).toEqual({ hour: 9, minute: 0 });
    expect(parseClockTime("23:59")).toEqual({ hour: 23, minute: 59 });
    expect(parseClockTime("0:05")).toEqual({ hour: 0, minute: 5 });
  });

  test.each(["24:00", "18:60", "18", "18:0", "6pm", "18:00:00", ""])("%p is refused", (v) => {
    expect(parseClockTime(v)).toBeUndefined();
    expect(CLOCK_TIME.test(v)).toBe(false);
  });
});

describe("ISO 8601 durations", () => {
  test("formatting round-trips through parsing", () => {
    expect(isoDurationSeconds(120)).toBe("PT120S");
    expect(isoDurationMinutes(30)).toBe("PT30M");
    expect(parseIsoDuration(isoDurationSeconds(120))).toBe(120);
    expect(parseIsoDuration(isoDurationMinutes(30))).toBe(1800);
  });

  test("what the cost estimate reads: minutes, hours and days", () => {
    expect(parseIsoDuration("PT1H30M")).toBe(5400);
    expect(parseIsoDuration("P1D")).toBe(86400);
    expect(parseIsoDuration("P1M")).toBeUndefined();
  });
});

describe("shapes checked against the tables they describe", () => {
  test("every region's programmatic name has the region shape", () => {
    for (const r of AZURE_REGIONS) expect(r.name).toMatch(REGION_NAME);
    expect(REGION_NAME.test("West Europe")).toBe(false);
  });

  test("every known VM size has the VM size shape", () => {
    const shape = new RegExp(VM_SIZE_SOURCE);
    for (const s of knownVmSizes()) expect(s.name).toMatch(shape);
    expect(shape.test("DS11_v2")).toBe(false);
  });

  test("tag names: the characters Azure refuses, and 512 at most", () => {
    const shape = new RegExp(TAG_NAME_SOURCE);
    expect(shape.test("expiresOn")).toBe(true);
    for (const bad of ["a<b", "a>b", "a%b", "a&b", "a\\b", "a?b", "a/b", "", "x".repeat(513)]) {
      expect(shape.test(bad)).toBe(false);
    }
  });
});
