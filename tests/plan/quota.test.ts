import { computeQuota, formatQuota, normaliseRegion, type QuotaReport } from "../../plan/quota";
import { vmSizeInfo } from "../../azure/vmSizes";
import { cluster, instance, res } from "../helpers/resources";
import { MONITORING_SPARK_SIZES, resolveLabs } from "../../labs";

const ENDPOINT = {
  what: 'managed online endpoint "blue" deployment',
  vmSize: "Standard_D2as_v4",
  instances: 1,
  priority: "dedicated" as const,
  typicalHours: 1,
};
const BATCH = {
  ...ENDPOINT,
  what: "batch endpoint",
  vmSize: "Standard_DS11_v2",
  instances: 2,
  onCluster: "aml-cluster",
};

const fam = (q: QuotaReport, family: string, prio: "dedicated" | "lowPriority" = "dedicated") =>
  q.regions[0][prio].find((f) => f.family === family)?.vCPUs;

describe("serverless Spark sizes", () => {
  test("model monitoring's sizes are all known E-series memory sizes of one family", () => {
    for (const s of MONITORING_SPARK_SIZES) {
      expect(vmSizeInfo(s)).toMatchObject({ family: "standardESv3Family", category: "memory" });
    }
    expect(MONITORING_SPARK_SIZES.map((s) => vmSizeInfo(s).vCPUs)).toEqual([4, 8, 16, 32, 64]);
  });
});

describe("computeQuota", () => {
  test("sandbox (explore-developer-tools): one DS11_v2 instance and aml-cluster at 2 nodes", () => {
    const q = computeQuota([instance("ci"), cluster("aml-cluster")], { learnerCreates: [] }, 1);
    expect(q.regions).toHaveLength(1);
    expect(q.regions[0].region).toBe("eastus");
    expect(fam(q, "standardDSv2Family")).toBe(2 + 2 * 2);
    expect(q.regions[0].totalDedicated).toBe(6);
    expect(q.regions[0].totalLowPriority).toBe(0);
  });

  test("cohort of 20 with the online endpoint lab: instances, cluster and 20 endpoints with the 20% reserve", () => {
    const rs = [
      cluster("aml-cluster"),
      ...Array.from({ length: 20 }, (_, i) => instance(`ci-${i}`)),
    ];
    const q = computeQuota(rs, { learnerCreates: [ENDPOINT, BATCH] }, 20);
    expect(fam(q, "standardDSv2Family")).toBe(20 * 2 + 2 * 2);
    // ceil(1.2 x 1) = 2 instances of 2 vCPUs per learner.
    expect(fam(q, "standardDASv4Family")).toBe(20 * 2 * 2);
    expect(q.regions[0].totalDedicated).toBe(44 + 80);
    const dsv2 = q.regions[0].dedicated.find((f) => f.family === "standardDSv2Family");
    const inst = dsv2?.demands.find((d) => d.role === "instance");
    expect(inst).toMatchObject({
      resource: "20 compute instances",
      count: 20,
      vCPUs: 40,
      resources: 20,
    });
    expect(q.assumptions.join("\n")).toMatch(/batch endpoint runs on cluster aml-cluster/);
  });

  test("the monitoring lab counts its serverless Spark (E-series) and its online endpoint", () => {
    // Model monitoring jobs run on serverless Spark, Standard_E4s_v3 and up only
    // (learn.microsoft.com/azure/machine-learning/how-to-monitor-model-performance).
    const needs = resolveLabs("monitor-model");
    const q = computeQuota([], needs, 10, "eastus");
    // 10 learners x 2 nodes x 4 vCPUs of Standard_E4s_v3.
    expect(fam(q, "standardESv3Family")).toBe(10 * 2 * 4);
    const spark = q.regions[0].dedicated
      .find((f) => f.family === "standardESv3Family")
      ?.demands.find((d) => d.resource.includes("serverless Spark"));
    expect(spark).toMatchObject({ vmSize: "Standard_E4s_v3", role: "learner" });
    // The deployment with data collection: ceil(1.2 x 1) = 2 instances of Standard_D2as_v4.
    expect(fam(q, "standardDASv4Family")).toBe(10 * 2 * 2);
    expect(q.unknownVmSizes).toEqual([]);
  });

  test("only online deployments hold the 20% upgrade reserve", () => {
    const created = {
      kind: "computeCluster",
      what: "compute cluster aml-cluster created by the learner",
      vmSize: "Standard_DS11_v2",
      instances: 2,
      priority: "dedicated" as const,
      typicalHours: 0,
    };
    const q = computeQuota(
      [],
      { learnerCreates: [created, { ...ENDPOINT, kind: "onlineDeployment" }] },
      3,
      "eastus",
    );
    expect(fam(q, "standardDSv2Family")).toBe(3 * 2 * 2);
    expect(fam(q, "standardDASv4Family")).toBe(3 * 2 * 2);
  });

  test("learners' creations in different labs are not concurrent: the largest lab counts", () => {
    const ci = (labId: string) => ({
      kind: "computeInstance",
      labId,
      what: `instance of ${labId}`,
      vmSize: "Standard_DS11_v2",
      instances: 1,
      priority: "dedicated" as const,
      typicalHours: 1.5,
    });
    const q = computeQuota(
      [instance("ci")],
      { learnerCreates: [ci("lab-a"), ci("lab-b"), { ...ci("lab-c"), instances: 2 }] },
      10,
      "eastus",
    );
    // The provisioned instance (2) + lab-c's two instances per learner (10 x 2 x 2).
    expect(fam(q, "standardDSv2Family")).toBe(2 + 40);
    expect(q.assumptions.join("\n")).toMatch(
      /not concurrent; the largest \(lab lab-c, 40 vCPUs\)[\s\S]*they need 80 vCPUs/,
    );
  });

  test("low-priority clusters count in their own quota", () => {
    const q = computeQuota(
      [instance("ci"), cluster("lp", "Standard_DS3_v2", 4, true)],
      { learnerCreates: [] },
      1,
    );
    expect(fam(q, "standardDSv2Family", "lowPriority")).toBe(16);
    expect(fam(q, "standardDSv2Family", "dedicated")).toBe(2);
    expect(q.regions[0].totalLowPriority).toBe(16);
    expect(q.regions[0].totalDedicated).toBe(2);
  });

  test("isolated cohort with a GPU cluster: each learner's cluster at max nodes", () => {
    const rs = [1, 2, 3].flatMap((i) => [
      instance(`l${i}-ci`),
      cluster(`l${i}-gpu`, "Standard_NC6s_v3", 1),
    ]);
    const q = computeQuota(rs, { learnerCreates: [] }, 3);
    expect(fam(q, "standardNCSv3Family")).toBe(18);
    expect(fam(q, "standardDSv2Family")).toBe(6);
  });

  test("AKS nodes at their max are Microsoft.Compute quota, not Azure ML's", () => {
    const q = computeQuota(
      [
        instance("ci"),
        res("azure-native:containerservice:ManagedCluster", "aks", {
          location: "eastus",
          agentPoolProfiles: [
            {
              name: "sys",
              vmSize: "Standard_DS2_v2",
              count: 1,
              enableAutoScaling: true,
              minCount: 1,
              maxCount: 3,
            },
          ],
        }),
        res("azure-native:containerservice:AgentPool", "extra", {
          vmSize: "Standard_D2s_v3",
          count: 2,
        }),
      ],
      { learnerCreates: [] },
      1,
    );
    expect(q.regions[0].aks.total).toBe(3 * 2 + 2 * 2);
    expect(q.regions[0].totalDedicated).toBe(2);
    expect(formatQuota(q)).toMatch(/AKS nodes 10 \(Microsoft.Compute quota\)/);
  });

  test("regions come from the resources' location; a missing one from the resource group", () => {
    const noLoc = res("azure-native:machinelearningservices:Compute", "c", {
      properties: { computeType: "ComputeInstance", properties: { vmSize: "Standard_DS11_v2" } },
    });
    const q = computeQuota(
      [
        res("azure-native:resources:ResourceGroup", "rg", { location: "West Europe" }),
        noLoc,
        instance("ci2", "Standard_DS11_v2", "eastus"),
      ],
      { learnerCreates: [] },
      1,
    );
    expect(q.regions.map((r) => r.region)).toEqual(["eastus", "westeurope"]);
    expect(normaliseRegion("North Europe")).toBe("northeurope");
  });

  test("an unknown VM size is reported and not counted", () => {
    const q = computeQuota([instance("ci", "Standard_Z9_v9")], { learnerCreates: [] }, 1);
    expect(q.regions).toHaveLength(0);
    expect(q.unknownVmSizes[0]).toMatchObject({ resource: "ci", vmSize: "Standard_Z9_v9" });
    expect(formatQuota(q)).toMatch(/NOT COUNTED: unknown VM size "Standard_Z9_v9"/);
  });

  test("formatQuota shows each family with its parts", () => {
    const q = computeQuota(
      [instance("ci"), cluster("aml-cluster")],
      { learnerCreates: [ENDPOINT] },
      1,
    );
    const text = formatQuota(q);
    expect(text).toMatch(/eastus: Azure ML dedicated 10 \(regional total\)/);
    expect(text).toMatch(/standardDSv2Family\s+dedicated\s+6\s+= ci 1 x 2 \+ aml-cluster 2 x 2/);
    expect(text).toMatch(/standardDASv4Family\s+dedicated\s+4/);
  });
});
