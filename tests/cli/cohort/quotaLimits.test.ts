import * as fs from "fs";
import * as path from "path";
import { readRegionLimits } from "../../../cli/cohort/quotaLimits";
import type { AzureMlUsageApi } from "../../../cli/preflight/armApi";
import type { RegionLimits } from "../../../plan/fit";

/**
 * Azure ML's usage, quota and VM size lists (recorded in tests/fixtures/ml-usages-eastus*.json,
 * shaped as REST spec 2024-04-01's `Usages_List`, `Quotas_List` and `VirtualMachineSizes_List`
 * answers, example examples/Usage/list.json) as plan/fit.ts's limits.
 */

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", name), "utf8"));

const calls: string[] = [];
const api: AzureMlUsageApi = {
  listUsages: async (_s, r) => (calls.push(`usages:${r}`), fixture(`ml-usages-${r}.json`)),
  listQuotas: async (_s, r) => (calls.push(`quotas:${r}`), fixture(`ml-usages-${r}-quotas.json`)),
  listVmSizes: async (_s, r) => (
    calls.push(`vmSizes:${r}`),
    fixture(`ml-usages-${r}-vmsizes.json`)
  ),
  listComputeUsages: async () => {
    throw new Error("AKS quota is not judged by cohort preflight");
  },
};

describe("readRegionLimits", () => {
  let limits: RegionLimits;
  beforeAll(async () => {
    limits = await readRegionLimits(api, "00000000-0000-0000-0000-000000000000", "eastus");
  });
  const family = (f: string, priority = "dedicated") =>
    limits.families.find((x) => x.family === f && x.priority === priority);

  it("reads Azure ML's three lists, not Microsoft.Compute's", () => {
    expect(calls.sort()).toEqual(["quotas:eastus", "usages:eastus", "vmSizes:eastus"]);
  });

  it("takes the subscription's rows, not a workspace's breakdown of them", () => {
    expect(family("standardDSv2Family")).toEqual({
      family: "standardDSv2Family",
      priority: "dedicated",
      used: 2,
      limit: 24,
    });
    expect(limits.totalDedicated).toEqual({ used: 2, limit: 100 });
    expect(limits.totalLowPriority).toEqual({ used: 0, limit: 20 });
  });

  it("reads a family's limit from /quotas when /usages has no row for it", () => {
    // Standard EDSv4: 20 at subscription level, 5 on a workspace (ignored).
    expect(family("standardEDSv4Family")).toMatchObject({ used: 0, limit: 20 });
  });

  it("reads a limit of -1 as none at this level, and leaves out families without a row", () => {
    expect(family("standardDSv2Family", "lowPriority")).toMatchObject({ limit: null });
    expect(family("standardFSv2Family")).toBeUndefined();
  });

  it("lists the sizes offered with their compute types", () => {
    expect(limits.vmSizes).toContainEqual({
      name: "Standard_DS11_v2",
      computeTypes: ["AmlCompute", "ComputeInstance"],
      lowPriorityCapable: true,
    });
  });
});
