import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

/** The CI workflows parse, run on the right events, ask for the least permissions and do the key steps. */

const DIR = path.join(__dirname, "..", "..", ".github", "workflows");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const load = (file: string) => {
  const text = fs.readFileSync(path.join(DIR, file), "utf8");
  return { text, wf: parse(text) as Workflow };
};

const FILES = ["pr.yml", "preview.yml", "expire.yml", "cohort.yml"];

/** The Node.js releases the project supports and tests (Node 20 reached end of life on 2026-04-30). */
const SUPPORTED_NODE = [22, 24];

/**
 * Each action's first major on the Node 24 runtime or later, as GitHub's runners deprecate Node 20
 * (github.blog changelog 2025-09-19): actions/checkout v7 (node24 since v5, actions/checkout#2226;
 * v7.0.1 current), actions/setup-node v7, actions/setup-go v7 (node24 since v6; v7.0.0, 2026-07,
 * "Migrate to ESM", actions/setup-go#763), actions/cache v5 (node24,
 * actions/setup-go#733), azure/login v3 (Azure/login#577), pulumi/actions v7 (pulumi/actions#1403,
 * released in #1407).
 */
const NODE24_MAJORS: Record<string, string> = {
  "actions/checkout": "v7",
  "actions/setup-node": "v7",
  "actions/setup-go": "v7",
  "actions/cache": "v5",
  "azure/login": "v3",
  "pulumi/actions": "v7",
};

const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);
const usesStep = (job: Job, action: string) =>
  job.steps.find((s) => s.uses?.split("@")[0] === action);
const runText = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");

describe("every workflow", () => {
  it("has exactly the expected files", () => {
    expect(
      fs
        .readdirSync(DIR)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort(),
    ).toEqual([...FILES].sort());
  });

  it.each(FILES)(
    "%s: read-only by default, id-token only in jobs that sign in to Azure, actions pinned to a major",
    (file) => {
      const { wf } = load(file);
      expect(wf.permissions).toEqual({ contents: "read" });
      for (const [name, job] of Object.entries(wf.jobs)) {
        const signsIn = usesStep(job, "azure/login") !== undefined;
        expect({ job: name, idToken: job.permissions?.["id-token"] === "write" }).toEqual({
          job: name,
          idToken: signsIn,
        });
        for (const [scope, level] of Object.entries(job.permissions ?? {})) {
          if (level === "write") expect(["id-token", "pull-requests"]).toContain(scope);
        }
      }
      for (const s of steps(wf)) {
        if (s.uses) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
      }
    },
  );

  it.each(FILES)(
    "%s: checks out without persisting the token and installs with npm ci on a supported Node (22 or 24)",
    (file) => {
      const { wf } = load(file);
      for (const job of Object.values(wf.jobs)) {
        const checkout = usesStep(job, "actions/checkout");
        if (!checkout) continue;
        expect(checkout.with?.["persist-credentials"]).toBe(false);
        if (job.steps.some((s) => s.run?.includes("npm ci"))) {
          const node = usesStep(job, "actions/setup-node")?.with?.["node-version"];
          if (node === "${{ matrix.node }}") {
            expect(job.strategy?.matrix?.node).toEqual([22, 24]);
          } else {
            expect(SUPPORTED_NODE).toContain(node);
          }
        }
      }
    },
  );

  it.each(FILES)("%s: every action at its Node 24 major", (file) => {
    const { wf } = load(file);
    for (const s of steps(wf)) {
      if (!s.uses) continue;
      const [action, major] = s.uses.split("@");
      expect({ action, major }).toEqual({ action, major: NODE24_MAJORS[action] });
    }
  });

  it.each(FILES)("%s: the Pulumi CLI is the lock file's @pulumi/pulumi version", (file) => {
    const { wf } = load(file);
    for (const job of Object.values(wf.jobs)) {
      const pulumi = usesStep(job, "pulumi/actions");
      if (!pulumi) continue;
      expect(pulumi.with?.["pulumi-version"]).toBe("${{ steps.pulumi-version.outputs.version }}");
      const pin = job.steps.find((s) => (s as { id?: string }).id === "pulumi-version")!;
      expect(pin.run).toContain("node scripts/pulumi-version.js");
      expect(job.steps.indexOf(pin)).toBeLessThan(job.steps.indexOf(pulumi));
    }
  });
});

describe("workflows that need Azure skip with a notice when their secrets are not set", () => {
  /** The workflows with a job that signs in to Azure. */
  const AZURE = FILES.filter((f) =>
    Object.values(load(f).wf.jobs).some((j) => usesStep(j, "azure/login")),
  );
  /** The check step (id `secrets`) and the job holding it. */
  const checkOf = (wf: Workflow) => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      const step = job.steps.find((st) => (st as { id?: string }).id === "secrets");
      if (step) return { name, job, step };
    }
    throw new Error(`${wf.name}: no step with id 'secrets'`);
  };
  /** Runs the check's script as a runner would, with the job's secret flags set to `has`. */
  const runCheck = (wf: Workflow, has: boolean) => {
    const { job, step } = checkOf(wf);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wf-secrets-"));
    try {
      const output = path.join(dir, "output");
      fs.writeFileSync(output, "");
      const flags = Object.fromEntries(
        Object.keys(job.env ?? {})
          .filter((k) => k.startsWith("HAS_"))
          .map((k) => [k, String(has)]),
      );
      const stdout = execFileSync("bash", ["-e", "-c", step.run!], {
        env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, ...flags },
        encoding: "utf8",
      });
      return { stdout, output: fs.readFileSync(output, "utf8") };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it("covers preview.yml, expire.yml and cohort.yml", () => {
    expect([...AZURE].sort()).toEqual(["cohort.yml", "expire.yml", "preview.yml"]);
  });

  it.each(AZURE)(
    "%s: a check names every secret the workflow uses, before anything else",
    (file) => {
      const { wf, text } = load(file);
      const { job, step } = checkOf(wf);
      expect(job.steps[0]).toBe(step);
      expect(usesStep(job, "azure/login")).toBeUndefined();
      const used = [...new Set([...text.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]))];
      expect(used.length).toBeGreaterThan(0);
      const flags = Object.entries(job.env ?? {})
        .filter(([k]) => k.startsWith("HAS_"))
        .map(([, v]) => v)
        .join(" ");
      for (const secret of used) {
        expect(flags).toContain(`secrets.${secret} != ''`);
        expect(step.run).toContain(secret);
      }
      expect(step.run).toMatch(new RegExp(`::notice title=${wf.name} skipped::`));
    },
  );

  it.each(AZURE)(
    "%s: without the secrets the check prints the notice and says not ready",
    (file) => {
      const { wf } = load(file);
      const without = runCheck(wf, false);
      expect(without.stdout).toMatch(
        /^::notice title=[\w-]+ skipped::Set the repository secrets .*nothing was/m,
      );
      expect(without.output).toBe("ready=false\n");
      const withSecrets = runCheck(wf, true);
      expect(withSecrets.stdout).toBe("");
      expect(withSecrets.output).toBe("ready=true\n");
    },
  );

  it.each(AZURE)(
    "%s: every job that signs in to Azure runs only when the check said ready",
    (file) => {
      const { wf } = load(file);
      const { name } = checkOf(wf);
      expect(wf.jobs[name] as unknown as { outputs: Record<string, string> }).toMatchObject({
        outputs: { ready: "${{ steps.secrets.outputs.ready }}" },
      });
      for (const job of Object.values(wf.jobs)) {
        if (!usesStep(job, "azure/login")) continue;
        const needs = Array.isArray(job.needs) ? job.needs : [job.needs];
        expect(needs).toContain(name);
        expect(job.if).toContain(`needs.${name}.outputs.ready == 'true'`);
      }
    },
  );
});

describe("pr.yml", () => {
  const { wf, text } = load("pr.yml");

  it("runs on every pull request, forks included, with no secrets", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(text).not.toMatch(/secrets\./);
    expect(text).not.toMatch(/pull_request_target/);
    for (const job of Object.values(wf.jobs)) {
      expect(job.permissions).toBeUndefined();
      expect(usesStep(job, "azure/login")).toBeUndefined();
      expect(usesStep(job, "pulumi/actions")).toBeUndefined();
    }
  });

  it("installs, lints, type-checks, tests and plans every example stack into the job summary", () => {
    const job = Object.values(wf.jobs)[0];
    const run = runText(job);
    const order = [
      "npm ci",
      "npm run lint",
      "npm run typecheck",
      "npx jest",
      "npm run test:policy",
    ].map((c) => run.indexOf(c));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const plan = job.steps.find((s) => s.run?.includes("npm run --silent plan"))!;
    expect(plan.run).toMatch(/for file in Pulumi\.\*\.yaml/);
    expect(plan.run).toMatch(
      /npm run --silent plan -- --stack "\$stack" --json > "plans\/\$stack\.json"/,
    );
    expect(plan.run).toMatch(/printPlanSummary\("plans"\)'\s*>>\s*"\$GITHUB_STEP_SUMMARY"/);
    expect(plan.run).toMatch(/planExitCode\("plans"\)/);
    expect(plan.if).toBe("${{ !cancelled() }}");
  });
});

describe("pr.yml integration job", () => {
  const { wf } = load("pr.yml");
  it("runs the real-engine tests with Go and a cached CLI build, no secrets", () => {
    const job = wf.jobs.integration;
    expect(job).toBeDefined();
    expect(usesStep(job, "actions/setup-go")).toBeDefined();
    expect(usesStep(job, "actions/cache")).toBeDefined();
    expect(runText(job)).toContain("npm run test:integration");
  });
});

describe("preview.yml", () => {
  const { wf } = load("preview.yml");
  const preview = wf.jobs.preview;

  it("runs on pull requests from this repository and on pushes to main", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push"]);
    expect((wf.on.push as { branches: string[] }).branches).toEqual(["main"]);
    expect(wf.jobs.stacks.if).toContain(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(wf.jobs.stacks.if).toContain("github.event_name == 'push'");
    expect(preview.needs).toBe("stacks");
  });

  it("asks for OIDC, read and PR-comment rights only", () => {
    expect(preview.permissions).toEqual({
      contents: "read",
      "id-token": "write",
      "pull-requests": "write",
    });
    expect(wf.jobs.stacks.permissions).toBeUndefined();
  });

  it("signs in to Azure with OIDC, then previews each stack with the policy pack and comments the diff", () => {
    const login = usesStep(preview, "azure/login")!;
    expect(login.with).toEqual({
      "client-id": "${{ secrets.AZURE_CLIENT_ID }}",
      "tenant-id": "${{ secrets.AZURE_TENANT_ID }}",
      "subscription-id": "${{ secrets.AZURE_SUBSCRIPTION_ID }}",
    });
    expect(preview.env).toMatchObject({
      ARM_USE_OIDC: "true",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
    });
    const pulumi = usesStep(preview, "pulumi/actions")!;
    expect(preview.steps.indexOf(login)).toBeLessThan(preview.steps.indexOf(pulumi));
    expect(pulumi.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ matrix.stack }}",
      "cloud-url": "${{ secrets.PULUMI_BACKEND_URL }}",
      policyPacks: "policy",
      "comment-on-pr": true,
    });
    expect(preview.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
    // The policy pack's own dependencies come with `npm ci` (package.json's postinstall).
    expect(runText(preview)).toMatch(/npm ci/);
    const pkg = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"),
    );
    expect(pkg.scripts.postinstall).toMatch(/npm ci --prefix policy/);
    expect(runText(wf.jobs.stacks)).toMatch(/for file in Pulumi\.\*\.yaml/);
  });
});

describe("expire.yml", () => {
  const { wf } = load("expire.yml");
  const job = wf.jobs.expire;

  it("runs daily and on demand", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const [{ cron }] = wf.on.schedule as Array<{ cron: string }>;
    expect(cron.split(" ")).toHaveLength(5);
    expect(cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it("signs in with OIDC and destroys and purges the expired stacks through the cohort CLI", () => {
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(usesStep(job, "azure/login")).toBeDefined();
    // Installs the CLI only (no command): the cohort command line drives it.
    expect(Object.keys(usesStep(job, "pulumi/actions")?.with ?? {})).toEqual(["pulumi-version"]);
    expect(job.env).toMatchObject({
      PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      ARM_USE_OIDC: "true",
    });
    const run = runText(job);
    expect(run).toMatch(/args=\(destroy --expired --yes --backend "\$PULUMI_BACKEND_URL"\)/);
    expect(run).toMatch(/npm run cohort -- "\$\{args\[@\]\}"/);
    // The optional input reaches the shell as an environment variable, never spliced into the script.
    expect(run).not.toMatch(/\$\{\{\s*inputs\./);
  });
});

describe("scripts/pulumi-version.js", () => {
  it("prints the @pulumi/pulumi version package-lock.json pins", () => {
    const root = path.join(__dirname, "..", "..");
    const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
    const out = execFileSync(process.execPath, [path.join(root, "scripts", "pulumi-version.js")], {
      encoding: "utf8",
    });
    expect(out).toBe(`${lock.packages["node_modules/@pulumi/pulumi"].version}\n`);
    expect(out).toMatch(/^3\.\d+\.\d+\n$/);
  });
});

describe("cohort.yml", () => {
  const { wf, text } = load("cohort.yml");
  const stackJobs = ["foundation-up", "labs", "foundation-destroy"];

  it("runs by hand only, one run per cohort at a time", () => {
    expect(Object.keys(wf.on)).toEqual(["workflow_dispatch"]);
    const inputs = (wf.on.workflow_dispatch as { inputs: Record<string, { options?: string[] }> })
      .inputs;
    expect(inputs.operation.options).toEqual(["up", "destroy"]);
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining(["cohort", "labs", "roster", "location", "expires-on", "topology"]),
    );
    const concurrency = (wf as unknown as { concurrency: Record<string, unknown> }).concurrency;
    expect(concurrency).toEqual({
      group: "cohort-${{ inputs.cohort }}",
      "cancel-in-progress": false,
    });
  });

  it("is read-only by default; only the jobs that sign in get id-token, nothing gets another write", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.jobs.matrix.permissions).toBeUndefined();
    expect(usesStep(wf.jobs.matrix, "azure/login")).toBeUndefined();
    for (const name of stackJobs) {
      expect(wf.jobs[name].permissions).toEqual({ contents: "read", "id-token": "write" });
    }
    for (const s of steps(wf)) {
      if (s.uses) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
    // Inputs reach the shell as environment variables, never spliced into a script.
    for (const s of steps(wf)) expect(s.run ?? "").not.toMatch(/\$\{\{/);
  });

  it("installs on Node 22 in every job that installs", () => {
    for (const job of Object.values(wf.jobs)) {
      if (!job.steps.some((s) => s.run?.includes("npm ci"))) continue;
      expect(usesStep(job, "actions/setup-node")?.with?.["node-version"]).toBe(22);
    }
  });

  it("skips everything with a notice when the secrets are not set", () => {
    const check = wf.jobs.matrix.steps[0];
    expect(check.run).toMatch(/::notice title=cohort skipped::/);
    for (const s of wf.jobs.matrix.steps.slice(1)) {
      expect(s.if).toBe("steps.secrets.outputs.ready == 'true'");
    }
    for (const name of stackJobs) {
      expect(wf.jobs[name].if).toContain("needs.matrix.outputs.ready == 'true'");
    }
    expect(text).toMatch(/HAS_AZURE: \$\{\{ secrets\.AZURE_CLIENT_ID != ''/);
  });

  it("builds the matrix with npm run cohort -- matrix on the shared backend", () => {
    const run = runText(wf.jobs.matrix);
    expect(run).toMatch(
      /args=\(matrix --cohort "\$COHORT" --roster "\$ROSTER" --location "\$LOCATION" --backend "\$PULUMI_BACKEND_URL"\)/,
    );
    expect(run).toMatch(/npm run --silent cohort -- "\$\{args\[@\]\}" > matrix.json/);
    expect(run).toMatch(/foundation=\$\(jq -c \.foundation matrix\.json\)/);
    expect(run).toMatch(/labs=\$\(jq -c \.labs matrix\.json\)/);
  });

  it("runs the foundation before the lab stacks on up and after them on destroy, one job per stack", () => {
    expect(wf.jobs["foundation-up"].needs).toBe("matrix");
    expect(wf.jobs["foundation-up"].if).toContain("inputs.operation == 'up'");
    expect(wf.jobs.labs.needs).toEqual(["matrix", "foundation-up"]);
    expect(wf.jobs.labs.if).toContain("needs.foundation-up.result == 'skipped'");
    expect(wf.jobs["foundation-destroy"].needs).toEqual(["matrix", "labs"]);
    expect(wf.jobs["foundation-destroy"].if).toContain("inputs.operation == 'destroy'");
    expect(wf.jobs["foundation-destroy"].if).not.toMatch(/always\(\)|!cancelled\(\)/);
    expect(wf.jobs.labs.strategy?.matrix?.job).toBe("${{ fromJSON(needs.matrix.outputs.labs) }}");
    for (const name of ["foundation-up", "foundation-destroy"]) {
      expect(wf.jobs[name].strategy?.matrix?.job).toBe(
        "${{ fromJSON(needs.matrix.outputs.foundation) }}",
      );
    }
  });

  it("signs in with OIDC and runs the job's own init and operation in every stack job, the same steps", () => {
    const [first, ...others] = stackJobs.map((n) => wf.jobs[n]);
    for (const job of others) {
      expect(job.steps).toEqual(first.steps);
      expect(job.env).toEqual(first.env);
    }
    expect(first.env).toMatchObject({
      JOB: "${{ toJSON(matrix.job) }}",
      ARM_USE_OIDC: "true",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true",
    });
    const login = usesStep(first, "azure/login")!;
    expect(login.with).toEqual({
      "client-id": "${{ secrets.AZURE_CLIENT_ID }}",
      "tenant-id": "${{ secrets.AZURE_TENANT_ID }}",
      "subscription-id": "${{ secrets.AZURE_SUBSCRIPTION_ID }}",
    });
    const run = runText(first);
    expect(run).toMatch(
      /if \[ "\$OPERATION" = up \]; then\n\s*mapfile -t init < <\(jq -r '\.init\[\]' <<< "\$JOB"\)\n\s*npm run cohort -- "\$\{init\[@\]\}"\n\s*fi/,
    );
    expect(run).toMatch(
      /mapfile -t op < <\(jq -r --arg op "\$OPERATION" '\.\[\$op\]\[\]' <<< "\$JOB"\)/,
    );
    expect(run).toMatch(/npm run cohort -- "\$\{op\[@\]\}"$/m);
  });
});
