import * as pulumi from "@pulumi/pulumi";
import { LAB_IDS } from "../labs";
import { WorkspaceRef } from "../components/labEnvironment";
import { ConfigError, NAMESPACE, ValidatedConfig, Topology } from "./config";

/**
 * What a cohort's foundation stack hands its lab stacks: the stack output `foundation`, read by a
 * lab stack through a `pulumi.StackReference`. Plain values only (names and ARM ids from the
 * foundation's state), so a lab stack's plan has no unknowns from its foundation.
 */
export interface FoundationOutput {
  readonly version: 1;
  readonly cohort: string;
  readonly prefix: string;
  readonly topology: Topology;
  readonly location: string;
  /** The course's labs: a lab stack may only bring up labs among them. */
  readonly labs: readonly string[];
  /** The random name suffix of the foundation, so a lab stack's names match its foundation's. */
  readonly nameSuffix: string;
  readonly expiresOn: string;
  readonly owner: string;
  /** Trainers' and alert e-mails (the monitoring lab's alerts go there). */
  readonly alertEmails: readonly string[];
  readonly subscriptionId: string;
  /** One per resource group: the shared one (key null), or one per learner (isolated topology). */
  readonly groups: readonly FoundationGroup[];
  readonly learners: readonly { readonly id: string; readonly objectId: string }[];
}

export interface FoundationGroup {
  /** The learner id of a learner's own group (isolated topology); null for the shared group. */
  readonly key: string | null;
  readonly resourceGroup: string;
  readonly workspace: string;
  readonly workspaceArmId: string;
  readonly storageAccountName: string;
  readonly storageAccountId: string;
  readonly logAnalyticsWorkspaceId: string;
  readonly appInsightsId: string;
  readonly appInsightsName: string;
  readonly studioUrl: string;
  readonly defaultBlobContainerId: string;
}

/** What a foundation hands over of one group: its resource group and workspace set. */
export function foundationGroup(
  key: string | undefined,
  resourceGroup: pulumi.Output<string>,
  ml: WorkspaceRef,
): pulumi.Output<FoundationGroup> {
  return pulumi.output({
    key: key ?? null,
    resourceGroup,
    workspace: ml.workspaceName,
    workspaceArmId: ml.workspaceArmId,
    storageAccountName: ml.storageAccountName,
    storageAccountId: ml.storageAccountId,
    logAnalyticsWorkspaceId: ml.logAnalyticsWorkspaceId,
    appInsightsId: ml.appInsightsId,
    appInsightsName: ml.appInsightsName,
    studioUrl: ml.studioUrl,
    defaultBlobContainerId: ml.defaultBlobContainerId,
  });
}

/** The workspace set of a foundation's group, as a lab stack's LabEnvironment builds on it. */
export function workspaceOf(g: FoundationGroup): WorkspaceRef {
  return {
    workspaceName: pulumi.output(g.workspace),
    workspaceArmId: pulumi.output(g.workspaceArmId),
    storageAccountName: pulumi.output(g.storageAccountName),
    storageAccountId: pulumi.output(g.storageAccountId),
    logAnalyticsWorkspaceId: pulumi.output(g.logAnalyticsWorkspaceId),
    appInsightsId: pulumi.output(g.appInsightsId),
    appInsightsName: pulumi.output(g.appInsightsName),
    studioUrl: pulumi.output(g.studioUrl),
    defaultBlobContainerId: pulumi.output(g.defaultBlobContainerId),
  };
}

/** The name of the stack output a foundation exports and its lab stacks read. */
export const FOUNDATION_OUTPUT = "foundation";

/**
 * Checks a foundation's output against a lab stack's configuration: it is a foundation's, of the
 * same cohort, and its course has the lab stack's labs. Throws ConfigError naming both stacks and
 * what to do; nothing has been created when it throws.
 */
export function checkFoundation(cfg: ValidatedConfig, value: unknown): FoundationOutput {
  const key = `${NAMESPACE}:foundation`;
  const stack = cfg.foundation ?? "(none)";
  const f = value as Partial<FoundationOutput> | undefined;
  if (!f || typeof f !== "object" || f.version !== 1 || !Array.isArray(f.groups)) {
    throw new ConfigError(
      key,
      `'${stack}'`,
      `that stack has no '${FOUNDATION_OUTPUT}' output: it is not a foundation stack (dp100-labs:part: foundation) or it has not been deployed; bring it up first (npm run cohort -- up brings the foundation up before the lab stacks)`,
    );
  }
  if (f.cohort !== cfg.cohort) {
    throw new ConfigError(
      key,
      `'${stack}'`,
      `that foundation belongs to cohort '${f.cohort}', this lab stack to cohort '${cfg.cohort}'; name the foundation of cohort '${cfg.cohort}' (e.g. ${cfg.cohort}-foundation)`,
    );
  }
  const course = f.labs ?? [];
  const wanted = cfg.labs === "all" ? LAB_IDS : cfg.labs;
  const missing = wanted.filter((id) => !course.includes(id));
  if (missing.length > 0) {
    throw new ConfigError(
      `${NAMESPACE}:labs`,
      `'${missing.join(", ")}'`,
      `the foundation '${stack}' is set up for the labs ${course.join(", ")}; add these labs to the foundation's dp100-labs:labs and bring it up first`,
    );
  }
  if (cfg.needs.monitoring && cfg.alertEmails.length === 0 && (f.alertEmails ?? []).length === 0) {
    throw new ConfigError(
      `${NAMESPACE}:alertEmails`,
      "(not set)",
      `the monitoring lab sends alerts by e-mail: set dp100-labs:alertEmails here, or a trainer's email on the foundation '${stack}'`,
    );
  }
  return f as FoundationOutput;
}

/**
 * Reads the foundation through a StackReference and waits for its output. The reference is the
 * only thing registered before the check: a read, never a create.
 */
export async function readFoundation(cfg: ValidatedConfig): Promise<FoundationOutput> {
  const ref = new pulumi.StackReference(FOUNDATION_OUTPUT, { name: cfg.foundation });
  const details = await ref.getOutputDetails(FOUNDATION_OUTPUT);
  return checkFoundation(cfg, details.value ?? details.secretValue);
}
