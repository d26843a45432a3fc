import { BUILT_IN_ROLES, PRIVILEGED_ROLE_IDS, roleDefinitionGuid } from "../azure/roles";
import { includesIgnoreCase, lookup } from "./inputs";
import { is, type Rule } from "./rule";
import { TYPES } from "./typeTokens";

// Role assignments.

/**
 * Built-in roles a learner must never hold (Azure's Privileged category: they manage everything or
 * hand out access), by id: the one role table in azure/roles.ts, which components grant from.
 */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = PRIVILEGED_ROLE_IDS;

/** The GUID at the end of a role definition id (or the id itself when it is a bare GUID). */
export const roleGuid = roleDefinitionGuid;

export const roleNoPrivilegedLearner: Rule = {
  id: "role-no-privileged-learner",
  description:
    "Learners never get Owner, Contributor, User Access Administrator or RBAC Administrator.",
  level: "mandatory",
  configKeys: ["learnerPrincipalIds"],
  appliesTo: is(TYPES.roleAssignment),
  check({ inputs }, config) {
    const role = lookup(inputs, ["roleDefinitionId"]);
    const principal = lookup(inputs, ["principalId"]);
    if (typeof role !== "string" || typeof principal !== "string") return [];
    const guid = roleGuid(role);
    const roleName = guid === undefined ? undefined : PRIVILEGED_ROLES[guid];
    if (roleName === undefined || !includesIgnoreCase(config.learnerPrincipalIds, principal)) {
      return [];
    }
    return [
      `learner ${principal} is given ${roleName} (${guid}); give learners ` +
        `${BUILT_IN_ROLES.azureMlDataScientist.displayName} (${BUILT_IN_ROLES.azureMlDataScientist.id}) and ` +
        `${BUILT_IN_ROLES.azureMlComputeOperator.displayName} (${BUILT_IN_ROLES.azureMlComputeOperator.id}) on their workspace instead`,
    ];
  },
};

/** The role assignment rules, in the order reports list them. */
export const ROLE_RULES: readonly Rule[] = [roleNoPrivilegedLearner];
