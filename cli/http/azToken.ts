import { execFile } from "child_process";

/**
 * Access tokens from the trainer's Azure CLI login (`az login`):
 * `az account get-access-token --resource-type ms-graph` for Microsoft Graph, `--resource
 * https://management.azure.com/` for ARM (https://learn.microsoft.com/cli/azure/account#az-account-get-access-token).
 * A token is reused for five minutes (they are valid for an hour or more).
 */

export type AzTarget = { readonly resourceType: "ms-graph" } | { readonly resource: string };

/** Runs a command and returns its stdout (the seam tests replace). */
export type RunCommand = (file: string, args: readonly string[]) => Promise<string>;

/** Runs a command (the Azure CLI) and resolves to its stdout. */
export const runAz: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { shell: process.platform === "win32" }, (error, stdout, stderr) => {
      // The error's code survives (ENOENT: no az on PATH) so the message can say what to install.
      if (error)
        reject(Object.assign(new Error((stderr || error.message).trim()), { code: error.code }));
      else resolve(stdout);
    });
  });

/** The `az` arguments that print only the token. */
export function azTokenArgs(target: AzTarget): string[] {
  const which =
    "resourceType" in target
      ? ["--resource-type", target.resourceType]
      : ["--resource", target.resource];
  return ["account", "get-access-token", ...which, "--query", "accessToken", "-o", "tsv"];
}

/**
 * A token provider over the Azure CLI. `envToken` (e.g. AZURE_ACCESS_TOKEN, GRAPH_ACCESS_TOKEN)
 * wins when set, for CI and tests.
 */
export function azCliToken(
  target: AzTarget,
  opts: { envToken?: string; run?: RunCommand; clock?: () => number } = {},
): () => Promise<string> {
  const run = opts.run ?? runAz;
  const clock = opts.clock ?? Date.now;
  let cached: { token: string; at: number } | undefined;
  return async () => {
    if (opts.envToken) return opts.envToken;
    if (cached && clock() - cached.at < 5 * 60_000) return cached.token;
    let token: string;
    try {
      token = (await run("az", azTokenArgs(target))).trim();
    } catch (e) {
      throw new Error(noTokenMessage(target, e as NodeJS.ErrnoException));
    }
    cached = { token, at: clock() };
    return token;
  };
}

/** Why there is no token: the Azure CLI is not installed (spawn ENOENT), or its call failed. */
export function noTokenMessage(target: AzTarget, e: NodeJS.ErrnoException): string {
  if (e.code === "ENOENT") {
    return "no Azure token: the Azure CLI ('az') is not installed or not on PATH; install it (https://learn.microsoft.com/cli/azure/install-azure-cli), then run 'az login' first";
  }
  return `no Azure token: 'az ${azTokenArgs(target).join(" ")}' failed (${e.message}); run 'az login' first`;
}
