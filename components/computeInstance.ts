import * as pulumi from "@pulumi/pulumi";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import { isoDurationMinutes, parseClockTime } from "../azure/formats";
import { describeRange, IDLE_SHUTDOWN_MINUTES, inRange } from "../azure/limits";
import { mlComputeVmSize } from "../azure/mlCompute";

export interface ComputeInstanceArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly workspaceName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
  /** The instance's Azure name (unique in the region: build it with Namer). Required. */
  readonly computeName: pulumi.Input<string>;
  /** The learner it belongs to: Entra object id and tenant id. Required. */
  readonly assignedUser: {
    readonly objectId: pulumi.Input<string>;
    readonly tenantId: pulumi.Input<string>;
  };
  /** VM size, any case; sent upper-cased, the form Azure returns (azure/mlCompute.ts). Default Standard_DS11_v2. */
  readonly vmSize?: string;
  /** Minutes of inactivity before Azure shuts the instance down (15 to 4320, azure/limits.ts). Default 30. */
  readonly idleShutdownMinutes?: number;
  /** Daily stop time, `H:MM` or `HH:MM` in `timeZone`. Default "18:00" (the course's own schedule). */
  readonly stopTime?: string;
  /** Windows time zone id for the schedule, as Azure ML expects it. Default "UTC". */
  readonly timeZone?: string;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Resources the instance waits for, when `resourceGroupName` and `workspaceName` are given as
   * names known in advance rather than those resources' outputs. Default none.
   */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * A personal Azure ML compute instance for one learner: assigned to them (personal sharing), idle
 * shutdown, a daily stop schedule, SSH public access off, local auth off.
 *
 * Azure ignores changes to `schedules` and `idleTimeBeforeShutdown` on an update of an existing
 * instance (azure/mlCompute.ts: Azure/azure-quickstart-templates#11830, MicrosoftDocs/azure-docs#80695). Rather than let such a change drift silently, both are marked
 * replaceOnChanges: a new idle time or stop time replaces the instance. For the learner that means
 * a fresh VM: files kept in the workspace's file share (the studio's Notebooks > Users folder) stay,
 * anything installed or saved on the instance's own disk is lost. The plan shows it as a replace.
 *
 * Nothing else ever updates an existing instance: a PUT on one can fail on its schedule
 * (azure/mlCompute.ts). Its tags (the stack's `expiresOn`, `labs`, `owner`, ...) are set when it
 * is created and a later change to them is ignored on the instance, so extending a course or
 * adding a lab sends nothing to any learner's instance. A replaced instance gets the tags of the
 * day. `vmSize` is sent upper-cased, as Azure reads it back, so a refresh finds no size change.
 */
export class ComputeInstance extends pulumi.ComponentResource {
  readonly computeName: pulumi.Output<string>;
  /** The Azure ML compute resource (for resources that must follow its replacement). */
  readonly compute: ml.Compute;

  constructor(name: string, args: ComputeInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dp100:ml:ComputeInstance", name, {}, opts);
    const vmSize = mlComputeVmSize(args.vmSize ?? "Standard_DS11_v2");
    const idleMinutes = args.idleShutdownMinutes ?? 30;
    const stop = parseStopTime(args.stopTime ?? "18:00");
    const timeZone = args.timeZone ?? "UTC";
    checkIdleMinutes(idleMinutes);

    const compute = (this.compute = new ml.Compute(
      `${name}-compute`,
      {
        resourceGroupName: args.resourceGroupName,
        workspaceName: args.workspaceName,
        location: args.location,
        computeName: args.computeName,
        tags: args.tags,
        properties: {
          computeType: "ComputeInstance",
          disableLocalAuth: true,
          properties: {
            vmSize,
            applicationSharingPolicy: ml.ApplicationSharingPolicy.Personal,
            computeInstanceAuthorizationType: ml.ComputeInstanceAuthorizationType.Personal,
            personalComputeInstanceSettings: {
              assignedUser: {
                objectId: args.assignedUser.objectId,
                tenantId: args.assignedUser.tenantId,
              },
            },
            idleTimeBeforeShutdown: isoDurationMinutes(idleMinutes),
            sshSettings: { sshPublicAccess: ml.SshPublicAccess.Disabled },
            enableNodePublicIp: true,
            schedules: {
              computeStartStop: [
                {
                  action: ml.ComputePowerAction.Stop,
                  triggerType: ml.ComputeTriggerType.Cron,
                  status: ml.ScheduleStatus.Enabled,
                  cron: { expression: `${stop.minute} ${stop.hour} * * *`, timeZone },
                },
              ],
            },
          },
        },
      },
      {
        parent: this,
        dependsOn: args.dependsOn ? [...args.dependsOn] : undefined,
        // Azure ignores changes to the schedule and idle shutdown of an existing instance
        // (azure/mlCompute.ts), and a compute instance's size cannot change in place: replace
        // instead of drifting. Same compute name, so the old instance must be deleted first.
        replaceOnChanges: [
          "properties.properties.schedules",
          "properties.properties.idleTimeBeforeShutdown",
          "properties.properties.vmSize",
          "properties.properties.personalComputeInstanceSettings",
        ],
        deleteBeforeReplace: true,
        // A PUT on an existing instance can fail on its schedule and applies neither schedule nor
        // idle changes (azure/mlCompute.ts): stack-level tag changes (expiresOn, labs, owner) must
        // not turn into one. The tags are set at creation (the required-tags guardrail checks them
        // there) and again whenever the instance is replaced.
        ignoreChanges: ["tags"],
        // Creating a compute instance takes about five minutes, more under load
        // (https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance).
        customTimeouts: { create: "30m", update: "30m", delete: "30m" },
      },
    ));
    this.computeName = compute.name;
    this.registerOutputs({ computeName: this.computeName });
  }
}

/** Throws unless `minutes` is a whole number within Azure's idle-shutdown range (15 min to 3 days). */
export function checkIdleMinutes(minutes: number): void {
  if (!inRange(IDLE_SHUTDOWN_MINUTES, minutes)) {
    throw new Error(
      `idleShutdownMinutes: ${minutes} is not accepted; Azure takes ${describeRange(IDLE_SHUTDOWN_MINUTES)} (3 days)`,
    );
  }
}

/** Parses `H:MM` or `HH:MM` (24-hour clock; azure/formats.ts CLOCK_TIME). */
export function parseStopTime(value: string): { hour: number; minute: number } {
  const time = parseClockTime(value);
  if (!time) {
    throw new Error(`stopTime: '${value}' is not accepted; use a 24-hour time HH:MM such as 18:00`);
  }
  return time;
}
