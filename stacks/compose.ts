import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { costBudget } from "../components/budget";
import { DeploymentNameKeys, DeploymentNames } from "../components/deploymentNames";
import { NameSuffix } from "../components/naming";
import { grantRole } from "../components/roleAssignment";
import { ianaOfWindowsZone } from "../azure/regions";
import { ConfigError, Learner, NAMESPACE, ValidatedConfig } from "./config";
import {
  ComposeContext,
  Composition,
  GroupPlacement,
  labEnvironment,
  LearnerParents,
  learnerSlug,
  placeGroup,
  recordGroup,
  StackOutputs,
  stackTags,
} from "./composition";
import { FoundationGroup, foundationGroup } from "./foundation";
import { ComposedGroup, composeLearner } from "./learnerSteps";
import { needsOfPart } from "./parts";

export type { ClientIdentity, ComposeContext, LearnerHandout, StackOutputs } from "./composition";
export { labsTag, learnerSlug } from "./composition";
export { instanceLogicalName } from "./learnerSteps";

/** Budget amount in USD when `dp100-labs:budget` is not set: per resource group, per month. */
export const DEFAULT_BUDGET_USD = 100;

/**
 * Turns a validated configuration into resources. One code path for the three shapes:
 * sandbox (one group: the caller), cohort shared (one group: the whole roster), cohort isolated
 * (one group per learner). Each group is a resource group with a LabEnvironment and a budget;
 * each learner in it gets a compute instance (when the labs need one) and, in a cohort, role
 * assignments. Everything is validated before the first resource is registered.
 */
export function composeStack(cfg: ValidatedConfig, ctx: ComposeContext): StackOutputs {
  checkBeforeRegistering(cfg);
  const c = startComposition(cfg, ctx);
  const outputs = wholeStackOutputs(cfg);
  const foundationGroups: pulumi.Output<FoundationGroup>[] = [];
  for (const group of groupsOf(cfg)) {
    const g = composeGroup(c, group.key);
    recordGroup(outputs, g.placement, g.resourceGroupName, g.env);
    if (cfg.part === "foundation") {
      foundationGroups.push(foundationGroup(group.key, g.resourceGroupName, g.env.ml));
    }
    for (const learner of group.learners) {
      outputs.learners[learner.id] = composeLearner(c, g, learner);
    }
  }
  if (cfg.part === "foundation") outputs.foundation = foundationOf(c, foundationGroups);
  return outputs;
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

/** The stable keys the stack's Azure names come from. */
export function nameKeys(cfg: ValidatedConfig): DeploymentNameKeys {
  return { prefix: cfg.prefix, cohort: cfg.cohort, cohortInNames: cfg.mode === "cohort" };
}

/**
 * Every name, checked before the first resource is registered (with a placeholder suffix of the
 * real length): no two learners share a compute name or a logical name (ids that fold to the same
 * text), and every Azure name of every group can be made.
 */
function checkBeforeRegistering(cfg: ValidatedConfig): void {
  const names = new DeploymentNames(nameKeys(cfg));
  if (cfg.needs.computeInstance) {
    refuseSameName(cfg.learners, "its compute name", (l) => names.computeInstanceNow(l.id));
  }
  refuseSameName(cfg.learners, "its logical name", (l) => learnerSlug(l.id));
  for (const group of groupsOf(cfg)) names.group(group.key).checkAll();
}

function refuseSameName(
  learners: readonly Learner[],
  what: string,
  nameOf: (l: Learner) => string,
): void {
  const seen = new Map<string, string>();
  for (const l of learners) {
    const name = nameOf(l);
    const other = seen.get(name);
    if (other !== undefined) {
      throw new ConfigError(
        `${NAMESPACE}:learners`,
        `'${l.id}'`,
        `${what} would equal that of '${other}'; give one of them another id`,
      );
    }
    seen.set(name, l.id);
  }
}

/** The stack-wide parts: the random name suffix (the first resource), the tags, where alerts go. */
function startComposition(cfg: ValidatedConfig, ctx: ComposeContext): Composition {
  const cohortMode = cfg.mode === "cohort";
  const suffix = new NameSuffix("names", { generation: cfg.suffixGeneration });
  const owner = cfg.owner ?? (cohortMode ? cfg.trainers[0]?.email : undefined);
  const trainerEmails = cfg.trainers.flatMap((t) => (t.email ? [t.email] : []));
  return {
    cfg,
    ctx,
    names: new DeploymentNames(nameKeys(cfg), suffix.result),
    // The cohort's name as written goes into tags and outputs; its short part into Azure names.
    tags: stackTags({
      cohort: cfg.cohort,
      labs: cfg.labs,
      owner: owner ?? ctx.client.objectId,
      expiresOn: cfg.expiresOn ?? "none",
    }),
    alertEmails: [...new Set([...trainerEmails, ...cfg.alertEmails])],
    learners: new LearnerParents(),
  };
}

function wholeStackOutputs(cfg: ValidatedConfig): StackOutputs {
  return {
    mode: cfg.mode,
    cohort: cfg.cohort,
    topology: cfg.mode === "cohort" ? cfg.topology : "sandbox",
    labs: [...cfg.needs.labIds],
    location: cfg.location,
    expiresOn: cfg.expiresOn ?? "none",
    resourceGroups: [],
    workspaces: [],
    studioUrl: null,
    learners: {},
    computeStop: cfg.needs.computeInstance
      ? {
          time: cfg.compute.stopTime,
          timeZone: cfg.compute.timeZone,
          ianaTimeZone: ianaOfWindowsZone(cfg.compute.timeZone, cfg.location) ?? null,
          fromRegion: cfg.compute.timeZoneFromRegion,
        }
      : null,
    foundation: null,
  };
}

/** One resource group with its LabEnvironment, its budget and (in a cohort) its trainers' role. */
function composeGroup(c: Composition, key: string | undefined): ComposedGroup {
  const { cfg } = c;
  const placement = placeGroup(c, key);
  const rg = new resources.ResourceGroup(
    `${placement.scope}-rg`,
    {
      resourceGroupName: placement.names.resourceGroup(),
      location: cfg.location,
      tags: placement.tags,
    },
    placement.opts,
  );
  const env = labEnvironment(c, placement, {
    resourceGroupName: rg.name,
    location: cfg.location,
    needs: needsOfPart(cfg.part, cfg.needs),
    containerRegistry: cfg.workspace.containerRegistry,
    purgeProtection: cfg.workspace.purgeProtection,
    keyVaultRetentionDays: cfg.workspace.keyVaultRetentionDays,
    friendlyName: cfg.mode === "cohort" ? `DP-100 ${cfg.cohort}` : "DP-100 sandbox",
  });
  groupBudget(c, placement, rg);
  if (cfg.mode === "cohort") grantTrainers(c, placement, rg);
  return { placement, resourceGroupName: rg.name, env };
}

function groupBudget(c: Composition, g: GroupPlacement, rg: resources.ResourceGroup): void {
  const now = c.ctx.now;
  costBudget(
    `${g.scope}-budget`,
    {
      scope: rg.id,
      budgetName: g.names.budget(),
      amount: c.cfg.budget ?? DEFAULT_BUDGET_USD,
      contactEmails: c.alertEmails,
      alerts: c.cfg.budgetAlerts,
      startDate: `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`,
    },
    g.opts,
  );
}

/** Trainers: Contributor on the group, to help any learner and to tear everything down. */
function grantTrainers(c: Composition, g: GroupPlacement, rg: resources.ResourceGroup): void {
  for (const t of c.cfg.trainers) {
    grantRole(
      `${g.scope}-trainer-${t.objectId}`,
      {
        scope: rg.id,
        role: "contributor",
        principalId: t.objectId,
        principalType: t.principalType,
        subscriptionId: c.ctx.client.subscriptionId,
        description: "dp100-labs trainer",
      },
      g.opts,
    );
  }
}

/** The stack output `foundation`: what a foundation hands its lab stacks (stacks/foundation.ts). */
function foundationOf(
  c: Composition,
  groups: pulumi.Output<FoundationGroup>[],
): StackOutputs["foundation"] {
  const { cfg } = c;
  return pulumi.output({
    version: 1 as const,
    cohort: cfg.cohort,
    prefix: cfg.prefix,
    topology: cfg.topology,
    location: cfg.location,
    labs: [...cfg.needs.labIds],
    nameSuffix: c.names.suffix,
    expiresOn: cfg.expiresOn ?? "none",
    owner: pulumi.output(c.tags.owner),
    alertEmails: c.alertEmails,
    subscriptionId: pulumi.output(c.ctx.client.subscriptionId),
    groups: pulumi.all(groups),
    learners: cfg.learners.map((l) => ({
      id: l.id,
      objectId: l.objectId ?? cfg.identity.objectId ?? "",
    })),
  });
}
