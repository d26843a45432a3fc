/** The price table (plan/prices.ts). Refreshing it: tests/cli/prices-refresh/refresh.test.ts. */
import {
  defaultPriceTable,
  lookupPrice,
  MissingPriceError,
  parsePriceTable,
  priceTableToJson,
  PRICE_UNITS,
} from "../../plan/prices";

const entry = (over: Record<string, unknown> = {}) => ({
  meter: "acr:Basic",
  unit: "day",
  price: 0.167,
  currency: "USD",
  region: "eastus",
  source: "test",
  date: "2024",
  ...over,
});

describe("the price table", () => {
  test("plan/prices.json is valid and every entry has a source and a date", () => {
    const t = defaultPriceTable();
    for (const e of t.entries) {
      expect(PRICE_UNITS).toContain(e.unit);
      expect(e.source.length).toBeGreaterThan(10);
      expect(e.date).toMatch(/^\d{4}/);
    }
    // The figures of azure-lab-facts.md section 4 are marked as such.
    const ds11 = lookupPrice(t, "vm:Standard_DS11_v2", "eastus").entry;
    expect(ds11).toMatchObject({ price: 0.185, unit: "hour" });
    expect(ds11.source).toBe(
      "azure-lab-facts.md section 4 (third-party snapshots 2023-2024, re-check)",
    );
    // The figures not from section 4 say so.
    expect(lookupPrice(t, "vm:Standard_D2as_v4", "eastus").entry.source).toMatch(
      /^NOT in azure-lab-facts.md/,
    );
    expect(lookupPrice(t, "disk:ci-os-disk", "eastus").entry.source).toMatch(
      /^NOT in azure-lab-facts.md/,
    );
  });

  test("a missing meter is a MissingPriceError naming it and listing what exists", () => {
    const t = defaultPriceTable();
    expect(() => lookupPrice(t, "vm:Standard_Z9", "eastus")).toThrow(MissingPriceError);
    try {
      lookupPrice(t, "vm:Standard_Z9", "eastus");
    } catch (e) {
      const m = e as MissingPriceError;
      expect(m.meter).toBe("vm:Standard_Z9");
      expect(m.known).toContain("vm:Standard_DS11_v2");
      expect(m.message).toMatch(/no price for meter "vm:Standard_Z9" \(region eastus\)/);
      expect(m.message).toMatch(/acr:Basic/);
    }
  });

  test("another region's entry is used when the asked region has none, and marked", () => {
    const t = parsePriceTable({
      currency: "USD",
      entries: [entry(), entry({ region: "westeurope", price: 0.2 })],
    });
    expect(lookupPrice(t, "acr:Basic", "westeurope")).toMatchObject({
      entry: { price: 0.2 },
      fromOtherRegion: false,
    });
    expect(lookupPrice(t, "acr:Basic", "uksouth")).toMatchObject({
      entry: { price: 0.167 },
      fromOtherRegion: true,
    });
  });

  test.each([
    [{ unit: "week" }, /unit "week"; accepted: hour, day/],
    [{ price: -1 }, /price -1 is not a number >= 0/],
    [{ price: "0.1" }, /price "0.1"/],
    [{ meter: "nocolon" }, /meter "nocolon" is not "<kind>:<name>"/],
    [{ source: "" }, /source must be a non-empty string/],
    [{ currency: "EUR" }, /currency "EUR"; only USD/],
  ])("a bad entry %p is refused with the key and value", (over, message) => {
    expect(() => parsePriceTable({ currency: "USD", entries: [entry(over)] })).toThrow(message);
  });

  test("a meter twice for the same region is refused", () => {
    expect(() => parsePriceTable({ currency: "USD", entries: [entry(), entry()] })).toThrow(
      /appears twice/,
    );
  });

  test("the JSON form round-trips", () => {
    const t = defaultPriceTable();
    const again = parsePriceTable(JSON.parse(priceTableToJson(t)));
    expect(again.entries).toHaveLength(t.entries.length);
    expect(again.comment).toBe(t.comment);
  });
});
