import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, test } from "node:test";
import { Sandbox, sequence } from "./harness";

/**
 * Configuration errors and guardrails on every path, through the real engine: `pulumi preview`
 * and `up` of a stack with a bad configuration value print the program's one line (a
 * pulumi.RunError: no stack trace, no "unhandled exception") and exit non-zero; so do `npm run
 * cohort -- preview/up`; and the cohort command runs the policy pack (policy/) on every preview
 * and up, with `--policy-pack-config` when given.
 */

const sandbox = new Sandbox("errors");
after(() => sandbox.dispose());

/** A Node.js stack frame, as an unhandled exception prints it. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(node:.+\))$/m;

// Past Azure's 100 nodes of one cluster (azure/limits.ts AML_CLUSTER_NODES).
const ONE_LINE =
  /configuration error: dp100-labs:clusterMaxNodes: '?101'? is not accepted; .*1.*100/;

describe("a bad configuration value under the Pulumi CLI", () => {
  const stack = "it-badconfig";
  fs.writeFileSync(
    path.join(sandbox.project, `Pulumi.${stack}.yaml`),
    ["config:", "  dp100-labs:mode: sandbox", "  dp100-labs:clusterMaxNodes: 101", ""].join("\n"),
  );

  test("preview and up print the one line, no stack trace, and fail", async () => {
    await sandbox.pulumi(["stack", "init", stack]);
    for (const command of [["preview"], ["up", "--yes", "--skip-preview"]]) {
      const r = await sandbox.pulumi([...command, "--stack", stack], { expect: [1, 255] });
      const text = r.stdout + r.stderr;
      assert.match(text, ONE_LINE, text);
      assert.doesNotMatch(text, STACK_FRAME, text);
      assert.doesNotMatch(text, /unhandled exception/i, text);
    }
    // The engine records the stack itself before the program fails; nothing else is created.
    const resources = await sandbox.exportedResources(stack);
    assert.deepEqual(
      resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
      [],
    );
  });
});

describe("the cohort command line", () => {
  const step = sequence();
  const stateDir = path.join(sandbox.root, "cohort-state");
  const backendEnv = { PULUMI_BACKEND_URL: `file://${stateDir}` };
  // The compute settings live on the cohort's foundation (its instances and aml-cluster).
  const stack = "ite-foundation";
  const roster = path.join(sandbox.root, "roster.csv");
  fs.writeFileSync(
    roster,
    [
      "id,objectId,email,displayName",
      "ada,00000000-0000-4000-8000-000000000001,a@b.c,Ada",
      "",
    ].join("\n"),
  );
  // preview and up first ask ARM about the resource providers; there is no Azure here.
  const cohort = (args: readonly string[], expect: number[] = [0]) => {
    const skip = ["preview", "up"].includes(args[0]) ? ["--skip-provider-check"] : [];
    return sandbox.run(
      "node",
      ["bin/scripts/cohort.js", ...args, ...skip, "--state-dir", stateDir],
      {
        expect,
      },
    );
  };
  const init = (expiresOn: string) => [
    ...["init", "--cohort", "ite", "--roster", roster, "--labs", "script-command-job"],
    ...["--expires-on", expiresOn],
  ];
  const config = (...args: string[]) =>
    sandbox.pulumi(["config", "set", "--stack", stack, ...args], { env: backendEnv });

  step("init refuses an expiry in the past and creates no stack", async () => {
    const r = await cohort(init("2020-01-31"), [2]);
    assert.match(r.stderr, /--expires-on '2020-01-31' has passed/);
    assert.equal(fs.existsSync(stateDir) && fs.readdirSync(stateDir).length > 0, false);
  });

  step("init with a future expiry creates the stack", async () => {
    const r = await cohort(init("2099-12-31"));
    // The foundation and the lab's stack.
    assert.match(r.stdout, /init: all 2 stack\(s\) succeeded\./);
  });

  step("preview and up report a bad value as the one line, no stack trace, exit 1", async () => {
    await config("dp100-labs:clusterMaxNodes", "101");
    for (const command of ["preview", "up"]) {
      const r = await cohort([command, "--cohort", "ite"], [1]);
      const text = r.stdout + r.stderr;
      assert.match(text, new RegExp(`${stack}: error: ${ONE_LINE.source}`), text);
      assert.doesNotMatch(text, STACK_FRAME, text);
      assert.doesNotMatch(text, /unhandled exception/i, text);
    }
    await sandbox.pulumi(["config", "rm", "--stack", stack, "dp100-labs:clusterMaxNodes"], {
      env: backendEnv,
    });
  });

  step("preview runs the policy pack: a size the pack does not allow fails", async () => {
    await config("--path", "dp100-labs:vmSizeChoices[0]", "Standard_DS11_v2");
    await config("--path", "dp100-labs:vmSizeChoices[1]", "Standard_NC6s_v3");
    await config("dp100-labs:instanceVmSize", "Standard_NC6s_v3");
    const r = await cohort(["preview", "--cohort", "ite"], [1]);
    const text = r.stdout + r.stderr;
    assert.match(
      text,
      // Azure ML sizes are sent upper-cased (azure/mlCompute.ts), so the message names STANDARD_NC6S_V3.
      /ite-foundation: error: policy vm-size-allowed \(mandatory\) on .*Standard_NC6s_v3/i,
      text,
    );
    // The foundation's preview fails on the policy; its lab stack cannot read a foundation that
    // was never brought up, and fails too.
    assert.match(text, /ite-foundation +failed/);
  });

  step("... and passes with --policy-pack-config allowing it", async () => {
    const packConfig = path.join(sandbox.root, "pack.json");
    fs.writeFileSync(
      packConfig,
      JSON.stringify({
        "vm-size-allowed": { allowedVmSizes: ["Standard_DS11_v2", "Standard_NC6s_v3"] },
      }),
    );
    const r = await cohort(
      ["preview", "--cohort", "ite", "--policy-pack-config", packConfig],
      [0, 1],
    );
    assert.match(r.stdout, /ite-foundation +succeeded/);
  });
});
