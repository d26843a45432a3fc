import type { HttpClient } from "@azure/core-rest-pipeline";
import { HttpError, RestClient } from "../http/client";
import { RETAIL_PRICES_URL, RetailPriceItem, RetailPricesPage } from "./requests";

/** One page of the Retail Prices API as JSON: the seam tests replace with recorded pages. */
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

/**
 * FetchJson on the one HTTP client (cli/http): the public API needs no token; 429 and 5xx answers
 * are retried (after Retry-After, else with backoff); a failure is a PricesFetchError naming the URL.
 */
export function retailPricesFetch(
  httpClient?: HttpClient,
  retry: { readonly retryDelayInMs?: number } = {},
): FetchJson {
  const client = new RestClient({
    baseUrl: RETAIL_PRICES_URL,
    service: "Azure Retail Prices API",
    httpClient,
    retryDelayInMs: retry.retryDelayInMs,
  });
  return async (url) => {
    try {
      return await client.get<unknown>(url);
    } catch (e) {
      const why =
        e instanceof HttpError
          ? e.status === 0
            ? e.detail
            : `HTTP ${e.status} ${e.code}: ${e.detail}`
          : (e as Error).message;
      throw new PricesFetchError(url, why);
    }
  };
}
