import * as fs from "fs";
import * as path from "path";
import { createHttpHeaders, HttpClient } from "@azure/core-rest-pipeline";
import {
  buildRequests,
  fetchAllItems,
  pickItem,
  pricesRefreshMain,
  refreshPrices,
  retailPricesFetch,
  retailPricesUrl,
  type RetailPriceItem,
} from "../../../cli/prices-refresh";
import { defaultPriceTable, lookupPrice, parsePriceTable } from "../../../plan/prices";

/** `npm run prices:refresh` (cli/prices-refresh) on recorded Retail Prices API pages. */

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", name), "utf8"));
const PAGE1 = fixture("retail-prices-page1.json");
const PAGE2 = fixture("retail-prices-page2.json");
const ACR = fixture("retail-prices-acr.json");

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

describe("the Retail Prices transport", () => {
  /** The one HTTP client's transport, answering in order. */
  const answering = (...answers: Array<{ status: number; body: unknown }>) => {
    const urls: string[] = [];
    const client: HttpClient = {
      sendRequest: async (request) => {
        urls.push(request.url);
        const a = answers.shift();
        if (!a) throw new Error(`unexpected request ${request.url}`);
        return {
          request,
          status: a.status,
          headers: createHttpHeaders({ "content-type": "application/json" }),
          bodyAsText: JSON.stringify(a.body),
        };
      },
    };
    return { client, urls };
  };

  test("pages come through the one HTTP client, which retries a throttled answer", async () => {
    const { client, urls } = answering(
      { status: 429, body: { error: { code: "TooManyRequests", message: "slow down" } } },
      { status: 200, body: PAGE2 },
    );
    const first = retailPricesUrl("x");
    const items = await fetchAllItems(first, retailPricesFetch(client, { retryDelayInMs: 1 }));
    expect(items).toHaveLength(PAGE2.Items.length);
    expect(urls).toEqual([first, first]);
  });

  test("an error answer is a PricesFetchError naming the URL and the status", async () => {
    const { client } = answering({
      status: 400,
      body: { error: { code: "BadRequest", message: "bad filter" } },
    });
    const url = retailPricesUrl("x");
    await expect(retailPricesFetch(client)(url)).rejects.toThrow(
      `cannot fetch ${url}: HTTP 400 BadRequest: bad filter`,
    );
  });
});
