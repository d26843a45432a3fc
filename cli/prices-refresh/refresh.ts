import { parsePriceTable, type PriceEntry, type PriceTable } from "../../plan/prices";
import { fetchAllItems, FetchJson } from "./fetch";
import { pickItem } from "./pick";
import { buildRequests } from "./requests";

/** A refresh of the price table for one region, and its report. */

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
