import { checkFit, fitCohort, formatFit, withDemands, type RegionLimits } from "../../plan/fit";
import { computeQuota } from "../../plan/quota";
import type { PlannedResource } from "../../plan/types";
import { cluster, instance } from "../helpers/resources";

/** plan/fit.ts: the cohort's quota against plain limits, and the smallest changes that fit. */

const NO_CREATIONS = { learnerCreates: [] };
const quotaOf = (resources: PlannedResource[]) =>
  computeQuota(resources, NO_CREATIONS, 0, "eastus");
const instances = (n: number, vmSize = "Standard_DS11_v2") =>
  Array.from({ length: n }, (_, i) => instance(`ci-${i + 1}`, vmSize));

/** eastus as a new subscription might have it: DSv2 24 (2 in use), regional total 100. */
function eastus(over: Partial<RegionLimits> = {}): RegionLimits {
  return {
    region: "eastus",
    families: [{ family: "standardDSv2Family", priority: "dedicated", used: 2, limit: 24 }],
    totalDedicated: { used: 2, limit: 100 },
    totalLowPriority: { used: 0, limit: 100 },
    ...over,
  };
}

describe("checkFit", () => {
  it("passes a cohort within its family and regional limits", () => {
    const r = fitCohort({ quota: quotaOf(instances(10)), limits: [eastus()] });
    expect(r.fits).toBe(true);
    expect(r.changes).toEqual([]);
    expect(r.rows.map((x) => x.message)).toEqual([
      "standardDSv2Family dedicated: need 20, in use 2 of 24, 22 free",
      "regional total dedicated: need 20, in use 2 of 100, 98 free",
    ]);
  });

  it("counts a family the subscription has no row for as limit 0", () => {
    const rows = checkFit(quotaOf(instances(1, "Standard_E2s_v3")), [eastus()]);
    expect(rows[0]).toMatchObject({ family: "standardESv3Family", limit: 0, fits: false });
  });

  it("refuses a size Azure ML does not offer in the region, or not for its compute type", () => {
    const rows = checkFit(quotaOf([...instances(1), cluster("c", "Standard_DS3_v2", 1)]), [
      eastus({
        vmSizes: [{ name: "Standard_DS11_v2", computeTypes: ["AmlCompute"] }],
        families: [{ family: "standardDSv2Family", priority: "dedicated", used: 0, limit: 100 }],
      }),
    ]);
    expect(rows.filter((r) => r.kind === "vm-size").map((r) => r.message)).toEqual([
      "Standard_DS11_v2 for ci-1: offered in eastus but not for ComputeInstance",
      "Standard_DS3_v2 for c: not offered by Azure ML in eastus",
    ]);
  });
});

describe("the smallest changes", () => {
  it("caps the clusters' nodes, and names the quota request with its numbers", () => {
    // 10 instances (20 vCPUs) and a 4-node cluster (8): 28 against 22 free.
    const r = fitCohort({
      quota: quotaOf([...instances(10), cluster("aml-cluster", "Standard_DS11_v2", 4)]),
      limits: [eastus()],
    });
    expect(r.fits).toBe(false);
    expect(r.changes).toEqual([
      expect.objectContaining({ kind: "fewer-nodes", from: 4, maxNodes: 1 }),
      {
        kind: "quota-request",
        region: "eastus",
        family: "standardDSv2Family",
        priority: "dedicated",
        currentLimit: 24,
        neededLimit: 30,
        message:
          "request an Azure ML quota increase: standardDSv2Family dedicated vCPUs in eastus from 24 to at least 30 (the Quota page of Azure ML studio or the Azure portal: learn.microsoft.com/azure/machine-learning/how-to-manage-quotas)",
      },
    ]);
    expect(formatFit(r)).toMatch(/DOES NOT FIT[\s\S]*1\. set clusterMaxNodes to 1 \(from 4\)/);
  });

  it("brings the lab stacks up in the fewest groups of consecutive stacks that fit", () => {
    const foundation = instances(10); // 20 vCPUs
    const lab = (l: string) => [cluster(`${l}-cluster`, "Standard_DS11_v2", 2)]; // 4 each
    const of = (labs: readonly string[]) => quotaOf([...foundation, ...labs.flatMap(lab)]);
    const labs = ["day1", "day2", "day3"];
    const limits = [
      eastus({
        families: [{ family: "standardDSv2Family", priority: "dedicated", used: 0, limit: 28 }],
      }),
    ];
    const r = fitCohort({ quota: of(labs), limits, labStacks: labs, quotaOf: of });
    expect(r.changes.map((c) => c.kind)).toEqual(["fewer-labs", "fewer-nodes", "quota-request"]);
    expect(r.changes[0]).toMatchObject({ groups: [["day1", "day2"], ["day3"]] });
    expect(r.changes[0].message).toMatch(/2 groups at a time.*day1 \+ day2, then day3/);
    expect(r.changes[2]).toMatchObject({ currentLimit: 28, neededLimit: 32 });
  });

  it("offers no groups when the foundation alone does not fit", () => {
    const of = (labs: readonly string[]) =>
      quotaOf([...instances(20), ...labs.map((l) => cluster(l))]);
    const r = fitCohort({
      quota: of(["a", "b"]),
      limits: [eastus()],
      labStacks: ["a", "b"],
      quotaOf: of,
    });
    expect(r.changes.some((c) => c.kind === "fewer-labs")).toBe(false);
  });

  it("names another size of the same class, offered here, in a family with room", () => {
    const r = fitCohort({
      quota: quotaOf(instances(20)),
      limits: [
        eastus({
          families: [
            { family: "standardDSv2Family", priority: "dedicated", used: 2, limit: 24 },
            { family: "standardESv3Family", priority: "dedicated", used: 0, limit: 100 },
            { family: "standardEDSv4Family", priority: "dedicated", used: 0, limit: 100 },
          ],
          // E2s_v3 (ESv3) is not offered for compute instances here; E2ds_v4 is.
          vmSizes: [
            { name: "Standard_DS11_v2" },
            { name: "Standard_E2s_v3", computeTypes: ["AmlCompute"] },
            { name: "Standard_E2ds_v4", computeTypes: ["ComputeInstance"] },
          ],
        }),
      ],
    });
    expect(r.changes[0]).toMatchObject({
      kind: "other-vm-size",
      setting: "instanceVmSize",
      from: "Standard_DS11_v2",
      to: "Standard_E2ds_v4",
    });
    expect(r.changes[0].message).toMatch(/config set instanceVmSize Standard_E2ds_v4$/);
  });

  it("names a region where the quota has room, and not one where it has none", () => {
    const westus2 = { ...eastus(), region: "westus2" };
    const centralus: RegionLimits = {
      region: "centralus",
      families: [{ family: "standardDSv2Family", priority: "dedicated", used: 0, limit: 64 }],
    };
    const r = fitCohort({ quota: quotaOf(instances(20)), limits: [eastus(), westus2, centralus] });
    expect(r.changes.filter((c) => c.kind === "other-region")).toEqual([
      expect.objectContaining({ region: "centralus" }),
    ]);
  });

  it("files no quota request for a size that is not offered", () => {
    const r = fitCohort({
      quota: quotaOf(instances(1)),
      limits: [eastus({ vmSizes: [{ name: "Standard_DS3_v2" }] })],
    });
    expect(r.fits).toBe(false);
    expect(r.changes.filter((c) => c.kind === "quota-request")).toEqual([]);
  });
});

describe("withDemands", () => {
  it("sums families and regional totals again after a change", () => {
    const q = quotaOf([...instances(2), cluster("c", "Standard_DS11_v2", 3)]);
    const capped = withDemands(q, (d) =>
      d.role === "cluster" ? { ...d, count: 1, vCPUs: d.vCPUsEach } : d,
    );
    expect(q.regions[0].totalDedicated).toBe(10);
    expect(capped.regions[0].totalDedicated).toBe(6);
    expect(capped.regions[0].dedicated[0].vCPUs).toBe(6);
  });
});
