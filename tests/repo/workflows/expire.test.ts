import { load, runText, usesStep } from "./workflow";

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
