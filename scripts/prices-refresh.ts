import { pricesRefreshMain } from "../cli/prices-refresh/main";
import { launch } from "../cli/shared/launch";

/**
 * npm run prices:refresh -- [--region eastus] [--dry-run] (cli/prices-refresh/main.ts).
 * Exit status: 0 refreshed, 2 bad arguments or the API out of reach (the table is then unchanged).
 */
launch("prices:refresh", (argv) => pricesRefreshMain(argv));
