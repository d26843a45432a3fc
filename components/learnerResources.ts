import * as pulumi from "@pulumi/pulumi";

export interface LearnerResourcesArgs {
  /** The learner's id, recorded for the plan and handouts. Required. */
  readonly learnerId: string;
}

/**
 * The parent of everything that belongs to one learner (their compute instance and role
 * assignments; in the isolated topology their whole resource group). It owns no Azure resource:
 * it makes each learner one subtree, so that removing a learner removes exactly that subtree.
 */
export class LearnerResources extends pulumi.ComponentResource {
  readonly learnerId: string;

  constructor(name: string, args: LearnerResourcesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dp100:cohort:Learner", name, { learnerId: args.learnerId }, opts);
    this.learnerId = args.learnerId;
    this.registerOutputs({ learnerId: args.learnerId });
  }
}
