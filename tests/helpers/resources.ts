import type { PlannedResource } from "../../plan/types";

/** Hand-built plan resources for the cost, quota and preflight tests. */

export function res(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
): PlannedResource {
  return {
    urn: `urn:pulumi:t::p::${type}::${name}`,
    type,
    name,
    parent: null,
    custom: true,
    inputs,
  };
}

/** A compute instance of `vmSize` in `location`. */
export const instance = (name: string, vmSize = "Standard_DS11_v2", location = "eastus") =>
  res("azure-native:machinelearningservices:Compute", name, {
    location,
    properties: { computeType: "ComputeInstance", properties: { vmSize } },
  });

/** A cluster scaling from 0 to `max` nodes. */
export const cluster = (name: string, vmSize = "Standard_DS11_v2", max = 2, low = false) =>
  res("azure-native:machinelearningservices:Compute", name, {
    location: "eastus",
    properties: {
      computeType: "AmlCompute",
      properties: {
        vmSize,
        vmPriority: low ? "LowPriority" : "Dedicated",
        scaleSettings: { minNodeCount: 0, maxNodeCount: max },
      },
    },
  });
