import { preflightMain } from "../cli/preflight/main";
import { launch } from "../cli/shared/launch";
import { runPlan } from "../plan/runUnderMocks";

/**
 * npm run preflight -- [--stack NAME] [--config-file PATH] [--subscription ID] [--regions r1,r2]
 *   [--register] [--json] (cli/preflight/main.ts). Needs Azure credentials (`az login`, or
 * AZURE_ACCESS_TOKEN and AZURE_SUBSCRIPTION_ID). Exit status: 0 everything fits, 1 something does
 * not, 2 bad arguments or Azure out of reach.
 */
launch("preflight", (argv) => preflightMain(argv, { runPlan }));
