import {
  AZURE_REGIONS,
  azureRegion,
  describeStop,
  ianaOfWindowsZone,
  regionProblem,
  suggestRegion,
} from "../../azure/regions";
import { formatHandout } from "../../cli/handout";
import { renderPlan } from "../../plan/render";
import { planWith } from "../helpers/plan";
import { defaultTimeZone, TIME_ZONES } from "../../stacks/config";

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

describe("the stop time in local terms", () => {
  it("names the clock the schedule runs on, and says when it is the region's", () => {
    expect(
      describeStop({
        time: "18:00",
        timeZone: "Eastern Standard Time",
        ianaTimeZone: ianaOfWindowsZone("Eastern Standard Time", "eastus") ?? null,
        fromRegion: true,
      }),
    ).toBe("18:00 Eastern Standard Time (America/New_York, the region's time zone)");
    expect(
      describeStop({ time: "17:30", timeZone: "UTC", ianaTimeZone: "UTC", fromRegion: false }),
    ).toBe("17:30 UTC");
  });

  it("shows it in the plan's header and in the handout", async () => {
    const doc = await planWith({ "azure-native:location": "westus2" });
    expect(doc.outputs.computeStop).toEqual({
      time: "18:00",
      timeZone: "Pacific Standard Time",
      ianaTimeZone: "America/Los_Angeles",
      fromRegion: true,
    });
    expect(renderPlan(doc)).toContain(
      "Compute instances stop every day at 18:00 Pacific Standard Time (America/Los_Angeles, the region's time zone)",
    );
    expect(formatHandout(doc.outputs).markdown).toContain(
      "every evening at 18:00 Pacific Standard Time (America/Los_Angeles",
    );
  });
});
