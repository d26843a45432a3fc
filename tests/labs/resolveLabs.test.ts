import { dataAssetFiles } from "../../labs/data";
import {
  getLab,
  LAB_DATA_CONTAINER,
  LAB_DATA_DATASTORE,
  LAB_IDS,
  LabConfigError,
  LABS,
  learnersCreateCompute,
  resolveLabs,
  RETIRED_LABS,
} from "../../labs/index";

/** resolveLabs (labs/index.ts): `dp100-labs:labs` to the merged needs of the chosen labs. */

/** `pinned` are all in `names`, in this order (other names may come between). */
function expectInOrder(names: readonly string[], pinned: readonly string[]): void {
  expect(names.filter((n) => pinned.includes(n))).toEqual(pinned);
}

describe("resolveLabs", () => {
  test.each(LAB_IDS)("resolves %s alone to that lab's needs", (id) => {
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
    expect(all.labIds).toEqual(LAB_IDS);
    expect(resolveLabs(["all"])).toEqual(all);
    // Each name once, in course order, of every lab; among them, those of the pinned labs.
    const once = (names: string[]) => [...new Set(names)];
    const clusters = all.clusters.map((c) => c.name);
    expect(clusters).toEqual(once(LABS.flatMap((l) => l.clusters.map((c) => c.name))));
    expectInOrder(clusters, ["aml-cluster"]);
    expect(all.computeInstance && all.containerRegistry && all.aks && all.monitoring).toBe(true);
    expect(all.containers).toEqual(once(LABS.flatMap((l) => l.containers)));
    expectInOrder(all.containers, ["training-data", LAB_DATA_CONTAINER]);
    const stores = all.datastores.map((d) => d.name);
    expect(stores).toEqual(once(LABS.flatMap((l) => l.datastores.map((d) => d.name))));
    expectInOrder(stores, ["blob_training_data", LAB_DATA_DATASTORE]);
    const assets = all.dataAssets.map((a) => a.name);
    expect(assets).toEqual(once(LABS.flatMap((l) => l.dataAssets.map((a) => a.name))));
    expectInOrder(assets, [
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
    for (const id of LAB_IDS) expect(e.message).toContain(id);
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
