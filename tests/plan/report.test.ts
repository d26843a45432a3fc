import { CostReport } from "../../plan/cost";
import { costChartSvg, dailyCosts, escapeHtml, renderHtmlReport } from "../../plan/report";
import { planWith } from "../helpers/plan";

/** The HTML report's pure parts: daily costs, the chart, escaping, self-containment. */

const cost = (over: Partial<CostReport>): CostReport =>
  ({
    currency: "USD",
    region: "eastus",
    learners: 2,
    hoursPerDay: 6,
    courseDays: 3,
    assumptions: [],
    idlePerDay: 2,
    perLearnerActiveHour: 0.5,
    perLabDay: 8,
    perCourse: 24,
    complete: true,
    items: [],
    missing: [],
    unpriced: [],
    prices: [],
    ...over,
  }) as CostReport;

describe("dailyCosts", () => {
  it("splits each course day into idle and working hours", () => {
    expect(dailyCosts([cost({})])).toEqual([
      { day: 1, idle: 2, working: 6 },
      { day: 2, idle: 2, working: 6 },
      { day: 3, idle: 2, working: 6 },
    ]);
  });

  it("adds the stacks that are up together, each on its own first courseDays days", () => {
    const days = dailyCosts([cost({}), cost({ courseDays: 1, idlePerDay: 1, perLabDay: 3 })]);
    expect(days.map((d) => [d.idle, d.working])).toEqual([
      [3, 8],
      [2, 6],
      [2, 6],
    ]);
  });
});

describe("costChartSvg", () => {
  it("draws one bar group per day, with the day in data-day", () => {
    const svg = costChartSvg(dailyCosts([cost({ courseDays: 5 })]));
    expect(svg.match(/<g class="day" data-day="\d+">/g)).toHaveLength(5);
    expect(svg).toContain('data-day="5"');
    expect(svg).toContain('class="running-total"');
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that matter", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });
});

describe("renderHtmlReport", () => {
  it("is one self-contained page: no script, no external style, font or image, and a CSP that forbids them", async () => {
    const doc = await planWith({ "dp100-labs:courseDays": 2 });
    const html = renderHtmlReport([doc]);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=/i);
    expect(html).not.toMatch(/href="(?!#)/);
    expect(html).toContain("Offline plan: names are placeholders.");
    expect(html.match(/<g class="day"/g)).toHaveLength(2);
  });

  it("compares a family's vCPUs with the subscription's limit when it is known", async () => {
    const doc = await planWith({ "dp100-labs:courseDays": 1 });
    const family = (doc.quota as { regions: { dedicated: { family: string; vCPUs: number }[] }[] })
      .regions[0].dedicated[0];
    const over = renderHtmlReport([doc], {
      limits: { eastus: { [family.family]: family.vCPUs - 1 } },
    });
    expect(over).toContain(`over by 1`);
    const fits = renderHtmlReport([doc], {
      limits: { eastus: { [family.family]: family.vCPUs } },
    });
    expect(fits).toMatch(/class="ok">fits</);
    expect(renderHtmlReport([doc])).toContain("limit not known offline");
  });
});
