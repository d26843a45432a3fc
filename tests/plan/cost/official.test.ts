import { compareWithOfficialSetup, officialSetupResources } from "../../../plan/cost";
import { BASE, DISK_DAY, DS11, IP_HOUR, shared, WORKSPACE_DAY } from "./fixtures";

/** The course's official setup (plan/cost/official.ts), priced from the same table. */

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
