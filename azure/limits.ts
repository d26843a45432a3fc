/**
 * Azure facts: Azure's own limits, each written once with its public source (pure, no Pulumi
 * import). These are what Azure refuses or documents, not this project's classroom policy: the
 * tighter bounds the classroom chooses (at most 4 cluster nodes, 3 AKS nodes, ...) are guardrail
 * defaults in guardrails/config.ts, which a trainer may change.
 *
 * Budget notifications (at most five per budget) and thresholds are in azure/consumption.ts.
 */

/** An inclusive range of whole numbers, with the unit for messages. */
export interface Range {
  readonly min: number;
  readonly max: number;
  /** Unit of the numbers, plural, for messages (`minutes`, `days`, `nodes`). */
  readonly unit: string;
}

/**
 * Idle shutdown of a compute instance: from 15 minutes to 3 days (4320 minutes).
 * Source: https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#configure-idle-shutdown
 * ("The idle time can be set from a minimum of 15 minutes to a maximum of three days").
 */
export const IDLE_SHUTDOWN_MINUTES: Range = { min: 15, max: 3 * 24 * 60, unit: "minutes" };

/**
 * Key vault soft-delete retention: 7 to 90 days.
 * Source: https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview
 * ("The retention period ... can be set to a value between 7 and 90 days").
 */
export const KEY_VAULT_SOFT_DELETE_DAYS: Range = { min: 7, max: 90, unit: "days" };

/**
 * Nodes of one Azure ML compute cluster (AmlCompute, not communication-enabled): 100 by default.
 * Source: https://learn.microsoft.com/azure/machine-learning/how-to-manage-quotas#azure-machine-learning-compute
 * ("Nodes in a single Azure Machine Learning compute (AmlCompute) cluster set up as a
 * non communication-enabled pool": 100 by default, raised only through a support request).
 */
export const AML_CLUSTER_NODES: Range = { min: 1, max: 100, unit: "nodes" };

/**
 * The AKS Free tier is meant for small clusters: Microsoft recommends it for clusters of fewer than
 * this many nodes, and the Standard tier beyond (the Free tier itself supports up to 1,000).
 * Source: https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers. A recommendation,
 * not a refusal: the Kubernetes inference component bounds its pool with it.
 */
export const AKS_FREE_TIER_RECOMMENDED_NODES = 10;

/**
 * Log Analytics: the retention included in the price of analytics logs, in days.
 * Source: https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure
 * (default interactive retention 30 days; up to 31 days at no charge).
 */
export const LOG_ANALYTICS_FREE_RETENTION_DAYS = 30;

/**
 * Tags of one resource: at most 50 name/value pairs; a value takes up to 256 characters (names:
 * azure/formats.ts TAG_NAME_SOURCE). Source:
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations.
 */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_VALUE_LENGTH = 256;

/** Whether `value` is a whole number within `range`. */
export function inRange(range: Range, value: number): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** `whole minutes from 15 to 4320`: the range in words, for error messages. */
export function describeRange(range: Range): string {
  return `whole ${range.unit} from ${range.min} to ${range.max}`;
}
