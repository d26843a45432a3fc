import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { ARM_TYPES, NAME_INPUT, resourceType } from "../azure/resourceTypes";

/**
 * Stand-ins for what Azure and the random provider would return, shared by the offline plan and the
 * unit tests. Every value has the exact shape of the real one (ARM ids, GUIDs, random strings of the
 * requested length and alphabet), and is derived from the resource's inputs and logical name only,
 * so two runs give byte-identical results.
 */

/** Documented placeholders for the `azure-native` client configuration (README: Offline plan). */
export const PLACEHOLDER_CLIENT = {
  subscriptionId: "00000000-0000-4000-8000-00000000000a",
  tenantId: "00000000-0000-4000-8000-00000000000b",
  objectId: "00000000-0000-4000-8000-00000000000c",
  clientId: "00000000-0000-4000-8000-00000000000d",
} as const;

function hex(...parts: string[]): string {
  return crypto.createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A GUID derived from the given parts. */
export function fakeGuid(...parts: string[]): string {
  const x = hex(...parts);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-8${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

/** A string of `length` characters from `alphabet`, derived from `seed`. */
export function fakeString(seed: string, length: number, alphabet: string): string {
  let out = "";
  let block = hex(seed);
  for (let i = 0; out.length < length; i++) {
    if (i * 2 + 2 > block.length) {
      block = hex(block);
      i = 0;
    }
    out += alphabet[parseInt(block.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  }
  return out;
}

/** The stand-in `result` of a random:RandomString, honouring its length, alphabet and minimums. */
export function fakeRandomString(name: string, inputs: Record<string, unknown>): string {
  const length = Number(inputs.length ?? 16);
  const lower = inputs.lower !== false ? "abcdefghijklmnopqrstuvwxyz" : "";
  const upper = inputs.upper !== false ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ" : "";
  const numeric = inputs.numeric !== false ? "0123456789" : "";
  const special = inputs.special !== false ? "!@#$%&*()-_=+[]{}<>:?" : "";
  const chars = fakeString(`random:${name}`, length, lower + upper + numeric + special).split("");
  // Satisfy the minimums at fixed positions from the front.
  let pos = 0;
  const need = (min: unknown, set: string) => {
    for (let i = 0; i < Number(min ?? 0) && set; i++) {
      if (pos < chars.length)
        chars[pos] = set[parseInt(hex(name, String(pos)).slice(0, 2), 16) % set.length];
      pos++;
    }
  };
  need(inputs.minLower, lower);
  need(inputs.minUpper, upper);
  need(inputs.minNumeric, numeric);
  need(inputs.minSpecial, special);
  return chars.join("");
}

function azureName(type: string, name: string, inputs: Record<string, unknown>): string {
  const key = NAME_INPUT[type];
  const v = key ? inputs[key] : undefined;
  return typeof v === "string" && v.length > 0 ? v : name;
}

function str(v: unknown, fallback: string): string {
  return typeof v === "string" && v.length > 0 ? v : fallback;
}

const ML_WORKSPACE = ARM_TYPES["azure-native:machinelearningservices:Workspace"];

/**
 * A workspace's direct child (`workspaces/computes`) or an asset version (`workspaces/data/versions`),
 * named from the `workspaceName` input, or undefined for any other ARM type.
 */
function mlWorkspaceChild(
  armType: string | undefined,
): { child: string; versioned: boolean } | undefined {
  const parts = armType?.split("/") ?? [];
  if (`${parts[0]}/${parts[1]}` !== ML_WORKSPACE || parts.length < 3) return undefined;
  if (parts.length === 3) return { child: parts[2], versioned: false };
  return parts.length === 4 && parts[3] === "versions"
    ? { child: parts[2], versioned: true }
    : undefined;
}

/** The ARM id a resource of this type and these inputs would get. */
export function fakeArmId(type: string, name: string, inputs: Record<string, unknown>): string {
  const sub = `/subscriptions/${PLACEHOLDER_CLIENT.subscriptionId}`;
  const azName = azureName(type, name, inputs);
  const rg = `${sub}/resourceGroups/${str(inputs.resourceGroupName, "rg")}`;
  const row = resourceType(type);
  if (row?.scopeInput) {
    return `${str(inputs[row.scopeInput], sub)}/providers/${row.armType}/${azName}`;
  }
  const ml = mlWorkspaceChild(row?.armType);
  if (ml) {
    const id = `${rg}/providers/${ML_WORKSPACE}/${str(inputs.workspaceName, "ws")}/${ml.child}/${azName}`;
    return ml.versioned ? `${id}/versions/${str(inputs.version, "1")}` : id;
  }
  switch (type) {
    case "azure-native:resources:ResourceGroup":
      return `${sub}/resourceGroups/${azName}`;
    case "azure-native:storage:BlobContainer":
      return `${rg}/providers/Microsoft.Storage/storageAccounts/${str(inputs.accountName, "st")}/blobServices/default/containers/${azName}`;
    case "azure-native:kubernetesconfiguration:Extension":
      // An extension is a child of its cluster: .../managedClusters/{c}/providers/Microsoft.KubernetesConfiguration/extensions/{name}.
      return `${rg}/providers/Microsoft.ContainerService/${str(inputs.clusterResourceName, "managedClusters")}/${str(inputs.clusterName, "aks")}/providers/Microsoft.KubernetesConfiguration/extensions/${azName}`;
    case "azure-native:storage:Blob":
      return `https://${str(inputs.accountName, "st")}.blob.core.windows.net/${str(inputs.containerName, "c")}/${azName}`;
    default: {
      // Top-level ARM types only: a child type's id needs its parents' names.
      const top = ARM_TYPES[type]?.split("/").length === 2 ? ARM_TYPES[type] : undefined;
      const arm = top ?? `Microsoft.Offline/${type.split(":").pop()}`;
      return `${rg}/providers/${arm}/${azName}`;
    }
  }
}

/** The mock `newResource`: the id and output state Azure or the random provider would return. */
export function fakeResource(args: pulumi.runtime.MockResourceArgs): {
  id: string;
  state: Record<string, unknown>;
} {
  const inputs = args.inputs as Record<string, unknown>;
  if (args.type === "random:index/randomString:RandomString") {
    return { id: args.name, state: { ...inputs, result: fakeRandomString(args.name, inputs) } };
  }
  if (!args.type.startsWith("azure-native:")) {
    return { id: `${args.name}-id`, state: { ...inputs } };
  }
  const id = fakeArmId(args.type, args.name, inputs);
  const state: Record<string, unknown> = {
    ...inputs,
    name: azureName(args.type, args.name, inputs),
  };
  const identity = inputs.identity as Record<string, unknown> | undefined;
  if (identity && typeof identity === "object") {
    state.identity = {
      ...identity,
      principalId: fakeGuid("principal", id),
      tenantId: PLACEHOLDER_CLIENT.tenantId,
    };
  }
  if (args.type === "azure-native:containerservice:ManagedCluster") {
    state.identityProfile = { kubeletidentity: { objectId: fakeGuid("kubelet", id) } };
  }
  if (args.type === "azure-native:machinelearningservices:Workspace") {
    // The workspace's own GUID (`properties.workspaceId`), part of its default containers' names.
    state.workspaceId = fakeGuid("workspaceId", id);
  }
  if (args.type === "azure-native:applicationinsights:Component") {
    state.connectionString = `InstrumentationKey=${fakeGuid("ikey", id)}`;
  }
  return { id, state };
}

/** The mock `call`: the client configuration; any other invoke is unplanned and fails loudly. */
export function fakeCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  if (args.token === "azure-native:authorization:getClientConfig") {
    return { ...PLACEHOLDER_CLIENT };
  }
  throw new Error(
    `unexpected invoke '${args.token}': the offline plan only answers azure-native:authorization:getClientConfig`,
  );
}

/**
 * The mock answer to a `pulumi.StackReference`: the referenced stack's outputs, as the engine reads
 * them from that stack's state (`outputs`, `secretOutputNames`). `outputsByStack` holds the
 * offline plans' outputs by stack name; a stack without one fails loudly, as the engine does for a
 * stack that does not exist.
 */
export function fakeStackReference(
  args: pulumi.runtime.MockResourceArgs,
  outputsByStack: Readonly<Record<string, Record<string, unknown>>>,
): { id: string; state: Record<string, unknown> } {
  const name = String((args.inputs as { name?: unknown }).name ?? args.name);
  const outputs = outputsByStack[name];
  if (!outputs) {
    throw new Error(`unknown stack '${name}': the offline plan has no plan of it to read`);
  }
  return { id: name, state: { name, outputs, secretOutputNames: [] } };
}
