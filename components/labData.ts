import * as pulumi from "@pulumi/pulumi";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as storage from "@pulumi/azure-native/storage";
import type { DataAssetNeed, DatastoreNeed } from "../labs/types";
import { nameViolation } from "./naming";

/** One generated file to upload as a blob (the shape of labs/data's dataAssetFiles). */
export interface LabFile {
  /** Blob container it goes into; one of `containers`. */
  readonly container: string;
  /** Blob path inside the container, e.g. `diabetes-data/v1/diabetes.csv` (no leading '/'). */
  readonly path: string;
  /** The file's text, uploaded byte for byte (UTF-8). */
  readonly content: string;
  /** MIME type, e.g. `text/csv`. */
  readonly contentType: string;
}

export interface LabDataArgs {
  /** Resource group of the workspace and its storage account. Required. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The workspace's storage account (MlWorkspace.storageAccountName). Required. */
  readonly storageAccountName: pulumi.Input<string>;
  /** The workspace the datastores and data assets are registered in. Required. */
  readonly workspaceName: pulumi.Input<string>;
  /** Blob containers to create, by the names the labs use. Default: none. */
  readonly containers?: readonly string[];
  /** Blob datastores to register, by the names the labs use. Default: none. */
  readonly datastores?: readonly DatastoreNeed[];
  /** Data assets to register, on listed datastores, each over uploaded files. Default: none. */
  readonly dataAssets?: readonly DataAssetNeed[];
  /** Files to upload (labs/data's dataAssetFiles gives the assets' files). Default: none. */
  readonly files?: readonly LabFile[];
  /** Tags put on the datastores and data assets (containers and blobs take none). Default: none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The data the labs read, in place before the learner starts: private blob containers, the
 * generated files uploaded as block blobs, identity-based blob datastores (no stored key or SAS:
 * each user's or compute's Entra identity needs a Storage Blob Data role on the account), and data
 * assets (uri_file, uri_folder, mltable) under the names and versions the lab instructions use.
 * Every logical name comes from a stable key (container name, blob path, datastore name, asset
 * name and version), never from a position in a list.
 */
export class LabData extends pulumi.ComponentResource {
  /** Containers by name. */
  readonly containers: Readonly<Record<string, storage.BlobContainer>>;
  /** Datastores by name. */
  readonly datastores: Readonly<Record<string, ml.Datastore>>;
  /** Data asset versions by `name@version`. */
  readonly dataAssets: Readonly<Record<string, ml.DataVersion>>;
  /** `azureml://` URI of every data asset by `name@version`. */
  readonly dataAssetUris: Readonly<Record<string, string>>;

  constructor(name: string, args: LabDataArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validation comes first, so bad input registers nothing.
    const plan = planLabData(args);

    super("dp100:data:LabData", name, {}, opts);
    const { resourceGroupName, storageAccountName, workspaceName } = args;
    const parent = { parent: this };

    const containers: Record<string, storage.BlobContainer> = {};
    for (const container of plan.containers) {
      containers[container] = new storage.BlobContainer(
        `${name}-container-${container}`,
        {
          resourceGroupName,
          accountName: storageAccountName,
          containerName: container,
          publicAccess: storage.PublicAccess.None,
        },
        parent,
      );
    }
    // Taking the name from the container resource makes every blob and datastore wait for it.
    const containerName = (container: string) => containers[container].name;

    const blobsByContainer: Record<string, { path: string; blob: storage.Blob }[]> = {};
    for (const file of plan.files) {
      const blob = new storage.Blob(
        // A container name has no '/', so container + '/' + path is unique per blob.
        `${name}-blob-${file.container}/${file.path}`,
        {
          resourceGroupName,
          accountName: storageAccountName,
          containerName: containerName(file.container),
          blobName: file.path,
          type: storage.BlobType.Block,
          contentType: file.contentType,
          source: new pulumi.asset.StringAsset(file.content),
        },
        parent,
      );
      (blobsByContainer[file.container] ??= []).push({ path: file.path, blob });
    }

    const datastores: Record<string, ml.Datastore> = {};
    for (const ds of plan.datastores) {
      datastores[ds.name] = new ml.Datastore(
        `${name}-datastore-${ds.name}`,
        {
          resourceGroupName,
          workspaceName,
          name: ds.name,
          properties: {
            datastoreType: "AzureBlob",
            accountName: storageAccountName,
            containerName: containerName(ds.container),
            description: `Lab data in blob container '${ds.container}'`,
            // Identity-based access: no account key or SAS is stored in the workspace.
            credentials: { credentialsType: "None" },
            // Studio previews data with the signed-in user's identity, which needs the same
            // Storage Blob Data role as the notebooks; the workspace identity needs none.
            serviceDataAccessAuthIdentity: ml.ServiceDataAccessAuthIdentity.None,
            tags: args.tags,
          },
        },
        parent,
      );
    }

    const dataAssets: Record<string, ml.DataVersion> = {};
    const dataAssetUris: Record<string, string> = {};
    for (const asset of plan.dataAssets) {
      const key = `${asset.name}@${asset.version}`;
      const container = plan.datastoreContainer[asset.datastore];
      const blobs = (blobsByContainer[container] ?? [])
        .filter((b) => coversPath(asset, b.path))
        .map((b) => b.blob);
      const uri = dataAssetUri(asset);
      dataAssetUris[key] = uri;
      dataAssets[key] = new ml.DataVersion(
        `${name}-asset-${key}`,
        {
          resourceGroupName,
          workspaceName,
          name: asset.name,
          version: asset.version,
          properties: dataVersionProperties(asset.type, {
            dataUri: uri,
            description: asset.description,
            tags: args.tags,
          }),
        },
        {
          ...parent,
          dependsOn: [datastores[asset.datastore], ...blobs],
          // Azure ML does not delete data asset versions (it only archives them), so a delete
          // would fail the destroy; the version goes away with its workspace. Changed content
          // needs a new version string in the catalog: a version is immutable.
          retainOnDelete: true,
        },
      );
    }

    this.containers = containers;
    this.datastores = datastores;
    this.dataAssets = dataAssets;
    this.dataAssetUris = dataAssetUris;
    this.registerOutputs({ dataAssetUris });
  }
}

/** What LabData creates, validated and de-duplicated. */
export interface LabDataPlan {
  readonly containers: string[];
  readonly files: LabFile[];
  readonly datastores: DatastoreNeed[];
  readonly dataAssets: DataAssetNeed[];
  /** Container of each datastore, by datastore name. */
  readonly datastoreContainer: Readonly<Record<string, string>>;
}

type PlanInput = Omit<LabDataArgs, "resourceGroupName" | "storageAccountName" | "workspaceName">;

/**
 * Validates LabData's arguments and removes exact duplicates (labs that share a container, a
 * datastore or an asset list it once each after merging). Conflicting duplicates, bad names, and
 * references to containers, datastores or files that are not there are errors naming the key and
 * value. Pure.
 */
export function planLabData(args: PlanInput): LabDataPlan {
  const containers = unique(args.containers ?? []);
  for (const c of containers) {
    const problem = blobContainerViolation(c);
    if (problem) throw new Error(`containers: ${problem}`);
  }
  const containerSet = new Set(containers);

  const datastores = dedupe(
    args.datastores ?? [],
    (d) => d.name.toLowerCase(),
    (a, b) => a.container === b.container,
    (d) => `datastores: '${d.name}' is listed twice with different containers`,
  );
  const datastoreContainer: Record<string, string> = {};
  for (const d of datastores) {
    const problem = nameViolation("mlDatastore", d.name);
    if (problem) throw new Error(`datastores: ${problem}`);
    if (!containerSet.has(d.container)) {
      throw new Error(
        `datastores: '${d.name}' points at container '${d.container}', which is not in containers (${list(containers)})`,
      );
    }
    datastoreContainer[d.name] = d.container;
  }

  const files = dedupe(
    args.files ?? [],
    (f) => `${f.container}/${f.path}`,
    (a, b) => a.content === b.content && a.contentType === b.contentType,
    (f) =>
      `files: '${f.container}/${f.path}' is listed twice with different content or content type`,
  );
  for (const f of files) {
    if (!containerSet.has(f.container)) {
      throw new Error(
        `files: '${f.path}' goes into container '${f.container}', which is not in containers (${list(containers)})`,
      );
    }
    const problem = blobPathViolation(f.path);
    if (problem) throw new Error(`files: ${problem}`);
  }

  const dataAssets = dedupe(
    args.dataAssets ?? [],
    (a) => `${a.name}@${a.version}`,
    (a, b) =>
      a.type === b.type &&
      a.datastore === b.datastore &&
      normalizeFolder(a) === normalizeFolder(b) &&
      a.description === b.description,
    (a) =>
      `dataAssets: '${a.name}' version '${a.version}' is listed twice with different definitions; a version is immutable, give one of them a new version`,
  );
  for (const a of dataAssets) {
    if (!ASSET_NAME.test(a.name)) {
      throw new Error(
        `dataAssets: '${a.name}' is not a valid data asset name; Azure ML accepts 1-255 letters, digits, '-', '_' and '.', starting with a letter or digit`,
      );
    }
    if (!ASSET_VERSION.test(a.version)) {
      throw new Error(
        `dataAssets: '${a.name}' has version '${a.version}'; use 1-30 letters, digits, '.', '-' or '_' starting with a letter or digit, e.g. "1"`,
      );
    }
    if (!(ASSET_TYPES as readonly string[]).includes(a.type)) {
      throw new Error(
        `dataAssets: '${a.name}' has type '${a.type}'; Azure ML accepts ${ASSET_TYPES.join(", ")}`,
      );
    }
    const container = datastoreContainer[a.datastore];
    if (container === undefined) {
      // Built-in datastores (workspaceblobstore) are not accepted: their container is named after
      // the workspace's GUID, and the files must be uploaded where the asset points.
      throw new Error(
        `dataAssets: '${a.name}' uses datastore '${a.datastore}', which is not in datastores (${list(Object.keys(datastoreContainer))}); declare it with its container`,
      );
    }
    const pathProblem = blobPathViolation(normalizeFolder(a));
    if (pathProblem) throw new Error(`dataAssets: '${a.name}' path: ${pathProblem}`);
    if (a.type === "uri_file" && a.path.endsWith("/")) {
      throw new Error(
        `dataAssets: '${a.name}' is a uri_file but its path '${a.path}' is a folder; give the file's path`,
      );
    }
    const inContainer = files.filter((f) => f.container === container);
    if (!inContainer.some((f) => coversPath(a, f.path))) {
      throw new Error(
        `dataAssets: '${a.name}' points at '${a.path}' in datastore '${a.datastore}', but no file is uploaded there; add the dataset's files or fix the path`,
      );
    }
    if (
      a.type === "mltable" &&
      !inContainer.some((f) => f.path === `${normalizeFolder(a)}/MLTable`)
    ) {
      throw new Error(
        `dataAssets: '${a.name}' is an mltable but '${normalizeFolder(a)}/MLTable' is not among the uploaded files`,
      );
    }
  }

  return { containers, files, datastores, dataAssets, datastoreContainer };
}

/** The data asset types Azure ML registers. */
export const ASSET_TYPES = ["uri_file", "uri_folder", "mltable"] as const;
const ASSET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const ASSET_VERSION = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,29}$/;

/**
 * The `azureml://` URI of a data asset: the file itself for uri_file, the folder (with a trailing
 * '/') for uri_folder and mltable.
 */
export function dataAssetUri(asset: Pick<DataAssetNeed, "type" | "datastore" | "path">): string {
  const path =
    asset.type === "uri_file" ? asset.path.replace(/^\/+/, "") : `${normalizeFolder(asset)}/`;
  return `azureml://datastores/${asset.datastore}/paths/${path}`;
}

/**
 * Why `name` is not a valid blob container name, or undefined: 3-63 characters, lower-case letters,
 * digits and single hyphens, starting and ending with a letter or digit (Azure Storage rules).
 */
export function blobContainerViolation(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) {
    return `'${name}' is ${name.length} characters; a blob container name takes 3-63`;
  }
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(name) || name.includes("--")) {
    return `'${name}' is not a valid blob container name: Azure accepts lower-case letters, digits and single hyphens, starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Why `path` is not a usable blob path for lab data, or undefined. */
export function blobPathViolation(path: string): string | undefined {
  if (path.length === 0 || path.length > 1024) {
    return `'${path}' is ${path.length} characters; a blob path takes 1-1024`;
  }
  if (path.startsWith("/") || path.includes("\\") || path.includes("//")) {
    return `'${path}' is not accepted; use '/'-separated segments without a leading '/', e.g. data/diabetes.csv`;
  }
  if (path.split("/").some((s) => s === "." || s === "..")) {
    return `'${path}' is not accepted; '.' and '..' segments are not allowed`;
  }
  if (path.endsWith("/") || path.endsWith(".")) {
    return `'${path}' is not accepted; a blob path cannot end with '/' or '.'`;
  }
  return undefined;
}

type DataVersionCommon = {
  readonly dataUri: string;
  readonly description: string;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
};

/** DataVersion properties of the SDK's union member for the asset's type. */
function dataVersionProperties(type: DataAssetNeed["type"], common: DataVersionCommon) {
  switch (type) {
    case "uri_file":
      return { dataType: "uri_file" as const, ...common };
    case "uri_folder":
      return { dataType: "uri_folder" as const, ...common };
    case "mltable":
      return { dataType: "mltable" as const, ...common };
  }
}

/** The asset's folder without leading or trailing '/'. */
function normalizeFolder(asset: Pick<DataAssetNeed, "path">): string {
  return asset.path.replace(/^\/+/, "").replace(/\/+$/, "");
}

/** Whether an uploaded blob path is the asset's file (uri_file) or lies in its folder. */
function coversPath(asset: Pick<DataAssetNeed, "type" | "path">, blobPath: string): boolean {
  const p = normalizeFolder(asset);
  return asset.type === "uri_file" ? blobPath === p : blobPath.startsWith(`${p}/`);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Keeps the first of each key; an entry whose key repeats with different content is an error. */
function dedupe<T>(
  items: readonly T[],
  key: (t: T) => string,
  same: (a: T, b: T) => boolean,
  conflict: (t: T) => string,
): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const prev = byKey.get(k);
    if (prev === undefined) byKey.set(k, item);
    else if (!same(prev, item)) throw new Error(conflict(item));
  }
  return [...byKey.values()];
}

function list(values: readonly string[]): string {
  return values.length ? values.map((v) => `'${v}'`).join(", ") : "none";
}
