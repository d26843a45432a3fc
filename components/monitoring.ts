import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { Namer, shortHash } from "./naming";
import { isEmail } from "../azure/formats";

export interface LabAlertThresholds {
  /** Failed requests within the 15-minute window above which the alert fires (0 = any failure). Default 5. */
  readonly failedRequests?: number;
  /** Average server response time in milliseconds above which the alert fires. Default 2000. */
  readonly responseTimeMs?: number;
}

export interface LabMonitoringArgs {
  /** Resource group of the workspace; the action group and alert rules go there. Required. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** ARM id of the workspace's Application Insights (MlWorkspace.appInsightsId). Required. */
  readonly appInsightsId: pulumi.Input<string>;
  /** Name of that Application Insights, used in the alert descriptions. Default: none. */
  readonly appInsightsName?: pulumi.Input<string>;
  /**
   * ARM id of the Azure ML workspace (MlWorkspace.workspaceArmId). When given, two more rules watch
   * the workspace's platform metrics: failed runs (a model monitoring job included) and failed
   * model deployments. Default: none (Application Insights rules only).
   */
  readonly workspaceId?: pulumi.Input<string>;
  /** Addresses notified by the action group (the trainer's or learner's). Required, at least one. */
  readonly emails: readonly string[];
  /** Namer carrying the stack's prefix and random suffix. Required. */
  readonly namer: Namer;
  /** Tags put on every resource. Default: none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Alert thresholds. Default: 5 failed requests, 2000 ms. */
  readonly thresholds?: LabAlertThresholds;
  /** Action group short name shown in e-mails and SMS, 1-12 characters. Default "DP100 labs". */
  readonly shortName?: string;
  /**
   * ARM id of a Log Analytics workspace that receives Application Insights' platform metrics
   * (AzureMetrics table) through a diagnostic setting. Default: none (no diagnostic setting).
   */
  readonly logAnalyticsWorkspaceId?: pulumi.Input<string>;
}

/**
 * Alerting for the model monitoring lab (monitor-model): an action group that e-mails the given
 * addresses (common alert schema) and metric alert rules, each evaluated every 5 minutes over a
 * 15-minute window and notifying the action group:
 * - on the workspace's Application Insights, which receives the request telemetry of an online
 *   deployment created with `app_insights_enabled: true` (learn.microsoft.com/azure/
 *   machine-learning/how-to-monitor-online-endpoints): failed requests, server response time;
 * - on the workspace (when `workspaceId` is given), the platform metrics `Failed Runs` (a model
 *   monitoring job that fails, for example for want of E-series quota for its serverless Spark,
 *   otherwise goes unnoticed) and `Model Deploy Failed` (learn.microsoft.com/azure/azure-monitor/
 *   reference/supported-metrics/microsoft-machinelearningservices-workspaces-metrics; both are
 *   Azure Monitor Baseline Alerts for workspaces).
 * No availability rule: `availabilityResults` only come from availability tests, which nobody in
 * the lab creates, so such a rule could never fire.
 * Drift alerts themselves are e-mails the learner's monitor sends (`alert_notification`).
 */
export class LabMonitoring extends pulumi.ComponentResource {
  readonly actionGroup: monitor.ActionGroup;
  readonly actionGroupId: pulumi.Output<string>;
  /** Alert rules by key (the workspace ones only when `workspaceId` is given). */
  readonly alerts: Readonly<Partial<Record<AlertKey, monitor.MetricAlert>>>;

  constructor(name: string, args: LabMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    // Defaults and validation come first, so bad input registers nothing.
    const emails = validateEmails(args.emails);
    const thresholds = resolveThresholds(args.thresholds);
    const shortName = args.shortName ?? "DP100 labs";
    if (shortName.trim().length === 0 || shortName.length > 12) {
      throw new Error(
        `shortName: '${shortName}' is not accepted; an action group short name takes 1-12 characters`,
      );
    }

    super("dp100:monitoring:LabMonitoring", name, {}, opts);
    this.actionGroup = this.createActionGroup(name, args, emails, shortName);
    this.alerts = this.createAlerts(name, args, thresholds);
    if (args.logAnalyticsWorkspaceId !== undefined) {
      this.exportMetrics(name, args.appInsightsId, args.logAnalyticsWorkspaceId);
    }

    this.actionGroupId = this.actionGroup.id;
    this.registerOutputs({ actionGroupId: this.actionGroupId });
  }

  /** The action group: e-mails with the common alert schema. */
  private createActionGroup(
    name: string,
    args: LabMonitoringArgs,
    emails: readonly string[],
    shortName: string,
  ): monitor.ActionGroup {
    return new monitor.ActionGroup(
      `${name}-action-group`,
      {
        resourceGroupName: args.resourceGroupName,
        tags: args.tags,
        actionGroupName: args.namer.unique("actionGroup", "ag", "alerts"),
        location: "global",
        enabled: true,
        groupShortName: shortName,
        emailReceivers: emails.map((emailAddress) => ({
          name: emailReceiverName(emailAddress),
          emailAddress,
          useCommonAlertSchema: true,
        })),
      },
      { parent: this },
    );
  }

  /** One metric alert per rule whose target is given, notifying the action group. */
  private createAlerts(
    name: string,
    args: LabMonitoringArgs,
    thresholds: Required<LabAlertThresholds>,
  ): Partial<Record<AlertKey, monitor.MetricAlert>> {
    const targets: Record<
      AlertRule["target"],
      { scope?: pulumi.Input<string>; label: pulumi.Input<string> }
    > = {
      appInsights: {
        scope: args.appInsightsId,
        label: args.appInsightsName ?? "the workspace's Application Insights",
      },
      workspace: { scope: args.workspaceId, label: "the Azure ML workspace" },
    };
    const alerts: Partial<Record<AlertKey, monitor.MetricAlert>> = {};
    for (const rule of alertRules(thresholds)) {
      const { scope, label } = targets[rule.target];
      if (scope === undefined) continue;
      alerts[rule.key] = new monitor.MetricAlert(
        `${name}-alert-${rule.role}`,
        {
          resourceGroupName: args.resourceGroupName,
          tags: args.tags,
          location: "global",
          description: pulumi.interpolate`${rule.description} on ${label}`,
          enabled: true,
          autoMitigate: true,
          severity: rule.severity,
          scopes: [scope],
          evaluationFrequency: EVALUATION_FREQUENCY,
          windowSize: WINDOW_SIZE,
          criteria: {
            odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            allOf: [
              {
                criterionType: "StaticThresholdCriterion",
                name: rule.role,
                metricNamespace: rule.metricNamespace,
                metricName: rule.metricName,
                timeAggregation: rule.timeAggregation,
                operator: rule.operator,
                threshold: rule.threshold,
              },
            ],
          },
          actions: [{ actionGroupId: this.actionGroup.id }],
        },
        { parent: this },
      );
    }
    return alerts;
  }

  /**
   * Application Insights' platform metrics into Log Analytics. Metrics only: Application Insights
   * here is workspace-based, so its telemetry (requests, dependencies, availability results)
   * already lands in Log Analytics; exporting the log categories as well would store and bill
   * every record twice.
   */
  private exportMetrics(
    name: string,
    appInsightsId: pulumi.Input<string>,
    logAnalyticsWorkspaceId: pulumi.Input<string>,
  ): void {
    new monitor.DiagnosticSetting(
      `${name}-diag-insights`,
      {
        name: "to-log-analytics",
        resourceUri: appInsightsId,
        workspaceId: logAnalyticsWorkspaceId,
        metrics: [{ category: "AllMetrics", enabled: true }],
      },
      { parent: this },
    );
  }
}

/** How often every rule is evaluated (ISO 8601). */
export const EVALUATION_FREQUENCY = "PT5M";
/** The window every rule looks back over (ISO 8601). */
export const WINDOW_SIZE = "PT15M";
/** Metric namespace of Application Insights' standard metrics. */
export const APP_INSIGHTS_METRIC_NAMESPACE = "microsoft.insights/components";
/** Metric namespace of an Azure ML workspace's platform metrics. */
export const WORKSPACE_METRIC_NAMESPACE = "Microsoft.MachineLearningServices/workspaces";

export const DEFAULT_THRESHOLDS: Required<LabAlertThresholds> = {
  failedRequests: 5,
  responseTimeMs: 2000,
};

export type AlertKey = "failedRequests" | "responseTime" | "failedRuns" | "failedDeployments";

export interface AlertRule {
  readonly key: AlertKey;
  /** Stable part of the logical name and the criterion name. */
  readonly role: string;
  readonly description: string;
  /** What the rule watches: the Application Insights or the workspace. */
  readonly target: "appInsights" | "workspace";
  readonly metricNamespace: string;
  readonly metricName: string;
  readonly timeAggregation: monitor.AggregationTypeEnum;
  readonly operator: monitor.Operator;
  readonly threshold: number;
  /** Azure Monitor severity: 0 critical ... 4 verbose. */
  readonly severity: number;
}

/** The lab alert rules for given thresholds. Pure, for tests and the catalog listing. */
export function alertRules(t: Required<LabAlertThresholds>): AlertRule[] {
  const insights = {
    target: "appInsights" as const,
    metricNamespace: APP_INSIGHTS_METRIC_NAMESPACE,
  };
  const workspace = { target: "workspace" as const, metricNamespace: WORKSPACE_METRIC_NAMESPACE };
  return [
    {
      key: "failedRequests",
      role: "failed-requests",
      description: `More than ${t.failedRequests} failed requests in 15 minutes`,
      ...insights,
      metricName: "requests/failed",
      timeAggregation: monitor.AggregationTypeEnum.Count,
      operator: monitor.Operator.GreaterThan,
      threshold: t.failedRequests,
      severity: 2,
    },
    {
      key: "responseTime",
      role: "response-time",
      description: `Average server response time above ${t.responseTimeMs} ms over 15 minutes`,
      ...insights,
      metricName: "requests/duration",
      timeAggregation: monitor.AggregationTypeEnum.Average,
      operator: monitor.Operator.GreaterThan,
      threshold: t.responseTimeMs,
      severity: 3,
    },
    {
      key: "failedRuns",
      role: "failed-runs",
      description: "A job failed in 15 minutes (a model monitoring run included)",
      ...workspace,
      metricName: "Failed Runs",
      timeAggregation: monitor.AggregationTypeEnum.Total,
      operator: monitor.Operator.GreaterThan,
      threshold: 0,
      severity: 2,
    },
    {
      key: "failedDeployments",
      role: "failed-deployments",
      description: "A model deployment failed in 15 minutes",
      ...workspace,
      metricName: "Model Deploy Failed",
      timeAggregation: monitor.AggregationTypeEnum.Total,
      operator: monitor.Operator.GreaterThan,
      threshold: 0,
      severity: 2,
    },
  ];
}

/** Thresholds with defaults applied, or an error naming the key and value. */
export function resolveThresholds(t: LabAlertThresholds = {}): Required<LabAlertThresholds> {
  const out = { ...DEFAULT_THRESHOLDS, ...stripUndefined(t) };
  if (!Number.isInteger(out.failedRequests) || out.failedRequests < 0) {
    throw new Error(
      `thresholds.failedRequests: ${out.failedRequests} is not accepted; use a whole number of requests, 0 or more`,
    );
  }
  if (!Number.isFinite(out.responseTimeMs) || out.responseTimeMs <= 0) {
    throw new Error(
      `thresholds.responseTimeMs: ${out.responseTimeMs} is not accepted; use a number of milliseconds above 0`,
    );
  }
  return out;
}

/**
 * The addresses to notify, trimmed and without case-insensitive duplicates, or an error naming the
 * key and the offending value.
 */
export function validateEmails(emails: readonly string[] | undefined): string[] {
  if (!emails || emails.length === 0) {
    throw new Error(
      "emails: no address given; the monitoring lab needs at least one e-mail address to notify (e.g. the trainer's alertEmails)",
    );
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of emails) {
    const email = typeof raw === "string" ? raw.trim() : raw;
    if (!isEmail(email)) {
      throw new Error(
        `emails: '${String(raw)}' is not an e-mail address; use the form name@example.com`,
      );
    }
    if (seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push(email);
  }
  return out;
}

/**
 * A receiver name unique within the action group and stable for an address: the readable local
 * part plus a short hash of the whole address.
 */
export function emailReceiverName(email: string): string {
  const lower = email.toLowerCase();
  const local = lower
    .split("@")[0]
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `email-${local.slice(0, 40) || "x"}-${shortHash(lower)}`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
