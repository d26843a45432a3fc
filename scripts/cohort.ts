import { runCli } from "../cli/cohort/main";
import { realDeps } from "../cli/cohort/wiring";
import { exitAfterFlush } from "./exit";

/**
 * npm run cohort -- <command> [options]: a trainer's cohort, one Pulumi stack per lab.
 * Exit status: 0 all succeeded, 1 a stack failed, 2 bad input or a missing prerequisite.
 * `npm run cohort -- help` lists the commands.
 */
runCli(process.argv.slice(2), realDeps()).then(
  (code) => exitAfterFlush(code),
  (e) => {
    process.stderr.write(`cohort failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    exitAfterFlush(3);
  },
);
