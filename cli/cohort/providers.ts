import { execFile } from "child_process";
import * as path from "path";
import {
  isResourceProviderReport,
  type ProviderNeed,
  type ResourceProviderReport,
} from "../../plan/resourceProviders";
import { subscriptionId } from "../http/arm";
import {
  ArmResourceProviderApi,
  checkProviders,
  formatProviderCheck,
  registerProviders,
  type ProviderCheckResult,
  type ResourceProviderApi,
} from "../preflight/resourceProviders";
import type { LineWriter } from "./types";

/**
 * The resource-provider check `preview` and `up` run before touching any stack: a fresh
 * subscription lacks most registrations and the first create fails with 409
 * MissingSubscriptionRegistration (plan/resourceProviders.ts). Behind ProviderGate so that the
 * cohort tests use a fake; the real one plans each stack offline and asks ARM (cli/preflight/resourceProviders.ts).
 */

export interface ProviderGate {
  /** Checks the providers the stacks need and, with `register`, registers the missing ones. */
  check(
    stacks: readonly string[],
    opts: { readonly register: boolean; readonly progress: LineWriter },
  ): Promise<ProviderCheckResult>;
}

/** The flags of `preview` and `up` that steer the check. */
export const PROVIDER_FLAGS = {
  register: "register-providers",
  skip: "skip-provider-check",
} as const;

/**
 * Runs the gate for `preview` or `up`. Returns 2 when the command must stop (a required provider
 * is not registered, or the check could not run), undefined to go on.
 */
export async function gateOnProviders(
  gate: ProviderGate | undefined,
  stacks: readonly string[],
  flags: ReadonlySet<string>,
  out: LineWriter,
  err: LineWriter,
): Promise<number | undefined> {
  if (!gate) return undefined;
  if (flags.has(PROVIDER_FLAGS.skip)) {
    out(
      `Resource providers: not checked (--${PROVIDER_FLAGS.skip}); an unregistered one fails the first create with MissingSubscriptionRegistration.`,
    );
    return undefined;
  }
  const register = flags.has(PROVIDER_FLAGS.register);
  let result: ProviderCheckResult;
  try {
    result = await gate.check(stacks, { register, progress: out });
  } catch (e) {
    err(
      `error: cannot check the subscription's resource provider registrations: ${(e as Error).message}\n` +
        `Check 'az login' (or AZURE_ACCESS_TOKEN and AZURE_SUBSCRIPTION_ID) and the network, or run ` +
        `again with --${PROVIDER_FLAGS.skip} to go on without the check. Nothing was deployed.`,
    );
    return 2;
  }
  if (result.missing.length > 0) {
    err(formatProviderCheck(result, register));
    err(
      register
        ? `error: ${result.missing.join(", ")} could not be registered (see above). Nothing was deployed.`
        : `error: subscription ${result.subscriptionId} is not registered with ${result.missing.join(", ")}: ` +
            `the first create would fail with MissingSubscriptionRegistration. Nothing was deployed.\n` +
            `Register them with 'npm run preflight -- --stack ${stacks[0]} --register', or run this ` +
            `again with --${PROVIDER_FLAGS.register} (both need '<namespace>/register/action': Contributor or Owner).`,
    );
    return 2;
  }
  const warn = result.missingRecommended;
  out(
    `Resource providers: the ${result.providers.length - warn.length} required by these stacks are registered in subscription ${result.subscriptionId}` +
      (warn.length > 0 ? `; recommended but not registered: ${warn.join(", ")}` : "") +
      ".",
  );
  return undefined;
}

/** The union of several plans' reports: a namespace is required when any plan requires it. */
export function mergeReports(reports: readonly ResourceProviderReport[]): ResourceProviderReport {
  const by = new Map<string, ProviderNeed>();
  for (const n of reports.flatMap((r) => r.namespaces)) {
    const had = by.get(n.namespace);
    by.set(n.namespace, {
      namespace: n.namespace,
      level: had?.level === "required" || n.level === "required" ? "required" : "recommended",
      reasons: [...(had?.reasons ?? []), ...n.reasons],
    });
  }
  return {
    namespaces: [...by.values()].sort((a, b) => a.namespace.localeCompare(b.namespace)),
    unknownTypes: [...new Set(reports.flatMap((r) => r.unknownTypes))].sort(),
  };
}

/** Plans a stack offline and returns its `resourceProviders` (the built `plan.js --json`). */
export type StackPlanner = (stack: string) => Promise<ResourceProviderReport>;

/** Runs `node bin/scripts/plan.js --stack S --json` in the repository (exit 1 = violations, fine). */
export function offlinePlanner(repoRoot: string): StackPlanner {
  return (stack) =>
    new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(repoRoot, "bin", "scripts", "plan.js"), "--stack", stack, "--json"],
        { cwd: repoRoot, maxBuffer: 1024 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = (error as { code?: unknown } | null)?.code;
          if (error && code !== 1) {
            reject(
              new Error(`offline plan of ${stack} failed: ${(stderr || error.message).trim()}`),
            );
            return;
          }
          const doc = JSON.parse(stdout) as { resourceProviders?: unknown };
          if (!isResourceProviderReport(doc.resourceProviders)) {
            reject(new Error(`offline plan of ${stack} has no resourceProviders key`));
            return;
          }
          resolve(doc.resourceProviders);
        },
      );
    });
}

/** The real gate: offline plans of the stacks, then ARM's Providers API. */
export class ArmProviderGate implements ProviderGate {
  constructor(
    private readonly planner: StackPlanner,
    private readonly env: NodeJS.ProcessEnv,
    private readonly api: ResourceProviderApi = new ArmResourceProviderApi({ env }),
  ) {}

  async check(
    stacks: readonly string[],
    opts: { readonly register: boolean; readonly progress: LineWriter },
  ): Promise<ProviderCheckResult> {
    const reports: ResourceProviderReport[] = [];
    for (const s of stacks) reports.push(await this.planner(s));
    const sub = await subscriptionId(undefined, this.env);
    const found = await checkProviders(mergeReports(reports), this.api, sub);
    return opts.register && found.providers.some((p) => !p.registered)
      ? registerProviders(found, this.api, { progress: opts.progress })
      : found;
  }
}
