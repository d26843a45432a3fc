import { CatalogLab, NOTHING, amlCluster } from "./common";

// Provisioned: instance and aml-cluster (three MLflow-logged jobs reading the repo's local
// diabetes.csv, so no data asset). Left to the learner: the jobs and their runs.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "script-mlflow-tracking",
  title: "Use MLflow to track training jobs",
  labFile: "08-Script-mlflow-tracking",
  course: "current",
  computeInstance: true,
  clusters: [amlCluster()],
  typicalClusterHours: 0.5,
};
