import { CLIENT_CONFIG, byType, one, promiseOf, settle, setupMocks } from "../helpers/mocks";

const mocks = setupMocks();

type Module = typeof import("../../components/monitoring");
let mod: Module;
let Namer: typeof import("../../components/naming").Namer;

const GROUP = "azure-native:monitor:ActionGroup";
const ALERT = "azure-native:monitor:MetricAlert";
const DIAG = "azure-native:monitor:DiagnosticSetting";
const APPI = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/components/appi";
const LOGS =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log";

beforeAll(async () => {
  mod = await import("../../components/monitoring");
  Namer = (await import("../../components/naming")).Namer;
});

function baseArgs(
  overrides: Partial<import("../../components/monitoring").LabMonitoringArgs> = {},
) {
  return {
    resourceGroupName: "rg-lab",
    appInsightsId: APPI,
    appInsightsName: "appi-lab",
    emails: ["trainer@example.com"],
    namer: new Namer(["dp100", "t"], "abcde"),
    ...overrides,
  };
}

describe("LabMonitoring defaults", () => {
  let mon: import("../../components/monitoring").LabMonitoring;

  beforeAll(async () => {
    mon = new mod.LabMonitoring(
      "mon",
      baseArgs({ emails: ["trainer@example.com", " learner@example.org ", "TRAINER@example.com"] }),
    );
    await settle();
  });

  it("creates one enabled global action group e-mailing each address once", () => {
    const g = one(GROUP, "mon-action-group").inputs;
    expect(g.location).toBe("global");
    expect(g.enabled).toBe(true);
    expect(g.groupShortName).toBe("DP100 labs");
    expect(g.groupShortName.length).toBeLessThanOrEqual(12);
    expect(g.actionGroupName).toBe("dp100-t-ag-alerts-abcde");
    expect(g.emailReceivers.map((r: { emailAddress: string }) => r.emailAddress)).toEqual([
      "trainer@example.com",
      "learner@example.org",
    ]);
    for (const r of g.emailReceivers) expect(r.useCommonAlertSchema).toBe(true);
    const names = g.emailReceivers.map((r: { name: string }) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("creates the alert rules on Application Insights, wired to the action group", async () => {
    const names = byType(ALERT)
      .filter((r) => r.name.startsWith("mon-"))
      .map((r) => r.name);
    // No workspace given: the Application Insights rules only.
    expect(names.sort()).toEqual(["mon-alert-failed-requests", "mon-alert-response-time"]);
    for (const name of names) {
      const a = one(ALERT, name).inputs;
      expect(a.location).toBe("global");
      expect(a.enabled).toBe(true);
      expect(a.scopes).toEqual([APPI]);
      expect(a.evaluationFrequency).toBe("PT5M");
      expect(a.windowSize).toBe("PT15M");
      expect(a.criteria.odataType).toBe(
        "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
      );
      expect(a.criteria.allOf).toHaveLength(1);
      expect(a.criteria.allOf[0].criterionType).toBe("StaticThresholdCriterion");
      expect(a.criteria.allOf[0].metricNamespace).toBe("microsoft.insights/components");
      expect(a.actions).toEqual([{ actionGroupId: "mon-action-group-id" }]);
      expect(a.description).toContain("appi-lab");
    }
    expect(await promiseOf(mon.actionGroupId)).toBe("mon-action-group-id");
  });

  it("alerts on failed requests and latency with the default thresholds, not on availability", () => {
    const crit = (name: string) => one(ALERT, name).inputs.criteria.allOf[0];
    expect(crit("mon-alert-failed-requests")).toMatchObject({
      metricName: "requests/failed",
      timeAggregation: "Count",
      operator: "GreaterThan",
      threshold: 5,
    });
    expect(crit("mon-alert-response-time")).toMatchObject({
      metricName: "requests/duration",
      timeAggregation: "Average",
      operator: "GreaterThan",
      threshold: 2000,
    });
    // availabilityResults come only from availability tests, which the lab never creates: a rule
    // on them could never fire.
    expect(
      byType(ALERT).some((r) => JSON.stringify(r.inputs).includes("availabilityResults")),
    ).toBe(false);
    const severities = ["failed-requests", "response-time"].map(
      (r) => one(ALERT, `mon-alert-${r}`).inputs.severity,
    );
    expect(severities).toEqual([2, 3]);
  });

  it("creates no diagnostic setting unless a Log Analytics workspace is given", () => {
    expect(byType(DIAG).filter((r) => r.name.startsWith("mon-"))).toEqual([]);
  });
});

describe("LabMonitoring options", () => {
  it("applies given thresholds and keeps defaults for the rest", async () => {
    new mod.LabMonitoring("custom", baseArgs({ thresholds: { responseTimeMs: 500 } }));
    await settle();
    const crit = (name: string) => one(ALERT, name).inputs.criteria.allOf[0];
    expect(crit("custom-alert-response-time").threshold).toBe(500);
    expect(crit("custom-alert-failed-requests").threshold).toBe(5);
  });

  it("with the workspace, alerts on its failed runs (monitoring jobs) and failed deployments", async () => {
    const WS =
      "/subscriptions/s/resourceGroups/rg-lab/providers/Microsoft.MachineLearningServices/workspaces/mlw";
    new mod.LabMonitoring("ws", baseArgs({ workspaceId: WS }));
    await settle();
    const names = byType(ALERT)
      .filter((r) => r.name.startsWith("ws-"))
      .map((r) => r.name)
      .sort();
    expect(names).toEqual([
      "ws-alert-failed-deployments",
      "ws-alert-failed-requests",
      "ws-alert-failed-runs",
      "ws-alert-response-time",
    ]);
    for (const [name, metric] of [
      ["ws-alert-failed-runs", "Failed Runs"],
      ["ws-alert-failed-deployments", "Model Deploy Failed"],
    ]) {
      const a = one(ALERT, name).inputs;
      expect(a.scopes).toEqual([WS]);
      expect(a.actions).toEqual([{ actionGroupId: "ws-action-group-id" }]);
      expect(a.criteria.allOf[0]).toMatchObject({
        metricNamespace: "Microsoft.MachineLearningServices/workspaces",
        metricName: metric,
        timeAggregation: "Total",
        operator: "GreaterThan",
        threshold: 0,
      });
    }
  });

  it("sends only platform metrics of Application Insights to Log Analytics", async () => {
    new mod.LabMonitoring("diag", baseArgs({ logAnalyticsWorkspaceId: LOGS }));
    await settle();
    const d = one(DIAG, "diag-diag-insights").inputs;
    expect(d.resourceUri).toBe(APPI);
    expect(d.workspaceId).toBe(LOGS);
    expect(d.metrics).toEqual([{ category: "AllMetrics", enabled: true }]);
    expect(d.logs).toBeUndefined();
  });
});

describe("LabMonitoring validation", () => {
  const bad: [string, Partial<import("../../components/monitoring").LabMonitoringArgs>, RegExp][] =
    [
      ["no emails", { emails: [] }, /emails: no address given/],
      [
        "a malformed email",
        { emails: ["ok@example.com", "not-an-address"] },
        /emails: 'not-an-address' is not an e-mail address/,
      ],
      ["an email with spaces", { emails: ["a b@example.com"] }, /emails: 'a b@example.com'/],
      [
        "negative failed requests",
        { thresholds: { failedRequests: -1 } },
        /thresholds.failedRequests: -1 is not accepted/,
      ],
      [
        "fractional failed requests",
        { thresholds: { failedRequests: 2.5 } },
        /thresholds.failedRequests: 2.5/,
      ],
      [
        "zero response time",
        { thresholds: { responseTimeMs: 0 } },
        /thresholds.responseTimeMs: 0 is not accepted/,
      ],
      [
        "a long short name",
        { shortName: "dp100-labs-alerts" },
        /shortName: 'dp100-labs-alerts' is not accepted.*1-12/,
      ],
    ];
  it.each(bad)("rejects %s before creating anything", async (label, overrides, message) => {
    const before = byType(GROUP).length + byType(ALERT).length;
    expect(() => new mod.LabMonitoring(`bad-${label}`, baseArgs(overrides))).toThrow(message);
    await settle();
    expect(byType(GROUP).length + byType(ALERT).length).toBe(before);
  });
});

describe("monitoring helpers", () => {
  it("names e-mail receivers stably and distinctly", () => {
    const a = mod.emailReceiverName("jo@example.com");
    expect(a).toBe(mod.emailReceiverName("JO@example.com"));
    expect(a).not.toBe(mod.emailReceiverName("jo@example.org"));
    expect(a).toMatch(/^email-jo-[a-z0-9]{4}$/);
  });

  it("resolves thresholds with defaults", () => {
    expect(mod.resolveThresholds()).toEqual(mod.DEFAULT_THRESHOLDS);
    expect(mod.resolveThresholds({ failedRequests: 0 }).failedRequests).toBe(0);
  });
});

describe("mock harness (tests/helpers/mocks.ts)", () => {
  it("answers getClientConfig with placeholders and fails any other invoke loudly", async () => {
    const authorization = await import("@pulumi/azure-native/authorization");
    expect(await authorization.getClientConfig()).toMatchObject(CLIENT_CONFIG);
    await expect(
      authorization.getRoleDefinition({ roleDefinitionId: "r", scope: "s" }),
    ).rejects.toThrow(/unexpected invoke 'azure-native:authorization:getRoleDefinition'/);
    expect(mocks.calls.map((c) => c.token)).toEqual([
      "azure-native:authorization:getClientConfig",
      "azure-native:authorization:getRoleDefinition",
    ]);
  });

  it("explains what was recorded when one() finds nothing", () => {
    expect(() => one(GROUP, "nope")).toThrow(
      /expected one .*ActionGroup named 'nope', found 0; recorded: mon-action-group/,
    );
  });
});
