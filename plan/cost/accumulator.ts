import {
  HOURS_PER_MONTH,
  lookupPrice,
  MissingPriceError,
  type PriceTable,
  type PriceUnit,
} from "../prices";
import type { CostFigure, CostItem, MissingPrice, UsedPrice } from "./report";

/**
 * The cost model's ledger: looks each meter up in the price table once, records the prices used
 * (with their source), the meters missing (never priced as zero) and the items of each figure.
 */
export class Accumulator {
  readonly items: CostItem[] = [];
  private readonly missing = new Map<string, MissingPrice>();
  private readonly used = new Map<string, UsedPrice>();
  private readonly otherRegion = new Set<string>();

  constructor(
    private readonly table: PriceTable,
    private readonly region: string,
  ) {}

  /** The hourly price of a meter, or undefined when the table has none. */
  peek(meter: string): number | undefined {
    try {
      const { entry } = lookupPrice(this.table, meter, this.region);
      return perHour(entry.unit, entry.price);
    } catch (e) {
      if (e instanceof MissingPriceError) return undefined;
      throw e;
    }
  }

  /** A time-based meter (priced per hour, day or month) for `hours` of existence or use. */
  timed(figure: CostFigure, resource: string, meter: string, hours: number, note?: string): void {
    const entry = this.find(meter, resource);
    if (!entry) return;
    const divisor = { hour: 1, day: 24, month: HOURS_PER_MONTH }[entry.unit as string];
    if (divisor === undefined) {
      throw new Error(
        `price table: meter ${meter} has unit "${entry.unit}"; a time-based meter needs hour, day ` +
          `or month`,
      );
    }
    this.push(figure, resource, meter, hours / divisor, entry.unit, entry.price, note);
  }

  /** A quantity meter (GB, GB-month, 10k ops) whose table unit must be `unit`. */
  quantity(
    figure: CostFigure,
    resource: string,
    meter: string,
    quantity: number,
    unit: PriceUnit,
    note?: string,
  ): void {
    const entry = this.find(meter, resource);
    if (!entry) return;
    if (entry.unit !== unit) {
      throw new Error(`price table: meter ${meter} has unit "${entry.unit}"; expected "${unit}"`);
    }
    this.push(figure, resource, meter, quantity, unit, entry.price, note);
  }

  missingList(): MissingPrice[] {
    return [...this.missing.values()];
  }

  usedPrices(): UsedPrice[] {
    return [...this.used.values()].sort((x, y) => x.meter.localeCompare(y.meter));
  }

  regionNotes(): string[] {
    return [...this.otherRegion].map(
      (m) => `No ${this.region} price for ${m}: the table's figure for another region is used.`,
    );
  }

  private find(meter: string, resource: string) {
    try {
      const { entry, fromOtherRegion } = lookupPrice(this.table, meter, this.region);
      if (fromOtherRegion) this.otherRegion.add(meter);
      this.used.set(meter, {
        meter,
        unit: entry.unit,
        price: entry.price,
        region: entry.region,
        source: entry.source,
        date: entry.date,
      });
      return entry;
    } catch (e) {
      if (!(e instanceof MissingPriceError)) throw e;
      const m = this.missing.get(meter) ?? {
        meter,
        region: this.region,
        resources: [],
        message: e.message,
      };
      if (!m.resources.includes(resource)) m.resources.push(resource);
      this.missing.set(meter, m);
      return undefined;
    }
  }

  private push(
    figure: CostFigure,
    resource: string,
    meter: string,
    quantity: number,
    unit: PriceUnit,
    unitPrice: number,
    note?: string,
  ) {
    this.items.push({
      figure,
      resource,
      meter,
      quantity,
      unit,
      unitPrice,
      amount: quantity * unitPrice,
      ...(note ? { note } : {}),
    });
  }
}

function perHour(unit: PriceUnit, price: number): number | undefined {
  if (unit === "hour") return price;
  if (unit === "day") return price / 24;
  if (unit === "month") return price / HOURS_PER_MONTH;
  return undefined;
}
