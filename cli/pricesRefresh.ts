/**
 * `npm run prices:refresh -- --region eastus`: fetches current pay-as-you-go figures for every meter
 * the cost model can use from the public Azure Retail Prices API
 * (https://prices.azure.com/api/retail/prices, OData `$filter`, pages linked by `NextPageLink`) and
 * rewrites plan/prices.json with each figure's source and date. Meters the API does not return keep
 * their previous entry and are listed. Nothing is written unless every request succeeded.
 */
import * as fs from "fs";
import * as path from "path";
import {
  defaultPriceTable,
  parsePriceTable,
  priceTableToJson,
  type PriceEntry,
  type PriceTable,
  type PriceUnit,
} from "../plan/prices";
import { knownVmSizes } from "../azure/vmSizes";

export const RETAIL_PRICES_URL = "https://prices.azure.com/api/retail/prices";

/** One item of a Retail Prices API page (the fields this code reads). */
export interface RetailPriceItem {
  readonly currencyCode: string;
  readonly tierMinimumUnits?: number;
  readonly retailPrice: number;
  readonly unitPrice?: number;
  readonly armRegionName: string;
  readonly location?: string;
  readonly effectiveStartDate?: string;
  readonly meterId?: string;
  readonly meterName: string;
  readonly productName: string;
  readonly skuName: string;
  readonly serviceName: string;
  readonly unitOfMeasure: string;
  readonly type: string;
  readonly isPrimaryMeterRegion?: boolean;
  readonly armSkuName?: string;
}

/** A Retail Prices API page. */
export interface RetailPricesPage {
  readonly BillingCurrency?: string;
  readonly CustomerEntityId?: string;
  readonly CustomerEntityType?: string;
  readonly Items: RetailPriceItem[];
  readonly NextPageLink: string | null;
  readonly Count?: number;
}

/** How one of our meters is found among a request's items. */
export interface MeterSpec {
  readonly meter: string;
  readonly unit: PriceUnit;
  /** unitOfMeasure values that match `unit`, e.g. `1 Hour`. */
  readonly unitsOfMeasure: readonly string[];
  readonly matches: (item: RetailPriceItem) => boolean;
}

/** One API request (all its pages) and the meters read from its items. */
export interface PriceRequest {
  readonly filter: string;
  readonly url: string;
  readonly specs: readonly MeterSpec[];
}

/** The request URL for an OData filter. */
export function retailPricesUrl(filter: string): string {
  return `${RETAIL_PRICES_URL}?$filter=${encodeURIComponent(filter)}`;
}

const isWindows = (i: RetailPriceItem) => /windows/i.test(i.productName);
const isSpot = (i: RetailPriceItem) => /\bspot\b/i.test(i.meterName) || /\bspot\b/i.test(i.skuName);
const isLowPriority = (i: RetailPriceItem) =>
  /low priority/i.test(i.meterName) || /low priority/i.test(i.skuName);

/** Every request the refresh makes for a region. */
export function buildRequests(region: string): PriceRequest[] {
  if (!/^[a-z0-9]+$/.test(region)) {
    throw new Error(`--region: '${region}' is not an ARM region name such as eastus`);
  }
  const consumption = (service: string, extra = "") =>
    `serviceName eq '${service}' and armRegionName eq '${region}'${extra} and priceType eq 'Consumption'`;
  const req = (filter: string, specs: MeterSpec[]): PriceRequest => ({
    filter,
    url: retailPricesUrl(filter),
    specs,
  });
  const requests: PriceRequest[] = knownVmSizes().map((s) =>
    req(consumption("Virtual Machines", ` and armSkuName eq '${s.name}'`), [
      {
        meter: `vm:${s.name}`,
        unit: "hour",
        unitsOfMeasure: ["1 Hour"],
        // Linux pay-as-you-go: not the Windows product, not Spot, not Low Priority.
        matches: (i) => !isWindows(i) && !isSpot(i) && !isLowPriority(i),
      },
      {
        meter: `vm-lowpriority:${s.name}`,
        unit: "hour",
        unitsOfMeasure: ["1 Hour"],
        matches: (i) => !isWindows(i) && isLowPriority(i),
      },
    ]),
  );
  requests.push(
    req(
      consumption("Container Registry"),
      (["Basic", "Standard", "Premium"] as const).map((sku) => ({
        meter: `acr:${sku}`,
        unit: "day",
        unitsOfMeasure: ["1/Day", "1 Day"],
        matches: (i) => i.meterName === `${sku} Registry Unit`,
      })),
    ),
    req(consumption("Azure Kubernetes Service"), [
      {
        meter: "aks:Standard",
        unit: "hour",
        unitsOfMeasure: ["1 Hour"],
        matches: (i) => i.skuName === "Standard" && /uptime sla/i.test(i.meterName),
      },
    ]),
    req(consumption("Storage", " and skuName eq 'Hot LRS'"), [
      {
        meter: "storage:lrs-hot-gb-month",
        unit: "GB-month",
        unitsOfMeasure: ["1 GB/Month"],
        matches: (i) =>
          i.productName === "General Block Blob v2" && i.meterName === "Hot LRS Data Stored",
      },
    ]),
    req(
      consumption("Storage", " and skuName eq 'P10 LRS'"),
      ["disk:ci-os-disk", "disk:aks-os-disk"].map((meter) => ({
        meter,
        unit: "month" as const,
        unitsOfMeasure: ["1/Month", "1 Month"],
        matches: (i: RetailPriceItem) =>
          i.productName === "Premium SSD Managed Disks" && i.meterName === "P10 LRS Disk",
      })),
    ),
    req(consumption("Log Analytics"), [
      {
        meter: "loganalytics:gb",
        unit: "GB",
        unitsOfMeasure: ["1 GB"],
        matches: (i) =>
          /data ingestion/i.test(i.meterName) && !/basic|auxiliary/i.test(i.meterName),
      },
    ]),
    req(consumption("Key Vault"), [
      {
        meter: "keyvault:10k-ops",
        unit: "10k ops",
        unitsOfMeasure: ["10K"],
        matches: (i) => i.skuName === "Standard" && i.meterName === "Operations",
      },
    ]),
    req(consumption("Azure Monitor"), [
      {
        meter: "monitor:metric-alert",
        unit: "month",
        unitsOfMeasure: ["1/Month", "1 Month"],
        matches: (i) => /metric/i.test(i.meterName) && /alert/i.test(i.meterName),
      },
    ]),
    req(consumption("Virtual Network", " and productName eq 'Virtual Network Private Link'"), [
      {
        meter: "network:private-endpoint",
        unit: "hour",
        unitsOfMeasure: ["1 Hour"],
        matches: (i) => i.meterName === "Standard Private Endpoint",
      },
    ]),
    req(consumption("Virtual Network", " and productName eq 'IP Addresses'"), [
      {
        meter: "ip:public-ipv4",
        unit: "hour",
        unitsOfMeasure: ["1 Hour"],
        matches: (i) => i.meterName === "Standard IPv4 Static Public IP",
      },
    ]),
  );
  return requests;
}

export type FetchJson = (url: string) => Promise<unknown>;

/** Thrown when the API cannot be reached or answers with an error. */
export class PricesFetchError extends Error {
  constructor(
    readonly url: string,
    cause: string,
  ) {
    super(`cannot fetch ${url}: ${cause}`);
    this.name = "PricesFetchError";
  }
}

/** Every item of a request, following NextPageLink (at most `maxPages` pages). */
export async function fetchAllItems(
  url: string,
  fetchJson: FetchJson,
  maxPages = 20,
): Promise<RetailPriceItem[]> {
  const items: RetailPriceItem[] = [];
  let next: string | null = url;
  for (let page = 0; next; page++) {
    if (page >= maxPages) {
      throw new PricesFetchError(url, `still paging after ${maxPages} pages; narrow the filter`);
    }
    const doc = parsePage(await fetchJson(next), next);
    items.push(...doc.Items);
    next = doc.NextPageLink || null;
  }
  return items;
}

/** Checks a page's shape; errors name the URL and what is wrong. */
export function parsePage(data: unknown, url: string): RetailPricesPage {
  const d = data as RetailPricesPage;
  if (typeof data !== "object" || data === null || !Array.isArray(d.Items)) {
    throw new PricesFetchError(url, `the answer has no "Items" array`);
  }
  if (d.BillingCurrency !== undefined && d.BillingCurrency !== "USD") {
    throw new PricesFetchError(url, `BillingCurrency is ${d.BillingCurrency}; the table is in USD`);
  }
  return d;
}

export interface PickResult {
  readonly item?: RetailPriceItem;
  /** Why nothing was picked. */
  readonly reason?: string;
}

/**
 * The item for a meter: matching, pay-as-you-go (`Consumption`), USD, in an accepted unit, the
 * region's primary meter; of tiered prices the first paid tier; of several dates the latest.
 * Several different prices left after that is an error (reported, not guessed).
 */
export function pickItem(items: readonly RetailPriceItem[], spec: MeterSpec): PickResult {
  let c = items.filter(
    (i) => i.type === "Consumption" && i.currencyCode === "USD" && spec.matches(i),
  );
  if (c.length === 0) return { reason: "no matching item" };
  const units = c.filter((i) => spec.unitsOfMeasure.includes(i.unitOfMeasure));
  if (units.length === 0) {
    return {
      reason: `unit ${[...new Set(c.map((i) => i.unitOfMeasure))].join("/")}, expected ${spec.unitsOfMeasure.join(" or ")}`,
    };
  }
  c = units;
  if (c.some((i) => i.isPrimaryMeterRegion === true))
    c = c.filter((i) => i.isPrimaryMeterRegion !== false);
  const paid = c.filter((i) => i.retailPrice > 0);
  if (paid.length > 0) {
    const tier = Math.min(...paid.map((i) => i.tierMinimumUnits ?? 0));
    c = paid.filter((i) => (i.tierMinimumUnits ?? 0) === tier);
  }
  const latest =
    c
      .map((i) => i.effectiveStartDate ?? "")
      .sort()
      .at(-1) ?? "";
  c = c.filter((i) => (i.effectiveStartDate ?? "") === latest);
  const prices = [...new Set(c.map((i) => i.retailPrice))];
  if (prices.length > 1) {
    return { reason: `ambiguous: ${prices.join(", ")} USD for the same meter and date` };
  }
  return { item: c[0] };
}

export interface RefreshReport {
  readonly region: string;
  readonly requests: number;
  readonly updated: { meter: string; from?: number; to: number }[];
  readonly notFound: { meter: string; reason: string; kept: boolean }[];
}

/** Fetches every meter for a region and returns the new table and what changed. */
export async function refreshPrices(opts: {
  region: string;
  fetchJson: FetchJson;
  table: PriceTable;
  date: string;
}): Promise<{ table: PriceTable; report: RefreshReport }> {
  const requests = buildRequests(opts.region);
  const entries = new Map(opts.table.entries.map((e) => [`${e.meter}@${e.region}`, e]));
  const updated: RefreshReport["updated"] = [];
  const notFound: RefreshReport["notFound"] = [];
  for (const req of requests) {
    const items = await fetchAllItems(req.url, opts.fetchJson);
    for (const spec of req.specs) {
      const key = `${spec.meter}@${opts.region}`;
      const { item, reason } = pickItem(items, spec);
      if (!item) {
        notFound.push({ meter: spec.meter, reason: reason ?? "", kept: entries.has(key) });
        continue;
      }
      const old = entries.get(key);
      const entry: PriceEntry = {
        meter: spec.meter,
        unit: spec.unit,
        price: item.retailPrice,
        currency: "USD",
        region: opts.region,
        source:
          `Azure Retail Prices API (prices.azure.com): ${item.productName} / ${item.meterName} ` +
          `(${item.unitOfMeasure})` +
          (item.effectiveStartDate ? `, effective ${item.effectiveStartDate.slice(0, 10)}` : ""),
        date: opts.date,
      };
      entries.set(key, entry);
      updated.push({ meter: spec.meter, from: old?.price, to: entry.price });
    }
  }
  const table = parsePriceTable({
    $comment: opts.table.comment,
    currency: "USD",
    entries: [...entries.values()],
  });
  return { table, report: { region: opts.region, requests: requests.length, updated, notFound } };
}

/** The report as text lines. */
export function formatRefresh(report: RefreshReport, written: string | undefined): string {
  const lines = [
    `Azure Retail Prices for ${report.region}: ${report.requests} request(s), ` +
      `${report.updated.length} meter(s) priced, ${report.notFound.length} not found`,
  ];
  for (const u of report.updated) {
    const was = u.from === undefined ? "new" : u.from === u.to ? "unchanged" : `was ${u.from}`;
    lines.push(`  ${u.meter.padEnd(36)} ${String(u.to).padStart(10)} USD  (${was})`);
  }
  for (const n of report.notFound) {
    lines.push(
      `  ${n.meter.padEnd(36)} not found (${n.reason}); ${n.kept ? "previous entry kept" : "stays missing: the plan reports it"}`,
    );
  }
  lines.push(written ? `wrote ${written}` : "dry run: nothing written");
  return lines.join("\n");
}

/** The repository root: the nearest folder upwards with a package.json. */
export function repoRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
}

export interface RefreshDeps {
  readonly fetchJson?: FetchJson;
  readonly table?: PriceTable;
  readonly write?: (json: string) => string;
  readonly today?: () => string;
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
}

export const REFRESH_USAGE = "usage: npm run prices:refresh -- [--region eastus] [--dry-run]";

/** The command: exit 0 when the table was refreshed, 2 for bad arguments or an unreachable API. */
export async function pricesRefreshMain(
  argv: readonly string[],
  deps: RefreshDeps = {},
): Promise<number> {
  const out = deps.out ?? ((t: string) => process.stdout.write(t + "\n"));
  const err = deps.err ?? ((t: string) => process.stderr.write(t + "\n"));
  let region = "eastus";
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--region") {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) {
        err(`--region needs a value; ${REFRESH_USAGE}`);
        return 2;
      }
      region = v;
    } else if (argv[i] === "--dry-run") {
      dryRun = true;
    } else {
      err(`unknown argument '${argv[i]}'; ${REFRESH_USAGE}`);
      return 2;
    }
  }
  try {
    buildRequests(region);
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
  const fetchJson = deps.fetchJson ?? defaultFetchJson;
  try {
    const { table, report } = await refreshPrices({
      region,
      fetchJson,
      table: deps.table ?? defaultPriceTable(),
      date: (deps.today ?? (() => new Date().toISOString().slice(0, 10)))(),
    });
    const json = priceTableToJson(table);
    const written = dryRun ? undefined : (deps.write ?? writeRepoTable)(json);
    out(formatRefresh(report, written));
    return 0;
  } catch (e) {
    err(
      `${(e as Error).message}\nThe Azure Retail Prices API could not be read (this machine may have ` +
        `no internet access). plan/prices.json was NOT changed.`,
    );
    return 2;
  }
}

async function defaultFetchJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    throw new PricesFetchError(url, `${(e as Error).message}${cause ? ` (${cause})` : ""}`);
  }
  if (!res.ok) throw new PricesFetchError(url, `HTTP ${res.status}`);
  return res.json();
}

function writeRepoTable(json: string): string {
  const file = path.join(repoRoot(), "plan", "prices.json");
  fs.writeFileSync(file, json);
  return file;
}
