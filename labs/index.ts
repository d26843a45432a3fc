import { CATALOG } from "./catalog/index";
import { CatalogLab, LearnerCreationKind } from "./catalog/common";
import { KUBERNETES_INFERENCE } from "./catalog/deploy-kubernetes-online-endpoint";
import { LabConfigError, MergedLabNeeds, mergeLabNeeds } from "./merge";
import { RETIRED_LABS } from "./retired";
import { LabNeeds } from "./types";

/**
 * The lab catalog: every DP-100 lab the project can provision, by stable id, and the resolution
 * of `dp100-labs:labs` into one merged set of needs. (This index holds the two small lookup
 * functions the brief asked for here, besides re-exports; the merging itself is in merge.ts.)
 *
 * Quota and cost conventions for stacks:
 * - `typicalClusterHours` is node-hours on the lab's named cluster(s) per learner: jobs,
 *   sweeps, pipelines and batch scoring, whoever created the cluster.
 * - A learner creation with `onCluster` (after merging) runs on provisioned compute: no extra
 *   quota and no extra cost (its cost is in `typicalClusterHours` or the AKS nodes).
 * - A learner creation without `onCluster` needs `instances` x `vmSize` of extra quota, and costs
 *   `instances` x `typicalHours` x the VM's hourly price (0 hours for a cluster the learner
 *   creates: its busy time is already `typicalClusterHours`).
 */

/** Where a course's labs come in the catalog: the current course's, then the extra labs. */
const COURSE_ORDER: Readonly<Record<CatalogLab["course"], number>> = { current: 0, extra: 1 };

/** Course order: by course, then by lab file (compared by code unit, whatever the locale). */
function courseOrder(a: CatalogLab, b: CatalogLab): number {
  const byCourse = COURSE_ORDER[a.course] - COURSE_ORDER[b.course];
  if (byCourse !== 0) return byCourse;
  return a.labFile < b.labFile ? -1 : a.labFile > b.labFile ? 1 : 0;
}

/**
 * Every lab, in course order (current course by lab file, then the extra labs): the modules of
 * labs/catalog/ as its generated index.ts lists them, so a new lab is one new module there.
 */
export const LABS: readonly CatalogLab[] = inCourseOrder(CATALOG);

/** These labs in course order (a new array). */
export function inCourseOrder(labs: readonly CatalogLab[]): CatalogLab[] {
  return [...labs].sort(courseOrder);
}

export const LAB_IDS: readonly string[] = LABS.map((l) => l.id);

/** The value of `dp100-labs:labs` that selects every lab. */
export const ALL_LABS = "all";

function unknownIdMessage(id: string): string {
  return `unknown lab id "${id}"; valid ids: ${LAB_IDS.join(", ")} (or "${ALL_LABS}")`;
}

/** The lab with this id; an unknown id is a LabConfigError listing the valid ids. */
export function getLab(id: string): CatalogLab {
  const lab = LABS.find((l) => l.id === id);
  if (!lab) throw new LabConfigError(id, unknownIdMessage(id));
  return lab;
}

/**
 * The merged needs of the labs named by `value`: `"all"`, one id, a comma-separated string of
 * ids, or a list of ids (a list containing `"all"` means every lab). Ids are case-sensitive,
 * duplicates are ignored, and the result lists the labs in course order whatever the input
 * order, so the same choice always gives the same stack. An empty choice or an unknown id is a
 * LabConfigError (key `labs`) whose message names the bad value and lists the valid ids.
 */
export function resolveLabs(value: string | readonly string[]): MergedLabNeeds {
  const given: unknown[] = typeof value === "string" ? value.split(",") : [...value];
  const ids: string[] = [];
  for (const raw of given) {
    if (typeof raw !== "string") {
      throw new LabConfigError(value, `lab ids are strings; got ${JSON.stringify(raw)}`);
    }
    const id = raw.trim();
    if (id === "") continue;
    const retired = RETIRED_LABS[id];
    if (retired) {
      throw new LabConfigError(
        value,
        `lab id "${id}" is retired (${retired.reason}); use "${retired.replacement}" instead`,
      );
    }
    if (id !== ALL_LABS && !LAB_IDS.includes(id))
      throw new LabConfigError(value, unknownIdMessage(id));
    ids.push(id);
  }
  if (ids.length === 0) {
    throw new LabConfigError(
      value,
      `no lab chosen: give "${ALL_LABS}" or at least one of ${LAB_IDS.join(", ")}`,
    );
  }
  const chosen = ids.includes(ALL_LABS) ? LABS : LABS.filter((l) => ids.includes(l.id));
  return mergeLabNeeds(chosen, { aksComputeName: KUBERNETES_INFERENCE.computeName });
}

/** Learner creations that need compute-create rights in the workspace. */
const COMPUTE_KINDS: readonly LearnerCreationKind[] = ["computeInstance", "computeCluster"];

/**
 * Whether learners create compute themselves in these labs (explore-workspace,
 * explore-developer-tools, work-with-compute): in a cohort they then need AzureML Compute
 * Operator on the workspace, which the Data Scientist role does not give.
 */
export function learnersCreateCompute(needs: LabNeeds): boolean {
  return needs.learnerCreates.some((lc) =>
    COMPUTE_KINDS.includes((lc as { kind?: LearnerCreationKind }).kind as LearnerCreationKind),
  );
}

export { KUBERNETES_INFERENCE } from "./catalog/deploy-kubernetes-online-endpoint";
export { MONITORING_SPARK_SIZE, MONITORING_SPARK_SIZES } from "./catalog/monitor-model";
export { AML_CLUSTER, LAB_DATA_CONTAINER, LAB_DATA_DATASTORE, LAB_VM_SIZE } from "./catalog/common";
export type { CatalogLab, CatalogLearnerCreates, LearnerCreationKind } from "./catalog/common";
export { DEFAULT_IDLE_SECONDS, LabConfigError, mergeLabNeeds } from "./merge";
export { RETIRED_LABS } from "./retired";
export type { LearnerCreatesOfLab, MergedLabNeeds, MergeOptions } from "./merge";
