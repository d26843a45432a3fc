import { formatHundredths, toCsv } from "./csv";
import { Random } from "./prng";

/**
 * Synthetic weekly orange-juice sales in the shape of the Dominick's Finer Foods sample the
 * AutoML labs use (Labs/06/orange-juice-data): one row per store, brand and week, with the
 * columns `WeekStarting,Store,Brand,Quantity,Advert,Price,Revenue`. `Quantity` is the usual
 * target (forecasting), `Store` and `Brand` identify a series, `WeekStarting` is the time column.
 * Prices are handled in whole cents so `Revenue = Quantity * Price` is exact.
 */

export const OJ_COLUMNS: readonly string[] = [
  "WeekStarting",
  "Store",
  "Brand",
  "Quantity",
  "Advert",
  "Price",
  "Revenue",
];

/** Store numbers as in the Dominick's data (a subset). */
export const OJ_STORES: readonly number[] = [2, 5, 8, 9, 12, 14, 18, 21, 28, 32];

/** The three brands of the sample, with a typical shelf price in cents. */
export const OJ_BRANDS: readonly { readonly name: string; readonly priceCents: number }[] = [
  { name: "dominicks", priceCents: 159 },
  { name: "minute.maid", priceCents: 229 },
  { name: "tropicana", priceCents: 279 },
];

export const OJ_WEEKS = 40;

/** First week of the series: Thursday 14 June 1990, as in the Dominick's sample. */
export const OJ_FIRST_WEEK = { year: 1990, month: 6, day: 14 } as const;

export interface OrangeJuiceRecord {
  readonly weekStarting: string;
  readonly store: number;
  readonly brand: string;
  readonly quantity: number;
  readonly advert: 0 | 1;
  readonly priceCents: number;
  readonly revenueCents: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` of a day number from `daysFromCivil` (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Every store x brand x week, ordered by store, brand, week; the same seed gives the same rows. */
export function orangeJuiceRecords(seed: number): OrangeJuiceRecord[] {
  const r = new Random(seed);
  const first = daysFromCivil(OJ_FIRST_WEEK.year, OJ_FIRST_WEEK.month, OJ_FIRST_WEEK.day);
  const out: OrangeJuiceRecord[] = [];
  for (const store of OJ_STORES) {
    const storeSize = 0.7 + 0.6 * r.uniform(); // some stores sell more than others
    const storePremium = r.int(-10, 10); // cents on the shelf price
    for (const brand of OJ_BRANDS) {
      const baseQuantity = 9000 * storeSize * (brand.name === "tropicana" ? 0.9 : 1.1);
      for (let w = 0; w < OJ_WEEKS; w++) {
        const onDeal = r.chance(0.2);
        const discount = onDeal ? 0.1 + 0.2 * r.uniform() : 0;
        const priceCents = Math.round((brand.priceCents + storePremium) * (1 - discount));
        const advert: 0 | 1 = r.chance(onDeal ? 0.6 : 0.15) ? 1 : 0;
        // Triangular yearly-ish wave (no trigonometry): peaks mid-series.
        const season = 1 - Math.abs(w - OJ_WEEKS / 2) / (OJ_WEEKS / 2);
        const quantity = Math.max(
          64,
          Math.round(
            baseQuantity *
              (1 + 2.5 * discount) *
              (1 + 0.25 * advert) *
              (0.9 + 0.2 * season) *
              (1 + 0.1 * r.normal()),
          ),
        );
        out.push({
          weekStarting: civilFromDays(first + 7 * w),
          store,
          brand: brand.name,
          quantity,
          advert,
          priceCents,
          revenueCents: quantity * priceCents,
        });
      }
    }
  }
  return out;
}

export function orangeJuiceCsv(records: readonly OrangeJuiceRecord[]): string {
  return toCsv(
    OJ_COLUMNS,
    records.map((x) => [
      x.weekStarting,
      String(x.store),
      x.brand,
      String(x.quantity),
      String(x.advert),
      formatHundredths(x.priceCents),
      formatHundredths(x.revenueCents),
    ]),
  );
}
