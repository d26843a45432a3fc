import { handoutMain } from "../cli/handout/main";
import { launch } from "../cli/shared/launch";

/** npm run handout -- --stack NAME [--outputs FILE] [--out DIR] (cli/handout/main.ts). */
launch("handout", handoutMain);
