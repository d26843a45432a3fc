import { CatalogLab, NOTHING, amlCluster } from "./common";

// Provisioned: instance and aml-cluster (jobs log models with MLflow, reading the repo's local
// diabetes.csv). Left to the learner: the jobs and the registered models.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "log-mlflow-models",
  title: "Log and register models with MLflow",
  labFile: "10-Log-mlflow-models",
  course: "current",
  computeInstance: true,
  clusters: [amlCluster()],
  typicalClusterHours: 0.5,
};
