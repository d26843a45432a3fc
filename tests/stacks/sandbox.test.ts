import { PLACEHOLDER_CLIENT } from "../../plan/mockRuntime";
import { PlanDocument } from "../../plan/types";
import { byName, computeOfType, get, ofType, planIsolated, PROJECT_DIR } from "../helpers/plan";

let plan: PlanDocument;
beforeAll(async () => {
  plan = await planIsolated({ stack: "example-sandbox", projectDir: PROJECT_DIR });
});

test("the dev sandbox plans clean: a resource group, the workspace set, a cluster and the caller's instance", () => {
  expect(plan.violations).toEqual([]);
  const types = plan.resources.filter((r) => r.custom).map((r) => r.type);
  for (const t of [
    "azure-native:resources:ResourceGroup",
    "azure-native:storage:StorageAccount",
    "azure-native:keyvault:Vault",
    "azure-native:operationalinsights:Workspace",
    "azure-native:applicationinsights:Component",
    "azure-native:machinelearningservices:Workspace",
    "azure-native:consumption:Budget",
  ]) {
    expect(types.filter((x) => x === t)).toHaveLength(1);
  }
  expect(computeOfType(plan, "AmlCompute")).toHaveLength(1);
  expect(computeOfType(plan, "ComputeInstance")).toHaveLength(1);
  // A sandbox has no role assignments: the caller deploys it and owns it already.
  expect(ofType(plan, "azure-native:authorization:RoleAssignment")).toHaveLength(0);
});

test("storage is locked down: TLS 1.2, HTTPS only, no public blobs, LRS", () => {
  const [st] = ofType(plan, "azure-native:storage:StorageAccount");
  expect(st.inputs).toMatchObject({
    minimumTlsVersion: "TLS1_2",
    enableHttpsTrafficOnly: true,
    allowBlobPublicAccess: false,
    sku: { name: "Standard_LRS" },
  });
});

test("key vault uses RBAC, 7-day soft delete and no purge protection", () => {
  const [kv] = ofType(plan, "azure-native:keyvault:Vault");
  expect(get(kv.inputs, "properties", "enableRbacAuthorization")).toBe(true);
  expect(get(kv.inputs, "properties", "softDeleteRetentionInDays")).toBe(7);
  expect(get(kv.inputs, "properties", "enablePurgeProtection")).toBeUndefined();
});

test("the workspace has a managed identity, workspace-based insights and diagnostics to Log Analytics", () => {
  const [ws] = ofType(plan, "azure-native:machinelearningservices:Workspace");
  const [logs] = ofType(plan, "azure-native:operationalinsights:Workspace");
  const [appi] = ofType(plan, "azure-native:applicationinsights:Component");
  expect(get(ws.inputs, "identity", "type")).toBe("SystemAssigned");
  expect(ws.inputs.hbiWorkspace).toBe(false);
  expect(appi.inputs.ingestionMode).toBe("LogAnalytics");
  expect(String(appi.inputs.workspaceResourceId)).toContain(String(logs.inputs.workspaceName));
  const diag = ofType(plan, "azure-native:monitor:DiagnosticSetting");
  expect(
    diag.map((d) => String(d.inputs.resourceUri).split("/providers/")[1].split("/")[0]).sort(),
  ).toEqual(["Microsoft.KeyVault", "Microsoft.MachineLearningServices"]);
  for (const d of diag)
    expect(String(d.inputs.workspaceId)).toContain(String(logs.inputs.workspaceName));
  expect(String(plan.outputs.studioUrl)).toMatch(
    /^https:\/\/ml\.azure\.com\/\?wsid=\/subscriptions\/.+\/workspaces\/.+&tid=/,
  );
});

test("the cluster scales to zero after 120 s, local auth off, no SSH", () => {
  const [cluster] = computeOfType(plan, "AmlCompute");
  expect(cluster.inputs.computeName).toBe("aml-cluster");
  expect(get(cluster.inputs, "properties", "disableLocalAuth")).toBe(true);
  expect(get(cluster.inputs, "properties", "properties", "scaleSettings")).toEqual({
    minNodeCount: 0,
    maxNodeCount: 2,
    nodeIdleTimeBeforeScaleDown: "PT120S",
  });
  expect(get(cluster.inputs, "properties", "properties", "vmPriority")).toBe("Dedicated");
  expect(get(cluster.inputs, "properties", "properties", "remoteLoginPortPublicAccess")).toBe(
    "Disabled",
  );
});

test("the instance is the caller's: assigned user from the client config, idle shutdown, 18:00 stop, no SSH", () => {
  const [ci] = computeOfType(plan, "ComputeInstance");
  const p = get(ci.inputs, "properties", "properties") as Record<string, unknown>;
  expect(get(ci.inputs, "properties", "disableLocalAuth")).toBe(true);
  expect(get(p, "personalComputeInstanceSettings", "assignedUser")).toEqual({
    objectId: PLACEHOLDER_CLIENT.objectId,
    tenantId: PLACEHOLDER_CLIENT.tenantId,
  });
  expect(p.idleTimeBeforeShutdown).toBe("PT30M");
  expect(get(p, "sshSettings", "sshPublicAccess")).toBe("Disabled");
  expect(p.applicationSharingPolicy).toBe("Personal");
  expect(get(p, "schedules", "computeStartStop")).toEqual([
    {
      action: "Stop",
      triggerType: "Cron",
      status: "Enabled",
      // The default stack's region is eastus: the schedule runs on the class's clock.
      cron: { expression: "0 18 * * *", timeZone: "Eastern Standard Time" },
    },
  ]);
});

test("every resource carries the required tags", () => {
  const tagged = plan.resources.filter((r) => r.custom && r.inputs.tags !== undefined);
  expect(tagged.length).toBeGreaterThan(6);
  for (const r of tagged) {
    expect(Object.keys(r.inputs.tags as object)).toEqual(
      expect.arrayContaining(["cohort", "labs", "owner", "expiresOn"]),
    );
  }
});

test("the budget watches the resource group and mails at 50, 80 and 100 percent", () => {
  const budget = byName(plan, "azure-native:consumption:Budget", "shared-budget");
  const [rg] = ofType(plan, "azure-native:resources:ResourceGroup");
  expect(
    String(budget.inputs.scope).endsWith(`/resourceGroups/${rg.inputs.resourceGroupName}`),
  ).toBe(true);
  expect(Object.keys(budget.inputs.notifications as object).sort()).toEqual([
    "actual_100",
    "actual_50",
    "actual_80",
    "forecasted_100_greaterthan",
  ]);
});

test("URNs are the engine's: the parents' whole type chain, no stack; top level has parent null", () => {
  const [ci] = computeOfType(plan, "ComputeInstance");
  expect(ci.urn).toBe(
    "urn:pulumi:example-sandbox::dp100-labs::dp100:cohort:Learner$dp100:ml:ComputeInstance$azure-native:machinelearningservices:Compute::compute-instance-me-compute",
  );
  const [rg] = ofType(plan, "azure-native:resources:ResourceGroup");
  expect(rg.urn).toBe(
    "urn:pulumi:example-sandbox::dp100-labs::azure-native:resources:ResourceGroup::shared-rg",
  );
  expect(rg.parent).toBeNull();
  const urns = new Set(plan.resources.map((r) => r.urn));
  for (const r of plan.resources) if (r.parent !== null) expect(urns.has(r.parent)).toBe(true);
});
