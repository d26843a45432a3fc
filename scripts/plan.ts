import { planMain } from "../cli/plan/main";
import { launch } from "../cli/shared/launch";

/** npm run plan -- [--stack NAME] [--config-file PATH] [--json] ... (cli/plan/main.ts). */
launch("plan", (argv) => planMain(argv));
