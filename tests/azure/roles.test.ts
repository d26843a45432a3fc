/**
 * The one table of built-in role ids (azure/roles.ts): its ids are Azure's published ones, and a
 * role granted by the components is the role the guardrails recognise, so the rule that learners
 * never get a privileged role can fail.
 */
import { one, settle, setupMocks } from "../helpers/mocks";
import {
  BUILT_IN_ROLES,
  PRIVILEGED_ROLE_IDS,
  roleDefinitionGuid,
  type RoleName,
} from "../../azure/roles";
import { evaluate, ruleById, TYPES } from "../../guardrails/rules";
import { DEFAULT_POLICY_CONFIG } from "../../guardrails/config";

setupMocks();

const LEARNER = "0f0f0f0f-1111-2222-3333-444444444444";

describe("built-in role ids", () => {
  it("are the ids Azure publishes", () => {
    // Copied from https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
    // (Privileged: Owner, Contributor, User Access Administrator, Role Based Access Control
    // Administrator; General: Reader; AI + machine learning: AzureML Data Scientist, AzureML
    // Compute Operator; Storage: Storage Blob Data Contributor, Storage Blob Data Reader).
    expect(
      Object.fromEntries(Object.values(BUILT_IN_ROLES).map((r) => [r.displayName, r.id])),
    ).toEqual({
      Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
      Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
      "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
      "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
      Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
      "AzureML Data Scientist": "f6c7c914-8db3-469d-8ca1-694a8f32e121",
      "AzureML Compute Operator": "e503ece1-11d0-4e8e-8e2c-7a6c3bf38815",
      "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
      "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    });
  });

  it("the guardrail's privileged roles are the table's Privileged-category roles", () => {
    expect(Object.values(PRIVILEGED_ROLE_IDS).sort()).toEqual([
      "Contributor",
      "Owner",
      "Role Based Access Control Administrator",
      "User Access Administrator",
    ]);
  });
});

describe("role-no-privileged-learner against what grantRole registers", () => {
  const privileged = (Object.keys(BUILT_IN_ROLES) as RoleName[]).filter(
    (k) => BUILT_IN_ROLES[k].privileged,
  );

  it.each(privileged)(
    "a learner granted %s by grantRole is a mandatory violation",
    async (role) => {
      const { grantRole } = await import("../../components/roleAssignment");
      grantRole(
        `learner-${role}`,
        {
          scope: "/subscriptions/s1/resourceGroups/rg",
          role,
          principalId: LEARNER,
          subscriptionId: "s1",
        },
        {},
      );
      await settle();
      const r = one(TYPES.roleAssignment, `learner-${role}`);
      const violations = evaluate(
        [{ type: r.type, name: r.name, urn: `urn:x::${r.name}`, inputs: r.inputs }],
        { ...DEFAULT_POLICY_CONFIG, learnerPrincipalIds: [LEARNER] },
        [ruleById("role-no-privileged-learner")],
      );
      expect(violations.map((v) => [v.level, v.message])).toEqual([
        ["mandatory", expect.stringContaining(`is given ${BUILT_IN_ROLES[role].displayName}`)],
      ]);
    },
  );

  it("a learner granted AzureML Data Scientist is not", async () => {
    const { grantRole } = await import("../../components/roleAssignment");
    grantRole(
      "learner-ds",
      {
        scope: "/subscriptions/s1/resourceGroups/rg",
        role: "azureMlDataScientist",
        principalId: LEARNER,
        subscriptionId: "s1",
      },
      {},
    );
    await settle();
    const r = one(TYPES.roleAssignment, "learner-ds");
    expect(
      evaluate(
        [{ type: r.type, name: r.name, urn: "urn:x::learner-ds", inputs: r.inputs }],
        { ...DEFAULT_POLICY_CONFIG, learnerPrincipalIds: [LEARNER] },
        [ruleById("role-no-privileged-learner")],
      ),
    ).toEqual([]);
  });
});

describe("roleDefinitionGuid", () => {
  test("the GUID at the end of a role definition id, or a bare GUID, in lower case", () => {
    const id = BUILT_IN_ROLES.owner.id;
    expect(
      roleDefinitionGuid(
        `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${id.toUpperCase()}`,
      ),
    ).toBe(id);
    expect(roleDefinitionGuid(` ${id} `)).toBe(id);
    expect(roleDefinitionGuid(`/roleDefinitions/${id}/x`)).toBeUndefined();
    expect(roleDefinitionGuid("Owner")).toBeUndefined();
  });
});
