import { armClient, ArmClientOptions } from "../http/arm";
import { RestClient } from "../http/client";

/**
 * What quota preflight reads from Azure Resource Manager, and the client that reads it.
 *
 * ARM calls (api-version 2024-04-01; the `List` operation of the Usages, Quotas and
 * VirtualMachineSizes groups in the REST spec
 * `specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices`):
 *   GET /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{r}/usages
 *   GET /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{r}/quotas
 *   GET /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{r}/vmSizes
 * and, for AKS node pools, GET /subscriptions/{s}/providers/Microsoft.Compute/locations/{r}/usages
 * (api-version 2023-07-01).
 */

export interface UsageName {
  readonly value: string;
  readonly localizedValue?: string;
}

/** One row of `.../locations/{r}/usages` (Azure ML "Usage"). */
export interface ArmUsage {
  readonly id?: string;
  readonly type?: string;
  readonly amlWorkspaceLocation?: string;
  readonly unit?: string;
  readonly currentValue: number;
  /** -1 means no limit at this level (low-priority families defer to the regional total). */
  readonly limit: number;
  readonly name: UsageName;
}

export interface UsageResponse {
  readonly value: ArmUsage[];
  readonly nextLink?: string | null;
}

/** One row of `.../locations/{r}/quotas` (Azure ML "ResourceQuota"). */
export interface ArmQuota {
  readonly id?: string;
  readonly type?: string;
  readonly amlWorkspaceLocation?: string;
  readonly unit?: string;
  readonly limit: number;
  readonly name: UsageName;
}

export interface QuotaResponse {
  readonly value: ArmQuota[];
  readonly nextLink?: string | null;
}

/** One row of `.../locations/{r}/vmSizes` (Azure ML "VirtualMachineSize"). */
export interface ArmVmSize {
  readonly name: string;
  readonly family?: string;
  readonly vCPUs?: number;
  readonly gpus?: number;
  readonly memoryGB?: number;
  readonly lowPriorityCapable?: boolean;
  readonly premiumIO?: boolean;
  /** e.g. ["AmlCompute", "ComputeInstance", "MIR"] (MIR: managed online endpoints). */
  readonly supportedComputeTypes?: string[];
}

export interface VmSizeResponse {
  readonly value: ArmVmSize[];
}

/** One row of Microsoft.Compute `.../locations/{r}/usages` (name.value e.g. `standardDSv2Family`, `cores`). */
export interface ComputeUsageResponse {
  readonly value: { currentValue: number; limit: number; name: UsageName; unit?: string }[];
  readonly nextLink?: string | null;
}

/** What preflight needs from ARM. Implementations follow `nextLink` and return every row. */
export interface AzureMlUsageApi {
  listUsages(subscriptionId: string, region: string): Promise<UsageResponse>;
  listQuotas(subscriptionId: string, region: string): Promise<QuotaResponse>;
  listVmSizes(subscriptionId: string, region: string): Promise<VmSizeResponse>;
  /** Microsoft.Compute usages, for AKS node pools. Optional: without it AKS is not checked. */
  listComputeUsages?(subscriptionId: string, region: string): Promise<ComputeUsageResponse>;
}

export const ML_API_VERSION = "2024-04-01";
export const COMPUTE_API_VERSION = "2023-07-01";

/**
 * AzureMlUsageApi over ARM on the one HTTP client (cli/http): token, paging through `nextLink`,
 * retries of 429 and 5xx, and errors that name the call.
 */
export class ArmAzureMlUsageApi implements AzureMlUsageApi {
  private readonly arm: RestClient;

  constructor(opts: ArmClientOptions = {}) {
    this.arm = armClient(opts);
  }

  async listUsages(s: string, r: string): Promise<UsageResponse> {
    return { value: await this.arm.list<ArmUsage>(mlPath(s, r, "usages")) };
  }

  async listQuotas(s: string, r: string): Promise<QuotaResponse> {
    return { value: await this.arm.list<ArmQuota>(mlPath(s, r, "quotas")) };
  }

  async listVmSizes(s: string, r: string): Promise<VmSizeResponse> {
    return { value: await this.arm.list<ArmVmSize>(mlPath(s, r, "vmSizes")) };
  }

  async listComputeUsages(s: string, r: string): Promise<ComputeUsageResponse> {
    const path =
      `/subscriptions/${encodeURIComponent(s)}/providers/Microsoft.Compute/locations/` +
      `${encodeURIComponent(r)}/usages?api-version=${COMPUTE_API_VERSION}`;
    return { value: await this.arm.list<ComputeUsageResponse["value"][number]>(path) };
  }
}

function mlPath(s: string, r: string, what: string): string {
  return (
    `/subscriptions/${encodeURIComponent(s)}/providers/Microsoft.MachineLearningServices/` +
    `locations/${encodeURIComponent(r)}/${what}?api-version=${ML_API_VERSION}`
  );
}
