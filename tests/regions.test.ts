import { AZURE_REGIONS, azureRegion, regionProblem, suggestRegion } from "../components/regions";
import { defaultTimeZone, TIME_ZONES } from "../stacks/config";

/** Azure's regions, kept once (components/regions.ts), with a did-you-mean and their time zones. */

describe("Azure regions", () => {
  it("holds each programmatic name once, in the shape ARM takes", () => {
    const names = AZURE_REGIONS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]+[a-z0-9]*$/);
    for (const n of ["eastus", "westeurope", "uksouth", "swedencentral", "australiaeast"]) {
      expect(azureRegion(n)).toBeDefined();
    }
  });

  it.each([
    ["westeurpoe", "westeurope"],
    ["eastsu", "eastus"],
    ["West Europe", "westeurope"],
    ["UK South", "uksouth"],
    ["eastus-2", "eastus2"],
  ])("suggests %s -> %s", (typo, meant) => {
    expect(suggestRegion(typo)).toBe(meant);
    expect(regionProblem(typo)).toContain(`did you mean '${meant}'?`);
  });

  it("suggests nothing for a name far from every region, and accepts real ones", () => {
    expect(suggestRegion("moonbase")).toBeUndefined();
    expect(regionProblem("moonbase")).toMatch(/^use an Azure region's programmatic name/);
    expect(regionProblem("westeurope")).toBeUndefined();
  });

  it("gives every region a Windows time zone the compute schedule accepts, and a real IANA zone", () => {
    for (const r of AZURE_REGIONS) {
      expect(TIME_ZONES).toContain(r.windowsTimeZone);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: r.ianaTimeZone })).not.toThrow();
    }
  });

  it.each([
    ["eastus", "Eastern Standard Time"],
    ["westus2", "Pacific Standard Time"],
    ["westeurope", "W. Europe Standard Time"],
    ["uksouth", "GMT Standard Time"],
    ["japaneast", "Tokyo Standard Time"],
  ])("defaults the stop schedule of %s to %s", (region, zone) => {
    expect(defaultTimeZone(region)).toBe(zone);
  });
});
