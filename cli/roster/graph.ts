import { HttpError, RestClient } from "../http/client";

/**
 * Finding and inviting learners in Microsoft Graph v1.0, behind the small Directory interface that
 * roster resolution uses (tests give it recorded Graph responses through the RestClient):
 * - a member by user principal name: `GET /users/{upn}`
 *   (https://learn.microsoft.com/graph/api/user-get);
 * - anyone else, guests included (their UPN is `ada_example.com#EXT#@tenant.onmicrosoft.com`), by
 *   `GET /users?$filter=mail eq '{a}' or otherMails/any(m:m eq '{a}')` with `$count=true` and the
 *   header `ConsistencyLevel: eventual`, which Graph requires for `any()` on otherMails
 *   (https://learn.microsoft.com/graph/api/user-list,
 *   https://learn.microsoft.com/graph/aad-advanced-queries);
 * - an invitation for an address not in the tenant: `POST /invitations` with
 *   `invitedUserEmailAddress`, `inviteRedirectUrl` and `sendInvitationMessage`; the answer's
 *   `invitedUser.id` is the new guest's object id (https://learn.microsoft.com/graph/api/invitation-post).
 * Reading users needs User.ReadBasic.All (members have it by default; guests may not), inviting
 * needs User.Invite.All or the Guest Inviter role: Graph answers 403 Authorization_RequestDenied.
 */

export const GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";

/** Where an invited learner lands after accepting: the Azure Machine Learning studio. */
export const INVITE_REDIRECT_URL = "https://ml.azure.com";

export interface DirectoryUser {
  /** The Entra object id (GUID). */
  readonly id: string;
  readonly userPrincipalName?: string;
  readonly mail?: string | null;
  /** "Member" or "Guest". */
  readonly userType?: string | null;
}

/** What roster resolution needs from the directory. */
export interface Directory {
  /** The users an address names: one, none, or (an ambiguous address) several. */
  findUsers(address: string): Promise<DirectoryUser[]>;
  /** Invites an address as a guest; returns the guest user Graph created (or already had). */
  invite(address: string, displayName?: string): Promise<DirectoryUser>;
}

const SELECT = "$select=id,userPrincipalName,mail,userType";

/** An OData string literal: single quotes doubled (https://learn.microsoft.com/graph/query-parameters#escaping-single-quotes). */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The `$filter` that finds an address among users' mail and otherMails. */
export function mailFilter(address: string): string {
  const a = odataString(address);
  return `mail eq ${a} or otherMails/any(m:m eq ${a})`;
}

export class GraphDirectory implements Directory {
  constructor(
    private readonly graph: RestClient,
    private readonly opts: { sendInvitationMessage?: boolean } = {},
  ) {}

  async findUsers(address: string): Promise<DirectoryUser[]> {
    const byUpn = await this.graph.send<DirectoryUser>(
      "GET",
      `/users/${encodeURIComponent(address)}?${SELECT}`,
      { accept: [404] },
    );
    if (byUpn.status === 200 && byUpn.body?.id) return [byUpn.body];
    return this.graph.list<DirectoryUser>(
      `/users?$filter=${encodeURIComponent(mailFilter(address))}&$count=true&${SELECT}`,
      { headers: { ConsistencyLevel: "eventual" } },
    );
  }

  async invite(address: string, displayName?: string): Promise<DirectoryUser> {
    const res = await this.graph.send<{ invitedUser?: { id?: string }; status?: string }>(
      "POST",
      "/invitations",
      {
        body: {
          invitedUserEmailAddress: address,
          ...(displayName ? { invitedUserDisplayName: displayName } : {}),
          inviteRedirectUrl: INVITE_REDIRECT_URL,
          sendInvitationMessage: this.opts.sendInvitationMessage ?? true,
        },
      },
    );
    const id = res.body?.invitedUser?.id;
    if (!id) {
      throw new HttpError(
        "Microsoft Graph",
        "POST /invitations",
        res.status,
        "NoInvitedUser",
        "the answer has no invitedUser.id",
      );
    }
    return { id, mail: address, userType: "Guest" };
  }
}

/** A Graph error that stops resolution as a whole (not one learner's): permissions, login. */
export function isPermissionError(e: unknown): e is HttpError {
  return e instanceof HttpError && (e.status === 401 || e.status === 403);
}

/** The trainer-facing explanation of a 401/403 from Graph. */
export function permissionHelp(e: HttpError, inviting: boolean): string {
  const need = inviting
    ? "to read users (User.ReadBasic.All) and to invite guests (User.Invite.All, or the Guest Inviter role)"
    : "to read users (User.ReadBasic.All; members of the tenant have it, guests often do not)";
  return [
    `Microsoft Graph refused ${e.call}: ${e.status} ${e.code}: ${e.detail}`,
    `Your Azure CLI login needs permission ${need}.`,
    "Sign in with an account of the learners' tenant ('az login --tenant <tenant>'), ask an administrator for the role, or fill in the roster's objectId column by hand ('az ad user show --id <e-mail> --query id').",
  ].join("\n");
}
