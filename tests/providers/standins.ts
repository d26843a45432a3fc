/**
 * TEST DOUBLES. The stand-in `azure-native` and `random` resource providers of the integration
 * tests (tests/integration). They are NOT Azure and NOT the real providers: nothing here talks to
 * a network. They exist so that the real Pulumi engine can run `preview`, `up`, `destroy` and the
 * Automation API over this project on a machine without Azure. The engine starts them from a
 * temporary PULUMI_HOME only (tests/integration/harness.ts); never put them on a user's PATH.
 *
 * What they do. They are models of Azure and of the azure-native provider, never of this project:
 * nothing here imports the project's own rules (components/, guardrails/, stacks/), which the tests
 * judge with them.
 * - check: what the azure-native provider itself reports before calling Azure (names against the
 *   REST specification's patterns, tests/providers/azure/names.ts). The project's guardrails are
 *   the policy pack's business, not Azure's.
 * - create/update: an id and outputs in the shape Azure returns (plan/mockRuntime.ts fakeResource:
 *   ARM ids, `name`, identity principal ids, ...); random strings of the requested length and
 *   alphabet.
 * - diff: no change when the inputs are equal; a replace when an input that is part of the ARM id
 *   (the name, resource group, parent names, scope), the location, or an ML compute's computeType
 *   changes, or any input of a random resource; an update otherwise. With a detailed diff (the
 *   changed paths), as azure-native sends, so that `replaceOnChanges` on nested paths works.
 * - read returns the state; delete succeeds.
 * - Azure's own behaviour (tests/providers/azure): PUTs Azure refuses fail the create or update,
 *   values Azure rewrites come back rewritten (also on refresh), and inputs Azure cannot change in
 *   place are replaced; each behaviour cites its public source.
 */
import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";
import { NAME_INPUT } from "../../azure/resourceTypes";
import { fakeCall, fakeResource } from "../../plan/mockRuntime";
import { azureCheckFailures, azureRefusal, azureReplaceKeys, azureReturned } from "./azure";

/**
 * Where a stand-in keeps the inputs it was given in the state: the Node.js provider server hands
 * `diff` only the old outputs.
 */
export const INPUTS_KEY = "__inputs";

// The wire form of special values (@pulumi/pulumi runtime/rpc.ts).
const SIG = "4dabf18193072939515e22adb298388d";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Props = Record<string, unknown>;

/** The type and logical name in `urn:pulumi:<stack>::<project>::<parent$...$type>::<name>`. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4) throw new Error(`not a resource URN: '${urn}'`);
  const types = parts[2].split("$");
  return { type: types[types.length - 1], name: parts.slice(3).join("::") };
}

/** The inputs without the values not known yet (the provider judges none of them). */
export function knownValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(knownValues);
  if (v && typeof v === "object" && !(SIG in (v as Props))) {
    return Object.fromEntries(
      Object.entries(v as Props)
        .filter(([, x]) => x !== UNKNOWN)
        .map(([k, x]) => [k, knownValues(x)]),
    );
  }
  return v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => deepEqual(x, b[i]))
    );
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Props)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Props)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Props)[k], (b as Props)[k]));
  }
  return false;
}

/**
 * Inputs whose change replaces the resource. Azure identifies a resource by its ARM id, so every
 * input that is part of the id (the name, the resource group, parent names, the scope) replaces it,
 * as does the location. ARM refuses to change a role assignment's principal or role
 * (RoleAssignmentUpdateNotPermitted).
 */
export function replaceKeys(type: string): Set<string> {
  const keys = new Set([
    "location",
    "resourceGroupName",
    "workspaceName",
    "computeName",
    "accountName",
    "containerName",
    "scope",
    "resourceUri",
  ]);
  const nameKey = NAME_INPUT[type];
  if (nameKey) keys.add(nameKey);
  for (const k of azureReplaceKeys(type)) keys.add(k);
  if (/^azure-native:machinelearningservices:(Data|Code|Component)Version$/.test(type)) {
    keys.add("version");
  }
  if (type === "azure-native:authorization:RoleAssignment") {
    keys.add("principalId");
    keys.add("roleDefinitionId");
  }
  return keys;
}

/** The diff of two input sets, as the provider reports it to the engine. */
export function diffInputs(
  pkg: "azure-native" | "random",
  type: string,
  oldInputs: Props,
  news: Props,
): provider.DiffResult {
  const changed = [...new Set([...Object.keys(oldInputs), ...Object.keys(news)])]
    .filter((k) => !deepEqual(oldInputs[k], news[k]))
    .sort();
  if (changed.length === 0) return { changes: false };
  if (pkg === "random") return { changes: true, replaces: changed };
  const keys = replaceKeys(type);
  const replaces = changed.filter((k) => keys.has(k));
  if (type === "azure-native:machinelearningservices:Compute" && changed.includes("properties")) {
    const kind = (p: unknown) => (p && typeof p === "object" ? (p as Props).computeType : p);
    if (!deepEqual(kind(oldInputs.properties), kind(news.properties))) replaces.push("properties");
  }
  return { changes: true, replaces };
}

/** Pulumi's property path of `key` under `base` (`a.b`, `a[0]`, `a["x-y"]`). */
function pathOf(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}

const isPlainObject = (v: unknown): v is Props =>
  !!v && typeof v === "object" && !Array.isArray(v) && !(SIG in (v as Props));

export interface PathChange {
  readonly path: string;
  readonly kind: "add" | "delete" | "update";
}

/** The changed paths between two input values, down to the leaves. */
export function changedPaths(a: unknown, b: unknown, base = ""): PathChange[] {
  if (deepEqual(a, b)) return [];
  if (isPlainObject(a) && isPlainObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k): PathChange[] => {
      const path = pathOf(base, k);
      if (a[k] === undefined) return b[k] === undefined ? [] : [{ path, kind: "add" }];
      if (b[k] === undefined) return [{ path, kind: "delete" }];
      return changedPaths(a[k], b[k], path);
    });
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => changedPaths(x, b[i], pathOf(base, i)));
  }
  return [{ path: base, kind: "update" }];
}

/**
 * The detailed diff a provider reports (azure-native reports one): each changed path, marked as a
 * replace when its top-level input is one of the diff's replaces. The engine needs it to apply a
 * resource's `replaceOnChanges` on nested paths.
 */
export function detailedDiff(
  pkg: "azure-native" | "random",
  type: string,
  oldInputs: Props,
  news: Props,
): Array<PathChange & { readonly replace: boolean }> {
  const replaces = new Set(diffInputs(pkg, type, oldInputs, news).replaces ?? []);
  return changedPaths(oldInputs, news).map((c) => ({
    ...c,
    replace: replaces.has(c.path.split(/[.[]/)[0]),
  }));
}

/** The outputs a create or update returns: Azure's shape, plus the inputs for later diffs. */
function stateFor(type: string, name: string, inputs: Props, id?: string) {
  const made = fakeResource({
    type,
    name,
    inputs,
    custom: true,
  } as pulumi.runtime.MockResourceArgs);
  if (type === "random:index/randomString:RandomString") {
    // The random provider uses the generated string as the id.
    const result = made.state.result as string;
    return { id: id ?? result, outs: { ...made.state, [INPUTS_KEY]: inputs } };
  }
  return { id: id ?? made.id, outs: { ...azureReturned(type, made.state), [INPUTS_KEY]: inputs } };
}

function randomCheckFailures(news: Props) {
  const failures: provider.CheckFailure[] = [];
  const length = news.length;
  if (
    length !== UNKNOWN &&
    !(typeof length === "number" && Number.isInteger(length) && length >= 1)
  ) {
    failures.push({
      property: "length",
      reason: `length must be an integer >= 1, got ${JSON.stringify(length)}`,
    });
  }
  if (["lower", "upper", "numeric", "special"].every((k) => news[k] === false)) {
    failures.push({
      property: "",
      reason: "at least one of lower, upper, numeric or special must be true",
    });
  }
  return failures;
}

/** The version the engine expects: the SDK package's `pulumi.version`. */
export function sdkVersion(pkg: "azure-native" | "random"): string {
  const file = require.resolve(`@pulumi/${pkg}/package.json`);
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as {
    version: string;
    pulumi?: { version?: string };
  };
  return json.pulumi?.version ?? json.version;
}

/** The inputs a state was made from (kept under INPUTS_KEY; the outputs otherwise). */
function oldInputsOf(olds: Props): Props {
  const { [INPUTS_KEY]: kept, ...rest } = olds;
  return (kept as Props | undefined) ?? rest;
}

/** A PUT that Azure refuses (tests/providers/azure): the create or update fails with its message. */
export class AzureRefusal extends Error {}

/** The stand-in provider for one package. */
export function standIn(pkg: "azure-native" | "random"): provider.Provider {
  // What this process has created or updated, by type: behaviours that read another resource.
  const known = new Map<string, Props[]>();
  const put = (type: string, name: string, inputs: Props, olds?: Props) => {
    if (pkg !== "azure-native") return;
    const op = olds === undefined ? "create" : "update";
    const refusal = azureRefusal({ type, name, inputs, olds, op, known });
    if (refusal !== undefined) throw new AzureRefusal(refusal);
    known.set(type, [...(known.get(type) ?? []), inputs]);
  };
  return {
    version: sdkVersion(pkg),
    async check(urn, _olds, news) {
      const { type } = parseUrn(urn);
      const failures =
        pkg === "random"
          ? randomCheckFailures(news)
          : azureCheckFailures(type, knownValues(news) as Props);
      return { inputs: news, failures };
    },
    async diff(_id, urn, olds, news) {
      return diffInputs(pkg, parseUrn(urn).type, oldInputsOf(olds), news);
    },
    async create(urn, inputs) {
      const { type, name } = parseUrn(urn);
      put(type, name, inputs);
      return stateFor(type, name, inputs);
    },
    async update(id, urn, olds, news) {
      const { type, name } = parseUrn(urn);
      put(type, name, news, oldInputsOf(olds));
      return { outs: stateFor(type, name, news, id).outs };
    },
    async read(id, urn, props) {
      if (pkg !== "azure-native") return { id, props };
      // Refresh sees what Azure returns, in the outputs and in the inputs rebuilt from them.
      const type = parseUrn(urn).type;
      const { [INPUTS_KEY]: kept, ...outs } = props;
      const inputs = kept === undefined ? undefined : azureReturned(type, kept as Props);
      const state = azureReturned(type, outs);
      return { id, props: inputs === undefined ? state : { ...state, [INPUTS_KEY]: inputs } };
    },
    async delete() {},
    async invoke(token, inputs) {
      if (pkg !== "azure-native") throw new Error(`the random stand-in has no function '${token}'`);
      return { outputs: fakeCall({ token, inputs } as pulumi.runtime.MockCallArgs) };
    },
  };
}

/** Serves a stand-in over gRPC to the engine (the executables in this folder call this). */
export function serve(pkg: "azure-native" | "random", args: string[]): Promise<void> {
  addDetailedDiffs(pkg);
  return provider.main(standIn(pkg), args);
}

interface DiffCall {
  request: {
    getUrn(): string;
    getOlds(): { toJavaScript(): Props };
    getNews(): { toJavaScript(): Props };
  };
}
interface DiffResponse {
  setDiffsList(keys: string[]): void;
  getDetaileddiffMap(): { set(path: string, diff: unknown): void };
  setHasdetaileddiff(on: boolean): void;
}
type DiffHandler = (call: DiffCall, cb: (err: unknown, resp?: DiffResponse) => void) => void;

/**
 * `@pulumi/pulumi/provider` answers Diff with `changes` and `replaces` only. This adds what the
 * real provider also sends, the changed keys and the detailed diff, to each Diff response, by
 * wrapping the server's diff handler when it is registered with gRPC.
 */
function addDetailedDiffs(pkg: "azure-native" | "random"): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const serverDir = path.dirname(require.resolve("@pulumi/pulumi/provider/server"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [serverDir] }));
  const proto = require("@pulumi/pulumi/proto/provider_pb");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const Kind = proto.PropertyDiff.Kind;
  const kinds = {
    add: [Kind.ADD, Kind.ADD_REPLACE],
    delete: [Kind.DELETE, Kind.DELETE_REPLACE],
    update: [Kind.UPDATE, Kind.UPDATE_REPLACE],
  };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, impl: { diff: DiffHandler }) {
    const diff = impl.diff.bind(impl);
    impl.diff = (call, callback) =>
      diff(call, (err, resp) => {
        if (!err && resp) {
          const req = call.request;
          const changes = detailedDiff(
            pkg,
            parseUrn(req.getUrn()).type,
            oldInputsOf(req.getOlds().toJavaScript()),
            req.getNews().toJavaScript(),
          );
          resp.setDiffsList([...new Set(changes.map((c) => c.path.split(/[.[]/)[0]))]);
          const map = resp.getDetaileddiffMap();
          for (const c of changes) {
            const d = new proto.PropertyDiff();
            d.setKind(kinds[c.kind][c.replace ? 1 : 0]);
            d.setInputdiff(true);
            map.set(c.path, d);
          }
          resp.setHasdetaileddiff(true);
        }
        callback(err, resp);
      });
    return addService.call(this, service, impl);
  };
}
