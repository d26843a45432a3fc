import * as pulumi from "@pulumi/pulumi";
import { LabEnvironment } from "../components/labEnvironment";
import { LearnerResources } from "../components/learnerResources";
import { Namer } from "../components/naming";
import {
  labSettings,
  ComposeContext,
  grantLabDataReaders,
  groupNamer,
  labsTag,
  learnerSlug,
  StackOutputs,
} from "./compose";
import { ValidatedConfig } from "./config";
import { FoundationOutput, readFoundation } from "./foundation";
import { labPartNeeds } from "./parts";

/**
 * A cohort's lab stack: only what its labs add on top of the foundation (lab data, the labs' own
 * clusters, Kubernetes inference, monitoring) and the learners' read access to the lab data. The
 * workspace set, the instances and the learners' other grants are the foundation's, so destroying
 * a lab stack never touches a learner's instance or files. Logical names are those a one-stack
 * cohort gives the same resources (`shared-env`, `learner-<id>`), from stable keys only.
 */
export function composeLabStack(
  cfg: ValidatedConfig,
  ctx: ComposeContext,
  f: FoundationOutput,
): StackOutputs {
  const needs = labPartNeeds(cfg.needs);
  const labIds = [...cfg.needs.labIds];
  const namer = new Namer([cfg.prefix, f.cohort], f.nameSuffix);
  const baseTags: Record<string, pulumi.Input<string>> = {
    project: "dp100-labs",
    cohort: f.cohort,
    labs: labsTag(cfg.labs),
    owner: cfg.owner ?? f.owner,
    expiresOn: f.expiresOn,
    managedBy: "pulumi",
  };
  const alertEmails = cfg.alertEmails.length > 0 ? cfg.alertEmails : f.alertEmails;
  const learnersById = new Map(f.learners.map((l) => [l.id, l]));
  const outputs: StackOutputs = {
    mode: cfg.mode,
    cohort: f.cohort,
    topology: f.topology,
    labs: labIds,
    location: f.location,
    expiresOn: f.expiresOn,
    resourceGroups: [],
    workspaces: [],
    studioUrl: null,
    learners: {},
    // A lab stack has no compute instances: their stop schedule is the foundation's.
    computeStop: null,
    foundation: null,
  };
  const learnerParents = new Map<string, LearnerResources>();
  const learnerParent = (id: string) => {
    let s = learnerParents.get(id);
    if (!s) {
      s = new LearnerResources(`learner-${learnerSlug(id)}`, { learnerId: id });
      learnerParents.set(id, s);
    }
    return s;
  };
  for (const g of f.groups) {
    const isolated = g.key !== null;
    const scope = isolated ? learnerSlug(g.key!) : "shared";
    const groupParent = isolated ? { parent: learnerParent(g.key!) } : {};
    const gNamer = groupNamer(namer, cfg, g.key ?? undefined);
    const tags = isolated ? { ...baseTags, learner: scope } : baseTags;
    const env = new LabEnvironment(
      `${scope}-env`,
      {
        resourceGroupName: g.resourceGroup,
        location: f.location,
        namer: gNamer,
        tenantId: ctx.client.tenantId,
        needs,
        tags,
        ...labSettings(cfg),
        alertEmails,
        workspace: {
          workspaceName: pulumi.output(g.workspace),
          workspaceArmId: pulumi.output(g.workspaceArmId),
          storageAccountName: pulumi.output(g.storageAccountName),
          storageAccountId: pulumi.output(g.storageAccountId),
          logAnalyticsWorkspaceId: pulumi.output(g.logAnalyticsWorkspaceId),
          appInsightsId: pulumi.output(g.appInsightsId),
          appInsightsName: pulumi.output(g.appInsightsName),
          studioUrl: pulumi.output(g.studioUrl),
          defaultBlobContainerId: pulumi.output(g.defaultBlobContainerId),
        },
      },
      groupParent,
    );
    outputs.resourceGroups.push(pulumi.output(g.resourceGroup));
    outputs.workspaces.push(pulumi.output(g.workspace));
    if (!isolated) outputs.studioUrl = pulumi.output(g.studioUrl);
    const members = isolated
      ? [learnersById.get(g.key!)].filter((l) => l !== undefined)
      : f.learners;
    for (const l of members) {
      grantLabDataReaders(env, l, l.objectId, f.subscriptionId, { parent: learnerParent(l.id) });
    }
  }
  return outputs;
}

/** A lab stack's whole program: read the foundation, check it, then compose. */
export async function composeLabStackFromFoundation(
  cfg: ValidatedConfig,
  ctx: ComposeContext,
): Promise<StackOutputs> {
  return composeLabStack(cfg, ctx, await readFoundation(cfg));
}
