import { DatasetId } from "../data";
import { ClusterNeed, DataAssetNeed, LabDefinition, LearnerCreates } from "../types";

/**
 * Shared values and small builders for the lab modules, so every lab states its needs with the
 * same names and the same defaults. Sources: section 1 and 7 of
 * shared/reference/azure-lab-facts.md and the lab files of MicrosoftLearning/mslearn-azure-ml
 * (Instructions/*.md, Labs/NN/setup.sh and the notebooks), read early 2026.
 */

/** The compute cluster name every current lab notebook uses (`compute="aml-cluster"`). */
export const AML_CLUSTER = "aml-cluster";

/** VM size the setup scripts give instances and clusters (`--size STANDARD_DS11_V2`). */
export const LAB_VM_SIZE = "Standard_DS11_v2";

/**
 * Where the project puts the data assets it registers: a private blob container `lab-data` in
 * the workspace's storage account, registered as the datastore `lab_data`. (The course's setup
 * scripts upload to the default `workspaceblobstore`, but its container name is only known after
 * the workspace exists and a stack should not write into a container Azure ML manages.) Paths
 * inside it are `<asset name>/v<version>/...`.
 */
export const LAB_DATA_CONTAINER = "lab-data";
export const LAB_DATA_DATASTORE = "lab_data";

/** The container and datastore every lab with data assets declares (merging shares them). */
export const LAB_DATA_STORAGE: Pick<CatalogLab, "containers" | "datastores"> = {
  containers: [LAB_DATA_CONTAINER],
  datastores: [{ name: LAB_DATA_DATASTORE, container: LAB_DATA_CONTAINER }],
};

/**
 * `aml-cluster` as the setup scripts create it: STANDARD_DS11_V2, 0 to 2 nodes, scale down after
 * 120 s idle (the idle time the Work-with-compute notebook sets).
 */
export function amlCluster(overrides: Partial<ClusterNeed> = {}): ClusterNeed {
  return {
    name: AML_CLUSTER,
    vmSize: LAB_VM_SIZE,
    maxNodes: 2,
    idleSecondsBeforeScaleDown: 120,
    ...overrides,
  };
}

/**
 * A data asset registered by the project in the `lab_data` datastore, at `<name>/v<version>`
 * (plus `/<file>` for a `uri_file`). The version is part of the path so a new version never
 * overwrites the blobs an older one points at. A lab using it also spreads LAB_DATA_STORAGE.
 */
export function labDataAsset(args: {
  readonly name: string;
  readonly type: DataAssetNeed["type"];
  readonly dataset: DatasetId;
  readonly description: string;
  /** For `uri_file` only: the file inside the dataset the asset points at. */
  readonly file?: string;
  readonly version?: string;
}): DataAssetNeed {
  const version = args.version ?? "1";
  const folder = `${args.name}/v${version}`;
  if ((args.type === "uri_file") !== (args.file !== undefined)) {
    throw new Error(
      `data asset "${args.name}": a uri_file asset names exactly one file and other types none`,
    );
  }
  return {
    name: args.name,
    type: args.type,
    version,
    datastore: LAB_DATA_DATASTORE,
    path: args.file !== undefined ? `${folder}/${args.file}` : folder,
    dataset: args.dataset,
    description: args.description,
  };
}

/**
 * What kind of capacity a learner creates. `labs/types.ts` has no such field; we carry it as an
 * extra property (every `CatalogLearnerCreates` is a `LearnerCreates`) so stacks can tell, for
 * example, which labs need learners to hold compute-create rights. See `learnersCreateCompute`.
 */
export type LearnerCreationKind =
  | "computeInstance"
  | "computeCluster"
  | "onlineDeployment"
  | "batchDeployment"
  | "kubernetesDeployment"
  /** Serverless Spark jobs (model monitoring): Azure ML quota of the size's family, no cluster. */
  | "serverlessSpark";

export interface CatalogLearnerCreates extends LearnerCreates {
  readonly kind: LearnerCreationKind;
}

/** A lab as the catalog declares it: a `LabDefinition` whose learner creations carry a kind. */
export interface CatalogLab extends LabDefinition {
  readonly learnerCreates: readonly CatalogLearnerCreates[];
}

/** Defaults for a lab that needs nothing but the workspace; each lab module overrides fields. */
export const NOTHING: Omit<CatalogLab, "id" | "title" | "labFile" | "course"> = {
  computeInstance: false,
  clusters: [],
  containerRegistry: false,
  containers: [],
  datastores: [],
  dataAssets: [],
  components: [],
  aks: false,
  monitoring: false,
  learnerCreates: [],
  typicalClusterHours: 0,
};
