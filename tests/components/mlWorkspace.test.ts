/**
 * MlWorkspace: the Azure ML workspace and what it depends on. What matters: secure defaults on each
 * dependency (storage, key vault, registry), the workspace wired to them with its own identity,
 * logs kept in one Log Analytics workspace, names from the Namer, cheap defaults, private
 * networking as an option, and a bad retention refused before anything is registered.
 */
import { byType, one, promiseOf, settle, setupMocks } from "../helpers/mocks";

setupMocks();

type Module = typeof import("../../components/mlWorkspace");
let mod: Module;
let Namer: typeof import("../../components/naming").Namer;

const STORAGE = "azure-native:storage:StorageAccount";
const VAULT = "azure-native:keyvault:Vault";
const LOGS = "azure-native:operationalinsights:Workspace";
const INSIGHTS = "azure-native:applicationinsights:Component";
const REGISTRY = "azure-native:containerregistry:Registry";
const WORKSPACE = "azure-native:machinelearningservices:Workspace";
const DIAG = "azure-native:monitor:DiagnosticSetting";

beforeAll(async () => {
  mod = await import("../../components/mlWorkspace");
  Namer = (await import("../../components/naming")).Namer;
});

const args = (overrides: Partial<import("../../components/mlWorkspace").MlWorkspaceArgs> = {}) => ({
  resourceGroupName: "rg-lab",
  location: "eastus",
  namer: new Namer(["dp100", "t"], "abcde"),
  tenantId: "tenant-1",
  tags: { course: "dp100" },
  ...overrides,
});

describe("MlWorkspace defaults", () => {
  let ws: import("../../components/mlWorkspace").MlWorkspace;

  beforeAll(async () => {
    ws = new mod.MlWorkspace("ml", args());
    await settle();
  });

  it("names every resource with the Namer: prefix, abbreviation, suffix", () => {
    expect(one(STORAGE, "ml-storage").inputs.accountName).toBe("dp100tstabcde");
    expect(one(VAULT, "ml-vault").inputs.vaultName).toBe("dp100-t-kv-abcde");
    expect(one(LOGS, "ml-logs").inputs.workspaceName).toBe("dp100-t-log-abcde");
    expect(one(INSIGHTS, "ml-insights").inputs.resourceName).toBe("dp100-t-appi-abcde");
    expect(one(WORKSPACE, "ml-workspace").inputs.workspaceName).toBe("dp100-t-mlw-abcde");
  });

  it("secures the storage account: TLS 1.2, HTTPS only, no public blob access, LRS", () => {
    const s = one(STORAGE, "ml-storage").inputs;
    expect(s).toMatchObject({
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowCrossTenantReplication: false,
      publicNetworkAccess: "Enabled",
    });
    // Compute instances need shared keys unless every datastore uses identity auth.
    expect(s.allowSharedKeyAccess).toBe(true);
  });

  it("makes the key vault RBAC-only with a 7-day soft delete and no purge protection", () => {
    const p = one(VAULT, "ml-vault").inputs.properties;
    expect(p.tenantId).toBe("tenant-1");
    expect(p.enableRbacAuthorization).toBe(true);
    expect(p.softDeleteRetentionInDays).toBe(7);
    // Azure refuses enablePurgeProtection: false; it is left out rather than sent.
    expect("enablePurgeProtection" in p).toBe(false);
    expect(p.sku).toEqual({ family: "A", name: "standard" });
  });

  it("keeps 30 days of logs (the free retention) and puts Application Insights on them", () => {
    const logs = one(LOGS, "ml-logs").inputs;
    expect(logs.sku).toEqual({ name: "PerGB2018" });
    expect(logs.retentionInDays).toBe(30);
    const insights = one(INSIGHTS, "ml-insights").inputs;
    expect(insights.ingestionMode).toBe("LogAnalytics");
    expect(insights.workspaceResourceId).toBe("ml-logs-id");
  });

  it("creates no container registry unless asked", () => {
    expect(byType(REGISTRY).filter((r) => r.name.startsWith("ml-"))).toEqual([]);
    expect(ws.containerRegistryId).toBeUndefined();
  });

  it("wires the workspace to its dependencies, with a system-assigned identity, not HBI", () => {
    const w = one(WORKSPACE, "ml-workspace").inputs;
    expect(w.identity).toEqual({ type: "SystemAssigned" });
    expect(w.storageAccount).toBe("ml-storage-id");
    expect(w.keyVault).toBe("ml-vault-id");
    expect(w.applicationInsights).toBe("ml-insights-id");
    expect(w.containerRegistry).toBeUndefined();
    expect(w.hbiWorkspace).toBe(false);
    expect(w.publicNetworkAccess).toBe("Enabled");
    expect(w.managedNetwork).toBeUndefined();
    expect(w.tags).toEqual({ course: "dp100" });
  });

  it("sends the workspace's and the key vault's logs and metrics to Log Analytics", () => {
    for (const [diag, target] of [
      ["ml-diag-workspace", "ml-workspace-id"],
      ["ml-diag-vault", "ml-vault-id"],
    ]) {
      const d = one(DIAG, diag).inputs;
      expect(d.resourceUri).toBe(target);
      expect(d.workspaceId).toBe("ml-logs-id");
      expect(d.logs).toEqual([{ categoryGroup: "allLogs", enabled: true }]);
      expect(d.metrics).toEqual([{ category: "AllMetrics", enabled: true }]);
    }
  });

  it("outputs the studio link for the workspace and tenant", async () => {
    expect(await promiseOf(ws.studioUrl)).toBe(
      "https://ml.azure.com/?wsid=ml-workspace-id&tid=tenant-1",
    );
    expect(await promiseOf(ws.principalId)).toBe("ml-workspace-principal");
  });
});

describe("MlWorkspace options", () => {
  it("with privateNetworking, closes public access and isolates the managed network", async () => {
    new mod.MlWorkspace("priv", args({ privateNetworking: true }));
    await settle();
    expect(one(STORAGE, "priv-storage").inputs.publicNetworkAccess).toBe("Disabled");
    expect(one(VAULT, "priv-vault").inputs.properties.publicNetworkAccess).toBe("Disabled");
    const w = one(WORKSPACE, "priv-workspace").inputs;
    expect(w.publicNetworkAccess).toBe("Disabled");
    expect(w.managedNetwork).toMatchObject({ isolationMode: "AllowInternetOutbound" });
  });

  it("with a container registry, makes it Basic with no admin user and no anonymous pull", async () => {
    new mod.MlWorkspace("acr", args({ containerRegistry: true }));
    await settle();
    const r = one(REGISTRY, "acr-registry").inputs;
    expect(r.registryName).toBe("dp100tcrabcde");
    expect(r.sku).toEqual({ name: "Basic" });
    expect(r.adminUserEnabled).toBe(false);
    expect(r.anonymousPullEnabled).toBe(false);
    expect(one(WORKSPACE, "acr-workspace").inputs.containerRegistry).toBe("acr-registry-id");
  });

  it("takes purge protection and a retention when asked", async () => {
    new mod.MlWorkspace("kept", args({ purgeProtection: true, keyVaultRetentionDays: 90 }));
    await settle();
    const p = one(VAULT, "kept-vault").inputs.properties;
    expect(p.enablePurgeProtection).toBe(true);
    expect(p.softDeleteRetentionInDays).toBe(90);
  });

  it.each([6, 91, 7.5])(
    "refuses a key vault retention of %p days, naming the key, before registering anything",
    async (keyVaultRetentionDays) => {
      await settle();
      const before = byType(STORAGE).length;
      expect(() => new mod.MlWorkspace("bad", args({ keyVaultRetentionDays }))).toThrow(
        `keyVaultRetentionDays: ${keyVaultRetentionDays} is not accepted; Azure takes a whole number of days from 7 to 90`,
      );
      await settle();
      expect(byType(STORAGE).length).toBe(before);
    },
  );
});

describe("studioUrl", () => {
  it("opens the workspace in its tenant", () => {
    expect(mod.studioUrl("/subscriptions/s/x", "t")).toBe(
      "https://ml.azure.com/?wsid=/subscriptions/s/x&tid=t",
    );
  });
});
