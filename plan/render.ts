import { describeStop, StopSchedule } from "../azure/regions";
import { CostReport, formatCost } from "./cost";
import { GraphReport } from "./graph";
import { describe } from "./describe";
import { NAME_INPUT } from "../azure/resourceTypes";
import { formatQuota, QuotaReport } from "./quota";
import { formatResourceProviders, isResourceProviderReport } from "./resourceProviders";
import { PlanDocument, PlannedResource } from "./types";

/**
 * Human-readable rendering of a plan document: resources grouped by learner and purpose, each
 * described by its type's row of plan/describe.ts.
 */

export { describe } from "./describe";

/** The learner a resource belongs to (through its LearnerResources ancestor), or undefined if shared. */
export function learnerOf(
  r: PlannedResource,
  byUrn: Map<string, PlannedResource>,
): string | undefined {
  let cur: PlannedResource | undefined = r;
  while (cur) {
    if (cur.type === "dp100:cohort:Learner") return String(cur.inputs.learnerId ?? cur.name);
    cur = cur.parent ? byUrn.get(cur.parent) : undefined;
  }
  return undefined;
}

/** The Azure name of a resource, or its logical name when the type has no name input. */
export function azureName(r: PlannedResource): string {
  const key = NAME_INPUT[r.type];
  const v = key ? r.inputs[key] : undefined;
  return typeof v === "string" ? v : `(${r.name})`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join("  "))
    .join("\n");
}

/** The plan as text: a header, one table per group (shared, then each learner), violations. */
export function renderPlan(
  doc: PlanDocument,
  opts: { maxLearners?: number; budget?: number } = {},
): string {
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  const custom = doc.resources.filter((r) => r.custom);
  const groups = new Map<string, PlannedResource[]>();
  for (const r of custom) {
    const learner = learnerOf(r, byUrn);
    const key = learner === undefined ? "shared" : `learner ${learner}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: string[] = [];
  out.push(
    `Offline plan of stack '${doc.stack}' (project ${doc.project}): ${custom.length} resources would be created, ${doc.resources.length - custom.length} components.`,
  );
  out.push(
    "Nothing was sent to Azure: ids, random suffixes and the client identity are placeholders of the real shape.",
  );
  const stop = doc.outputs.computeStop as StopSchedule | null | undefined;
  if (stop) {
    out.push(
      `Compute instances stop every day at ${describeStop(stop)}${stop.fromRegion ? "; set dp100-labs:timeZone for another" : ""}.`,
    );
  }
  const maxLearners = opts.maxLearners ?? 10;
  let learnersShown = 0;
  let learnersHidden = 0;
  for (const [group, rs] of groups) {
    if (group !== "shared" && ++learnersShown > maxLearners) {
      learnersHidden++;
      continue;
    }
    out.push("");
    out.push(`== ${group} (${rs.length})`);
    const rows = [["purpose", "azure name", "settings"]];
    for (const r of rs) {
      const d = describe(r);
      rows.push([d.purpose, azureName(r), d.settings]);
    }
    out.push(table(rows));
  }
  if (learnersHidden > 0)
    out.push(`\n(${learnersHidden} more learners with the same resources; --json lists every one)`);
  if (doc.cost) {
    out.push("");
    out.push(formatCost(doc.cost as CostReport, opts.budget));
  }
  if (doc.quota) {
    out.push("");
    out.push(formatQuota(doc.quota as QuotaReport));
  }
  if (isResourceProviderReport(doc.resourceProviders)) {
    out.push("");
    out.push(formatResourceProviders(doc.resourceProviders));
  }
  const graph = doc.graph as GraphReport | undefined;
  if (graph) {
    out.push("");
    out.push(
      `Creation order: the longest chain is ${graph.depth} resources created one after another (${graph.criticalPath.join(" -> ")}); ${graph.crossLearnerDependencies} dependencies between different learners.`,
    );
  }
  out.push("");
  if (doc.violations.length === 0) {
    out.push("Violations: none.");
  } else {
    out.push(`Violations (${doc.violations.length}):`);
    for (const v of doc.violations)
      out.push(`  [${v.level}] ${v.rule}: ${v.message}\n      at ${v.urn}`);
  }
  return out.join("\n");
}
