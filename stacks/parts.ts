import { AML_CLUSTER } from "../labs";
import { MergedLabNeeds } from "../labs";

/**
 * How a cohort's lab needs divide between its course-long foundation stack and its lab stacks.
 * Pure functions of the lab catalog, so both sides, the offline plan and the cohort command agree
 * on who owns what without talking to each other.
 *
 * - The foundation keeps what a learner's work lives in or on for the whole course: the workspace
 *   set (and the container registry when any of the course's labs needs one), each learner's
 *   compute instance, and the cluster most labs share (`aml-cluster`).
 * - A lab stack adds what only its labs use and what can be deleted and created again without
 *   touching a learner's files: lab data (containers, blobs, datastores, data assets), the
 *   Designer's components, the lab's own clusters, Kubernetes inference and model monitoring.
 */

/** Clusters the foundation holds: the one the labs' notebooks share by name. */
export const FOUNDATION_CLUSTERS: readonly string[] = [AML_CLUSTER];

/** The needs a foundation provisions for a course with these labs. */
export function foundationNeeds(needs: MergedLabNeeds): MergedLabNeeds {
  return {
    ...needs,
    clusters: needs.clusters.filter((c) => FOUNDATION_CLUSTERS.includes(c.name)),
    containers: [],
    datastores: [],
    dataAssets: [],
    components: [],
    aks: false,
    monitoring: false,
  };
}

/** The needs a lab stack provisions on top of its foundation. */
export function labPartNeeds(needs: MergedLabNeeds): MergedLabNeeds {
  return {
    ...needs,
    computeInstance: false,
    containerRegistry: false,
    clusters: needs.clusters.filter((c) => !FOUNDATION_CLUSTERS.includes(c.name)),
  };
}

/** The needs one stack provisions, by its part. */
export function needsOfPart(part: "whole" | "foundation" | "lab", needs: MergedLabNeeds) {
  return part === "foundation"
    ? foundationNeeds(needs)
    : part === "lab"
      ? labPartNeeds(needs)
      : needs;
}
