/** Guardrails of container registries (guardrails/registry.ts), rule by rule. */
import { REGISTRY_RULES } from "../../guardrails/registry";
import { type Case, describeRuleCases, registryInputs, res, set, TYPES } from "./fixtures";

const CASES: Case[] = [
  {
    rule: "registry-admin-user-disabled",
    level: "mandatory",
    good: res(TYPES.registry, registryInputs),
    bad: [
      {
        what: "admin user",
        resource: res(TYPES.registry, set(registryInputs, "adminUserEnabled", true)),
        message:
          /container registry has a shared admin user: adminUserEnabled is true; set adminUserEnabled to false/,
      },
    ],
  },
  {
    rule: "registry-anonymous-pull-disabled",
    level: "mandatory",
    good: res(TYPES.registry, registryInputs),
    bad: [
      {
        what: "anonymous pull",
        resource: res(TYPES.registry, set(registryInputs, "anonymousPullEnabled", true)),
        message:
          /container registry allows anonymous pulls: anonymousPullEnabled is true; set anonymousPullEnabled to false/,
      },
    ],
  },
  {
    rule: "registry-sku-allowed",
    level: "advisory",
    good: res(TYPES.registry, registryInputs),
    bad: [
      {
        what: "Premium",
        resource: res(TYPES.registry, set(registryInputs, "sku.name", "Premium")),
        message:
          /container registry sku\.name is 'Premium', not one of Basic; .*'allowedRegistrySkus'/,
      },
      {
        what: "no sku",
        resource: res(TYPES.registry, set(registryInputs, "sku", undefined)),
        message: /container registry sku\.name is not set, not one of Basic/,
      },
    ],
  },
];

describeRuleCases(REGISTRY_RULES, CASES);
