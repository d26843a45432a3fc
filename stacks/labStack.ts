import * as pulumi from "@pulumi/pulumi";
import { DeploymentNames } from "../components/deploymentNames";
import { ValidatedConfig } from "./config";
import {
  ComposeContext,
  Composition,
  grantLabDataReaders,
  labEnvironment,
  LearnerParents,
  placeGroup,
  recordGroup,
  StackOutputs,
  stackTags,
} from "./composition";
import { FoundationGroup, FoundationOutput, readFoundation, workspaceOf } from "./foundation";
import { labPartNeeds } from "./parts";

/**
 * A cohort's lab stack: only what its labs add on top of the foundation (lab data, the labs' own
 * clusters, Kubernetes inference, monitoring) and the learners' read access to the lab data. The
 * workspace set, the instances and the learners' other grants are the foundation's, so destroying
 * a lab stack never touches a learner's instance or files. Logical names are those a one-stack
 * cohort gives the same resources (`shared-env`, `learner-<id>`), from stable keys only, and it
 * composes with the same steps (stacks/composition.ts).
 */
export function composeLabStack(
  cfg: ValidatedConfig,
  ctx: ComposeContext,
  f: FoundationOutput,
): StackOutputs {
  const c = labComposition(cfg, ctx, f);
  const outputs: StackOutputs = {
    mode: cfg.mode,
    cohort: f.cohort,
    topology: f.topology,
    labs: [...cfg.needs.labIds],
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
  for (const g of f.groups) composeLabGroup(c, f, g, outputs);
  return outputs;
}

/** The stack-wide parts, from the foundation: its names (and random suffix), tags and alert e-mails. */
function labComposition(
  cfg: ValidatedConfig,
  ctx: ComposeContext,
  f: FoundationOutput,
): Composition {
  return {
    cfg,
    ctx,
    // The foundation's cohort is this stack's (checkFoundation): the names match the foundation's.
    names: new DeploymentNames(
      { prefix: cfg.prefix, cohort: f.cohort, cohortInNames: true },
      f.nameSuffix,
    ),
    tags: stackTags({
      cohort: f.cohort,
      labs: cfg.labs,
      owner: cfg.owner ?? f.owner,
      expiresOn: f.expiresOn,
    }),
    alertEmails: [...(cfg.alertEmails.length > 0 ? cfg.alertEmails : f.alertEmails)],
    learners: new LearnerParents(),
  };
}

/** What the labs add to one of the foundation's groups, and its learners' read access to the lab data. */
function composeLabGroup(
  c: Composition,
  f: FoundationOutput,
  g: FoundationGroup,
  outputs: StackOutputs,
): void {
  const placement = placeGroup(c, g.key ?? undefined);
  const ml = workspaceOf(g);
  const env = labEnvironment(c, placement, {
    resourceGroupName: g.resourceGroup,
    location: f.location,
    needs: labPartNeeds(c.cfg.needs),
    workspace: ml,
  });
  recordGroup(outputs, placement, pulumi.output(g.resourceGroup), env);
  const members = g.key === null ? f.learners : f.learners.filter((l) => l.id === g.key);
  for (const l of members) {
    grantLabDataReaders(env, l, l.objectId, f.subscriptionId, { parent: c.learners.of(l.id) });
  }
}

/** A lab stack's whole program: read the foundation, check it, then compose. */
export async function composeLabStackFromFoundation(
  cfg: ValidatedConfig,
  ctx: ComposeContext,
): Promise<StackOutputs> {
  return composeLabStack(cfg, ctx, await readFoundation(cfg));
}
