import {
  budgetViolation,
  compareWithOfficialSetup,
  estimateCost,
  formatCost,
  isoMinutes,
  officialSetupResources,
  type CostAssumptions,
  type CostReport,
} from "../../plan/cost";
import { defaultPriceTable, HOURS_PER_MONTH, parsePriceTable } from "../../plan/prices";
import type { PlannedResource } from "../../plan/types";
import { res } from "../helpers/resources";
import { resolveLabs } from "../../labs";

// Prices of plan/prices.json the expected figures below are computed from.
const DS11 = 0.185;
const DS2 = 0.146;
const D2AS = 0.096;
const DISK_MONTH = 19.71;
const IP_HOUR = 0.005;
const DISK_DAY = (DISK_MONTH * 24) / HOURS_PER_MONTH;

const BASE: CostAssumptions = {
  learners: 1,
  hoursPerDay: 6,
  courseDays: 1,
  region: "eastus",
  storageGbPerAccount: 5,
  logGbPerDayPerWorkspace: 0.1,
  keyVaultOpsPerDayPerVault: 1000,
  clusterNodeHoursPerLearnerHour: 0.25,
};
const NO_NEEDS = { learnerCreates: [] };

function instance(name: string, opts: { vmSize?: string; idle?: string; stop?: boolean } = {}) {
  return res("azure-native:machinelearningservices:Compute", name, {
    location: "eastus",
    properties: {
      computeType: "ComputeInstance",
      properties: {
        vmSize: opts.vmSize ?? "Standard_DS11_v2",
        ...(opts.idle ? { idleTimeBeforeShutdown: opts.idle } : {}),
        enableNodePublicIp: true,
        ...(opts.stop
          ? {
              schedules: {
                computeStartStop: [
                  { action: "Stop", status: "Enabled", triggerType: "Cron", cron: {} },
                ],
              },
            }
          : {}),
      },
    },
  });
}

function cluster(
  name: string,
  opts: { vmSize?: string; max?: number; min?: number; low?: boolean } = {},
) {
  return res("azure-native:machinelearningservices:Compute", name, {
    location: "eastus",
    properties: {
      computeType: "AmlCompute",
      properties: {
        vmSize: opts.vmSize ?? "Standard_DS11_v2",
        vmPriority: opts.low ? "LowPriority" : "Dedicated",
        scaleSettings: { minNodeCount: opts.min ?? 0, maxNodeCount: opts.max ?? 2 },
      },
    },
  });
}

/** Workspace dependencies: one storage account, key vault, Log Analytics, App Insights. */
function workspace(key: string): PlannedResource[] {
  return [
    res("azure-native:resources:ResourceGroup", `${key}-rg`, { location: "eastus" }),
    res("azure-native:machinelearningservices:Workspace", `${key}-mlw`),
    res("azure-native:storage:StorageAccount", `${key}-st`, { sku: { name: "Standard_LRS" } }),
    res("azure-native:keyvault:Vault", `${key}-kv`),
    res("azure-native:operationalinsights:Workspace", `${key}-log`),
    res("azure-native:applicationinsights:Component", `${key}-appi`),
    res("azure-native:authorization:RoleAssignment", `${key}-role`),
  ];
}

const WORKSPACE_DAY =
  (5 * 0.02 * 24) / HOURS_PER_MONTH + // storage
  0.1 * 2.3 + // Log Analytics
  0.1 * 0.03; // key vault: 1000 operations

function shared(learners: number): PlannedResource[] {
  const out = [...workspace("shared"), cluster("aml-cluster")];
  out.push(res("azure-native:containerregistry:Registry", "acr", { sku: { name: "Basic" } }));
  for (let i = 1; i <= learners; i++) out.push(instance(`ci-${i}`, { idle: "PT30M", stop: true }));
  return out;
}

function isolated(learners: number): PlannedResource[] {
  const out: PlannedResource[] = [];
  for (let i = 1; i <= learners; i++) {
    out.push(...workspace(`l${i}`), cluster(`l${i}-aml-cluster`));
    out.push(instance(`l${i}-ci`, { idle: "PT30M", stop: true }));
  }
  return out;
}

const sumOf = (r: CostReport, figure: string, meter: string) =>
  r.items.filter((i) => i.figure === figure && i.meter === meter).reduce((s, i) => s + i.amount, 0);

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

describe("missing prices", () => {
  test("a meter missing from the table is reported, never priced as zero", () => {
    const r = estimateCost(
      [cluster("lp", { low: true }), instance("ci", { vmSize: "Standard_E2s_v3", idle: "PT30M" })],
      NO_NEEDS,
      BASE,
    );
    expect(r.complete).toBe(false);
    expect(r.missing.map((m) => m.meter).sort()).toEqual([
      "vm-lowpriority:Standard_DS11_v2",
      "vm:Standard_E2s_v3",
    ]);
    expect(r.missing.find((m) => m.meter === "vm:Standard_E2s_v3")?.resources).toEqual(["ci"]);
    expect(r.items.some((i) => i.meter === "vm:Standard_E2s_v3")).toBe(false);
    expect(formatCost(r)).toMatch(/MISSING PRICE vm:Standard_E2s_v3 \(ci\)/);
    expect(formatCost(r)).toMatch(/at least/);
  });

  test("an incomplete estimate cannot confirm a budget: mandatory violation naming the meter", () => {
    const r = estimateCost([cluster("lp", { low: true })], NO_NEEDS, BASE);
    const v = budgetViolation(r, 1000, 1, "urn:stack");
    expect(v).toMatchObject({ rule: "cost-within-budget", level: "mandatory", urn: "urn:stack" });
    expect(v?.message).toMatch(/vm-lowpriority:Standard_DS11_v2/);
  });

  test("a price in another region than asked is used and said", () => {
    const table = parsePriceTable({
      currency: "USD",
      entries: [
        {
          meter: "acr:Basic",
          unit: "day",
          price: 0.2,
          currency: "USD",
          region: "westeurope",
          source: "test",
          date: "2026-01-01",
        },
      ],
    });
    const r = estimateCost(
      [res("azure-native:containerregistry:Registry", "acr", { sku: { name: "Basic" } })],
      NO_NEEDS,
      BASE,
      table,
    );
    expect(r.idlePerDay).toBeCloseTo(0.2, 6);
    expect(r.assumptions.join("\n")).toMatch(/No eastus price for acr:Basic/);
  });
});

describe("budgetViolation", () => {
  const r = estimateCost(shared(20), NO_NEEDS, { ...BASE, learners: 20 });
  test("over the budget: mandatory, with the figures", () => {
    const v = budgetViolation(r, 50, 3);
    expect(v?.rule).toBe("cost-within-budget");
    expect(v?.level).toBe("mandatory");
    const total = r.perLabDay * 3;
    expect(v?.message).toContain(`x 3 day(s) = $${total.toFixed(2)}`);
    expect(v?.message).toContain("exceeds dp100-labs:budget $50.00");
    expect(v?.message).toContain(`by $${(total - 50).toFixed(2)}`);
  });
  test("within the budget: no violation", () => {
    expect(budgetViolation(r, r.perLabDay * 3 + 1, 3)).toBeUndefined();
  });
});

describe("assumptions", () => {
  test.each([
    [{ learners: 0 }, /learners: 0/],
    [{ hoursPerDay: 25 }, /hoursPerDay: 25/],
    [{ courseDays: 1.5 }, /courseDays: 1.5/],
    [{ storageGbPerAccount: -1 }, /storageGbPerAccount: -1/],
  ])("%p is refused with the key and value", (bad, message) => {
    expect(() => estimateCost([], NO_NEEDS, { ...BASE, ...bad })).toThrow(message);
  });

  test("every assumption is stated in words", () => {
    const r = estimateCost(shared(2), NO_NEEDS, { ...BASE, learners: 2 });
    const text = r.assumptions.join("\n");
    for (const phrase of [
      /2 learner/,
      /6 working hour/,
      /OS disk/,
      /730 hours/,
      /5 GB/,
      /0.1 GB a day/,
      /1000 operations/,
      /0.25 cluster node/,
    ]) {
      expect(text).toMatch(phrase);
    }
  });
});

describe("the official setup", () => {
  test("its resources: per learner a workspace, an always-on instance and aml-cluster", () => {
    const rs = officialSetupResources(3, "eastus");
    const computes = rs.filter((r) => r.type === "azure-native:machinelearningservices:Compute");
    expect(computes).toHaveLength(6);
    expect(rs.filter((r) => r.type === "azure-native:storage:StorageAccount")).toHaveLength(3);
  });

  test("priced from the same table, it costs more per lab day and per idle day", () => {
    const needs = {
      learnerCreates: [
        {
          what: "online endpoint",
          vmSize: "Standard_D2as_v4",
          instances: 1,
          priority: "dedicated" as const,
          typicalHours: 1,
        },
      ],
    };
    const a = { ...BASE, learners: 20 };
    const c = compareWithOfficialSetup(shared(20), needs, a);
    expect(c.official.idlePerDay).toBeCloseTo(
      20 * (24 * DS11 + DISK_DAY + 24 * IP_HOUR + WORKSPACE_DAY),
      3,
    );
    expect(c.official.perLabDay).toBeGreaterThan(c.ours.perLabDay);
    expect(c.savingPerCourse).toBeCloseTo(c.official.perCourse - c.ours.perCourse, 4);
    expect(c.idlePerDayAfterCourse.official).toBeGreaterThan(5 * c.idlePerDayAfterCourse.ours);
  });
});

describe("formatCost", () => {
  test("prints the figures, the breakdown by meter and the assumptions", () => {
    const r = estimateCost(shared(2), NO_NEEDS, { ...BASE, learners: 2 });
    const text = formatCost(r, 100);
    expect(text).toContain(`$${r.perLabDay.toFixed(2)}`);
    expect(text).toMatch(/budget \$100\.00/);
    expect(text).toMatch(/vm:Standard_DS11_v2/);
    expect(text).toMatch(/assumptions:/);
  });

  test("the default price table loads", () => {
    expect(defaultPriceTable().entries.length).toBeGreaterThan(10);
  });
});
