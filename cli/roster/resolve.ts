import { runBounded } from "../cohort/pool";
import { Directory, isPermissionError } from "./graph";

/**
 * Turns the e-mail addresses of a roster into Entra object ids through a Directory. Every address
 * is tried; the ones that cannot be resolved are returned together (with their file lines) so the
 * trainer fixes them in one go. A permission error stops everything: it is not one learner's fault.
 */

export interface AddressRow {
  /** File line of the row (or its position for an inline roster). */
  readonly line: number;
  /** Learner id or trainer, for messages. */
  readonly who: string;
  readonly email: string;
  readonly displayName?: string;
}

export type HowResolved = "member" | "guest" | "invited";

export interface Resolution {
  /** Lower-case address -> object id. */
  readonly objectIds: Record<string, string>;
  /** How each address was resolved (lower-case address -> how). */
  readonly how: Record<string, HowResolved>;
  /** Rows still without an object id, with the reason. */
  readonly unresolved: ReadonlyArray<AddressRow & { readonly reason: string }>;
}

export interface ResolveOptions {
  /** Invite addresses not in the tenant as guests. Default false. */
  readonly invite?: boolean;
  /** Graph calls at once. Default 4. */
  readonly concurrency?: number;
}

export async function resolveAddresses(
  rows: readonly AddressRow[],
  directory: Directory,
  opts: ResolveOptions = {},
): Promise<Resolution> {
  const objectIds: Record<string, string> = {};
  const how: Record<string, HowResolved> = {};
  const unresolved: Array<AddressRow & { reason: string }> = [];
  const settled = await runBounded(rows, opts.concurrency ?? 4, async (row) => {
    const users = await directory.findUsers(row.email);
    if (users.length > 1) {
      return {
        reason: `${users.length} users have this address (${users.map((u) => u.userPrincipalName ?? u.id).join(", ")}): give the objectId`,
      };
    }
    if (users.length === 1) {
      return {
        id: users[0].id,
        how: (users[0].userType === "Guest" ? "guest" : "member") as HowResolved,
      };
    }
    if (!opts.invite) {
      return {
        reason:
          "no user or guest of the tenant has this address: re-run with --invite to invite it as a guest, or correct it",
      };
    }
    const guest = await directory.invite(row.email, row.displayName);
    return { id: guest.id, how: "invited" as HowResolved };
  });
  settled.forEach((s, i) => {
    const row = rows[i];
    if (!s.ok) {
      if (isPermissionError(s.error)) throw s.error;
      unresolved.push({ ...row, reason: (s.error as Error).message });
      return;
    }
    const v = s.value;
    if ("id" in v && v.id) {
      objectIds[row.email.toLowerCase()] = v.id.toLowerCase();
      how[row.email.toLowerCase()] = v.how;
    } else {
      unresolved.push({ ...row, reason: (v as { reason: string }).reason });
    }
  });
  return { objectIds, how, unresolved };
}

/** The report of unresolved rows: one line each, with the file line. */
export function unresolvedReport(file: string, r: Resolution): string[] {
  return [
    `${r.unresolved.length} address(es) in '${file}' could not be resolved to an Entra object id; nothing was written:`,
    ...r.unresolved.map((u) => `  line ${u.line} (${u.who}, ${u.email}): ${u.reason}`),
  ];
}
