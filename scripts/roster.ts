import { runRosterCli } from "../cli/roster/main";
import { graphDirectory } from "../cli/roster/wiring";
import { exitAfterFlush } from "./exit";

/**
 * npm run roster -- resolve --roster FILE [--invite] [--out FILE]: object ids for a roster of
 * e-mail addresses. Exit status: 0 done, 2 bad input or unresolved rows, 3 an unexpected failure.
 */
runRosterCli(process.argv.slice(2), {
  cwd: process.env.INIT_CWD ?? process.cwd(),
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
  makeDirectory: () => graphDirectory(),
}).then(
  (code) => exitAfterFlush(code),
  (e) => {
    process.stderr.write(`roster failed: ${e instanceof Error ? e.message : String(e)}\n`);
    exitAfterFlush(3);
  },
);
