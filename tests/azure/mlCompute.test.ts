/**
 * Azure ML returns `vmSize` upper-cased whatever was sent (Azure/azure-rest-api-specs#20216,
 * #20336; hashicorp/terraform-provider-azurerm#17562, #18030; azure/mlCompute.ts). Every ML compute
 * of every lab is sent in that form, so a refresh finds no size change and replaceOnChanges on the
 * size never replaces a learner's instance; the cost and quota tables still find every size.
 */
import { mlComputeVmSize } from "../../azure/mlCompute";
import type { CostReport } from "../../plan/cost";
import type { QuotaReport } from "../../plan/quota";
import { readConfig } from "../../stacks/config";
import { get, ofType, planWith } from "../helpers/plan";

const COMPUTE = "azure-native:machinelearningservices:Compute";

describe("ML compute sizes", () => {
  it("every compute instance and cluster of every lab sends vmSize upper-cased; cost and quota find them", async () => {
    const learners = [
      { id: "ada", objectId: "00000000-0000-4000-8000-000000000001" },
      { id: "grace", objectId: "00000000-0000-4000-8000-000000000002" },
    ];
    for (const labs of [["script-command-job"], "all"]) {
      const doc = await planWith({
        "azure-native:location": "eastus",
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:labs": labs,
        "dp100-labs:learners": learners,
        "dp100-labs:alertEmails": ["trainer@example.com"],
      });
      const ml = ofType(doc, COMPUTE).filter((r) =>
        ["ComputeInstance", "AmlCompute"].includes(
          String(get(r.inputs, "properties", "computeType")),
        ),
      );
      expect(ml.length).toBeGreaterThan(0);
      for (const r of ml) {
        const size = String(get(r.inputs, "properties", "properties", "vmSize"));
        expect(size).toBe(size.toUpperCase());
      }
      expect((doc.quota as QuotaReport).unknownVmSizes).toEqual([]);
      expect((doc.cost as CostReport).missing).toEqual([]);
    }
  });

  it("the configured size is accepted in any case and sent as Azure returns it", () => {
    expect(mlComputeVmSize("Standard_DS11_v2")).toBe("STANDARD_DS11_V2");
    const cfg = readConfig((ns, key) =>
      ns === "dp100-labs" && key === "instanceVmSize" ? "STANDARD_DS3_V2" : undefined,
    );
    expect(cfg.compute.instanceVmSize).toBe("STANDARD_DS3_V2");
  });
});
