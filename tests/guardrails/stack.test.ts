/** The whole-stack guardrails (guardrails/stack.ts): an attach judged against the cluster it targets. */
import { RULES } from "../../guardrails/rules";
import { STACK_RULES, attachTarget, evaluateStack } from "../../guardrails/stack";
import { checkPlan } from "../../plan/checks";
import { C, CONFIG, TYPES, aksInputs, k8sAttachInputs, res, set } from "./fixtures";

describe("stack rule ml-attach-credentials-allowed", () => {
  const cluster = res(TYPES.managedCluster, aksInputs, "shared-env-aks");
  const legacy = res(C, set(k8sAttachInputs, "properties.computeType", "AKS"), "attach");

  it("is mandatory and reports a legacy AKS attach to a cluster with local accounts disabled", () => {
    expect(STACK_RULES.map((r) => [r.id, r.level])).toEqual([
      ["ml-attach-credentials-allowed", "mandatory"],
    ]);
    const v = evaluateStack([cluster, legacy]);
    expect(v).toEqual([
      {
        rule: "ml-attach-credentials-allowed",
        urn: legacy.urn,
        level: "mandatory",
        message: expect.stringMatching(
          /'attach' attaches cluster 'shared-env-aks' .*disableLocalAccounts: true.*Getting static credential is not allowed.*AML-Kubernetes#261/,
        ),
      },
    ]);
  });

  it("accepts the legacy attach when the cluster keeps local accounts, and any Kubernetes attach", () => {
    const keeps = res(TYPES.managedCluster, set(aksInputs, "disableLocalAccounts", false));
    expect(evaluateStack([keeps, legacy])).toEqual([]);
    expect(evaluateStack([cluster, res(C, k8sAttachInputs)])).toEqual([]);
  });

  it("finds the target through dependencies while its id is unknown (the pack's preview)", () => {
    const unknownId = res(C, set(legacy.inputs, "properties.resourceId", "[unknown]"));
    expect(attachTarget({ ...unknownId, dependencies: [cluster.urn] }, [cluster])).toBe(cluster);
    expect(attachTarget(unknownId, [cluster])).toBeUndefined();
  });

  it("is part of the plan's checks, and can be disabled like any rule", () => {
    const settings = { config: CONFIG, rules: RULES };
    expect(checkPlan([cluster, legacy], settings).map((v) => v.rule)).toEqual([
      "ml-compute-no-legacy-aks",
      "ml-attach-credentials-allowed",
    ]);
    expect(
      checkPlan([cluster, legacy], { ...settings, stackRules: [] }).map((v) => v.rule),
    ).toEqual(["ml-compute-no-legacy-aks"]);
  });
});
