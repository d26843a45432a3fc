import * as fs from "fs";
import * as path from "path";
import {
  buildRequests,
  fetchAllItems,
  pickItem,
  pricesRefreshMain,
  refreshPrices,
  retailPricesUrl,
  type RetailPriceItem,
} from "../cli/pricesRefresh";
import {
  defaultPriceTable,
  lookupPrice,
  MissingPriceError,
  parsePriceTable,
  priceTableToJson,
  PRICE_UNITS,
} from "../plan/prices";

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));
const PAGE1 = fixture("retail-prices-page1.json");
const PAGE2 = fixture("retail-prices-page2.json");
const ACR = fixture("retail-prices-acr.json");

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

describe("prices:refresh requests", () => {
  test("one request per VM size, with the OData filter on service, region, SKU and price type", () => {
    const reqs = buildRequests("eastus");
    const ds11 = reqs.find((r) => r.filter.includes("Standard_DS11_v2"));
    expect(ds11?.filter).toBe(
      "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus' and armSkuName eq 'Standard_DS11_v2' and priceType eq 'Consumption'",
    );
    expect(ds11?.url).toBe(
      "https://prices.azure.com/api/retail/prices?$filter=serviceName%20eq%20'Virtual%20Machines'%20and%20armRegionName%20eq%20'eastus'%20and%20armSkuName%20eq%20'Standard_DS11_v2'%20and%20priceType%20eq%20'Consumption'",
    );
    expect(ds11?.specs.map((s) => s.meter)).toEqual([
      "vm:Standard_DS11_v2",
      "vm-lowpriority:Standard_DS11_v2",
    ]);
    const meters = reqs.flatMap((r) => r.specs.map((s) => s.meter));
    for (const m of [
      "acr:Basic",
      "aks:Standard",
      "storage:lrs-hot-gb-month",
      "loganalytics:gb",
      "keyvault:10k-ops",
      "disk:ci-os-disk",
      "network:private-endpoint",
      "ip:public-ipv4",
    ]) {
      expect(meters).toContain(m);
    }
    expect(() => buildRequests("East US")).toThrow(/--region: 'East US'/);
  });

  test("paging follows NextPageLink until it is null", async () => {
    const seen: string[] = [];
    const first = retailPricesUrl("x");
    const items = await fetchAllItems(first, async (url) => {
      seen.push(url);
      return url === first ? PAGE1 : PAGE2;
    });
    expect(seen).toEqual([first, PAGE1.NextPageLink]);
    expect(items).toHaveLength(PAGE1.Items.length + PAGE2.Items.length);
  });

  test("paging that never ends is an error", async () => {
    await expect(
      fetchAllItems("u", async () => ({ Items: [], NextPageLink: "u2" }), 3),
    ).rejects.toThrow(/still paging after 3 pages/);
  });

  test("a page without Items, or in another currency, is an error", async () => {
    await expect(fetchAllItems("u", async () => ({ error: "x" }))).rejects.toThrow(
      /no "Items" array/,
    );
    await expect(
      fetchAllItems("u", async () => ({ ...PAGE2, BillingCurrency: "EUR" })),
    ).rejects.toThrow(/BillingCurrency is EUR/);
  });
});

describe("prices:refresh parsing", () => {
  const items: RetailPriceItem[] = [...PAGE1.Items, ...PAGE2.Items];
  const [linux, lowPriority] = buildRequests("eastus").find((r) =>
    r.filter.includes("Standard_DS11_v2"),
  )!.specs;

  test("Linux pay-as-you-go: not Windows, not Spot, not DevTest, the latest effective date", () => {
    expect(pickItem(items, linux).item?.retailPrice).toBe(0.148);
  });

  test("the Linux low-priority meter", () => {
    expect(pickItem(items, lowPriority).item?.retailPrice).toBe(0.037);
  });

  test("a unit that does not match is reported, not converted", () => {
    const wrong = items.map((i) => ({ ...i, unitOfMeasure: "1 Month" }));
    expect(pickItem(wrong, linux)).toEqual({ reason: "unit 1 Month, expected 1 Hour" });
  });

  test("two prices for the same meter and date are ambiguous, not guessed", () => {
    const twice = [items[0], { ...items[0], retailPrice: 0.2 }];
    expect(pickItem(twice, linux).reason).toMatch(/ambiguous: 0.148, 0.2/);
  });

  test("tiered prices: the first paid tier", () => {
    const base = {
      ...items[0],
      meterName: "Hot LRS Data Stored",
      productName: "General Block Blob v2",
      unitOfMeasure: "1 GB/Month",
    };
    const tiers = [
      { ...base, tierMinimumUnits: 0, retailPrice: 0.0208 },
      { ...base, tierMinimumUnits: 51200, retailPrice: 0.02 },
    ];
    const spec = buildRequests("eastus")
      .flatMap((r) => r.specs)
      .find((s) => s.meter === "storage:lrs-hot-gb-month")!;
    expect(pickItem(tiers, spec).item?.retailPrice).toBe(0.0208);
  });

  test("refreshPrices updates what the API returned, keeps the rest, and says which", async () => {
    const ds11 = buildRequests("eastus").find((r) => r.filter.includes("Standard_DS11_v2"))!.url;
    const acr = buildRequests("eastus").find((r) => r.filter.includes("Container Registry"))!.url;
    const { table, report } = await refreshPrices({
      region: "eastus",
      table: defaultPriceTable(),
      date: "2026-11-26",
      fetchJson: async (url) =>
        url === ds11
          ? PAGE1
          : url === PAGE1.NextPageLink
            ? PAGE2
            : url === acr
              ? ACR
              : { Items: [], NextPageLink: null },
    });
    const vm = lookupPrice(table, "vm:Standard_DS11_v2", "eastus").entry;
    expect(vm).toMatchObject({ price: 0.148, date: "2026-11-26", unit: "hour" });
    expect(vm.source).toMatch(
      /^Azure Retail Prices API \(prices.azure.com\): Virtual Machines DSv2 Series \/ DS11 v2 \(1 Hour\), effective 2024-05-01/,
    );
    expect(lookupPrice(table, "vm-lowpriority:Standard_DS11_v2", "eastus").entry.price).toBe(0.037);
    expect(lookupPrice(table, "acr:Premium", "eastus").entry).toMatchObject({
      price: 1.6666,
      unit: "day",
    });
    expect(report.updated).toContainEqual({ meter: "vm:Standard_DS11_v2", from: 0.185, to: 0.148 });
    expect(report.updated).toContainEqual({
      meter: "vm-lowpriority:Standard_DS11_v2",
      from: undefined,
      to: 0.037,
    });
    // Not returned: the old entry stays, and the report says so.
    expect(lookupPrice(table, "keyvault:10k-ops", "eastus").entry.price).toBe(0.03);
    expect(report.notFound).toContainEqual({
      meter: "keyvault:10k-ops",
      reason: "no matching item",
      kept: true,
    });
    expect(report.notFound).toContainEqual(
      expect.objectContaining({ meter: "vm-lowpriority:Standard_DS2_v2", kept: false }),
    );
  });
});

describe("npm run prices:refresh", () => {
  test("offline: exit 2, says the API could not be reached, writes nothing", async () => {
    const errs: string[] = [];
    const write = jest.fn();
    const code = await pricesRefreshMain(["--region", "eastus"], {
      fetchJson: () =>
        Promise.reject(
          new Error(
            "cannot fetch https://prices.azure.com/...: getaddrinfo ENOTFOUND prices.azure.com",
          ),
        ),
      write,
      err: (t) => errs.push(t),
      out: () => undefined,
    });
    expect(code).toBe(2);
    expect(write).not.toHaveBeenCalled();
    expect(errs[0]).toMatch(
      /ENOTFOUND[\s\S]*could not be read[\s\S]*plan\/prices.json was NOT changed/,
    );
  });

  test("online (recorded): writes the new table; --dry-run writes nothing", async () => {
    const outs: string[] = [];
    const written: string[] = [];
    const deps = {
      fetchJson: async () => ({ Items: [], NextPageLink: null }),
      write: (json: string) => {
        written.push(json);
        return "/repo/plan/prices.json";
      },
      today: () => "2026-11-26",
      out: (t: string) => outs.push(t),
      err: () => undefined,
    };
    expect(await pricesRefreshMain([], deps)).toBe(0);
    expect(written).toHaveLength(1);
    expect(parsePriceTable(JSON.parse(written[0])).entries.length).toBe(
      defaultPriceTable().entries.length,
    );
    expect(outs[0]).toMatch(/wrote \/repo\/plan\/prices.json/);
    expect(await pricesRefreshMain(["--dry-run"], deps)).toBe(0);
    expect(written).toHaveLength(1);
    expect(outs[1]).toMatch(/dry run: nothing written/);
  });

  test("bad arguments: exit 2", async () => {
    const errs: string[] = [];
    expect(await pricesRefreshMain(["--region"], { err: (t) => errs.push(t) })).toBe(2);
    expect(await pricesRefreshMain(["--what"], { err: (t) => errs.push(t) })).toBe(2);
    expect(errs.join("\n")).toMatch(/--region needs a value[\s\S]*unknown argument '--what'/);
  });
});
