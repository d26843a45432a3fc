import { CatalogLab, NOTHING, amlCluster } from "./common";

// Provisioned: instance and aml-cluster (the RAI pipeline uses components from the `azureml`
// registry, which needs nothing in the workspace). Left to the learner: the MLTable assets
// diabetes_train_mltable / diabetes_test_mltable from the repo's files, the model and the pipeline.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "responsible-ai-dashboard",
  title: "Create and explore the Responsible AI dashboard",
  labFile: "10-Create-explore-responsible-ai-dashboard",
  course: "current",
  computeInstance: true,
  clusters: [amlCluster()],
  typicalClusterHours: 0.6,
};
