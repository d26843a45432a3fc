import { runCli } from "../cli/cohort/main";
import { realDeps } from "../cli/cohort/wiring";
import { launch } from "../cli/shared/launch";

/**
 * npm run cohort -- <command> [options]: a trainer's cohort (cli/cohort/main.ts). Exit status:
 * 0 all succeeded, 1 a stack failed, 2 bad input or a missing prerequisite.
 * `npm run cohort -- help` lists the commands.
 */
launch("cohort", (argv) => runCli(argv, realDeps()));
