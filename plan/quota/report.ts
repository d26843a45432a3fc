// The shapes of the quota report (plan/quota/compute.ts computes it).
export type QuotaPriority = "dedicated" | "lowPriority";
/**
 * What uses the cores; it tells which setting to change when they do not fit. `endpoint` is a
 * managed online deployment a learner creates, `learner` any other capacity a learner creates.
 */
export type QuotaRole = "instance" | "cluster" | "endpoint" | "learner" | "aks";

/** Azure ML compute type a size must support for the use (`MIR`: managed online endpoints). */
export type QuotaComputeType = "ComputeInstance" | "AmlCompute" | "MIR";

/** One resource's (or one learner-created capacity's) share of a family's quota. */
export interface QuotaDemand {
  /** Logical name, or `learner-created: <what>`. */
  readonly resource: string;
  readonly role: QuotaRole;
  readonly vmSize: string;
  readonly family: string;
  readonly vCPUsEach: number;
  /** Nodes / instances counted (for endpoints: learners x ceil(1.2 x instances)). */
  readonly count: number;
  readonly vCPUs: number;
  readonly priority: QuotaPriority;
  /** How many resources of this kind the line stands for (cluster count for `fewer max nodes`). */
  readonly resources: number;
  /** Max nodes per cluster (clusters only). */
  readonly maxNodes?: number;
  /** The compute type the VM size is used as, when known. */
  readonly computeType?: QuotaComputeType;
}

export interface FamilyQuota {
  readonly family: string;
  readonly vCPUs: number;
  readonly demands: QuotaDemand[];
}

export interface RegionQuota {
  readonly region: string;
  /** Azure ML dedicated cores per family. */
  readonly dedicated: FamilyQuota[];
  /** Azure ML low-priority cores per family. */
  readonly lowPriority: FamilyQuota[];
  /** Azure ML regional totals ("Total Cluster Dedicated/LowPriority Regional vCPUs"). */
  readonly totalDedicated: number;
  readonly totalLowPriority: number;
  /** AKS node pools at their max: Microsoft.Compute quota, per family and total. */
  readonly aks: { readonly families: FamilyQuota[]; readonly total: number };
}

export interface QuotaReport {
  readonly learners: number;
  readonly regions: RegionQuota[];
  readonly assumptions: string[];
  /** VM sizes the catalog (plan/vmSizes.ts) does not know: their cores are not counted. */
  readonly unknownVmSizes: { resource: string; vmSize: string; message: string }[];
}

/**
 * Share of extra quota a managed online deployment reserves for upgrades: Azure ML needs
 * ceil(1.2 x instances) x vCPUs free (Azure ML docs, "Virtual machine quota allocation for
 * deployment"; a few large GPU sizes are exempt, none of them in plan/vmSizes.ts).
 */
export const ENDPOINT_UPGRADE_RESERVE = 1.2;
