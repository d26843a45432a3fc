import * as pulumi from "@pulumi/pulumi";
import { byType, one, promiseOf, settle, setupMocks } from "../helpers/mocks";
import type { DataAssetNeed } from "../../labs/types";

setupMocks();

type Module = typeof import("../../components/labData");
let mod: Module;

const CONTAINER = "azure-native:storage:BlobContainer";
const BLOB = "azure-native:storage:Blob";
const DATASTORE = "azure-native:machinelearningservices:Datastore";
const ASSET = "azure-native:machinelearningservices:DataVersion";

beforeAll(async () => {
  mod = await import("../../components/labData");
});

// Small stand-ins for the catalog's generated datasets (non-ASCII on purpose: bytes must survive).
const CSV = "Pregnancies,PlasmaGlucose,BMI,Diabetic\n0,171,43.5,1\n8,92,21.2,0\n";
const CSV2 = "Pregnancies,PlasmaGlucose,BMI,Diabetic\n3,104,31.0,0\n# café\n";
const MLTABLE =
  "paths:\n  - pattern: ./*.csv\ntransformations:\n  - read_delimited:\n      delimiter: ','\n";

const diabetesFile: DataAssetNeed = {
  name: "diabetes-data",
  type: "uri_file",
  version: "1",
  datastore: "lab_data",
  path: "diabetes-data/v1/diabetes.csv",
  dataset: "diabetes-csv",
  description: "Diabetes CSV",
};
const diabetesTable: DataAssetNeed = {
  name: "diabetes-training",
  type: "mltable",
  version: "1",
  datastore: "lab_data",
  path: "diabetes-training/v1",
  dataset: "diabetes-mltable",
  description: "Diabetes MLTable",
};
const trainingFolder: DataAssetNeed = {
  name: "training-folder",
  type: "uri_folder",
  version: "2",
  datastore: "blob_training_data",
  path: "diabetes/",
  dataset: "diabetes-folder",
  description: "Diabetes folder",
};

/** The files behind the assets, as labs/data's dataAssetFiles lays them out. */
const FILES = [
  {
    container: "lab-data",
    path: "diabetes-data/v1/diabetes.csv",
    content: CSV,
    contentType: "text/csv",
  },
  {
    container: "lab-data",
    path: "diabetes-training/v1/diabetes-1.csv",
    content: CSV,
    contentType: "text/csv",
  },
  {
    container: "lab-data",
    path: "diabetes-training/v1/diabetes-2.csv",
    content: CSV2,
    contentType: "text/csv",
  },
  {
    container: "lab-data",
    path: "diabetes-training/v1/MLTable",
    content: MLTABLE,
    contentType: "application/yaml",
  },
  {
    container: "training-data",
    path: "diabetes/diabetes.csv",
    content: CSV2,
    contentType: "text/csv",
  },
];

function baseArgs(overrides: Partial<import("../../components/labData").LabDataArgs> = {}) {
  return {
    resourceGroupName: "rg-lab",
    storageAccountName: "stlab",
    workspaceName: "mlw-lab",
    containers: ["training-data", "lab-data"],
    datastores: [
      { name: "blob_training_data", container: "training-data" },
      { name: "lab_data", container: "lab-data" },
    ],
    dataAssets: [diabetesFile, diabetesTable, trainingFolder],
    files: FILES,
    tags: { course: "dp100" },
    ...overrides,
  };
}

async function blobText(name: string): Promise<string> {
  const source = one(BLOB, name).inputs.source as pulumi.asset.StringAsset;
  return await source.text;
}

describe("LabData", () => {
  let data: import("../../components/labData").LabData;
  const seenOpts: Record<string, pulumi.CustomResourceOptions> = {};

  beforeAll(async () => {
    data = new mod.LabData("data", baseArgs(), {
      // Records each child's options, so dependsOn and retainOnDelete can be checked.
      transformations: [
        (a) => {
          seenOpts[a.name] = a.opts;
          return undefined;
        },
      ],
    });
    await settle();
  });

  it("creates each container once, private", () => {
    const containers = byType(CONTAINER).filter((r) => r.name.startsWith("data-"));
    expect(containers.map((c) => c.name)).toEqual([
      "data-container-training-data",
      "data-container-lab-data",
    ]);
    for (const c of containers) {
      expect(c.inputs).toMatchObject({
        accountName: "stlab",
        resourceGroupName: "rg-lab",
        publicAccess: "None",
      });
    }
    expect(containers.map((c) => c.inputs.containerName)).toEqual(["training-data", "lab-data"]);
  });

  it("uploads every file as a block blob with its exact content and type", async () => {
    const blobs = byType(BLOB).filter((r) => r.name.startsWith("data-"));
    expect(blobs.map((b) => b.name).sort()).toEqual([
      "data-blob-lab-data/diabetes-data/v1/diabetes.csv",
      "data-blob-lab-data/diabetes-training/v1/MLTable",
      "data-blob-lab-data/diabetes-training/v1/diabetes-1.csv",
      "data-blob-lab-data/diabetes-training/v1/diabetes-2.csv",
      "data-blob-training-data/diabetes/diabetes.csv",
    ]);
    for (const b of blobs) expect(b.inputs.type).toBe("Block");

    const csv = one(BLOB, "data-blob-lab-data/diabetes-data/v1/diabetes.csv");
    expect(csv.inputs).toMatchObject({
      containerName: "lab-data",
      blobName: "diabetes-data/v1/diabetes.csv",
      contentType: "text/csv",
    });
    expect(await blobText(csv.name)).toBe(CSV);
    const mltable = "data-blob-lab-data/diabetes-training/v1/MLTable";
    expect(one(BLOB, mltable).inputs.contentType).toBe("application/yaml");
    expect(await blobText(mltable)).toBe(MLTABLE);

    const own = one(BLOB, "data-blob-training-data/diabetes/diabetes.csv");
    expect(own.inputs.containerName).toBe("training-data");
    expect(Buffer.from(await blobText(own.name), "utf8")).toEqual(Buffer.from(CSV2, "utf8"));
  });

  it("registers identity-based blob datastores under the lab's names", () => {
    const ds = one(DATASTORE, "data-datastore-blob_training_data").inputs;
    expect(ds.name).toBe("blob_training_data");
    expect(ds.workspaceName).toBe("mlw-lab");
    expect(ds.properties).toMatchObject({
      datastoreType: "AzureBlob",
      accountName: "stlab",
      containerName: "training-data",
      credentials: { credentialsType: "None" },
      serviceDataAccessAuthIdentity: "None",
      tags: { course: "dp100" },
    });
    expect(one(DATASTORE, "data-datastore-lab_data").inputs.properties.containerName).toBe(
      "lab-data",
    );
    expect(byType(DATASTORE).filter((r) => r.name.startsWith("data-"))).toHaveLength(2);
  });

  it("registers data assets with the lab's names, versions, types and URIs", async () => {
    const asset = (key: string) => one(ASSET, `data-asset-${key}`).inputs;
    expect(asset("diabetes-data@1")).toMatchObject({
      name: "diabetes-data",
      version: "1",
      workspaceName: "mlw-lab",
      properties: {
        dataType: "uri_file",
        dataUri: "azureml://datastores/lab_data/paths/diabetes-data/v1/diabetes.csv",
        description: "Diabetes CSV",
      },
    });
    expect(asset("diabetes-training@1").properties).toMatchObject({
      dataType: "mltable",
      dataUri: "azureml://datastores/lab_data/paths/diabetes-training/v1/",
    });
    expect(asset("training-folder@2").properties).toMatchObject({
      dataType: "uri_folder",
      dataUri: "azureml://datastores/blob_training_data/paths/diabetes/",
    });
    expect(data.dataAssetUris["training-folder@2"]).toBe(
      "azureml://datastores/blob_training_data/paths/diabetes/",
    );
    expect(await promiseOf(data.datastores["blob_training_data"].name)).toBe("blob_training_data");
  });

  it("keeps asset versions on destroy and registers them after their datastore and blobs", () => {
    const opts = seenOpts["data-asset-training-folder@2"];
    expect(opts.retainOnDelete).toBe(true);
    expect(opts.dependsOn).toContain(data.datastores["blob_training_data"]);
    expect(opts.dependsOn).toHaveLength(2); // the datastore and the folder's one blob
    const table = seenOpts["data-asset-diabetes-training@1"].dependsOn;
    expect(table).toContain(data.datastores["lab_data"]);
    expect(table).toHaveLength(4); // the datastore and the table's three blobs
  });

  it("takes exact duplicates from merged labs once", async () => {
    const args = baseArgs();
    new mod.LabData(
      "dup",
      baseArgs({
        containers: [...args.containers, "training-data"],
        datastores: [...args.datastores, ...args.datastores],
        dataAssets: [...args.dataAssets, diabetesFile],
        files: [...args.files, ...args.files],
      }),
    );
    await settle();
    const mine = (type: string) => byType(type).filter((r) => r.name.startsWith("dup-"));
    expect(mine(CONTAINER)).toHaveLength(2);
    expect(mine(DATASTORE)).toHaveLength(2);
    expect(mine(ASSET)).toHaveLength(3);
    expect(mine(BLOB)).toHaveLength(5);
  });
});

describe("LabData validation", () => {
  const asset = (o: Partial<DataAssetNeed>): DataAssetNeed => ({ ...trainingFolder, ...o });
  const cases: [string, () => Partial<import("../../components/labData").LabDataArgs>, RegExp][] = [
    [
      "an upper-case container",
      () => ({ containers: ["Training"] }),
      /containers: 'Training' is not a valid blob container name/,
    ],
    ["a short container", () => ({ containers: ["ab"] }), /containers: 'ab' is 2 characters/],
    ["a container with '--'", () => ({ containers: ["a--b"] }), /containers: 'a--b'/],
    [
      "a datastore on an unlisted container",
      () => ({ datastores: [{ name: "blob_training_data", container: "other" }] }),
      /datastores: 'blob_training_data' points at container 'other', which is not in containers \('training-data', 'lab-data'\)/,
    ],
    [
      "a reserved datastore name",
      () => ({ datastores: [{ name: "workspaceblobstore", container: "training-data" }] }),
      /datastores: 'workspaceblobstore' is not a valid mlDatastore name: it is reserved/,
    ],
    [
      "conflicting datastores",
      () => ({
        containers: ["training-data", "lab-data", "other"],
        datastores: [
          { name: "blob_training_data", container: "training-data" },
          { name: "blob_training_data", container: "other" },
        ],
      }),
      /datastores: 'blob_training_data' is listed twice with different containers/,
    ],
    [
      "a file in an unlisted container",
      () => ({
        files: [{ container: "nope", path: "a.csv", content: "x", contentType: "text/csv" }],
      }),
      /files: 'a.csv' goes into container 'nope'/,
    ],
    [
      "a file path with '..'",
      () => ({
        files: [
          { container: "training-data", path: "a/../b.csv", content: "x", contentType: "text/csv" },
        ],
      }),
      /files: 'a\/..\/b.csv' is not accepted; '.' and '..'/,
    ],
    [
      "a file path with a leading '/'",
      () => ({
        files: [
          { container: "training-data", path: "/a.csv", content: "x", contentType: "text/csv" },
        ],
      }),
      /files: '\/a.csv' is not accepted/,
    ],
    [
      "conflicting files",
      () => ({
        files: [
          { container: "training-data", path: "a.csv", content: "x", contentType: "text/csv" },
          { container: "training-data", path: "a.csv", content: "y", contentType: "text/csv" },
        ],
      }),
      /files: 'training-data\/a.csv' is listed twice with different content/,
    ],
    [
      "an asset on the built-in workspaceblobstore",
      () => ({ dataAssets: [asset({ datastore: "workspaceblobstore" })] }),
      /dataAssets: 'training-folder' uses datastore 'workspaceblobstore', which is not in datastores/,
    ],
    [
      "an asset on an unknown datastore",
      () => ({ dataAssets: [asset({ datastore: "nowhere" })] }),
      /dataAssets: 'training-folder' uses datastore 'nowhere', which is not in datastores \('blob_training_data', 'lab_data'\)/,
    ],
    [
      "an asset with a bad name",
      () => ({ dataAssets: [asset({ name: "-bad name" })] }),
      /dataAssets: '-bad name' is not a valid data asset name/,
    ],
    [
      "an asset with a bad version",
      () => ({ dataAssets: [asset({ version: "" })] }),
      /dataAssets: 'training-folder' has version ''/,
    ],
    [
      "an asset with an unknown type",
      () => ({ dataAssets: [asset({ type: "table" as DataAssetNeed["type"] })] }),
      /dataAssets: 'training-folder' has type 'table'; Azure ML accepts uri_file, uri_folder, mltable/,
    ],
    [
      "an asset without files",
      () => ({ dataAssets: [asset({ path: "missing" })] }),
      /dataAssets: 'training-folder' points at 'missing' in datastore 'blob_training_data', but no file is uploaded there/,
    ],
    [
      "a uri_file asset with a folder path",
      () => ({ dataAssets: [asset({ type: "uri_file", path: "diabetes/" })] }),
      /dataAssets: 'training-folder' is a uri_file but its path 'diabetes\/' is a folder/,
    ],
    [
      "an mltable without its MLTable file",
      () => ({ dataAssets: [asset({ type: "mltable" })] }),
      /dataAssets: 'training-folder' is an mltable but 'diabetes\/MLTable' is not among the uploaded files/,
    ],
    [
      "a version defined twice differently",
      () => ({ dataAssets: [trainingFolder, asset({ description: "changed" })] }),
      /dataAssets: 'training-folder' version '2' is listed twice with different definitions/,
    ],
  ];
  it.each(cases)("rejects %s before creating anything", async (label, overrides, message) => {
    const before = byType(CONTAINER).length + byType(BLOB).length + byType(ASSET).length;
    expect(() => new mod.LabData(`bad-${label}`, baseArgs(overrides()))).toThrow(message);
    await settle();
    expect(byType(CONTAINER).length + byType(BLOB).length + byType(ASSET).length).toBe(before);
  });
});

describe("lab data helpers", () => {
  it("builds azureml URIs: the file for uri_file, the folder with '/' otherwise", () => {
    expect(mod.dataAssetUri({ type: "uri_file", datastore: "d", path: "/a/b.csv" })).toBe(
      "azureml://datastores/d/paths/a/b.csv",
    );
    expect(mod.dataAssetUri({ type: "uri_folder", datastore: "d", path: "a/b" })).toBe(
      "azureml://datastores/d/paths/a/b/",
    );
    expect(mod.dataAssetUri({ type: "mltable", datastore: "d", path: "a/b/" })).toBe(
      "azureml://datastores/d/paths/a/b/",
    );
  });

  it("checks blob container names by Azure's rules", () => {
    expect(mod.blobContainerViolation("training-data")).toBeUndefined();
    expect(mod.blobContainerViolation("a".repeat(63))).toBeUndefined();
    expect(mod.blobContainerViolation("a".repeat(64))).toMatch(/64 characters/);
    expect(mod.blobContainerViolation("-data")).toMatch(/not a valid blob container name/);
    expect(mod.blobContainerViolation("data-")).toMatch(/not a valid blob container name/);
    expect(mod.blobContainerViolation("da_ta")).toMatch(/not a valid blob container name/);
  });
});
