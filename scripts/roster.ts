import { runRosterCli } from "../cli/roster/main";
import { realRosterDeps } from "../cli/roster/wiring";
import { launch } from "../cli/shared/launch";

/**
 * npm run roster -- resolve --roster FILE [--invite] [--out FILE] (cli/roster/main.ts). Exit
 * status: 0 done, 2 bad input or unresolved rows, 3 an unexpected failure.
 */
launch("roster", (argv) => runRosterCli(argv, realRosterDeps()), { detail: "message" });
