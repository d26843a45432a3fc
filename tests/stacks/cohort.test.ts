import { nameViolation } from "../../components/naming";
import { ROLE_IDS as ROLES } from "../../azure/roles";
import { PlanDocument, PlannedResource } from "../../plan/types";
import {
  computeOfType,
  get,
  guid,
  ofType,
  planWith,
  ROLE_ASSIGNMENT,
  tempFile,
} from "../helpers/plan";

type Entry = { id: string; objectId: string; email?: string };
const roster = (...ids: string[]): Entry[] =>
  ids.map((id) => ({ id, objectId: guid(hash(id)), email: undefined }));
function hash(s: string): number {
  let h = 7;
  for (const c of s) h = (h * 31 + c.codePointAt(0)!) % 1_000_003;
  return h + 1;
}
const TRAINER = { objectId: guid(999_999), email: "trainer@example.com" };

function cohortConfig(learners: Entry[], extra: Record<string, unknown> = {}) {
  return {
    "azure-native:location": "westeurope",
    "dp100-labs:mode": "cohort",
    "dp100-labs:cohort": "c24",
    "dp100-labs:labs": ["script-command-job"],
    "dp100-labs:learners": learners.map((l) => ({ id: l.id, objectId: l.objectId })),
    "dp100-labs:trainers": [TRAINER],
    "dp100-labs:expiresOn": "2026-12-18",
    ...extra,
  };
}

const roleOf = (r: PlannedResource) => String(r.inputs.roleDefinitionId).split("/").pop();
/** The resources under a learner's LearnerResources component (walking the parent chain). */
function learnerResources(doc: PlanDocument, slug: string): PlannedResource[] {
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  const under = (r: PlannedResource | undefined): boolean =>
    !!r &&
    ((r.type === "dp100:cohort:Learner" && r.name === `learner-${slug}`) ||
      under(r.parent ? byUrn.get(r.parent) : undefined));
  return doc.resources.filter((r) => under(r));
}

describe("shared topology", () => {
  let doc: PlanDocument;
  const learners = roster("ada", "grace", "alan");
  beforeAll(async () => {
    doc = await planWith(cohortConfig(learners));
  });

  test("one workspace and one cluster; an instance per learner, assigned to them", () => {
    expect(doc.violations).toEqual([]);
    expect(ofType(doc, "azure-native:machinelearningservices:Workspace")).toHaveLength(1);
    expect(computeOfType(doc, "AmlCompute")).toHaveLength(1);
    const instances = computeOfType(doc, "ComputeInstance");
    expect(instances).toHaveLength(3);
    const assigned = instances.map((i) =>
      get(
        i.inputs,
        "properties",
        "properties",
        "personalComputeInstanceSettings",
        "assignedUser",
        "objectId",
      ),
    );
    expect(assigned.sort()).toEqual(learners.map((l) => l.objectId).sort());
    for (const i of instances) {
      expect(nameViolation("mlCompute", String(i.inputs.computeName))).toBeUndefined();
      expect(String(i.inputs.computeName)).toMatch(/^c24-ci-/);
    }
  });

  test("learners get least privilege: Data Scientist on the workspace, blob data on storage, operator on their own instance", () => {
    const roles = ofType(doc, ROLE_ASSIGNMENT);
    for (const l of learners) {
      const mine = roles.filter((r) => r.inputs.principalId === l.objectId);
      expect(mine.map(roleOf).sort()).toEqual(
        [
          ROLES.azureMlDataScientist,
          ROLES.storageBlobDataContributor,
          ROLES.azureMlComputeOperator,
        ].sort(),
      );
      const ds = mine.find((r) => roleOf(r) === ROLES.azureMlDataScientist)!;
      expect(String(ds.inputs.scope)).toMatch(
        /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+$/,
      );
      const op = mine.find((r) => roleOf(r) === ROLES.azureMlComputeOperator)!;
      const ci = computeOfType(doc, "ComputeInstance").find(
        (i) =>
          get(
            i.inputs,
            "properties",
            "properties",
            "personalComputeInstanceSettings",
            "assignedUser",
            "objectId",
          ) === l.objectId,
      )!;
      expect(String(op.inputs.scope).endsWith(`/computes/${ci.inputs.computeName}`)).toBe(true);
      for (const r of mine) {
        expect([ROLES.owner, ROLES.contributor, ROLES.userAccessAdministrator]).not.toContain(
          roleOf(r),
        );
        expect(r.inputs.principalType).toBe("User");
      }
    }
  });

  test("trainers get Contributor on the cohort's resource group", () => {
    const t = ofType(doc, ROLE_ASSIGNMENT).filter((r) => r.inputs.principalId === TRAINER.objectId);
    expect(t.map(roleOf)).toEqual([ROLES.contributor]);
    expect(String(t[0].inputs.scope)).toMatch(/\/resourceGroups\/[^/]+$/);
  });

  test("role assignment names are deterministic GUIDs, unique per scope, role and principal", () => {
    const names = ofType(doc, ROLE_ASSIGNMENT).map((r) => String(r.inputs.roleAssignmentName));
    for (const n of names)
      expect(n).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(names).size).toBe(names.length);
  });

  test("a budget mails the trainers; expiry is a tag on everything and an output", () => {
    const [budget] = ofType(doc, "azure-native:consumption:Budget");
    expect(get(budget.inputs, "notifications", "actual_80", "contactEmails")).toEqual([
      TRAINER.email,
    ]);
    for (const r of doc.resources.filter((x) => x.custom && x.inputs.tags)) {
      expect(get(r.inputs, "tags", "expiresOn")).toBe("2026-12-18");
      expect(get(r.inputs, "tags", "cohort")).toBe("c24");
      expect(get(r.inputs, "tags", "owner")).toBe(TRAINER.email);
    }
    expect(doc.outputs.expiresOn).toBe("2026-12-18");
    const out = doc.outputs.learners as Record<string, Record<string, unknown>>;
    expect(Object.keys(out).sort()).toEqual(["ada", "alan", "grace"]);
    expect(out.ada.expiresOn).toBe("2026-12-18");
    expect(String(out.ada.computeInstance)).toMatch(/^c24-ci-ada-/);
    expect(String(out.ada.studioUrl)).toMatch(/^https:\/\/ml\.azure\.com\//);
  });
});

describe("isolated topology", () => {
  let doc: PlanDocument;
  const learners = roster("ada", "grace");
  beforeAll(async () => {
    doc = await planWith(cohortConfig(learners, { "dp100-labs:topology": "isolated" }));
  });

  test("per learner: a resource group, a workspace, a cluster and an instance; all names valid and distinct", () => {
    expect(doc.violations).toEqual([]);
    expect(ofType(doc, "azure-native:resources:ResourceGroup")).toHaveLength(2);
    expect(ofType(doc, "azure-native:machinelearningservices:Workspace")).toHaveLength(2);
    expect(ofType(doc, "azure-native:keyvault:Vault")).toHaveLength(2);
    expect(computeOfType(doc, "AmlCompute")).toHaveLength(2);
    expect(computeOfType(doc, "ComputeInstance")).toHaveLength(2);
    expect(ofType(doc, "azure-native:consumption:Budget")).toHaveLength(2);
    const vaults = ofType(doc, "azure-native:keyvault:Vault").map((v) => v.inputs.vaultName);
    expect(new Set(vaults).size).toBe(2);
    const ada = learnerResources(doc, "ada").filter((r) => r.custom);
    expect(ada.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        "azure-native:resources:ResourceGroup",
        "azure-native:machinelearningservices:Workspace",
      ]),
    );
  });

  test("each learner's Data Scientist role is on their own workspace only", () => {
    const ws = ofType(doc, "azure-native:machinelearningservices:Workspace");
    for (const l of learners) {
      const ds = ofType(doc, ROLE_ASSIGNMENT).filter(
        (r) => r.inputs.principalId === l.objectId && roleOf(r) === ROLES.azureMlDataScientist,
      );
      expect(ds).toHaveLength(1);
      const own = ws.find((w) =>
        String(ds[0].inputs.scope).endsWith(`/workspaces/${w.inputs.workspaceName}`),
      );
      expect(own).toBeDefined();
      expect(learnerResources(doc, l.id)).toContain(own);
    }
  });
});

describe("roster churn", () => {
  const key = (r: PlannedResource) => r.urn;
  const index = (doc: PlanDocument) =>
    new Map(doc.resources.map((r) => [key(r), JSON.stringify(r.inputs)]));

  test.each(["shared", "isolated"])(
    "%s: removing, adding and reordering touches only the learners concerned",
    async (topology) => {
      const base = roster("ada", "grace", "alan", "barbara");
      const before = await planWith(cohortConfig(base, { "dp100-labs:topology": topology }));
      const a = index(before);
      const grace = learnerResources(before, "grace").map(key);
      // remove grace (from the middle), add linus, reverse the order
      const changed = [...roster("ada", "alan", "barbara", "linus")].reverse();
      const b = index(await planWith(cohortConfig(changed, { "dp100-labs:topology": topology })));
      const removed = [...a.keys()].filter((k) => !b.has(k));
      const added = [...b.keys()].filter((k) => !a.has(k));
      const modified = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k));
      expect(removed.length).toBeGreaterThan(0);
      expect(removed).toEqual(grace);
      expect(added.length).toBe(removed.length);
      expect(added.every((u) => u.includes("linus"))).toBe(true);
      expect(modified).toEqual([]);
    },
  );
});

describe("names for unusual learner ids", () => {
  test("accents, spaces, apostrophes, digits only and 64 characters give valid, distinct compute names", async () => {
    const ids = [
      "Zoë",
      "mary ann",
      "o'brien",
      "12345",
      "x".repeat(64),
      "x".repeat(63) + "y",
      "李雷",
    ];
    const doc = await planWith(cohortConfig(roster(...ids)));
    expect(doc.violations).toEqual([]);
    const names = computeOfType(doc, "ComputeInstance").map((c) => String(c.inputs.computeName));
    expect(names).toHaveLength(ids.length);
    expect(new Set(names).size).toBe(ids.length);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(24);
      expect(nameViolation("mlCompute", n)).toBeUndefined();
    }
  });

  test("a CSV roster plans like the inline one", async () => {
    const learners = roster("ada", "grace");
    const csv = tempFile(
      "roster.csv",
      "id,objectId,email,displayName\n" +
        learners.map((l) => `${l.id},${l.objectId},${l.id}@example.com,`).join("\n"),
    );
    const config = cohortConfig(learners);
    delete (config as Record<string, unknown>)["dp100-labs:learners"];
    const doc = await planWith({ ...config, "dp100-labs:rosterFile": csv });
    expect(computeOfType(doc, "ComputeInstance")).toHaveLength(2);
    expect((doc.outputs.learners as Record<string, { email: string }>).ada.email).toBe(
      "ada@example.com",
    );
  });
});
