/**
 * Azure facts: Azure ML compute (Microsoft.MachineLearningServices/workspaces/computes), pure, no
 * Pulumi import.
 *
 * VM sizes come back upper-cased. Whatever case a PUT sends, a GET returns `vmSize` in upper case
 * (`Standard_DS2_V2` -> `STANDARD_DS2_V2`): Azure/azure-rest-api-specs#20336 (ARM round-trip report
 * for AmlCompute), #20216 (`STANDARD_NC8AS_T4_v3` -> `STANDARD_NC8AS_T4_V3`);
 * hashicorp/terraform-provider-azurerm#17562 (a cluster re-created on every plan unless the size is
 * written upper-case) and #18030 (compute instance). The REST spec's own examples
 * (Compute/get/ComputeInstance.json, AmlCompute.json) show `STANDARD_NC6`. So a program that sends
 * `Standard_DS11_v2` sees a size change after every refresh, and with the size marked
 * replace-on-change, a replacement of every instance; sending the upper-case form avoids that.
 *
 * A compute instance cannot be updated in place. A PUT on an existing instance does not apply
 * changes to `schedules` or `idleTimeBeforeShutdown`, and a redeployment that carries the schedule
 * fails on it (Azure/azure-quickstart-templates#11830, MicrosoftDocs/azure-docs#80695: the second
 * deployment of the quickstart template fails on the schedule; the service team points to the
 * compute's updateSchedules action instead). So nothing may send an
 * update to an existing instance: its settings change by replacement, and stack-level tags are set
 * at creation only (components/computeInstance.ts).
 */

/** `vmSize` in the form Azure ML returns it (upper case): send this, so a refresh finds no change. */
export function mlComputeVmSize(vmSize: string): string {
  return vmSize.toUpperCase();
}
