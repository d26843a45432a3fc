import * as fs from "fs";
import * as path from "path";
import {
  defaultAllowedVmSizes,
  knownVmSizes,
  sameClassAlternatives,
  UnknownVmSizeError,
  vmClass,
  vmSizeInfo,
} from "../../azure/vmSizes";

describe("vmSizes", () => {
  test("lookups are case-insensitive and return the canonical size", () => {
    expect(vmSizeInfo("STANDARD_DS11_V2")).toMatchObject({
      name: "Standard_DS11_v2",
      vCPUs: 2,
      family: "standardDSv2Family",
    });
    expect(vmSizeInfo("Standard_D2as_v4").family).toBe("standardDASv4Family");
    expect(vmSizeInfo("Standard_E4ds_v4")).toMatchObject({
      vCPUs: 4,
      family: "standardEDSv4Family",
    });
  });

  test("an unknown size is an error naming it", () => {
    expect(() => vmSizeInfo("Standard_Nope")).toThrow(UnknownVmSizeError);
    expect(() => vmSizeInfo("Standard_Nope")).toThrow(/"Standard_Nope"/);
  });

  test("same-class alternatives have the same vCPUs and category in another family", () => {
    const alts = sameClassAlternatives("Standard_DS11_v2");
    expect(alts.map((a) => a.name)).toEqual(
      expect.arrayContaining(["Standard_E2s_v3", "Standard_E2ds_v4"]),
    );
    for (const a of alts) {
      expect(vmClass(a)).toBe("memory-2vcpu");
      expect(a.family).not.toBe("standardDSv2Family");
    }
  });

  test("every size the config allows by default is known", () => {
    const names = knownVmSizes().map((s) => s.name);
    for (const s of [
      "Standard_DS11_v2",
      "Standard_DS12_v2",
      "Standard_DS2_v2",
      "Standard_DS3_v2",
      "Standard_D2s_v3",
      "Standard_D4s_v3",
      "Standard_D2as_v4",
      "Standard_D4as_v4",
      "Standard_E4ds_v4",
    ]) {
      expect(names).toContain(s);
    }
  });
});

describe("the VM sizes and the price table", () => {
  const prices = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "..", "plan", "prices.json"), "utf8"),
  ) as { entries: { meter: string }[] };

  test("every VM price in plan/prices.json is of a size azure/vmSizes.ts lists, spelled as there", () => {
    const names = knownVmSizes().map((s) => s.name);
    const priced = prices.entries
      .map((e) => e.meter)
      .filter((m) => m.startsWith("vm:"))
      .map((m) => m.slice(3));
    expect(priced.length).toBeGreaterThan(0);
    for (const size of priced) expect(names).toContain(size);
  });

  test("the default allow-list is CPU sizes only (no GPU unless a course adds one)", () => {
    const allowed = defaultAllowedVmSizes();
    expect(allowed).toContain("Standard_DS11_v2");
    for (const s of allowed) expect(vmSizeInfo(s).gpus).toBe(0);
  });
});
