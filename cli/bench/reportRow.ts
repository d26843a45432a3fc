import * as fs from "fs";
import * as path from "path";
import { runPlan } from "../../plan/runUnderMocks";
import { renderHtmlReport } from "../../plan/report";
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from "../shared/chromium";
import { syntheticStack } from "./cases";

/**
 * The HTML report row: the report of a shared cohort (400 learners; 30 with --quick) with the
 * default labs, its size, and the time headless Chromium takes to load and lay it out. Targets:
 * under 2 MB and under 3 s. Skipped, saying why, without Chromium.
 */
export async function reportRow(dir: string, quick: boolean): Promise<void> {
  const learners = quick ? 30 : 400;
  const chromium = findChromium();
  if (!chromium) {
    console.log(`\nreport ${learners}: skipped, ${NO_CHROMIUM}`);
    return;
  }
  const stack = path.join(dir, `Pulumi.bench-report-${learners}.yaml`);
  fs.writeFileSync(stack, syntheticStack({ topology: "shared", learners, labs: "default" }));
  const doc = await runPlan({ configFile: stack });
  const start = process.hrtime.bigint();
  const html = renderHtmlReport([doc]);
  const renderMs = Number(process.hrtime.bigint() - start) / 1e6;
  const file = path.join(dir, `report-${learners}.html`);
  fs.writeFileSync(file, html);
  const puppeteer = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const t0 = process.hrtime.bigint();
    await page.goto(`file://${file}`, { waitUntil: "load" });
    // Force layout, so the time includes laying out the tables and the chart.
    await page.evaluate("document.body.getBoundingClientRect().height");
    const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const mb = Buffer.byteLength(html) / 2 ** 20;
    console.log(
      `\nreport ${learners}: ${mb.toFixed(2)} MB (target < 2 MB), built in ${renderMs.toFixed(0)} ms, loaded and laid out by Chromium in ${loadSeconds.toFixed(2)} s (target < 3 s)`,
    );
  } finally {
    await browser.close();
  }
}
