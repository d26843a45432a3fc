import { usd } from "../../guardrails/wholePlan";
import { fmtQ } from "./numbers";
import type { CostReport } from "./report";

/** The plan's cost summary, as text lines (no trailing newline). */
export function formatCost(report: CostReport, budgetUsd?: number): string {
  const lines: string[] = [];
  const incomplete = report.complete ? "" : " (at least; prices missing, see below)";
  lines.push(
    `Cost estimate (${report.currency}, ${report.region}, prices from plan/prices.json)${incomplete}`,
  );
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(44)}${value}`);
  row("idle per day (nobody working)", usd(report.idlePerDay));
  row("per learner per working hour", usd(report.perLearnerActiveHour));
  row(
    `per lab day (${report.learners} learner(s), ${report.hoursPerDay} h)`,
    usd(report.perLabDay),
  );
  row(
    `course (${report.courseDays} day${report.courseDays === 1 ? "" : "s"})`,
    usd(report.perCourse) + (budgetUsd !== undefined ? `   budget ${usd(budgetUsd)}` : ""),
  );
  lines.push("  per lab day by meter:");
  const groups = new Map<
    string,
    { q: number; amount: number; unit: string; p: number; n: number }
  >();
  for (const i of report.items.filter((x) => x.figure === "perLabDay")) {
    const g = groups.get(i.meter) ?? { q: 0, amount: 0, unit: i.unit, p: i.unitPrice, n: 0 };
    g.q += i.quantity;
    g.amount += i.amount;
    g.n += 1;
    groups.set(i.meter, g);
  }
  for (const [meter, g] of [...groups.entries()].sort((x, y) => y[1].amount - x[1].amount)) {
    lines.push(
      `    ${meter.padEnd(32)}${fmtQ(g.q).padStart(10)} ${g.unit.padEnd(8)} x ${usd(g.p, 4).padEnd(9)}` +
        ` = ${usd(g.amount).padStart(9)}  (${g.n} item(s))`,
    );
  }
  for (const m of report.missing) {
    lines.push(`  MISSING PRICE ${m.meter} (${m.resources.join(", ")}): not counted`);
  }
  for (const u of report.unpriced) {
    lines.push(`  not priced: ${u.type} (${u.resources.length})`);
  }
  lines.push("  assumptions:");
  for (const s of report.assumptions) lines.push(`    - ${s}`);
  return lines.join("\n");
}
