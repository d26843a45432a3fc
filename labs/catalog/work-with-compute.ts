import { AML_CLUSTER, CatalogLab, LAB_VM_SIZE, NOTHING } from "./common";

// Provisioned: nothing beyond the workspace. Left to the learner: the compute instance (studio,
// setup script, daily 18:00 stop schedule) and `aml-cluster` (the notebook creates it if absent:
// STANDARD_DS11_V2, 0-2 nodes, 120 s idle) - creating them is the lesson.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "work-with-compute",
  title: "Work with compute resources in Azure Machine Learning",
  labFile: "04-Work-with-compute",
  course: "current",
  learnerCreates: [
    {
      kind: "computeInstance",
      what: "compute instance created in the studio with a setup script and an 18:00 stop schedule",
      vmSize: LAB_VM_SIZE,
      instances: 1,
      priority: "dedicated",
      typicalHours: 1.5,
    },
    {
      kind: "computeCluster",
      what: `compute cluster ${AML_CLUSTER} created by the notebook if absent (max 2, idle 120 s)`,
      vmSize: LAB_VM_SIZE,
      instances: 2,
      priority: "dedicated",
      // Its busy time is typicalClusterHours; this entry carries the quota only.
      typicalHours: 0,
      onCluster: AML_CLUSTER,
    },
  ],
  typicalClusterHours: 0.2,
};
