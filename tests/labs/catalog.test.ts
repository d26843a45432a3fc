import * as fs from "fs";
import * as path from "path";
import { nameViolation } from "../../components/naming";
import { datasetFiles, isDatasetId, MLTABLE_FILE_NAME } from "../../labs/data";
import {
  KUBERNETES_INFERENCE,
  getLab,
  LAB_IDS,
  LABS,
  MONITORING_SPARK_SIZES,
} from "../../labs/index";

/** The lab files of the current MicrosoftLearning/mslearn-azure-ml course, in course order. */
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

/**
 * The labs SPEC pins, in course order, exactly as stacks and README use them. A new lab needs no
 * entry: the catalog's own checks below cover every lab; none of these may go, move or change.
 */
const PINNED_IDS = Object.keys(SPEC);

/** Course order, by course (current, then extra) and then by lab file. */
const COURSES = ["current", "extra"];

describe("the catalog", () => {
  test("has every lab in course order with stable kebab-case ids", () => {
    expect(LABS.length).toBeGreaterThanOrEqual(18);
    expect(LAB_IDS.filter((id) => id in SPEC)).toEqual(PINNED_IDS);
    for (const [a, b] of LABS.slice(1).map((l, i) => [LABS[i], l])) {
      const [ca, cb] = [COURSES.indexOf(a.course), COURSES.indexOf(b.course)];
      expect(ca < cb || (ca === cb && a.labFile < b.labFile)).toBe(true);
    }
    for (const id of LAB_IDS) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(LAB_IDS).size).toBe(LAB_IDS.length);
  });

  test("matches every current lab file once, plus the extra labs", () => {
    const files = LABS.map((l) => l.labFile);
    expect(new Set(files).size).toBe(files.length);
    const current = LABS.filter((l) => l.course === "current").map((l) => l.labFile);
    expect(current.filter((f) => CURRENT_LAB_FILES.includes(f))).toEqual(CURRENT_LAB_FILES);
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
      .filter((f) => f.endsWith(".ts") && f !== "common.ts" && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(modules).toEqual([...LAB_IDS].sort());
  });

  test.each(LAB_IDS)("%s states every need, with a cluster's hours when it has one", (id) => {
    const lab = getLab(id);
    for (const flag of [lab.computeInstance, lab.containerRegistry, lab.aks, lab.monitoring]) {
      expect(typeof flag).toBe("boolean");
    }
    for (const list of [lab.clusters, lab.containers, lab.datastores, lab.dataAssets]) {
      expect(Array.isArray(list)).toBe(true);
    }
    expect(Array.isArray(lab.components) && Array.isArray(lab.learnerCreates)).toBe(true);
    expect(lab.labFile.length).toBeGreaterThan(0);
    expect(lab.typicalClusterHours).toBeGreaterThanOrEqual(0);
    if (lab.clusters.length > 0) expect(lab.typicalClusterHours).toBeGreaterThan(0);
  });

  test.each(PINNED_IDS)("%s needs exactly what its instructions use", (id) => {
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
