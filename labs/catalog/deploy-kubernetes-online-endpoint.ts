import { CatalogLab, NOTHING } from "./common";

/**
 * The Kubernetes inference compute this lab provisions, as the learner's deployment YAML names it
 * (`compute: azureml:k8s-inference`, `instance_type: mlflow-2cpu-4gi`). `LabDefinition` only says
 * `aks: true`; the details a stack needs live here.
 *
 * - `instanceType`: an MLflow model on Kubernetes needs at least 2 CPU cores and 4 GB of memory
 *   requested, or the deployment fails (learn.microsoft.com/azure/machine-learning/
 *   how-to-manage-kubernetes-instance-types, "MLflow models"); the lab's model is MLflow
 *   (MicrosoftLearning/mslearn-azure-ml Labs/11/model/MLmodel).
 * - `vmSize` and `nodes`: the extension's own pods for inference request 1780m CPU and 2440 Mi
 *   (learn.microsoft.com/azure/machine-learning/reference-kubernetes, "Recommended resource
 *   planning", inference, test); one replica of `instanceType` adds 2 CPU and 4 GiB, and a pod
 *   must fit on one node, so a 2-vCPU node (about 1.9 vCPU allocatable after AKS's reservation)
 *   can never run it. Two 4-vCPU, 14 GiB nodes (Standard_DS3_v2, the size the same page gives for
 *   a test cluster with training and inference) hold the extension, kube-system and one
 *   deployment without waiting for the autoscaler; see components/kubernetesInference.ts.
 * - `namespace`: attach does not create the namespace (how-to-attach-kubernetes-to-workspace);
 *   `default` always exists.
 */
export const KUBERNETES_INFERENCE: {
  readonly computeName: string;
  readonly namespace: string;
  readonly vmSize: string;
  readonly nodes: number;
  readonly maxNodes: number;
  readonly instanceType: { readonly name: string; readonly cpu: string; readonly memory: string };
} = {
  computeName: "k8s-inference",
  namespace: "default",
  vmSize: "Standard_DS3_v2",
  nodes: 2,
  maxNodes: 3,
  instanceType: { name: "mlflow-2cpu-4gi", cpu: "2", memory: "4Gi" },
};

// Provisioned: the compute instance, and AKS with the Azure ML extension attached as Kubernetes
// compute `k8s-inference` (2 x Standard_DS3_v2, instance type mlflow-2cpu-4gi). Left to the
// learner: the Kubernetes online endpoint and its deployment of the Labs/11 MLflow model (v2 CLI
// or SDK, `type: kubernetes`), which runs on the provisioned nodes.
export const lab: CatalogLab = {
  ...NOTHING,
  id: "deploy-kubernetes-online-endpoint",
  title: "Deploy a model to a Kubernetes online endpoint",
  // The Learn page it follows (the course's 11-Deploy-online-endpoint, on Kubernetes compute).
  labFile: "how-to-attach-kubernetes-anywhere",
  course: "extra",
  computeInstance: true,
  aks: true,
  learnerCreates: [
    {
      kind: "kubernetesDeployment",
      what: `Kubernetes online endpoint deployment (instance type ${KUBERNETES_INFERENCE.instanceType.name})`,
      vmSize: KUBERNETES_INFERENCE.vmSize,
      instances: 1,
      priority: "dedicated",
      typicalHours: 1,
      onCluster: KUBERNETES_INFERENCE.computeName,
    },
  ],
};
