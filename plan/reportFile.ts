import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../stacks/config";
import { renderHtmlReport, ReportOptions } from "./report";
import { PlanDocument } from "./types";

/**
 * Writes the HTML report of `--html FILE` (npm run plan, and the cohort plan) and says so on
 * stderr, so that stdout keeps the plan's text or JSON. A file that cannot be written is a
 * ConfigError naming the option (exit 2).
 */
export function writeHtmlReport(
  file: string,
  docs: readonly PlanDocument[],
  opts: ReportOptions = {},
): void {
  const html = renderHtmlReport(docs, { generatedAt: new Date().toISOString(), ...opts });
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, html, "utf8");
  } catch (e) {
    throw new ConfigError(
      "--html",
      `'${file}'`,
      `a file that can be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  process.stderr.write(
    `wrote ${file} (${Math.ceil(Buffer.byteLength(html) / 1024)} KiB, self-contained HTML)\n`,
  );
}
