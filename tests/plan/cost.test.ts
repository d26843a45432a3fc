import { estimateCost, isoMinutes } from "../../plan/cost";
import { HOURS_PER_MONTH } from "../../plan/prices";
import { res } from "../helpers/resources";
import { resolveLabs } from "../../labs";
import {
  BASE,
  cluster,
  D2AS,
  DISK_DAY,
  DS11,
  DS2,
  instance,
  IP_HOUR,
  isolated,
  NO_NEEDS,
  shared,
  sumOf,
  workspace,
  WORKSPACE_DAY,
} from "./cost/fixtures";

describe("estimateCost: arithmetic per meter", () => {
  test("sandbox: idle day, working hour and lab day", () => {
    const r = estimateCost(
      [...workspace("sb"), cluster("aml-cluster"), instance("ci", { idle: "PT30M", stop: true })],
      NO_NEEDS,
      BASE,
    );
    const idle = DISK_DAY + IP_HOUR * 24 + WORKSPACE_DAY;
    expect(r.complete).toBe(true);
    expect(r.idlePerDay).toBeCloseTo(idle, 4);
    expect(r.perLearnerActiveHour).toBeCloseTo(DS11 + 0.25 * DS11, 4);
    // Instance: 6 h + 30 min idle-shutdown delay; cluster: 1 learner x 6 h x 0.25 node-hours.
    expect(r.perLabDay).toBeCloseTo(idle + 6.5 * DS11 + 1.5 * DS11, 4);
    expect(r.perCourse).toBeCloseTo(r.perLabDay, 6);
    const vm = r.items.find(
      (i) => i.figure === "perLabDay" && i.resource === "ci" && i.meter === "vm:Standard_DS11_v2",
    );
    expect(vm).toMatchObject({ quantity: 6.5, unit: "hour", unitPrice: DS11 });
    expect(r.assumptions.join("\n")).toMatch(/30 min/);
  });

  test("every item's amount is its quantity times its unit price, and figures are their sums", () => {
    const r = estimateCost(shared(3), NO_NEEDS, { ...BASE, learners: 3 });
    for (const i of r.items) expect(i.amount).toBeCloseTo(i.quantity * i.unitPrice, 3);
    for (const f of ["idlePerDay", "perLearnerActiveHour", "perLabDay"] as const) {
      const total = r.items.filter((i) => i.figure === f).reduce((s, i) => s + i.amount, 0);
      expect(r[f]).toBeCloseTo(total, 3);
    }
  });

  test("registry per day, AKS tier and nodes at their minimum, private endpoint", () => {
    const r = estimateCost(
      [
        res("azure-native:containerregistry:Registry", "acr", { sku: { name: "Standard" } }),
        res("azure-native:containerservice:ManagedCluster", "aks", {
          sku: { name: "Base", tier: "Standard" },
          agentPoolProfiles: [
            {
              name: "system",
              vmSize: "Standard_DS2_v2",
              count: 2,
              enableAutoScaling: true,
              minCount: 1,
              maxCount: 3,
            },
          ],
        }),
        res("azure-native:network:PrivateEndpoint", "pe"),
      ],
      NO_NEEDS,
      BASE,
    );
    expect(sumOf(r, "idlePerDay", "acr:Standard")).toBeCloseTo(0.667, 4);
    expect(sumOf(r, "idlePerDay", "aks:Standard")).toBeCloseTo(0.1 * 24, 4);
    expect(sumOf(r, "idlePerDay", "vm:Standard_DS2_v2")).toBeCloseTo(1 * 24 * DS2, 4);
    expect(sumOf(r, "idlePerDay", "disk:aks-os-disk")).toBeCloseTo(DISK_DAY, 4);
    expect(sumOf(r, "idlePerDay", "network:private-endpoint")).toBeCloseTo(0.24, 4);
    expect(r.perLabDay).toBeCloseTo(r.idlePerDay, 6);
  });

  test("AKS Free tier costs nothing but its nodes; an ephemeral OS disk is not billed", () => {
    const r = estimateCost(
      [
        res("azure-native:containerservice:ManagedCluster", "aks", {
          agentPoolProfiles: [
            { name: "p", vmSize: "Standard_DS2_v2", count: 3, osDiskType: "Ephemeral" },
          ],
        }),
      ],
      NO_NEEDS,
      BASE,
    );
    expect(sumOf(r, "idlePerDay", "aks:Free")).toBe(0);
    expect(r.idlePerDay).toBeCloseTo(3 * 24 * DS2, 4);
  });

  test("an instance with neither idle shutdown nor schedule runs 24 h, in the idle day", () => {
    const r = estimateCost([instance("ci")], NO_NEEDS, BASE);
    expect(sumOf(r, "idlePerDay", "vm:Standard_DS11_v2")).toBeCloseTo(24 * DS11, 4);
    expect(sumOf(r, "perLabDay", "vm:Standard_DS11_v2")).toBeCloseTo(24 * DS11, 4);
    expect(r.assumptions.join("\n")).toMatch(/neither idle shutdown nor a stop schedule/);
  });

  test("a stop schedule without idle shutdown runs until the scheduled stop", () => {
    const r = estimateCost([instance("ci", { stop: true })], NO_NEEDS, {
      ...BASE,
      hoursUntilScheduledStop: 3,
    });
    expect(sumOf(r, "perLabDay", "vm:Standard_DS11_v2")).toBeCloseTo(9 * DS11, 4);
  });

  test("a cluster with a minimum node count pays for it all day", () => {
    const r = estimateCost([cluster("c", { min: 1, max: 3 })], NO_NEEDS, BASE);
    expect(sumOf(r, "idlePerDay", "vm:Standard_DS11_v2")).toBeCloseTo(24 * DS11, 4);
  });

  test("the cohort's cluster use stops at max nodes x working hours (jobs queue)", () => {
    const r = estimateCost(shared(20), NO_NEEDS, { ...BASE, learners: 20 });
    // Demand 20 x 6 x 0.25 = 30 node-hours; capacity 2 nodes x 6 h = 12.
    expect(
      r.items.find((i) => i.figure === "perLabDay" && i.resource === "aml-cluster")?.quantity,
    ).toBeCloseTo(12, 6);
    expect(r.assumptions.join("\n")).toMatch(/jobs queue/);
  });

  test("typicalClusterHours from the labs replaces the default share", () => {
    const r = estimateCost(
      [cluster("c", { max: 4 })],
      { learnerCreates: [], typicalClusterHours: 3 },
      {
        ...BASE,
        courseDays: 2,
      },
    );
    // 3 node-hours over 2 x 6 h = 0.25 per working hour; per day 1 learner x 6 h x 0.25 = 1.5.
    expect(r.perLearnerActiveHour).toBeCloseTo(0.25 * DS11, 5);
    expect(sumOf(r, "perLabDay", "vm:Standard_DS11_v2")).toBeCloseTo(1.5 * DS11, 5);
  });

  test("what learners create is spread over their working hours; on-cluster work is not counted twice", () => {
    const needs = {
      learnerCreates: [
        {
          what: "online endpoint",
          vmSize: "Standard_D2as_v4",
          instances: 1,
          priority: "dedicated" as const,
          typicalHours: 1.5,
        },
        {
          what: "batch endpoint",
          vmSize: "Standard_DS11_v2",
          instances: 2,
          priority: "dedicated" as const,
          typicalHours: 1,
          onCluster: "aml-cluster",
        },
      ],
    };
    const r = estimateCost([], needs, { ...BASE, learners: 10, courseDays: 3 });
    expect(r.perLearnerActiveHour).toBeCloseTo((1.5 / 18) * D2AS, 6);
    // 10 learners x 1.5 h / 3 days.
    expect(r.perLabDay).toBeCloseTo(5 * D2AS, 6);
    expect(r.items.some((i) => i.resource.includes("batch endpoint"))).toBe(false);
    expect(r.assumptions.join("\n")).toMatch(/batch endpoint runs on cluster aml-cluster/);
  });

  test("the monitoring lab's serverless Spark and online deployment are priced", () => {
    const E4S = 0.252;
    const r = estimateCost([], resolveLabs("monitor-model"), {
      ...BASE,
      learners: 10,
      courseDays: 2,
    });
    const spark = r.items.filter(
      (i) => i.figure === "perLabDay" && i.meter === "vm:Standard_E4s_v3",
    );
    expect(spark).toHaveLength(1);
    // 10 learners x 2 nodes x 1 h / 2 days.
    expect(spark[0].quantity).toBeCloseTo(10, 6);
    expect(spark[0].amount).toBeCloseTo(10 * E4S, 6);
    expect(r.items.some((i) => i.meter === "vm:Standard_D2as_v4")).toBe(true);
    expect(r.missing).toEqual([]);
  });

  test("a cluster the learners create themselves is priced from typicalClusterHours", () => {
    const own = {
      kind: "computeCluster",
      what: "aml-cluster created by the learner",
      vmSize: "Standard_DS11_v2",
      instances: 2,
      priority: "dedicated" as const,
      typicalHours: 0,
    };
    const r = estimateCost(
      [],
      { learnerCreates: [own], typicalClusterHours: 1.2 },
      { ...BASE, learners: 4 },
    );
    // 1.2 node-hours over 6 working hours = 0.2 per hour; 4 learners x 6 h x 0.2 = 4.8 node-hours.
    expect(r.perLearnerActiveHour).toBeCloseTo(0.2 * DS11, 6);
    expect(r.perLabDay).toBeCloseTo(4.8 * DS11, 6);
    const none = estimateCost([], { learnerCreates: [], typicalClusterHours: 1.2 }, BASE);
    expect(none.perLabDay).toBe(0);
    expect(none.assumptions.join("\n")).toMatch(/is NOT counted/);
  });

  test("types without a price model are listed, free ones are not", () => {
    const r = estimateCost(
      [
        ...workspace("w"),
        res("azure-native:eventhub:Namespace", "ehns"),
        res("azure-native:monitor:DiagnosticSetting", "diag"),
        res("azure-native:applicationinsights:Component", "appi"),
        res("azure-native:storage:Blob", "data"),
        res("random:index/randomString:RandomString", "sfx"),
      ],
      NO_NEEDS,
      BASE,
    );
    expect(r.unpriced).toEqual([{ type: "azure-native:eventhub:Namespace", resources: ["ehns"] }]);
  });

  test("a metric alert rule is priced per month", () => {
    const r = estimateCost([res("azure-native:monitor:MetricAlert", "alert")], NO_NEEDS, BASE);
    expect(r.idlePerDay).toBeCloseTo((0.1 * 24) / HOURS_PER_MONTH, 6);
  });

  test("isoMinutes reads ISO 8601 durations", () => {
    expect(isoMinutes("PT30M")).toBe(30);
    expect(isoMinutes("PT1H30M")).toBe(90);
    expect(isoMinutes("P1D")).toBe(1440);
    expect(isoMinutes("30")).toBeUndefined();
    expect(isoMinutes("PT")).toBeUndefined();
  });
});

describe("estimateCost: topologies and scaling", () => {
  test("shared topology: per-learner costs scale with learners, shared fixed costs do not", () => {
    const two = estimateCost(shared(2), NO_NEEDS, { ...BASE, learners: 2 });
    const four = estimateCost(shared(4), NO_NEEDS, { ...BASE, learners: 4 });
    for (const meter of [
      "acr:Basic",
      "storage:lrs-hot-gb-month",
      "loganalytics:gb",
      "keyvault:10k-ops",
    ]) {
      expect(sumOf(four, "idlePerDay", meter)).toBeCloseTo(sumOf(two, "idlePerDay", meter), 8);
      expect(sumOf(two, "idlePerDay", meter)).toBeGreaterThan(0);
    }
    expect(sumOf(four, "idlePerDay", "disk:ci-os-disk")).toBeCloseTo(
      2 * sumOf(two, "idlePerDay", "disk:ci-os-disk"),
      8,
    );
    expect(four.idlePerDay - two.idlePerDay).toBeCloseTo(2 * (DISK_DAY + 24 * IP_HOUR), 4);
    expect(four.perLearnerActiveHour).toBeCloseTo(two.perLearnerActiveHour, 8);
    // Two more learners: two more instances for 6.5 h and 2 x 1.5 more node-hours (under the cap).
    expect(four.perLabDay - two.perLabDay).toBeCloseTo(
      2 * (DISK_DAY + 24 * IP_HOUR) + 2 * 6.5 * DS11 + 2 * 1.5 * DS11,
      4,
    );
  });

  test("isolated topology: every learner has their own workspace, so those costs scale too", () => {
    const one = estimateCost(isolated(1), NO_NEEDS, BASE);
    const five = estimateCost(isolated(5), NO_NEEDS, { ...BASE, learners: 5 });
    expect(five.idlePerDay).toBeCloseTo(5 * one.idlePerDay, 4);
    expect(five.perLabDay).toBeCloseTo(5 * one.perLabDay, 4);
    expect(sumOf(five, "idlePerDay", "loganalytics:gb")).toBeCloseTo(5 * 0.23, 6);
  });

  test("the course total is the lab day times the course days", () => {
    const r = estimateCost(shared(3), NO_NEEDS, { ...BASE, learners: 3, courseDays: 4 });
    expect(r.perCourse).toBeCloseTo(4 * r.perLabDay, 4);
  });
});
