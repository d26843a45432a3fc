import { nameViolation, NameKind } from "../components/naming";
import { StackConfig } from "../stacks/config";
import { NAME_INPUT } from "./mockRuntime";
import { PlannedResource, Violation } from "./types";

/** The naming kind of each named resource type (the rest are not named by this project's rules). */
const NAME_KIND: Readonly<Record<string, NameKind>> = {
  "azure-native:resources:ResourceGroup": "resourceGroup",
  "azure-native:storage:StorageAccount": "storageAccount",
  "azure-native:keyvault:Vault": "keyVault",
  "azure-native:containerregistry:Registry": "containerRegistry",
  "azure-native:machinelearningservices:Workspace": "mlWorkspace",
  "azure-native:machinelearningservices:Compute": "mlCompute",
  "azure-native:operationalinsights:Workspace": "logAnalytics",
  "azure-native:applicationinsights:Component": "appInsights",
  "azure-native:containerservice:ManagedCluster": "aksCluster",
  "azure-native:machinelearningservices:Datastore": "mlDatastore",
};

/** Every rule the plan checks; a violation at level mandatory makes the plan exit 1. */
export function checkPlan(resources: readonly PlannedResource[], _cfg: StackConfig): Violation[] {
  const out: Violation[] = [];
  // The engine refuses two resources with one URN; the mock runtime does not, so check here.
  const seen = new Set<string>();
  for (const r of resources) {
    if (seen.has(r.urn)) {
      out.push({
        rule: "urn-unique",
        urn: r.urn,
        message: `two resources share the URN ${r.urn}; give one another logical name`,
        level: "mandatory",
      });
    }
    seen.add(r.urn);
  }
  for (const r of resources) {
    const kind = NAME_KIND[r.type];
    const name = r.inputs[NAME_INPUT[r.type]];
    if (kind && typeof name === "string" && name !== "[unknown]" && name !== "[secret]") {
      const why = nameViolation(kind, name);
      if (why) out.push({ rule: "azure-name-valid", urn: r.urn, message: why, level: "mandatory" });
    }
  }
  return out;
}
