import { CatalogLab, LAB_VM_SIZE, NOTHING } from "./common";

// Provisioned: nothing beyond the workspace. Left to the learner: the compute instance they
// create in the studio (the lesson) and run the Designer sample pipeline on.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "explore-workspace",
  title: "Explore the Azure Machine Learning workspace",
  labFile: "02-Explore-Azure-Machine-Learning",
  course: "current",
  learnerCreates: [
    {
      kind: "computeInstance",
      what: "compute instance created in the studio (runs the Designer sample pipeline)",
      vmSize: LAB_VM_SIZE,
      instances: 1,
      priority: "dedicated",
      typicalHours: 1.5,
    },
  ],
};
