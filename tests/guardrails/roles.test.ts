/** Guardrails of role assignments (guardrails/roles.ts), rule by rule. */
import { ROLE_RULES } from "../../guardrails/roles";
import { PRIVILEGED_ROLES, evaluate, roleGuid } from "../../guardrails/rules";
import {
  type Case,
  CONFIG,
  describeRuleCases,
  LEARNER,
  OBJECT_ID,
  res,
  roleInputs,
  set,
  SUB,
  TYPES,
} from "./fixtures";

const CASES: Case[] = [
  {
    rule: "role-no-privileged-learner",
    level: "mandatory",
    good: res(TYPES.roleAssignment, roleInputs),
    bad: [
      {
        what: "Owner",
        resource: res(
          TYPES.roleAssignment,
          set(
            roleInputs,
            "roleDefinitionId",
            `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
          ),
        ),
        message: new RegExp(
          `learner ${LEARNER} is given Owner \\(8e3af657-a8ff-443c-a75c-2fe8c4bcb635\\); give learners AzureML Data Scientist`,
        ),
      },
      {
        what: "Contributor (upper-case ids)",
        resource: res(TYPES.roleAssignment, {
          ...roleInputs,
          principalId: LEARNER.toUpperCase(),
          roleDefinitionId:
            "/providers/Microsoft.Authorization/roleDefinitions/B24988AC-6180-42A0-AB88-20F7382DD24C",
        }),
        message: /is given Contributor \(b24988ac-6180-42a0-ab88-20f7382dd24c\)/,
      },
      {
        what: "User Access Administrator",
        resource: res(
          TYPES.roleAssignment,
          set(
            roleInputs,
            "roleDefinitionId",
            `${SUB}/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9`,
          ),
        ),
        message: /is given User Access Administrator/,
      },
    ],
  },
];

describeRuleCases(ROLE_RULES, CASES);

describe("configuration changes what the rules accept", () => {
  it("Owner for someone who is not a learner (the trainer, the CI) passes", () => {
    const owner = res(TYPES.roleAssignment, {
      ...roleInputs,
      principalId: OBJECT_ID,
      roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    });
    expect(evaluate([owner], CONFIG)).toEqual([]);
    expect(evaluate([owner], { ...CONFIG, learnerPrincipalIds: [OBJECT_ID] })).toHaveLength(1);
  });
});

describe("helpers", () => {
  it("roleGuid reads full ids, provider-level ids and bare GUIDs", () => {
    expect(
      roleGuid(
        `${SUB}/providers/Microsoft.Authorization/roleDefinitions/ACDD72A7-3385-48ef-bd42-f606fba81ae7`,
      ),
    ).toBe("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    expect(roleGuid("8e3af657-a8ff-443c-a75c-2fe8c4bcb635")).toBe(
      "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    );
    expect(roleGuid("Owner")).toBeUndefined();
  });
  it("knows the privileged built-in roles by their ids", () => {
    expect(PRIVILEGED_ROLES).toEqual({
      "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
      "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
      "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
      "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
    });
  });
});
