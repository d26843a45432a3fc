/**
 * What the guardrail tests share: resources as the program registers them (Pulumi type token and
 * inputs), compliant inputs per service, the policy configuration, and `describeRuleCases`, which
 * runs one compliant and one (or more) non-compliant resource per rule of a service.
 */
import type { PlannedResource } from "../../plan/types";
import {
  DEFAULT_POLICY_CONFIG,
  TYPES,
  evaluate,
  ruleById,
  type PolicyConfig,
  type Rule,
} from "../../guardrails/rules";

export { TYPES };

// ------------------------------------------------------------------------------------------------
// Resources as registered

export const OBJECT_ID = "11111111-2222-3333-4444-555555555555";
export const TENANT_ID = "66666666-7777-8888-9999-aaaaaaaaaaaa";
export const LEARNER = "0f0f0f0f-1111-2222-3333-444444444444";
export const SUB = "/subscriptions/00000000-0000-0000-0000-0000000000a1";

export const TAGS = {
  cohort: "c24",
  labs: "all",
  owner: "trainer@example.com",
  expiresOn: "2026-06-30",
};

let serial = 0;
export function res(type: string, inputs: Record<string, unknown>, name?: string): PlannedResource {
  const logical = name ?? `r${++serial}`;
  return {
    urn: `urn:pulumi:dev::dp100-labs::${type}::${logical}`,
    type,
    name: logical,
    parent: null,
    custom: true,
    inputs,
  };
}

/** A deep copy of `obj` with the value at a dotted path replaced (undefined deletes it). */
export function set<T>(obj: T, dotted: string, value: unknown): T {
  const copy = structuredClone(obj) as Record<string, unknown>;
  const keys = dotted.split(".");
  let cur: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== "object") cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy as T;
}

export const instanceInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  workspaceName: "dp100-mlw-aaaaa",
  location: "eastus",
  computeName: "dp100-ci-alice-aaaaa",
  tags: TAGS,
  properties: {
    computeType: "ComputeInstance",
    disableLocalAuth: true,
    properties: {
      vmSize: "Standard_DS11_v2",
      applicationSharingPolicy: "Personal",
      personalComputeInstanceSettings: {
        assignedUser: { objectId: OBJECT_ID, tenantId: TENANT_ID },
      },
      idleTimeBeforeShutdown: "PT30M",
      sshSettings: { sshPublicAccess: "Disabled" },
      schedules: {
        computeStartStop: [
          {
            action: "Stop",
            triggerType: "Cron",
            status: "Enabled",
            cron: { expression: "0 18 * * *", timeZone: "UTC" },
          },
        ],
      },
    },
  },
};

export const clusterInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  workspaceName: "dp100-mlw-aaaaa",
  location: "eastus",
  computeName: "aml-cluster",
  tags: TAGS,
  properties: {
    computeType: "AmlCompute",
    disableLocalAuth: true,
    properties: {
      vmSize: "STANDARD_DS11_V2",
      vmPriority: "Dedicated",
      remoteLoginPortPublicAccess: "Disabled",
      scaleSettings: { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: "PT120S" },
    },
  },
};

export const storageInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  accountName: "dp100staaaaa",
  kind: "StorageV2",
  sku: { name: "Standard_LRS" },
  minimumTlsVersion: "TLS1_2",
  enableHttpsTrafficOnly: true,
  allowBlobPublicAccess: false,
  tags: TAGS,
};

export const containerInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  accountName: "dp100staaaaa",
  containerName: "training-data",
};

export const vaultInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  vaultName: "dp100-kv-aaaaa",
  tags: TAGS,
  properties: {
    tenantId: TENANT_ID,
    sku: { family: "A", name: "standard" },
    enableRbacAuthorization: true,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 7,
  },
};

export const registryInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  registryName: "dp100craaaaa",
  sku: { name: "Basic" },
  adminUserEnabled: false,
  anonymousPullEnabled: false,
  tags: TAGS,
};

export const aksInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  resourceName: "dp100-aks-aaaaa",
  dnsPrefix: "dp100-aks-aaaaa",
  sku: { name: "Base", tier: "Free" },
  enableRBAC: true,
  disableLocalAccounts: true,
  aadProfile: { managed: true, enableAzureRBAC: true },
  addonProfiles: { azurepolicy: { enabled: true } },
  agentPoolProfiles: [
    {
      name: "system",
      mode: "System",
      vmSize: "Standard_DS2_v2",
      count: 1,
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 3,
    },
  ],
  tags: TAGS,
};

export const AKS_ID = `${SUB}/resourceGroups/dp100-rg-aaaaa/providers/Microsoft.ContainerService/managedClusters/dp100-aks-aaaaa`;

/** A v2 Kubernetes attach of the cluster in aksInputs. */
export const k8sAttachInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  workspaceName: "dp100-mlw-aaaaa",
  computeName: "k8s-inference",
  tags: TAGS,
  properties: {
    computeType: "Kubernetes",
    resourceId: AKS_ID,
    disableLocalAuth: true,
    properties: { namespace: "default", defaultInstanceType: "mlflow-2cpu-4gi" },
  },
};

export const agentPoolInputs = {
  resourceGroupName: "dp100-rg-aaaaa",
  resourceName: "dp100-aks-aaaaa",
  agentPoolName: "user",
  vmSize: "Standard_DS2_v2",
  count: 2,
  tags: TAGS,
};

export const roleInputs = {
  scope: `${SUB}/resourceGroups/dp100-rg-aaaaa`,
  principalId: LEARNER,
  principalType: "User",
  roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/f6c7c914-8db3-469d-8ca1-694a8f32e121`,
};

export const rgInputs = { resourceGroupName: "dp100-rg-aaaaa", location: "eastus", tags: TAGS };

export const CONFIG: PolicyConfig = { ...DEFAULT_POLICY_CONFIG, learnerPrincipalIds: [LEARNER] };

// ------------------------------------------------------------------------------------------------
// One compliant and one (or more) non-compliant resource per rule

export interface Case {
  readonly rule: string;
  readonly level: "mandatory" | "advisory";
  readonly good: PlannedResource;
  readonly bad: {
    readonly what: string;
    readonly resource: PlannedResource;
    readonly message: RegExp;
  }[];
}

/** The Azure ML compute type token. */
export const C = TYPES.compute;

/**
 * The cases of one service's rules: they cover each of its rules exactly once; each rule passes
 * its compliant resource and reports each non-compliant one; the compliant ones together are clean.
 */
export function describeRuleCases(rules: readonly Rule[], cases: Case[]): void {
  describe("every rule has cases", () => {
    it("covers each of the service's rules exactly once", () => {
      expect(cases.map((c) => c.rule).sort()).toEqual(rules.map((r) => r.id).sort());
    });
  });

  describe.each(cases)("rule $rule", ({ rule: id, level, good, bad }) => {
    const rule = ruleById(id);

    it(`is ${level}`, () => {
      expect(rule.level).toBe(level);
    });

    it("passes the compliant resource", () => {
      expect(rule.appliesTo(good.type)).toBe(true);
      expect(rule.check(good, CONFIG)).toEqual([]);
      expect(evaluate([good], CONFIG)).toEqual([]);
    });

    it.each(bad)("reports $what", ({ resource, message }) => {
      expect(rule.appliesTo(resource.type)).toBe(true);
      const mine = evaluate([resource], CONFIG).filter((v) => v.rule === id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toEqual({ rule: id, urn: resource.urn, level, message: expect.any(String) });
      expect(mine[0].message).toMatch(message);
    });
  });

  it("a clean list gives no violation", () => {
    const all = cases.map((c) => c.good);
    expect(evaluate(all, CONFIG)).toEqual([]);
  });
}
