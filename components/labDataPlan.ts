import type { DataAssetNeed, DatastoreNeed } from "../labs/types";
import type { LabDataArgs } from "./labData";
import { nameViolation } from "./naming";

/**
 * What LabData creates, checked and de-duplicated before anything is registered (planLabData), and
 * the Azure Storage and Azure ML rules it checks with. Pure.
 */

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
  const { datastores, datastoreContainer } = planDatastores(args.datastores ?? [], containers);
  const files = planFiles(args.files ?? [], containers);
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
  for (const a of dataAssets) checkDataAsset(a, datastoreContainer, files);
  return { containers, files, datastores, dataAssets, datastoreContainer };
}

/** The datastores, de-duplicated, each on one of `containers`, with the container of each. */
function planDatastores(
  needs: readonly DatastoreNeed[],
  containers: readonly string[],
): { datastores: DatastoreNeed[]; datastoreContainer: Record<string, string> } {
  const datastores = dedupe(
    needs,
    (d) => d.name.toLowerCase(),
    (a, b) => a.container === b.container,
    (d) => `datastores: '${d.name}' is listed twice with different containers`,
  );
  const datastoreContainer: Record<string, string> = {};
  for (const d of datastores) {
    const problem = nameViolation("mlDatastore", d.name);
    if (problem) throw new Error(`datastores: ${problem}`);
    if (!containers.includes(d.container)) {
      throw new Error(
        `datastores: '${d.name}' points at container '${d.container}', which is not in containers (${list(containers)})`,
      );
    }
    datastoreContainer[d.name] = d.container;
  }
  return { datastores, datastoreContainer };
}

/** The files, de-duplicated, each going into one of `containers` under a usable blob path. */
function planFiles(files: readonly LabFile[], containers: readonly string[]): LabFile[] {
  const planned = dedupe(
    files,
    (f) => `${f.container}/${f.path}`,
    (a, b) => a.content === b.content && a.contentType === b.contentType,
    (f) =>
      `files: '${f.container}/${f.path}' is listed twice with different content or content type`,
  );
  for (const f of planned) {
    if (!containers.includes(f.container)) {
      throw new Error(
        `files: '${f.path}' goes into container '${f.container}', which is not in containers (${list(containers)})`,
      );
    }
    const problem = blobPathViolation(f.path);
    if (problem) throw new Error(`files: ${problem}`);
  }
  return planned;
}

/**
 * Throws unless a data asset has a valid name, version and type, sits on a declared datastore,
 * and points at uploaded files (an mltable's folder holding its MLTable file).
 */
function checkDataAsset(
  a: DataAssetNeed,
  datastoreContainer: Readonly<Record<string, string>>,
  files: readonly LabFile[],
): void {
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

/** The asset's folder without leading or trailing '/'. */
export function normalizeFolder(asset: Pick<DataAssetNeed, "path">): string {
  return asset.path.replace(/^\/+/, "").replace(/\/+$/, "");
}

/** Whether an uploaded blob path is the asset's file (uri_file) or lies in its folder. */
export function coversPath(asset: Pick<DataAssetNeed, "type" | "path">, blobPath: string): boolean {
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
