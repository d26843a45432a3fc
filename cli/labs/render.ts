/**
 * The lab catalog as `npm run labs` shows it: each lab's id, lab file, title, what a stack
 * provisions for it, and what the learner creates during the lab (quota and cost only); as a
 * table, as the README "Labs" table in Markdown, or as JSON.
 */
import { DATASETS, DATASET_IDS } from "../../labs/data";
import { CatalogLab, KUBERNETES_INFERENCE, LearnerCreationKind } from "../../labs/index";
import { renderTable as table } from "../shared/table";

/** What a stack provisions for one lab, as short items. */
export function provisions(lab: CatalogLab): string[] {
  const items: string[] = [];
  if (lab.computeInstance) items.push("compute instance");
  for (const c of lab.clusters) items.push(`cluster ${c.name} (${c.vmSize}, 0-${c.maxNodes})`);
  if (lab.containerRegistry) items.push("container registry");
  for (const c of lab.containers) items.push(`container ${c}`);
  for (const d of lab.datastores) items.push(`datastore ${d.name}`);
  for (const a of lab.dataAssets) items.push(`data ${a.name} (${a.type})`);
  if (lab.components.length > 0) {
    items.push(`components ${lab.components.map((c) => `${c.name}:${c.version}`).join(", ")}`);
  }
  if (lab.aks) {
    const k = KUBERNETES_INFERENCE;
    items.push(
      `AKS + Azure ML extension as Kubernetes compute ${k.computeName} ` +
        `(${k.vmSize} x${k.nodes}-${k.maxNodes}, instance type ${k.instanceType.name})`,
    );
  }
  if (lab.monitoring) items.push("monitoring (action group, alert rules)");
  return items.length > 0 ? items : ["workspace only"];
}

const KIND_LABELS: Record<LearnerCreationKind, string> = {
  computeInstance: "compute instance",
  computeCluster: "cluster",
  onlineDeployment: "online deployment",
  batchDeployment: "batch deployment",
  kubernetesDeployment: "Kubernetes online deployment",
  serverlessSpark: "serverless Spark jobs",
};

/** What the learner creates, as short items. */
export function learnerCreates(lab: CatalogLab): string[] {
  return lab.learnerCreates.map((lc) => {
    const size = `${lc.vmSize} x${lc.instances}`;
    if (lc.kind === "computeCluster") return `cluster ${lc.onCluster ?? ""} (${size})`;
    const where = lc.onCluster ? ` on ${lc.onCluster}` : "";
    return `${KIND_LABELS[lc.kind]}${where} (${size})`;
  });
}

/** Splits text into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A plain-text table; each cell may hold several lines. */
export function renderTable(labs: readonly CatalogLab[]): string {
  const header = ["ID", "LAB FILE", "TITLE", "PROVISIONS", "LEARNER CREATES"];
  const rows = labs.map((lab) => [
    lab.id,
    lab.labFile + (lab.course === "extra" ? " (extra)" : ""),
    wrap(lab.title, 32),
    provisions(lab),
    learnerCreates(lab).length > 0 ? learnerCreates(lab) : ["-"],
  ]);
  return table(header, rows, { rowGap: true }).join("\n") + "\n";
}

/** The README "Labs" table in Markdown. */
export function renderMarkdown(labs: readonly CatalogLab[]): string {
  const lines = [
    "| id | lab file | provisions | learner creates |",
    "|---|---|---|---|",
    ...labs.map(
      (lab) =>
        `| \`${lab.id}\` | ${lab.labFile}${lab.course === "extra" ? " (extra)" : ""} | ` +
        `${provisions(lab).join(", ")} | ${learnerCreates(lab).join(", ") || "-"} |`,
    ),
  ];
  return lines.join("\n") + "\n";
}

/** The catalog as JSON: labs as declared, and each dataset's files without their content. */
export function renderJson(labs: readonly CatalogLab[]): string {
  const datasets = DATASET_IDS.map((id) => ({
    id,
    description: DATASETS[id].description,
    files: DATASETS[id].files().map((f) => ({
      path: f.path,
      contentType: f.contentType,
      bytes: Buffer.byteLength(f.content, "utf8"),
    })),
  }));
  // Identity first, then needs, for readers of the JSON.
  const ordered = labs.map(({ id, title, labFile, course, ...needs }) => ({
    id,
    title,
    labFile,
    course,
    ...needs,
  }));
  return JSON.stringify({ labs: ordered, datasets }, null, 2) + "\n";
}
