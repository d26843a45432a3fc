import { CatalogLab, NOTHING, amlCluster } from "./common";

// Provisioned: instance, aml-cluster and a container registry (custom environments are built
// into it; without one the first build creates a registry outside the stack).
// Left to the learner: the environments and the jobs that use them.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "work-with-environments",
  title: "Work with environments in Azure Machine Learning",
  labFile: "04-Work-with-environments",
  course: "current",
  computeInstance: true,
  clusters: [amlCluster()],
  containerRegistry: true,
  typicalClusterHours: 0.5,
};
