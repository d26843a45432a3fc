/** Guardrails of tags (guardrails/tags.ts), rule by rule. */
import { TAG_RULES } from "../../guardrails/tags";
import { evaluate, takesTags } from "../../guardrails/rules";
import {
  C,
  type Case,
  CONFIG,
  describeRuleCases,
  instanceInputs,
  res,
  rgInputs,
  set,
  storageInputs,
  TYPES,
} from "./fixtures";

const CASES: Case[] = [
  {
    rule: "required-tags",
    level: "mandatory",
    good: res(TYPES.resourceGroup, rgInputs),
    bad: [
      {
        what: "no tags",
        resource: res(TYPES.resourceGroup, set(rgInputs, "tags", undefined)),
        message: /resource lacks the tags cohort, labs, owner, expiresOn; pass the stack's tags/,
      },
      {
        what: "empty owner",
        resource: res(TYPES.storageAccount, set(storageInputs, "tags.owner", " ")),
        message: /resource lacks the tag owner;/,
      },
      {
        what: "compute without expiresOn",
        resource: res(C, set(instanceInputs, "tags.expiresOn", undefined)),
        message: /resource lacks the tag expiresOn;/,
      },
    ],
  },
];

describeRuleCases(TAG_RULES, CASES);

describe("configuration changes what the rules accept", () => {
  it("required tags come from the config, matched without regard to case", () => {
    const rg = res(TYPES.resourceGroup, { ...rgInputs, tags: { Cohort: "c24", COURSE: "dp100" } });
    expect(evaluate([rg], { ...CONFIG, requiredTags: ["cohort", "course"] })).toEqual([]);
    expect(evaluate([rg], { ...CONFIG, requiredTags: [] })).toEqual([]);
    expect(evaluate([rg], { ...CONFIG, requiredTags: ["cohort", "owner"] })[0].message).toMatch(
      /lacks the tag owner;/,
    );
  });
});

describe("helpers", () => {
  it("takesTags: resources with tags yes, role assignments, containers, datastores no", () => {
    expect(takesTags(TYPES.compute)).toBe(true);
    expect(takesTags(TYPES.resourceGroup)).toBe(true);
    expect(takesTags(TYPES.storageAccount)).toBe(true);
    expect(takesTags(TYPES.agentPool)).toBe(true);
    expect(takesTags(TYPES.roleAssignment)).toBe(false);
    expect(takesTags(TYPES.blobContainer)).toBe(false);
    expect(takesTags(TYPES.datastore)).toBe(false);
    expect(takesTags(TYPES.budget)).toBe(false);
    expect(takesTags("azure-native:machinelearningservices:DataVersion")).toBe(false);
    expect(takesTags("random:index/randomString:RandomString")).toBe(false);
    expect(takesTags("dp100:ml:Workspace")).toBe(false);
  });
});
