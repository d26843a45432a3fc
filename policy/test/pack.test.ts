/**
 * Tests of the policy pack, run with node's test runner (`npm test` in policy/):
 * - the policy list built from ../guardrails (names, levels, config schemas with defaults);
 * - validateResource with CrossGuard's own unknown-checking proxy, as in a preview;
 * - the real pack started the way the Pulumi CLI starts it (run-policy-pack, which compiles
 *   index.ts with ts-node and serves the analyzer over gRPC), then driven over gRPC as the engine
 *   does: GetAnalyzerInfo, Configure, Analyze. No Pulumi CLI and no Azure needed.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  unknownCheckingProxy,
  type ResourceValidationArgs,
  type StackValidationArgs,
} from "@pulumi/policy";
import { DEFAULT_POLICY_CONFIG, RULES } from "../../guardrails/rules";
import { STACK_RULES } from "../../guardrails/stack";
import {
  buildPolicies,
  buildStackPolicies,
  configSchemaFor,
  plainProps,
  UNKNOWN_PLACEHOLDER,
} from "../policies";

/** The sentinel the engine sends for a string not known during preview (as @pulumi/policy has it). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const OBJECT_ID = "11111111-2222-3333-4444-555555555555";
const TENANT_ID = "66666666-7777-8888-9999-aaaaaaaaaaaa";
const TAGS = { cohort: "c24", labs: "all", owner: "trainer@example.com", expiresOn: "2026-06-30" };
const COMPUTE = "azure-native:machinelearningservices:Compute";

function instance(vmSize: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceGroupName: "dp100-rg-aaaaa",
    workspaceName: "dp100-mlw-aaaaa",
    computeName: "dp100-ci-alice-aaaaa",
    tags: TAGS,
    properties: {
      computeType: "ComputeInstance",
      disableLocalAuth: true,
      properties: {
        vmSize,
        idleTimeBeforeShutdown: "PT30M",
        personalComputeInstanceSettings: {
          assignedUser: { objectId: OBJECT_ID, tenantId: TENANT_ID },
        },
        sshSettings: { sshPublicAccess: "Disabled" },
        ...extra,
      },
    },
  };
}

describe("the policy list", () => {
  const policies = buildPolicies();

  it("has one policy per guardrail, with its id, description and level", () => {
    assert.deepEqual(
      policies.map((p) => [p.name, p.description, p.enforcementLevel]),
      RULES.map((r) => [r.id, r.description, r.level]),
    );
  });

  it("gives a config schema, with the documented defaults, to exactly the rules that read config", () => {
    for (const rule of RULES) {
      const schema = configSchemaFor(rule);
      if (rule.configKeys.length === 0) {
        assert.equal(schema, undefined);
        continue;
      }
      assert.deepEqual(Object.keys(schema!.properties), [...rule.configKeys]);
      for (const key of rule.configKeys) {
        assert.deepEqual(schema!.properties[key].default, DEFAULT_POLICY_CONFIG[key]);
      }
    }
    const vm = configSchemaFor(RULES.find((r) => r.id === "vm-size-allowed")!)!;
    assert.equal(vm.properties.allowedVmSizes.type, "array");
    assert.equal(
      configSchemaFor(RULES.find((r) => r.id === "ml-cluster-max-nodes")!)!.properties
        .maxClusterNodes.minimum,
      1,
    );
  });
});

/** Runs one policy's validateResource as CrossGuard does (props behind the unknown-checking proxy). */
function validate(
  name: string,
  type: string,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
): string[] {
  const policy = buildPolicies().find((p) => p.name === name)!;
  const messages: string[] = [];
  const args = {
    type,
    name: "r",
    urn: `urn:pulumi:dev::dp100-labs::${type}::r`,
    props: unknownCheckingProxy(props),
    getConfig: <T extends object>() => config as T,
  } as unknown as ResourceValidationArgs;
  const fn = policy.validateResource as (a: ResourceValidationArgs, r: (m: string) => void) => void;
  fn(args, (m) => messages.push(m));
  return messages;
}

describe("validateResource", () => {
  it("reports the rule's messages for a non-compliant resource and nothing for a compliant one", () => {
    assert.deepEqual(validate("vm-size-allowed", COMPUTE, instance("Standard_DS11_v2")), []);
    const [message, ...rest] = validate("vm-size-allowed", COMPUTE, instance("Standard_NC6s_v3"));
    assert.equal(rest.length, 0);
    assert.match(message, /'Standard_NC6s_v3' \(an N-series GPU size\), not an allowed VM size/);
  });

  it("reads the policy's config over the defaults", () => {
    const config = { allowedVmSizes: ["Standard_NC6s_v3"] };
    assert.deepEqual(
      validate("vm-size-allowed", COMPUTE, instance("Standard_NC6s_v3"), config),
      [],
    );
    assert.equal(
      validate("vm-size-allowed", COMPUTE, instance("Standard_DS11_v2"), config).length,
      1,
    );
  });

  it("fails loudly, naming the key, on bad config", () => {
    assert.throws(
      () =>
        validate("vm-size-allowed", COMPUTE, instance("Standard_DS11_v2"), {
          allowedVmSizes: "all",
        }),
      /policy config 'allowedVmSizes' is "all"; it accepts a list of Azure VM size names/,
    );
  });

  it("ignores resources of other types", () => {
    assert.deepEqual(validate("vm-size-allowed", "azure-native:storage:StorageAccount", {}), []);
  });

  it("judges what is known when some values are unknown during preview", () => {
    const props = instance("Standard_NC6s_v3", { idleTimeBeforeShutdown: UNKNOWN_STRING });
    assert.equal(validate("vm-size-allowed", COMPUTE, props).length, 1);
    assert.deepEqual(validate("ml-instance-idle-shutdown", COMPUTE, props), []);
  });

  it("plainProps turns unknown values into the plan's placeholder and keeps the rest", () => {
    const plain = plainProps(
      unknownCheckingProxy({ a: UNKNOWN_STRING, b: [1, UNKNOWN_STRING, { c: "x" }], d: null }),
    );
    assert.deepEqual(plain, {
      a: UNKNOWN_PLACEHOLDER,
      b: [1, UNKNOWN_PLACEHOLDER, { c: "x" }],
      d: null,
    });
  });
});

// ------------------------------------------------------------------------------------------------
// The real pack, served over gRPC

const PACK_DIR = path.resolve(__dirname, "..");

function struct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

function call<Res>(
  invoke: (cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) => invoke((err, res) => (err ? reject(err) : resolve(res))));
}

describe("the pack as the Pulumi CLI runs it", () => {
  let child: ChildProcess;
  let client: AnalyzerClient;
  let stderr = "";

  before(
    async () => {
      // What the CLI's pulumi-analyzer-policy plugin does: run-policy-pack <engine> <pack>, in the
      // pack's directory; the pack prints the port it serves on.
      child = spawn(
        process.execPath,
        [
          path.join(PACK_DIR, "node_modules/@pulumi/pulumi/cmd/run-policy-pack"),
          "127.0.0.1:1",
          ".",
        ],
        { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] },
      );
      child.stderr!.on("data", (d) => (stderr += String(d)));
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
          out += String(d);
          const m = /^(\d+)\s*$/m.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on("exit", (code) =>
          reject(new Error(`the pack exited with ${code} before serving:\n${stderr}`)),
        );
      });
      client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    },
    // A bound on compiling and starting the pack, so a hang fails instead of blocking CI; it
    // asserts nothing about speed.
    { timeout: 180_000 },
  );

  after(() => {
    client?.close();
    child?.kill();
  });

  it("describes every policy with its level and config schema", async () => {
    const info = await call<analyzer.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
    assert.equal(info.getName(), "dp100-labs");
    assert.equal(info.getSupportsconfig(), true);
    const policies = info.getPoliciesList();
    assert.deepEqual(
      policies.map((p) => [p.getName(), p.getEnforcementlevel()]),
      [...RULES, ...STACK_RULES].map((r) => [
        r.id,
        r.level === "mandatory"
          ? analyzer.EnforcementLevel.MANDATORY
          : analyzer.EnforcementLevel.ADVISORY,
      ]),
    );
    const tags = policies.find((p) => p.getName() === "required-tags")!;
    assert.deepEqual(tags.getConfigschema()!.getProperties()!.toJavaScript().requiredTags, {
      type: "array",
      description: "Tag names every taggable resource must carry with a non-empty value.",
      items: { type: "string", pattern: "^[^<>%&\\\\?/]{1,512}$" },
      default: ["cohort", "labs", "owner", "expiresOn"],
    });
  });

  function analyze(type: string, props: Record<string, unknown>) {
    const req = new analyzer.AnalyzeRequest();
    req.setType(type);
    req.setName("ci");
    req.setUrn(`urn:pulumi:dev::dp100-labs::${type}::ci`);
    req.setProperties(struct(props));
    req.setOptions(new analyzer.AnalyzerResourceOptions());
    return call<analyzer.AnalyzeResponse>((cb) => client.analyze(req, cb));
  }

  it("reports violations of a resource with its policy, level and message", async () => {
    const props = instance("Standard_NC6s_v3", { idleTimeBeforeShutdown: "PT5M" });
    delete (props as { tags?: unknown }).tags;
    const res = await analyze(COMPUTE, props);
    const found = res
      .getDiagnosticsList()
      .map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()] as const);
    assert.deepEqual(
      found.map(([name, level]) => [name, level]),
      [
        ["ml-instance-idle-shutdown", analyzer.EnforcementLevel.MANDATORY],
        ["vm-size-allowed", analyzer.EnforcementLevel.MANDATORY],
        ["required-tags", analyzer.EnforcementLevel.MANDATORY],
      ],
    );
    assert.match(found[0][2], /'PT5M' \(5 minutes\) is outside 15 minutes to 3 days/);
    assert.match(found[1][2], /'Standard_NC6s_v3' \(an N-series GPU size\)/);
    assert.match(found[2][2], /lacks the tags cohort, labs, owner, expiresOn/);
  });

  it("reports nothing for a compliant resource, and skips unknown values", async () => {
    assert.deepEqual(
      (await analyze(COMPUTE, instance("Standard_DS11_v2"))).getDiagnosticsList(),
      [],
    );
    const unknownSize = await analyze(COMPUTE, instance(UNKNOWN_STRING));
    assert.deepEqual(unknownSize.getDiagnosticsList(), []);
  });

  it("applies the pack's config (--policy-pack-config) to the policy it names", async () => {
    const req = new analyzer.ConfigureAnalyzerRequest();
    const config = new analyzer.PolicyConfig();
    config.setEnforcementlevel(analyzer.EnforcementLevel.MANDATORY);
    config.setProperties(struct({ allowedVmSizes: ["Standard_NC6s_v3"] }));
    req.getPolicyconfigMap().set("vm-size-allowed", config);
    await call<Empty>((cb) => client.configure(req, cb));
    const gpu = await analyze(COMPUTE, instance("Standard_NC6s_v3"));
    assert.deepEqual(gpu.getDiagnosticsList(), []);
    const cpu = await analyze(COMPUTE, instance("Standard_DS11_v2"));
    assert.deepEqual(
      cpu.getDiagnosticsList().map((d) => d.getPolicyname()),
      ["vm-size-allowed"],
    );
  });
});

describe("the stack policies", () => {
  it("report a legacy AKS attach of a cluster without local accounts, found through dependencies", () => {
    const [policy] = buildStackPolicies();
    assert.equal(policy.name, "ml-attach-credentials-allowed");
    assert.equal(policy.enforcementLevel, "mandatory");
    const cluster = {
      type: "azure-native:containerservice:ManagedCluster",
      name: "shared-env-aks",
      urn: "urn:pulumi:dev::dp100-labs::azure-native:containerservice:ManagedCluster::shared-env-aks",
      props: { disableLocalAccounts: true },
      dependencies: [],
      propertyDependencies: {},
    };
    const attach = {
      type: COMPUTE,
      name: "attach",
      urn: `urn:pulumi:dev::dp100-labs::${COMPUTE}::attach`,
      // During a first preview the cluster's id is not known yet.
      props: { properties: { computeType: "AKS", resourceId: "[unknown]" } },
      dependencies: [cluster],
      propertyDependencies: { properties: [cluster] },
    };
    const found: [string, string | undefined][] = [];
    const args = {
      resources: [cluster, attach],
      getConfig: <T extends object>() => ({}) as T,
    } as unknown as StackValidationArgs;
    (policy.validateStack as (a: StackValidationArgs, r: (m: string, u?: string) => void) => void)(
      args,
      (m, u) => found.push([m, u]),
    );
    assert.equal(found.length, 1);
    assert.equal(found[0][1], attach.urn);
    assert.match(found[0][0], /Getting static credential is not allowed.*AML-Kubernetes#261/);
  });
});
