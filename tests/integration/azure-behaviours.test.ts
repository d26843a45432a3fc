import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { DIRECTORY_ENV } from "../providers/azure/authorization";
import { AZURE_NAME_RULES } from "../providers/azure/names";
import { INPUTS_KEY, standIn } from "../providers/standins";
import { REPO_ROOT } from "./harness";

/**
 * The Azure behaviours the stand-in azure-native provider reproduces (tests/providers/azure), called
 * directly: each refuses, rewrites or collapses what its public source says Azure does.
 */

const azure = standIn("azure-native");
const urn = (type: string, name: string) =>
  `urn:pulumi:it::dp100-labs::dp100:lab:Environment$${type}::${name}`;
const COMPUTE = "azure-native:machinelearningservices:Compute";
const BUDGET = "azure-native:consumption:Budget";
const ROLE = "azure-native:authorization:RoleAssignment";

const notification = (threshold: number, thresholdType: string, operator = "GreaterThan") => ({
  enabled: true,
  operator,
  threshold,
  thresholdType,
  contactEmails: ["t@example.com"],
});
const budget = (notifications: Record<string, unknown>) => ({
  scope: "/subscriptions/s/resourceGroups/rg",
  budgetName: "b",
  amount: 100,
  category: "Cost",
  timeGrain: "Monthly",
  timePeriod: { startDate: "2026-11-01T00:00:00Z" },
  notifications,
});

const instance = (vmSize: string, extra: Record<string, unknown> = {}) => ({
  resourceGroupName: "rg",
  workspaceName: "ws",
  computeName: "ci-ada-abcde",
  location: "eastus",
  tags: { expiresOn: "2026-12-18" },
  properties: {
    computeType: "ComputeInstance",
    disableLocalAuth: true,
    properties: {
      vmSize,
      idleTimeBeforeShutdown: "PT30M",
      schedules: { computeStartStop: [{ action: "Stop", cron: { expression: "0 18 * * *" } }] },
      ...extra,
    },
  },
});

describe("Azure behaviours of the stand-in azure-native provider", () => {
  test("a budget with more than five notifications is refused", async () => {
    const six = Object.fromEntries(
      [10, 20, 30, 40, 50, 60].map((t) => [`actual_${t}`, notification(t, "Actual")]),
    );
    await assert.rejects(azure.create!(urn(BUDGET, "b6"), budget(six)), (e: Error) => {
      assert.match(e.message, /up to 5 notifications; this one has 6/);
      assert.match(e.message, /stand-in: budget-notification-limit/);
      return true;
    });
  });

  test("an Actual and a Forecasted notification on the same operator and threshold come back as one", async () => {
    const made = await azure.create!(
      urn(BUDGET, "collide"),
      budget({
        actual_100: notification(100, "Actual", "GreaterThanOrEqualTo"),
        forecasted_100: notification(100, "Forecasted", "GreaterThanOrEqualTo"),
        actual_50: notification(50, "Actual"),
      }),
    );
    assert.deepEqual(Object.keys(made.outs.notifications).sort(), ["actual_50", "forecasted_100"]);
    // Distinct pairs are all kept.
    const distinct = await azure.create!(
      urn(BUDGET, "distinct"),
      budget({
        actual_100: notification(100, "Actual", "GreaterThanOrEqualTo"),
        forecasted_100: notification(100, "Forecasted", "GreaterThan"),
      }),
    );
    assert.equal(Object.keys(distinct.outs.notifications).length, 2);
  });

  test("ML compute vmSize is read back upper-cased, in the outputs and the inputs refresh rebuilds", async () => {
    const made = await azure.create!(urn(COMPUTE, "ci"), instance("Standard_DS11_v2"));
    assert.equal(made.outs.properties.properties.vmSize, "STANDARD_DS11_V2");
    const read = await azure.read!(made.id, urn(COMPUTE, "ci"), made.outs);
    assert.equal(read.props!.properties.properties.vmSize, "STANDARD_DS11_V2");
    assert.equal(read.props![INPUTS_KEY].properties.properties.vmSize, "STANDARD_DS11_V2");
    // So a program sending the mixed-case size sees a change after a refresh; upper case does not.
    const diff = (news: Record<string, unknown>) =>
      azure.diff!(made.id, urn(COMPUTE, "ci"), read.props!, news);
    assert.equal((await diff(instance("Standard_DS11_v2"))).changes, true);
    assert.equal((await diff(instance("STANDARD_DS11_V2"))).changes, false);
  });

  test("an update of an existing compute instance that carries schedules fails; a cluster updates", async () => {
    const made = await azure.create!(urn(COMPUTE, "ci2"), instance("STANDARD_DS11_V2"));
    await assert.rejects(
      azure.update!(made.id, urn(COMPUTE, "ci2"), made.outs, {
        ...instance("STANDARD_DS11_V2"),
        tags: { expiresOn: "2026-12-19" },
      }),
      /stand-in: compute-instance-schedule-update/,
    );
    const cluster = {
      ...instance("STANDARD_DS11_V2"),
      properties: { computeType: "AmlCompute", properties: { vmSize: "STANDARD_DS11_V2" } },
    };
    const c = await azure.create!(urn(COMPUTE, "cl"), cluster);
    await azure.update!(c.id, urn(COMPUTE, "cl"), c.outs, { ...cluster, tags: { x: "y" } });
  });

  test("a role assignment whose principalType is not the directory's fails with UnmatchedPrincipalType", async () => {
    const before = process.env[DIRECTORY_ENV];
    process.env[DIRECTORY_ENV] = path.join(
      REPO_ROOT,
      "tests",
      "fixtures",
      "standin-directory.json",
    );
    try {
      const assignment = (principalId: string, principalType?: string) => ({
        scope: "/subscriptions/s/resourceGroups/rg",
        principalId,
        ...(principalType ? { principalType } : {}),
        roleDefinitionId:
          "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
        roleAssignmentName: "5a5a5a5a-0000-5000-8000-000000000001",
      });
      const sp = "00000000-0000-4000-8000-0000000000f2";
      await assert.rejects(azure.create!(urn(ROLE, "r1"), assignment(sp, "User")), (e: Error) => {
        assert.match(
          e.message,
          /UnmatchedPrincipalType: The PrincipalId '00000000-0000-4000-8000-0000000000f2' has type 'ServicePrincipal'/,
        );
        return true;
      });
      await azure.create!(urn(ROLE, "r2"), assignment(sp, "ServicePrincipal"));
      await azure.create!(
        urn(ROLE, "r3"),
        assignment("00000000-0000-4000-8000-000000000001", "User"),
      );
      await assert.rejects(
        azure.create!(urn(ROLE, "r4"), assignment("00000000-0000-4000-8000-0000000000f3", "User")),
        /has type 'Group'/,
      );
    } finally {
      if (before === undefined) delete process.env[DIRECTORY_ENV];
      else process.env[DIRECTORY_ENV] = before;
    }
  });
});

describe("Azure's name rules in the stand-in (tests/providers/azure/names.ts)", () => {
  const VAULT = "azure-native:keyvault:Vault";
  const STORAGE = "azure-native:storage:StorageAccount";
  const WORKSPACE = "azure-native:machinelearningservices:Workspace";
  const reasons = async (type: string, inputs: Record<string, unknown>) =>
    ((await azure.check!(urn(type, "x"), {}, inputs)).failures ?? []).map((f) => f.reason);

  test("a storage account name with upper case or a hyphen fails the create with AccountNameInvalid", async () => {
    for (const accountName of ["Dp100sa", "dp100-sa", "sa", "a".repeat(25)]) {
      // The specification lets these through: azure-native's check passes, the PUT fails.
      assert.deepEqual(await reasons(STORAGE, { accountName }), []);
      await assert.rejects(
        azure.create!(urn(STORAGE, accountName), { resourceGroupName: "rg", accountName }),
        (e: Error) => {
          assert.match(e.message, /Code="AccountNameInvalid"/);
          assert.ok(e.message.includes(`${accountName} is not a valid storage account name`));
          assert.match(e.message, /stand-in: azure-name-rules/);
          return true;
        },
      );
    }
    await azure.create!(urn(STORAGE, "ok"), { resourceGroupName: "rg", accountName: "dp100sa0x1" });
  });

  test("a key vault name is checked against the specification, then refused by the service", async () => {
    assert.deepEqual(await reasons(VAULT, { vaultName: "kv_dp100" }), [
      "'vaultName' does not match expression '^[a-zA-Z0-9-]{3,24}$'",
    ]);
    // Within the pattern, yet refused: a leading digit, a trailing hyphen, consecutive hyphens.
    for (const vaultName of ["1kv-dp100", "kv-dp100-", "kv--dp100"]) {
      assert.deepEqual(await reasons(VAULT, { vaultName }), []);
      await assert.rejects(
        azure.create!(urn(VAULT, vaultName), { resourceGroupName: "rg", vaultName }),
        new RegExp(`Code="VaultNameNotValid" Message="The vault name '${vaultName}' is invalid`),
      );
    }
    await azure.create!(urn(VAULT, "ok"), { resourceGroupName: "rg", vaultName: "kv-dp100-x1" });
  });

  test("an ML workspace name outside the specification's pattern fails the check", async () => {
    assert.deepEqual(await reasons(WORKSPACE, { workspaceName: "-mlw" }), [
      "'workspaceName' does not match expression '^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$'",
    ]);
    assert.equal((await reasons(WORKSPACE, { workspaceName: "m".repeat(34) })).length, 1);
    assert.deepEqual(await reasons(WORKSPACE, { workspaceName: "mlw_dp100-x1" }), []);
  });

  test("a compute instance name ending in digits after a hyphen is refused; a cluster's is not", async () => {
    await assert.rejects(
      azure.create!(urn(COMPUTE, "ci-bad"), {
        ...instance("STANDARD_DS11_V2"),
        computeName: "ci-1",
      }),
      /Compute name 'ci-1' is not available\. Reason: Invalid/,
    );
    await assert.rejects(
      azure.create!(urn(COMPUTE, "ci-digit"), {
        ...instance("STANDARD_DS11_V2"),
        computeName: "1ci-ada",
      }),
      /Compute name '1ci-ada' is not available/,
    );
    await azure.create!(urn(COMPUTE, "ci-ok"), {
      ...instance("STANDARD_DS11_V2"),
      computeName: "ci-ada-1x",
    });
    // Azure's published answer is the compute instance's; a cluster name is not judged here.
    await azure.create!(urn(COMPUTE, "cl-1"), {
      ...instance("STANDARD_DS11_V2"),
      computeName: "cl-1",
      properties: { computeType: "AmlCompute", properties: { vmSize: "STANDARD_DS11_V2" } },
    });
  });

  test("every rule names its name input and cites a public source", () => {
    for (const [type, rules] of Object.entries(AZURE_NAME_RULES)) {
      assert.match(rules.input, /^[a-z][A-Za-z]+$/, type);
      for (const r of [rules.spec, rules.service]) {
        if (r) assert.match(r.source, /learn |Azure\/|pulumi\/|#\d+/, type);
      }
    }
  });

  test("no stand-in reuses the project's own rules (components/, guardrails/, stacks/)", () => {
    const dir = path.join(REPO_ROOT, "tests", "providers");
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
      /\.ts$/.test(f),
    );
    assert.ok(files.length > 5);
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      const imports = [...text.matchAll(/(?:from|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
      const bad = imports.filter((i) => /(^|\/)(components|guardrails|stacks)(\/|$)/.test(i));
      assert.deepEqual(bad, [], `tests/providers/${f} imports ${bad.join(", ")}`);
    }
  });
});
