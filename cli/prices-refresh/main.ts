import * as fs from "fs";
import * as path from "path";
import { defaultPriceTable, priceTableToJson, type PriceTable } from "../../plan/prices";
import { findProjectDir } from "../../plan/stackSelection";
import { parseCommandLine } from "../shared/args";
import { FetchJson, retailPricesFetch } from "./fetch";
import { formatRefresh, refreshPrices } from "./refresh";
import { buildRequests } from "./requests";

/**
 * `npm run prices:refresh -- --region eastus`: fetches current pay-as-you-go figures for every meter
 * the cost model can use from the public Azure Retail Prices API and rewrites plan/prices.json with
 * each figure's source and date. Meters the API does not return keep their previous entry and are
 * listed. Nothing is written unless every request succeeded.
 */

export interface RefreshDeps {
  readonly fetchJson?: FetchJson;
  readonly table?: PriceTable;
  readonly write?: (json: string) => string;
  readonly today?: () => string;
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
}

export const REFRESH_USAGE = "usage: npm run prices:refresh -- [--region eastus] [--dry-run]";

/** Parses the flags; throws an Error naming the flag (and the region when it is not one). */
export function parseRefreshArgs(argv: readonly string[]): { region: string; dryRun: boolean } {
  const { values } = parseCommandLine<{ region: string; "dry-run": boolean }>(
    argv,
    { region: { type: "string" }, "dry-run": { type: "boolean" } },
    {
      unknown: (raw) => new Error(`unknown argument '${raw}'; ${REFRESH_USAGE}`),
      missing: (raw) => new Error(`${raw} needs a value; ${REFRESH_USAGE}`),
    },
  );
  const region = values.region ?? "eastus";
  buildRequests(region);
  return { region, dryRun: values["dry-run"] === true };
}

/** The command: exit 0 when the table was refreshed, 2 for bad arguments or an unreachable API. */
export async function pricesRefreshMain(
  argv: readonly string[],
  deps: RefreshDeps = {},
): Promise<number> {
  const out = deps.out ?? ((t: string) => process.stdout.write(t + "\n"));
  const err = deps.err ?? ((t: string) => process.stderr.write(t + "\n"));
  let args: { region: string; dryRun: boolean };
  try {
    args = parseRefreshArgs(argv);
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
  try {
    const { table, report } = await refreshPrices({
      region: args.region,
      fetchJson: deps.fetchJson ?? retailPricesFetch(),
      table: deps.table ?? defaultPriceTable(),
      date: (deps.today ?? (() => new Date().toISOString().slice(0, 10)))(),
    });
    const json = priceTableToJson(table);
    const written = args.dryRun ? undefined : (deps.write ?? writeRepoTable)(json);
    out(formatRefresh(report, written));
    return 0;
  } catch (e) {
    err(
      `${(e as Error).message}\nThe Azure Retail Prices API could not be read (this machine may have ` +
        `no internet access). plan/prices.json was NOT changed.`,
    );
    return 2;
  }
}

function writeRepoTable(json: string): string {
  const file = path.join(findProjectDir(), "plan", "prices.json");
  fs.writeFileSync(file, json);
  return file;
}
