/** Guardrails of key vaults (guardrails/keyVault.ts), rule by rule. */
import { KEY_VAULT_RULES } from "../../guardrails/keyVault";
import { evaluate } from "../../guardrails/rules";
import { type Case, CONFIG, describeRuleCases, res, set, TYPES, vaultInputs } from "./fixtures";

const CASES: Case[] = [
  {
    rule: "keyvault-rbac-authorization",
    level: "mandatory",
    good: res(TYPES.vault, vaultInputs),
    bad: [
      {
        what: "access policies",
        resource: res(TYPES.vault, set(vaultInputs, "properties.enableRbacAuthorization", false)),
        message:
          /key vault uses access policies: properties\.enableRbacAuthorization is false; set properties\.enableRbacAuthorization to true/,
      },
    ],
  },
  {
    rule: "keyvault-soft-delete-retention",
    level: "mandatory",
    good: res(TYPES.vault, vaultInputs),
    bad: [
      {
        what: "retention unset",
        resource: res(
          TYPES.vault,
          set(vaultInputs, "properties.softDeleteRetentionInDays", undefined),
        ),
        message:
          /key vault properties\.softDeleteRetentionInDays is not set; set it to an integer from 7 to 90/,
      },
      {
        what: "retention 120",
        resource: res(TYPES.vault, set(vaultInputs, "properties.softDeleteRetentionInDays", 120)),
        message: /softDeleteRetentionInDays is 120; set it to an integer from 7 to 90/,
      },
      {
        what: "soft delete off",
        resource: res(TYPES.vault, set(vaultInputs, "properties.enableSoftDelete", false)),
        message:
          /key vault turns soft delete off: properties\.enableSoftDelete is false; remove properties\.enableSoftDelete or set it to true/,
      },
    ],
  },
  {
    rule: "keyvault-purge-protection",
    level: "mandatory",
    good: res(TYPES.vault, vaultInputs),
    bad: [
      {
        what: "purge protection on",
        resource: res(TYPES.vault, set(vaultInputs, "properties.enablePurgeProtection", true)),
        message:
          /key vault enables purge protection, which can never be turned off: properties\.enablePurgeProtection is true; remove properties\.enablePurgeProtection \(stack config dp100-labs:purgeProtection false\), or set the policy config 'purgeProtectionAllowed' to true/,
      },
    ],
  },
];

describeRuleCases(KEY_VAULT_RULES, CASES);

describe("configuration changes what the rules accept", () => {
  it("purge protection passes when purgeProtectionAllowed", () => {
    const vault = res(TYPES.vault, set(vaultInputs, "properties.enablePurgeProtection", true));
    expect(evaluate([vault], { ...CONFIG, purgeProtectionAllowed: true })).toEqual([]);
  });
});
