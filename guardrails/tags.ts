import { UNKNOWN, baseType, lookup, lookupCaseInsensitive } from "./inputs";
import type { Rule } from "./rule";
import { TAGGABLE_TYPES } from "./taggable-types";

// Tags.

/** Whether an azure-native type takes a top-level `tags` input (see taggable-types.ts). */
export function takesTags(type: string): boolean {
  const [provider, module, name] = baseType(type).split(":");
  if (provider !== "azure-native" || module === undefined || name === undefined) return false;
  return TAGGABLE_TYPES[module]?.includes(name) ?? false;
}

export const requiredTags: Rule = {
  id: "required-tags",
  description:
    "Every azure-native resource that takes tags carries the required tags (cohort, labs, owner, expiresOn) with values.",
  level: "mandatory",
  configKeys: ["requiredTags"],
  appliesTo: takesTags,
  check({ inputs }, config) {
    const tags = lookup(inputs, ["tags"]);
    if (tags === UNKNOWN || config.requiredTags.length === 0) return [];
    const missing = config.requiredTags.filter((name) => {
      const v = lookupCaseInsensitive(tags, name);
      return v !== UNKNOWN && (typeof v !== "string" || v.trim() === "");
    });
    if (missing.length === 0) return [];
    return [
      `resource lacks the tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}; pass the ` +
        `stack's tags (cohort, lab set, owner, expiry) to this resource's tags input`,
    ];
  },
};

/** The tag rules, in the order reports list them. */
export const TAG_RULES: readonly Rule[] = [requiredTags];
