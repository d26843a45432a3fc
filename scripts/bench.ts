import { benchMain } from "../cli/bench/main";

/** npm run bench -- [--quick] [--report-only] ... (cli/bench/main.ts); 1 with the reason on failure. */
benchMain(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
