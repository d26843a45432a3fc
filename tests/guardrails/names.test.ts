/** Guardrails of Azure names (guardrails/names.ts), rule by rule. */
import { NAME_RULES } from "../../guardrails/names";
import {
  aksInputs,
  C,
  type Case,
  clusterInputs,
  describeRuleCases,
  res,
  set,
  storageInputs,
  TYPES,
} from "./fixtures";

const CASES: Case[] = [
  {
    rule: "azure-name-valid",
    level: "mandatory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "storage account with hyphens",
        resource: res(TYPES.storageAccount, set(storageInputs, "accountName", "dp100-st-aaaaa")),
        message:
          /^accountName: 'dp100-st-aaaaa' is not a valid storageAccount name: Azure accepts 3-24 lower-case letters and digits; build the name with components\/naming\.ts/,
      },
      {
        what: "compute name too long",
        resource: res(C, set(clusterInputs, "computeName", "dp100-cluster-for-everyone-aaaaa")),
        message:
          /^computeName: 'dp100-cluster-for-everyone-aaaaa' is 32 characters; a mlCompute name takes 3-24/,
      },
      {
        what: "AKS node pool with a hyphen",
        resource: res(TYPES.managedCluster, set(aksInputs, "agentPoolProfiles.0.name", "sys-pool")),
        message: /^agentPoolProfiles\[0\]\.name: 'sys-pool' is not a valid aksNodePool name/,
      },
      {
        what: "reserved datastore name",
        resource: res(TYPES.datastore, {
          name: "workspaceblobstore",
          workspaceName: "w",
          resourceGroupName: "g",
        }),
        message:
          /^name: 'workspaceblobstore' is not a valid mlDatastore name: it is reserved by Azure ML/,
      },
    ],
  },
];

describeRuleCases(NAME_RULES, CASES);
