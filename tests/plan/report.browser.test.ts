import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import type { Browser } from "puppeteer-core";
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from "../../cli/shared/chromium";
import { renderHtmlReport } from "../../plan/report";
import { PROJECT_DIR, planIsolated } from "../helpers/plan";

/**
 * The HTML report in a real headless browser (Debian's chromium, driven by puppeteer-core): it
 * renders without console errors, loads nothing but itself, the cost chart has one bar per course
 * day, and the placeholder note is on its face. Skipped, with the reason, where no Chromium is
 * installed (`apt-get install -y chromium`; .ci/run installs it when it can).
 */

const chromium = findChromium();
if (!chromium) {
  console.warn(`SKIPPED tests/plan/report.browser.test.ts: ${NO_CHROMIUM}`);
}
const maybe = chromium ? describe : describe.skip;

maybe("the HTML report in headless Chromium", () => {
  let browser: Browser;
  let file: string;
  const COURSE_DAYS = 4;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dp100-report-"));
    const stack = path.join(dir, "Pulumi.report.yaml");
    fs.writeFileSync(
      stack,
      YAML.stringify({
        config: {
          "dp100-labs:mode": "cohort",
          "dp100-labs:cohort": "rep",
          "dp100-labs:courseDays": COURSE_DAYS,
          "dp100-labs:expiresOn": "2020-01-31",
          "dp100-labs:learners": [
            { id: "ada", objectId: "00000000-0000-4000-8000-000000000001" },
            { id: "<script>alert(1)</script>", objectId: "00000000-0000-4000-8000-000000000002" },
          ],
        },
      }),
    );
    const doc = await planIsolated({ configFile: stack, projectDir: PROJECT_DIR });
    file = path.join(dir, "report.html");
    fs.writeFileSync(file, renderHtmlReport([doc], { limits: { eastus: {} } }));
    const puppeteer = await import("puppeteer-core");
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders without console errors, loads nothing else, one bar per course day", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${String(e)}`));
    page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(`file://${file}`, { waitUntil: "load" });
    expect(problems).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    // Run in the page (a string: the project's TypeScript has no DOM types).
    const seen = (await page.evaluate(`(() => {
      const all = (q) => [...document.querySelectorAll(q)];
      const text = (q) => document.querySelector(q)?.textContent ?? "";
      return {
        bars: all("#cost-chart g.day").length,
        idle: all("#cost-chart g.day rect.idle").length,
        working: all("#cost-chart g.day rect.working").length,
        barHeights: all("#cost-chart g.day rect.working").map((r) => r.getBBox().height),
        note: text("#placeholder-note"),
        scripts: document.scripts.length,
        sections: all("h2").map((e) => e.textContent),
        learners: text("#learners"),
        violations: text("#violations"),
      };
    })()`)) as {
      bars: number;
      idle: number;
      working: number;
      barHeights: number[];
      note: string;
      scripts: number;
      sections: string[];
      learners: string;
      violations: string;
    };
    expect(seen.bars).toBe(COURSE_DAYS);
    expect(seen.idle).toBe(COURSE_DAYS);
    expect(seen.working).toBe(COURSE_DAYS);
    for (const hgt of seen.barHeights) expect(hgt).toBeGreaterThan(0);
    expect(seen.note).toMatch(/Offline plan: names are placeholders\./);
    expect(seen.scripts).toBe(0);
    expect(seen.sections).toEqual([
      "What each learner gets",
      "Cost",
      "Quota per VM family",
      "Guardrails",
      "Creation chain",
    ]);
    // A learner id is text, never markup.
    expect(seen.learners).toContain("<script>alert(1)</script>");
    expect(seen.violations).toMatch(/expiry-passed/);
    if (process.env.DP100_REPORT_SCREENSHOT) {
      await page.screenshot({ path: process.env.DP100_REPORT_SCREENSHOT, fullPage: true });
    }
    await page.close();
  });
});
