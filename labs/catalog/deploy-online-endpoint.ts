import { CatalogLab, NOTHING } from "./common";

// Provisioned: the compute instance only (the notebook deploys a local MLflow model; no cluster).
// Left to the learner: the managed online endpoint and its `blue` deployment on
// Standard_D2as_v4 x1, which needs its own quota (DASv4 family) and bills until deleted.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "deploy-online-endpoint",
  title: "Deploy a model to a managed online endpoint",
  labFile: "11-Deploy-online-endpoint",
  course: "current",
  computeInstance: true,
  learnerCreates: [
    {
      kind: "onlineDeployment",
      what: 'managed online endpoint "blue" deployment',
      vmSize: "Standard_D2as_v4",
      instances: 1,
      priority: "dedicated",
      typicalHours: 1,
    },
  ],
};
