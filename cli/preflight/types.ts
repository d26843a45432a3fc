import type { QuotaPriority } from "../../plan/quota";
import type { ArmVmSize } from "./armApi";

/** What quota preflight finds: a check per VM size, family and regional total, and suggestions. */

export interface PreflightCheck {
  readonly kind: "vm-size" | "family" | "regional-total" | "aks-family" | "aks-regional-total";
  readonly region: string;
  readonly priority?: QuotaPriority;
  readonly family?: string;
  readonly vmSize?: string;
  readonly needed: number;
  /** Cores in use now (undefined when ARM did not say). */
  readonly used?: number;
  /** Limit (null: no limit at this level; undefined: not applicable). */
  readonly limit?: number | null;
  readonly fits: boolean;
  readonly message: string;
}

export interface Suggestion {
  readonly kind: "fewer-max-nodes" | "other-vm-size" | "other-region" | "quota-increase";
  /** The setting to change, e.g. `dp100-labs:clusterMaxNodes`. */
  readonly setting: string;
  readonly value: string | number;
  readonly message: string;
}

export interface RegionPreflight {
  readonly region: string;
  readonly fits: boolean;
  readonly checks: PreflightCheck[];
  /** Smallest changes first: fewer max nodes, another VM size, another region, more quota. */
  readonly suggestions: Suggestion[];
}

export interface PreflightResult {
  readonly subscriptionId: string;
  readonly fits: boolean;
  readonly regions: RegionPreflight[];
  readonly notes: string[];
}

export interface PreflightOptions {
  readonly subscriptionId: string;
  /** Regions to try when something does not fit. Default DEFAULT_ALTERNATIVE_REGIONS. */
  readonly alternativeRegions?: readonly string[];
}

/** The official setup scripts' regions plus a few large ones. */
export const DEFAULT_ALTERNATIVE_REGIONS: readonly string[] = [
  "eastus",
  "eastus2",
  "westus2",
  "westus3",
  "centralus",
  "northeurope",
  "westeurope",
  "uksouth",
];

export interface Limit {
  readonly used?: number;
  /** null: no limit at this level. */
  readonly limit: number | null;
  readonly source: "usages" | "quotas" | "none";
}

/** One region as ARM describes it: VM sizes offered, and limits by family and in total. */
export interface RegionData {
  readonly region: string;
  readonly sizes: Map<string, ArmVmSize>;
  readonly family: (family: string, priority: QuotaPriority) => Limit;
  readonly total: (priority: QuotaPriority) => Limit;
  readonly compute?: { family: (family: string) => Limit; total: Limit };
}
