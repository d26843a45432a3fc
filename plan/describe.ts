import type { ResourceTypeToken } from "../azure/resourceTypes";
import { ROLE_IDS as ROLES } from "../azure/roles";
import { get, rowOf } from "./inputs";
import type { PlannedResource } from "./types";

/**
 * How the human plan describes a resource: per azure-native type token, its purpose and the
 * settings that matter, in a few words each. Describing a new type is adding a row; a type with no
 * row shows the last part of its token and no settings.
 */

type Inputs = Record<string, unknown>;

/** A resource's purpose and settings in the plan's table. */
export interface Description {
  readonly purpose: string;
  readonly settings: string;
}

/** Describes one resource of the type from its inputs. */
export type Describe = (i: Inputs, r: PlannedResource) => Description;

const ROLE_NAMES = new Map<string, string>(Object.entries(ROLES).map(([n, id]) => [id, n]));

const onOff = (v: unknown, on = "on", off = "off") => (v === true ? on : v === false ? off : "-");

/** The description of each type the plan knows. */
export const DESCRIBE_BY_TYPE: Readonly<
  Partial<Record<ResourceTypeToken | "random:index/randomString:RandomString", Describe>>
> = {
  "azure-native:resources:ResourceGroup": (i) => ({
    purpose: "resource group",
    settings: `location=${i.location}`,
  }),
  "azure-native:storage:StorageAccount": (i) => ({
    purpose: "storage",
    settings: `sku=${get(i, "sku", "name")} tls=${i.minimumTlsVersion} httpsOnly=${onOff(i.enableHttpsTrafficOnly)} publicBlob=${onOff(i.allowBlobPublicAccess)} publicNetwork=${i.publicNetworkAccess}`,
  }),
  "azure-native:keyvault:Vault": (i) => {
    const p = (i.properties ?? {}) as Inputs;
    return {
      purpose: "key vault",
      settings: `rbac=${onOff(p.enableRbacAuthorization)} softDelete=${p.softDeleteRetentionInDays}d purgeProtection=${onOff(p.enablePurgeProtection ?? false)} publicNetwork=${p.publicNetworkAccess}`,
    };
  },
  "azure-native:operationalinsights:Workspace": (i) => ({
    purpose: "log analytics",
    settings: `sku=${get(i, "sku", "name")} retention=${i.retentionInDays}d`,
  }),
  "azure-native:applicationinsights:Component": (i) => ({
    purpose: "app insights",
    settings: `ingestion=${i.ingestionMode}`,
  }),
  "azure-native:containerregistry:Registry": (i) => ({
    purpose: "container registry",
    settings: `sku=${get(i, "sku", "name")} admin=${onOff(i.adminUserEnabled)} anonymousPull=${onOff(i.anonymousPullEnabled)}`,
  }),
  "azure-native:machinelearningservices:Workspace": (i) => ({
    purpose: "ML workspace",
    settings: `identity=${get(i, "identity", "type")} publicNetwork=${i.publicNetworkAccess}`,
  }),
  "azure-native:machinelearningservices:Compute": describeCompute,
  "azure-native:authorization:RoleAssignment": (i) => {
    const roleId =
      String(i.roleDefinitionId ?? "")
        .split("/")
        .pop() ?? "";
    const scope =
      String(i.scope ?? "")
        .split("/providers/")
        .pop() ?? "";
    return {
      purpose: "role assignment",
      settings: `${ROLE_NAMES.get(roleId) ?? roleId} for ${i.principalId} on ${scope}`,
    };
  },
  "azure-native:consumption:Budget": (i) => {
    const n = Object.keys((i.notifications ?? {}) as Inputs).join(",");
    return {
      purpose: "budget",
      settings: `amount=$${i.amount}/${String(i.timeGrain).toLowerCase()} alerts=${n}`,
    };
  },
  "azure-native:monitor:DiagnosticSetting": (i) => ({
    purpose: "diagnostics",
    settings: `to log analytics: ${(String(i.resourceUri).split("/providers/").pop() ?? "").split("/").slice(0, 2).join("/")}`,
  }),
  "azure-native:containerservice:ManagedCluster": (i) => {
    const pool = ((i.agentPoolProfiles ?? []) as Inputs[])[0] ?? {};
    return {
      purpose: "AKS cluster",
      settings: `tier=${get(i, "sku", "tier")} vm=${pool.vmSize} nodes=${pool.minCount ?? pool.count}..${pool.maxCount ?? pool.count} localAccounts=${onOff(i.disableLocalAccounts, "off", "on")} rbac=${onOff(i.enableRBAC)} network=${get(i, "networkProfile", "networkPlugin")}/${get(i, "networkProfile", "networkPluginMode") ?? "-"}`,
    };
  },
  "azure-native:storage:BlobContainer": (i) => ({
    purpose: "blob container",
    settings: `publicAccess=${i.publicAccess ?? "-"}`,
  }),
  "azure-native:storage:Blob": (i) => ({
    purpose: "lab file",
    settings: `container=${i.containerName} type=${i.contentType ?? "-"}`,
  }),
  "azure-native:machinelearningservices:Datastore": (i) => ({
    purpose: "datastore",
    settings: `container=${get(i, "properties", "containerName")} credentials=${get(i, "properties", "credentials", "credentialsType")}`,
  }),
  "azure-native:machinelearningservices:DataVersion": (i) => ({
    purpose: "data asset",
    settings: `v${i.version} ${get(i, "properties", "dataType")} ${get(i, "properties", "dataUri")}`,
  }),
  "azure-native:machinelearningservices:CodeVersion": (i) => ({
    purpose: "code asset",
    settings: `v${i.version} ${get(i, "properties", "codeUri")}`,
  }),
  "azure-native:machinelearningservices:ComponentVersion": (i) => ({
    purpose: "component",
    settings: `v${i.version}`,
  }),
  "azure-native:monitor:ActionGroup": (i) => ({
    purpose: "action group",
    settings: `e-mails=${((i.emailReceivers ?? []) as Inputs[]).length}`,
  }),
  "azure-native:monitor:MetricAlert": (i) => ({
    purpose: "alert rule",
    settings: `severity=${i.severity} every ${i.evaluationFrequency} over ${i.windowSize}`,
  }),
  "azure-native:kubernetesconfiguration:Extension": (i) => {
    const c = (i.configurationSettings ?? {}) as Inputs;
    return {
      purpose: "cluster extension",
      settings: `${i.extensionType} inference=${c.enableInference} http=${c.allowInsecureConnections} routerHA=${c.inferenceRouterHA} internalLB=${c.internalLoadBalancerProvider === "azure" ? "on" : "off"}`,
    };
  },
  "azure-native:monitor:DataCollectionRule": containerInsights,
  "azure-native:monitor:DataCollectionRuleAssociation": containerInsights,
  "random:index/randomString:RandomString": (i) => ({
    purpose: "name suffix",
    settings: `length=${i.length} (kept in state)`,
  }),
};

/** The purpose of a resource and the settings that matter, in a few words each. */
export function describe(r: PlannedResource): Description {
  const row = rowOf(DESCRIBE_BY_TYPE, r.type);
  return row ? row(r.inputs, r) : { purpose: r.type.split(":").pop() ?? r.type, settings: "" };
}

function containerInsights(): Description {
  return { purpose: "container insights", settings: "" };
}

/** Azure ML compute, by its computeType. */
function describeCompute(i: Inputs): Description {
  const p = (get(i, "properties") ?? {}) as Inputs;
  const pp = (p.properties ?? {}) as Inputs;
  const localAuth = onOff(p.disableLocalAuth, "off", "on");
  if (p.computeType === "ComputeInstance") {
    const cron = get(pp, "schedules", "computeStartStop") as Inputs[] | undefined;
    const stop = cron?.[0]
      ? `${get(cron[0], "cron", "expression")} ${get(cron[0], "cron", "timeZone")}`
      : "none";
    return {
      purpose: "compute instance",
      settings: `vm=${pp.vmSize} idleShutdown=${pp.idleTimeBeforeShutdown ?? "none"} stop='${stop}' ssh=${get(pp, "sshSettings", "sshPublicAccess")} localAuth=${localAuth} user=${get(pp, "personalComputeInstanceSettings", "assignedUser", "objectId")}`,
    };
  }
  if (p.computeType === "AmlCompute") {
    const s = (pp.scaleSettings ?? {}) as Inputs;
    return {
      purpose: "compute cluster",
      settings: `vm=${pp.vmSize} nodes=${s.minNodeCount}..${s.maxNodeCount} scaleDown=${s.nodeIdleTimeBeforeScaleDown} priority=${pp.vmPriority} localAuth=${localAuth}`,
    };
  }
  if (p.computeType === "Kubernetes") {
    return {
      purpose: "Kubernetes compute",
      settings: `namespace=${pp.namespace} instanceType=${pp.defaultInstanceType} localAuth=${localAuth}`,
    };
  }
  return {
    purpose: `${String(p.computeType)} compute`,
    settings: `purpose=${get(pp, "clusterPurpose") ?? "-"}`,
  };
}
