import { findProjectDir, runPlan } from "../plan/runUnderMocks";
import { defaultStack, pulumiCliSelection } from "../plan/stackSelection";
import { renderPlan } from "../plan/render";
import { writeHtmlReport } from "../plan/reportFile";
import { ConfigError, isInputError } from "../stacks/config";
import { configErrorOf } from "../stacks/programErrors";
import { exitAfterFlush } from "./exit";

/**
 * npm run plan -- [--stack NAME] [--config-file PATH] [--json]
 * Exit status: 0 clean, 1 mandatory violations, 2 configuration error (nothing printed on stdout).
 */

const USAGE =
  "usage: npm run plan -- [--stack NAME] [--config-file PATH] [--policy-config FILE] [--json] [--html FILE]";

export interface PlanArgs {
  stack?: string;
  configFile?: string;
  policyConfig?: string;
  json: boolean;
  /** Where to write the self-contained HTML report (plan/report.ts). */
  html?: string;
}

export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const args: PlanArgs = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new ConfigError(a, "(missing value)", USAGE);
      return v;
    };
    if (a === "--stack") args.stack = value();
    else if (a === "--config-file") args.configFile = value();
    else if (a === "--policy-config") args.policyConfig = value();
    else if (a === "--json") args.json = true;
    else if (a === "--html") args.html = value();
    else throw new ConfigError(a, "(unknown option)", USAGE);
  }
  return args;
}

async function main(): Promise<number> {
  let doc;
  try {
    const args = parsePlanArgs(process.argv.slice(2));
    let stack = args.stack;
    if (stack === undefined && args.configFile === undefined) {
      const dir = findProjectDir();
      const chosen = defaultStack(dir, pulumiCliSelection(dir));
      stack = chosen.stack;
      if (!args.json) process.stderr.write(`Stack '${stack}' (${chosen.why}).\n`);
    }
    doc = await runPlan({
      stack,
      configFile: args.configFile,
      policyConfigFile: args.policyConfig,
    });
    const mandatory = doc.violations.filter((v) => v.level === "mandatory").length;
    if (args.html) writeHtmlReport(args.html, [doc]);
    process.stdout.write((args.json ? JSON.stringify(doc, null, 2) : renderPlan(doc)) + "\n");
    return mandatory > 0 ? 1 : 0;
  } catch (e) {
    const reason = configErrorOf(e) ?? (isInputError(e) ? e : undefined);
    if (reason) {
      process.stderr.write(`configuration error: ${reason.message}\n`);
      return 2;
    }
    throw e;
  }
}

main().then(
  (code) => exitAfterFlush(code),
  (e) => {
    process.stderr.write(`plan failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    exitAfterFlush(3);
  },
);
