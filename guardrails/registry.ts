import { lookup } from "./inputs";
import { allowListed, compact, forbidValue, is, type Rule } from "./rule";
import { TYPES } from "./typeTokens";

// Container registries.

export const registryAdminUserDisabled: Rule = {
  id: "registry-admin-user-disabled",
  description: "Container registries have the admin user off (adminUserEnabled false).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.registry),
  check({ inputs }) {
    return compact([
      forbidValue(
        inputs,
        ["adminUserEnabled"],
        true,
        "container registry has a shared admin user",
        "set adminUserEnabled to false; the workspace pulls with its managed identity",
      ),
    ]);
  },
};

export const registryAnonymousPullDisabled: Rule = {
  id: "registry-anonymous-pull-disabled",
  description: "Container registries refuse anonymous pulls (anonymousPullEnabled false).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.registry),
  check({ inputs }) {
    return compact([
      forbidValue(
        inputs,
        ["anonymousPullEnabled"],
        true,
        "container registry allows anonymous pulls",
        "set anonymousPullEnabled to false",
      ),
    ]);
  },
};

export const registrySkuAllowed: Rule = {
  id: "registry-sku-allowed",
  description: "Container registries use an allowed SKU (Basic unless configured).",
  level: "advisory",
  configKeys: ["allowedRegistrySkus"],
  appliesTo: is(TYPES.registry),
  check({ inputs }, config) {
    return allowListed(
      lookup(inputs, ["sku", "name"]),
      config.allowedRegistrySkus,
      "sku.name",
      "container registry",
      "allowedRegistrySkus",
    );
  },
};

/** The container registry rules, in the order reports list them. */
export const REGISTRY_RULES: readonly Rule[] = [
  registryAdminUserDisabled,
  registryAnonymousPullDisabled,
  registrySkuAllowed,
];
