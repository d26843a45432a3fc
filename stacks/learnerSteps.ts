import * as pulumi from "@pulumi/pulumi";
import { learnersCreateCompute } from "../labs";
import { ComputeInstance } from "../components/computeInstance";
import { LabEnvironment } from "../components/labEnvironment";
import { grantRole } from "../components/roleAssignment";
import { Learner } from "./config";
import {
  Composition,
  GroupPlacement,
  grantLabDataReaders,
  LearnerHandout,
  learnerSlug,
} from "./composition";

/**
 * What one learner gets in a whole stack or a foundation: a compute instance (when the labs need
 * one) and, in a cohort, the roles of a learner. Everything is parented under the learner's
 * component, so removing a learner removes exactly what is theirs.
 */

/** Logical name of a learner's compute instance component (the cohort CLI's reset-learner uses it). */
export function instanceLogicalName(learnerId: string): string {
  return `compute-instance-${learnerSlug(learnerId)}`;
}

/** A group's resources a learner's own resources refer to. */
export interface ComposedGroup {
  readonly placement: GroupPlacement;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly env: LabEnvironment;
}

/** A learner's instance and its name (known from the suffix alone). */
interface LearnerInstance {
  readonly component: ComputeInstance;
  readonly name: pulumi.Output<string>;
}

/** One learner's resources in their group; returns what they are handed out. */
export function composeLearner(c: Composition, g: ComposedGroup, learner: Learner): LearnerHandout {
  const { cfg, ctx } = c;
  const mine = { parent: c.learners.of(learner.id) };
  const objectId = learner.objectId ?? cfg.identity.objectId ?? ctx.client.objectId;
  const instance = cfg.needs.computeInstance
    ? learnerInstance(c, g, learner, objectId, mine)
    : undefined;
  if (cfg.mode === "cohort") {
    grantLearnerRoles(c, g.env, learner, objectId, mine);
    grantComputeOperator(c, g.env, learner, objectId, instance, mine);
  }
  return {
    studioUrl: g.env.ml.studioUrl,
    workspace: g.env.ml.workspaceName,
    resourceGroup: g.resourceGroupName,
    computeInstance: instance?.component.computeName ?? null,
    expiresOn: cfg.expiresOn ?? "none",
    email: learner.email ?? null,
    displayName: learner.displayName ?? null,
  };
}

function learnerInstance(
  c: Composition,
  g: ComposedGroup,
  learner: Learner,
  objectId: pulumi.Input<string>,
  mine: pulumi.ComponentResourceOptions,
): LearnerInstance {
  const { cfg } = c;
  // The name is known from the suffix alone; the role on the instance is scoped by it (not by the
  // compute's name output, which is unknown while an update is previewed).
  const name = c.names.computeInstance(learner.id);
  const component = new ComputeInstance(
    instanceLogicalName(learner.id),
    {
      // Names known from the suffix alone, not the group's and workspace's outputs: those are
      // unknown while a stack-level change (a tag) to them is previewed, and unknown ARM-id inputs
      // would preview every instance as replaced.
      resourceGroupName: g.placement.names.resourceGroup(),
      workspaceName: g.placement.names.workspace(),
      dependsOn: g.env.ml.workspace ? [g.env.ml.workspace] : [],
      location: cfg.location,
      computeName: name,
      assignedUser: { objectId, tenantId: cfg.identity.tenantId ?? c.ctx.client.tenantId },
      vmSize: cfg.compute.instanceVmSize,
      idleShutdownMinutes: cfg.compute.idleShutdownMinutes,
      stopTime: cfg.compute.stopTime,
      timeZone: cfg.compute.timeZone,
      tags: { ...g.placement.tags, learner: learnerSlug(learner.id) },
    },
    mine,
  );
  return { component, name };
}

/**
 * Least privilege: run experiments in the workspace; read and write lab data; operate their own
 * compute instance only (grantComputeOperator). Nothing at resource-group scope.
 */
function grantLearnerRoles(
  c: Composition,
  env: LabEnvironment,
  learner: Learner,
  objectId: pulumi.Input<string>,
  mine: pulumi.CustomResourceOptions,
): void {
  const slug = learnerSlug(learner.id);
  const subscriptionId = c.ctx.client.subscriptionId;
  grantRole(
    `data-scientist-${slug}`,
    {
      scope: env.ml.workspaceArmId,
      role: "azureMlDataScientist",
      principalId: objectId,
      subscriptionId,
      description: `dp100-labs learner ${learner.id}`,
    },
    mine,
  );
  // Write only where their jobs and uploads write: the workspace's default blob container
  // (workspaceblobstore). Lab data is read-only to them (grantLabDataReaders), and nothing at
  // storage-account scope, so no learner can delete the lab data or the account's other
  // containers. Identity-based data access needs Storage Blob Data Reader to read and Contributor
  // to write: https://learn.microsoft.com/azure/machine-learning/how-to-administrate-data-authentication
  grantRole(
    `blob-data-contributor-${slug}`,
    {
      scope: env.ml.defaultBlobContainerId,
      role: "storageBlobDataContributor",
      principalId: objectId,
      subscriptionId,
      description: `dp100-labs learner ${learner.id}: job outputs and uploads`,
    },
    mine,
  );
  grantLabDataReaders(env, learner, objectId, subscriptionId, mine);
}

/**
 * Azure ML Compute Operator: on the workspace when the labs teach creating compute (explore-*,
 * work-with-compute: Data Scientist does not allow it), else on the learner's own instance only.
 */
function grantComputeOperator(
  c: Composition,
  env: LabEnvironment,
  learner: Learner,
  objectId: pulumi.Input<string>,
  instance: LearnerInstance | undefined,
  mine: pulumi.CustomResourceOptions,
): void {
  const slug = learnerSlug(learner.id);
  const subscriptionId = c.ctx.client.subscriptionId;
  if (learnersCreateCompute(c.cfg.needs)) {
    grantRole(
      `workspace-compute-operator-${slug}`,
      {
        scope: env.ml.workspaceArmId,
        role: "azureMlComputeOperator",
        principalId: objectId,
        subscriptionId,
        description: `dp100-labs learner ${learner.id}: creates compute in the lab`,
      },
      mine,
    );
  } else if (instance) {
    grantRole(
      `instance-compute-operator-${slug}`,
      {
        scope: pulumi.interpolate`${env.ml.workspaceArmId}/computes/${instance.name}`,
        role: "azureMlComputeOperator",
        principalId: objectId,
        subscriptionId,
        description: `dp100-labs learner ${learner.id}: own compute instance`,
      },
      {
        ...mine,
        // The assignment's scope is the instance: when the instance is replaced (a schedule
        // change, reset-learner) the assignment is recreated with it, and when the instance is
        // deleted Azure removes the assignment with it.
        replaceWith: [instance.component.compute],
        deletedWith: instance.component.compute,
      },
    );
  }
}
