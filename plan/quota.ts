// The vCPU quota a plan needs at peak (plan/quota/compute.ts), one file per part in plan/quota/.
// Re-exports only.
export * from "./quota/report";
export { computeQuota, normaliseRegion } from "./quota/compute";
export { formatQuota } from "./quota/format";
