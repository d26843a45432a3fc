import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { PrincipalType, ROLE_IDS, RoleName } from "../azure/roles";

export type { RoleName };

export interface RoleGrantArgs {
  /** ARM id of the scope (resource group, workspace, compute, storage account). Required. */
  readonly scope: pulumi.Input<string>;
  /** Built-in role to grant. Required. */
  readonly role: RoleName;
  /** Entra object id of the principal. Required. */
  readonly principalId: pulumi.Input<string>;
  /**
   * The principal's type in Entra ID: `User`, `Group` or `ServicePrincipal`. It must match the
   * directory (else ARM refuses with UnmatchedPrincipalType), and being set it spares ARM the
   * directory look-up that fails for a principal created minutes earlier (PrincipalNotFound).
   * Default User.
   */
  readonly principalType?: PrincipalType;
  /** Subscription id, to build the role definition id. Required. */
  readonly subscriptionId: pulumi.Input<string>;
  readonly description?: string;
}

/**
 * One role assignment whose Azure name is a GUID derived from scope, role and principal
 * (`assignmentGuid`), so a re-run, or the same grant under another logical name, never produces
 * RoleAssignmentExists (ARM refuses a second assignment of one role to one principal at one scope:
 * https://learn.microsoft.com/azure/role-based-access-control/troubleshooting). A plain function rather than a component: it is one
 * resource, and at cohort scale every extra component object costs memory.
 */
export function grantRole(
  name: string,
  args: RoleGrantArgs,
  opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
  const roleId = ROLE_IDS[args.role];
  return new authorization.RoleAssignment(
    name,
    {
      scope: args.scope,
      principalId: args.principalId,
      principalType: args.principalType ?? "User",
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
