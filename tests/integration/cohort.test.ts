import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe } from "node:test";
import { runCli } from "../../cli/cohort/main";
import { realDeps } from "../../cli/cohort/wiring";
import { PLACEHOLDER_CLIENT } from "../../plan/mockRuntime";
import { learnerComponentOf, log, Sandbox, secondsSince, sequence, urnName } from "./harness";
import { RecordingPurger } from "./recordingPurger";

/**
 * The trainer's cohort command line (scripts/cohort.ts) end to end through the Automation API
 * against the pinned CLI and the stand-in providers: init of a foundation and two lab stacks,
 * preview, up (the foundation first, then the two lab stacks at once), status, handout,
 * reset-learner on the foundation, destroy (the lab stacks first, the foundation last). `destroy` purges soft-deleted workspaces and key
 * vaults through ARM afterwards; there is no ARM here, so that step runs in-process with the CLI's
 * real dependencies except a recording fake purger (CliDeps.makePurger).
 */

const sandbox = new Sandbox("cohort");
after(() => sandbox.dispose());

const COHORT = "it1";
const LABS = ["explore-workspace", "script-command-job"];
const FOUNDATION = `${COHORT}-foundation`;
const LAB_STACKS = LABS.map((lab) => `${COHORT}-${lab}`);
const STACKS = [FOUNDATION, ...LAB_STACKS];
const stateDir = path.join(sandbox.root, "cohort-state");
const roster = path.join(sandbox.root, "roster.csv");
fs.writeFileSync(
  roster,
  [
    "id,objectId,email,displayName",
    "ada,00000000-0000-4000-8000-000000000001,ada@example.com,Ada Lovelace",
    "grace,00000000-0000-4000-8000-000000000002,grace@example.com,Grace Hopper",
    "",
  ].join("\n"),
);
// The stacks live in the cohort's own state folder, as the command line chooses it.
const backendEnv = { PULUMI_BACKEND_URL: `file://${stateDir}` };

/** `node bin/scripts/cohort.js <args>` in the project copy (the entry point `npm run cohort` runs). */
function cohort(args: readonly string[], expect: number[] = [0]) {
  // preview and up first ask ARM about the subscription's resource providers; there is no Azure
  // here (the check is tested with fakes in tests/cli/cohort/arm.test.ts).
  const skip = ["preview", "up"].includes(args[0]) ? ["--skip-provider-check"] : [];
  return sandbox.run("node", ["bin/scripts/cohort.js", ...args, ...skip, "--state-dir", stateDir], {
    expect,
  });
}

const exported = (stack: string) => sandbox.exportedResources(stack, { env: backendEnv });

async function history(stack: string) {
  const r = await sandbox.pulumi(["stack", "history", "--json", "--stack", stack], {
    env: backendEnv,
  });
  return JSON.parse(r.stdout) as Array<{
    kind: string;
    result: string;
    startTime: string;
    endTime: string;
    resourceChanges?: Record<string, number>;
  }>;
}

describe("cohort command line through the Automation API", () => {
  const step = sequence();

  step("init creates the foundation and one configured lab stack per lab", async () => {
    const r = await cohort([
      "init",
      "--cohort",
      COHORT,
      "--roster",
      roster,
      "--labs",
      LABS.join(","),
      "--location",
      "westeurope",
      "--expires-on",
      "2099-12-31",
    ]);
    assert.match(r.stdout, /init: all 3 stack\(s\) succeeded\./);
    const ls = await sandbox.pulumi(["stack", "ls", "--json"], { env: backendEnv });
    const names = (JSON.parse(ls.stdout) as Array<{ name: string }>).map((s) => s.name).sort();
    assert.deepEqual(names, [...STACKS].sort());
    const configOf = async (stack: string) => {
      const c = await sandbox.pulumi(["config", "--json", "--stack", stack], { env: backendEnv });
      return JSON.parse(c.stdout) as Record<string, { value: string }>;
    };
    const f = await configOf(FOUNDATION);
    assert.equal(f["dp100-labs:part"].value, "foundation");
    // The learners themselves, not the roster's path: the stack file works on any machine.
    assert.equal(f["dp100-labs:rosterFile"]?.value ?? "", "");
    const learners = JSON.parse(f["dp100-labs:learners"].value) as Array<{ id: string }>;
    assert.deepEqual(
      learners.map((l) => l.id),
      ["ada", "grace"],
    );
    assert.deepEqual(JSON.parse(f["dp100-labs:labs"].value), LABS);
    for (const [i, stack] of LAB_STACKS.entries()) {
      const config = await configOf(stack);
      assert.equal(config["dp100-labs:cohort"].value, COHORT);
      assert.equal(config["dp100-labs:part"].value, "lab");
      assert.equal(config["dp100-labs:foundation"].value, FOUNDATION);
      // Pulumi.yaml's default ("", unset): the roster is the foundation's.
      assert.equal(config["dp100-labs:rosterFile"]?.value ?? "", "");
      assert.equal(config["azure-native:location"].value, "westeurope");
      assert.deepEqual(JSON.parse(config["dp100-labs:labs"].value), [LABS[i]]);
    }
  });

  step("preview previews the foundation; the lab stacks wait for it to be up", async () => {
    const r = await cohort(["preview", "--cohort", COHORT]);
    assert.match(r.stdout, /preview: all 1 stack\(s\) succeeded\./);
    assert.match(
      r.stdout,
      /Lab stacks not previewed .* their foundation it1-foundation is not up yet/,
    );
    for (const stack of STACKS) assert.deepEqual(await exported(stack), []);
  });

  step("up deploys the foundation, then both lab stacks at once", async () => {
    const r = await cohort(["up", "--cohort", COHORT]);
    assert.match(r.stdout, /up: all 3 stack\(s\) succeeded\./);
    const [foundationRun] = await history(FOUNDATION);
    const runs = [];
    for (const stack of LAB_STACKS) {
      assert.ok((await exported(stack)).length > 0, `${stack} has resources`);
      const [last] = await history(stack);
      assert.equal(last.kind, "update");
      assert.equal(last.result, "succeeded");
      runs.push(last);
      assert.ok(
        Date.parse(last.startTime) >= Date.parse(foundationRun.endTime),
        "after the foundation",
      );
    }
    // With the default concurrency of 2 the two updates overlap.
    const [a, b] = runs.map((h) => [Date.parse(h.startTime), Date.parse(h.endTime)]);
    assert.ok(a[0] <= b[1] && b[0] <= a[1], `the updates overlap: ${JSON.stringify(runs)}`);
  });

  step("status lists the foundation and the lab stacks, which are up", async () => {
    const r = await cohort(["status", "--cohort", COHORT]);
    for (const stack of STACKS) {
      const line = r.stdout.split("\n").find((l) => l.startsWith(stack));
      assert.ok(line, `status has a row for ${stack}:\n${r.stdout}`);
      assert.match(line, /update succeeded/);
      // The learners are the foundation's; a lab stack lists none.
      const learners = stack === FOUNDATION ? 2 : 0;
      assert.match(line, new RegExp(`\\s${learners}\\s+2099-12-31\\s+up$`), line);
    }
  });

  step("handout writes one row per learner for the course", async () => {
    const out = path.join(sandbox.root, "handout");
    await cohort(["handout", "--cohort", COHORT, "--out", out]);
    const csv = fs.readFileSync(path.join(out, "handout.csv"), "utf8").trim().split("\r\n");
    assert.equal(csv.length, 1 + 2, csv.join("\n"));
    assert.equal(csv.filter((l) => l.startsWith("course,ada,")).length, 1);
    assert.equal(csv.filter((l) => l.startsWith("course,grace,")).length, 1);
  });

  step(
    "reset-learner replaces only that learner's compute instance and what hangs on it",
    async () => {
      // A learner's instance is on the foundation; the lab stacks are not touched.
      const [stack, other] = [FOUNDATION, LAB_STACKS[1]];
      const before = await exported(stack);
      const otherUpdates = (await history(other)).length;
      const r = await cohort(["reset-learner", "ada", "--cohort", COHORT]);
      const replaced = /Replacing (\S+)/.exec(r.stdout)?.[1];
      assert.ok(replaced, r.stdout);
      assert.equal(urnName(replaced), "compute-instance-ada-compute");
      const after = await exported(stack);
      assert.deepEqual(after.map((x) => x.urn).sort(), before.map((x) => x.urn).sort());
      // The instance is deleted before it is recreated (same Azure name), so what depends on it
      // (its role assignment) is recreated too; all of it is ada's.
      const created = new Map(before.map((x) => [x.urn, x.created]));
      const parents = new Map(after.map((x) => [x.urn, x.parent]));
      const recreated = after.filter((x) => x.created !== created.get(x.urn)).map((x) => x.urn);
      assert.ok(recreated.includes(replaced), `${replaced} recreated`);
      for (const urn of recreated)
        assert.equal(learnerComponentOf(urn, parents), "learner-ada", urn);
      const [last] = await history(stack);
      assert.equal(last.result, "succeeded");
      assert.deepEqual(
        Object.keys(last.resourceChanges ?? {}).filter((op) => op !== "same"),
        ["replace"],
      );
      assert.equal((await history(other)).length, otherUpdates, `${other} was not updated`);
    },
  );

  step(
    "destroy empties the lab stacks, then the foundation, and purges its workspace and key vault",
    async () => {
      const all = (await Promise.all(STACKS.map(exported))).flat();
      const ids = (type: string) => all.filter((r) => r.type === type).map((r) => String(r.id));
      const vaultNames = all
        .filter((r) => r.type === "azure-native:keyvault:Vault")
        .map((r) => String(r.inputs?.vaultName));
      const purger = new RecordingPurger(
        vaultNames.map((name) => ({
          name,
          location: "westeurope",
          purgeProtectionEnabled: false,
        })),
      );
      log("destroy: ARM purges go to a recording fake purger (no Azure here)");
      const lines: string[] = [];
      const start = Date.now();
      // The Automation API runs the CLI with this process's environment.
      for (const k of Object.keys(process.env)) if (k.startsWith("PULUMI_")) delete process.env[k];
      Object.assign(process.env, sandbox.env);
      const code = await runCli(["destroy", "--cohort", COHORT, "--yes", "--state-dir", stateDir], {
        ...realDeps(),
        env: sandbox.env,
        cwd: sandbox.project,
        home: sandbox.root,
        repoRoot: sandbox.project,
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
        makePurger: () => purger,
      });
      log(`cohort destroy (in-process) -> exit ${code} in ${secondsSince(start)}`);
      for (const l of lines.filter((x) => /purged|error/.test(x))) log(`  ${l}`);
      assert.equal(code, 0, lines.join("\n"));
      assert.match(lines.join("\n"), /destroy: all 3 stack\(s\) succeeded\./);
      assert.deepEqual(
        purger.workspaces.sort(),
        ids("azure-native:machinelearningservices:Workspace").sort(),
      );
      // One workspace for the cohort: the foundation's.
      assert.equal(purger.workspaces.length, 1);
      assert.deepEqual(purger.vaults.sort(), vaultNames.sort());
      assert.ok(purger.listed.every((s) => s === PLACEHOLDER_CLIENT.subscriptionId));
      for (const stack of STACKS) assert.deepEqual(await exported(stack), [], `${stack} is empty`);
    },
  );
});
