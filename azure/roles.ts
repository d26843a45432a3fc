/**
 * Azure facts: built-in role definitions (Azure RBAC). Pure data, no Pulumi import: components,
 * guardrails, the plan and the policy pack all read this one table, so a role id is written once.
 *
 * Every id is the role definition's `name` as Microsoft publishes it on "Azure built-in roles"
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles; the Privileged
 * roles on .../built-in-roles/privileged, the AI + machine learning and Storage roles on their
 * category pages). tests/azure/roles.test.ts pins each id to that page's value.
 */

import { GUID_SOURCE } from "./formats";

export interface BuiltInRole {
  /** The role definition's GUID (`.../providers/Microsoft.Authorization/roleDefinitions/<id>`). */
  readonly id: string;
  /** The display name Azure shows (`roleName`). */
  readonly displayName: string;
  /**
   * In Azure's Privileged category: it manages every resource or hands out access. A learner
   * must never hold one (guardrail role-no-privileged-learner).
   */
  readonly privileged: boolean;
}

export const BUILT_IN_ROLES = {
  owner: {
    id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    displayName: "Owner",
    privileged: true,
  },
  contributor: {
    id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    displayName: "Contributor",
    privileged: true,
  },
  userAccessAdministrator: {
    id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    displayName: "User Access Administrator",
    privileged: true,
  },
  roleBasedAccessControlAdministrator: {
    id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    displayName: "Role Based Access Control Administrator",
    privileged: true,
  },
  reader: {
    id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    displayName: "Reader",
    privileged: false,
  },
  azureMlDataScientist: {
    id: "f6c7c914-8db3-469d-8ca1-694a8f32e121",
    displayName: "AzureML Data Scientist",
    privileged: false,
  },
  azureMlComputeOperator: {
    id: "e503ece1-11d0-4e8e-8e2c-7a6c3bf38815",
    displayName: "AzureML Compute Operator",
    privileged: false,
  },
  storageBlobDataContributor: {
    id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    displayName: "Storage Blob Data Contributor",
    privileged: false,
  },
  storageBlobDataReader: {
    id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    displayName: "Storage Blob Data Reader",
    privileged: false,
  },
} as const satisfies Record<string, BuiltInRole>;

export type RoleName = keyof typeof BUILT_IN_ROLES;

/** Role id by the project's role name, e.g. `ROLE_IDS.contributor`. */
export const ROLE_IDS: { readonly [K in RoleName]: (typeof BUILT_IN_ROLES)[K]["id"] } =
  Object.fromEntries(Object.entries(BUILT_IN_ROLES).map(([k, r]) => [k, r.id])) as {
    readonly [K in RoleName]: (typeof BUILT_IN_ROLES)[K]["id"];
  };

/** Display name by role id (lower case), for every role in the table. */
export const ROLE_NAMES_BY_ID: ReadonlyMap<string, string> = new Map(
  Object.values(BUILT_IN_ROLES).map((r) => [r.id, r.displayName]),
);

/** Display name by role id of the privileged roles (Azure's Privileged category). */
export const PRIVILEGED_ROLE_IDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(BUILT_IN_ROLES)
    .filter((r) => r.privileged)
    .map((r) => [r.id, r.displayName]),
);

/**
 * Azure's `principalType` values of a role assignment (REST spec Microsoft.Authorization
 * roleAssignments, `PrincipalType`: User, Group, ServicePrincipal, ForeignGroup, Device). This
 * project grants roles to the first three: people, Entra groups, and service principals such as
 * a CI identity. ARM refuses an assignment whose type differs from the directory's
 * (`UnmatchedPrincipalType`, e.g. Azure/modern-web-app-pattern-dotnet#129), and with the type set
 * it skips the directory look-up that fails for a principal created minutes earlier
 * (`PrincipalNotFound`, https://aka.ms/docs-principaltype).
 */
export const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal"] as const;

export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** A role definition id's trailing GUID (`.../roleDefinitions/<guid>`, or the bare GUID). */
const ROLE_DEFINITION_GUID = new RegExp(
  `(?:^|/roleDefinitions/)(${GUID_SOURCE.slice(1, -1)})$`,
  "i",
);

/**
 * The GUID at the end of a role definition id (`/subscriptions/.../providers/
 * Microsoft.Authorization/roleDefinitions/<guid>`, or the id itself when it is a bare GUID), lower
 * case; undefined for anything else.
 */
export function roleDefinitionGuid(roleDefinitionId: string): string | undefined {
  return ROLE_DEFINITION_GUID.exec(roleDefinitionId.trim())?.[1].toLowerCase();
}
