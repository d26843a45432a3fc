import { parseArmId, purgeTargets, purgeVaults } from "../../../cli/cohort/purge";

import { SUB, urnOf, deployedState, FakePurger, harness, deployedCohort, text } from "./harness";

/** `cohort destroy` and its purges (cli/cohort/commands/destroy.ts, purge.ts). */

describe("destroy", () => {
  it("refuses without --yes and names what it would destroy", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines"]);
    expect(await h.run("destroy")).toBe(2);
    expect(text(h.err)).toMatch(
      /destroy deletes every resource of c1-explore-workspace, c1-run-pipelines.*\n.*--yes/,
    );
    expect(h.driver.destroys).toHaveLength(0);
  });

  it("destroys the workspaces first, purges them, destroys the rest, then purges the key vaults", async () => {
    const h = deployedCohort(["run-pipelines"]);
    const stack = "c1-run-pipelines";
    h.purger.deleted = [{ name: `kv-${stack}`, location: "eastus", purgeProtectionEnabled: false }];
    expect(await h.run("destroy", "--yes")).toBe(0);
    const wsUrn = urnOf(
      stack,
      "azure-native:machinelearningservices:Workspace",
      "ws",
      "dp100:lab:Environment$",
    );
    expect(h.driver.destroys).toEqual([
      { stack, opts: { target: [wsUrn], targetDependents: true } },
      { stack, opts: undefined },
    ]);
    expect(h.driver.calls.filter((c) => !c.startsWith("listStacks"))).toEqual([
      `resources:${stack}`,
      `destroy:${stack}`,
      `resources:${stack}`,
      `purgeWorkspace:mlw-${stack}`,
      `destroy:${stack}`,
      `resources:${stack}`,
      "listDeletedVaults",
      `purgeVault:kv-${stack}`,
    ]);
    expect(h.purger.calls).toContain(`listDeletedVaults:${SUB}`);
    expect(h.purger.calls).toContain(`purgeVault:kv-${stack}@eastus`);
    const out = text(h.out);
    expect(out).toMatch(/c1-run-pipelines: purged workspace mlw-c1-run-pipelines/);
    expect(out).toMatch(/c1-run-pipelines: purged key vault kv-c1-run-pipelines/);
    expect(out).toMatch(/c1-run-pipelines\s+succeeded\s+7\s+0\s+0\s+-7/);
  });

  it("reports what it could not purge and exits 1; held and absent vaults are not failures", async () => {
    const h = deployedCohort(["explore-workspace", "run-pipelines", "work-with-compute"]);
    h.purger.deleted = [
      {
        name: "kv-c1-explore-workspace",
        location: "eastus",
        purgeProtectionEnabled: true,
        scheduledPurgeDate: "2025-09-13T00:00:00Z",
      },
      { name: "kv-c1-run-pipelines", location: "eastus" },
      // kv-c1-work-with-compute is not listed: nothing soft-deleted under that name.
    ];
    h.purger.workspaceOutcome = (ws) =>
      ws.name === "mlw-c1-run-pipelines"
        ? { status: "failed", detail: "403 AuthorizationFailed: no purge permission" }
        : { status: "purged" };
    expect(await h.run("destroy", "--yes", "--concurrency", "1")).toBe(1);
    const out = text(h.out);
    expect(out).toMatch(
      /c1-explore-workspace: key vault kv-c1-explore-workspace not purged: purge protection is on: Azure keeps the name until 2025-09-13T00:00:00Z/,
    );
    expect(out).toMatch(/c1-explore-workspace\s+succeeded/);
    expect(out).toMatch(
      /c1-run-pipelines: error: could not purge workspace mlw-c1-run-pipelines: 403 AuthorizationFailed: no purge permission/,
    );
    expect(out).toMatch(/c1-run-pipelines\s+failed/);
    expect(out).toMatch(
      /c1-work-with-compute: key vault kv-c1-work-with-compute: nothing soft-deleted to purge/,
    );
    expect(out).toMatch(/c1-work-with-compute\s+succeeded/);
    // The purge failure did not stop the rest of that stack's destroy.
    expect(h.driver.stacks.get("c1-run-pipelines")!.resources).toEqual([]);
    expect(h.purger.calls).toContain("purgeVault:kv-c1-run-pipelines@eastus");
  });

  it("purges only what a failed destroy removed, and says what stays", async () => {
    const h = deployedCohort(["run-pipelines", "work-with-compute"]);
    h.purger.deleted = [{ name: "kv-c1-run-pipelines", location: "eastus" }];
    // run-pipelines: the full destroy fails with the key vault still in the state.
    h.driver.failures.set(
      "destroy:c1-run-pipelines",
      "error: deleting storage: StorageAccountLocked",
    );
    // work-with-compute: the workspace step fails after the workspace itself went.
    const ws = urnOf(
      "c1-work-with-compute",
      "azure-native:machinelearningservices:Workspace",
      "ws",
      "dp100:lab:Environment$",
    );
    h.driver.failures.set(
      "destroy-targeted:c1-work-with-compute",
      "error: deleting compute ci-bob: Conflict",
    );
    h.driver.removedBeforeFailure.set("destroy-targeted:c1-work-with-compute", [ws]);
    expect(await h.run("destroy", "--yes")).toBe(1);
    const out = text(h.out);
    expect(out).toMatch(/c1-run-pipelines: purged workspace mlw-c1-run-pipelines/);
    expect(out).toMatch(/c1-run-pipelines: error: deleting storage: StorageAccountLocked/);
    expect(out).toMatch(
      /c1-run-pipelines: error: not purged \(still in the stack\): key vault kv-c1-run-pipelines/,
    );
    expect(out).toMatch(/c1-work-with-compute: purged workspace mlw-c1-work-with-compute/);
    expect(out).toMatch(/c1-work-with-compute: error: deleting compute ci-bob: Conflict/);
    expect(out).toMatch(
      /c1-work-with-compute: error: not purged \(still in the stack\): key vault kv-c1-work-with-compute/,
    );
    expect(h.purger.calls.filter((c) => c.startsWith("purgeVault"))).toEqual([]);
    // No full destroy after the workspace step failed.
    expect(h.driver.destroys.filter((d) => d.stack === "c1-work-with-compute")).toHaveLength(1);
  });

  it("--expired destroys only stacks whose expiresOn has passed", async () => {
    const h = harness({
      startMs: Date.UTC(2025, 6, 1, 3, 0, 0),
      stacks: {
        "c1-run-pipelines": {
          resources: deployedState("c1-run-pipelines"),
          outputs: { expiresOn: "2025-06-30" },
          config: {},
        },
        "c2-run-pipelines": {
          resources: deployedState("c2-run-pipelines"),
          outputs: { expiresOn: "2025-07-01" },
          config: {},
        },
        "c3-run-pipelines": {
          resources: deployedState("c3-run-pipelines"),
          outputs: {},
          config: { "dp100-labs:expiresOn": "2025-05-01" },
        },
        dev: { resources: deployedState("dev"), outputs: { expiresOn: "none" }, config: {} },
      },
    });
    expect(
      await h.run("destroy", "--expired", "--yes", "--backend", "azblob://state?storage_account=x"),
    ).toBe(0);
    expect([...new Set(h.driver.destroys.map((d) => d.stack))]).toEqual([
      "c1-run-pipelines",
      "c3-run-pipelines",
    ]);
    const out = text(h.out);
    expect(out).toMatch(/c2-run-pipelines\s+keep\s+expires on 2025-07-01/);
    expect(out).toMatch(/dev\s+keep\s+no expiresOn/);
    expect(out).toMatch(/c1-run-pipelines\s+destroy\s+expired on 2025-06-30/);
  });

  it("--expired with nothing expired destroys nothing, and refuses --lab", async () => {
    const h = harness({
      stacks: {
        "c1-run-pipelines": {
          resources: deployedState("c1-run-pipelines"),
          outputs: { expiresOn: "2099-01-01" },
          config: {},
        },
      },
    });
    expect(await h.run("destroy", "--expired", "--yes")).toBe(0);
    expect(text(h.out)).toMatch(/Nothing to destroy\./);
    expect(h.driver.destroys).toHaveLength(0);
    expect(await h.run("destroy", "--expired", "--lab", "run-pipelines", "--yes")).toBe(2);
    expect(text(h.err)).toMatch(/--expired selects stacks by date: it does not combine with --lab/);
  });
});

describe("purge decisions", () => {
  it("takes workspaces and key vaults (with their region) from the state", () => {
    const t = purgeTargets(deployedState("c1-lab"));
    expect(t.workspaces).toEqual([
      expect.objectContaining({
        name: "mlw-c1-lab",
        resourceGroup: "rg-c1-lab",
        subscriptionId: SUB,
      }),
    ]);
    expect(t.vaults).toEqual([
      expect.objectContaining({ name: "kv-c1-lab", location: "eastus", subscriptionId: SUB }),
    ]);
    expect(
      parseArmId("/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v"),
    ).toEqual({
      subscriptionId: "s",
      resourceGroup: "g",
      resourceType: "Microsoft.KeyVault/vaults",
      name: "v",
    });
    expect(parseArmId("not-an-id")).toBeUndefined();
  });

  it("never purges a deleted vault of the same name in another region, and survives a list failure", async () => {
    const p = new FakePurger();
    p.deleted = [{ name: "kv-a", location: "westeurope" }];
    const items = await purgeVaults(p, [
      { id: "x", subscriptionId: "s", name: "kv-a", location: "eastus" },
    ]);
    expect(items).toEqual([{ kind: "key vault", name: "kv-a", status: "absent" }]);
    expect(p.calls.filter((c) => c.startsWith("purgeVault"))).toEqual([]);
    p.listDeletedVaults = async () => {
      throw new Error("403 AuthorizationFailed");
    };
    const failed = await purgeVaults(p, [{ id: "x", subscriptionId: "s", name: "kv-a" }]);
    expect(failed[0]).toMatchObject({
      status: "failed",
      detail: "could not list deleted key vaults: 403 AuthorizationFailed",
    });
  });
});
