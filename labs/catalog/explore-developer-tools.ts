import { AML_CLUSTER, CatalogLab, LAB_VM_SIZE, NOTHING } from "./common";

// Provisioned: nothing beyond the workspace. Left to the learner: the compute instance and
// `aml-cluster` they create with `az ml compute create` (the lesson), then one SDK training job.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "explore-developer-tools",
  title: "Explore developer tools for workspace interaction",
  labFile: "02-Explore-developer-tools",
  course: "current",
  learnerCreates: [
    {
      kind: "computeInstance",
      what: "compute instance created with az ml compute create (--name ciXXXX)",
      vmSize: LAB_VM_SIZE,
      instances: 1,
      priority: "dedicated",
      typicalHours: 1.5,
    },
    {
      kind: "computeCluster",
      what: `compute cluster ${AML_CLUSTER} created with az ml compute create (--max-instances 2)`,
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
