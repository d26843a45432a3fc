import { createHttpHeaders, HttpClient, PipelineResponse } from "@azure/core-rest-pipeline";
import { ArmSoftDeletePurger } from "../../../cli/cohort/arm";
import { WorkspaceRef } from "../../../cli/cohort/types";
import { SUB } from "./harness";

/** The ARM purger (cli/cohort/arm.ts) on recorded ARM answers, through the one HTTP client. */

type Answer = Omit<PipelineResponse, "request">;

function response(
  status: number,
  body: unknown = "",
  headers: Record<string, string> = {},
): Answer {
  return {
    status,
    headers: createHttpHeaders(headers),
    bodyAsText: typeof body === "string" ? body : JSON.stringify(body),
  };
}

/** A transport answering in order, checking the token on every request. */
function armWith(answers: Answer[]) {
  const requests: string[] = [];
  const httpClient: HttpClient = {
    sendRequest: async (request) => {
      requests.push(`${request.method} ${request.url}`);
      expect(request.headers.get("authorization")).toBe("Bearer tok");
      const next = answers.shift();
      if (!next) throw new Error(`unexpected request ${request.method} ${request.url}`);
      return { ...next, request };
    },
  };
  const purger = new ArmSoftDeletePurger({
    httpClient,
    getToken: async () => "tok",
    sleep: async () => undefined,
    clock: () => 0,
    retryDelayInMs: 1,
  });
  return { purger, requests };
}

describe("ArmSoftDeletePurger", () => {
  const ws: WorkspaceRef = {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw`,
    subscriptionId: SUB,
    resourceGroup: "rg",
    name: "mlw",
  };

  it("purges a workspace with forceToPurge and follows the async operation", async () => {
    const { purger, requests } = armWith([
      response(202, "", {
        "Azure-AsyncOperation": "https://management.azure.com/op/1",
        "Retry-After": "1",
      }),
      response(200, { status: "InProgress" }),
      response(200, { status: "Succeeded" }),
    ]);
    expect(await purger.purgeWorkspace(ws)).toEqual({ status: "purged" });
    expect(requests).toEqual([
      `DELETE https://management.azure.com${ws.id}?api-version=2024-04-01&forceToPurge=true`,
      "GET https://management.azure.com/op/1",
      "GET https://management.azure.com/op/1",
    ]);
  });

  it("explains a purge that is impossible because the resource group is gone", async () => {
    const { purger } = armWith([
      response(404, {
        error: {
          code: "ResourceGroupNotFound",
          message: "Resource group 'rg' could not be found.",
        },
      }),
    ]);
    const r = await purger.purgeWorkspace(ws);
    expect(r.status).toBe("failed");
    expect(r.detail).toMatch(/resource group rg no longer exists.*Recently deleted/);
    const { purger: p2 } = armWith([
      response(404, { error: { code: "ResourceNotFound", message: "x" } }),
    ]);
    expect(await p2.purgeWorkspace(ws)).toEqual({ status: "absent" });
  });

  it("lists deleted vaults across pages and purges one, retrying a throttled call", async () => {
    const { purger, requests } = armWith([
      response(200, {
        value: [
          {
            name: "kv-a",
            properties: { location: "eastus", purgeProtectionEnabled: false, vaultId: "/v/a" },
          },
        ],
        nextLink: "https://management.azure.com/next?page=2",
      }),
      response(200, {
        value: [
          {
            name: "kv-b",
            properties: { location: "westeurope", scheduledPurgeDate: "2025-07-08" },
          },
        ],
      }),
      response(429, "", { "Retry-After": "0" }),
      response(202, "", { Location: "https://management.azure.com/loc/1" }),
      response(202),
      response(200),
    ]);
    const vaults = await purger.listDeletedVaults(SUB);
    expect(vaults).toEqual([
      {
        name: "kv-a",
        location: "eastus",
        vaultId: "/v/a",
        purgeProtectionEnabled: false,
        scheduledPurgeDate: undefined,
      },
      {
        name: "kv-b",
        location: "westeurope",
        vaultId: undefined,
        purgeProtectionEnabled: undefined,
        scheduledPurgeDate: "2025-07-08",
      },
    ]);
    expect(await purger.purgeVault(SUB, vaults[1])).toEqual({ status: "purged" });
    expect(requests).toEqual([
      `GET https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.KeyVault/deletedVaults?api-version=2023-07-01`,
      "GET https://management.azure.com/next?page=2",
      `POST https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv-b/purge?api-version=2023-07-01`,
      `POST https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv-b/purge?api-version=2023-07-01`,
      "GET https://management.azure.com/loc/1",
      "GET https://management.azure.com/loc/1",
    ]);
  });

  it("turns an ARM error into a failed outcome with its code and message", async () => {
    const { purger } = armWith([
      response(409, { error: { code: "Conflict", message: "Vault is being purged" } }),
    ]);
    expect(await purger.purgeVault(SUB, { name: "kv", location: "eastus" })).toEqual({
      status: "failed",
      detail: "409 Conflict: Vault is being purged",
    });
    const { purger: p2 } = armWith([
      response(403, { error: { code: "AuthorizationFailed", message: "denied" } }),
    ]);
    await expect(p2.listDeletedVaults(SUB)).rejects.toThrow("403 AuthorizationFailed: denied");
  });
});
