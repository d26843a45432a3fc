import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, test } from "node:test";
import { DIRECTORY_ENV } from "../providers/azure/authorization";
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
