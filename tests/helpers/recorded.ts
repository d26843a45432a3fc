import * as fs from "fs";
import * as path from "path";
import { createHttpHeaders, HttpClient, PipelineRequest } from "@azure/core-rest-pipeline";

/**
 * A fake transport for cli/http/client.ts that replays recorded responses. Each exchange matches a
 * method and a URL (a string it must contain, or a RegExp) and answers with a status, headers and
 * a fixture file or body. Exchanges are used in order per matcher; unmatched requests fail loudly.
 */

export interface Exchange {
  readonly method: string;
  readonly url: string | RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** A file under tests/fixtures/graph/. */
  readonly fixture?: string;
  readonly body?: unknown;
}

export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export function recorded(exchanges: readonly Exchange[]): {
  client: HttpClient;
  sent: SentRequest[];
} {
  const left = [...exchanges];
  const sent: SentRequest[] = [];
  const client: HttpClient = {
    sendRequest: async (req: PipelineRequest) => {
      const url = req.url;
      const headers = Object.fromEntries(
        [...req.headers].map(([k, v]) => [k.toLowerCase(), v] as [string, string]),
      );
      sent.push({
        method: req.method,
        url,
        headers,
        body: typeof req.body === "string" ? JSON.parse(req.body) : undefined,
      });
      const i = left.findIndex(
        (x) =>
          x.method === req.method &&
          (typeof x.url === "string" ? decodeURIComponent(url).includes(x.url) : x.url.test(url)),
      );
      if (i < 0) throw new Error(`unexpected request ${req.method} ${url}`);
      const [x] = left.splice(i, 1);
      const text =
        x.fixture !== undefined
          ? fs.readFileSync(path.join(__dirname, "..", "fixtures", "graph", x.fixture), "utf8")
          : x.body === undefined
            ? ""
            : JSON.stringify(x.body);
      return {
        request: req,
        status: x.status,
        headers: createHttpHeaders({ "content-type": "application/json", ...x.headers }),
        bodyAsText: text,
      };
    },
  };
  return { client, sent };
}
