import { CatalogLab, getLab, LAB_IDS, LABS } from "../../../labs/index";
import { main } from "../../../cli/labs/main";
import { renderMarkdown, renderTable } from "../../../cli/labs/render";

/** `npm run labs` (cli/labs/main.ts, render.ts): the catalog as a table, Markdown and JSON. */

describe("npm run labs", () => {
  const run = (args: string[]) => {
    let out = "";
    const code = main(args, (s) => (out += s));
    return { code, out };
  };

  test("the table lists every lab with its file and what it provisions", () => {
    const table = renderTable(LABS);
    for (const l of LABS) {
      expect(table).toContain(l.id);
      expect(table).toContain(l.labFile);
    }
    expect(table).toContain("cluster aml-cluster (Standard_DS11_v2, 0-2)");
    expect(table).toContain("data diabetes-training (mltable)");
    expect(table).toContain(
      "AKS + Azure ML extension as Kubernetes compute k8s-inference (Standard_DS3_v2 x2-3, instance type mlflow-2cpu-4gi)",
    );
    expect(table).toContain("how-to-attach-kubernetes-anywhere (extra)");
    expect(renderMarkdown(LABS)).toContain(
      "| `deploy-kubernetes-online-endpoint` | how-to-attach-kubernetes-anywhere (extra) |",
    );
    expect(table).toContain("online deployment (Standard_D2as_v4 x1)");
    expect(run([]).out).toBe(table);
  });

  test("--json prints the catalog and dataset metadata", () => {
    const { code, out } = run(["--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as {
      labs: CatalogLab[];
      datasets: { id: string; files: { path: string; bytes: number }[] }[];
    };
    expect(parsed.labs.map((l) => l.id)).toEqual(LAB_IDS);
    expect(parsed.labs[LAB_IDS.indexOf("make-data-available")]).toEqual(
      JSON.parse(JSON.stringify(getLab("make-data-available"))),
    );
    expect(parsed.datasets.length).toBeGreaterThan(0);
    for (const d of parsed.datasets) for (const f of d.files) expect(f.bytes).toBeGreaterThan(0);
  });

  test("--markdown prints one table row per lab; unknown flags exit 2", () => {
    expect(renderMarkdown(LABS).trimEnd().split("\n")).toHaveLength(LABS.length + 2);
    const bad = run(["--yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("usage:");
  });
});
