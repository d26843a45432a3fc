/**
 * The shapes of the cost model: what it assumes (with the defaults), what it is given and the
 * report it returns. The model itself: plan/cost/estimate.ts.
 */
import type { LabNeeds } from "../../labs/types";
import type { PriceUnit } from "../prices";

/** The figures of a cost report. */
export type CostFigure = "idlePerDay" | "perLearnerActiveHour" | "perLabDay";

/** What the estimate assumes about use; defaults in DEFAULT_COST_ASSUMPTIONS. */
export interface CostAssumptions {
  /** Learners in the cohort (1 for a sandbox). */
  readonly learners: number;
  /** Working hours per lab day (`dp100-labs:hoursPerDay`). */
  readonly hoursPerDay: number;
  /** Course length in days (`dp100-labs:courseDays`). */
  readonly courseDays: number;
  /** ARM region the prices are looked up for (`azure-native:location`). */
  readonly region: string;
  /** GB kept in each storage account (lab data, job outputs, notebooks). Default 5. */
  readonly storageGbPerAccount?: number;
  /** GB ingested per day by each Log Analytics workspace (diagnostics, App Insights). Default 0.1. */
  readonly logGbPerDayPerWorkspace?: number;
  /** Key vault operations per vault per day. Default 1000. */
  readonly keyVaultOpsPerDayPerVault?: number;
  /**
   * Cluster node-hours one learner uses per working hour when the labs give no
   * `typicalClusterHours`. Default 0.25 (one node busy a quarter of the time).
   */
  readonly clusterNodeHoursPerLearnerHour?: number;
  /**
   * Hours an instance with a stop schedule but no idle shutdown keeps running after work ends
   * (until the scheduled stop). Default 3.
   */
  readonly hoursUntilScheduledStop?: number;
}

export const DEFAULT_COST_ASSUMPTIONS = {
  storageGbPerAccount: 5,
  logGbPerDayPerWorkspace: 0.1,
  keyVaultOpsPerDayPerVault: 1000,
  clusterNodeHoursPerLearnerHour: 0.25,
  hoursUntilScheduledStop: 3,
} as const;

/** What the labs add to the cost: learner-created capacity and the typical cluster use. */
export type CostNeeds = Pick<LabNeeds, "learnerCreates"> & {
  /** Cluster node-hours one learner uses over the whole course (sum over the chosen labs). */
  readonly typicalClusterHours?: number;
};

/** One line of a figure's breakdown. `amount = quantity x unitPrice`. */
export interface CostItem {
  readonly figure: CostFigure;
  /** The resource's logical name, or a description for learner-created capacity. */
  readonly resource: string;
  readonly meter: string;
  readonly quantity: number;
  readonly unit: PriceUnit;
  readonly unitPrice: number;
  readonly amount: number;
  /** What the quantity stands for, e.g. `6.5 h running`. */
  readonly note?: string;
}

/** A meter the price table lacks, with the resources that need it. */
export interface MissingPrice {
  readonly meter: string;
  readonly region: string;
  readonly resources: string[];
  readonly message: string;
}

/** A price the report used, with where it comes from. */
export interface UsedPrice {
  readonly meter: string;
  readonly unit: PriceUnit;
  readonly price: number;
  readonly region: string;
  readonly source: string;
  readonly date: string;
}

export interface CostReport {
  readonly currency: "USD";
  readonly region: string;
  readonly learners: number;
  readonly hoursPerDay: number;
  readonly courseDays: number;
  /** Every assumption, in words. */
  readonly assumptions: string[];
  /** Everything provisioned, nobody working, for 24 hours. */
  readonly idlePerDay: number;
  /** One learner working for one hour, on top of the idle cost. */
  readonly perLearnerActiveHour: number;
  /** The cohort's lab day: the idle day plus everyone working `hoursPerDay` hours. */
  readonly perLabDay: number;
  /** `perLabDay x courseDays`. */
  readonly perCourse: number;
  /** False when some meter had no price: the figures are then lower bounds. */
  readonly complete: boolean;
  readonly items: CostItem[];
  readonly missing: MissingPrice[];
  /** Resource types the model has no price for (listed, not counted). */
  readonly unpriced: { type: string; resources: string[] }[];
  readonly prices: UsedPrice[];
}
