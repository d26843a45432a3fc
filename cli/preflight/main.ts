import type { QuotaReport } from "../../plan/quota";
import { isResourceProviderReport } from "../../plan/resourceProviders";
import type { PlanDocument } from "../../plan/types";
import { armTokenProvider, subscriptionId } from "../http/arm";
import type { RunCommand } from "../http/azToken";
import { PreflightArgs, parsePreflightArgs } from "./args";
import { ArmAzureMlUsageApi, type AzureMlUsageApi } from "./armApi";
import { formatPreflight, preflight } from "./check";
import {
  ArmResourceProviderApi,
  checkProviders,
  formatProviderCheck,
  registerProviders,
  type ProviderCheckResult,
  type RegisterOptions,
  type ResourceProviderApi,
} from "./resourceProviders";
import type { PreflightResult } from "./types";

/** Whether a value has the QuotaReport shape (the plan document's `quota` key). */
export function isQuotaReport(v: unknown): v is QuotaReport {
  const q = v as QuotaReport;
  return (
    typeof v === "object" &&
    v !== null &&
    Array.isArray(q.regions) &&
    Array.isArray(q.unknownVmSizes)
  );
}

export interface PreflightDeps {
  readonly runPlan: (opts: { stack: string; configFile?: string }) => Promise<PlanDocument>;
  readonly api?: AzureMlUsageApi;
  /** Resource provider registration (ARM's Providers API when not given). */
  readonly providers?: ResourceProviderApi;
  /** Polling of `--register` (sleep, clock, bounds). */
  readonly registerOptions?: RegisterOptions;
  readonly env?: NodeJS.ProcessEnv;
  /** Runs the Azure CLI (token, subscription); the real one when not given. */
  readonly exec?: RunCommand;
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
}

interface AzureAnswers {
  readonly result: PreflightResult;
  readonly providers?: ProviderCheckResult;
}

/**
 * The resource providers the plan needs (registered with --register), then the quota. Throws
 * with `providers` set on the error when the providers were read and the quota was not.
 */
async function askAzure(
  args: PreflightArgs,
  doc: PlanDocument & { quota: QuotaReport },
  deps: PreflightDeps,
  progress: { out: (t: string) => void; err: (t: string) => void },
): Promise<AzureAnswers> {
  const env = deps.env ?? process.env;
  const getToken = armTokenProvider(env, deps.exec);
  let providers: ProviderCheckResult | undefined;
  try {
    const sub = await subscriptionId(args.subscription, env, deps.exec);
    if (isResourceProviderReport(doc.resourceProviders)) {
      const api = deps.providers ?? new ArmResourceProviderApi({ getToken });
      providers = await checkProviders(doc.resourceProviders, api, sub);
      if (args.register) {
        providers = await registerProviders(providers, api, {
          progress: progress.err,
          ...deps.registerOptions,
        });
      }
      if (!args.json) progress.out(formatProviderCheck(providers, args.register));
    }
    const result = await preflight(doc.quota, deps.api ?? new ArmAzureMlUsageApi({ getToken }), {
      subscriptionId: sub,
      alternativeRegions: args.regions,
    });
    return { result, providers };
  } catch (e) {
    throw Object.assign(e as Error, { providers });
  }
}

/** What to say when Azure could not be read. */
function unreachable(e: Error & { providers?: ProviderCheckResult }): string {
  const providers = e.providers;
  return (
    `cannot read ${providers ? "quota" : "resource providers or quota"} from Azure Resource Manager: ${e.message}\n` +
    (providers?.missing.includes("Microsoft.MachineLearningServices")
      ? `Microsoft.MachineLearningServices is not registered, and Azure ML's quota API needs it: ` +
        `run 'npm run preflight -- --register' first.`
      : `preflight needs network access to management.azure.com and credentials ` +
        `(az login, or AZURE_ACCESS_TOKEN and AZURE_SUBSCRIPTION_ID). ` +
        (providers ? "Quota was not checked." : "Nothing was checked."))
  );
}

/**
 * `npm run preflight`: first the resource providers the plan needs (registered with `--register`),
 * then the quota. Exit 0 when everything fits and every required provider is registered, 1 when
 * something does not fit or a required provider is not registered, 2 for bad arguments, a plan
 * without quota, or Azure out of reach.
 */
export async function preflightMain(argv: readonly string[], deps: PreflightDeps): Promise<number> {
  const out = deps.out ?? ((t: string) => process.stdout.write(t + "\n"));
  const err = deps.err ?? ((t: string) => process.stderr.write(t + "\n"));
  let args: PreflightArgs;
  try {
    args = parsePreflightArgs(argv);
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
  let doc: PlanDocument;
  try {
    doc = await deps.runPlan({ stack: args.stack, configFile: args.configFile });
  } catch (e) {
    err(`the plan of stack '${args.stack}' failed: ${(e as Error).message}`);
    return 2;
  }
  const quota = doc.quota;
  if (!isQuotaReport(quota)) {
    err(
      `the plan of stack '${args.stack}' has no "quota" key: the plan engine does not compute it yet`,
    );
    return 2;
  }
  let answers: AzureAnswers;
  try {
    answers = await askAzure(args, { ...doc, quota }, deps, { out, err });
  } catch (e) {
    err(unreachable(e as Error));
    return 2;
  }
  const { result, providers } = answers;
  out(
    args.json
      ? JSON.stringify(providers ? { ...result, resourceProviders: providers } : result, null, 2)
      : formatPreflight(result),
  );
  return result.fits && (providers?.missing.length ?? 0) === 0 ? 0 : 1;
}
