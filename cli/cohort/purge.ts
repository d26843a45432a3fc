import {
  DeletedVault,
  PurgeOutcome,
  SoftDeletePurger,
  StateResource,
  VaultRef,
  WorkspaceRef,
} from "./types";

/**
 * What `destroy` purges afterwards, and how: the decisions are here, pure over SoftDeletePurger.
 * Names come from the stack's state read before the destroy (resource types and ARM ids), never
 * from guesses, so only what this stack created is ever purged.
 */

export const WORKSPACE_TYPE = "azure-native:machinelearningservices:Workspace";
export const VAULT_TYPE = "azure-native:keyvault:Vault";

export interface ArmId {
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
  /** e.g. `Microsoft.MachineLearningServices/workspaces` */
  readonly resourceType?: string;
  readonly name: string;
}

/** Splits `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}`. */
export function parseArmId(id: string): ArmId | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(
      id,
    );
  if (!m) return undefined;
  return { subscriptionId: m[1], resourceGroup: m[2], resourceType: `${m[3]}/${m[4]}`, name: m[5] };
}

export interface PurgeTargets {
  readonly workspaces: ReadonlyArray<WorkspaceRef & { readonly urn: string }>;
  readonly vaults: ReadonlyArray<VaultRef & { readonly urn: string }>;
}

/** The workspaces and key vaults in a stack's state, with what a purge needs to know about them. */
export function purgeTargets(resources: readonly StateResource[]): PurgeTargets {
  const workspaces: Array<WorkspaceRef & { urn: string }> = [];
  const vaults: Array<VaultRef & { urn: string }> = [];
  for (const r of resources) {
    if (!r.id) continue;
    const arm = parseArmId(r.id);
    if (!arm || !arm.resourceGroup) continue;
    if (r.type === WORKSPACE_TYPE) {
      workspaces.push({
        urn: r.urn,
        id: r.id,
        subscriptionId: arm.subscriptionId,
        resourceGroup: arm.resourceGroup,
        name: arm.name,
      });
    } else if (r.type === VAULT_TYPE) {
      const location = r.outputs?.location ?? r.inputs?.location;
      vaults.push({
        urn: r.urn,
        id: r.id,
        subscriptionId: arm.subscriptionId,
        name: arm.name,
        location: typeof location === "string" ? normalizeLocation(location) : undefined,
      });
    }
  }
  return { workspaces, vaults };
}

/** "East US" and "eastus" are the same region. */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

export type PurgeItemStatus = PurgeOutcome["status"] | "held";

export interface PurgeItem {
  readonly kind: "workspace" | "key vault";
  readonly name: string;
  readonly status: PurgeItemStatus;
  readonly detail?: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Purges each workspace by its ARM id; a failure is recorded and the next one is tried. */
export async function purgeWorkspaces(
  purger: SoftDeletePurger,
  workspaces: readonly WorkspaceRef[],
): Promise<PurgeItem[]> {
  const items: PurgeItem[] = [];
  for (const ws of workspaces) {
    try {
      const outcome = await purger.purgeWorkspace(ws);
      items.push({ kind: "workspace", name: ws.name, ...outcome });
    } catch (e) {
      items.push({ kind: "workspace", name: ws.name, status: "failed", detail: message(e) });
    }
  }
  return items;
}

/**
 * Purges the stack's key vaults that Azure lists as soft-deleted. A vault not in the list has
 * nothing to purge; one with purge protection cannot be purged and is reported as held until its
 * scheduled purge date (not a failure: the trainer chose purge protection).
 */
export async function purgeVaults(
  purger: SoftDeletePurger,
  vaults: readonly VaultRef[],
): Promise<PurgeItem[]> {
  const items: PurgeItem[] = [];
  const bySubscription = new Map<string, VaultRef[]>();
  for (const v of vaults) {
    const list = bySubscription.get(v.subscriptionId) ?? [];
    list.push(v);
    bySubscription.set(v.subscriptionId, list);
  }
  for (const [subscriptionId, wanted] of bySubscription) {
    let deleted: DeletedVault[];
    try {
      deleted = await purger.listDeletedVaults(subscriptionId);
    } catch (e) {
      for (const v of wanted) {
        items.push({
          kind: "key vault",
          name: v.name,
          status: "failed",
          detail: `could not list deleted key vaults: ${message(e)}`,
        });
      }
      continue;
    }
    for (const v of wanted) {
      const found = deleted.find(
        (d) =>
          d.name.toLowerCase() === v.name.toLowerCase() &&
          (!v.location || normalizeLocation(d.location) === v.location),
      );
      if (!found) {
        items.push({ kind: "key vault", name: v.name, status: "absent" });
        continue;
      }
      if (found.purgeProtectionEnabled) {
        items.push({
          kind: "key vault",
          name: v.name,
          status: "held",
          detail: `purge protection is on: Azure keeps the name until ${found.scheduledPurgeDate ?? "its scheduled purge date"}`,
        });
        continue;
      }
      try {
        const outcome = await purger.purgeVault(subscriptionId, found);
        items.push({ kind: "key vault", name: v.name, ...outcome });
      } catch (e) {
        items.push({ kind: "key vault", name: v.name, status: "failed", detail: message(e) });
      }
    }
  }
  return items;
}

/** One line per purge item, e.g. `purged workspace ws-a`, `could not purge key vault kv-a: ...`. */
export function describePurgeItem(item: PurgeItem): string {
  switch (item.status) {
    case "purged":
      return `purged ${item.kind} ${item.name}`;
    case "absent":
      return `${item.kind} ${item.name}: nothing soft-deleted to purge`;
    case "held":
      return `${item.kind} ${item.name} not purged: ${item.detail ?? "purge protection is on"}`;
    case "failed":
      return `could not purge ${item.kind} ${item.name}: ${item.detail ?? "unknown error"}`;
  }
}
