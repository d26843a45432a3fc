import type {
  DeletedVault,
  PurgeOutcome,
  SoftDeletePurger,
  WorkspaceRef,
} from "../../cli/cohort/types";

/**
 * A purger that records what `destroy` asks of ARM and reports the given vaults as soft-deleted
 * (there is no ARM here; the real ArmSoftDeletePurger is unit-tested on fake HTTP).
 */
export class RecordingPurger implements SoftDeletePurger {
  readonly workspaces: string[] = [];
  readonly vaults: string[] = [];
  readonly listed: string[] = [];
  constructor(private readonly deleted: DeletedVault[]) {}
  async purgeWorkspace(ws: WorkspaceRef): Promise<PurgeOutcome> {
    this.workspaces.push(ws.id);
    return { status: "purged" };
  }
  async listDeletedVaults(subscriptionId: string): Promise<DeletedVault[]> {
    this.listed.push(subscriptionId);
    return this.deleted;
  }
  async purgeVault(_subscriptionId: string, vault: DeletedVault): Promise<PurgeOutcome> {
    this.vaults.push(vault.name);
    return { status: "purged" };
  }
}
