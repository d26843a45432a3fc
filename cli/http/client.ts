import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  defaultRetryPolicy,
  HttpClient,
  HttpMethods,
  Pipeline,
  PipelineResponse,
  retryPolicy,
  RetryStrategy,
} from "@azure/core-rest-pipeline";

/**
 * The project's one HTTP client for Azure's REST APIs: Microsoft Graph, Azure Resource Manager
 * (arm.ts) and the public Azure Retail Prices API. The transport and the retries are the Azure SDK's own pipeline
 * (`@azure/core-rest-pipeline`): `defaultRetryPolicy` retries a 429 or 503 after its Retry-After
 * header, other 5xx answers and transport errors with exponential backoff, three times by default;
 * see https://learn.microsoft.com/graph/throttling and
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling.
 * This module adds the bearer token (asked for on every attempt, so a cached token provider can
 * renew it), JSON bodies, paging through `@odata.nextLink` (Graph) or `nextLink` (ARM), and errors
 * that name the call and carry the service's error code.
 */

export interface RestClientOptions {
  /** Base URL that relative paths are joined to, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
  /** The service, for error messages, e.g. "Microsoft Graph". */
  readonly service: string;
  /** A bearer token for the service, called before every attempt; none for a public API. */
  readonly getToken?: () => Promise<string>;
  /** The transport. Default: the Azure SDK's Node.js client; tests pass recorded responses. */
  readonly httpClient?: HttpClient;
  /** Retries after the first attempt. Default 3. */
  readonly maxRetries?: number;
  /** First backoff delay for 5xx and transport errors, doubled per retry. Default 1000 ms. */
  readonly retryDelayInMs?: number;
  /** Longest backoff delay. Default 30000 ms. */
  readonly maxRetryDelayInMs?: number;
}

export interface RestRequest {
  /** Extra headers, e.g. `ConsistencyLevel: eventual` for Graph's advanced queries. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body. */
  readonly body?: unknown;
  /** Statuses returned as answers instead of thrown, e.g. [404] for a lookup; "any": all. */
  readonly accept?: readonly number[] | "any";
}

export interface RestResponse<T = unknown> {
  readonly status: number;
  /** The parsed JSON body (undefined when empty or not JSON). */
  readonly body: T;
  header(name: string): string | undefined;
}

/**
 * An error answer: `{"error": {"code", "message"}}` as both Graph and ARM send it
 * (https://learn.microsoft.com/graph/errors). `call` names the request, e.g. `GET /users/ada@x`.
 */
export class HttpError extends Error {
  constructor(
    readonly service: string,
    readonly call: string,
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    // Status 0: no HTTP answer at all (no token, no network): the code and detail say why.
    super(`${service} ${call} failed: ${status === 0 ? "" : `${status} `}${code}: ${detail}`);
    this.name = "HttpError";
  }
}

export class RestClient {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient;
  readonly baseUrl: string;

  constructor(private readonly opts: RestClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/$/, "");
    this.httpClient = opts.httpClient ?? createDefaultHttpClient();
    this.pipeline = createEmptyPipeline();
    const retry = {
      maxRetries: opts.maxRetries ?? 3,
      retryDelayInMs: opts.retryDelayInMs ?? 1000,
      maxRetryDelayInMs: opts.maxRetryDelayInMs ?? 30_000,
    };
    this.pipeline.addPolicy(defaultRetryPolicy(retry));
    this.pipeline.addPolicy(
      retryPolicy([throttledWithoutRetryAfter(retry.retryDelayInMs, retry.maxRetryDelayInMs)], {
        maxRetries: retry.maxRetries,
      }),
    );
    // After the retry policy, so every attempt carries a current token.
    const getToken = opts.getToken;
    if (getToken) {
      this.pipeline.addPolicy({
        name: "bearerToken",
        sendRequest: async (request, next) => {
          request.headers.set("Authorization", `Bearer ${await getToken()}`);
          return next(request);
        },
      });
    }
  }

  /** The full URL of a path (paths that are already URLs, such as next links, are kept). */
  url(pathOrUrl: string): string {
    return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
  }

  /** Sends one request (with retries). Throws HttpError for a status >= 400 not in `accept`. */
  async send<T = unknown>(
    method: HttpMethods,
    pathOrUrl: string,
    req: RestRequest = {},
  ): Promise<RestResponse<T>> {
    const url = this.url(pathOrUrl);
    const call = `${method} ${url.startsWith(this.baseUrl) ? url.slice(this.baseUrl.length) : url}`;
    const headers = createHttpHeaders({ Accept: "application/json", ...req.headers });
    if (req.body !== undefined) headers.set("Content-Type", "application/json");
    const request = createPipelineRequest({
      url,
      method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
    let res: PipelineResponse;
    try {
      res = await this.pipeline.sendRequest(this.httpClient, request);
    } catch (e) {
      if (e instanceof HttpError) throw e;
      const status = (e as { statusCode?: number }).statusCode;
      throw new HttpError(
        this.opts.service,
        call,
        status ?? 0,
        (e as { code?: string }).code ?? "RequestFailed",
        (e as Error).message,
      );
    }
    const body = parseJson(res.bodyAsText);
    const accepted = req.accept === "any" || (req.accept ?? []).includes(res.status);
    if (res.status >= 400 && !accepted) {
      const err = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new HttpError(
        this.opts.service,
        call,
        res.status,
        err?.code ?? "Error",
        err?.message ?? (res.bodyAsText ?? "").slice(0, 300),
      );
    }
    return {
      status: res.status,
      body: body as T,
      header: (name) => res.headers.get(name) ?? undefined,
    };
  }

  /** GET and return the JSON body. */
  async get<T>(pathOrUrl: string, req: RestRequest = {}): Promise<T> {
    return (await this.send<T>("GET", pathOrUrl, req)).body;
  }

  /**
   * Every item of a paged collection: `value` arrays, following `@odata.nextLink` or `nextLink`.
   * Stops with an HttpError naming the call after `maxPages` pages (default 100).
   */
  async list<T>(pathOrUrl: string, req: RestRequest & { maxPages?: number } = {}): Promise<T[]> {
    const items: T[] = [];
    const maxPages = req.maxPages ?? 100;
    let next: string | undefined = pathOrUrl;
    for (let pages = 0; next; pages++) {
      if (pages >= maxPages) {
        const call = `GET ${pathOrUrl}`;
        throw new HttpError(
          this.opts.service,
          call,
          0,
          "TooManyPages",
          `paging did not end after ${maxPages} pages`,
        );
      }
      const page: PagedBody<T> = await this.get<PagedBody<T>>(next, req);
      items.push(...(page?.value ?? []));
      next = page?.["@odata.nextLink"] || page?.nextLink || undefined;
    }
    return items;
  }
}

const RETRY_AFTER_HEADERS = ["retry-after", "retry-after-ms", "x-ms-retry-after-ms"];

/**
 * A 429 without a Retry-After header, which `defaultRetryPolicy` leaves alone (it retries a 429
 * only after the delay the header names): retried with exponential backoff like a 5xx answer.
 * Both Graph and ARM ask clients to back off exponentially when no Retry-After is given
 * (https://learn.microsoft.com/graph/throttling#best-practices-to-handle-throttling).
 */
function throttledWithoutRetryAfter(delayMs: number, maxDelayMs: number): RetryStrategy {
  return {
    name: "throttledWithoutRetryAfter",
    retry: ({ retryCount, response }) => {
      if (response?.status !== 429 || RETRY_AFTER_HEADERS.some((h) => response.headers.has(h))) {
        return { skipStrategy: true };
      }
      return { retryAfterInMs: Math.min(maxDelayMs, delayMs * 2 ** Math.max(0, retryCount)) };
    },
  };
}

interface PagedBody<T> {
  readonly value?: T[];
  readonly "@odata.nextLink"?: string;
  readonly nextLink?: string;
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
