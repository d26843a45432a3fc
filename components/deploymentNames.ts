import * as pulumi from "@pulumi/pulumi";
import { WORKSPACE_NAMES } from "./mlWorkspace";
import { cohortNamePart, composeName, Namer, PLACEHOLDER_SUFFIX, shortHash } from "./naming";

/**
 * The Azure names of one deployment's resource groups, budgets and compute instances, from stable
 * keys only (the project prefix, the cohort's name, a learner id). The stack composition asks for a
 * name by its key and never sees a name kind or an abbreviation; the workspace set names itself from
 * the group's `namer` (components/mlWorkspace.ts WORKSPACE_NAMES).
 */
export interface DeploymentNameKeys {
  /** Project prefix, e.g. `dp100`. */
  readonly prefix: string;
  /** The cohort's name as written; Azure names carry its short part (naming.ts cohortNamePart). */
  readonly cohort: string;
  /** Whether the names of the shared group carry the cohort's part: true in a cohort, false in a sandbox. */
  readonly cohortInNames: boolean;
}

/** The workspace's abbreviation in its Azure name (components/mlWorkspace.ts WORKSPACE_NAMES). */
const WORKSPACE_ABBREVIATION = WORKSPACE_NAMES.find(([kind]) => kind === "mlWorkspace")![1];

/** The names of one deployment: built with the random suffix from state, or the placeholder to check up front. */
export class DeploymentNames {
  private readonly base: readonly string[];

  constructor(
    readonly keys: DeploymentNameKeys,
    /** The random suffix from state (naming.ts NameSuffix); PLACEHOLDER_SUFFIX to check names up front. */
    readonly suffix: pulumi.Input<string> = PLACEHOLDER_SUFFIX,
  ) {
    this.base = keys.cohortInNames ? [keys.prefix, cohortNamePart(keys.cohort)] : [keys.prefix];
  }

  /**
   * The names of one resource group's resources: the shared group (`learnerId` undefined) or a
   * learner's own group (isolated topology), named from the cohort and a short hash of the learner
   * id, without the project prefix: key vault and storage names have only 24 characters.
   */
  group(learnerId?: string): GroupNames {
    const namer =
      learnerId === undefined
        ? new Namer(this.base, this.suffix)
        : new Namer([cohortNamePart(this.keys.cohort), shortHash(learnerId, 4)], this.suffix);
    return new GroupNames(this.keys, namer, learnerId);
  }

  /**
   * A learner's compute instance name, known from the suffix alone. It drops the project prefix: it
   * must fit 24 characters with the learner id.
   */
  computeInstance(learnerId: string): pulumi.Output<string> {
    return new Namer(this.base.slice(1), this.suffix).unique("mlCompute", "ci", learnerId);
  }

  /** The same name with the placeholder suffix, now (throws NameError): to compare learners up front. */
  computeInstanceNow(learnerId: string): string {
    return composeName("mlCompute", {
      fixed: [...this.base.slice(1), "ci"],
      key: learnerId,
      suffix: PLACEHOLDER_SUFFIX,
    });
  }
}

/** The names of one resource group and what it holds. */
export class GroupNames {
  constructor(
    private readonly keys: DeploymentNameKeys,
    /** Names the workspace set and the labs' resources of the group (LabEnvironment's `namer`). */
    readonly namer: Namer,
    private readonly learnerId: string | undefined,
  ) {}

  resourceGroup(): pulumi.Output<string> {
    return this.namer.unique("resourceGroup", "rg");
  }

  /** The workspace's name, known from the suffix alone (for resources that must not wait on its outputs). */
  workspace(): pulumi.Output<string> {
    return this.namer.unique("mlWorkspace", WORKSPACE_ABBREVIATION);
  }

  /** The budget's name: unique in its resource group, so it has no random suffix. */
  budget(): string {
    return composeName("budget", {
      fixed: [this.keys.prefix, cohortNamePart(this.keys.cohort), "budget"],
      key: this.learnerId,
    });
  }

  /** Checks every Azure name of the group (throws NameError): resource group, workspace set, budget. */
  checkAll(): void {
    this.resourceGroup();
    for (const [kind, abbreviation] of WORKSPACE_NAMES) this.namer.unique(kind, abbreviation);
    this.budget();
  }
}
