import { ROLE_IDS as ROLES } from "../azure/roles";
import { describeStop, StopSchedule } from "../azure/regions";
import { CostReport, formatCost } from "./cost";
import { GraphReport } from "./graph";
import { get } from "./inputs";
import { NAME_INPUT } from "../azure/resourceTypes";
import { formatQuota, QuotaReport } from "./quota";
import { formatResourceProviders, isResourceProviderReport } from "./resourceProviders";
import { PlanDocument, PlannedResource } from "./types";

/** Human-readable rendering of a plan document: resources grouped by learner and purpose. */

type Inputs = Record<string, unknown>;

const ROLE_NAMES = new Map<string, string>(Object.entries(ROLES).map(([n, id]) => [id, n]));

const onOff = (v: unknown, on = "on", off = "off") => (v === true ? on : v === false ? off : "-");

/** The purpose of a resource and the settings that matter, in a few words each. */
export function describe(r: PlannedResource): { purpose: string; settings: string } {
  const i = r.inputs;
  switch (r.type) {
    case "azure-native:resources:ResourceGroup":
      return { purpose: "resource group", settings: `location=${i.location}` };
    case "azure-native:storage:StorageAccount":
      return {
        purpose: "storage",
        settings: `sku=${get(i, "sku", "name")} tls=${i.minimumTlsVersion} httpsOnly=${onOff(i.enableHttpsTrafficOnly)} publicBlob=${onOff(i.allowBlobPublicAccess)} publicNetwork=${i.publicNetworkAccess}`,
      };
    case "azure-native:keyvault:Vault": {
      const p = (i.properties ?? {}) as Inputs;
      return {
        purpose: "key vault",
        settings: `rbac=${onOff(p.enableRbacAuthorization)} softDelete=${p.softDeleteRetentionInDays}d purgeProtection=${onOff(p.enablePurgeProtection ?? false)} publicNetwork=${p.publicNetworkAccess}`,
      };
    }
    case "azure-native:operationalinsights:Workspace":
      return {
        purpose: "log analytics",
        settings: `sku=${get(i, "sku", "name")} retention=${i.retentionInDays}d`,
      };
    case "azure-native:applicationinsights:Component":
      return { purpose: "app insights", settings: `ingestion=${i.ingestionMode}` };
    case "azure-native:containerregistry:Registry":
      return {
        purpose: "container registry",
        settings: `sku=${get(i, "sku", "name")} admin=${onOff(i.adminUserEnabled)} anonymousPull=${onOff(i.anonymousPullEnabled)}`,
      };
    case "azure-native:machinelearningservices:Workspace":
      return {
        purpose: "ML workspace",
        settings: `identity=${get(i, "identity", "type")} publicNetwork=${i.publicNetworkAccess}`,
      };
    case "azure-native:machinelearningservices:Compute": {
      const p = (get(i, "properties") ?? {}) as Inputs;
      const pp = (p.properties ?? {}) as Inputs;
      if (p.computeType === "ComputeInstance") {
        const cron = get(pp, "schedules", "computeStartStop") as Inputs[] | undefined;
        const stop = cron?.[0]
          ? `${get(cron[0], "cron", "expression")} ${get(cron[0], "cron", "timeZone")}`
          : "none";
        return {
          purpose: "compute instance",
          settings: `vm=${pp.vmSize} idleShutdown=${pp.idleTimeBeforeShutdown ?? "none"} stop='${stop}' ssh=${get(pp, "sshSettings", "sshPublicAccess")} localAuth=${onOff(p.disableLocalAuth, "off", "on")} user=${get(pp, "personalComputeInstanceSettings", "assignedUser", "objectId")}`,
        };
      }
      if (p.computeType === "AmlCompute") {
        const s = (pp.scaleSettings ?? {}) as Inputs;
        return {
          purpose: "compute cluster",
          settings: `vm=${pp.vmSize} nodes=${s.minNodeCount}..${s.maxNodeCount} scaleDown=${s.nodeIdleTimeBeforeScaleDown} priority=${pp.vmPriority} localAuth=${onOff(p.disableLocalAuth, "off", "on")}`,
        };
      }
      if (p.computeType === "Kubernetes") {
        return {
          purpose: "Kubernetes compute",
          settings: `namespace=${pp.namespace} instanceType=${pp.defaultInstanceType} localAuth=${onOff(p.disableLocalAuth, "off", "on")}`,
        };
      }
      return {
        purpose: `${String(p.computeType)} compute`,
        settings: `purpose=${get(pp, "clusterPurpose") ?? "-"}`,
      };
    }
    case "azure-native:authorization:RoleAssignment": {
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
    }
    case "azure-native:consumption:Budget": {
      const n = Object.keys((i.notifications ?? {}) as Inputs).join(",");
      return {
        purpose: "budget",
        settings: `amount=$${i.amount}/${String(i.timeGrain).toLowerCase()} alerts=${n}`,
      };
    }
    case "azure-native:monitor:DiagnosticSetting":
      return {
        purpose: "diagnostics",
        settings: `to log analytics: ${(String(i.resourceUri).split("/providers/").pop() ?? "").split("/").slice(0, 2).join("/")}`,
      };
    case "azure-native:containerservice:ManagedCluster": {
      const pool = ((i.agentPoolProfiles ?? []) as Inputs[])[0] ?? {};
      return {
        purpose: "AKS cluster",
        settings: `tier=${get(i, "sku", "tier")} vm=${pool.vmSize} nodes=${pool.minCount ?? pool.count}..${pool.maxCount ?? pool.count} localAccounts=${onOff(i.disableLocalAccounts, "off", "on")} rbac=${onOff(i.enableRBAC)} network=${get(i, "networkProfile", "networkPlugin")}/${get(i, "networkProfile", "networkPluginMode") ?? "-"}`,
      };
    }
    case "azure-native:storage:BlobContainer":
      return { purpose: "blob container", settings: `publicAccess=${i.publicAccess ?? "-"}` };
    case "azure-native:storage:Blob":
      return {
        purpose: "lab file",
        settings: `container=${i.containerName} type=${i.contentType ?? "-"}`,
      };
    case "azure-native:machinelearningservices:Datastore":
      return {
        purpose: "datastore",
        settings: `container=${get(i, "properties", "containerName")} credentials=${get(i, "properties", "credentials", "credentialsType")}`,
      };
    case "azure-native:machinelearningservices:DataVersion":
      return {
        purpose: "data asset",
        settings: `v${i.version} ${get(i, "properties", "dataType")} ${get(i, "properties", "dataUri")}`,
      };
    case "azure-native:machinelearningservices:CodeVersion":
      return {
        purpose: "code asset",
        settings: `v${i.version} ${get(i, "properties", "codeUri")}`,
      };
    case "azure-native:machinelearningservices:ComponentVersion":
      return { purpose: "component", settings: `v${i.version}` };
    case "azure-native:monitor:ActionGroup":
      return {
        purpose: "action group",
        settings: `e-mails=${((i.emailReceivers ?? []) as Inputs[]).length}`,
      };
    case "azure-native:monitor:MetricAlert":
      return {
        purpose: "alert rule",
        settings: `severity=${i.severity} every ${i.evaluationFrequency} over ${i.windowSize}`,
      };
    case "azure-native:kubernetesconfiguration:Extension": {
      const c = (i.configurationSettings ?? {}) as Inputs;
      return {
        purpose: "cluster extension",
        settings: `${i.extensionType} inference=${c.enableInference} http=${c.allowInsecureConnections} routerHA=${c.inferenceRouterHA} internalLB=${c.internalLoadBalancerProvider === "azure" ? "on" : "off"}`,
      };
    }
    case "azure-native:monitor:DataCollectionRule":
    case "azure-native:monitor:DataCollectionRuleAssociation":
      return { purpose: "container insights", settings: "" };
    case "random:index/randomString:RandomString":
      return { purpose: "name suffix", settings: `length=${i.length} (kept in state)` };
    default:
      return { purpose: r.type.split(":").pop() ?? r.type, settings: "" };
  }
}

/** The learner a resource belongs to (through its LearnerScope ancestor), or undefined if shared. */
export function learnerOf(
  r: PlannedResource,
  byUrn: Map<string, PlannedResource>,
): string | undefined {
  let cur: PlannedResource | undefined = r;
  while (cur) {
    if (cur.type === "dp100:cohort:Learner") return String(cur.inputs.learnerId ?? cur.name);
    cur = cur.parent ? byUrn.get(cur.parent) : undefined;
  }
  return undefined;
}

/** The Azure name of a resource, or its logical name when the type has no name input. */
export function azureName(r: PlannedResource): string {
  const key = NAME_INPUT[r.type];
  const v = key ? r.inputs[key] : undefined;
  return typeof v === "string" ? v : `(${r.name})`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join("  "))
    .join("\n");
}

/** The plan as text: a header, one table per group (shared, then each learner), violations. */
export function renderPlan(
  doc: PlanDocument,
  opts: { maxLearners?: number; budget?: number } = {},
): string {
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  const custom = doc.resources.filter((r) => r.custom);
  const groups = new Map<string, PlannedResource[]>();
  for (const r of custom) {
    const learner = learnerOf(r, byUrn);
    const key = learner === undefined ? "shared" : `learner ${learner}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: string[] = [];
  out.push(
    `Offline plan of stack '${doc.stack}' (project ${doc.project}): ${custom.length} resources would be created, ${doc.resources.length - custom.length} components.`,
  );
  out.push(
    "Nothing was sent to Azure: ids, random suffixes and the client identity are placeholders of the real shape.",
  );
  const stop = doc.outputs.computeStop as StopSchedule | null | undefined;
  if (stop) {
    out.push(
      `Compute instances stop every day at ${describeStop(stop)}${stop.fromRegion ? "; set dp100-labs:timeZone for another" : ""}.`,
    );
  }
  const maxLearners = opts.maxLearners ?? 10;
  let learnersShown = 0;
  let learnersHidden = 0;
  for (const [group, rs] of groups) {
    if (group !== "shared" && ++learnersShown > maxLearners) {
      learnersHidden++;
      continue;
    }
    out.push("");
    out.push(`== ${group} (${rs.length})`);
    const rows = [["purpose", "azure name", "settings"]];
    for (const r of rs) {
      const d = describe(r);
      rows.push([d.purpose, azureName(r), d.settings]);
    }
    out.push(table(rows));
  }
  if (learnersHidden > 0)
    out.push(`\n(${learnersHidden} more learners with the same resources; --json lists every one)`);
  if (doc.cost) {
    out.push("");
    out.push(formatCost(doc.cost as CostReport, opts.budget));
  }
  if (doc.quota) {
    out.push("");
    out.push(formatQuota(doc.quota as QuotaReport));
  }
  if (isResourceProviderReport(doc.resourceProviders)) {
    out.push("");
    out.push(formatResourceProviders(doc.resourceProviders));
  }
  const graph = doc.graph as GraphReport | undefined;
  if (graph) {
    out.push("");
    out.push(
      `Creation order: the longest chain is ${graph.depth} resources created one after another (${graph.criticalPath.join(" -> ")}); ${graph.crossLearnerDependencies} dependencies between different learners.`,
    );
  }
  out.push("");
  if (doc.violations.length === 0) {
    out.push("Violations: none.");
  } else {
    out.push(`Violations (${doc.violations.length}):`);
    for (const v of doc.violations)
      out.push(`  [${v.level}] ${v.rule}: ${v.message}\n      at ${v.urn}`);
  }
  return out.join("\n");
}
