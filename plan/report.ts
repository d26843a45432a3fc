import { RULES } from "../guardrails";
import { CostReport, usd } from "./cost";
import { GraphReport } from "./graph";
import { QuotaReport } from "./quota";
import { azureName, describe, learnerOf } from "./render";
import { PlanDocument, PlannedResource, Violation } from "./types";

/**
 * The plan as one self-contained HTML page a trainer can send (`npm run plan -- --html FILE`):
 * what each learner gets, cost per course day as a chart (idle versus working hours, inline SVG),
 * quota per VM family against the subscription's limit when known, the guardrail verdicts and the
 * creation chain. It reads offline: no script, no external style, font or image, and a
 * Content-Security-Policy that forbids loading any. Pure: documents in, text out.
 */

export interface ReportOptions {
  /** The page title. Default: "DP-100 lab plan: <stack>" (or the stacks, joined). */
  readonly title?: string;
  /**
   * The subscription's Azure ML vCPU limits when known (`npm run preflight` reads them): region ->
   * family (as the quota report names it, e.g. `standardDSv2Family`) -> vCPUs.
   */
  readonly limits?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** When the page was made (shown as is). Default: none. */
  readonly generatedAt?: string;
}

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const h = escapeHtml;

/** One course day's cost, summed over the stacks that are up that day. */
export interface DayCost {
  readonly day: number;
  /** Everything provisioned, nobody working, 24 hours. */
  readonly idle: number;
  /** The learners' working hours on top of the idle cost. */
  readonly working: number;
}

/** Cost per course day over several stacks (a stack counts on its own first `courseDays` days). */
export function dailyCosts(costs: readonly CostReport[]): DayCost[] {
  const days = Math.max(0, ...costs.map((c) => c.courseDays));
  return Array.from({ length: days }, (_, i) => {
    const up = costs.filter((c) => c.courseDays > i);
    const idle = up.reduce((s, c) => s + c.idlePerDay, 0);
    const working = up.reduce((s, c) => s + (c.perLabDay - c.idlePerDay), 0);
    return { day: i + 1, idle, working };
  });
}

const W = 760;
const H = 260;
const PAD = { left: 64, right: 72, top: 16, bottom: 40 };

/** Rounds a maximum up to a readable axis end (1, 2 or 5 times a power of ten). */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

const fixed = (n: number) => n.toFixed(1);

/**
 * The cost chart: one stacked bar per course day (idle, then working hours; left axis, USD per
 * day) and the course's running total as a line (right axis). Inline SVG.
 */
export function costChartSvg(days: readonly DayCost[]): string {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const dayMax = niceMax(Math.max(0, ...days.map((d) => d.idle + d.working)));
  const total = days.reduce((s, d) => s + d.idle + d.working, 0);
  const totalMax = niceMax(total);
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number, max: number) => PAD.top + plotH - (v / max) * plotH;
  const out: string[] = [
    `<svg id="cost-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="cost-chart-title">`,
    `<title id="cost-chart-title">Cost per course day (idle and working hours) and the course total</title>`,
  ];
  // Ticks at quarters of the axis: cents where a quarter is not a whole dollar amount.
  const money = (v: number, max: number) => usd(v, max < 40 ? 2 : 0);
  for (let t = 0; t <= 4; t++) {
    const v = (dayMax * t) / 4;
    const yy = fixed(y(v, dayMax));
    out.push(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${yy}" y2="${yy}"/>`,
      `<text class="axis" x="${PAD.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${h(money(v, dayMax))}</text>`,
      `<text class="axis total" x="${W - PAD.right + 6}" y="${yy}" dominant-baseline="middle">${h(money((totalMax * t) / 4, totalMax))}</text>`,
    );
  }
  let running = 0;
  const points: string[] = [];
  const labelEvery = Math.ceil(days.length / 20);
  for (const [i, d] of days.entries()) {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    const yIdle = y(d.idle, dayMax);
    const yTop = y(d.idle + d.working, dayMax);
    running += d.idle + d.working;
    points.push(`${fixed(x + barW / 2)},${fixed(y(running, totalMax))}`);
    out.push(
      `<g class="day" data-day="${d.day}">`,
      `<title>Day ${d.day}: ${h(usd(d.idle))} idle + ${h(usd(d.working))} working hours = ${h(usd(d.idle + d.working))}</title>`,
      `<rect class="idle" x="${fixed(x)}" y="${fixed(yIdle)}" width="${fixed(barW)}" height="${fixed(PAD.top + plotH - yIdle)}"/>`,
      `<rect class="working" x="${fixed(x)}" y="${fixed(yTop)}" width="${fixed(barW)}" height="${fixed(yIdle - yTop)}"/>`,
      `</g>`,
    );
    if (i % labelEvery === 0) {
      out.push(
        `<text class="axis" x="${fixed(x + barW / 2)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${d.day}</text>`,
      );
    }
  }
  if (points.length > 0) {
    out.push(`<polyline class="running-total" points="${points.join(" ")}"/>`);
  }
  out.push(
    `<text class="axis" x="${PAD.left + plotW / 2}" y="${H - 8}" text-anchor="middle">course day</text>`,
    `</svg>`,
  );
  return out.join("\n");
}

const css = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#1b1b1b}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.placeholder{background:#fff4ce;border:1px solid #e0b400;padding:.6em 1em;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
.ok{color:#107c10}.bad{color:#a4262c;font-weight:600}.warn{color:#8a6100}
svg .grid{stroke:#e6e6e6}svg .axis{font-size:11px;fill:#555}svg .idle{fill:#8fb8de}svg .working{fill:#0f6cbd}
svg .running-total{fill:none;stroke:#c50f1f;stroke-width:2}.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle}
.bar{background:#eee;height:.8em;min-width:8em;position:relative}.bar i{display:block;height:100%;background:#0f6cbd}.bar i.over{background:#a4262c}
ol.chain li{margin:.15em 0}
`;

interface Section {
  readonly title: string;
  readonly body: string;
}

function learnerSection(docs: readonly PlanDocument[]): Section {
  const rows: string[] = [];
  let learners = 0;
  for (const doc of docs) {
    const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
    const groups = new Map<string, PlannedResource[]>();
    for (const r of doc.resources.filter((x) => x.custom)) {
      const key = learnerOf(r, byUrn) ?? "";
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const [learner, rs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      if (learner !== "") learners++;
      rs.forEach((r, i) => {
        const d = describe(r);
        const who =
          i === 0
            ? `<td rowspan="${rs.length}">${learner === "" ? "<em>shared</em>" : h(learner)}</td>`
            : "";
        rows.push(
          `<tr>${docs.length > 1 && i === 0 ? `<td rowspan="${rs.length}">${h(doc.stack)}</td>` : ""}${who}<td>${h(d.purpose)}</td><td class="mono">${h(azureName(r))}</td><td class="mono">${h(d.settings)}</td></tr>`,
        );
      });
    }
  }
  const stackHead = docs.length > 1 ? "<th>Stack</th>" : "";
  return {
    title: "What each learner gets",
    body: `<p>${learners} learner group(s); shared resources first. Names are placeholders of the real shape (see the note at the top).</p>
<table id="learners"><thead><tr>${stackHead}<th>Learner</th><th>Purpose</th><th>Azure name</th><th>Settings</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>`,
  };
}

function costSection(docs: readonly PlanDocument[]): Section {
  const costs = docs.map((d) => d.cost as CostReport | undefined).filter((c) => c !== undefined);
  if (costs.length === 0) return { title: "Cost", body: "<p>No cost estimate in this plan.</p>" };
  const days = dailyCosts(costs);
  const idle = costs.reduce((s, c) => s + c.idlePerDay, 0);
  const labDay = costs.reduce((s, c) => s + c.perLabDay, 0);
  const course = costs.reduce((s, c) => s + c.perCourse, 0);
  const complete = costs.every((c) => c.complete);
  const c0 = costs[0];
  const assumptions = [...new Set(costs.flatMap((c) => c.assumptions))];
  return {
    title: "Cost",
    body: `<p>${c0.learners} learner(s), ${c0.hoursPerDay} working hours a day, ${days.length} course day(s), region ${h(c0.region)}, ${c0.currency}, Azure retail prices.${complete ? "" : ' <span class="warn">Some meters have no price: the figures are lower bounds.</span>'}</p>
<table id="cost-summary"><tbody>
<tr><th>Idle day (everything provisioned, nobody working, 24 h)</th><td class="num">${h(usd(idle))}</td></tr>
<tr><th>Lab day (idle day plus every learner's working hours)</th><td class="num">${h(usd(labDay))}</td></tr>
<tr><th>Course (${days.length} day(s))</th><td class="num">${h(usd(course))}</td></tr>
</tbody></table>
<p class="legend">Per day:<span style="background:#8fb8de"></span>idle<span style="background:#0f6cbd"></span>working hours<span style="background:#c50f1f;height:.2em"></span>course total so far (right axis)</p>
${costChartSvg(days)}
<details><summary>Assumptions (${assumptions.length})</summary><ul>${assumptions.map((a) => `<li>${h(a)}</li>`).join("")}</ul></details>`,
  };
}

function quotaSection(docs: readonly PlanDocument[], opts: ReportOptions): Section {
  const rows: string[] = [];
  for (const doc of docs) {
    const quota = doc.quota as QuotaReport | undefined;
    for (const region of quota?.regions ?? []) {
      for (const [priority, families] of [
        ["dedicated", region.dedicated],
        ["low priority", region.lowPriority],
      ] as const) {
        for (const f of families) {
          const limit =
            priority === "dedicated" ? opts.limits?.[region.region]?.[f.family] : undefined;
          const share = limit ? Math.min(1, f.vCPUs / limit) : 0;
          const over = limit !== undefined && f.vCPUs > limit;
          const verdict =
            limit === undefined
              ? '<span class="warn">limit not known offline (npm run preflight reads it)</span>'
              : over
                ? `<span class="bad">over by ${f.vCPUs - limit}</span>`
                : '<span class="ok">fits</span>';
          rows.push(
            `<tr>${docs.length > 1 ? `<td>${h(doc.stack)}</td>` : ""}<td>${h(region.region)}</td><td class="mono">${h(f.family)}</td><td>${priority}</td><td class="num">${f.vCPUs}</td><td class="num">${limit ?? "?"}</td><td><div class="bar"><i class="${over ? "over" : ""}" style="width:${(share * 100).toFixed(0)}%"></i></div></td><td>${verdict}</td></tr>`,
          );
        }
      }
    }
  }
  return {
    title: "Quota per VM family",
    body:
      rows.length === 0
        ? "<p>This plan needs no Azure ML vCPU quota.</p>"
        : `<p>Azure ML vCPUs needed at peak (every compute instance, every cluster at its maximum, the endpoints learners create) against the subscription's limit.</p>
<table id="quota"><thead><tr>${docs.length > 1 ? "<th>Stack</th>" : ""}<th>Region</th><th>Family</th><th>Priority</th><th>vCPUs needed</th><th>Limit</th><th></th><th>Verdict</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>`,
  };
}

function guardrailSection(docs: readonly PlanDocument[]): Section {
  const violations: Array<Violation & { stack: string }> = docs.flatMap((d) =>
    d.violations.map((v) => ({ ...v, stack: d.stack })),
  );
  const byRule = new Map<string, number>();
  for (const v of violations) byRule.set(v.rule, (byRule.get(v.rule) ?? 0) + 1);
  const ruleRows = RULES.map((r) => {
    const n = byRule.get(r.id) ?? 0;
    const verdict =
      n === 0
        ? '<span class="ok">passed</span>'
        : `<span class="${r.level === "mandatory" ? "bad" : "warn"}">${n} violation(s)</span>`;
    return `<tr><td class="mono">${h(r.id)}</td><td>${r.level}</td><td>${h(r.description)}</td><td>${verdict}</td></tr>`;
  });
  const list =
    violations.length === 0
      ? '<p class="ok">No violations.</p>'
      : `<table id="violations"><thead><tr><th>Level</th><th>Rule</th><th>Message</th><th>Resource</th></tr></thead><tbody>
${violations
  .map(
    (v) =>
      `<tr><td class="${v.level === "mandatory" ? "bad" : "warn"}">${v.level}</td><td class="mono">${h(v.rule)}</td><td>${h(v.message)}</td><td class="mono">${h(v.urn.split("::").pop() ?? v.urn)}</td></tr>`,
  )
  .join("\n")}
</tbody></table>`;
  return {
    title: "Guardrails",
    body: `${list}
<table id="rules"><thead><tr><th>Rule</th><th>Level</th><th>What it requires</th><th>Verdict</th></tr></thead><tbody>
${ruleRows.join("\n")}
</tbody></table>`,
  };
}

function chainSection(docs: readonly PlanDocument[]): Section {
  const parts = docs.map((doc) => {
    const g = doc.graph as GraphReport | undefined;
    if (!g) return "<p>No creation graph in this plan.</p>";
    return `${docs.length > 1 ? `<h3>${h(doc.stack)}</h3>` : ""}<p>${g.depth} resources must be created one after another (the engine creates everything else in parallel); ${g.edges} dependencies; ${g.crossLearnerDependencies} between different learners.</p>
<ol class="chain">${g.criticalPath.map((step) => `<li class="mono">${h(step)}</li>`).join("")}</ol>`;
  });
  return { title: "Creation chain", body: parts.join("\n") };
}

/** The HTML page of one or more plans (several: the stacks of a cohort that are up together). */
export function renderHtmlReport(docs: readonly PlanDocument[], opts: ReportOptions = {}): string {
  if (docs.length === 0) throw new Error("renderHtmlReport needs at least one plan");
  const title = opts.title ?? `DP-100 lab plan: ${docs.map((d) => d.stack).join(", ")}`;
  const sections = [
    learnerSection(docs),
    costSection(docs),
    quotaSection(docs, opts),
    guardrailSection(docs),
    chainSection(docs),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${css}</style>
</head>
<body>
<h1>${h(title)}</h1>
<p>Project ${h(docs[0].project)} · stack(s) ${docs.map((d) => `<code>${h(d.stack)}</code>`).join(", ")}${opts.generatedAt ? ` · made ${h(opts.generatedAt)}` : ""}</p>
<p class="placeholder" id="placeholder-note"><strong>Offline plan: names are placeholders.</strong> Nothing was sent to Azure. Resource names have the real shape, but their random suffix, the ids and the studio links are placeholders; the names of the deployed environment come with <code>npm run cohort -- handout</code> after <code>up</code>.</p>
${sections.map((s) => `<section><h2>${h(s.title)}</h2>\n${s.body}\n</section>`).join("\n")}
</body>
</html>
`;
}
