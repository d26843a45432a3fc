/** Guardrails of Azure ML compute (guardrails/mlCompute.ts), rule by rule. */
import { ML_COMPUTE_RULES } from "../../guardrails/mlCompute";
import { evaluate, ruleById } from "../../guardrails/rules";
import {
  C,
  type Case,
  clusterInputs,
  CONFIG,
  describeRuleCases,
  instanceInputs,
  k8sAttachInputs,
  res,
  set,
} from "./fixtures";

const CASES: Case[] = [
  {
    rule: "ml-instance-idle-shutdown",
    level: "mandatory",
    good: res(C, instanceInputs),
    bad: [
      {
        what: "no idle shutdown",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", undefined),
        ),
        message:
          /compute instance has no idle shutdown; set properties\.properties\.idleTimeBeforeShutdown to an ISO 8601 duration from PT15M to P3D/,
      },
      {
        what: "10 minutes",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", "PT10M"),
        ),
        message:
          /'PT10M' \(10 minutes\) is outside 15 minutes to 3 days; set .*PT30M .*idleShutdownMinutes/,
      },
      {
        what: "4 days",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", "P4D"),
        ),
        message: /'P4D' \(4 days\) is outside 15 minutes to 3 days/,
      },
      {
        what: "not a duration",
        resource: res(C, set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", "30")),
        message: /idle shutdown '30' is not an ISO 8601 duration/,
      },
    ],
  },
  {
    rule: "ml-instance-assigned-user",
    level: "mandatory",
    good: res(C, instanceInputs),
    bad: [
      {
        what: "no assigned user",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.personalComputeInstanceSettings", undefined),
        ),
        message:
          /compute instance has no assigned user; set properties\.properties\.personalComputeInstanceSettings\.assignedUser to \{objectId, tenantId\}/,
      },
      {
        what: "a learner id instead of an object id",
        resource: res(
          C,
          set(
            instanceInputs,
            "properties.properties.personalComputeInstanceSettings.assignedUser.objectId",
            "alice",
          ),
        ),
        message: /assigned user objectId is 'alice', not a GUID/,
      },
    ],
  },
  {
    rule: "ml-cluster-scale-to-zero",
    level: "mandatory",
    good: res(C, clusterInputs),
    bad: [
      {
        what: "one node kept",
        resource: res(C, set(clusterInputs, "properties.properties.scaleSettings.minNodeCount", 1)),
        message:
          /compute cluster keeps 1 nodes running when idle: .*minNodeCount is 1; set it to 0/,
      },
    ],
  },
  {
    rule: "ml-cluster-max-nodes",
    level: "mandatory",
    good: res(C, clusterInputs),
    bad: [
      {
        what: "10 nodes",
        resource: res(
          C,
          set(clusterInputs, "properties.properties.scaleSettings.maxNodeCount", 10),
        ),
        message:
          /scaleSettings\.maxNodeCount is 10; set it to an integer from 1 to 4 \(stack config dp100-labs:clusterMaxNodes\), or raise the policy config 'maxClusterNodes'/,
      },
      {
        what: "no scale settings",
        resource: res(C, set(clusterInputs, "properties.properties.scaleSettings", undefined)),
        message: /maxNodeCount is not set; set it to an integer from 1 to 4/,
      },
    ],
  },
  {
    rule: "ml-compute-local-auth-disabled",
    level: "mandatory",
    good: res(C, clusterInputs),
    bad: [
      {
        what: "instance with local auth",
        resource: res(C, set(instanceInputs, "properties.disableLocalAuth", false)),
        message:
          /ML compute allows local \(key\) authentication: properties\.disableLocalAuth is false; set properties\.disableLocalAuth to true/,
      },
      {
        what: "cluster without the flag",
        resource: res(C, set(clusterInputs, "properties.disableLocalAuth", undefined)),
        message:
          /properties\.disableLocalAuth is not set; set properties\.disableLocalAuth to true/,
      },
    ],
  },
  {
    rule: "ml-compute-ssh-public-access-disabled",
    level: "mandatory",
    good: res(C, instanceInputs),
    bad: [
      {
        what: "instance SSH enabled",
        resource: res(
          C,
          set(instanceInputs, "properties.properties.sshSettings.sshPublicAccess", "Enabled"),
        ),
        message:
          /compute instance SSH port may be public: properties\.properties\.sshSettings\.sshPublicAccess is 'Enabled'; set it to 'Disabled'/,
      },
      {
        what: "cluster NotSpecified",
        resource: res(
          C,
          set(clusterInputs, "properties.properties.remoteLoginPortPublicAccess", "NotSpecified"),
        ),
        message:
          /compute cluster SSH port may be public: properties\.properties\.remoteLoginPortPublicAccess is 'NotSpecified'; set it to 'Disabled'/,
      },
      {
        what: "cluster unset",
        resource: res(
          C,
          set(clusterInputs, "properties.properties.remoteLoginPortPublicAccess", undefined),
        ),
        message: /remoteLoginPortPublicAccess is not set; set it to 'Disabled'/,
      },
    ],
  },
  {
    // Issue 12: a legacy AKS attach is a mandatory violation (v2 refuses it; SDK v1 is retired).
    rule: "ml-compute-no-legacy-aks",
    level: "mandatory",
    good: res(C, k8sAttachInputs),
    bad: [
      {
        what: "legacy AKS attach",
        resource: res(C, set(k8sAttachInputs, "properties.computeType", "AKS")),
        message: /legacy computeType 'AKS'.*attach it as computeType 'Kubernetes'/,
      },
    ],
  },
];

describeRuleCases(ML_COMPUTE_RULES, CASES);

describe("configuration changes what the rules accept", () => {
  it("the cluster bound follows maxClusterNodes", () => {
    const cluster = res(
      C,
      set(clusterInputs, "properties.properties.scaleSettings.maxNodeCount", 6),
    );
    expect(evaluate([cluster], { ...CONFIG, maxClusterNodes: 6 })).toEqual([]);
    expect(evaluate([cluster], { ...CONFIG, maxClusterNodes: 5 }).map((v) => v.rule)).toEqual([
      "ml-cluster-max-nodes",
    ]);
  });
});

describe("helpers", () => {
  it("accepts the idle shutdown bounds themselves", () => {
    for (const v of ["PT15M", "P3D", "PT72H"]) {
      const r = res(C, set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", v));
      expect(ruleById("ml-instance-idle-shutdown").check(r, CONFIG)).toEqual([]);
    }
  });
});
