/**
 * Azure facts: the VM sizes the project may use, written once, with the figures quota, cost and
 * AKS sizing need: vCPUs, memory, GPUs and the VM family as Azure ML names it in its quota
 * (`family` in the response of
 * `GET .../providers/Microsoft.MachineLearningServices/locations/{region}/vmSizes`, e.g.
 * `standardDSv2Family`). Pure data, no Pulumi import.
 *
 * Sources: the Azure VM size pages on Microsoft Learn
 * (https://learn.microsoft.com/azure/virtual-machines/sizes/overview: Dv2/DSv2, Dsv3, Dasv4, Ddsv4,
 * Dsv5, Esv3, Edsv4, Easv4, Fsv2, NCasT4_v3, NCv3) and the Azure ML `vmSizes` REST response for the
 * quota family. A size that is not here is an error, never a guess: add it here (and its price to
 * plan/prices.json; tests/azure/vmSizes.test.ts checks every VM price is of a size listed here).
 */

/** Broad use class; sizes of the same class and vCPU count can replace one another. */
export type VmCategory = "general" | "memory" | "compute" | "gpu";

export interface VmSizeInfo {
  /** ARM name, e.g. `Standard_DS11_v2`. */
  readonly name: string;
  readonly vCPUs: number;
  readonly memoryGb: number;
  readonly gpus: number;
  /** Azure ML quota family, e.g. `standardDSv2Family`. */
  readonly family: string;
  readonly category: VmCategory;
  /**
   * In the guardrail `vm-size-allowed`'s default list (classroom policy, not an Azure limit): the
   * CPU sizes the lab catalog uses or may use for ML compute and AKS nodes. GPU sizes are left out
   * on purpose: a course that needs one adds it to `allowedVmSizes`.
   */
  readonly defaultAllowed: boolean;
}

const SIZES: readonly VmSizeInfo[] = [
  // Dv2/DSv2 series (general purpose and the DS11-DS14 memory optimised line).
  allowed("Standard_DS1_v2", 1, 3.5, "standardDSv2Family", "general"),
  allowed("Standard_DS2_v2", 2, 7, "standardDSv2Family", "general"),
  allowed("Standard_DS3_v2", 4, 14, "standardDSv2Family", "general"),
  size("Standard_DS4_v2", 8, 28, "standardDSv2Family", "general"),
  allowed("Standard_DS11_v2", 2, 14, "standardDSv2Family", "memory"),
  allowed("Standard_DS12_v2", 4, 28, "standardDSv2Family", "memory"),
  size("Standard_DS13_v2", 8, 56, "standardDSv2Family", "memory"),
  // Dsv3, Dasv4, Ddsv4, Dsv5 (general purpose).
  allowed("Standard_D2s_v3", 2, 8, "standardDSv3Family", "general"),
  allowed("Standard_D4s_v3", 4, 16, "standardDSv3Family", "general"),
  allowed("Standard_D2as_v4", 2, 8, "standardDASv4Family", "general"),
  allowed("Standard_D4as_v4", 4, 16, "standardDASv4Family", "general"),
  allowed("Standard_D2ds_v4", 2, 8, "standardDDSv4Family", "general"),
  size("Standard_D4ds_v4", 4, 16, "standardDDSv4Family", "general"),
  size("Standard_D2s_v5", 2, 8, "standardDSv5Family", "general"),
  size("Standard_D4s_v5", 4, 16, "standardDSv5Family", "general"),
  // Esv3, Edsv4, Easv4 (memory optimised).
  size("Standard_E2s_v3", 2, 16, "standardESv3Family", "memory"),
  size("Standard_E4s_v3", 4, 32, "standardESv3Family", "memory"),
  // The larger Esv3 sizes: with E4s_v3, the sizes Azure ML model monitoring runs its serverless
  // Spark jobs on (learn.microsoft.com/azure/machine-learning/how-to-monitor-model-performance).
  size("Standard_E8s_v3", 8, 64, "standardESv3Family", "memory"),
  size("Standard_E16s_v3", 16, 128, "standardESv3Family", "memory"),
  size("Standard_E32s_v3", 32, 256, "standardESv3Family", "memory"),
  size("Standard_E64s_v3", 64, 432, "standardESv3Family", "memory"),
  size("Standard_E2ds_v4", 2, 16, "standardEDSv4Family", "memory"),
  allowed("Standard_E4ds_v4", 4, 32, "standardEDSv4Family", "memory"),
  size("Standard_E2as_v4", 2, 16, "standardEASv4Family", "memory"),
  size("Standard_E4as_v4", 4, 32, "standardEASv4Family", "memory"),
  // Fsv2 (compute optimised).
  size("Standard_F2s_v2", 2, 4, "standardFSv2Family", "compute"),
  size("Standard_F4s_v2", 4, 8, "standardFSv2Family", "compute"),
  // GPU. The original NC family (Standard_NC6, "standardNCFamily") was retired in 2023, so the
  // GPU sizes offered here are its successors.
  size("Standard_NC4as_T4_v3", 4, 28, "standardNCASv3_T4Family", "gpu", 1),
  size("Standard_NC6s_v3", 6, 112, "standardNCSv3Family", "gpu", 1),
];

function size(
  name: string,
  vCPUs: number,
  memoryGb: number,
  family: string,
  category: VmCategory,
  gpus = 0,
  defaultAllowed = false,
): VmSizeInfo {
  return { name, vCPUs, memoryGb, gpus, family, category, defaultAllowed };
}

/** A size in the guardrail's default allow-list. */
function allowed(
  name: string,
  vCPUs: number,
  memoryGb: number,
  family: string,
  category: VmCategory,
): VmSizeInfo {
  return size(name, vCPUs, memoryGb, family, category, 0, true);
}

const BY_KEY = new Map(SIZES.map((s) => [s.name.toLowerCase(), s]));

/** Thrown for a VM size the catalog does not know. */
export class UnknownVmSizeError extends Error {
  constructor(readonly vmSize: string) {
    super(
      `unknown VM size "${vmSize}": azure/vmSizes.ts knows ${SIZES.map((s) => s.name).join(", ")}; ` +
        `add it there (vCPUs, memory, Azure ML quota family) and to plan/prices.json`,
    );
    this.name = "UnknownVmSizeError";
  }
}

/** Every VM size the catalog knows. */
export function knownVmSizes(): readonly VmSizeInfo[] {
  return SIZES;
}

/** The size's figures; ARM matches VM size names case-insensitively, so this does too. */
export function vmSizeInfo(vmSize: string): VmSizeInfo {
  const info = BY_KEY.get(vmSize.toLowerCase());
  if (!info) throw new UnknownVmSizeError(vmSize);
  return info;
}

/** The size's canonical spelling (`STANDARD_DS11_V2` -> `Standard_DS11_v2`), or undefined. */
export function canonicalVmSize(vmSize: string): string | undefined {
  return BY_KEY.get(vmSize.toLowerCase())?.name;
}

/** A size's class: category and vCPU count, e.g. `memory-2vcpu`. */
export function vmClass(info: VmSizeInfo): string {
  return `${info.category}-${info.vCPUs}vcpu`;
}

/** Other sizes of the same class in another quota family (candidates when a family is full). */
export function sameClassAlternatives(vmSize: string): VmSizeInfo[] {
  const info = vmSizeInfo(vmSize);
  return SIZES.filter(
    (s) => vmClass(s) === vmClass(info) && s.family !== info.family && s.name !== info.name,
  );
}

/** The sizes of the guardrail's default allow-list, in table order. */
export function defaultAllowedVmSizes(): readonly string[] {
  return SIZES.filter((s) => s.defaultAllowed).map((s) => s.name);
}
