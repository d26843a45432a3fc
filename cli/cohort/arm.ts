import { execFile } from "child_process";
import { DeletedVault, PurgeOutcome, SoftDeletePurger, WorkspaceRef } from "./types";

/**
 * SoftDeletePurger on Azure Resource Manager's REST API:
 * - workspace: `DELETE {workspace id}?api-version=2024-04-01&forceToPurge=true` (Azure ML REST
 *   "Workspaces - Delete"; purges a soft-deleted workspace as long as its resource group exists);
 * - key vaults: `GET /subscriptions/{s}/providers/Microsoft.KeyVault/deletedVaults?api-version=2023-07-01`
 *   ("Vaults - List Deleted") and
 *   `POST /subscriptions/{s}/providers/Microsoft.KeyVault/locations/{l}/deletedVaults/{name}/purge?api-version=2023-07-01`
 *   ("Vaults - Purge Deleted").
 * Long-running answers (202) are followed through `Azure-AsyncOperation` or `Location`.
 * The token comes from AZURE_ACCESS_TOKEN or `az account get-access-token`.
 */

export const ML_API_VERSION = "2024-04-01";
export const KEYVAULT_API_VERSION = "2023-07-01";

export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type HttpFetch = (
  url: string,
  init: { method: string; headers: Record<string, string> },
) => Promise<HttpResponse>;

export interface ArmPurgerOptions {
  readonly fetch?: HttpFetch;
  readonly getToken?: () => Promise<string>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
  /** Default https://management.azure.com */
  readonly endpoint?: string;
  /** Between polls of a long-running operation when Azure gives no Retry-After (default 5 s). */
  readonly pollIntervalMs?: number;
  /** Give up waiting for a purge after this long (default 10 minutes). */
  readonly pollTimeoutMs?: number;
}

/** An ARM error answer: `{"error": {"code", "message"}}`. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

async function armError(res: HttpResponse): Promise<ArmError> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return new ArmError(res.status, body.error?.code ?? "Error", body.error?.message ?? text);
  } catch {
    return new ArmError(res.status, "Error", text.slice(0, 300));
  }
}

/** An access token for ARM from the Azure CLI (cached for five minutes). */
export function azCliTokenProvider(
  env: Readonly<Record<string, string | undefined>> = process.env,
  clock: () => number = Date.now,
): () => Promise<string> {
  let cached: { token: string; at: number } | undefined;
  return async () => {
    if (env.AZURE_ACCESS_TOKEN) return env.AZURE_ACCESS_TOKEN;
    if (cached && clock() - cached.at < 5 * 60_000) return cached.token;
    const token = await new Promise<string>((resolve, reject) => {
      execFile(
        "az",
        [
          "account",
          "get-access-token",
          "--resource",
          "https://management.azure.com/",
          "--query",
          "accessToken",
          "-o",
          "tsv",
        ],
        { shell: process.platform === "win32" },
        (error, stdout, stderr) => {
          if (error) {
            reject(
              new Error(
                `no Azure token: 'az account get-access-token' failed (${(stderr || error.message).trim()}); run 'az login' or set AZURE_ACCESS_TOKEN`,
              ),
            );
          } else {
            resolve(stdout.trim());
          }
        },
      );
    });
    cached = { token, at: clock() };
    return token;
  };
}

export class ArmSoftDeletePurger implements SoftDeletePurger {
  private readonly fetch: HttpFetch;
  private readonly getToken: () => Promise<string>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;
  private readonly endpoint: string;
  private readonly pollIntervalMs: number;
  private readonly pollTimeoutMs: number;

  constructor(opts: ArmPurgerOptions = {}) {
    this.fetch = opts.fetch ?? ((url, init) => fetch(url, init));
    this.getToken = opts.getToken ?? azCliTokenProvider();
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.clock = opts.clock ?? Date.now;
    this.endpoint = (opts.endpoint ?? "https://management.azure.com").replace(/\/$/, "");
    this.pollIntervalMs = opts.pollIntervalMs ?? 5000;
    this.pollTimeoutMs = opts.pollTimeoutMs ?? 10 * 60_000;
  }

  /** One request; 429 and 503 are retried (three times) after Retry-After. */
  private async request(method: string, url: string): Promise<HttpResponse> {
    const full =
      url.startsWith("https://") || url.startsWith("http://") ? url : this.endpoint + url;
    for (let attempt = 0; ; attempt++) {
      const res = await this.fetch(full, {
        method,
        headers: { Authorization: `Bearer ${await this.getToken()}`, Accept: "application/json" },
      });
      if ((res.status === 429 || res.status === 503) && attempt < 3) {
        await this.sleep(this.retryAfter(res));
        continue;
      }
      return res;
    }
  }

  private retryAfter(res: HttpResponse): number {
    const seconds = Number(res.headers.get("retry-after"));
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : this.pollIntervalMs;
  }

  /** Follows a 202 until the operation ends. */
  private async waitFor(accepted: HttpResponse, what: string): Promise<PurgeOutcome> {
    const asyncUrl = accepted.headers.get("azure-asyncoperation");
    const locationUrl = accepted.headers.get("location");
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
      if (asyncUrl) {
        if (res.status >= 400) return { status: "failed", detail: (await armError(res)).message };
        const body = JSON.parse((await res.text()) || "{}") as {
          status?: string;
          error?: { code?: string; message?: string };
        };
        const state = (body.status ?? "").toLowerCase();
        if (state === "succeeded") return { status: "purged" };
        if (state === "failed" || state === "canceled") {
          return {
            status: "failed",
            detail:
              `${what} ${state}: ${body.error?.code ?? ""} ${body.error?.message ?? ""}`.trim(),
          };
        }
      } else {
        if (res.status === 202) continue;
        if (res.status >= 200 && res.status < 300) return { status: "purged" };
        return { status: "failed", detail: (await armError(res)).message };
      }
    }
  }

  async purgeWorkspace(ws: WorkspaceRef): Promise<PurgeOutcome> {
    const res = await this.request(
      "DELETE",
      `${ws.id}?api-version=${ML_API_VERSION}&forceToPurge=true`,
    );
    if (res.status === 200 || res.status === 204) return { status: "purged" };
    if (res.status === 202) return this.waitFor(res, `purge of workspace ${ws.name}`);
    const err = await armError(res);
    if (res.status === 404 && err.code === "ResourceGroupNotFound") {
      return {
        status: "failed",
        detail: `resource group ${ws.resourceGroup} no longer exists, and Azure ML purges a soft-deleted workspace only through it: purge it in the portal (Azure Machine Learning > Recently deleted) or wait for the 14-day retention`,
      };
    }
    if (res.status === 404) return { status: "absent" };
    return { status: "failed", detail: err.message };
  }

  async listDeletedVaults(subscriptionId: string): Promise<DeletedVault[]> {
    const vaults: DeletedVault[] = [];
    let url: string | undefined =
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.KeyVault/deletedVaults?api-version=${KEYVAULT_API_VERSION}`;
    while (url) {
      const res = await this.request("GET", url);
      if (res.status !== 200) throw await armError(res);
      const body = JSON.parse(await res.text()) as {
        value?: Array<{
          name: string;
          properties?: {
            location?: string;
            vaultId?: string;
            purgeProtectionEnabled?: boolean;
            scheduledPurgeDate?: string;
          };
        }>;
        nextLink?: string;
      };
      for (const v of body.value ?? []) {
        vaults.push({
          name: v.name,
          location: v.properties?.location ?? "",
          vaultId: v.properties?.vaultId,
          purgeProtectionEnabled: v.properties?.purgeProtectionEnabled,
          scheduledPurgeDate: v.properties?.scheduledPurgeDate,
        });
      }
      url = body.nextLink || undefined;
    }
    return vaults;
  }

  async purgeVault(subscriptionId: string, vault: DeletedVault): Promise<PurgeOutcome> {
    const res = await this.request(
      "POST",
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.KeyVault/locations/${encodeURIComponent(vault.location)}/deletedVaults/${encodeURIComponent(vault.name)}/purge?api-version=${KEYVAULT_API_VERSION}`,
    );
    if (res.status === 200 || res.status === 204) return { status: "purged" };
    if (res.status === 202) return this.waitFor(res, `purge of key vault ${vault.name}`);
    if (res.status === 404) return { status: "absent" };
    return { status: "failed", detail: (await armError(res)).message };
  }
}
