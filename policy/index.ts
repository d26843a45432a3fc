// The dp100-labs policy pack. Pulumi loads a pack by running this file: it registers the policies
// built from ../guardrails and serves them to the engine. The logic lives in policies.ts.
import { PolicyPack } from "@pulumi/policy";
import { buildPolicies, buildStackPolicies } from "./policies";

new PolicyPack("dp100-labs", {
  description:
    "DP-100 lab guardrails: secure, cheap Azure ML labs (see the README's Guardrails section).",
  policies: [...buildPolicies(), ...buildStackPolicies()],
});
