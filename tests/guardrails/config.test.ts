/** The policy configuration (guardrails/config.ts): defaults, parsing and its errors. */
import {
  DEFAULT_POLICY_CONFIG,
  POLICY_CONFIG_SPEC,
  PolicyConfigError,
  parsePolicyConfig,
} from "../../guardrails/rules";
import { CONFIG, LEARNER } from "./fixtures";

describe("parsePolicyConfig", () => {
  it("returns the defaults for nothing and merges given keys over them", () => {
    expect(parsePolicyConfig(undefined)).toEqual(DEFAULT_POLICY_CONFIG);
    expect(parsePolicyConfig({})).toEqual(DEFAULT_POLICY_CONFIG);
    const parsed = parsePolicyConfig({ maxClusterNodes: 8, allowedVmSizes: ["Standard_NC6s_v3"] });
    expect(parsed.maxClusterNodes).toBe(8);
    expect(parsed.allowedVmSizes).toEqual(["Standard_NC6s_v3"]);
    expect(parsed.requiredTags).toEqual(["cohort", "labs", "owner", "expiresOn"]);
  });

  it("ignores enforcementLevel, which CrossGuard keeps next to a policy's keys", () => {
    expect(parsePolicyConfig({ enforcementLevel: "advisory", maxAksNodes: 5 }).maxAksNodes).toBe(5);
  });

  it.each<[string, unknown, RegExp]>([
    [
      "unknown key",
      { maxNodes: 3 },
      /policy config 'maxNodes' is 3; it accepts no value: it is not a known key \(known keys: allowedVmSizes, maxClusterNodes/,
    ],
    [
      "string for an integer",
      { maxClusterNodes: "4" },
      /policy config 'maxClusterNodes' is "4"; it accepts an integer of at least 1/,
    ],
    ["zero nodes", { maxAksNodes: 0 }, /'maxAksNodes' is 0; it accepts an integer of at least 1/],
    ["fraction", { maxClusterNodes: 2.5 }, /'maxClusterNodes' is 2.5/],
    [
      "string for a list",
      { allowedVmSizes: "Standard_DS11_v2" },
      /'allowedVmSizes' is "Standard_DS11_v2"; it accepts a list of Azure VM size names/,
    ],
    [
      "malformed VM size",
      { allowedVmSizes: ["Standard_DS11_v2", "DS11"] },
      /'allowedVmSizes\[1\]' is "DS11"; it accepts a list of Azure VM size names/,
    ],
    [
      "unknown storage SKU",
      { allowedStorageSkus: ["LRS"] },
      /'allowedStorageSkus\[0\]' is "LRS"; it accepts a list of storage SKUs out of Standard_LRS, Standard_GRS/,
    ],
    [
      "unknown registry SKU",
      { allowedRegistrySkus: ["Classic"] },
      /'allowedRegistrySkus\[0\]' is "Classic"; it accepts a list out of Basic, Standard, Premium/,
    ],
    [
      "unknown AKS tier",
      { allowedAksTiers: ["free"] },
      /'allowedAksTiers\[0\]' is "free"; it accepts a list out of Free, Standard, Premium/,
    ],
    [
      "string for a boolean",
      { purgeProtectionAllowed: "yes" },
      /'purgeProtectionAllowed' is "yes"; it accepts true or false/,
    ],
    [
      "learner id instead of object id",
      { learnerPrincipalIds: ["alice"] },
      /'learnerPrincipalIds\[0\]' is "alice"; it accepts a list of Entra object ids \(GUIDs\)/,
    ],
    [
      "bad tag name",
      { requiredTags: ["a/b"] },
      /'requiredTags\[0\]' is "a\/b"; it accepts a list of tag names/,
    ],
    ["number in a list", { requiredTags: [1] }, /'requiredTags\[0\]' is 1/],
    [
      "a list at the root",
      ["maxClusterNodes"],
      /policy config '\(root\)' is \["maxClusterNodes"\]; it accepts an object with keys/,
    ],
  ])("rejects %s", (_what, raw, message) => {
    expect(() => parsePolicyConfig(raw)).toThrow(PolicyConfigError);
    expect(() => parsePolicyConfig(raw)).toThrow(message);
  });

  it("names the key on the error object", () => {
    try {
      parsePolicyConfig({ maxClusterNodes: -1 });
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyConfigError);
      expect((e as PolicyConfigError).key).toBe("maxClusterNodes");
      expect((e as PolicyConfigError).value).toBe(-1);
    }
  });

  it("accepts its own defaults, and every default has a spec", () => {
    expect(parsePolicyConfig({ ...DEFAULT_POLICY_CONFIG, learnerPrincipalIds: [LEARNER] })).toEqual(
      CONFIG,
    );
    expect(Object.keys(DEFAULT_POLICY_CONFIG).sort()).toEqual(
      Object.keys(POLICY_CONFIG_SPEC).sort(),
    );
  });

  it("keeps GPU sizes out of the default allow-list", () => {
    expect(DEFAULT_POLICY_CONFIG.allowedVmSizes.filter((s) => /^standard_n/i.test(s))).toEqual([]);
    expect(DEFAULT_POLICY_CONFIG.allowedVmSizes).toEqual(
      expect.arrayContaining([
        "Standard_DS11_v2",
        "Standard_DS2_v2",
        "Standard_D2as_v4",
        "Standard_E4ds_v4",
      ]),
    );
  });
});
