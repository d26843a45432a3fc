import { CatalogLab, LAB_DATA_STORAGE, NOTHING, labDataAsset } from "./common";

/**
 * The serverless Spark size the monitoring jobs run on: the smallest of the sizes Azure ML model
 * monitoring accepts (Standard_E4s_v3, E8s_v3, E16s_v3, E32s_v3, E64s_v3: "Configure a serverless
 * Spark compute pool", learn.microsoft.com/azure/machine-learning/how-to-monitor-model-performance).
 */
export const MONITORING_SPARK_SIZE = "Standard_E4s_v3";

/** Every size model monitoring's serverless Spark accepts (same source). */
export const MONITORING_SPARK_SIZES: readonly string[] = [
  "Standard_E4s_v3",
  "Standard_E8s_v3",
  "Standard_E16s_v3",
  "Standard_E32s_v3",
  "Standard_E64s_v3",
];

/**
 * Model monitoring (v2), replacing the retired SDK v1 lab `monitor-app-insights` (v1 web-service
 * monitoring and the v1 data drift monitors, retired 2025-09-01). Not a lab file of the current
 * course: an extra lab following learn.microsoft.com how-to-collect-production-data and
 * how-to-monitor-model-performance.
 *
 * Provisioned before the learner starts:
 * - the compute instance the learner trains, registers and deploys the model from;
 * - Application Insights and Log Analytics wired to the workspace (every workspace has them), with
 *   alert rules on the deployment's request telemetry (a deployment with `app_insights_enabled`)
 *   and an action group that e-mails the trainers (components/monitoring.ts);
 * - the reference (baseline) data for drift signals: the MLTable asset `diabetes-reference`.
 * The production-data collection needs nothing else in place: the deployment's `data_collector`
 * (collections `model_inputs`/`model_outputs`) writes to the workspace's default blob datastore
 * `workspaceblobstore` (path `modelDataCollector/...`), which Azure ML creates with the workspace,
 * and registers the collected data as data assets itself; only a custom blob sink would need a role
 * for the endpoint's identity (how-to-collect-production-data).
 *
 * Left to the learner (quota and cost only): the managed online deployment with data collection
 * (Standard_D2as_v4 x1, as deploy-online-endpoint), and the monitor's scheduled jobs on serverless
 * Spark. A run's node count is not documented; counted as 2 nodes (a driver and one executor) of
 * MONITORING_SPARK_SIZE, for one hour over the lab.
 */
export const lab: CatalogLab = {
  ...NOTHING,
  id: "monitor-model",
  title: "Monitor a deployed model with Azure Machine Learning model monitoring",
  labFile: "how-to-monitor-model-performance",
  course: "extra",
  computeInstance: true,
  monitoring: true,
  ...LAB_DATA_STORAGE,
  dataAssets: [
    labDataAsset({
      name: "diabetes-reference",
      type: "mltable",
      dataset: "diabetes-mltable",
      description: "Diabetes training data as an MLTable: the reference data for model monitoring",
    }),
  ],
  learnerCreates: [
    {
      kind: "onlineDeployment",
      what: "managed online deployment with data collection and Application Insights enabled",
      vmSize: "Standard_D2as_v4",
      instances: 1,
      priority: "dedicated",
      typicalHours: 1,
    },
    {
      kind: "serverlessSpark",
      what: "model monitoring jobs on serverless Spark",
      vmSize: MONITORING_SPARK_SIZE,
      instances: 2,
      priority: "dedicated",
      typicalHours: 1,
    },
  ],
};
