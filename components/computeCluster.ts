import * as pulumi from "@pulumi/pulumi";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import { isoDurationSeconds } from "../azure/formats";
import { AML_CLUSTER_NODES, inRange } from "../azure/limits";
import { mlComputeVmSize } from "../azure/mlCompute";
import { composeName } from "./naming";

export interface ComputeClusterArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly workspaceName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** Compute name in the workspace; lab notebooks use it as is (e.g. `aml-cluster`). Required. */
  readonly computeName: string;
  /**
   * VM size, any case; sent upper-cased, the form Azure returns (azure/mlCompute.ts). Default
   * Standard_DS11_v2 (the size the DP-100 labs use).
   */
  readonly vmSize?: string;
  /** Maximum nodes. Default 2. */
  readonly maxNodes?: number;
  /** Idle seconds before scaling down to zero. Default 120. */
  readonly idleSecondsBeforeScaleDown?: number;
  /** Use low-priority nodes (cheaper, pre-emptible, separate quota). Default false. */
  readonly lowPriority?: boolean;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * An Azure ML compute cluster (AmlCompute) that costs nothing when idle: minimum zero nodes,
 * scale-down after a short idle time, local auth disabled, no public IPs or SSH.
 */
export class ComputeCluster extends pulumi.ComponentResource {
  readonly computeName: pulumi.Output<string>;

  constructor(name: string, args: ComputeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dp100:ml:ComputeCluster", name, {}, opts);
    const vmSize = mlComputeVmSize(args.vmSize ?? "Standard_DS11_v2");
    const maxNodes = args.maxNodes ?? 2;
    const idleSeconds = args.idleSecondsBeforeScaleDown ?? 120;
    composeName("mlCompute", { fixed: [args.computeName] });
    if (!inRange(AML_CLUSTER_NODES, maxNodes)) {
      throw new Error(
        `maxNodes: ${maxNodes} is not accepted; use a whole number from ${AML_CLUSTER_NODES.min} to ${AML_CLUSTER_NODES.max}`,
      );
    }
    if (!Number.isInteger(idleSeconds) || idleSeconds < 60) {
      throw new Error(
        `idleSecondsBeforeScaleDown: ${idleSeconds} is not accepted; use whole seconds, at least 60`,
      );
    }

    const compute = new ml.Compute(
      `${name}-compute`,
      {
        resourceGroupName: args.resourceGroupName,
        workspaceName: args.workspaceName,
        location: args.location,
        computeName: args.computeName,
        tags: args.tags,
        properties: {
          computeType: "AmlCompute",
          disableLocalAuth: true,
          properties: {
            vmSize,
            vmPriority: args.lowPriority ? ml.VmPriority.LowPriority : ml.VmPriority.Dedicated,
            osType: ml.OsType.Linux,
            enableNodePublicIp: true,
            remoteLoginPortPublicAccess: ml.RemoteLoginPortPublicAccess.Disabled,
            scaleSettings: {
              minNodeCount: 0,
              maxNodeCount: maxNodes,
              nodeIdleTimeBeforeScaleDown: isoDurationSeconds(idleSeconds),
            },
          },
        },
      },
      {
        parent: this,
        // ARM cannot update most AmlCompute properties in place (REST spec Compute_Update takes only
        // `properties.scaleSettings`, ClusterUpdateParameters): a changed
        // size or priority must replace the cluster rather than drift. The name is fixed (the lab
        // notebooks use it), so the old cluster has to go before the new one can take its name.
        replaceOnChanges: ["properties.properties.vmSize", "properties.properties.vmPriority"],
        deleteBeforeReplace: true,
      },
    );
    this.computeName = compute.name;
    this.registerOutputs({ computeName: this.computeName });
  }
}
