import {
  ClusterNeed,
  ComponentNeed,
  DataAssetNeed,
  DatastoreNeed,
  LabDefinition,
  LabNeeds,
  LearnerCreates,
} from "./types";

/**
 * Merging the needs of several labs into the one set a stack provisions. Pure functions, no
 * Pulumi: a cluster the labs share is created once, shared storage and assets are declared once,
 * and two labs that want the same name for different things are an error naming both labs.
 */

/** Idle time before a cluster scales down when a lab does not say (the setup scripts' 120 s). */
export const DEFAULT_IDLE_SECONDS = 120;

/**
 * A bad `dp100-labs:labs` value (unknown id, empty list) or a combination of labs that cannot
 * share one workspace. `key` is always `labs`; `value` is what was given.
 */
export class LabConfigError extends Error {
  readonly key = "labs";
  constructor(
    readonly value: unknown,
    message: string,
  ) {
    super(message);
    this.name = "LabConfigError";
  }
}

/** A learner creation in merged needs, with the lab it comes from. */
export type LearnerCreatesOfLab = LearnerCreates & { readonly labId: string };

export interface MergedLabNeeds extends LabNeeds {
  readonly learnerCreates: readonly LearnerCreatesOfLab[];
  /** Sum of the labs' `typicalClusterHours`: cluster node-hours per learner over the course. */
  readonly typicalClusterHours: number;
}

/** Extra compute names that count as provisioned for `onCluster` (see mergeLabNeeds). */
export interface MergeOptions {
  /** The name the AKS inference cluster is attached under, kept in `onCluster` when aks is on. */
  readonly aksComputeName?: string;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Merge by name: the first lab to declare a name wins; a later declaration must be identical,
 * otherwise the error names both labs and both definitions.
 */
function mergeByName<T extends { readonly name: string }>(
  what: string,
  labs: readonly LabDefinition[],
  pick: (lab: LabDefinition) => readonly T[],
): T[] {
  const seen = new Map<string, { item: T; labId: string }>();
  for (const lab of labs) {
    for (const item of pick(lab)) {
      const prior = seen.get(item.name);
      if (!prior) {
        seen.set(item.name, { item, labId: lab.id });
      } else if (!sameJson(prior.item, item)) {
        throw new LabConfigError(
          labs.map((l) => l.id),
          `labs "${prior.labId}" and "${lab.id}" both declare ${what} "${item.name}" ` +
            `differently (${JSON.stringify(prior.item)} vs ${JSON.stringify(item)}); ` +
            "they cannot share one workspace: put them in separate stacks",
        );
      }
    }
  }
  return [...seen.values()].map((v) => v.item);
}

/**
 * Clusters with the same name become one cluster: the larger max node count, the shorter idle
 * time. Two different VM sizes under one name are an error naming both labs (a notebook that
 * asks for `aml-cluster` gets one size; choosing for it would hide a catalog mistake).
 */
function mergeClusters(labs: readonly LabDefinition[]): ClusterNeed[] {
  const merged = new Map<string, { need: ClusterNeed; labId: string }>();
  for (const lab of labs) {
    for (const c of lab.clusters) {
      const idle = c.idleSecondsBeforeScaleDown ?? DEFAULT_IDLE_SECONDS;
      const prior = merged.get(c.name);
      if (!prior) {
        merged.set(c.name, { need: { ...c, idleSecondsBeforeScaleDown: idle }, labId: lab.id });
        continue;
      }
      if (prior.need.vmSize.toLowerCase() !== c.vmSize.toLowerCase()) {
        throw new LabConfigError(
          labs.map((l) => l.id),
          `labs "${prior.labId}" and "${lab.id}" both use cluster "${c.name}" with different VM ` +
            `sizes (${prior.need.vmSize} vs ${c.vmSize}); put them in separate stacks or align ` +
            "the catalog",
        );
      }
      merged.set(c.name, {
        labId: prior.labId,
        need: {
          ...prior.need,
          maxNodes: Math.max(prior.need.maxNodes, c.maxNodes),
          idleSecondsBeforeScaleDown: Math.min(
            prior.need.idleSecondsBeforeScaleDown ?? DEFAULT_IDLE_SECONDS,
            idle,
          ),
        },
      });
    }
  }
  return [...merged.values()].map((v) => v.need);
}

/**
 * The needs of `labs` as one set. Containers, datastores and data assets are de-duplicated by
 * name; booleans are OR'ed; learner creations are concatenated, each with its lab id.
 *
 * `onCluster` is kept only when that compute is provisioned by the merged set (a cluster in
 * `clusters`, or the AKS compute when `aks` is on). A learner creation whose cluster nobody
 * provisions (work-with-compute has learners create `aml-cluster` themselves) therefore counts
 * as extra quota, and the same creation merged with a lab that provisions `aml-cluster` does not.
 */
export function mergeLabNeeds(
  labs: readonly LabDefinition[],
  options: MergeOptions = {},
): MergedLabNeeds {
  const clusters = mergeClusters(labs);
  const containers = [...new Set(labs.flatMap((l) => l.containers))];
  const datastores: DatastoreNeed[] = mergeByName("datastore", labs, (l) => l.datastores);
  const dataAssets: DataAssetNeed[] = mergeByName("data asset", labs, (l) => l.dataAssets);
  const components: ComponentNeed[] = mergeByName("component", labs, (l) => l.components);
  const aks = labs.some((l) => l.aks);
  const provisioned = new Set(clusters.map((c) => c.name));
  if (aks && options.aksComputeName) provisioned.add(options.aksComputeName);

  const learnerCreates: LearnerCreatesOfLab[] = labs.flatMap((lab) =>
    lab.learnerCreates.map((lc) => {
      const withLab = { ...lc, labId: lab.id };
      if (lc.onCluster !== undefined && !provisioned.has(lc.onCluster)) {
        delete (withLab as { onCluster?: string }).onCluster;
      }
      return withLab;
    }),
  );

  return {
    labIds: labs.map((l) => l.id),
    computeInstance: labs.some((l) => l.computeInstance),
    clusters,
    containerRegistry: labs.some((l) => l.containerRegistry),
    containers,
    datastores,
    dataAssets,
    components,
    aks,
    monitoring: labs.some((l) => l.monitoring),
    learnerCreates,
    // Rounded to hundredths so adding 0.1-steps gives 2.9, not 2.9000000000000004.
    typicalClusterHours:
      Math.round(labs.reduce((h, l) => h + l.typicalClusterHours, 0) * 100) / 100,
  };
}
