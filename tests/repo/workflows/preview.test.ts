import * as fs from "fs";
import * as path from "path";
import { load, runText, usesStep } from "./workflow";

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
      fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8"),
    );
    expect(pkg.scripts.postinstall).toMatch(/npm ci --prefix policy/);
    expect(runText(wf.jobs.stacks)).toMatch(/for file in Pulumi\.\*\.yaml/);
  });
});
