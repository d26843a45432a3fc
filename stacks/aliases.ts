import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_TYPE_TOKENS, RESOURCE_TYPES } from "../azure/resourceTypes";

/**
 * Memory at cohort scale. Every azure-native resource constructor adds aliases for each older
 * type token of its resource (API-versioned tokens such as
 * `azure-native:machinelearningservices/v20230401:Compute`, and v2 module names): 51 for a Compute.
 * The SDK turns each alias into Outputs when the resource is constructed, about 1 MB of heap per
 * resource, so a 400-learner cohort would need gigabytes to plan. Aliases only matter for a resource
 * already in state under one of those older tokens, and this project has only ever registered the
 * tokens in TYPES_EVER_REGISTERED (tests/stacks/aliases.test.ts proves none of them is an aliased token).
 * So a stack transformation drops the SDK's type-only aliases before the constructor processes them.
 * Aliases the project declares itself always name a `name` or `parent` and are kept.
 *
 * Set DP100_OPTIMISE=0 to switch this off (the benchmark measures both).
 */
export const OPTIMISE_ENV = "DP100_OPTIMISE";

/** Whether the memory and speed optimisations are on (they are unless DP100_OPTIMISE=0). */
export function optimisationsOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[OPTIMISE_ENV] !== "0";
}

/**
 * Every resource type token this project has ever registered, since its first version: the
 * azure-native types marked `registered` in azure/resourceTypes.ts, and the project's own
 * component and random tokens below. A new type is marked (or added here) when first used; a
 * token is never renamed in place (a rename needs an alias the project declares, with a name or
 * parent).
 */
export const TYPES_EVER_REGISTERED: readonly string[] = [
  ...RESOURCE_TYPE_TOKENS.filter((t) => RESOURCE_TYPES[t].registered),
  "random:index/randomString:RandomString",
  "dp100:naming:NameSuffix",
  "dp100:lab:Environment",
  "dp100:ml:Workspace",
  "dp100:ml:ComputeCluster",
  "dp100:ml:ComputeInstance",
  "dp100:cohort:Learner",
  "dp100:data:LabData",
  "dp100:ml:LabComponents",
  "dp100:ml:AksInference",
  "dp100:monitoring:LabMonitoring",
  "dp100:ml:KubernetesInference",
];

/** True for an alias the azure-native SDK adds: an object with only a `type`, of an SDK token. */
export function isSdkTypeAlias(alias: unknown): boolean {
  if (!alias || typeof alias !== "object") return false;
  const keys = Object.keys(alias);
  const type = (alias as { type?: unknown }).type;
  return (
    keys.length === 1 &&
    keys[0] === "type" &&
    typeof type === "string" &&
    /^azure-(native|nextgen):/.test(type)
  );
}

/** The stack transformation: drops SDK type aliases, keeps everything else untouched. */
export const dropSdkAliases: pulumi.ResourceTransformation = (args) => {
  const aliases = args.opts.aliases;
  if (!aliases || aliases.length === 0) return undefined;
  const kept = aliases.filter((a) => !isSdkTypeAlias(a));
  if (kept.length === aliases.length) return undefined;
  return { props: args.props, opts: { ...args.opts, aliases: kept } };
};

/** Installs the transformation for the whole stack unless switched off; returns whether it did. */
export function installAliasOptimisation(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!optimisationsOn(env)) return false;
  pulumi.runtime.registerStackTransformation(dropSdkAliases);
  return true;
}
