import type { HttpClient } from "@azure/core-rest-pipeline";
import { azCliToken, runAz, RunCommand } from "./azToken";
import { RestClient } from "./client";

/**
 * Azure Resource Manager on the one HTTP client (client.ts): the endpoint, the service name its
 * errors carry, and a token from AZURE_ACCESS_TOKEN or the Azure CLI login
 * (`az account get-access-token --resource https://management.azure.com/`).
 */

export const ARM_ENDPOINT = "https://management.azure.com";
export const ARM_SERVICE = "Azure Resource Manager";

type Env = Readonly<Record<string, string | undefined>>;

export interface ArmClientOptions {
  /** Where AZURE_ACCESS_TOKEN is read. Default process.env. */
  readonly env?: Env;
  /** A bearer token for ARM. Default AZURE_ACCESS_TOKEN, else the Azure CLI (cached 5 minutes). */
  readonly getToken?: () => Promise<string>;
  /** The transport (tests pass recorded responses). */
  readonly httpClient?: HttpClient;
  /** Default https://management.azure.com */
  readonly endpoint?: string;
  /** First backoff delay of a retry (default 1000 ms; tests pass 1). */
  readonly retryDelayInMs?: number;
  readonly maxRetryDelayInMs?: number;
}

/** A token provider for ARM: AZURE_ACCESS_TOKEN, else `az account get-access-token`. */
export function armTokenProvider(env: Env = process.env, run?: RunCommand): () => Promise<string> {
  return azCliToken({ resource: `${ARM_ENDPOINT}/` }, { envToken: env.AZURE_ACCESS_TOKEN, run });
}

/** One ARM token now (see armTokenProvider). */
export function armToken(env: Env, run?: RunCommand): Promise<string> {
  return armTokenProvider(env, run)();
}

/** The subscription: the flag, else AZURE_SUBSCRIPTION_ID, else `az account show`. */
export async function subscriptionId(
  flag: string | undefined,
  env: Env,
  run: RunCommand = runAz,
): Promise<string> {
  if (flag) return flag;
  if (env.AZURE_SUBSCRIPTION_ID) return env.AZURE_SUBSCRIPTION_ID;
  return (await run("az", ["account", "show", "--query", "id", "-o", "tsv"])).trim();
}

/** A RestClient for ARM. */
export function armClient(opts: ArmClientOptions = {}): RestClient {
  return new RestClient({
    baseUrl: opts.endpoint ?? ARM_ENDPOINT,
    service: ARM_SERVICE,
    getToken: opts.getToken ?? armTokenProvider(opts.env ?? process.env),
    httpClient: opts.httpClient,
    retryDelayInMs: opts.retryDelayInMs,
    maxRetryDelayInMs: opts.maxRetryDelayInMs,
  });
}
