import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { ROLE_IDS as ROLES } from "../../azure/roles";
import { cohortNamePart } from "../../components/naming";
import { PlanDocument } from "../../plan/types";
import {
  computeOfType,
  ofType,
  planIsolated,
  planWith,
  PROJECT_DIR,
  ROLE_ASSIGNMENT,
} from "../helpers/plan";

/**
 * A cohort as one course-long foundation plus light lab stacks (issue 13), planned offline: a lab
 * stack reads its foundation through a StackReference answered by the foundation's own plan.
 */

const ROSTER = path.join(PROJECT_DIR, "examples", "roster.csv");
const FOUR_LABS = [
  "script-command-job",
  "script-mlflow-tracking",
  "hyperparameter-tuning",
  "run-pipelines",
];

const foundationConfig = (extra: Record<string, unknown> = {}) => ({
  "azure-native:location": "eastus",
  "dp100-labs:mode": "cohort",
  "dp100-labs:part": "foundation",
  "dp100-labs:cohort": "c13",
  "dp100-labs:rosterFile": ROSTER,
  "dp100-labs:labs": [...FOUR_LABS, "make-data-available"],
  "dp100-labs:trainers": [
    { objectId: "00000000-0000-4000-8000-0000000000f1", email: "t@example.com" },
  ],
  ...extra,
});

const labConfig = (labs: string[], extra: Record<string, unknown> = {}) => ({
  "azure-native:location": "eastus",
  "dp100-labs:mode": "cohort",
  "dp100-labs:part": "lab",
  "dp100-labs:cohort": "c13",
  "dp100-labs:foundation": "c13-foundation",
  "dp100-labs:labs": labs,
  ...extra,
});

/** Writes the foundation and the lab stack files into one folder and returns the lab's path. */
function stackFiles(foundation: Record<string, unknown>, lab: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dp100-fdn-"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.c13-foundation.yaml"),
    YAML.stringify({ config: foundation }),
  );
  const file = path.join(dir, "Pulumi.c13-lab.yaml");
  fs.writeFileSync(file, YAML.stringify({ config: lab }));
  return file;
}

/** The foundation's plan and the lab's on it, each in its own module registry (as two processes). */
async function planLab(lab: Record<string, unknown>, foundation = foundationConfig()) {
  const file = stackFiles(foundation, lab);
  const foundationPlan = await planIsolated({
    configFile: path.join(path.dirname(file), "Pulumi.c13-foundation.yaml"),
    projectDir: PROJECT_DIR,
  });
  return planIsolated({ configFile: file, projectDir: PROJECT_DIR, foundationPlan });
}

const roleOf = (r: { inputs: Record<string, unknown> }) =>
  String(r.inputs.roleDefinitionId).split("/").pop();

describe("foundation stack", () => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await planWith(foundationConfig(), "c13-foundation");
  });

  test("holds the workspace set, aml-cluster and one instance per learner, and no lab data", () => {
    expect(ofType(doc, "azure-native:machinelearningservices:Workspace")).toHaveLength(1);
    expect(computeOfType(doc, "ComputeInstance")).toHaveLength(4);
    expect(computeOfType(doc, "AmlCompute").map((c) => c.inputs.computeName)).toEqual([
      "aml-cluster",
    ]);
    for (const t of ["BlobContainer", "Datastore", "DataVersion"]) {
      expect(doc.resources.filter((r) => r.type.endsWith(`:${t}`))).toEqual([]);
    }
  });

  test("exports what its lab stacks read: groups, learners, the name suffix and the course's labs", () => {
    const f = doc.outputs.foundation as Record<string, unknown>;
    expect(f).toMatchObject({ version: 1, cohort: "c13", topology: "shared" });
    expect((f.groups as unknown[]).length).toBe(1);
    expect((f.learners as Array<{ id: string }>).map((l) => l.id)).toEqual([
      "ada",
      "grace",
      "alan",
      "zoë",
    ]);
    expect(f.labs).toContain("make-data-available");
    expect(String(f.nameSuffix)).toMatch(/^[a-z0-9]{5}$/);
  });

  test("a learner writes only to the workspace's default blob container, never the whole account", () => {
    const blob = ofType(doc, ROLE_ASSIGNMENT).filter(
      (r) => roleOf(r) === ROLES.storageBlobDataContributor,
    );
    expect(blob).toHaveLength(4);
    for (const r of blob) {
      expect(String(r.inputs.scope)).toMatch(
        /\/storageAccounts\/[^/]+\/blobServices\/default\/containers\/azureml-blobstore-[0-9a-f-]{36}$/,
      );
    }
  });
});

describe("lab stack", () => {
  test("plans offline on its foundation's plan: only what the lab adds, named with the foundation's suffix", async () => {
    const doc = await planLab(labConfig(["make-data-available", "hyperparameter-tuning"]));
    const types = new Set(doc.resources.filter((r) => r.custom).map((r) => r.type));
    for (const t of [
      "azure-native:resources:ResourceGroup",
      "azure-native:machinelearningservices:Workspace",
      "azure-native:storage:StorageAccount",
      "azure-native:consumption:Budget",
    ]) {
      expect(types.has(t)).toBe(false);
    }
    expect(computeOfType(doc, "ComputeInstance")).toEqual([]);
    // aml-cluster, which hyperparameter-tuning runs on, stays on the foundation (no catalog lab
    // has a cluster of its own today; one would come up here).
    expect(computeOfType(doc, "AmlCompute").map((c) => c.inputs.computeName)).not.toContain(
      "aml-cluster",
    );
    const [container] = ofType(doc, "azure-native:storage:BlobContainer");
    const f = (await planWith(foundationConfig(), "c13-foundation")).outputs.foundation as {
      groups: Array<{ storageAccountName: string; workspace: string }>;
    };
    expect(container.inputs.accountName).toBe(f.groups[0].storageAccountName);
    expect(doc.outputs.workspaces).toEqual([f.groups[0].workspace]);
  });

  test("the Kubernetes lab on a lab stack follows the stack's local-accounts and networking settings", async () => {
    // Found when the foundation split met the Kubernetes lab: the lab stack dropped both settings.
    const aks = async (extra: Record<string, unknown>) =>
      ofType(
        await planLab(
          labConfig(["deploy-kubernetes-online-endpoint"], extra),
          foundationConfig({
            "dp100-labs:labs": [...FOUR_LABS, "deploy-kubernetes-online-endpoint"],
          }),
        ),
        "azure-native:containerservice:ManagedCluster",
      )[0].inputs;
    expect((await aks({})).disableLocalAccounts).toBe(false);
    expect((await aks({ "dp100-labs:inferenceLocalAccounts": false })).disableLocalAccounts).toBe(
      true,
    );
  });

  test("a cohort named as written: the lab stack's Azure names carry the cohort's short part, as its foundation's do", async () => {
    // Found when composition got its names from components/deploymentNames.ts: the lab stack
    // named its resources from the cohort's name as written, its foundation from the short part.
    const cohort = { "dp100-labs:cohort": "March 2027 London" };
    const labs = [...FOUR_LABS, "deploy-kubernetes-online-endpoint"];
    const foundation = foundationConfig({ ...cohort, "dp100-labs:labs": labs });
    const lab = await planLab(labConfig(["deploy-kubernetes-online-endpoint"], cohort), foundation);
    const f = (await planWith(foundation, "c13-foundation")).outputs.foundation as {
      groups: Array<{ workspace: string }>;
      nameSuffix: string;
    };
    const part = cohortNamePart("March 2027 London");
    expect(f.groups[0].workspace).toBe(`dp100-${part}-mlw-${f.nameSuffix}`);
    const [aks] = ofType(lab, "azure-native:containerservice:ManagedCluster");
    expect(aks.inputs.resourceName).toBe(`dp100-${part}-aks-${f.nameSuffix}`);
  });

  test("each learner reads the lab data container, and gets no write on it", async () => {
    const doc = await planLab(labConfig(["make-data-available"]));
    const grants = ofType(doc, ROLE_ASSIGNMENT);
    expect(grants).toHaveLength(4);
    for (const g of grants) {
      expect(roleOf(g)).toBe(ROLES.storageBlobDataReader);
      expect(String(g.inputs.scope)).toMatch(/\/blobServices\/default\/containers\/training-data$/);
    }
  });

  test("the isolated topology adds the lab's parts to each learner's own workspace", async () => {
    const doc = await planLab(
      labConfig(["make-data-available"]),
      foundationConfig({ "dp100-labs:topology": "isolated" }),
    );
    const containers = ofType(doc, "azure-native:storage:BlobContainer");
    expect(new Set(containers.map((c) => c.inputs.accountName)).size).toBe(4);
    for (const c of containers)
      expect(c.urn).toMatch(/dp100:cohort:Learner\$dp100:lab:Environment/);
  });
});

describe("bad input: a clear ConfigError, nothing registered", () => {
  const rejects = async (p: Promise<unknown>, key: RegExp, hint: RegExp) => {
    await expect(p).rejects.toMatchObject({
      name: "ConfigError",
      message: expect.stringMatching(key),
    });
    await expect(p).rejects.toThrow(hint);
  };

  test("a roster set on a lab stack names the foundation to change instead", async () => {
    await rejects(
      planLab(labConfig(["script-command-job"], { "dp100-labs:rosterFile": ROSTER })),
      /dp100-labs:rosterFile/,
      /lab stack.*foundation stack 'c13-foundation'/,
    );
  });

  test("a lab asked for twice in one day's group", async () => {
    await rejects(
      planLab(labConfig(["run-pipelines", "run-pipelines"])),
      /dp100-labs:labs: 'run-pipelines' \(twice\)/,
      /each lab once/,
    );
  });

  test("a foundation of another cohort", async () => {
    await rejects(
      planLab(labConfig(["script-command-job"], { "dp100-labs:cohort": "c99" })),
      /dp100-labs:foundation: 'c13-foundation'/,
      /belongs to cohort 'c13'/,
    );
  });

  test("a lab the foundation's course does not have", async () => {
    await rejects(
      planLab(labConfig(["deploy-batch-endpoint"])),
      /dp100-labs:labs: 'deploy-batch-endpoint'/,
      /add these labs to the foundation/,
    );
  });

  test("a stack that is not a foundation", async () => {
    await rejects(
      planLab(labConfig(["script-command-job"]), {
        ...foundationConfig(),
        "dp100-labs:part": "whole",
      }),
      /dp100-labs:foundation/,
      /not a foundation stack/,
    );
  });

  test("a lab stack without a foundation, or with no foundation's stack file", async () => {
    const noKey = labConfig(["script-command-job"]);
    delete (noKey as Record<string, unknown>)["dp100-labs:foundation"];
    await rejects(planWith(noKey), /dp100-labs:foundation: \(not set\)/, /names its foundation/);
    await rejects(
      planWith(labConfig(["script-command-job"], { "dp100-labs:foundation": "c13-nowhere" })),
      /dp100-labs:foundation: 'c13-nowhere'/,
      /no stack file Pulumi\.c13-nowhere\.yaml/,
    );
  });

  test("a foundation named on a stack that is not a lab stack, and parts outside a cohort", async () => {
    await rejects(
      planWith(foundationConfig({ "dp100-labs:foundation": "x" })),
      /dp100-labs:foundation: 'x'/,
      /only a lab stack/,
    );
    await rejects(
      planWith({ "dp100-labs:mode": "sandbox", "dp100-labs:part": "lab" }),
      /dp100-labs:part: 'lab'/,
      /need mode: cohort/,
    );
  });
});

describe("cohort plan: 12 learners, four labs up together", () => {
  test("12 instances, one workspace, and the idle cost and vCPUs of one instance per learner plus the labs' clusters", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dp100-c12-"));
    const roster = path.join(dir, "roster.csv");
    fs.writeFileSync(
      roster,
      [
        "id,objectId",
        ...Array.from(
          { length: 12 },
          (_, i) => `l${i + 1},00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
        ),
      ].join("\n"),
    );
    const write = (name: string, config: Record<string, unknown>) => {
      const file = path.join(dir, `Pulumi.${name}.yaml`);
      fs.writeFileSync(file, YAML.stringify({ config }));
      return file;
    };
    const foundationFile = write(
      "c13-foundation",
      foundationConfig({ "dp100-labs:rosterFile": roster, "dp100-labs:labs": FOUR_LABS }),
    );
    const labFiles = FOUR_LABS.map((l) => write(`c13-${l}`, labConfig([l])));
    const { planCohort } = await import("../../plan/cohort");
    const plan = await planCohort({
      foundationFile,
      labFiles,
      projectDir: PROJECT_DIR,
      plan: planIsolated,
    });
    expect(plan.computeInstances).toBe(12);
    expect(plan.workspaces).toBe(1);
    // 12 DS11_v2 instances (2 vCPUs each) + aml-cluster (2 nodes x 2 vCPUs): 28, against 112 for
    // four one-lab stacks (48 instances, four clusters).
    const dsv2 = plan.quota.regions[0].dedicated.find((f) => f.family === "standardDSv2Family");
    expect(dsv2?.vCPUs).toBe(28);
    // One stopped instance per learner, as one whole-cohort stack of the same labs: $9.45.
    expect(plan.cost.idlePerDay).toBeCloseTo(9.45, 2);
  });
});
