import type { FamilyQuota, QuotaReport } from "./report";

/** The plan's quota summary, as text lines (no trailing newline). */
export function formatQuota(report: QuotaReport): string {
  const lines = [
    `Quota at peak (vCPUs; instances running, clusters at max nodes, learners' endpoints deployed)`,
  ];
  for (const r of report.regions) {
    lines.push(
      `  ${r.region}: Azure ML dedicated ${r.totalDedicated} (regional total), low-priority ` +
        `${r.totalLowPriority}` +
        (r.aks.total > 0 ? `; AKS nodes ${r.aks.total} (Microsoft.Compute quota)` : ""),
    );
    const fam = (label: string, f: FamilyQuota) => {
      const parts = f.demands.map((d) => `${d.resource} ${d.count} x ${d.vCPUsEach}`);
      lines.push(
        `    ${f.family.padEnd(26)}${label.padEnd(13)}${String(f.vCPUs).padStart(5)}  = ${parts.join(" + ")}`,
      );
    };
    r.dedicated.forEach((f) => fam("dedicated", f));
    r.lowPriority.forEach((f) => fam("low-priority", f));
    r.aks.families.forEach((f) => fam("aks (compute)", f));
  }
  for (const u of report.unknownVmSizes) lines.push(`  NOT COUNTED: ${u.message}`);
  lines.push("  assumptions:");
  for (const s of report.assumptions) lines.push(`    - ${s}`);
  return lines.join("\n");
}
