import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { learnersCreateCompute } from "../labs";
import { costBudget } from "../components/budget";
import { ComputeInstance } from "../components/computeInstance";
import { LabEnvironment, LabEnvironmentArgs } from "../components/labEnvironment";
import { WORKSPACE_NAMES } from "../components/mlWorkspace";
import {
  cohortNamePart,
  composeName,
  NameSuffix,
  Namer,
  PLACEHOLDER_SUFFIX,
  shortHash,
} from "../components/naming";
import { grantRole } from "../components/roleAssignment";
import { ianaOfWindowsZone, StopSchedule } from "../azure/regions";
import { LearnerResources } from "../components/learnerResources";
import { ConfigError, Learner, NAMESPACE, ValidatedConfig } from "./config";
import { FoundationGroup, FoundationOutput } from "./foundation";
import { needsOfPart } from "./parts";

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

/** The workspace's abbreviation in its Azure name (components/mlWorkspace.ts WORKSPACE_NAMES). */
const WORKSPACE_ABBREVIATION = WORKSPACE_NAMES.find(([kind]) => kind === "mlWorkspace")![1];

/** Budget amount in USD when `dp100-labs:budget` is not set: per resource group, per month. */
export const DEFAULT_BUDGET_USD = 100;

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

/** Logical name of a learner's compute instance component (the cohort CLI's reset-learner uses it). */
export function instanceLogicalName(learnerId: string): string {
  return `compute-instance-${learnerSlug(learnerId)}`;
}

/** The value of the `labs` tag: the ids joined, or "all". Tag values hold at most 256 characters. */
export function labsTag(labs: readonly string[] | "all"): string {
  if (labs === "all") return "all";
  const joined = labs.join(",");
  return joined.length <= 256 ? joined : `${labs.length}-labs-${shortHash(joined, 6)}`;
}

/**
 * Turns a validated configuration into resources. One code path for the three shapes:
 * sandbox (one group: the caller), cohort shared (one group: the whole roster), cohort isolated
 * (one group per learner). Each group is a resource group with a LabEnvironment and a budget;
 * each learner in it gets a compute instance (when the labs need one) and, in a cohort, role
 * assignments. Everything is validated before the first resource is registered.
 */
export function composeStack(cfg: ValidatedConfig, ctx: ComposeContext): StackOutputs {
  const needs = cfg.needs;
  const cohortMode = cfg.mode === "cohort";
  // The cohort's name as written goes into tags and outputs; its short part into Azure names.
  const baseParts = cohortMode ? [cfg.prefix, cohortNamePart(cfg.cohort)] : [cfg.prefix];
  const expiresOn = cfg.expiresOn ?? "none";
  const labIds = [...needs.labIds];

  // Validate every name up front (placeholder suffix of the real length), including collisions
  // between learners whose ids fold to the same text.
  const instanceNamesSeen = new Map<string, string>();
  if (needs.computeInstance) {
    for (const l of cfg.learners) {
      const n = composeName("mlCompute", {
        fixed: [...baseParts.slice(1), "ci"],
        key: l.id,
        suffix: PLACEHOLDER_SUFFIX,
      });
      const other = instanceNamesSeen.get(n);
      if (other !== undefined) {
        throw new ConfigError(
          `${NAMESPACE}:learners`,
          `'${l.id}'`,
          `its compute name would equal that of '${other}'; give one of them another id`,
        );
      }
      instanceNamesSeen.set(n, l.id);
    }
  }
  const slugs = new Map<string, string>();
  for (const l of cfg.learners) {
    const s = learnerSlug(l.id);
    if (slugs.has(s)) {
      throw new ConfigError(
        `${NAMESPACE}:learners`,
        `'${l.id}'`,
        `its logical name would equal that of '${slugs.get(s)}'; give one of them another id`,
      );
    }
    slugs.set(s, l.id);
  }

  // Every Azure name of every group, checked before the first resource is registered.
  for (const group of groupsOf(cfg)) {
    const n = groupNamer(new Namer(baseParts, PLACEHOLDER_SUFFIX), cfg, group.key);
    n.unique("resourceGroup", "rg");
    for (const [kind, abbreviation] of WORKSPACE_NAMES) n.unique(kind, abbreviation);
    budgetName(cfg, group.key);
  }

  const suffix = new NameSuffix("names", { generation: cfg.suffixGeneration });
  const namer = new Namer(baseParts, suffix.result);
  // Compute instance names drop the project prefix: they must fit 24 characters with the learner id.
  const instanceNamer = new Namer(baseParts.slice(1), suffix.result);
  const owner = cfg.owner ?? (cohortMode ? cfg.trainers[0]?.email : undefined);
  const baseTags: Record<string, pulumi.Input<string>> = {
    project: "dp100-labs",
    cohort: cfg.cohort,
    labs: labsTag(cfg.labs),
    owner: owner ?? ctx.client.objectId,
    expiresOn,
    managedBy: "pulumi",
  };
  const trainerEmails = [
    ...new Set([...cfg.trainers.flatMap((t) => (t.email ? [t.email] : [])), ...cfg.alertEmails]),
  ];

  const groups = groupsOf(cfg);

  const outputs: StackOutputs = {
    mode: cfg.mode,
    cohort: cfg.cohort,
    topology: cohortMode ? cfg.topology : "sandbox",
    labs: labIds,
    location: cfg.location,
    expiresOn,
    resourceGroups: [],
    workspaces: [],
    studioUrl: null,
    learners: {},
    computeStop: needs.computeInstance
      ? {
          time: cfg.compute.stopTime,
          timeZone: cfg.compute.timeZone,
          ianaTimeZone: ianaOfWindowsZone(cfg.compute.timeZone, cfg.location) ?? null,
          fromRegion: cfg.compute.timeZoneFromRegion,
        }
      : null,
    foundation: null,
  };
  const foundationGroups: pulumi.Output<FoundationGroup>[] = [];
  const budgetStart = `${ctx.now.getUTCFullYear()}-${String(ctx.now.getUTCMonth() + 1).padStart(2, "0")}-01`;

  // One component per learner holds everything that is theirs (in the isolated topology, their
  // whole resource group), so the plan and the engine show each learner as one subtree and removing
  // a learner removes exactly that subtree.
  const learnerComponents = new Map<string, LearnerResources>();
  const learnerComponent = (l: Learner) => {
    let c = learnerComponents.get(l.id);
    if (!c) {
      c = new LearnerResources(`learner-${learnerSlug(l.id)}`, { learnerId: l.id });
      learnerComponents.set(l.id, c);
    }
    return c;
  };

  for (const group of groups) {
    const isolatedLearner = group.key !== undefined ? group.learners[0] : undefined;
    // Logical names are unique across the stack (a URN carries the parent's type, not its name).
    const scope = isolatedLearner ? learnerSlug(isolatedLearner.id) : "shared";
    const groupParent = isolatedLearner ? { parent: learnerComponent(isolatedLearner) } : {};
    const gNamer = groupNamer(namer, cfg, group.key);
    const tags: Record<string, pulumi.Input<string>> = isolatedLearner
      ? { ...baseTags, learner: learnerSlug(isolatedLearner.id) }
      : baseTags;
    const rg = new resources.ResourceGroup(
      `${scope}-rg`,
      {
        resourceGroupName: gNamer.unique("resourceGroup", "rg"),
        location: cfg.location,
        tags,
      },
      groupParent,
    );
    const env = new LabEnvironment(
      `${scope}-env`,
      {
        resourceGroupName: rg.name,
        location: cfg.location,
        namer: gNamer,
        tenantId: ctx.client.tenantId,
        needs: needsOfPart(cfg.part, needs),
        tags,
        containerRegistry: cfg.workspace.containerRegistry,
        purgeProtection: cfg.workspace.purgeProtection,
        keyVaultRetentionDays: cfg.workspace.keyVaultRetentionDays,
        ...labSettings(cfg),
        friendlyName: cohortMode ? `DP-100 ${cfg.cohort}` : "DP-100 sandbox",
        alertEmails: trainerEmails,
      },
      groupParent,
    );
    outputs.resourceGroups.push(rg.name);
    outputs.workspaces.push(env.ml.workspaceName);
    if (!isolatedLearner) outputs.studioUrl = env.ml.studioUrl;
    if (cfg.part === "foundation") {
      foundationGroups.push(
        pulumi.output({
          key: group.key ?? null,
          resourceGroup: rg.name,
          workspace: env.ml.workspaceName,
          workspaceArmId: env.ml.workspaceArmId,
          storageAccountName: env.ml.storageAccountName,
          storageAccountId: env.ml.storageAccountId,
          logAnalyticsWorkspaceId: env.ml.logAnalyticsWorkspaceId,
          appInsightsId: env.ml.appInsightsId,
          appInsightsName: env.ml.appInsightsName,
          studioUrl: env.ml.studioUrl,
          defaultBlobContainerId: env.ml.defaultBlobContainerId,
        }),
      );
    }

    costBudget(
      `${scope}-budget`,
      {
        scope: rg.id,
        budgetName: budgetName(cfg, group.key),
        amount: cfg.budget ?? DEFAULT_BUDGET_USD,
        contactEmails: trainerEmails,
        alerts: cfg.budgetAlerts,
        startDate: budgetStart,
      },
      groupParent,
    );

    if (cohortMode) {
      // Trainers: Contributor on the group, to help any learner and to tear everything down.
      for (const t of cfg.trainers) {
        grantRole(
          `${scope}-trainer-${t.objectId}`,
          {
            scope: rg.id,
            role: "contributor",
            principalId: t.objectId,
            principalType: t.principalType,
            subscriptionId: ctx.client.subscriptionId,
            description: "dp100-labs trainer",
          },
          groupParent,
        );
      }
    }

    for (const learner of group.learners) {
      const slug = learnerSlug(learner.id);
      const mine = { parent: learnerComponent(learner) };
      const objectId = learner.objectId ?? cfg.identity.objectId ?? ctx.client.objectId;
      const tenantId = cfg.identity.tenantId ?? ctx.client.tenantId;
      let instanceName: pulumi.Output<string> | null = null;
      let instance: ComputeInstance | undefined;
      // The name is known from the suffix alone; the role on the instance is scoped by it (not by
      // the compute's name output, which is unknown while an update is previewed).
      const ciName = needs.computeInstance
        ? instanceNamer.unique("mlCompute", "ci", learner.id)
        : undefined;
      if (ciName) {
        instance = new ComputeInstance(
          instanceLogicalName(learner.id),
          {
            // Names known from the suffix alone, not the group's and workspace's outputs: those
            // are unknown while a stack-level change (a tag) to them is previewed, and unknown
            // ARM-id inputs would preview every instance as replaced.
            resourceGroupName: gNamer.unique("resourceGroup", "rg"),
            workspaceName: gNamer.unique("mlWorkspace", WORKSPACE_ABBREVIATION),
            dependsOn: env.ml.workspace ? [env.ml.workspace] : [],
            location: cfg.location,
            computeName: ciName,
            assignedUser: { objectId, tenantId },
            vmSize: cfg.compute.instanceVmSize,
            idleShutdownMinutes: cfg.compute.idleShutdownMinutes,
            stopTime: cfg.compute.stopTime,
            timeZone: cfg.compute.timeZone,
            tags: { ...tags, learner: slug },
          },
          mine,
        );
        instanceName = instance.computeName;
      }
      if (cohortMode) {
        // Least privilege: run experiments in the workspace; read and write lab data; operate
        // their own compute instance only. Nothing at resource-group scope.
        grantRole(
          `data-scientist-${slug}`,
          {
            scope: env.ml.workspaceArmId,
            role: "azureMlDataScientist",
            principalId: objectId,
            subscriptionId: ctx.client.subscriptionId,
            description: `dp100-labs learner ${learner.id}`,
          },
          mine,
        );
        // Write only where their jobs and uploads write: the workspace's default blob container
        // (workspaceblobstore). Lab data is read-only to them (grantLabDataReaders), and nothing
        // at storage-account scope, so no learner can delete the lab data or the account's other
        // containers. Identity-based data access needs Storage Blob Data Reader to read and
        // Contributor to write: https://learn.microsoft.com/azure/machine-learning/how-to-administrate-data-authentication
        grantRole(
          `blob-data-contributor-${slug}`,
          {
            scope: env.ml.defaultBlobContainerId,
            role: "storageBlobDataContributor",
            principalId: objectId,
            subscriptionId: ctx.client.subscriptionId,
            description: `dp100-labs learner ${learner.id}: job outputs and uploads`,
          },
          mine,
        );
        grantLabDataReaders(env, learner, objectId, ctx.client.subscriptionId, mine);
        if (learnersCreateCompute(needs)) {
          // Labs that teach creating compute (explore-*, work-with-compute): the learner needs to
          // create and manage compute in the workspace, which Data Scientist does not allow.
          grantRole(
            `workspace-compute-operator-${slug}`,
            {
              scope: env.ml.workspaceArmId,
              role: "azureMlComputeOperator",
              principalId: objectId,
              subscriptionId: ctx.client.subscriptionId,
              description: `dp100-labs learner ${learner.id}: creates compute in the lab`,
            },
            mine,
          );
        } else if (instance && ciName) {
          grantRole(
            `instance-compute-operator-${slug}`,
            {
              scope: pulumi.interpolate`${env.ml.workspaceArmId}/computes/${ciName}`,
              role: "azureMlComputeOperator",
              principalId: objectId,
              subscriptionId: ctx.client.subscriptionId,
              description: `dp100-labs learner ${learner.id}: own compute instance`,
            },
            {
              ...mine,
              // The assignment's scope is the instance: when the instance is replaced (a schedule
              // change, reset-learner) the assignment is recreated with it, and when the instance
              // is deleted Azure removes the assignment with it.
              replaceWith: [instance.compute],
              deletedWith: instance.compute,
            },
          );
        }
      }
      outputs.learners[learner.id] = {
        studioUrl: env.ml.studioUrl,
        workspace: env.ml.workspaceName,
        resourceGroup: rg.name,
        computeInstance: instanceName,
        expiresOn,
        email: learner.email ?? null,
        displayName: learner.displayName ?? null,
      };
    }
  }
  if (cfg.part === "foundation") {
    outputs.foundation = pulumi.output({
      version: 1 as const,
      cohort: cfg.cohort,
      prefix: cfg.prefix,
      topology: cfg.topology,
      location: cfg.location,
      labs: labIds,
      nameSuffix: suffix.result,
      expiresOn,
      owner: pulumi.output(baseTags.owner),
      alertEmails: trainerEmails,
      subscriptionId: pulumi.output(ctx.client.subscriptionId),
      groups: pulumi.all(foundationGroups),
      learners: cfg.learners.map((l) => ({
        id: l.id,
        objectId: l.objectId ?? cfg.identity.objectId ?? "",
      })),
    });
  }
  return outputs;
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
  learner: Learner,
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

/**
 * The settings of what the labs add that every LabEnvironment of a stack gets from the stack's
 * configuration, whole stack or lab stack alike (one place, so the two cannot drift): the clusters,
 * and the Kubernetes inference lab's networking and local-accounts choices.
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

interface Group {
  /** The learner id for a per-learner group (isolated topology), undefined for the shared one. */
  readonly key: string | undefined;
  readonly learners: readonly Learner[];
}

/** The resource groups a configuration asks for. */
export function groupsOf(cfg: ValidatedConfig): Group[] {
  return cfg.mode === "cohort" && cfg.topology === "isolated"
    ? cfg.learners.map((l) => ({ key: l.id, learners: [l] }))
    : [{ key: undefined, learners: cfg.learners }];
}

/**
 * The namer of one group. A learner's own group (isolated topology) is named from the cohort and a
 * short hash of the learner id, without the project prefix: key vault and storage names have only
 * 24 characters.
 */
export function groupNamer(namer: Namer, cfg: ValidatedConfig, key: string | undefined): Namer {
  return key === undefined
    ? namer
    : new Namer([cohortNamePart(cfg.cohort), shortHash(key, 4)], namer.suffix);
}

function budgetName(cfg: ValidatedConfig, key: string | undefined): string {
  return composeName("budget", {
    fixed: [cfg.prefix, cohortNamePart(cfg.cohort), "budget"],
    key,
  });
}
