import { CatalogLab, NOTHING } from "./common";

// Provisioned: instance and the monitoring set (Application Insights wired to the workspace,
// alert rules, action group). Left to the learner: the service they deploy with Application
// Insights enabled. The SDK v1 notebook used ACI, which is retired; counted here as its current
// equivalent, a managed online deployment with app_insights_enabled on Standard_D2as_v4 x1.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "monitor-app-insights",
  title: "Monitor a deployed model with Application Insights",
  labFile: "16-monitor-a-model",
  course: "legacy",
  computeInstance: true,
  monitoring: true,
  learnerCreates: [
    {
      kind: "onlineDeployment",
      what: "online deployment with Application Insights enabled (ACI in the SDK v1 notebook)",
      vmSize: "Standard_D2as_v4",
      instances: 1,
      priority: "dedicated",
      typicalHours: 1,
    },
  ],
};
