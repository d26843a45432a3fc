/**
 * ComputeInstance: a learner's personal Azure ML compute instance. What matters: it is theirs alone
 * (personal sharing, assigned user), reachable only through the studio (no SSH, no local auth),
 * and it stops costing money (idle shutdown, a daily stop), with the size sent as Azure returns it.
 */
import { byType, one, promiseOf, settle, setupMocks } from "../helpers/mocks";

setupMocks();

type Module = typeof import("../../components/computeInstance");
let mod: Module;

const COMPUTE = "azure-native:machinelearningservices:Compute";
const LEARNER = { objectId: "00000000-0000-4000-8000-000000000001", tenantId: "tenant-1" };

const args = (
  overrides: Partial<import("../../components/computeInstance").ComputeInstanceArgs>,
) => ({
  resourceGroupName: "rg-lab",
  workspaceName: "mlw-lab",
  location: "eastus",
  computeName: "dp100-ci-ada-abcde",
  assignedUser: LEARNER,
  ...overrides,
});

beforeAll(async () => {
  mod = await import("../../components/computeInstance");
});

describe("ComputeInstance defaults", () => {
  let inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let instance: import("../../components/computeInstance").ComputeInstance;

  beforeAll(async () => {
    instance = new mod.ComputeInstance("ci-ada", args({ tags: { owner: "trainer" } }));
    await settle();
    inputs = one(COMPUTE, "ci-ada-compute").inputs;
  });

  it("registers one compute under the component, with the name, group, workspace and tags it is given", async () => {
    expect(inputs.computeName).toBe("dp100-ci-ada-abcde");
    expect(inputs.resourceGroupName).toBe("rg-lab");
    expect(inputs.workspaceName).toBe("mlw-lab");
    expect(inputs.location).toBe("eastus");
    expect(inputs.tags).toEqual({ owner: "trainer" });
    expect(await promiseOf(instance.computeName)).toBe("dp100-ci-ada-abcde");
  });

  it("is the learner's alone: personal sharing and authorization, assigned to their object id", () => {
    expect(inputs.properties.computeType).toBe("ComputeInstance");
    const p = inputs.properties.properties;
    expect(p.applicationSharingPolicy).toBe("Personal");
    expect(p.computeInstanceAuthorizationType).toBe("personal");
    expect(p.personalComputeInstanceSettings.assignedUser).toEqual(LEARNER);
  });

  it("has no local auth and no public SSH", () => {
    expect(inputs.properties.disableLocalAuth).toBe(true);
    expect(inputs.properties.properties.sshSettings).toEqual({ sshPublicAccess: "Disabled" });
  });

  it("shuts down after 30 idle minutes and stops every day at 18:00 UTC", () => {
    const p = inputs.properties.properties;
    expect(p.idleTimeBeforeShutdown).toBe("PT30M");
    expect(p.schedules.computeStartStop).toEqual([
      {
        action: "Stop",
        triggerType: "Cron",
        status: "Enabled",
        cron: { expression: "0 18 * * *", timeZone: "UTC" },
      },
    ]);
  });

  it("sends the default size Standard_DS11_v2 upper-cased, as Azure reads it back", () => {
    expect(inputs.properties.properties.vmSize).toBe("STANDARD_DS11_V2");
  });
});

describe("ComputeInstance settings", () => {
  it("takes the size, idle time, stop time and time zone it is given", async () => {
    new mod.ComputeInstance(
      "ci-grace",
      args({
        computeName: "dp100-ci-grace-abcde",
        vmSize: "Standard_E4ds_v4",
        idleShutdownMinutes: 60,
        stopTime: "17:30",
        timeZone: "W. Europe Standard Time",
      }),
    );
    await settle();
    const p = one(COMPUTE, "ci-grace-compute").inputs.properties.properties;
    expect(p.vmSize).toBe("STANDARD_E4DS_V4");
    expect(p.idleTimeBeforeShutdown).toBe("PT60M");
    expect(p.schedules.computeStartStop[0].cron).toEqual({
      expression: "30 17 * * *",
      timeZone: "W. Europe Standard Time",
    });
  });

  it.each([14, 4321, 30.5, 0])(
    "refuses an idle shutdown of %p minutes, naming the key, before registering anything",
    async (idleShutdownMinutes) => {
      await settle();
      const before = byType(COMPUTE).length;
      expect(() => new mod.ComputeInstance("ci-bad", args({ idleShutdownMinutes }))).toThrow(
        new RegExp(`idleShutdownMinutes: ${idleShutdownMinutes} is not accepted; .*15 to 4320`),
      );
      await settle();
      expect(byType(COMPUTE).length).toBe(before);
    },
  );

  it.each(["24:00", "18", "6pm", "18:60"])(
    "refuses the stop time %p, naming the key and the accepted form",
    (stopTime) => {
      expect(() => new mod.ComputeInstance("ci-bad-stop", args({ stopTime }))).toThrow(
        `stopTime: '${stopTime}' is not accepted; use a 24-hour time HH:MM`,
      );
    },
  );
});

describe("checkIdleMinutes and parseStopTime", () => {
  it("accept Azure's bounds, 15 minutes to 3 days", () => {
    expect(() => mod.checkIdleMinutes(15)).not.toThrow();
    expect(() => mod.checkIdleMinutes(4320)).not.toThrow();
  });

  it("read HH:MM on a 24-hour clock", () => {
    expect(mod.parseStopTime("18:00")).toEqual({ hour: 18, minute: 0 });
    expect(mod.parseStopTime("07:05")).toEqual({ hour: 7, minute: 5 });
    expect(mod.parseStopTime("23:59")).toEqual({ hour: 23, minute: 59 });
  });
});
