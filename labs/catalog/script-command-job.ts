import { CatalogLab, NOTHING, amlCluster } from "./common";

// Provisioned: instance and aml-cluster. The job reads diabetes.csv from the cloned repo's src
// folder, so no data asset. Left to the learner: the command jobs.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "script-command-job",
  title: "Run a training script as a command job in Azure Machine Learning",
  labFile: "08-Script-command-job",
  course: "current",
  computeInstance: true,
  clusters: [amlCluster()],
  typicalClusterHours: 0.3,
};
