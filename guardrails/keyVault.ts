import { inRange, KEY_VAULT_SOFT_DELETE_DAYS } from "../azure/limits";
import { UNKNOWN, lookup, show } from "./inputs";
import { compact, forbidValue, is, requireBool, type Rule } from "./rule";
import { TYPES } from "./typeTokens";

// Key vaults.

export const keyVaultRbac: Rule = {
  id: "keyvault-rbac-authorization",
  description: "Key vaults use Azure RBAC, not access policies (enableRbacAuthorization true).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.vault),
  check({ inputs }) {
    return compact([
      requireBool(
        inputs,
        ["properties", "enableRbacAuthorization"],
        true,
        "key vault uses access policies",
        "set properties.enableRbacAuthorization to true and grant access with role assignments",
      ),
    ]);
  },
};

export const keyVaultSoftDelete: Rule = {
  id: "keyvault-soft-delete-retention",
  description:
    "Key vaults keep soft delete on with a retention of 7 to 90 days (softDeleteRetentionInDays).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.vault),
  check({ inputs }) {
    const days = lookup(inputs, ["properties", "softDeleteRetentionInDays"]);
    const ok =
      days === UNKNOWN || (typeof days === "number" && inRange(KEY_VAULT_SOFT_DELETE_DAYS, days));
    return compact([
      ok
        ? undefined
        : `key vault properties.softDeleteRetentionInDays is ${show(days)}; set it to an integer ` +
          `from 7 to 90 (7 keeps a deleted vault's name blocked for the shortest time)`,
      forbidValue(
        inputs,
        ["properties", "enableSoftDelete"],
        false,
        "key vault turns soft delete off",
        "remove properties.enableSoftDelete or set it to true (Azure no longer allows turning it off)",
      ),
    ]);
  },
};

export const keyVaultPurgeProtection: Rule = {
  id: "keyvault-purge-protection",
  description:
    "Key vaults enable purge protection only when configured (it cannot be undone and blocks the name for up to 90 days).",
  level: "mandatory",
  configKeys: ["purgeProtectionAllowed"],
  appliesTo: is(TYPES.vault),
  check({ inputs }, config) {
    if (config.purgeProtectionAllowed) return [];
    return compact([
      forbidValue(
        inputs,
        ["properties", "enablePurgeProtection"],
        true,
        "key vault enables purge protection, which can never be turned off",
        "remove properties.enablePurgeProtection (stack config dp100-labs:purgeProtection false), " +
          "or set the policy config 'purgeProtectionAllowed' to true when it is really wanted",
      ),
    ]);
  },
};

/** The key vault rules, in the order reports list them. */
export const KEY_VAULT_RULES: readonly Rule[] = [
  keyVaultRbac,
  keyVaultSoftDelete,
  keyVaultPurgeProtection,
];
