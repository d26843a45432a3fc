import * as fs from "fs";
import * as path from "path";
import { pulumiWorkspaceFile } from "../../../plan/stackSelection";
import {
  PLAN_CLI_PULUMI_HOME as pulumiHome,
  planCli,
  PROJECT_DIR,
  tempFile,
} from "../../helpers/plan";

const plan = planCli;

test("the default stack plans with exit 0 and a readable table", () => {
  const r = plan();
  // No Pulumi.dev.yaml in a fresh clone: the committed example, and a note saying so.
  expect(r.stderr).toBe(
    "Stack 'example-sandbox' (the committed example; copy it to Pulumi.dev.yaml to make your own).\n",
  );
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("Offline plan of stack 'example-sandbox'");
  expect(r.stdout).toMatch(
    /compute instance\s+ci-me-[a-z0-9]{5}\s+vm=STANDARD_DS11_V2 idleShutdown=PT30M/,
  );
  expect(r.stdout).toContain("Violations: none.");
});

test("--json prints one document with the stable keys", () => {
  const r = plan("--json", "--stack", "example-sandbox");
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(Object.keys(doc)).toEqual(
    expect.arrayContaining(["project", "stack", "resources", "outputs", "violations"]),
  );
  expect(doc.project).toBe("dp100-labs");
  expect(doc.stack).toBe("example-sandbox");
  const ws = doc.resources.find(
    (x: { type: string }) => x.type === "azure-native:machinelearningservices:Workspace",
  );
  expect(ws).toMatchObject({ custom: true, name: "shared-env-ml-workspace" });
  expect(ws.urn).toMatch(
    /^urn:pulumi:example-sandbox::dp100-labs::.*azure-native:machinelearningservices:Workspace::shared-env-ml-workspace$/,
  );
  expect(ws.parent).toMatch(/dp100:ml:Workspace::shared-env-ml$/);
});

test("secure configuration values are shown as [secret]", () => {
  const file = tempFile(
    "Pulumi.sec.yaml",
    "config:\n  dp100-labs:owner:\n    secure: v1:AAAABBBBCCCC\n",
  );
  const r = plan("--json", "--config-file", file);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('"owner": "[secret]"');
  expect(r.stdout).not.toContain("AAAABBBBCCCC");
});

test.each([
  [
    "config:\n  dp100-labs:mode: classroom\n",
    "dp100-labs:mode: 'classroom' is not accepted; accepted values are sandbox, cohort",
  ],
  ["config:\n  dp100-labs:labs: [explore-workspace, no-such-lab]\n", "no-such-lab"],
  // Issue 12: a retired lab id names the lab that replaces it.
  [
    "config:\n  dp100-labs:labs: [deploy-aks-inference]\n",
    'lab id "deploy-aks-inference" is retired',
  ],
  [
    "config:\n  dp100-labs:labs: [deploy-aks-inference]\n",
    'use "deploy-kubernetes-online-endpoint" instead',
  ],
  ["config:\n  dp100-labs:instanceVmSize: Standard_NC24ads_A100_v4\n", "dp100-labs:instanceVmSize"],
  [
    "config:\n  dp100-labs:mode: cohort\n  dp100-labs:cohort: c1\n  dp100-labs:learners:\n    - {id: ada, objectId: nope}\n",
    "dp100-labs:learners[0].objectId",
  ],
  ["config: [unclosed\n", "valid YAML"],
])(
  "bad configuration exits 2 with a message naming the key, nothing on stdout (%#)",
  (yaml, message) => {
    const r = plan("--config-file", tempFile("Pulumi.bad.yaml", yaml));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("configuration error: ");
    expect(r.stderr).toContain(message);
  },
);

test("an unknown stack or option exits 2 and says what exists", () => {
  const r = plan("--stack", "nope");
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("stacks with a file here are");
  expect(r.stderr).toContain("example-sandbox");
  expect(plan("--verbose").code).toBe(2);
});

test("without --stack, the stack the Pulumi CLI has selected for this project is planned", () => {
  const file = pulumiWorkspaceFile("dp100-labs", path.join(PROJECT_DIR, "Pulumi.yaml"), pulumiHome);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ stack: "example-day1" }));
  try {
    const r = plan();
    expect(r.stderr).toBe("Stack 'example-day1' (the Pulumi CLI's selected stack).\n");
    expect(r.stdout).toContain("Offline plan of stack 'example-day1'");
  } finally {
    fs.rmSync(file);
  }
});

test("a stack asking for a size the guardrails forbid plans with exit 1 and names the rule", () => {
  const file = tempFile(
    "Pulumi.gpu.yaml",
    "config:\n  dp100-labs:vmSizeChoices: [Standard_NC6s_v3]\n  dp100-labs:instanceVmSize: Standard_NC6s_v3\n  dp100-labs:clusterVmSize: Standard_NC6s_v3\n",
  );
  const r = plan("--config-file", file);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("[mandatory] vm-size-allowed");
  const pack = tempFile(
    "policy-config.json",
    JSON.stringify({ "vm-size-allowed": { allowedVmSizes: ["Standard_NC6s_v3"] } }),
  );
  expect(plan("--config-file", file, "--policy-config", pack).code).toBe(0);
});

test("a large --json document reaches a pipe whole (no cut at 64 KiB)", () => {
  const learners = Array.from(
    { length: 30 },
    (_, i) =>
      `    - {id: l${i}, objectId: 00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}}`,
  ).join("\n");
  const file = tempFile(
    "Pulumi.big.yaml",
    `config:\n  dp100-labs:mode: cohort\n  dp100-labs:cohort: big\n  dp100-labs:learners:\n${learners}\n`,
  );
  const r = plan("--json", "--config-file", file);
  expect(r.code).toBe(0);
  expect(r.stdout.length).toBeGreaterThan(65536);
  expect(JSON.parse(r.stdout).resources.length).toBeGreaterThan(100);
});
