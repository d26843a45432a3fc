import type { MeterSpec, RetailPriceItem } from "./requests";

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
