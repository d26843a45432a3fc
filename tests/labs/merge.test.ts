import { getLab, mergeLabNeeds, resolveLabs } from "../../labs/index";
import { LabDefinition } from "../../labs/types";

/** mergeLabNeeds (labs/merge.ts): how the needs of several labs combine, and their conflicts. */

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
