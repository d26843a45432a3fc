import { docsMain } from "../cli/docs/main";

/** npm run docs -- [--check] (cli/docs/main.ts). */
process.exitCode = docsMain(process.argv.slice(2));
