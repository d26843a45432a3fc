import {
  formatPreflight,
  preflight,
  usageIsRegionalTotal,
  usageMatchesFamily,
  type UsageResponse,
} from "../../../cli/preflight";
import { computeQuota } from "../../../plan/quota";
import { cluster, instance, res } from "../../helpers/resources";
import { FakeApi, fixture, learners, SUB } from "./fakeApi";

const ENDPOINT = {
  what: "online endpoint",
  vmSize: "Standard_D2as_v4",
  instances: 1,
  priority: "dedicated" as const,
  typicalHours: 1,
};
const OPTS = { subscriptionId: SUB, alternativeRegions: ["eastus", "westus2"] };

describe("preflight decisions against recorded usage", () => {
  test("fits: the sandbox in eastus", async () => {
    const q = computeQuota([instance("ci"), cluster("aml-cluster")], { learnerCreates: [] }, 1);
    const api = new FakeApi();
    const r = await preflight(q, api, OPTS);
    expect(r.fits).toBe(true);
    const fam = r.regions[0].checks.find((c) => c.kind === "family");
    // Subscription row (2 of 24 used), not the workspace row that repeats it.
    expect(fam).toMatchObject({
      family: "standardDSv2Family",
      needed: 6,
      used: 2,
      limit: 24,
      fits: true,
    });
    expect(r.regions[0].suggestions).toEqual([]);
    // Nothing failed, so no other region was read.
    expect(api.calls.some((c) => c.endsWith(":westus2"))).toBe(false);
    expect(formatPreflight(r)).toMatch(/eastus: everything fits/);
  });

  test("does not fit, fewer max nodes would: suggests the largest clusterMaxNodes that fits", async () => {
    // 2 + 12 x 2 = 26 > 22 free in standardDSv2Family.
    const q = computeQuota(
      [instance("ci"), cluster("aml-cluster", "Standard_DS11_v2", 12)],
      { learnerCreates: [] },
      1,
    );
    const r = await preflight(q, new FakeApi(), OPTS);
    expect(r.fits).toBe(false);
    const [first] = r.regions[0].suggestions;
    expect(first).toMatchObject({
      kind: "fewer-max-nodes",
      setting: "dp100-labs:clusterMaxNodes",
      value: 10,
    });
    expect(first.message).toMatch(/frees 4 vCPUs/);
  });

  test("does not fit: 20 instances overflow DSv2; another size of the same class has room", async () => {
    const q = computeQuota([cluster("aml-cluster"), ...learners(20)], { learnerCreates: [] }, 20);
    const r = await preflight(q, new FakeApi(), OPTS);
    const region = r.regions[0];
    expect(region.fits).toBe(false);
    const fail = region.checks.find((c) => !c.fits);
    expect(fail).toMatchObject({ kind: "family", family: "standardDSv2Family", needed: 44 });
    expect(region.suggestions.some((s) => s.kind === "fewer-max-nodes")).toBe(false); // 2 vCPUs are not enough
    expect(region.suggestions).toContainEqual(
      expect.objectContaining({
        kind: "other-vm-size",
        setting: "dp100-labs:instanceVmSize",
        value: "Standard_E2s_v3",
      }),
    );
    // westus2 has only 24 DSv2 cores too: no other region is offered.
    expect(region.suggestions.some((s) => s.kind === "other-region")).toBe(false);
    expect(region.suggestions.at(-1)).toMatchObject({ kind: "quota-increase", value: 46 });
  });

  test("learners' endpoints in a family with no quota: a same-class size for the endpoints", async () => {
    const q = computeQuota([instance("ci")], { learnerCreates: [ENDPOINT] }, 5);
    const r = await preflight(q, new FakeApi(), { subscriptionId: SUB, alternativeRegions: [] });
    const fail = r.regions[0].checks.find((c) => !c.fits);
    expect(fail).toMatchObject({ family: "standardDASv4Family", needed: 20, limit: 0 });
    const s = r.regions[0].suggestions.find((x) => x.kind === "other-vm-size");
    // DS2_v2 is in the (busy) DSv2 family too, but has room: 2 + 20 <= 22; D2s_v3 (DSv3, 20 free) also fits.
    expect(["Standard_DS2_v2", "Standard_D2s_v3"]).toContain(s?.value);
    expect(s?.setting).toMatch(/learners deploy endpoints/);
  });

  test("VM size not offered in the region: says so, and names a region that offers it", async () => {
    const q = computeQuota(
      [instance("ci"), cluster("gpu", "Standard_NC6s_v3", 2)],
      { learnerCreates: [] },
      1,
    );
    const r = await preflight(q, new FakeApi(), OPTS);
    const region = r.regions[0];
    const size = region.checks.find((c) => c.kind === "vm-size" && !c.fits);
    expect(size?.message).toMatch(/Standard_NC6s_v3 for gpu: not offered by Azure ML in eastus/);
    expect(region.suggestions).toContainEqual(
      expect.objectContaining({ kind: "other-region", value: "westus2" }),
    );
    expect(region.suggestions.some((s) => s.kind === "fewer-max-nodes")).toBe(false);
  });

  test("a size offered but not for the compute type is refused (DS11_v2 is not offered for endpoints)", async () => {
    const q = computeQuota(
      [],
      { learnerCreates: [{ ...ENDPOINT, vmSize: "Standard_DS11_v2" }] },
      1,
      "eastus",
    );
    const r = await preflight(q, new FakeApi(), { subscriptionId: SUB, alternativeRegions: [] });
    const size = r.regions[0].checks.find((c) => c.kind === "vm-size");
    expect(size?.fits).toBe(false);
    expect(size?.message).toMatch(/not for MIR/);
  });

  test("the regional total can fail when every family fits", async () => {
    // westus2: DSv2 24 free but only 30 in the regional total; NCSv3 12.
    const rs = [
      instance("a"),
      instance("b"),
      cluster("gpu", "Standard_NC6s_v3", 2),
      cluster("cpu", "Standard_DS3_v2", 5),
    ];
    const q = computeQuota(
      rs.map((x) => ({ ...x, inputs: { ...x.inputs, location: "westus2" } })),
      { learnerCreates: [] },
      2,
    );
    const r = await preflight(q, new FakeApi(), { subscriptionId: SUB, alternativeRegions: [] });
    const total = r.regions[0].checks.find((c) => c.kind === "regional-total");
    expect(total).toMatchObject({ needed: 4 + 12 + 20, limit: 30, fits: false });
    expect(r.regions[0].checks.filter((c) => c.kind === "family").every((c) => c.fits)).toBe(true);
    // Max 3 nodes: cpu 3 x 4 + gpu 2 x 6 + instances 4 = 28 <= 30 (max 4 would need 32).
    expect(r.regions[0].suggestions[0]).toMatchObject({ kind: "fewer-max-nodes", value: 3 });
    expect(r.regions[0].suggestions[0].message).toMatch(/from 5\): frees 8 vCPUs/);
  });

  test("a family missing from usages takes its limit from /quotas", async () => {
    const q = computeQuota([instance("ci", "Standard_E4ds_v4")], { learnerCreates: [] }, 1);
    const r = await preflight(q, new FakeApi(), OPTS);
    const fam = r.regions[0].checks.find((c) => c.kind === "family");
    expect(fam).toMatchObject({ family: "standardEDSv4Family", limit: 20, fits: true });
    expect(fam?.message).toMatch(/limit from \/quotas/);
  });

  test("low-priority: family limit -1 defers to the regional low-priority total", async () => {
    const q = computeQuota([cluster("lp", "Standard_DS3_v2", 6, true)], { learnerCreates: [] }, 1);
    const r = await preflight(q, new FakeApi(), { subscriptionId: SUB, alternativeRegions: [] });
    const fam = r.regions[0].checks.find((c) => c.kind === "family");
    expect(fam).toMatchObject({ priority: "lowPriority", limit: null, fits: true });
    const total = r.regions[0].checks.find((c) => c.kind === "regional-total");
    expect(total).toMatchObject({ priority: "lowPriority", needed: 24, limit: 20, fits: false });
  });

  test("AKS nodes are checked against Microsoft.Compute usages when the API offers them", async () => {
    const aks = res("azure-native:containerservice:ManagedCluster", "aks", {
      location: "eastus",
      agentPoolProfiles: [{ name: "sys", vmSize: "Standard_DS2_v2", count: 3 }],
    });
    const q = computeQuota([aks], { learnerCreates: [] }, 1);
    const compute = {
      eastus: {
        value: [
          {
            currentValue: 0,
            limit: 4,
            name: { value: "standardDSv2Family", localizedValue: "Standard DSv2 Family vCPUs" },
          },
          {
            currentValue: 0,
            limit: 10,
            name: { value: "cores", localizedValue: "Total Regional vCPUs" },
          },
        ],
      },
    };
    const r = await preflight(q, new FakeApi(compute), {
      subscriptionId: SUB,
      alternativeRegions: [],
    });
    expect(r.regions[0].checks.find((c) => c.kind === "aks-family")).toMatchObject({
      needed: 6,
      limit: 4,
      fits: false,
    });
    const without = await preflight(q, new FakeApi(), {
      subscriptionId: SUB,
      alternativeRegions: [],
    });
    expect(without.notes.join("\n")).toMatch(/AKS nodes \(6 vCPUs\).*not checked/);
  });
});

describe("usage row matching", () => {
  test("both the documented and the compact family names match", () => {
    const row = (value: string, id?: string) => ({ name: { value }, id });
    expect(
      usageMatchesFamily(
        row("Standard DSv2 Family Cluster Dedicated vCPUs"),
        "standardDSv2Family",
        "dedicated",
      ),
    ).toBe(true);
    expect(usageMatchesFamily(row("standardDSv2Family"), "standardDSv2Family", "dedicated")).toBe(
      true,
    );
    expect(
      usageMatchesFamily(
        row("x", "/subscriptions/s/usages/Standard_DSv2_Family_Cluster_LowPriority_vCPUs"),
        "standardDSv2Family",
        "lowPriority",
      ),
    ).toBe(true);
    expect(
      usageMatchesFamily(
        row("Standard DSv2 Family Cluster Dedicated vCPUs"),
        "standardDSv2Family",
        "lowPriority",
      ),
    ).toBe(false);
    expect(
      usageMatchesFamily(
        row("Standard DSv3 Family Cluster Dedicated vCPUs"),
        "standardDSv2Family",
        "dedicated",
      ),
    ).toBe(false);
    expect(
      usageMatchesFamily(
        row("Standard NCASv3_T4 Family Cluster Dedicated vCPUs"),
        "standardNCASv3_T4Family",
        "dedicated",
      ),
    ).toBe(true);
  });

  test("regional totals by type or by name", () => {
    const u = fixture("ml-usages-eastus.json") as UsageResponse;
    expect(u.value.filter((x) => usageIsRegionalTotal(x, "dedicated"))).toHaveLength(1);
    expect(u.value.filter((x) => usageIsRegionalTotal(x, "lowPriority"))).toHaveLength(1);
  });
});
