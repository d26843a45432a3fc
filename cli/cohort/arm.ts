import { armClient, ArmClientOptions } from "../http/arm";
import { RestClient, RestResponse } from "../http/client";
import { DeletedVault, PurgeOutcome, SoftDeletePurger, WorkspaceRef } from "./types";

/**
 * SoftDeletePurger on Azure Resource Manager's REST API, through the one HTTP client (cli/http:
 * token, retries of 429 and 5xx after Retry-After or with backoff, errors naming the call):
 * - workspace: `DELETE {workspace id}?api-version=2024-04-01&forceToPurge=true` (Azure ML REST
 *   "Workspaces - Delete"; purges a soft-deleted workspace as long as its resource group exists);
 * - key vaults: `GET /subscriptions/{s}/providers/Microsoft.KeyVault/deletedVaults?api-version=2023-07-01`
 *   ("Vaults - List Deleted") and
 *   `POST /subscriptions/{s}/providers/Microsoft.KeyVault/locations/{l}/deletedVaults/{name}/purge?api-version=2023-07-01`
 *   ("Vaults - Purge Deleted").
 * Long-running answers (202) are followed through `Azure-AsyncOperation` or `Location`
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations).
 */

export const ML_API_VERSION = "2024-04-01";
export const KEYVAULT_API_VERSION = "2023-07-01";

export interface ArmPurgerOptions extends ArmClientOptions {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
  /** Between polls of a long-running operation when Azure gives no Retry-After (default 5 s). */
  readonly pollIntervalMs?: number;
  /** Give up waiting for a purge after this long (default 10 minutes). */
  readonly pollTimeoutMs?: number;
}

/** `409 Conflict: Vault is being purged`: an ARM error answer as a purge outcome's detail. */
function armDetail(res: RestResponse): string {
  const body = res.body as { error?: { code?: string; message?: string } } | undefined;
  return `${res.status} ${body?.error?.code ?? "Error"}: ${body?.error?.message ?? ""}`.trim();
}

interface DeletedVaultBody {
  readonly name: string;
  readonly properties?: {
    readonly location?: string;
    readonly vaultId?: string;
    readonly purgeProtectionEnabled?: boolean;
    readonly scheduledPurgeDate?: string;
  };
}

export class ArmSoftDeletePurger implements SoftDeletePurger {
  private readonly arm: RestClient;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;
  private readonly pollIntervalMs: number;
  private readonly pollTimeoutMs: number;

  constructor(opts: ArmPurgerOptions = {}) {
    this.arm = armClient(opts);
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.clock = opts.clock ?? Date.now;
    this.pollIntervalMs = opts.pollIntervalMs ?? 5000;
    this.pollTimeoutMs = opts.pollTimeoutMs ?? 10 * 60_000;
  }

  /** One call whose every answer is returned (the retries of 429 and 5xx are the client's). */
  private request(method: "GET" | "POST" | "DELETE", url: string): Promise<RestResponse> {
    return this.arm.send(method, url, { accept: "any" });
  }

  private retryAfter(res: RestResponse): number {
    const seconds = Number(res.header("retry-after"));
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : this.pollIntervalMs;
  }

  /** One poll of `Azure-AsyncOperation`: the outcome once the operation has ended. */
  private asyncOutcome(res: RestResponse, what: string): PurgeOutcome | undefined {
    if (res.status >= 400) return { status: "failed", detail: armDetail(res) };
    const body = (res.body ?? {}) as {
      status?: string;
      error?: { code?: string; message?: string };
    };
    const state = (body.status ?? "").toLowerCase();
    if (state === "succeeded") return { status: "purged" };
    if (state === "failed" || state === "canceled") {
      return {
        status: "failed",
        detail: `${what} ${state}: ${body.error?.code ?? ""} ${body.error?.message ?? ""}`.trim(),
      };
    }
    return undefined;
  }

  /** One poll of `Location`: 202 while running, then the final answer. */
  private locationOutcome(res: RestResponse): PurgeOutcome | undefined {
    if (res.status === 202) return undefined;
    if (res.status >= 200 && res.status < 300) return { status: "purged" };
    return { status: "failed", detail: armDetail(res) };
  }

  /** Follows a 202 until the operation ends. */
  private async waitFor(accepted: RestResponse, what: string): Promise<PurgeOutcome> {
    const asyncUrl = accepted.header("azure-asyncoperation");
    const locationUrl = accepted.header("location");
    if (!asyncUrl && !locationUrl) return { status: "purged", detail: "accepted by Azure" };
    const started = this.clock();
    let wait = this.retryAfter(accepted);
    for (;;) {
      if (this.clock() - started > this.pollTimeoutMs) {
        return {
          status: "failed",
          detail: `${what} still running after ${Math.round(this.pollTimeoutMs / 60000)} min; check the Azure portal`,
        };
      }
      await this.sleep(wait);
      const res = await this.request("GET", (asyncUrl ?? locationUrl)!);
      wait = this.retryAfter(res);
      const outcome = asyncUrl ? this.asyncOutcome(res, what) : this.locationOutcome(res);
      if (outcome) return outcome;
    }
  }

  async purgeWorkspace(ws: WorkspaceRef): Promise<PurgeOutcome> {
    const res = await this.request(
      "DELETE",
      `${ws.id}?api-version=${ML_API_VERSION}&forceToPurge=true`,
    );
    if (res.status === 200 || res.status === 204) return { status: "purged" };
    if (res.status === 202) return this.waitFor(res, `purge of workspace ${ws.name}`);
    const code = (res.body as { error?: { code?: string } } | undefined)?.error?.code;
    if (res.status === 404 && code === "ResourceGroupNotFound") {
      return {
        status: "failed",
        detail: `resource group ${ws.resourceGroup} no longer exists, and Azure ML purges a soft-deleted workspace only through it: purge it in the portal (Azure Machine Learning > Recently deleted) or wait for the 14-day retention`,
      };
    }
    if (res.status === 404) return { status: "absent" };
    return { status: "failed", detail: armDetail(res) };
  }

  async listDeletedVaults(subscriptionId: string): Promise<DeletedVault[]> {
    const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.KeyVault/deletedVaults?api-version=${KEYVAULT_API_VERSION}`;
    const deleted = await this.arm.list<DeletedVaultBody>(path);
    return deleted.map((v) => ({
      name: v.name,
      location: v.properties?.location ?? "",
      vaultId: v.properties?.vaultId,
      purgeProtectionEnabled: v.properties?.purgeProtectionEnabled,
      scheduledPurgeDate: v.properties?.scheduledPurgeDate,
    }));
  }

  async purgeVault(subscriptionId: string, vault: DeletedVault): Promise<PurgeOutcome> {
    const res = await this.request(
      "POST",
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.KeyVault/locations/${encodeURIComponent(vault.location)}/deletedVaults/${encodeURIComponent(vault.name)}/purge?api-version=${KEYVAULT_API_VERSION}`,
    );
    if (res.status === 200 || res.status === 204) return { status: "purged" };
    if (res.status === 202) return this.waitFor(res, `purge of key vault ${vault.name}`);
    if (res.status === 404) return { status: "absent" };
    return { status: "failed", detail: armDetail(res) };
  }
}
