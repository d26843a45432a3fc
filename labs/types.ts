/**
 * The lab catalog's data model: what one DP-100 lab needs in place before the learner starts, and
 * what the learner will create during the lab (counted for quota and cost, never provisioned).
 */

/** A compute cluster a lab's notebooks use by name. */
export interface ClusterNeed {
  /** The compute name the lab instructions use, e.g. `aml-cluster`. */
  readonly name: string;
  /** VM size as the instructions give it, e.g. `Standard_DS11_v2`. */
  readonly vmSize: string;
  /** Maximum node count the instructions ask for. */
  readonly maxNodes: number;
  /** Seconds of idle time before the cluster scales down (default 120). */
  readonly idleSecondsBeforeScaleDown?: number;
}

/** A blob datastore registered in the workspace. */
export interface DatastoreNeed {
  /** Datastore name as the instructions use it, e.g. `blob_training_data`. */
  readonly name: string;
  /** The blob container it points at, e.g. `training-data`. */
  readonly container: string;
}

/** A data asset registered in the workspace, pointing at generated lab data. */
export interface DataAssetNeed {
  /** Asset name as the instructions use it, e.g. `diabetes-training`. */
  readonly name: string;
  /** Azure ML data type. */
  readonly type: "uri_file" | "uri_folder" | "mltable";
  /** Version string, "1" unless the instructions say otherwise. */
  readonly version: string;
  /** Datastore holding the data. */
  readonly datastore: string;
  /** Path inside the datastore's container: a file for uri_file, a folder otherwise. */
  readonly path: string;
  /** Dataset id from `labs/data` that supplies the files. */
  readonly dataset: string;
  readonly description: string;
}

/** One input or output of a command component (the component YAML's `inputs`/`outputs` entry). */
export interface ComponentPort {
  /** Azure ML type: `uri_folder`, `uri_file`, `mltable`, `number`, `integer`, `string`, `boolean`. */
  readonly type:
    "uri_folder" | "uri_file" | "mltable" | "number" | "integer" | "string" | "boolean";
  /** Default value of a literal input; none for data inputs and outputs. */
  readonly default?: number | string | boolean;
  readonly description?: string;
}

/**
 * A command component registered in the workspace before the learner starts (the Designer lab's
 * setup script registers four with `az ml component create`). Its script is one of the files of
 * the lab's shared code folder (labs/components). Field names follow the command component YAML
 * (learn.microsoft.com/azure/machine-learning/reference-yaml-component-command).
 */
export interface ComponentNeed {
  /** Component name as the instructions use it, e.g. `remove_empty_rows`. */
  readonly name: string;
  /** Version string, "1" as the setup registers it. A registered version is immutable. */
  readonly version: string;
  readonly displayName: string;
  readonly description: string;
  /** Code folder id in labs/components (one folder can serve several components). */
  readonly codeFolder: string;
  /** The command line, with `${{inputs.x}}` / `${{outputs.y}}` placeholders. */
  readonly command: string;
  readonly inputs: Readonly<Record<string, ComponentPort>>;
  readonly outputs: Readonly<Record<string, ComponentPort>>;
}

/** Capacity the learner will create during the lab (an endpoint, a batch job): quota and cost only. */
export interface LearnerCreates {
  /** What it is, e.g. `managed online endpoint "blue" deployment`. */
  readonly what: string;
  readonly vmSize: string;
  /** Instances per learner. */
  readonly instances: number;
  /** Dedicated or low-priority quota. */
  readonly priority: "dedicated" | "lowPriority";
  /** Hours it typically runs during the lab (for cost). */
  readonly typicalHours: number;
  /** True when it runs on the provisioned cluster (then its quota is the cluster's, not extra). */
  readonly onCluster?: string;
}

export interface LabDefinition {
  /** Stable kebab-case id, e.g. `work-with-compute`. Never change one: stacks are keyed by it. */
  readonly id: string;
  readonly title: string;
  /**
   * The lab file it matches in MicrosoftLearning/mslearn-azure-ml, or for an extra lab the public
   * page it follows.
   */
  readonly labFile: string;
  /**
   * `current`: a lab file of the current MicrosoftLearning/mslearn-azure-ml course; `extra`: a lab
   * this project adds (a replacement for a retired SDK v1 lab, see labs/retired.ts).
   */
  readonly course: "current" | "extra";
  /** Whether the learner needs a personal compute instance. */
  readonly computeInstance: boolean;
  /** Clusters the lab's notebooks expect by name. */
  readonly clusters: readonly ClusterNeed[];
  /** Whether a container registry must exist (custom environments). */
  readonly containerRegistry: boolean;
  /** Blob containers that must exist in the workspace's storage account. */
  readonly containers: readonly string[];
  readonly datastores: readonly DatastoreNeed[];
  readonly dataAssets: readonly DataAssetNeed[];
  /** Custom components registered before the learner starts (Designer). Default none. */
  readonly components: readonly ComponentNeed[];
  /** Whether an AKS cluster with the Azure ML extension must be attached as Kubernetes compute. */
  readonly aks: boolean;
  /** Whether the monitoring set (App Insights alerts, action group) is needed. */
  readonly monitoring: boolean;
  /** What the learner creates during the lab: quota and cost, not provisioned. */
  readonly learnerCreates: readonly LearnerCreates[];
  /** Typical hours the lab keeps its cluster busy per learner (for cost). */
  readonly typicalClusterHours: number;
}

/** The merged needs of a set of labs: what a stack provisions. */
export interface LabNeeds {
  readonly labIds: readonly string[];
  readonly computeInstance: boolean;
  /** Clusters by name; labs that share a cluster name share one cluster (max of their sizes). */
  readonly clusters: readonly ClusterNeed[];
  readonly containerRegistry: boolean;
  readonly containers: readonly string[];
  readonly datastores: readonly DatastoreNeed[];
  readonly dataAssets: readonly DataAssetNeed[];
  /** Components by `name@version`; labs that declare the same one share it. */
  readonly components: readonly ComponentNeed[];
  readonly aks: boolean;
  readonly monitoring: boolean;
  readonly learnerCreates: readonly LearnerCreates[];
}
