import * as fs from "fs";
import * as path from "path";
import type {
  AzureMlUsageApi,
  ComputeUsageResponse,
  QuotaResponse,
  UsageResponse,
  VmSizeResponse,
} from "../../../cli/preflight";
import { instance } from "../../helpers/resources";

/** Shared by the preflight tests: a subscription id, the recorded ARM responses, learners. */

export const SUB = "00000000-0000-0000-0000-000000000000";
export const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", name), "utf8"));

/** Recorded responses per region (tests/fixtures/ml-usages-<region>*.json). */
export class FakeApi implements AzureMlUsageApi {
  readonly calls: string[] = [];
  constructor(compute?: Record<string, ComputeUsageResponse>) {
    if (compute) {
      this.listComputeUsages = async (_s, r) => this.record("compute", r, () => compute[r]);
    }
  }
  listComputeUsages?: (s: string, r: string) => Promise<ComputeUsageResponse>;
  private async record<T>(what: string, region: string, get: () => T | undefined): Promise<T> {
    this.calls.push(`${what}:${region}`);
    const v = get();
    if (v === undefined) throw new Error(`no recorded ${what} response for ${region}`);
    return v;
  }
  private file(name: string) {
    const p = path.join(__dirname, "..", "..", "fixtures", name);
    return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, "utf8")) : undefined;
  }
  listUsages(_s: string, r: string): Promise<UsageResponse> {
    return this.record("usages", r, () => this.file(`ml-usages-${r}.json`));
  }
  listQuotas(_s: string, r: string): Promise<QuotaResponse> {
    return this.record("quotas", r, () => this.file(`ml-usages-${r}-quotas.json`) ?? { value: [] });
  }
  listVmSizes(_s: string, r: string): Promise<VmSizeResponse> {
    return this.record("vmSizes", r, () => this.file(`ml-usages-${r}-vmsizes.json`));
  }
}

export const learners = (n: number) => Array.from({ length: n }, (_, i) => instance(`ci-${i + 1}`));
