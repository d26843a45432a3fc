/**
 * ComputeCluster: a shared AmlCompute cluster the lab notebooks use by name. What matters: it costs
 * nothing when idle (zero minimum nodes, a short scale-down), nobody reaches its nodes (no local
 * auth, no public SSH), its size is sent as Azure returns it, and bad settings fail before anything
 * is registered.
 */
import { byType, one, promiseOf, settle, setupMocks } from "../helpers/mocks";

setupMocks();

type Module = typeof import("../../components/computeCluster");
let mod: Module;

const COMPUTE = "azure-native:machinelearningservices:Compute";

const args = (
  overrides: Partial<import("../../components/computeCluster").ComputeClusterArgs>,
) => ({
  resourceGroupName: "rg-lab",
  workspaceName: "mlw-lab",
  location: "eastus",
  computeName: "aml-cluster",
  ...overrides,
});

beforeAll(async () => {
  mod = await import("../../components/computeCluster");
});

describe("ComputeCluster defaults", () => {
  let inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let cluster: import("../../components/computeCluster").ComputeCluster;

  beforeAll(async () => {
    cluster = new mod.ComputeCluster("cluster", args({ tags: { course: "dp100" } }));
    await settle();
    inputs = one(COMPUTE, "cluster-compute").inputs;
  });

  it("keeps the compute name the labs use, in the workspace it is given", async () => {
    expect(inputs.computeName).toBe("aml-cluster");
    expect(inputs.workspaceName).toBe("mlw-lab");
    expect(inputs.resourceGroupName).toBe("rg-lab");
    expect(inputs.tags).toEqual({ course: "dp100" });
    expect(await promiseOf(cluster.computeName)).toBe("aml-cluster");
  });

  it("scales to zero: no minimum node, two at most, down after 120 idle seconds", () => {
    expect(inputs.properties.computeType).toBe("AmlCompute");
    expect(inputs.properties.properties.scaleSettings).toEqual({
      minNodeCount: 0,
      maxNodeCount: 2,
      nodeIdleTimeBeforeScaleDown: "PT120S",
    });
  });

  it("has no local auth and no public SSH port, on dedicated Linux nodes", () => {
    expect(inputs.properties.disableLocalAuth).toBe(true);
    const p = inputs.properties.properties;
    expect(p.remoteLoginPortPublicAccess).toBe("Disabled");
    expect(p.osType).toBe("Linux");
    expect(p.vmPriority).toBe("Dedicated");
  });

  it("sends the default size Standard_DS11_v2 upper-cased, as Azure reads it back", () => {
    expect(inputs.properties.properties.vmSize).toBe("STANDARD_DS11_V2");
  });
});

describe("ComputeCluster settings", () => {
  it("takes the size, node limit, idle time and low priority it is given", async () => {
    new mod.ComputeCluster(
      "gpu",
      args({
        computeName: "gpu-cluster",
        vmSize: "Standard_NC6s_v3",
        maxNodes: 4,
        idleSecondsBeforeScaleDown: 300,
        lowPriority: true,
      }),
    );
    await settle();
    const p = one(COMPUTE, "gpu-compute").inputs.properties.properties;
    expect(p.vmSize).toBe("STANDARD_NC6S_V3");
    expect(p.vmPriority).toBe("LowPriority");
    expect(p.scaleSettings).toEqual({
      minNodeCount: 0,
      maxNodeCount: 4,
      nodeIdleTimeBeforeScaleDown: "PT300S",
    });
  });

  it.each([
    [{ maxNodes: 0 }, /maxNodes: 0 is not accepted; use a whole number from 1 to 100/],
    [{ maxNodes: 101 }, /maxNodes: 101 is not accepted/],
    [{ maxNodes: 1.5 }, /maxNodes: 1.5 is not accepted/],
    [
      { idleSecondsBeforeScaleDown: 59 },
      /idleSecondsBeforeScaleDown: 59 is not accepted; .*at least 60/,
    ],
    [{ computeName: "1-cluster" }, /cannot name a mlCompute from '1-cluster'/],
  ])("refuses %p, naming the key, before registering anything", async (bad, message) => {
    await settle();
    const before = byType(COMPUTE).length;
    expect(() => new mod.ComputeCluster("bad", args(bad))).toThrow(message);
    await settle();
    expect(byType(COMPUTE).length).toBe(before);
  });
});
