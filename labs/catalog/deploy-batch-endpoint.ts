import { AML_CLUSTER, CatalogLab, LAB_VM_SIZE, NOTHING, amlCluster } from "./common";

// Provisioned: instance and aml-cluster, which the batch deployment runs on. Left to the learner:
// the batch endpoint, its deployment (instance_count 2 on aml-cluster) and the data asset
// patient-data-unlabeled registered from the repo's data folder.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "deploy-batch-endpoint",
  title: "Deploy a model to a batch endpoint",
  labFile: "11-Deploy-batch-endpoint",
  course: "current",
  computeInstance: true,
  clusters: [amlCluster()],
  learnerCreates: [
    {
      kind: "batchDeployment",
      what: `batch deployment "classifier-diabetes-mlflow" on ${AML_CLUSTER} (instance_count 2)`,
      vmSize: LAB_VM_SIZE,
      instances: 2,
      priority: "dedicated",
      typicalHours: 0.3,
      onCluster: AML_CLUSTER,
    },
  ],
  // Includes the scoring job: 2 nodes for about 0.3 h.
  typicalClusterHours: 0.6,
};
