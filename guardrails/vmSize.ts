import { UNKNOWN, baseType, includesIgnoreCase, lookup, show, type Looked } from "./inputs";
import { INSTANCE, computeType } from "./mlCompute";
import { is, type Rule } from "./rule";
import { TYPES } from "./typeTokens";

// VM sizes (ML compute and AKS node pools).

function vmSizeMessage(where: string, v: unknown, allowed: readonly string[]): string {
  const gpu = typeof v === "string" && /^standard_n/i.test(v) ? " (an N-series GPU size)" : "";
  return (
    `${where} is ${show(v)}${gpu}, not an allowed VM size (${allowed.join(", ")}); ` +
    `pick an allowed size (stack config dp100-labs:instanceVmSize / clusterVmSize), or add it ` +
    `to the policy config 'allowedVmSizes'`
  );
}

function checkVmSize(v: Looked, where: string, allowed: readonly string[]): string[] {
  if (v === UNKNOWN) return [];
  if (typeof v === "string" && includesIgnoreCase(allowed, v)) return [];
  return [vmSizeMessage(where, v, allowed)];
}

export const vmSizeAllowed: Rule = {
  id: "vm-size-allowed",
  description:
    "ML compute and AKS node pools use a VM size from the allow-list (no GPU sizes unless configured).",
  level: "mandatory",
  configKeys: ["allowedVmSizes"],
  appliesTo: is(TYPES.compute, TYPES.managedCluster, TYPES.agentPool),
  check({ type, inputs }, config) {
    const allowed = config.allowedVmSizes;
    switch (baseType(type)) {
      case TYPES.compute: {
        const kind = computeType(inputs);
        if (kind === "ComputeInstance" || kind === "AmlCompute") {
          const path = [...INSTANCE, "vmSize"];
          return checkVmSize(lookup(inputs, path), path.join("."), allowed);
        }
        if (kind === "AKS") {
          const path = [...INSTANCE, "agentVmSize"];
          const v = lookup(inputs, path);
          return v === undefined ? [] : checkVmSize(v, path.join("."), allowed);
        }
        return [];
      }
      case TYPES.managedCluster: {
        const pools = lookup(inputs, ["agentPoolProfiles"]);
        if (!Array.isArray(pools)) return [];
        return pools.flatMap((pool, i) =>
          checkVmSize(lookup(pool, ["vmSize"]), `agentPoolProfiles[${i}].vmSize`, allowed),
        );
      }
      default:
        return checkVmSize(lookup(inputs, ["vmSize"]), "vmSize", allowed);
    }
  },
};

/** The VM size rules, in the order reports list them. */
export const VM_SIZE_RULES: readonly Rule[] = [vmSizeAllowed];
