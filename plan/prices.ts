/**
 * The price table (plan/prices.json): one entry per meter and region, with its unit, currency,
 * source and date. Lookups never invent a price: a meter missing from the table is a
 * MissingPriceError that names it and lists what the table has.
 */
import pricesJson from "./prices.json";

export const PRICE_UNITS = ["hour", "day", "month", "GB-month", "GB", "10k ops"] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

/** Hours in a month, Azure's billing convention for monthly prices (730 = 24 x 365 / 12). */
export const HOURS_PER_MONTH = 730;

export interface PriceEntry {
  /** e.g. `vm:Standard_DS11_v2`, `acr:Basic`, `storage:lrs-hot-gb-month`. */
  readonly meter: string;
  readonly unit: PriceUnit;
  /** Price per unit, in `currency`. */
  readonly price: number;
  readonly currency: "USD";
  /** ARM region name, e.g. `eastus`. */
  readonly region: string;
  /** Where the figure comes from. */
  readonly source: string;
  /** When it was taken (ISO date, or a year for older snapshots). */
  readonly date: string;
}

export interface PriceTable {
  readonly currency: "USD";
  readonly entries: readonly PriceEntry[];
  /** Free text kept at the top of the JSON file. */
  readonly comment?: string;
}

/** A price found in the table, and whether it came from another region than the one asked. */
export interface PriceLookup {
  readonly entry: PriceEntry;
  /** True when the table has no entry for the asked region and another region's is used. */
  readonly fromOtherRegion: boolean;
}

/** A meter that the table does not have: reported, never priced as zero. */
export class MissingPriceError extends Error {
  constructor(
    readonly meter: string,
    readonly region: string,
    readonly known: readonly string[],
  ) {
    super(
      `no price for meter "${meter}" (region ${region}) in plan/prices.json; the table has: ` +
        `${known.join(", ")}. Add it (npm run prices:refresh -- --region ${region}, or by hand ` +
        `with its source and date)`,
    );
    this.name = "MissingPriceError";
  }
}

/** Validates a parsed prices.json; errors name the entry, the key and the value. */
export function parsePriceTable(data: unknown): PriceTable {
  if (!isObject(data) || !Array.isArray(data.entries)) {
    throw new Error(`price table: expected an object with an "entries" array`);
  }
  if (data.currency !== "USD") {
    throw new Error(`price table: currency is ${JSON.stringify(data.currency)}; only "USD"`);
  }
  const seen = new Set<string>();
  const entries = data.entries.map((raw, i): PriceEntry => {
    const where = `price table entry ${i}`;
    if (!isObject(raw)) throw new Error(`${where}: expected an object`);
    const meter = raw.meter;
    if (typeof meter !== "string" || !/^[a-z0-9-]+:\S+$/.test(meter)) {
      throw new Error(`${where}: meter ${JSON.stringify(meter)} is not "<kind>:<name>"`);
    }
    const unit = raw.unit;
    if (typeof unit !== "string" || !(PRICE_UNITS as readonly string[]).includes(unit)) {
      throw new Error(
        `${where} (${meter}): unit ${JSON.stringify(unit)}; accepted: ${PRICE_UNITS.join(", ")}`,
      );
    }
    const price = raw.price;
    if (typeof price !== "number" || !Number.isFinite(price) || price < 0) {
      throw new Error(`${where} (${meter}): price ${JSON.stringify(price)} is not a number >= 0`);
    }
    if (raw.currency !== "USD") {
      throw new Error(`${where} (${meter}): currency ${JSON.stringify(raw.currency)}; only USD`);
    }
    for (const key of ["region", "source", "date"] as const) {
      if (typeof raw[key] !== "string" || (raw[key] as string).length === 0) {
        throw new Error(`${where} (${meter}): ${key} must be a non-empty string`);
      }
    }
    const region = raw.region as string;
    const key = `${meter}@${region}`;
    if (seen.has(key)) throw new Error(`${where}: meter ${meter} appears twice for ${region}`);
    seen.add(key);
    return {
      meter,
      unit: unit as PriceUnit,
      price,
      currency: "USD",
      region,
      source: raw.source as string,
      date: raw.date as string,
    };
  });
  const comment = typeof data.$comment === "string" ? data.$comment : undefined;
  return { currency: "USD", entries, comment };
}

let defaultTable: PriceTable | undefined;

/** The repository's price table (plan/prices.json), validated once. */
export function defaultPriceTable(): PriceTable {
  defaultTable ??= parsePriceTable(pricesJson);
  return defaultTable;
}

/**
 * The price of a meter in a region. Falls back to the same meter in another region (the table's
 * first one, marked `fromOtherRegion`) when the region has none; throws MissingPriceError when
 * no region has the meter.
 */
export function lookupPrice(table: PriceTable, meter: string, region: string): PriceLookup {
  // Case-insensitive: Azure ML reads VM sizes back upper-cased (STANDARD_DS11_V2), the price
  // table names them as the Retail Prices API does (Standard_DS11_v2).
  const key = meter.toLowerCase();
  const sameMeter = table.entries.filter((e) => e.meter.toLowerCase() === key);
  const exact = sameMeter.find((e) => e.region === region);
  if (exact) return { entry: exact, fromOtherRegion: false };
  if (sameMeter.length > 0) return { entry: sameMeter[0], fromOtherRegion: true };
  const known = [...new Set(table.entries.map((e) => e.meter))].sort();
  throw new MissingPriceError(meter, region, known);
}

/** The JSON document for a table, in the shape plan/prices.json has. */
export function priceTableToJson(table: PriceTable): string {
  const entries = [...table.entries].sort(
    (a, b) => a.meter.localeCompare(b.meter) || a.region.localeCompare(b.region),
  );
  const doc = { $comment: table.comment, currency: table.currency, entries };
  return JSON.stringify(doc, null, 2) + "\n";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
