/**
 * Lab ids that existed once and were retired with the tooling they taught. A retired id in
 * `dp100-labs:labs` is a configuration error naming its replacement (labs/index.ts resolveLabs),
 * so a stack file from an older course fails with a way forward instead of "unknown lab id".
 */
export const RETIRED_LABS: Readonly<
  Record<string, { replacement: string; reason: string; source: string }>
> = {
  "monitor-app-insights": {
    replacement: "monitor-model",
    reason:
      "SDK v1 web-service monitoring: SDK v1 support ended 2026-06-30 and the v1 data drift monitors were retired 2025-09-01; Azure ML model monitoring (v2) replaces them",
    source:
      "learn.microsoft.com/azure/machine-learning/v1/how-to-monitor-datasets (Data drift (preview) will be retired, and replaced by Model Monitor); MicrosoftDocs/azure-ai-docs includes/sdk-v1-deprecation.md",
  },
  "deploy-aks-inference": {
    replacement: "deploy-kubernetes-online-endpoint",
    reason:
      "legacy AKS attach (computeType AKS) with an SDK v1 web service: SDK v1 support ended 2026-06-30, v2 online endpoints refuse an AKS compute target, and the legacy attach reads static admin credentials that a cluster with local accounts disabled refuses",
    source:
      "MicrosoftDocs/azure-ai-docs includes/sdk-v1-deprecation.md; learn.microsoft.com/azure/machine-learning/how-to-attach-kubernetes-anywhere (AksCompute is legacy, no v2); Azure/azure-cli-extensions#5102 (v2 refuses AKS targets); Azure/AML-Kubernetes#261",
  },
};
