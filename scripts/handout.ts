import * as fs from "fs";
import * as path from "path";
import { formatHandout, HandoutError } from "../cli/handout";
import { runPlan } from "../plan/runUnderMocks";
import { defaultStackHere } from "../plan/stackSelection";
import { ConfigError } from "../stacks/config";
import { exitAfterFlush } from "./exit";

/**
 * npm run handout -- --stack NAME [--outputs FILE] [--out DIR]
 *   --outputs FILE  the JSON of `pulumi stack output --json --stack NAME` (a deployed stack);
 *                   without it, the offline plan of the stack supplies the outputs (placeholders).
 *   --out DIR       where to write handout-<stack>.md and .csv (default: out/)
 */
const USAGE = "usage: npm run handout -- --stack NAME [--outputs stack-outputs.json] [--out DIR]";

async function main(argv: string[]): Promise<number> {
  let stack: string | undefined;
  let outputsFile: string | undefined;
  let outDir = "out";
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (
      ["--stack", "--outputs", "--out"].includes(argv[i]) &&
      (v === undefined || v.startsWith("--"))
    ) {
      throw new ConfigError(argv[i], "(missing value)", USAGE);
    }
    if (argv[i] === "--stack") stack = argv[++i];
    else if (argv[i] === "--outputs") outputsFile = argv[++i];
    else if (argv[i] === "--out") outDir = argv[++i];
    else throw new ConfigError(argv[i], "(unknown option)", USAGE);
  }
  stack ??= defaultStackHere();
  let outputs: Record<string, unknown>;
  let source: string;
  if (outputsFile) {
    try {
      outputs = JSON.parse(fs.readFileSync(outputsFile, "utf8"));
    } catch (e) {
      throw new ConfigError(
        "--outputs",
        `'${outputsFile}'`,
        `a readable JSON file from pulumi stack output --json (${(e as Error).message})`,
      );
    }
    source = `outputs of the deployed stack (${outputsFile})`;
  } else {
    outputs = (await runPlan({ stack })).outputs;
    source =
      "the OFFLINE PLAN: names have the real shape but the suffix and ids are placeholders; use --outputs with a deployed stack's outputs for a handout to send";
  }
  const { markdown, csv } = formatHandout(outputs, `DP-100 lab environment: ${stack}`, {
    placeholder: !outputsFile,
  });
  fs.mkdirSync(outDir, { recursive: true });
  const md = path.join(outDir, `handout-${stack}.md`);
  const csvFile = path.join(outDir, `handout-${stack}.csv`);
  fs.writeFileSync(md, markdown);
  fs.writeFileSync(csvFile, csv);
  process.stdout.write(`${markdown}\nwrote ${md} and ${csvFile} from ${source}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (e) => {
    if (e instanceof ConfigError || e instanceof HandoutError) {
      process.stderr.write(`handout: ${e.message}\n`);
      exitAfterFlush(2);
    }
    process.stderr.write(`handout failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    exitAfterFlush(3);
  },
);
