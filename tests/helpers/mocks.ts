/**
 * A small harness for mock-based component tests (shared/CONVENTIONS.md, "Tests").
 *
 * Usage, in a jest test file:
 *
 *   import { setupMocks, one, byType, promiseOf, settle } from "./helpers/mocks";
 *   const mocks = setupMocks();                      // first, before importing code under test
 *   const { Thing } = await import("../components/thing");
 *   new Thing("t", {...});
 *   await settle();                                  // every registration has reached the mock
 *   expect(one("azure-native:storage:Blob", "t-blob").inputs.contentType).toBe("text/csv");
 *
 * `newResource` records `{type, name, inputs, custom}` for every resource (components included,
 * with custom false) and answers with id `${name}-id` and state = inputs plus a `name` (the
 * resource's Azure-name input, else its logical name) and, for resources given an `identity`, that
 * identity with a placeholder `principalId` and `tenantId`. `call` answers
 * `azure-native:authorization:getClientConfig` with CLIENT_CONFIG and throws on any other token,
 * unless the test passes a handler for it.
 */
import * as pulumi from "@pulumi/pulumi";
import { NAME_INPUT } from "../../azure/resourceTypes";

/** One resource registration as the mock saw it. */
export interface Recorded {
  readonly type: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: Record<string, any>;
  /** False for component resources. */
  readonly custom: boolean;
}

/** One invoke as the mock saw it. */
export interface RecordedCall {
  readonly token: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: Record<string, any>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CallHandler = (inputs: Record<string, any>) => Record<string, unknown>;

export interface MockOptions {
  /** Extra invoke handlers by token, e.g. for a data source a test needs. Default: none. */
  readonly calls?: Readonly<Record<string, CallHandler>>;
  /** Run as a preview (pulumi.runtime.isDryRun() true). Default false. */
  readonly preview?: boolean;
}

export interface MockState {
  /** Every registration so far, in order. */
  readonly resources: Recorded[];
  /** Every invoke so far, in order. */
  readonly calls: RecordedCall[];
}

/** What `azure-native:authorization:getClientConfig` returns under the mocks. */
export const CLIENT_CONFIG = {
  clientId: "00000000-0000-0000-0000-0000000000c1",
  objectId: "00000000-0000-0000-0000-0000000000b1",
  subscriptionId: "00000000-0000-0000-0000-0000000000a1",
  tenantId: "00000000-0000-0000-0000-0000000000d1",
} as const;

let current: MockState | undefined;

/**
 * Installs the mocks and starts a fresh record. Call it before importing the code under test.
 * Returns the live record (the same arrays byType and one read).
 */
export function setupMocks(options: MockOptions = {}): MockState {
  const state: MockState = { resources: [], calls: [] };
  current = state;
  void pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const inputs = { ...(args.inputs ?? {}) };
        state.resources.push({ type: args.type, name: args.name, inputs, custom: !!args.custom });
        if (!args.custom) return { id: undefined, state: inputs };
        return { id: `${args.name}-id`, state: mockState(args.type, args.name, inputs) };
      },
      call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        state.calls.push({ token: args.token, inputs: args.inputs ?? {} });
        const handler = options.calls?.[args.token];
        if (handler) return handler(args.inputs ?? {});
        if (args.token === "azure-native:authorization:getClientConfig")
          return { ...CLIENT_CONFIG };
        const message = `unexpected invoke '${args.token}' in a mock test; pass a handler in setupMocks({ calls })`;
        // The runtime rethrows a failed invoke as new Error(err.details): keep the message there.
        throw Object.assign(new Error(message), { details: message });
      },
    },
    "dp100-labs",
    "test",
    options.preview ?? false,
  );
  return state;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mockState(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
  const typeName = type.split(":").pop() ?? "";
  const ownKey = `${typeName.charAt(0).toLowerCase()}${typeName.slice(1)}Name`;
  // The Azure-name input (a compute also has workspaceName and resourceGroupName); other types
  // use `name`, then `<type>Name`, then the logical name (as autonaming would, without a suffix).
  const key = NAME_INPUT[type] ?? ("name" in inputs ? "name" : ownKey);
  const azureName = typeof inputs[key] === "string" ? inputs[key] : name;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const out: Record<string, any> = { ...inputs, name: azureName };
  if (inputs.identity !== undefined) {
    out.identity = {
      ...inputs.identity,
      principalId: `${name}-principal`,
      tenantId: CLIENT_CONFIG.tenantId,
    };
  }
  return out;
}

function record(): MockState {
  if (!current) throw new Error("setupMocks() has not been called in this test file");
  return current;
}

/** Every recorded resource of a type token, e.g. `azure-native:storage:Blob`. */
export function byType(type: string): Recorded[] {
  return record().resources.filter((r) => r.type === type);
}

/** The one recorded resource of a type with a logical name; throws listing what was recorded. */
export function one(type: string, name: string): Recorded {
  const found = byType(type).filter((r) => r.name === name);
  if (found.length !== 1) {
    const names = byType(type).map((r) => r.name);
    throw new Error(
      `expected one ${type} named '${name}', found ${found.length}; recorded: ${names.join(", ") || "none"}`,
    );
  }
  return found[0];
}

/** The value of an Output (unknowns during preview never resolve: do not await them). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/**
 * Waits until every resource registration started so far (and any it starts in turn) has reached
 * the mock, so `resources`, `byType` and `one` see the whole program.
 */
export async function settle(): Promise<void> {
  // The runtime keeps a promise chain of outstanding RPCs; `waitForRPCs` (internal, but what
  // `pulumi.runtime.disconnect` awaits) resolves once it stops growing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as {
    waitForRPCs?: () => Promise<void>;
  };
  if (typeof settings.waitForRPCs !== "function") {
    throw new Error(
      "@pulumi/pulumi no longer exposes runtime/settings.waitForRPCs; update settle()",
    );
  }
  await settings.waitForRPCs();
}
