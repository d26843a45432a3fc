/** Guardrails of VM sizes (ML compute and AKS node pools) (guardrails/vmSize.ts), rule by rule. */
import { VM_SIZE_RULES } from "../../guardrails/vmSize";
import { evaluate } from "../../guardrails/rules";
import {
  agentPoolInputs,
  aksInputs,
  C,
  type Case,
  clusterInputs,
  CONFIG,
  describeRuleCases,
  instanceInputs,
  res,
  set,
  TYPES,
} from "./fixtures";

const CASES: Case[] = [
  {
    rule: "vm-size-allowed",
    level: "mandatory",
    good: res(C, clusterInputs),
    bad: [
      {
        what: "GPU instance",
        resource: res(C, set(instanceInputs, "properties.properties.vmSize", "Standard_NC6s_v3")),
        message:
          /properties\.properties\.vmSize is 'Standard_NC6s_v3' \(an N-series GPU size\), not an allowed VM size \(Standard_DS1_v2, .*\); pick an allowed size .*or add it to the policy config 'allowedVmSizes'/,
      },
      {
        what: "cluster without a size",
        resource: res(C, set(clusterInputs, "properties.properties.vmSize", undefined)),
        message: /properties\.properties\.vmSize is not set, not an allowed VM size/,
      },
      {
        what: "AKS pool",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "agentPoolProfiles", [
            { ...aksInputs.agentPoolProfiles[0], vmSize: "Standard_D16s_v5" },
          ]),
        ),
        message: /agentPoolProfiles\[0\]\.vmSize is 'Standard_D16s_v5', not an allowed VM size/,
      },
      {
        what: "AKS agent pool resource",
        resource: res(TYPES.agentPool, set(agentPoolInputs, "vmSize", "Standard_NV6")),
        message: /^vmSize is 'Standard_NV6' \(an N-series GPU size\)/,
      },
    ],
  },
];

describeRuleCases(VM_SIZE_RULES, CASES);

describe("configuration changes what the rules accept", () => {
  const gpu = res(C, set(instanceInputs, "properties.properties.vmSize", "Standard_NC6s_v3"));

  it("a GPU size passes once it is in allowedVmSizes", () => {
    const config = { ...CONFIG, allowedVmSizes: [...CONFIG.allowedVmSizes, "standard_nc6s_v3"] };
    expect(evaluate([gpu], config)).toEqual([]);
  });
});
