import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";

/**
 * Built-in Azure role definition ids (reference section 6, checked against the Azure built-in roles
 * page). Role assignments refer to roles by these ids, never by display name.
 */
export const ROLES = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c4a72b9d",
  azureMlDataScientist: "f6c7c914-8db3-469d-8ca1-694a8f32e121",
  azureMlComputeOperator: "e503ece1-11d0-4e8e-8e2c-7a6c3bf38815",
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
} as const;

export type RoleName = keyof typeof ROLES;

export interface RoleGrantArgs {
  /** ARM id of the scope (resource group, workspace, compute, storage account). Required. */
  readonly scope: pulumi.Input<string>;
  /** Built-in role to grant. Required. */
  readonly role: RoleName;
  /** Entra object id of the principal. Required. */
  readonly principalId: pulumi.Input<string>;
  /** Principal type; set so a brand-new principal does not fail with PrincipalNotFound. Default User. */
  readonly principalType?: authorization.PrincipalType;
  /** Subscription id, to build the role definition id. Required. */
  readonly subscriptionId: pulumi.Input<string>;
  readonly description?: string;
}

/**
 * One role assignment whose Azure name is a GUID derived from scope, role and principal
 * (`assignmentGuid`), so a re-run, or the same grant under another logical name, never produces
 * RoleAssignmentExists (reference section 5). A plain function rather than a component: it is one
 * resource, and at cohort scale every extra component object costs memory.
 */
export function grantRole(
  name: string,
  args: RoleGrantArgs,
  opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
  const roleId = ROLES[args.role];
  return new authorization.RoleAssignment(
    name,
    {
      scope: args.scope,
      principalId: args.principalId,
      principalType: args.principalType ?? authorization.PrincipalType.User,
      roleDefinitionId: pulumi.interpolate`/subscriptions/${args.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
      roleAssignmentName: pulumi
        .all([args.scope, args.principalId])
        .apply(([scope, principal]) => assignmentGuid(scope, roleId, principal)),
      description: args.description,
    },
    opts,
  );
}

/**
 * A deterministic GUID (RFC 4122 version 5 layout, SHA-1 based) for a scope, role and principal.
 * Case-insensitive in the scope and ids, like ARM.
 */
export function assignmentGuid(
  scope: string,
  roleDefinitionId: string,
  principalId: string,
): string {
  const h = crypto
    .createHash("sha1")
    .update(
      ["dp100-labs", scope, roleDefinitionId, principalId].map((s) => s.toLowerCase()).join("|"),
    )
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
