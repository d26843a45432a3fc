import * as fs from "fs";
import * as path from "path";
import { runPlan } from "../../plan/runUnderMocks";
import { defaultStackHere } from "../../plan/stackSelection";
import { ConfigError } from "../../stacks/config";
import { parseCommandLine } from "../shared/args";
import { formatHandout, HandoutError } from "./format";

/**
 * npm run handout -- --stack NAME [--outputs FILE] [--out DIR]
 *   --outputs FILE  the JSON of `pulumi stack output --json --stack NAME` (a deployed stack);
 *                   without it, the offline plan of the stack supplies the outputs (placeholders).
 *   --out DIR       where to write handout-<stack>.md and .csv (default: out/)
 * Exit status: 0 written, 2 bad arguments or outputs without learners.
 */
export const HANDOUT_USAGE =
  "usage: npm run handout -- --stack NAME [--outputs stack-outputs.json] [--out DIR]";

export interface HandoutArgs {
  readonly stack?: string;
  readonly outputs?: string;
  readonly out: string;
}

/** Parses the handout flags; throws a ConfigError naming the flag. */
export function parseHandoutArgs(argv: readonly string[]): HandoutArgs {
  const { values } = parseCommandLine<{ stack: string; outputs: string; out: string }>(
    argv,
    { stack: { type: "string" }, outputs: { type: "string" }, out: { type: "string" } },
    {
      unknown: (raw) => new ConfigError(raw, "(unknown option)", HANDOUT_USAGE),
      missing: (raw) => new ConfigError(raw, "(missing value)", HANDOUT_USAGE),
    },
  );
  return { stack: values.stack, outputs: values.outputs, out: values.out ?? "out" };
}

/** The stack's outputs and where they came from: --outputs, else the offline plan. */
async function outputsOf(
  stack: string,
  outputsFile: string | undefined,
): Promise<{ outputs: Record<string, unknown>; source: string }> {
  if (!outputsFile) {
    return {
      outputs: (await runPlan({ stack })).outputs,
      source:
        "the OFFLINE PLAN: names have the real shape but the suffix and ids are placeholders; use --outputs with a deployed stack's outputs for a handout to send",
    };
  }
  try {
    return {
      outputs: JSON.parse(fs.readFileSync(outputsFile, "utf8")),
      source: `outputs of the deployed stack (${outputsFile})`,
    };
  } catch (e) {
    throw new ConfigError(
      "--outputs",
      `'${outputsFile}'`,
      `a readable JSON file from pulumi stack output --json (${(e as Error).message})`,
    );
  }
}

async function writeHandout(argv: readonly string[]): Promise<number> {
  const args = parseHandoutArgs(argv);
  const stack = args.stack ?? defaultStackHere();
  const { outputs, source } = await outputsOf(stack, args.outputs);
  const { markdown, csv } = formatHandout(outputs, `DP-100 lab environment: ${stack}`, {
    placeholder: !args.outputs,
  });
  fs.mkdirSync(args.out, { recursive: true });
  const md = path.join(args.out, `handout-${stack}.md`);
  const csvFile = path.join(args.out, `handout-${stack}.csv`);
  fs.writeFileSync(md, markdown);
  fs.writeFileSync(csvFile, csv);
  process.stdout.write(`${markdown}\nwrote ${md} and ${csvFile} from ${source}\n`);
  return 0;
}

/** `npm run handout`: exit 2 (with `handout: <why>`) for bad input; other errors are thrown. */
export async function handoutMain(argv: readonly string[]): Promise<number> {
  try {
    return await writeHandout(argv);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof HandoutError) {
      process.stderr.write(`handout: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
