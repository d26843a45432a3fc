/** Guardrails of AKS clusters and node pools (guardrails/kubernetes.ts), rule by rule. */
import { KUBERNETES_RULES } from "../../guardrails/kubernetes";
import {
  DEFAULT_POLICY_CONFIG,
  PolicyConfigError,
  evaluate,
  parsePolicyConfig,
} from "../../guardrails/rules";
import {
  agentPoolInputs,
  aksInputs,
  type Case,
  CONFIG,
  describeRuleCases,
  res,
  set,
  TYPES,
} from "./fixtures";

const CASES: Case[] = [
  {
    // Issue 12 item 7: a pod CIDR only in overlay mode (learn.microsoft.com/azure/aks/azure-cni-overlay).
    rule: "aks-pod-cidr-overlay",
    level: "mandatory",
    good: res(TYPES.managedCluster, {
      ...aksInputs,
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        podCidr: "10.244.0.0/16",
      },
    }),
    bad: [
      {
        what: "a pod CIDR with flat Azure CNI",
        resource: res(TYPES.managedCluster, {
          ...aksInputs,
          networkProfile: { networkPlugin: "azure", podCidr: "10.244.0.0/16" },
        }),
        message: /podCidr is '10\.244\.0\.0\/16' with Azure CNI outside overlay mode.*'overlay'/,
      },
    ],
  },
  {
    rule: "aks-local-accounts-disabled",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "local accounts",
        resource: res(TYPES.managedCluster, set(aksInputs, "disableLocalAccounts", false)),
        message:
          /AKS cluster keeps local \(static admin\) accounts: disableLocalAccounts is false; set disableLocalAccounts to true/,
      },
    ],
  },
  {
    rule: "aks-entra-id-rbac",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "no RBAC",
        resource: res(TYPES.managedCluster, set(aksInputs, "enableRBAC", false)),
        message:
          /AKS cluster does not turn Kubernetes RBAC on: enableRBAC is false; set enableRBAC to true/,
      },
      {
        what: "no Entra ID",
        resource: res(TYPES.managedCluster, set(aksInputs, "aadProfile", undefined)),
        message:
          /AKS cluster is not integrated with Entra ID: aadProfile is not set; set aadProfile to \{ managed: true, enableAzureRBAC: true \}/,
      },
      {
        what: "Kubernetes RBAC without Azure RBAC",
        resource: res(TYPES.managedCluster, set(aksInputs, "aadProfile.enableAzureRBAC", false)),
        message: /aadProfile\.enableAzureRBAC is false; set aadProfile\.enableAzureRBAC to true/,
      },
    ],
  },
  {
    rule: "aks-azure-policy-addon",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "add-on off",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "addonProfiles.azurepolicy.enabled", false),
        ),
        message:
          /AKS cluster has no Azure Policy add-on: addonProfiles\.azurepolicy\.enabled is false; set addonProfiles\.azurepolicy to \{ enabled: true \}/,
      },
      {
        what: "no add-ons",
        resource: res(TYPES.managedCluster, set(aksInputs, "addonProfiles", undefined)),
        message: /addonProfiles\.azurepolicy\.enabled is not set/,
      },
    ],
  },
  {
    rule: "aks-tier-allowed",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "Standard tier",
        resource: res(TYPES.managedCluster, set(aksInputs, "sku.tier", "Standard")),
        message:
          /AKS cluster sku\.tier is 'Standard', not one of Free; set sku\.tier to an allowed value, or add it to the policy config 'allowedAksTiers'/,
      },
    ],
  },
  {
    rule: "aks-node-count-bounded",
    level: "mandatory",
    good: res(TYPES.managedCluster, aksInputs),
    bad: [
      {
        what: "autoscaler maximum 10",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "agentPoolProfiles", [
            { ...aksInputs.agentPoolProfiles[0], maxCount: 10 },
          ]),
        ),
        message:
          /AKS cluster can run 10 nodes over all pools, more than 3; lower count \(or maxCount with autoscaling\), or raise the policy config 'maxAksNodes' \(now 3\)/,
      },
      {
        what: "two pools adding up to 4",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "agentPoolProfiles", [
            { name: "system", vmSize: "Standard_DS2_v2", count: 2 },
            { name: "user", vmSize: "Standard_DS2_v2", count: 2 },
          ]),
        ),
        message: /can run 4 nodes over all pools, more than 3/,
      },
      {
        what: "a separate pool of 5",
        resource: res(TYPES.agentPool, set(agentPoolInputs, "count", 5)),
        message: /AKS node pool can run 5 nodes, more than 3/,
      },
      {
        what: "autoscaling without maxCount",
        resource: res(
          TYPES.managedCluster,
          set(aksInputs, "agentPoolProfiles.0.maxCount", undefined),
        ),
        message: /agentPoolProfiles\[0\] has autoscaling on and no maxCount; set maxCount/,
      },
    ],
  },
];

describeRuleCases(KUBERNETES_RULES, CASES);

describe("configuration changes what the rules accept", () => {
  it("the AKS tier defaults to Free when unset", () => {
    const aks = res(TYPES.managedCluster, set(aksInputs, "sku", undefined));
    expect(evaluate([aks], CONFIG)).toEqual([]);
    expect(evaluate([aks], { ...CONFIG, allowedAksTiers: ["Standard"] })[0].rule).toBe(
      "aks-tier-allowed",
    );
  });
});

describe("the Kubernetes inference cluster's local-accounts exception", () => {
  const keeps = set(aksInputs, "disableLocalAccounts", false);

  it("is in the default configuration, with its reason, for that cluster's logical names only", () => {
    const reasons = Object.values(DEFAULT_POLICY_CONFIG.aksLocalAccountsExceptions);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/how-to-deploy-kubernetes-extension/);
    for (const name of ["shared-env-k8s-aks", "ada-env-k8s-aks"]) {
      expect(evaluate([res(TYPES.managedCluster, keeps, name)], CONFIG)).toEqual([]);
    }
    const other = evaluate([res(TYPES.managedCluster, keeps, "shared-env-aks-aks")], CONFIG);
    expect(other.map((v) => v.rule)).toEqual(["aks-local-accounts-disabled"]);
  });

  it("goes away when the policy config lists no exception", () => {
    const config = { ...CONFIG, aksLocalAccountsExceptions: {} };
    const v = evaluate([res(TYPES.managedCluster, keeps, "shared-env-k8s-aks")], config);
    expect(v.map((x) => x.rule)).toEqual(["aks-local-accounts-disabled"]);
  });

  it("is parsed from the pack's config, each entry with a reason", () => {
    expect(
      parsePolicyConfig({ aksLocalAccountsExceptions: { "lab-*": "because" } })
        .aksLocalAccountsExceptions,
    ).toEqual({ "lab-*": "because" });
    expect(() => parsePolicyConfig({ aksLocalAccountsExceptions: { "lab-*": "" } })).toThrow(
      /aksLocalAccountsExceptions\.lab-\*/,
    );
    expect(() => parsePolicyConfig({ aksLocalAccountsExceptions: ["x"] })).toThrow(
      PolicyConfigError,
    );
  });
});
