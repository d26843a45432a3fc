import { CatalogLab, NOTHING, amlCluster } from "./common";

// Provisioned: instance, aml-cluster (the move-data job), blob container `training-data` and
// datastore `blob_training_data`. The lab has learners create the container in the portal and the
// datastore with the storage account key; in a managed subscription they can neither create
// containers nor list keys, and the notebook's datastore cell is an upsert, so both are in place.
// Left to the learner: the data assets diabetes-local, diabetes-datastore-path, diabetes-table.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "make-data-available",
  title: "Make data available in Azure Machine Learning",
  labFile: "03-Make-data-available",
  course: "current",
  computeInstance: true,
  clusters: [amlCluster()],
  containers: ["training-data"],
  datastores: [{ name: "blob_training_data", container: "training-data" }],
  typicalClusterHours: 0.2,
};
