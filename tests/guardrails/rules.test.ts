/**
 * The guardrails assembled (guardrails/rules.ts): every service's rules in report order, and
 * `evaluate` over a list, including the placeholders the plan uses for unknown and secret values.
 * Each service's rules are tested in tests/guardrails/<service>.test.ts.
 */
import { POLICY_CONFIG_KEYS, RULES, evaluate, hasMandatory } from "../../guardrails/rules";
import { ML_COMPUTE_RULES } from "../../guardrails/mlCompute";
import { VM_SIZE_RULES } from "../../guardrails/vmSize";
import { STORAGE_RULES } from "../../guardrails/storage";
import { KEY_VAULT_RULES } from "../../guardrails/keyVault";
import { REGISTRY_RULES } from "../../guardrails/registry";
import { KUBERNETES_RULES } from "../../guardrails/kubernetes";
import { TAG_RULES } from "../../guardrails/tags";
import { ROLE_RULES } from "../../guardrails/roles";
import { NAME_RULES } from "../../guardrails/names";
import {
  C,
  CONFIG,
  SUB,
  TYPES,
  aksInputs,
  clusterInputs,
  instanceInputs,
  res,
  rgInputs,
  roleInputs,
  set,
  storageInputs,
  vaultInputs,
} from "./fixtures";

describe("every rule has cases", () => {
  it("assembles every service's rules, in report order, with unique kebab-case ids", () => {
    expect(RULES).toEqual([
      ...ML_COMPUTE_RULES,
      ...VM_SIZE_RULES,
      ...STORAGE_RULES,
      ...KEY_VAULT_RULES,
      ...REGISTRY_RULES,
      ...KUBERNETES_RULES,
      ...TAG_RULES,
      ...ROLE_RULES,
      ...NAME_RULES,
    ]);
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    // Each service's cases cover its list exactly once (describeRuleCases in ./fixtures).
  });

  it("gives every rule a description and only known config keys", () => {
    for (const rule of RULES) {
      expect(rule.description.length).toBeGreaterThan(20);
      for (const key of rule.configKeys) expect(POLICY_CONFIG_KEYS).toContain(key);
    }
  });
});

describe("values the plan cannot show are not judged", () => {
  it.each(["[unknown]", "[secret]"])(
    "%s in any checked input gives no violation",
    (placeholder) => {
      const resources = [
        res(C, set(instanceInputs, "properties.properties", placeholder)),
        res(C, set(instanceInputs, "properties.properties.idleTimeBeforeShutdown", placeholder)),
        res(
          C,
          set(
            instanceInputs,
            "properties.properties.personalComputeInstanceSettings.assignedUser.objectId",
            placeholder,
          ),
        ),
        res(C, set(clusterInputs, "properties", placeholder)),
        res(C, set(clusterInputs, "computeName", placeholder)),
        res(TYPES.storageAccount, set(storageInputs, "minimumTlsVersion", placeholder)),
        res(TYPES.storageAccount, set(storageInputs, "tags", placeholder)),
        res(TYPES.storageAccount, set(storageInputs, "tags.owner", placeholder)),
        res(TYPES.vault, set(vaultInputs, "properties", placeholder)),
        res(TYPES.managedCluster, set(aksInputs, "agentPoolProfiles", placeholder)),
        res(TYPES.managedCluster, set(aksInputs, "addonProfiles", placeholder)),
        res(TYPES.roleAssignment, {
          ...roleInputs,
          principalId: placeholder,
          roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
        }),
      ];
      expect(evaluate(resources, CONFIG)).toEqual([]);
    },
  );
});

describe("evaluate over a list", () => {
  it("returns violations in resource order then rule order, skips components, and flags mandatory", () => {
    const component = { ...res("dp100:ml:Workspace", {}), custom: false };
    const badStorage = res(TYPES.storageAccount, {
      ...storageInputs,
      minimumTlsVersion: "TLS1_0",
      sku: { name: "Standard_GRS" },
    });
    const badCluster = res(
      C,
      set(clusterInputs, "properties.properties.scaleSettings.minNodeCount", 2),
    );
    const goodRg = res(TYPES.resourceGroup, rgInputs);
    const provider = res("pulumi:providers:azure-native", {});
    const violations = evaluate([component, goodRg, badStorage, provider, badCluster], CONFIG);
    expect(violations.map((v) => [v.urn, v.rule, v.level])).toEqual([
      [badStorage.urn, "storage-tls-1-2", "mandatory"],
      [badStorage.urn, "storage-sku-allowed", "advisory"],
      [badCluster.urn, "ml-cluster-scale-to-zero", "mandatory"],
    ]);
    expect(hasMandatory(violations)).toBe(true);
    expect(hasMandatory(violations.filter((v) => v.level === "advisory"))).toBe(false);
  });

  it("uses the default configuration when none is given", () => {
    const gpu = res(C, set(clusterInputs, "properties.properties.vmSize", "Standard_ND40rs_v2"));
    expect(evaluate([gpu]).map((v) => v.rule)).toEqual(["vm-size-allowed"]);
  });

  it("judges types with an explicit API version like the default one", () => {
    const versioned = res("azure-native:storage/v20230501:StorageAccount", {
      ...storageInputs,
      enableHttpsTrafficOnly: false,
    });
    expect(evaluate([versioned], CONFIG).map((v) => v.rule)).toEqual(["storage-https-only"]);
  });
});
