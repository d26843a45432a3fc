import { preflightMain } from "../cli/preflight";
import { runPlan } from "../plan/runUnderMocks";
import { exitAfterFlush } from "./exit";

/**
 * npm run preflight -- [--stack NAME] [--config-file PATH] [--subscription ID] [--regions r1,r2]
 *   [--json]
 * Runs the offline plan of the stack, then checks its quota (the plan document's `quota` key)
 * against the subscription's Azure ML usage, limits and VM sizes. Needs Azure credentials
 * (`az login`, or AZURE_ACCESS_TOKEN and AZURE_SUBSCRIPTION_ID).
 * Exit status: 0 everything fits, 1 something does not, 2 bad arguments or Azure out of reach.
 */
preflightMain(process.argv.slice(2), { runPlan }).then(
  (code) => exitAfterFlush(code),
  (e) => {
    process.stderr.write(`preflight failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    exitAfterFlush(3);
  },
);
