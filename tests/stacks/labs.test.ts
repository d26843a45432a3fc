import { getLab, LAB_IDS, KUBERNETES_INFERENCE } from "../../labs";
import { LAB_CODE_CONTAINER } from "../../components/labComponents";
import { PlanDocument } from "../../plan/types";
import { computeOfType, get, guid, ofType, planWith } from "../helpers/plan";

/**
 * Every lab of the catalog, planned alone through the real program: it plans with no violation, what
 * it needs is there under the names the lab instructions use, and nothing it does not need is.
 */
const plans = new Map<string, PlanDocument>();
beforeAll(async () => {
  for (const id of LAB_IDS) {
    plans.set(
      id,
      await planWith(
        { "dp100-labs:labs": [id], "dp100-labs:alertEmails": ["trainer@example.com"] },
        id,
      ),
    );
  }
}, 300_000);

describe.each(LAB_IDS.map((id) => [id]))("lab %s", (id) => {
  const lab = getLab(id)!;

  test("plans with no violation and valid names", () => {
    const doc = plans.get(id)!;
    expect(doc.violations).toEqual([]);
  });

  test("has what it needs, under the instructions' names, and nothing else", () => {
    const doc = plans.get(id)!;
    const clusters = computeOfType(doc, "AmlCompute").map((c) => c.inputs.computeName);
    expect(clusters.sort()).toEqual(lab.clusters.map((c) => c.name).sort());
    expect(computeOfType(doc, "ComputeInstance")).toHaveLength(lab.computeInstance ? 1 : 0);
    expect(ofType(doc, "azure-native:containerregistry:Registry")).toHaveLength(
      lab.containerRegistry ? 1 : 0,
    );
    expect(computeOfType(doc, "AKS")).toEqual([]);
    const k8s = computeOfType(doc, "Kubernetes");
    expect(k8s.map((a) => a.inputs.computeName)).toEqual(
      lab.aks ? [KUBERNETES_INFERENCE.computeName] : [],
    );
    expect(ofType(doc, "azure-native:kubernetesconfiguration:Extension")).toHaveLength(
      lab.aks ? 1 : 0,
    );
    expect(ofType(doc, "azure-native:containerservice:ManagedCluster")).toHaveLength(
      lab.aks ? 1 : 0,
    );
    expect(ofType(doc, "azure-native:monitor:MetricAlert").length > 0).toBe(lab.monitoring);
    const containers = ofType(doc, "azure-native:storage:BlobContainer").map(
      (c) => c.inputs.containerName,
    );
    const codeContainer = lab.components.length > 0 ? [LAB_CODE_CONTAINER] : [];
    expect(containers.sort()).toEqual(
      [
        ...new Set([
          ...lab.containers,
          ...lab.datastores.map((d) => d.container),
          ...codeContainer,
        ]),
      ].sort(),
    );
    // Components: one code version per code folder, one component version per component.
    const components = ofType(doc, "azure-native:machinelearningservices:ComponentVersion");
    expect(components.map((c) => `${c.inputs.name}:${c.inputs.version}`).sort()).toEqual(
      lab.components.map((c) => `${c.name}:${c.version}`).sort(),
    );
    expect(ofType(doc, "azure-native:machinelearningservices:CodeVersion")).toHaveLength(
      new Set(lab.components.map((c) => c.codeFolder)).size,
    );
    const datastores = ofType(doc, "azure-native:machinelearningservices:Datastore").map(
      (d) => d.inputs.name,
    );
    expect(datastores.sort()).toEqual(lab.datastores.map((d) => d.name).sort());
    const assets = ofType(doc, "azure-native:machinelearningservices:DataVersion");
    expect(assets.map((a) => a.inputs.name).sort()).toEqual(
      lab.dataAssets.map((a) => a.name).sort(),
    );
    for (const a of lab.dataAssets) {
      const asset = assets.find((x) => x.inputs.name === a.name)!;
      expect(get(asset.inputs, "properties", "dataType")).toBe(a.type);
      expect(String(get(asset.inputs, "properties", "dataUri"))).toContain(
        `azureml://datastores/${a.datastore}/paths/${a.path}`,
      );
    }
  });
});

test("all labs together share one aml-cluster and plan clean in a cohort", async () => {
  const doc = await planWith({
    "dp100-labs:mode": "cohort",
    "dp100-labs:cohort": "all",
    "dp100-labs:labs": "all",
    "dp100-labs:learners": [1, 2, 3].map((n) => ({ id: `l${n}`, objectId: guid(n) })),
    "dp100-labs:trainers": [{ objectId: guid(99), email: "trainer@example.com" }],
  });
  expect(doc.violations).toEqual([]);
  expect(computeOfType(doc, "AmlCompute").map((c) => c.inputs.computeName)).toEqual([
    "aml-cluster",
  ]);
  expect(computeOfType(doc, "ComputeInstance")).toHaveLength(3);
});

test("a forbidden VM size plans with exit-1 violations naming the rule", async () => {
  const doc = await planWith({
    "dp100-labs:vmSizeChoices": ["Standard_NC6s_v3", "Standard_DS11_v2"],
    "dp100-labs:instanceVmSize": "Standard_NC6s_v3",
  });
  const v = doc.violations.filter((x) => x.rule === "vm-size-allowed");
  expect(v).toHaveLength(1);
  expect(v[0].level).toBe("mandatory");
  // The size as sent: upper-cased, the form Azure ML returns (azure/mlCompute.ts).
  expect(v[0].message).toMatch(/Standard_NC6s_v3/i);
});

describe("the Kubernetes online endpoint lab's quota and cost", () => {
  type Quota = { regions: { aks: { families: { family: string; vCPUs: number }[] } }[] };
  type Cost = {
    items: { figure: string; meter: string; quantity: number }[];
    unpriced: { type: string }[];
  };

  test("counts its nodes: 3 x 4 vCPUs of quota (autoscaler max), 2 nodes all day in cost", () => {
    const doc = plans.get("deploy-kubernetes-online-endpoint")!;
    const quota = doc.quota as Quota;
    expect(quota.regions[0].aks.families).toEqual([
      expect.objectContaining({ family: "standardDSv2Family", vCPUs: 12 }),
    ]);
    const cost = doc.cost as Cost;
    const nodes = cost.items.filter(
      (i) => i.figure === "idlePerDay" && i.meter === `vm:${KUBERNETES_INFERENCE.vmSize}`,
    );
    expect(nodes.map((i) => i.quantity)).toEqual([24 * KUBERNETES_INFERENCE.nodes]);
    // The Azure ML extension has no charge of its own; it is known, not "unpriced".
    expect(cost.unpriced.map((u) => u.type)).not.toContain(
      "azure-native:kubernetesconfiguration:Extension",
    );
  });
});
