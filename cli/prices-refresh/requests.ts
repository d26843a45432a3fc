import type { PriceUnit } from "../../plan/prices";
import { knownVmSizes } from "../../azure/vmSizes";

/**
 * What `prices:refresh` asks the public Azure Retail Prices API
 * (https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices: OData
 * `$filter`, pages linked by `NextPageLink`), and how each of our meters is found in the answers.
 */

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

const req = (filter: string, specs: MeterSpec[]): PriceRequest => ({
  filter,
  url: retailPricesUrl(filter),
  specs,
});

/** A filter for one service's pay-as-you-go prices in a region, with `extra` conditions. */
const consumption = (region: string, service: string, extra = "") =>
  `serviceName eq '${service}' and armRegionName eq '${region}'${extra} and priceType eq 'Consumption'`;

/** Per VM size: its Linux pay-as-you-go and low-priority hourly prices. */
function vmRequests(region: string): PriceRequest[] {
  return knownVmSizes().map((s) =>
    req(consumption(region, "Virtual Machines", ` and armSkuName eq '${s.name}'`), [
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
}

/** The other services' meters: one request per row (service, extra filter, meters). */
const SERVICE_METERS: ReadonlyArray<{
  readonly service: string;
  readonly extra?: string;
  readonly specs: MeterSpec[];
}> = [
  {
    service: "Container Registry",
    specs: (["Basic", "Standard", "Premium"] as const).map((sku) => ({
      meter: `acr:${sku}`,
      unit: "day",
      unitsOfMeasure: ["1/Day", "1 Day"],
      matches: (i) => i.meterName === `${sku} Registry Unit`,
    })),
  },
  {
    service: "Azure Kubernetes Service",
    specs: [
      {
        meter: "aks:Standard",
        unit: "hour",
        unitsOfMeasure: ["1 Hour"],
        matches: (i) => i.skuName === "Standard" && /uptime sla/i.test(i.meterName),
      },
    ],
  },
  {
    service: "Storage",
    extra: " and skuName eq 'Hot LRS'",
    specs: [
      {
        meter: "storage:lrs-hot-gb-month",
        unit: "GB-month",
        unitsOfMeasure: ["1 GB/Month"],
        matches: (i) =>
          i.productName === "General Block Blob v2" && i.meterName === "Hot LRS Data Stored",
      },
    ],
  },
  {
    service: "Storage",
    extra: " and skuName eq 'P10 LRS'",
    specs: ["disk:ci-os-disk", "disk:aks-os-disk"].map((meter) => ({
      meter,
      unit: "month" as const,
      unitsOfMeasure: ["1/Month", "1 Month"],
      matches: (i: RetailPriceItem) =>
        i.productName === "Premium SSD Managed Disks" && i.meterName === "P10 LRS Disk",
    })),
  },
  {
    service: "Log Analytics",
    specs: [
      {
        meter: "loganalytics:gb",
        unit: "GB",
        unitsOfMeasure: ["1 GB"],
        matches: (i) =>
          /data ingestion/i.test(i.meterName) && !/basic|auxiliary/i.test(i.meterName),
      },
    ],
  },
  {
    service: "Key Vault",
    specs: [
      {
        meter: "keyvault:10k-ops",
        unit: "10k ops",
        unitsOfMeasure: ["10K"],
        matches: (i) => i.skuName === "Standard" && i.meterName === "Operations",
      },
    ],
  },
  {
    service: "Azure Monitor",
    specs: [
      {
        meter: "monitor:metric-alert",
        unit: "month",
        unitsOfMeasure: ["1/Month", "1 Month"],
        matches: (i) => /metric/i.test(i.meterName) && /alert/i.test(i.meterName),
      },
    ],
  },
  {
    service: "Virtual Network",
    extra: " and productName eq 'Virtual Network Private Link'",
    specs: [
      {
        meter: "network:private-endpoint",
        unit: "hour",
        unitsOfMeasure: ["1 Hour"],
        matches: (i) => i.meterName === "Standard Private Endpoint",
      },
    ],
  },
  {
    service: "Virtual Network",
    extra: " and productName eq 'IP Addresses'",
    specs: [
      {
        meter: "ip:public-ipv4",
        unit: "hour",
        unitsOfMeasure: ["1 Hour"],
        matches: (i) => i.meterName === "Standard IPv4 Static Public IP",
      },
    ],
  },
];

/** Every request the refresh makes for a region. */
export function buildRequests(region: string): PriceRequest[] {
  if (!/^[a-z0-9]+$/.test(region)) {
    throw new Error(`--region: '${region}' is not an ARM region name such as eastus`);
  }
  return [
    ...vmRequests(region),
    ...SERVICE_METERS.map((m) => req(consumption(region, m.service, m.extra), m.specs)),
  ];
}
