import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe } from "node:test";
import { runCli } from "../../cli/cohort/main";
import { realDeps } from "../../cli/cohort/wiring";
import { REGISTERED_PROVIDERS_ENV } from "../providers/azure/subscriptionRegistration";
import {
  copyProject,
  log,
  REPO_ROOT,
  Sandbox,
  secondsSince,
  sequence,
  StateResource,
} from "./harness";
import { RecordingPurger } from "./recordingPurger";

/**
 * The daily expiry (`.github/workflows/expire.yml`: `npm run cohort -- destroy --expired --yes
 * --backend URL`) through the real engine, from a clean copy of the project that has only the
 * backend and the passphrase: no stack files (they are git-ignored), no roster (personal data,
 * git-ignored), no cohort manifest. Three cohorts are made on the "trainer's machine" (the sandbox's
 * project copy): `gone` (up, expired), `half` (its foundation's first `up` failed part-way: the
 * stand-in refuses the workspace with Azure's MissingSubscriptionRegistration, expired) and `live`
 * (up, not expired). The expiry run destroys `gone` and `half` (lab stacks before foundations) and
 * purges their key vaults and workspace through the purge code path (a recording purger: no ARM
 * here), and leaves `live` untouched. "Today" is the command's clock (CliDeps.clock), set past the
 * first two cohorts' dates.
 */

const sandbox = new Sandbox("expiry");
after(() => sandbox.dispose());

const LAB = "explore-workspace";
const EXPIRED = "2030-01-31";
const LATER = "2031-12-31";
const TODAY_MS = Date.UTC(2030, 5, 1);
const stateDir = path.join(sandbox.root, "cohort-state");
const backend = `file://${stateDir}`;
// The shared backend folder exists before any command (an azblob container would).
fs.mkdirSync(stateDir);
const backendEnv = { PULUMI_BACKEND_URL: backend };
const roster = path.join(sandbox.root, "roster.csv");
fs.writeFileSync(roster, "id,objectId,displayName\nada,00000000-0000-4000-8000-00000000000a,Ada\n");

/** Every namespace the stacks use except Azure ML's: the workspace create fails. */
const WITHOUT_ML = [
  "Microsoft.Storage",
  "Microsoft.KeyVault",
  "Microsoft.OperationalInsights",
  "Microsoft.Insights",
  "Microsoft.ContainerRegistry",
  "Microsoft.Consumption",
].join(",");

const stacksOf = (cohort: string) => [`${cohort}-foundation`, `${cohort}-${LAB}`];

function cohortCli(args: readonly string[], expect = [0], env: Record<string, string> = {}) {
  const skip = args[0] === "up" ? ["--skip-provider-check"] : [];
  return sandbox.run(
    "node",
    ["bin/scripts/cohort.js", ...args, ...skip, "--state-dir", stateDir, "--backend", backend],
    { expect, env },
  );
}

const exported = (stack: string) => sandbox.exportedResources(stack, { env: backendEnv });

async function updates(stack: string): Promise<number> {
  const r = await sandbox.pulumi(["stack", "history", "--json", "--stack", stack], {
    env: backendEnv,
  });
  return (JSON.parse(r.stdout) as unknown[]).length;
}

const typed = (rs: readonly StateResource[], type: string) => rs.filter((r) => r.type === type);

describe("destroy --expired from a clean copy with only the backend and the passphrase", () => {
  const step = sequence();
  const before = new Map<string, StateResource[]>();
  const history = new Map<string, number>();

  step("three cohorts: gone (up), half (first up failed part-way), live (up)", async () => {
    const init = (cohort: string, extra: string[] = []) =>
      cohortCli(["init", "--cohort", cohort, "--roster", roster, "--labs", LAB, ...extra]);
    await init("gone", ["--expires-on", EXPIRED]);
    await init("live", ["--expires-on", LATER]);
    // The date given later, by `config set`, reaches the stack tag too.
    await init("half");
    await cohortCli(["config", "set", "expiresOn", EXPIRED, "--cohort", "half"]);
    await cohortCli(["up", "--cohort", "gone"]);
    // live: its foundation is enough to show what an expiry run must not touch.
    await cohortCli(["up", "--cohort", "live", "--stack", "live-foundation"]);
    const failed = await cohortCli(["up", "--cohort", "half"], [1], {
      [REGISTERED_PROVIDERS_ENV]: WITHOUT_ML,
    });
    assert.match(failed.stdout + failed.stderr, /MissingSubscriptionRegistration/);
    const half = await exported("half-foundation");
    assert.ok(typed(half, "azure-native:keyvault:Vault").length > 0, "half created its key vault");
    assert.deepEqual(typed(half, "azure-native:machinelearningservices:Workspace"), []);
    for (const cohort of ["gone", "half", "live"]) {
      for (const stack of stacksOf(cohort)) {
        before.set(stack, await exported(stack));
        history.set(stack, await updates(stack));
      }
    }
  });

  step("the stack files are portable: no absolute path, the learners inline", async () => {
    for (const cohort of ["gone", "half", "live"]) {
      for (const stack of stacksOf(cohort)) {
        const text = fs.readFileSync(path.join(sandbox.project, `Pulumi.${stack}.yaml`), "utf8");
        assert.doesNotMatch(text, new RegExp(sandbox.root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
        assert.doesNotMatch(text, /rosterFile/);
      }
      const tags = await sandbox.pulumi(
        ["stack", "tag", "ls", "--json", "--stack", `${cohort}-foundation`],
        { env: backendEnv },
      );
      assert.equal(
        JSON.parse(tags.stdout)["dp100-labs:expiresOn"],
        cohort === "live" ? LATER : EXPIRED,
      );
    }
    const foundation = fs.readFileSync(
      path.join(sandbox.project, "Pulumi.gone-foundation.yaml"),
      "utf8",
    );
    assert.match(foundation, /dp100-labs:learners:.*00000000-0000-4000-8000-00000000000a/);
  });

  step(
    "expired stacks are destroyed and purged, the half-created one too; live is untouched",
    async () => {
      // A clean copy: the repository's files and build, no cohort stack file, no roster, no
      // manifest (a fresh HOME), the backend and the passphrase only.
      const clean = path.join(sandbox.root, "clean");
      copyProject(REPO_ROOT, clean);
      for (const f of fs.readdirSync(clean)) {
        if (/^Pulumi\..+\.yaml$/.test(f) && !f.startsWith("Pulumi.example-")) {
          fs.rmSync(path.join(clean, f));
        }
      }
      fs.rmSync(roster);
      const home = path.join(sandbox.root, "ci-home");
      fs.mkdirSync(home);
      const vaults = (cohorts: string[]) =>
        cohorts
          .flatMap((c) => stacksOf(c).flatMap((s) => before.get(s) ?? []))
          .filter((r) => r.type === "azure-native:keyvault:Vault")
          .map((r) => String(r.inputs?.vaultName));
      const purger = new RecordingPurger(
        vaults(["gone", "half", "live"]).map((name) => ({
          name,
          location: "eastus",
          purgeProtectionEnabled: false,
        })),
      );
      const env = { ...sandbox.env, HOME: home };
      for (const k of Object.keys(process.env)) if (k.startsWith("PULUMI_")) delete process.env[k];
      Object.assign(process.env, env);
      const lines: string[] = [];
      const start = Date.now();
      const code = await runCli(["destroy", "--expired", "--yes", "--backend", backend], {
        ...realDeps(),
        env,
        cwd: clean,
        home,
        repoRoot: clean,
        clock: () => TODAY_MS,
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
        makePurger: () => purger,
      });
      log(`destroy --expired (in-process, clean copy) -> exit ${code} in ${secondsSince(start)}`);
      const out = lines.join("\n");
      for (const l of lines.filter((x) => /destroy|keep|error|purged/.test(x))) log(`  ${l}`);
      assert.equal(code, 0, out);
      for (const stack of ["gone-foundation", `gone-${LAB}`, "half-foundation"]) {
        assert.match(out, new RegExp(`${stack}\\s+destroy\\s+expired on ${EXPIRED}`), out);
        assert.deepEqual(await exported(stack), [], `${stack} is empty`);
      }
      // The half cohort's lab stack was never brought up (its foundation failed): nothing to do.
      assert.match(
        out,
        new RegExp(
          `half-${LAB}\\s+keep\\s+no expiresOn|half-${LAB}\\s+keep\\s+expired on ${EXPIRED}, already empty`,
        ),
      );
      for (const stack of stacksOf("live")) {
        assert.match(out, new RegExp(`${stack}\\s+keep\\s+expires on ${LATER}`), out);
        assert.deepEqual(await exported(stack), before.get(stack), `${stack} is untouched`);
        assert.equal(await updates(stack), history.get(stack), `${stack} has no new update`);
      }
      // Purged: gone's workspace, and the key vaults of gone and half; nothing of live.
      const gone = stacksOf("gone").flatMap((s) => before.get(s)!);
      assert.deepEqual(
        purger.workspaces.sort(),
        typed(gone, "azure-native:machinelearningservices:Workspace")
          .map((r) => String(r.id))
          .sort(),
      );
      assert.equal(purger.workspaces.length, 1);
      assert.deepEqual(purger.vaults.sort(), vaults(["gone", "half"]).sort());
      // Lab stacks before their foundation.
      const order = (stack: string) =>
        lines.findIndex((l) => l.startsWith(`[${stack}] destroy started`));
      assert.ok(order(`gone-${LAB}`) >= 0 && order(`gone-${LAB}`) < order("gone-foundation"), out);
      assert.ok(vaults(["live"]).length > 0, "live has a key vault, which was not purged");
    },
  );
});
