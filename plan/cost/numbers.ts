// Small helpers of the cost model: meter names, durations, rounding and hours in words.
import { parseIsoDuration } from "../../azure/formats";
import { canonicalVmSize } from "../../azure/vmSizes";

/** The meter of a VM size: `vm:<size>` or `vm-lowpriority:<size>`. */
export function vmMeter(vmSize: string, lowPriority: boolean): string {
  // Sizes are compared case-insensitively (Azure ML returns them upper-cased): the meter carries
  // the catalog's spelling when azure/vmSizes.ts knows the size.
  return `${lowPriority ? "vm-lowpriority" : "vm"}:${canonicalVmSize(vmSize) ?? vmSize}`;
}

/** Minutes in an ISO 8601 duration such as PT30M, PT1H30M or P1D; undefined if not one. */
export function isoMinutes(text: string): number | undefined {
  const seconds = parseIsoDuration(text);
  return seconds === undefined ? undefined : seconds / 60;
}

/** `x` rounded to `decimals` decimals. */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** Hours in words: `6.5 h`. */
export function fmtH(hours: number): string {
  return `${round(hours, 2)} h`;
}

/** A quantity with the decimals its size needs. */
export function fmtQ(q: number): string {
  return q >= 100 ? q.toFixed(1) : q >= 1 ? q.toFixed(2) : q.toFixed(4);
}
