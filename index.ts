import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { composeStack, readConfig } from "./stacks";
import { composeLabStackFromFoundation } from "./stacks/labStack";
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
const ctx = {
  client: {
    objectId: client.objectId,
    tenantId: client.tenantId,
    subscriptionId: client.subscriptionId,
  },
  now: new Date(),
};
// A cohort's lab stack waits for its foundation's outputs (a StackReference) before it composes;
// every other stack composes at once. The stack outputs are one promise, so a bad foundation fails
// the program once, with its ConfigError.
async function program() {
  const out =
    config.part === "lab"
      ? await composeLabStackFromFoundation(config, ctx).catch((e: unknown) =>
          asProgramError(() => {
            throw e;
          }),
        )
      : asProgramError(() => composeStack(config, ctx));
  return {
    mode: out.mode,
    cohort: out.cohort,
    topology: out.topology,
    labs: out.labs,
    location: out.location,
    expiresOn: out.expiresOn,
    resourceGroups: out.resourceGroups,
    workspaces: out.workspaces,
    studioUrl: out.studioUrl,
    learners: out.learners,
    computeStop: out.computeStop,
    // Only a foundation exports it (what its lab stacks read); null elsewhere.
    foundation: out.foundation,
  };
}

export = program();
