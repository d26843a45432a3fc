import { CatalogLab, NOTHING } from "./common";

// Provisioned: the compute instance the notebook runs on (it trains locally, data from the
// cloned repo). Left to the learner: the MLflow experiments.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "notebooks-mlflow-tracking",
  title: "Track model training in notebooks with MLflow",
  labFile: "07-Notebooks-mlflow-tracking",
  course: "current",
  computeInstance: true,
};
