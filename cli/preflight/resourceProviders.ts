/**
 * Resource provider registration: reads whether the subscription is registered with each namespace
 * the plan needs (plan/resourceProviders.ts) and, when asked, registers the missing ones. ARM sits
 * behind the small ResourceProviderApi interface; tests use recorded responses.
 *
 * ARM calls (Microsoft.Resources, api-version 2022-09-01; REST spec
 * `specification/resources/resource-manager/Microsoft.Resources/stable/2022-09-01/resources.json`,
 * operations `Providers_Get` and `Providers_Register`, example `examples/GetProvider.json`):
 *   GET  /subscriptions/{s}/providers/{namespace}           -> Provider
 *   POST /subscriptions/{s}/providers/{namespace}/register  -> Provider
 * `registrationState` is one of NotRegistered, Registering, Registered, Unregistering,
 * Unregistered. Registration is asynchronous: the POST answers `Registering` and a later GET says
 * `Registered` (learn `azure-resource-manager/management/resource-providers-and-types`). It needs
 * the `Microsoft.<Namespace>/register/action` permission at subscription scope, which Contributor
 * and Owner include; without it ARM answers 403 `AuthorizationFailed`.
 */
import type { ProviderLevel, ResourceProviderReport } from "../../plan/resourceProviders";
import { armClient, ArmClientOptions } from "../http/arm";
import { HttpError, RestClient } from "../http/client";

export const RESOURCES_API_VERSION = "2022-09-01";

/** The part of ARM's `Provider` this project reads. */
export interface ArmProvider {
  readonly id?: string;
  readonly namespace: string;
  readonly registrationState?: string;
  readonly registrationPolicy?: string;
}

/** What provider registration needs from ARM. Errors are HttpError (cli/http/client.ts). */
export interface ResourceProviderApi {
  getProvider(subscriptionId: string, namespace: string): Promise<ArmProvider>;
  registerProvider(subscriptionId: string, namespace: string): Promise<ArmProvider>;
}

/** ResourceProviderApi over ARM on the one HTTP client (token, retries, errors naming the call). */
export class ArmResourceProviderApi implements ResourceProviderApi {
  private readonly arm: RestClient;

  constructor(opts: ArmClientOptions = {}) {
    this.arm = armClient(opts);
  }

  getProvider(s: string, ns: string): Promise<ArmProvider> {
    return this.arm.get<ArmProvider>(this.path(s, ns, ""));
  }

  async registerProvider(s: string, ns: string): Promise<ArmProvider> {
    return (await this.arm.send<ArmProvider>("POST", this.path(s, ns, "/register"))).body;
  }

  private path(s: string, ns: string, action: string): string {
    return (
      `/subscriptions/${encodeURIComponent(s)}/providers/` +
      `${encodeURIComponent(ns)}${action}?api-version=${RESOURCES_API_VERSION}`
    );
  }
}

// --- checking and registering ---------------------------------------------------------------------

export interface ProviderStatus {
  readonly namespace: string;
  readonly level: ProviderLevel;
  /** ARM's registrationState, or `Unknown` when it could not be read. */
  readonly state: string;
  readonly registered: boolean;
  /** Why it could not be read or registered. */
  readonly problem?: string;
}

export interface ProviderCheckResult {
  readonly subscriptionId: string;
  readonly providers: ProviderStatus[];
  /** Required namespaces that are not registered (the first create of theirs would fail). */
  readonly missing: string[];
  /** Recommended namespaces that are not registered. */
  readonly missingRecommended: string[];
}

export interface RegisterOptions {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
  /** Between polls (default 10 s). */
  readonly pollIntervalMs?: number;
  /** Give up waiting after this long (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Give up after this many polls (default 120). */
  readonly maxPolls?: number;
  /** A progress line (`Microsoft.X: Registering (20 s)`). */
  readonly progress?: (line: string) => void;
}

const isRegistered = (state: string | undefined) => state?.toLowerCase() === "registered";

/** Says what to do about a failed call, naming the permission when ARM refused it. */
export function problemOf(namespace: string, e: unknown): string {
  if (e instanceof HttpError && e.status === 403) {
    return (
      `${e.code}: ${e.detail} — registering needs '${namespace}/register/action' on the ` +
      `subscription (Contributor and Owner include it): ask an owner to run ` +
      `'az provider register --namespace ${namespace}'`
    );
  }
  return e instanceof Error ? e.message : String(e);
}

function summarise(subscriptionId: string, providers: ProviderStatus[]): ProviderCheckResult {
  const missing = (level: ProviderLevel) =>
    providers.filter((p) => p.level === level && !p.registered).map((p) => p.namespace);
  return {
    subscriptionId,
    providers,
    missing: missing("required"),
    missingRecommended: missing("recommended"),
  };
}

/**
 * Reads each namespace's registration state. A namespace that cannot be read counts as not
 * registered, with the reason; a failure of every read (no network, no credentials) throws.
 */
export async function checkProviders(
  report: ResourceProviderReport,
  api: ResourceProviderApi,
  subscriptionId: string,
): Promise<ProviderCheckResult> {
  const settled = await Promise.allSettled(
    report.namespaces.map((n) => api.getProvider(subscriptionId, n.namespace)),
  );
  if (settled.length > 0 && settled.every((s) => s.status === "rejected")) {
    throw (settled[0] as PromiseRejectedResult).reason;
  }
  const providers = report.namespaces.map((n, i): ProviderStatus => {
    const s = settled[i];
    if (s.status === "rejected") {
      return {
        namespace: n.namespace,
        level: n.level,
        state: "Unknown",
        registered: false,
        problem: problemOf(n.namespace, s.reason),
      };
    }
    const state = s.value.registrationState ?? "Unknown";
    return { namespace: n.namespace, level: n.level, state, registered: isRegistered(state) };
  });
  return summarise(subscriptionId, providers);
}

/**
 * Registers every namespace of `check` that is not registered (required and recommended): one
 * POST each, then GETs every `pollIntervalMs` until each says Registered, bounded by `timeoutMs`
 * and `maxPolls`. What could not be registered keeps its state and the reason.
 */
export async function registerProviders(
  check: ProviderCheckResult,
  api: ResourceProviderApi,
  opts: RegisterOptions = {},
): Promise<ProviderCheckResult> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const clock = opts.clock ?? Date.now;
  const interval = opts.pollIntervalMs ?? 10_000;
  const timeout = opts.timeoutMs ?? 10 * 60_000;
  const maxPolls = opts.maxPolls ?? 120;
  const progress = opts.progress ?? (() => undefined);
  const sub = check.subscriptionId;
  const status = new Map(check.providers.map((p) => [p.namespace, p]));
  const set = (ns: string, change: Partial<ProviderStatus>) =>
    status.set(ns, { ...(status.get(ns) as ProviderStatus), ...change });

  const pending = new Set<string>();
  for (const p of check.providers.filter((x) => !x.registered)) {
    try {
      const answer = await api.registerProvider(sub, p.namespace);
      const state = answer.registrationState ?? "Registering";
      set(p.namespace, { state, registered: isRegistered(state), problem: undefined });
      progress(`${p.namespace}: registration requested (${state})`);
      if (!isRegistered(state)) pending.add(p.namespace);
    } catch (e) {
      set(p.namespace, { problem: problemOf(p.namespace, e) });
      progress(`${p.namespace}: NOT registered: ${problemOf(p.namespace, e)}`);
    }
  }
  const started = clock();
  for (let poll = 1; pending.size > 0; poll++) {
    const waited = Math.round((clock() - started) / 1000);
    if (poll > maxPolls || clock() - started >= timeout) {
      for (const ns of pending) {
        const why = `still ${status.get(ns)?.state} after ${waited} s (${poll - 1} checks): registration continues in Azure; run preflight again in a few minutes`;
        set(ns, { problem: why });
        progress(`${ns}: ${why}`);
      }
      break;
    }
    await sleep(interval);
    for (const ns of [...pending]) {
      try {
        const state = (await api.getProvider(sub, ns)).registrationState ?? "Unknown";
        set(ns, { state, registered: isRegistered(state) });
        const at = Math.round((clock() - started) / 1000);
        progress(`${ns}: ${state} (${at} s)`);
        if (isRegistered(state)) pending.delete(ns);
      } catch (e) {
        // A failed poll is retried at the next interval (ARM throttles with 429 too).
        progress(`${ns}: could not read its state (${problemOf(ns, e)}); trying again`);
      }
    }
  }
  return summarise(
    sub,
    check.providers.map((p) => status.get(p.namespace) as ProviderStatus),
  );
}

/** The check as text lines (no trailing newline). */
export function formatProviderCheck(result: ProviderCheckResult, register: boolean): string {
  const lines = [`Resource providers, subscription ${result.subscriptionId}`];
  const width = Math.max(0, ...result.providers.map((p) => p.namespace.length));
  for (const p of result.providers) {
    const mark = p.registered ? "ok  " : p.level === "required" ? "FAIL" : "warn";
    const level = p.level === "recommended" ? " (recommended)" : "";
    lines.push(
      `  ${mark} ${p.namespace.padEnd(width)}  ${p.state}${level}${p.problem ? `: ${p.problem}` : ""}`,
    );
  }
  const all = [...result.missing, ...result.missingRecommended];
  if (all.length > 0 && !register) {
    lines.push(
      `  not registered: ${all.join(", ")}. The first create of theirs would fail with ` +
        `MissingSubscriptionRegistration. Register them: npm run preflight -- --register ` +
        `(needs '<namespace>/register/action': Contributor or Owner), or ` +
        `'az provider register --namespace <namespace>' for each.`,
    );
  }
  return lines.join("\n");
}
