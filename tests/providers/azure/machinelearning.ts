/**
 * TEST DOUBLES. Azure ML compute (Microsoft.MachineLearningServices/workspaces/computes), as the
 * stand-in reproduces it. Models of Azure, independent of the project's own code:
 *
 * - `vmSize` comes back upper-cased whatever case was sent, on every read:
 *   Azure/azure-rest-api-specs#20336 (PUT `Standard_DS2_V2`, GET `STANDARD_DS2_V2`), #20216;
 *   hashicorp/terraform-provider-azurerm#17562 (cluster), #18030 (compute instance).
 * - A PUT on an existing compute instance that carries `schedules` fails: the second deployment of
 *   Microsoft's own compute-instance quickstart template fails on the schedule
 *   (Azure/azure-quickstart-templates#11830, MicrosoftDocs/azure-docs#80695; the service team
 *   answers that schedules change through the compute's updateSchedules action, not a PUT).
 */
import type { AzureBehaviour, Props } from "./behaviour";

const COMPUTE = "azure-native:machinelearningservices:Compute";

const isObject = (v: unknown): v is Props => !!v && typeof v === "object" && !Array.isArray(v);

/** `properties` and its nested `properties` of an ML compute, when both are plain objects. */
function computeProperties(props: Props): { outer: Props; inner: Props } | undefined {
  const outer = props.properties;
  if (!isObject(outer) || !isObject(outer.properties)) return undefined;
  return { outer, inner: outer.properties };
}

export const mlVmSizeUpperCase: AzureBehaviour = {
  id: "ml-vmsize-upper-case",
  source:
    "Azure/azure-rest-api-specs#20336, #20216; hashicorp/terraform-provider-azurerm#17562, #18030",
  types: [COMPUTE],
  returned(_type, props) {
    const p = computeProperties(props);
    if (!p || !["ComputeInstance", "AmlCompute"].includes(String(p.outer.computeType)))
      return props;
    const size = p.inner.vmSize;
    if (typeof size !== "string") return props;
    return {
      ...props,
      properties: { ...p.outer, properties: { ...p.inner, vmSize: size.toUpperCase() } },
    };
  },
};

export const computeInstanceScheduleUpdate: AzureBehaviour = {
  id: "compute-instance-schedule-update",
  source: "Azure/azure-quickstart-templates#11830; MicrosoftDocs/azure-docs#80695",
  types: [COMPUTE],
  refuse({ op, inputs }) {
    if (op !== "update") return undefined;
    const p = computeProperties(inputs);
    if (!p || p.outer.computeType !== "ComputeInstance" || p.inner.schedules === undefined) {
      return undefined;
    }
    return (
      "BadRequest: the schedules of an existing compute instance cannot be set by updating it " +
      "(Schedule format); use the compute's updateSchedules action or recreate the instance"
    );
  },
};
