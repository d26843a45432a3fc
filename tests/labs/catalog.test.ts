import * as fs from "fs";
import * as path from "path";
import { nameViolation } from "../../components/naming";
import { datasetFiles, dataAssetFiles, isDatasetId, MLTABLE_FILE_NAME } from "../../labs/data";
import {
  KUBERNETES_INFERENCE,
  CatalogLab,
  getLab,
  LAB_DATA_CONTAINER,
  LAB_DATA_DATASTORE,
  LAB_IDS,
  LabConfigError,
  LABS,
  learnersCreateCompute,
  mergeLabNeeds,
  MONITORING_SPARK_SIZES,
  resolveLabs,
  RETIRED_LABS,
} from "../../labs/index";
import { LabDefinition } from "../../labs/types";
import { main } from "../../cli/labs/main";
import { renderMarkdown, renderTable } from "../../cli/labs/render";

/** The ids, in course order, exactly as stacks and README use them. */
const EXPECTED_IDS = [
  "explore-workspace",
  "explore-developer-tools",
  "make-data-available",
  "work-with-compute",
  "work-with-environments",
  "designer-train-model",
  "automl-classification",
  "notebooks-mlflow-tracking",
  "script-command-job",
  "script-mlflow-tracking",
  "hyperparameter-tuning",
  "run-pipelines",
  "responsible-ai-dashboard",
  "log-mlflow-models",
  "deploy-batch-endpoint",
  "deploy-online-endpoint",
  "deploy-kubernetes-online-endpoint",
  "monitor-model",
];

const CURRENT_LAB_FILES = [
  "02-Explore-Azure-Machine-Learning",
  "02-Explore-developer-tools",
  "03-Make-data-available",
  "04-Work-with-compute",
  "04-Work-with-environments",
  "05-Designer-train-model",
  "06-AutoML-classification-model",
  "07-Notebooks-mlflow-tracking",
  "08-Script-command-job",
  "08-Script-mlflow-tracking",
  "09-Hyperparameter-tuning",
  "09-Run-pipelines",
  "10-Create-explore-responsible-ai-dashboard",
  "10-Log-mlflow-models",
  "11-Deploy-batch-endpoint",
  "11-Deploy-online-endpoint",
];

/**
 * What each lab must provision, with the names the instructions use, and nothing else.
 * i = compute instance, c = clusters, acr, ct = containers, ds = datastores,
 * da = data assets (name:type), lc = learner creation kinds.
 */
const SPEC: Record<
  string,
  {
    i: boolean;
    c: string[];
    acr?: boolean;
    ct?: string[];
    ds?: string[];
    da?: string[];
    /** components (name:version) */
    cmp?: string[];
    aks?: boolean;
    mon?: boolean;
    lc?: string[];
  }
> = {
  "explore-workspace": { i: false, c: [], lc: ["computeInstance"] },
  "explore-developer-tools": { i: false, c: [], lc: ["computeInstance", "computeCluster"] },
  "make-data-available": {
    i: true,
    c: ["aml-cluster"],
    ct: ["training-data"],
    ds: ["blob_training_data->training-data"],
  },
  "work-with-compute": { i: false, c: [], lc: ["computeInstance", "computeCluster"] },
  "work-with-environments": { i: true, c: ["aml-cluster"], acr: true },
  "designer-train-model": {
    i: false,
    c: ["aml-cluster"],
    ct: ["lab-data"],
    ds: ["lab_data->lab-data"],
    da: ["diabetes-folder:uri_folder"],
    cmp: [
      "remove_empty_rows:1",
      "normalize_data:1",
      "train_decision_tree_classifier_model:1",
      "train_logistic_regression_classifier_model:1",
    ],
  },
  "automl-classification": {
    i: true,
    c: ["aml-cluster"],
    ct: ["lab-data"],
    ds: ["lab_data->lab-data"],
    da: ["diabetes-training:mltable", "oj-training:mltable"],
  },
  "notebooks-mlflow-tracking": { i: true, c: [] },
  "script-command-job": { i: true, c: ["aml-cluster"] },
  "script-mlflow-tracking": { i: true, c: ["aml-cluster"] },
  "hyperparameter-tuning": {
    i: true,
    c: ["aml-cluster"],
    ct: ["lab-data"],
    ds: ["lab_data->lab-data"],
    da: ["diabetes-data:uri_file"],
  },
  "run-pipelines": {
    i: true,
    c: ["aml-cluster"],
    ct: ["lab-data"],
    ds: ["lab_data->lab-data"],
    da: ["diabetes-data:uri_file"],
  },
  "responsible-ai-dashboard": { i: true, c: ["aml-cluster"] },
  "log-mlflow-models": { i: true, c: ["aml-cluster"] },
  "deploy-batch-endpoint": { i: true, c: ["aml-cluster"], lc: ["batchDeployment"] },
  "deploy-online-endpoint": { i: true, c: [], lc: ["onlineDeployment"] },
  "deploy-kubernetes-online-endpoint": { i: true, c: [], aks: true, lc: ["kubernetesDeployment"] },
  "monitor-model": {
    i: true,
    c: [],
    ct: ["lab-data"],
    ds: ["lab_data->lab-data"],
    da: ["diabetes-reference:mltable"],
    mon: true,
    lc: ["onlineDeployment", "serverlessSpark"],
  },
};

describe("the catalog", () => {
  test("has the 18 labs in course order with stable kebab-case ids", () => {
    expect(LABS).toHaveLength(18);
    expect(LAB_IDS).toEqual(EXPECTED_IDS);
    for (const id of LAB_IDS) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(LAB_IDS).size).toBe(LAB_IDS.length);
  });

  test("matches every current lab file once, plus the extra labs", () => {
    const files = LABS.map((l) => l.labFile);
    expect(new Set(files).size).toBe(files.length);
    expect(LABS.filter((l) => l.course === "current").map((l) => l.labFile)).toEqual(
      CURRENT_LAB_FILES,
    );
    // The course has no monitoring lab: model monitoring (v2) is an extra lab.
    expect(getLab("monitor-model").course).toBe("extra");
    // Nor a Kubernetes lab: the Kubernetes online endpoint lab replaces the retired SDK v1 AKS lab.
    expect(getLab("deploy-kubernetes-online-endpoint").course).toBe("extra");
    for (const l of LABS) expect(["current", "extra"]).toContain(l.course);
    for (const l of LABS) expect(l.title.length).toBeGreaterThan(10);
  });

  test("has one module per lab, named by its id", () => {
    const dir = path.join(__dirname, "..", "..", "labs", "catalog");
    const modules = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && f !== "common.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(modules).toEqual([...EXPECTED_IDS].sort());
  });

  test.each(EXPECTED_IDS)("%s needs exactly what its instructions use", (id) => {
    const lab = getLab(id);
    const s = SPEC[id];
    expect(lab.computeInstance).toBe(s.i);
    expect(lab.clusters.map((c) => c.name)).toEqual(s.c);
    expect(lab.containerRegistry).toBe(s.acr ?? false);
    expect(lab.containers).toEqual(s.ct ?? []);
    expect(lab.datastores.map((d) => `${d.name}->${d.container}`)).toEqual(s.ds ?? []);
    expect(lab.dataAssets.map((a) => `${a.name}:${a.type}`)).toEqual(s.da ?? []);
    expect(lab.components.map((c) => `${c.name}:${c.version}`)).toEqual(s.cmp ?? []);
    expect(lab.aks).toBe(s.aks ?? false);
    expect(lab.monitoring).toBe(s.mon ?? false);
    expect(lab.learnerCreates.map((lc) => lc.kind)).toEqual(s.lc ?? []);
    expect(lab.typicalClusterHours).toBeGreaterThanOrEqual(0);
    if (lab.clusters.length > 0) expect(lab.typicalClusterHours).toBeGreaterThan(0);
  });

  test("serverless Spark creations use a size model monitoring accepts", () => {
    const spark = LABS.flatMap((l) => l.learnerCreates).filter(
      (lc) => lc.kind === "serverlessSpark",
    );
    expect(spark.length).toBeGreaterThan(0);
    for (const lc of spark) expect(MONITORING_SPARK_SIZES).toContain(lc.vmSize);
  });

  test("aml-cluster is the setup scripts' cluster wherever it appears", () => {
    for (const lab of LABS) {
      for (const c of lab.clusters) {
        expect(c).toEqual({
          name: "aml-cluster",
          vmSize: "Standard_DS11_v2",
          maxNodes: 2,
          idleSecondsBeforeScaleDown: 120,
        });
      }
    }
    expect(nameViolation("mlCompute", "aml-cluster")).toBeUndefined();
    expect(nameViolation("mlCompute", KUBERNETES_INFERENCE.computeName)).toBeUndefined();
  });

  test("learner creations carry the quota the instructions imply", () => {
    const online = getLab("deploy-online-endpoint").learnerCreates[0];
    expect(online).toMatchObject({
      vmSize: "Standard_D2as_v4",
      instances: 1,
      priority: "dedicated",
    });
    expect(online.what).toContain('"blue"');
    expect(online.onCluster).toBeUndefined();
    expect(getLab("deploy-batch-endpoint").learnerCreates[0]).toMatchObject({
      instances: 2,
      onCluster: "aml-cluster",
    });
    expect(getLab("deploy-kubernetes-online-endpoint").learnerCreates[0]).toMatchObject({
      vmSize: "Standard_DS3_v2",
      onCluster: "k8s-inference",
    });
    // An MLflow model on Kubernetes needs 2 CPU / 4 GiB requested (how-to-manage-kubernetes-instance-types).
    expect(KUBERNETES_INFERENCE).toMatchObject({
      computeName: "k8s-inference",
      namespace: "default",
      vmSize: "Standard_DS3_v2",
      nodes: 2,
      instanceType: { cpu: "2", memory: "4Gi" },
    });
    for (const lab of LABS) {
      for (const lc of lab.learnerCreates) {
        expect(lc.instances).toBeGreaterThan(0);
        expect(lc.typicalHours).toBeGreaterThanOrEqual(0);
        expect(lc.vmSize).toMatch(/^Standard_[A-Za-z0-9_]+$/);
      }
    }
  });

  test("every data asset points at a declared datastore, container and generated dataset", () => {
    for (const lab of LABS) {
      for (const a of lab.dataAssets) {
        const store = lab.datastores.find((d) => d.name === a.datastore);
        expect(store).toBeDefined();
        expect(lab.containers).toContain(store!.container);
        expect(isDatasetId(a.dataset)).toBe(true);
        expect(a.version).toBe("1");
        expect(a.name).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/);
        expect(a.path).not.toMatch(/^\/|\/$/);
        expect(a.path.startsWith(`${a.name}/v${a.version}`)).toBe(true);
        const files = datasetFiles(a.dataset).map((f) => f.path);
        if (a.type === "uri_file") {
          expect(files).toContain(a.path.slice(a.path.lastIndexOf("/") + 1));
        } else if (a.type === "mltable") {
          expect(files).toContain(MLTABLE_FILE_NAME);
        } else {
          expect(files).not.toContain(MLTABLE_FILE_NAME);
        }
      }
      for (const d of lab.datastores) expect(nameViolation("mlDatastore", d.name)).toBeUndefined();
      for (const c of lab.containers) expect(c).toMatch(/^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/);
    }
  });
});

describe("resolveLabs", () => {
  test.each(EXPECTED_IDS)("resolves %s alone to that lab's needs", (id) => {
    const lab = getLab(id);
    const needs = resolveLabs([id]);
    expect(needs.labIds).toEqual([id]);
    expect(needs.computeInstance).toBe(lab.computeInstance);
    expect(needs.clusters).toEqual(lab.clusters);
    expect(needs.containerRegistry).toBe(lab.containerRegistry);
    expect(needs.containers).toEqual(lab.containers);
    expect(needs.datastores).toEqual(lab.datastores);
    expect(needs.dataAssets).toEqual(lab.dataAssets);
    expect(needs.aks).toBe(lab.aks);
    expect(needs.monitoring).toBe(lab.monitoring);
    expect(needs.learnerCreates.map((lc) => lc.labId)).toEqual(lab.learnerCreates.map(() => id));
    expect(needs.typicalClusterHours).toBe(lab.typicalClusterHours);
    expect(resolveLabs(id)).toEqual(needs);
  });

  test('"all" provisions every lab once, sharing aml-cluster and the lab data', () => {
    const all = resolveLabs("all");
    expect(all.labIds).toEqual(EXPECTED_IDS);
    expect(resolveLabs(["all"])).toEqual(all);
    expect(all.clusters.map((c) => c.name)).toEqual(["aml-cluster"]);
    expect(all.computeInstance && all.containerRegistry && all.aks && all.monitoring).toBe(true);
    expect(all.containers).toEqual(["training-data", LAB_DATA_CONTAINER]);
    expect(all.datastores.map((d) => d.name)).toEqual(["blob_training_data", LAB_DATA_DATASTORE]);
    expect(all.dataAssets.map((a) => a.name)).toEqual([
      "diabetes-folder",
      "diabetes-training",
      "oj-training",
      "diabetes-data",
      "diabetes-reference",
    ]);
    expect(all.typicalClusterHours).toBeCloseTo(
      LABS.reduce((h, l) => h + l.typicalClusterHours, 0),
      6,
    );
    expect(all.learnerCreates).toHaveLength(LABS.reduce((n, l) => n + l.learnerCreates.length, 0));
  });

  test("labs sharing aml-cluster get one cluster and one shared asset, in course order", () => {
    const needs = resolveLabs([
      "run-pipelines",
      "hyperparameter-tuning",
      "script-command-job",
      "run-pipelines",
    ]);
    expect(needs.labIds).toEqual(["script-command-job", "hyperparameter-tuning", "run-pipelines"]);
    expect(needs.clusters).toHaveLength(1);
    expect(needs.clusters[0].name).toBe("aml-cluster");
    expect(needs.dataAssets.map((a) => a.name)).toEqual(["diabetes-data"]);
    expect(needs.containers).toEqual([LAB_DATA_CONTAINER]);
    expect(resolveLabs("run-pipelines, hyperparameter-tuning,script-command-job")).toEqual(needs);
  });

  test("an unknown id is a LabConfigError naming it and listing every valid id", () => {
    let err: unknown;
    try {
      resolveLabs(["run-pipelines", "deploy-to-mars"]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LabConfigError);
    const e = err as LabConfigError;
    expect(e.key).toBe("labs");
    expect(e.value).toEqual(["run-pipelines", "deploy-to-mars"]);
    expect(e.message).toContain('"deploy-to-mars"');
    for (const id of EXPECTED_IDS) expect(e.message).toContain(id);
    expect(() => getLab("deploy-to-mars")).toThrow(LabConfigError);
  });

  test("a retired id is a LabConfigError naming its replacement, and is no lab of the catalog", () => {
    for (const [id, retired] of Object.entries(RETIRED_LABS)) {
      expect(LAB_IDS).not.toContain(id);
      expect(LAB_IDS).toContain(retired.replacement);
      let err: unknown;
      try {
        resolveLabs(["run-pipelines", id]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LabConfigError);
      expect((err as LabConfigError).message).toContain(`"${id}" is retired`);
      expect((err as LabConfigError).message).toContain(`use "${retired.replacement}"`);
    }
    expect(RETIRED_LABS["monitor-app-insights"]?.replacement).toBe("monitor-model");
    // Issue 12: the SDK v1 AKS lab is retired for the Kubernetes online endpoint lab.
    expect(RETIRED_LABS["deploy-aks-inference"]).toMatchObject({
      replacement: "deploy-kubernetes-online-endpoint",
      source: expect.stringContaining("Azure/AML-Kubernetes#261"),
    });
    expect(() => resolveLabs(["deploy-aks-inference"])).toThrow(
      /"deploy-aks-inference" is retired .*use "deploy-kubernetes-online-endpoint" instead/,
    );
  });

  test("ids are case-sensitive", () => {
    expect(() => resolveLabs(["Run-Pipelines"])).toThrow(/unknown lab id "Run-Pipelines"/);
    expect(() => resolveLabs("ALL")).toThrow(LabConfigError);
  });

  test("an empty choice is an error", () => {
    for (const empty of [[], "", " , ", [""]] as (string | string[])[]) {
      expect(() => resolveLabs(empty)).toThrow(/no lab chosen/);
    }
    expect(() => resolveLabs([42 as unknown as string])).toThrow(/lab ids are strings; got 42/);
  });

  test("learners create compute only in the labs that teach it", () => {
    expect(learnersCreateCompute(resolveLabs("work-with-compute"))).toBe(true);
    expect(learnersCreateCompute(resolveLabs("explore-developer-tools"))).toBe(true);
    expect(learnersCreateCompute(resolveLabs(["run-pipelines", "deploy-online-endpoint"]))).toBe(
      false,
    );
  });

  test("the blobs for every provisioned asset come from the generated datasets", () => {
    const all = resolveLabs("all");
    const blobs = dataAssetFiles(all);
    for (const a of all.dataAssets) {
      const mine = blobs.filter((b) => b.path === a.path || b.path.startsWith(`${a.path}/`));
      expect(mine.length).toBeGreaterThan(0);
      for (const b of mine) expect(b.container).toBe(LAB_DATA_CONTAINER);
      if (a.type === "uri_file") expect(mine.map((b) => b.path)).toEqual([a.path]);
      if (a.type === "mltable") expect(mine.map((b) => b.path)).toContain(`${a.path}/MLTable`);
    }
    expect(() =>
      dataAssetFiles({ datastores: [], dataAssets: all.dataAssets.slice(0, 1) }),
    ).toThrow(/datastore "lab_data" is not declared/);
  });
});

describe("mergeLabNeeds", () => {
  const base: LabDefinition = {
    ...getLab("script-command-job"),
    learnerCreates: [],
  };
  const lab = (id: string, over: Partial<LabDefinition>): LabDefinition => ({
    ...base,
    id,
    ...over,
  });

  test("a shared cluster takes the larger max nodes and the shorter idle time", () => {
    const a = lab("a", { clusters: [{ name: "c1", vmSize: "Standard_DS11_v2", maxNodes: 2 }] });
    const b = lab("b", {
      clusters: [
        { name: "c1", vmSize: "standard_ds11_v2", maxNodes: 4, idleSecondsBeforeScaleDown: 60 },
      ],
    });
    expect(mergeLabNeeds([a, b]).clusters).toEqual([
      { name: "c1", vmSize: "Standard_DS11_v2", maxNodes: 4, idleSecondsBeforeScaleDown: 60 },
    ]);
  });

  test("one cluster name with two VM sizes is an error naming both labs", () => {
    const a = lab("lab-a", { clusters: [{ name: "c1", vmSize: "Standard_DS11_v2", maxNodes: 2 }] });
    const b = lab("lab-b", { clusters: [{ name: "c1", vmSize: "Standard_DS3_v2", maxNodes: 2 }] });
    expect(() => mergeLabNeeds([a, b])).toThrow(
      /labs "lab-a" and "lab-b" both use cluster "c1" with different VM sizes \(Standard_DS11_v2 vs Standard_DS3_v2\)/,
    );
  });

  test("a datastore or data asset declared differently is an error naming both labs", () => {
    const a = lab("lab-a", { datastores: [{ name: "s", container: "one" }] });
    const b = lab("lab-b", { datastores: [{ name: "s", container: "two" }] });
    expect(() => mergeLabNeeds([a, b])).toThrow(
      /labs "lab-a" and "lab-b" both declare datastore "s"/,
    );
    const asset = getLab("run-pipelines").dataAssets[0];
    const c = lab("lab-c", { dataAssets: [asset] });
    const d = lab("lab-d", { dataAssets: [{ ...asset, path: "elsewhere/diabetes.csv" }] });
    expect(() => mergeLabNeeds([c, d])).toThrow(
      /labs "lab-c" and "lab-d" both declare data asset "diabetes-data" differently/,
    );
    expect(mergeLabNeeds([c, lab("lab-e", { dataAssets: [asset] })]).dataAssets).toEqual([asset]);
  });

  test("containers are de-duplicated and booleans OR'ed", () => {
    const a = lab("a", { containers: ["x", "y"], aks: true });
    const b = lab("b", { containers: ["y", "z"], monitoring: true, computeInstance: false });
    const m = mergeLabNeeds([a, b]);
    expect(m.containers).toEqual(["x", "y", "z"]);
    expect([m.aks, m.monitoring, m.computeInstance, m.containerRegistry]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  test("learner creations keep their lab id; onCluster only when that compute is provisioned", () => {
    const isCluster = (lc: object) => (lc as { kind?: string }).kind === "computeCluster";
    const alone = resolveLabs("work-with-compute");
    const cluster = alone.learnerCreates.find(isCluster)!;
    expect(cluster.labId).toBe("work-with-compute");
    expect(cluster.onCluster).toBeUndefined(); // nobody provisions aml-cluster: extra quota
    const shared = resolveLabs(["work-with-compute", "script-command-job"]);
    expect(shared.learnerCreates.find(isCluster)!.onCluster).toBe("aml-cluster");
    expect(resolveLabs("deploy-kubernetes-online-endpoint").learnerCreates[0].onCluster).toBe(
      "k8s-inference",
    );
    // The catalog itself is not modified by merging.
    expect(getLab("work-with-compute").learnerCreates[1].onCluster).toBe("aml-cluster");
  });
});

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
    expect(parsed.labs.map((l) => l.id)).toEqual(EXPECTED_IDS);
    expect(parsed.labs[2]).toEqual(JSON.parse(JSON.stringify(getLab("make-data-available"))));
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
