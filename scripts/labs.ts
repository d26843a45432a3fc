import { main } from "../cli/labs/main";

/** npm run labs -- [--json | --markdown] (cli/labs/main.ts). */
process.exitCode = main(process.argv.slice(2), (s) => {
  process.stdout.write(s);
});
