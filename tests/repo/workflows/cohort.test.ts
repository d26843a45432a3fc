import { load, runText, steps, usesStep } from "./workflow";

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
