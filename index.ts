import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { composeStack, readConfig } from "./stacks";
import { installAliasOptimisation } from "./stacks/aliases";
import { asProgramError } from "./stacks/programErrors";
import { recordNoStackTraces } from "./stacks/stackTraces";
import { assertBuildCurrent } from "./stacks/compiled";

// The entry point: read the configuration once, hand it to the composition, export its outputs.
// Configuration errors are thrown before any resource is registered, as a pulumi.RunError: the
// CLI prints the one line (no stack trace) and the update fails. So is a stale build (Pulumi runs
// the compiled program in bin/, stacks/compiled.ts).
assertBuildCurrent(__dirname);
const config = asProgramError(() =>
  readConfig((namespace, key) => new pulumi.Config(namespace).get(key), {
    baseDir: __dirname.endsWith("bin") ? `${__dirname}/..` : __dirname,
  }),
);
installAliasOptimisation();
recordNoStackTraces();
const client = authorization.getClientConfigOutput();
const out = asProgramError(() =>
  composeStack(config, {
    client: {
      objectId: client.objectId,
      tenantId: client.tenantId,
      subscriptionId: client.subscriptionId,
    },
    now: new Date(),
  }),
);

export const mode = out.mode;
export const cohort = out.cohort;
export const topology = out.topology;
export const labs = out.labs;
export const location = out.location;
export const expiresOn = out.expiresOn;
export const resourceGroups = out.resourceGroups;
export const workspaces = out.workspaces;
export const studioUrl = out.studioUrl;
export const learners = out.learners;
export const computeStop = out.computeStop;
