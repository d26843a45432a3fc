import { pricesRefreshMain } from "../cli/pricesRefresh";
import { exitAfterFlush } from "./exit";

/**
 * npm run prices:refresh -- [--region eastus] [--dry-run]
 * Fetches current figures from the Azure Retail Prices API and rewrites plan/prices.json.
 * Exit status: 0 refreshed, 2 bad arguments or the API out of reach (the table is then unchanged).
 */
pricesRefreshMain(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (e) => {
    process.stderr.write(`prices:refresh failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    exitAfterFlush(3);
  },
);
