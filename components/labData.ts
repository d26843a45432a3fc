import * as pulumi from "@pulumi/pulumi";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as storage from "@pulumi/azure-native/storage";
import type { DataAssetNeed, DatastoreNeed } from "../labs/types";
import { coversPath, dataAssetUri, type LabFile, planLabData } from "./labDataPlan";

export * from "./labDataPlan";

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
    const containers = this.createContainers(name, args, plan.containers);
    const blobsByContainer = this.uploadFiles(name, args, plan.files, containers);
    const datastores = this.createDatastores(name, args, plan.datastores, containers);
    const dataAssets: Record<string, ml.DataVersion> = {};
    const dataAssetUris: Record<string, string> = {};
    for (const asset of plan.dataAssets) {
      const key = `${asset.name}@${asset.version}`;
      const container = plan.datastoreContainer[asset.datastore];
      const blobs = (blobsByContainer[container] ?? [])
        .filter((b) => coversPath(asset, b.path))
        .map((b) => b.blob);
      dataAssetUris[key] = dataAssetUri(asset);
      dataAssets[key] = this.createDataAsset(name, args, asset, [
        datastores[asset.datastore],
        ...blobs,
      ]);
    }

    this.containers = containers;
    this.datastores = datastores;
    this.dataAssets = dataAssets;
    this.dataAssetUris = dataAssetUris;
    this.registerOutputs({ dataAssetUris });
  }

  private createContainers(
    name: string,
    args: LabDataArgs,
    names: readonly string[],
  ): Record<string, storage.BlobContainer> {
    const containers: Record<string, storage.BlobContainer> = {};
    for (const container of names) {
      containers[container] = new storage.BlobContainer(
        `${name}-container-${container}`,
        {
          resourceGroupName: args.resourceGroupName,
          accountName: args.storageAccountName,
          containerName: container,
          publicAccess: storage.PublicAccess.None,
        },
        { parent: this },
      );
    }
    return containers;
  }

  /** The files as block blobs; returns them by container, with their paths. */
  private uploadFiles(
    name: string,
    args: LabDataArgs,
    files: readonly LabFile[],
    containers: Readonly<Record<string, storage.BlobContainer>>,
  ): Record<string, { path: string; blob: storage.Blob }[]> {
    const blobsByContainer: Record<string, { path: string; blob: storage.Blob }[]> = {};
    for (const file of files) {
      const blob = new storage.Blob(
        // A container name has no '/', so container + '/' + path is unique per blob.
        `${name}-blob-${file.container}/${file.path}`,
        {
          resourceGroupName: args.resourceGroupName,
          accountName: args.storageAccountName,
          // Taking the name from the container resource makes every blob wait for it.
          containerName: containers[file.container].name,
          blobName: file.path,
          type: storage.BlobType.Block,
          contentType: file.contentType,
          source: new pulumi.asset.StringAsset(file.content),
        },
        { parent: this },
      );
      (blobsByContainer[file.container] ??= []).push({ path: file.path, blob });
    }
    return blobsByContainer;
  }

  private createDatastores(
    name: string,
    args: LabDataArgs,
    needs: readonly DatastoreNeed[],
    containers: Readonly<Record<string, storage.BlobContainer>>,
  ): Record<string, ml.Datastore> {
    const datastores: Record<string, ml.Datastore> = {};
    for (const ds of needs) {
      datastores[ds.name] = new ml.Datastore(
        `${name}-datastore-${ds.name}`,
        {
          resourceGroupName: args.resourceGroupName,
          workspaceName: args.workspaceName,
          name: ds.name,
          properties: {
            datastoreType: "AzureBlob",
            accountName: args.storageAccountName,
            // From the container resource, so the datastore waits for it.
            containerName: containers[ds.container].name,
            description: `Lab data in blob container '${ds.container}'`,
            // Identity-based access: no account key or SAS is stored in the workspace.
            credentials: { credentialsType: "None" },
            // Studio previews data with the signed-in user's identity, which needs the same
            // Storage Blob Data role as the notebooks; the workspace identity needs none.
            serviceDataAccessAuthIdentity: ml.ServiceDataAccessAuthIdentity.None,
            tags: args.tags,
          },
        },
        { parent: this },
      );
    }
    return datastores;
  }

  /** One data asset version, after its datastore and the blobs it covers. */
  private createDataAsset(
    name: string,
    args: LabDataArgs,
    asset: DataAssetNeed,
    dependsOn: pulumi.Resource[],
  ): ml.DataVersion {
    return new ml.DataVersion(
      `${name}-asset-${asset.name}@${asset.version}`,
      {
        resourceGroupName: args.resourceGroupName,
        workspaceName: args.workspaceName,
        name: asset.name,
        version: asset.version,
        properties: dataVersionProperties(asset.type, {
          dataUri: dataAssetUri(asset),
          description: asset.description,
          tags: args.tags,
        }),
      },
      {
        parent: this,
        dependsOn,
        // Azure ML does not delete data asset versions (it only archives them), so a delete
        // would fail the destroy; the version goes away with its workspace. Changed content
        // needs a new version string in the catalog: a version is immutable.
        retainOnDelete: true,
      },
    );
  }
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
