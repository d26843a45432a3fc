import * as pulumi from "@pulumi/pulumi";
import { DeploymentNames, GroupNames } from "../components/deploymentNames";
import { LabEnvironment, LabEnvironmentArgs } from "../components/labEnvironment";
import { LearnerResources } from "../components/learnerResources";
import { shortHash } from "../components/naming";
import { grantRole } from "../components/roleAssignment";
import { StopSchedule } from "../azure/regions";
import { Learner, ValidatedConfig } from "./config";
import { FoundationOutput } from "./foundation";

/**
 * The steps every stack shape composes with: the whole stack and a foundation (stacks/compose.ts)
 * and a cohort's lab stack (stacks/labStack.ts). Logical names come from stable keys only (a
 * learner's id, `shared`), never from an Azure name; Azure names come from the components
 * (components/deploymentNames.ts).
 */

/** What the stack needs from the Azure client configuration (the logged-in identity). */
export interface ClientIdentity {
  readonly objectId: pulumi.Input<string>;
  readonly tenantId: pulumi.Input<string>;
  readonly subscriptionId: pulumi.Input<string>;
}

export interface ComposeContext {
  readonly client: ClientIdentity;
  /** Today, for the budget's first month. */
  readonly now: Date;
}

/** What one learner gets, as handed out (stack output `learners`). */
export interface LearnerHandout {
  readonly studioUrl: pulumi.Output<string>;
  readonly workspace: pulumi.Output<string>;
  readonly resourceGroup: pulumi.Output<string>;
  readonly computeInstance: pulumi.Output<string> | null;
  readonly expiresOn: string;
  readonly email: string | null;
  readonly displayName: string | null;
}

export interface StackOutputs {
  readonly mode: string;
  readonly cohort: string;
  readonly topology: string;
  readonly labs: readonly string[];
  readonly location: string;
  readonly expiresOn: string;
  readonly resourceGroups: pulumi.Output<string>[];
  readonly workspaces: pulumi.Output<string>[];
  studioUrl: pulumi.Output<string> | null;
  readonly learners: Record<string, LearnerHandout>;
  /** When compute instances stop every day, in local terms; null when the labs have none. */
  readonly computeStop: StopSchedule | null;
  /** What a foundation stack hands its lab stacks (stack output `foundation`); else null. */
  foundation: pulumi.Output<FoundationOutput> | null;
}

/**
 * The part of a logical name that stands for a learner: the id folded to [a-z0-9-], plus a hash of
 * the exact id whenever folding lost anything, so two ids never share a logical name. Depends on the
 * id alone, so roster order and other learners never change it.
 */
export function learnerSlug(id: string): string {
  const folded = id
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const exact = folded === id.toLowerCase() && folded.length > 0 && folded.length <= 40;
  return exact ? folded : `${folded.slice(0, 32).replace(/-+$/, "") || "id"}-${shortHash(id, 6)}`;
}

/** The value of the `labs` tag: the ids joined, or "all". Tag values hold at most 256 characters. */
export function labsTag(labs: readonly string[] | "all"): string {
  if (labs === "all") return "all";
  const joined = labs.join(",");
  return joined.length <= 256 ? joined : `${labs.length}-labs-${shortHash(joined, 6)}`;
}

/**
 * One component per learner holds everything that is theirs (in the isolated topology, their whole
 * resource group), so the plan and the engine show each learner as one subtree and removing a
 * learner removes exactly that subtree. Registered on first use.
 */
export class LearnerParents {
  private readonly byId = new Map<string, LearnerResources>();

  of(learnerId: string): LearnerResources {
    let c = this.byId.get(learnerId);
    if (!c) {
      c = new LearnerResources(`learner-${learnerSlug(learnerId)}`, { learnerId });
      this.byId.set(learnerId, c);
    }
    return c;
  }
}

/** What every step reads: the configuration, the names, the stack's tags, where alerts go. */
export interface Composition {
  readonly cfg: ValidatedConfig;
  readonly ctx: ComposeContext;
  readonly names: DeploymentNames;
  readonly tags: Record<string, pulumi.Input<string>>;
  /** Where budget and monitoring alerts go. */
  readonly alertEmails: string[];
  readonly learners: LearnerParents;
}

/** The tags every resource of a stack carries (the required-tags guardrail checks them). */
export function stackTags(t: {
  readonly cohort: string;
  readonly labs: readonly string[] | "all";
  readonly owner: pulumi.Input<string>;
  readonly expiresOn: string;
}): Record<string, pulumi.Input<string>> {
  return {
    project: "dp100-labs",
    cohort: t.cohort,
    labs: labsTag(t.labs),
    owner: t.owner,
    expiresOn: t.expiresOn,
    managedBy: "pulumi",
  };
}

/** Where one resource group's resources go: their logical names, parent, Azure names and tags. */
export interface GroupPlacement {
  /** The learner id of a learner's own group (isolated topology); undefined for the shared one. */
  readonly key: string | undefined;
  /** The group's part of logical names (unique across the stack: a URN carries the parent's type, not its name). */
  readonly scope: string;
  readonly opts: pulumi.CustomResourceOptions;
  readonly names: GroupNames;
  readonly tags: Record<string, pulumi.Input<string>>;
}

/** Places a group: a learner's own group goes under the learner's component and carries their tag. */
export function placeGroup(c: Composition, key: string | undefined): GroupPlacement {
  if (key === undefined) {
    return { key, scope: "shared", opts: {}, names: c.names.group(), tags: c.tags };
  }
  const scope = learnerSlug(key);
  return {
    key,
    scope,
    opts: { parent: c.learners.of(key) },
    names: c.names.group(key),
    tags: { ...c.tags, learner: scope },
  };
}

/** The LabEnvironment of a group: what its labs need in the workspace, with the stack's settings. */
export function labEnvironment(
  c: Composition,
  g: GroupPlacement,
  args: Omit<LabEnvironmentArgs, "namer" | "tenantId" | "tags" | "alertEmails">,
): LabEnvironment {
  return new LabEnvironment(
    `${g.scope}-env`,
    {
      namer: g.names.namer,
      tenantId: c.ctx.client.tenantId,
      tags: g.tags,
      ...labSettings(c.cfg),
      alertEmails: c.alertEmails,
      ...args,
    },
    g.opts,
  );
}

/**
 * The settings of what the labs add that every LabEnvironment of a stack gets from the stack's
 * configuration, whole stack or lab stack alike: the clusters, and the Kubernetes inference lab's
 * networking and local-accounts choices.
 */
export function labSettings(
  cfg: ValidatedConfig,
): Pick<LabEnvironmentArgs, "clusters" | "privateNetworking" | "inferenceDisableLocalAccounts"> {
  return {
    clusters: {
      vmSize: cfg.compute.clusterVmSize,
      maxNodes: cfg.compute.clusterMaxNodes,
      lowPriority: cfg.compute.clusterLowPriority,
    },
    privateNetworking: cfg.workspace.privateNetworking,
    inferenceDisableLocalAccounts: !cfg.workspace.inferenceLocalAccounts,
  };
}

/** Records a group's resource group and workspace in the stack outputs (the shared one's studio link too). */
export function recordGroup(
  outputs: StackOutputs,
  g: GroupPlacement,
  resourceGroup: pulumi.Output<string>,
  env: LabEnvironment,
): void {
  outputs.resourceGroups.push(resourceGroup);
  outputs.workspaces.push(env.ml.workspaceName);
  if (g.key === undefined) outputs.studioUrl = env.ml.studioUrl;
}

/**
 * A learner's read access to the lab data of one environment: Storage Blob Data Reader on each
 * lab data container, the narrowest scope Azure ML's identity-based datastores need for a learner
 * to browse and read the data (https://learn.microsoft.com/azure/machine-learning/how-to-administrate-data-authentication).
 * Named from the learner and the container name (stable keys); parented under the learner, so
 * removing a learner removes exactly their grants.
 */
export function grantLabDataReaders(
  env: LabEnvironment,
  learner: Pick<Learner, "id">,
  objectId: pulumi.Input<string>,
  subscriptionId: pulumi.Input<string>,
  mine: pulumi.CustomResourceOptions,
): void {
  const slug = learnerSlug(learner.id);
  for (const [container, resource] of Object.entries(env.data?.containers ?? {})) {
    grantRole(
      `blob-data-reader-${slug}-${container}`,
      {
        scope: resource.id,
        role: "storageBlobDataReader",
        principalId: objectId,
        subscriptionId,
        description: `dp100-labs learner ${learner.id}: lab data (read)`,
      },
      mine,
    );
  }
}
