import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  DIR,
  FILES,
  load,
  NODE24_MAJORS,
  steps,
  SUPPORTED_NODE,
  usesStep,
  Workflow,
} from "./workflow";

/** The CI workflows parse, run on the right events, ask for the least permissions and do the key steps. */

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
