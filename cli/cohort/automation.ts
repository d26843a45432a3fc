import { ConfigMap, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import {
  DestroyOptions,
  EventSink,
  OpSummary,
  StackConfig,
  StackDriver,
  StackListing,
  StackStatus,
  StateResource,
  UpOptions,
} from "./types";

/**
 * StackDriver on the Pulumi Automation API: a LocalWorkspace over this repository's Pulumi project
 * (its Pulumi.yaml at the repository root), driving the `pulumi` CLI found on PATH. Not unit
 * tested: it only translates calls (the orchestration is tested with fakes).
 */

export interface AutomationDriverOptions {
  /** The Pulumi project folder (the repository root). */
  readonly workDir: string;
  /** PULUMI_BACKEND_URL and friends, passed to every CLI call. */
  readonly envVars: Record<string, string>;
  /** `passphrase` for self-managed backends; undefined lets Pulumi choose. */
  readonly secretsProvider?: string;
  /** Policy pack folders run on every preview and up (`--policy-pack`). */
  readonly policyPacks?: readonly string[];
  /** Their configuration files (`--policy-pack-config`), one per pack when given. */
  readonly policyPackConfigs?: readonly string[];
}

const isInternal = (type: string) =>
  type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");

export class AutomationStackDriver implements StackDriver {
  constructor(private readonly opts: AutomationDriverOptions) {}

  private select(stackName: string): Promise<Stack> {
    return LocalWorkspace.selectStack(
      { stackName, workDir: this.opts.workDir },
      { envVars: this.opts.envVars },
    );
  }

  async listStacks(): Promise<StackListing[]> {
    const ws = await LocalWorkspace.create({
      workDir: this.opts.workDir,
      envVars: this.opts.envVars,
    });
    const stacks = await ws.listStacks();
    return stacks.map((s) => ({
      name: s.name,
      resourceCount: s.resourceCount,
      lastUpdate: s.lastUpdate,
      updateInProgress: s.updateInProgress,
    }));
  }

  async init(
    stackName: string,
    config: StackConfig,
    tags: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName, workDir: this.opts.workDir },
      { envVars: this.opts.envVars, secretsProvider: this.opts.secretsProvider },
    );
    const plain: ConfigMap = {};
    const lists: Array<[string, readonly string[]]> = [];
    for (const [key, value] of Object.entries(config)) {
      if (typeof value === "string") plain[key] = { value };
      else lists.push([key, value as readonly string[]]);
    }
    // Plain values without path parsing, so "123" or "true" stay strings.
    await stack.setAllConfig(plain);
    for (const [key, items] of lists) {
      // Start from an empty list: a re-run must not keep entries of an earlier, longer list.
      await stack.removeConfig(key).catch(() => undefined);
      const entries: ConfigMap = {};
      items.forEach((item, i) => (entries[`${key}[${i}]`] = { value: item }));
      await stack.setAllConfig(entries, true);
    }
    // `pulumi stack tag set`: in a file or blob backend, a `<stack>.pulumi-tags` file beside the
    // stack's state (github.com/pulumi/pulumi pkg/backend/diy/stack_tags.go).
    for (const [key, value] of Object.entries(tags)) await stack.setTag(key, value);
  }

  async tags(stackName: string): Promise<Readonly<Record<string, string>>> {
    const stack = await this.select(stackName);
    return await stack.listTags();
  }

  /** The guardrails, as `pulumi preview/up --policy-pack DIR [--policy-pack-config FILE]` runs them. */
  private policyOptions() {
    return {
      ...(this.opts.policyPacks?.length ? { policyPacks: [...this.opts.policyPacks] } : {}),
      ...(this.opts.policyPackConfigs?.length
        ? { policyPackConfigs: [...this.opts.policyPackConfigs] }
        : {}),
    };
  }

  async preview(stackName: string, onEvent: EventSink): Promise<OpSummary> {
    const stack = await this.select(stackName);
    const result = await stack.preview({ onEvent, ...this.policyOptions() });
    return { changes: result.changeSummary };
  }

  async up(stackName: string, onEvent: EventSink, opts?: UpOptions): Promise<OpSummary> {
    const stack = await this.select(stackName);
    const result = await stack.up({
      onEvent,
      ...this.policyOptions(),
      ...(opts?.replace ? { replace: [...opts.replace] } : {}),
      ...(opts?.target ? { target: [...opts.target] } : {}),
      ...(opts?.targetDependents ? { targetDependents: true } : {}),
    });
    return { changes: result.summary.resourceChanges ?? {} };
  }

  async destroy(stackName: string, onEvent: EventSink, opts?: DestroyOptions): Promise<OpSummary> {
    const stack = await this.select(stackName);
    const result = await stack.destroy({
      onEvent,
      ...(opts?.target ? { target: [...opts.target] } : {}),
      ...(opts?.targetDependents ? { targetDependents: true } : {}),
    });
    return { changes: result.summary.resourceChanges ?? {} };
  }

  async outputs(stackName: string): Promise<Record<string, unknown>> {
    const stack = await this.select(stackName);
    const outputs = await stack.outputs();
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
  }

  async resources(stackName: string): Promise<StateResource[]> {
    const stack = await this.select(stackName);
    const exported = await stack.exportStack();
    const resources: unknown[] = exported.deployment?.resources ?? [];
    return resources.map((r) => {
      const res = r as Record<string, unknown>;
      return {
        urn: String(res.urn),
        type: String(res.type),
        id: typeof res.id === "string" ? res.id : undefined,
        custom: res.custom === true,
        inputs: (res.inputs as Record<string, unknown>) ?? {},
        outputs: (res.outputs as Record<string, unknown>) ?? {},
      };
    });
  }

  async summary(stackName: string): Promise<StackStatus> {
    const stack = await this.select(stackName);
    const [info, resources] = await Promise.all([stack.info(), this.resources(stackName)]);
    return {
      lastUpdate: info
        ? {
            kind: info.kind,
            result: info.result,
            startTime: info.startTime ? new Date(info.startTime).toISOString() : undefined,
            endTime: info.endTime ? new Date(info.endTime).toISOString() : undefined,
          }
        : undefined,
      resourceCount: resources.filter((r) => !isInternal(r.type)).length,
    };
  }

  async getConfig(stackName: string, key: string): Promise<string | undefined> {
    const stack = await this.select(stackName);
    try {
      return (await stack.getConfig(key)).value;
    } catch {
      return undefined;
    }
  }
}
