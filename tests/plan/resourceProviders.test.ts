import * as fs from "fs";
import * as path from "path";
import { ARM_TYPES } from "../../azure/resourceTypes";
import {
  formatResourceProviders,
  resourceProviders,
  type ResourceProviderReport,
} from "../../plan/resourceProviders";
import { planIsolated, PROJECT_DIR } from "../helpers/plan";
import { instance, cluster, res } from "../helpers/resources";

/**
 * The resource providers a plan needs (plan/resourceProviders.ts). Checking and registering them
 * with ARM: tests/cli/preflight/resourceProviders.test.ts.
 */

/** namespace -> level. */
const levels = (r: ResourceProviderReport) =>
  Object.fromEntries(r.namespaces.map((n) => [n.namespace, n.level]));

describe("the namespaces a plan needs", () => {
  const aks = (addons: Record<string, unknown>) =>
    res("azure-native:containerservice:ManagedCluster", "aks", { addonProfiles: addons });

  test("each resource's own ARM namespace, and a compute instance's Microsoft.Notebooks", () => {
    const r = resourceProviders([
      res("azure-native:machinelearningservices:Workspace", "ws"),
      instance("ci"),
      cluster("cpu"),
      res("azure-native:consumption:Budget", "budget"),
      res("azure-native:applicationinsights:Component", "appi"),
    ]);
    expect(levels(r)).toMatchObject({
      "Microsoft.MachineLearningServices": "required",
      "Microsoft.Notebooks": "required",
      "Microsoft.Consumption": "required",
      "Microsoft.Insights": "required",
      // a workspace uses them even when the stack creates none (Azure ML's provider list)
      "Microsoft.Storage": "required",
      "Microsoft.KeyVault": "required",
      "Microsoft.ContainerRegistry": "required",
      // Failure Anomalies rule Azure adds to App Insights: not a reason to stop
      "Microsoft.AlertsManagement": "recommended",
    });
    const notebooks = r.namespaces.find((n) => n.namespace === "Microsoft.Notebooks")!;
    expect(notebooks.reasons).toEqual([
      expect.objectContaining({ kind: "implicit", resources: 1, confirmed: true }),
    ]);
    expect(notebooks.reasons[0].source).toMatch(/machine-learning-resource-provider/);
  });

  test("a cluster alone needs no Microsoft.Notebooks", () => {
    const r = resourceProviders([cluster("cpu")]);
    expect(r.namespaces.map((n) => n.namespace)).toEqual(["Microsoft.MachineLearningServices"]);
  });

  test("AKS add-ons and the cluster extension bring their implicit namespaces", () => {
    const r = resourceProviders([
      aks({ azurepolicy: { enabled: true }, omsagent: { enabled: true } }),
      res("azure-native:kubernetesconfiguration:Extension", "azureml"),
    ]);
    expect(levels(r)).toEqual({
      "Microsoft.ContainerService": "required",
      "Microsoft.KubernetesConfiguration": "required",
      "Microsoft.PolicyInsights": "required",
      "Microsoft.Insights": "required",
      "Microsoft.OperationalInsights": "required",
      // unconfirmed for current (DCR-based) Container insights: checked, never blocking
      "Microsoft.OperationsManagement": "recommended",
    });
    const off = resourceProviders([aks({ azurepolicy: { enabled: false } })]);
    expect(off.namespaces.map((n) => n.namespace)).toEqual(["Microsoft.ContainerService"]);
  });

  test("versioned tokens count, components are skipped, unknown types are listed", () => {
    const r = resourceProviders([
      res("azure-native:storage/v20230101:StorageAccount", "st"),
      { type: "dp100:ml:Workspace", custom: false, inputs: {} },
      res("azure-native:web:WebApp", "app"),
    ]);
    expect(r.namespaces.map((n) => n.namespace)).toEqual(["Microsoft.Storage"]);
    expect(r.unknownTypes).toEqual(["azure-native:web:WebApp"]);
    expect(formatResourceProviders(r)).toMatch(/not checked .*azure-native:web:WebApp/);
  });

  test("every azure-native type named in the project's tables and components has an ARM type", () => {
    // Tables of types: plan/mockRuntime.ts, guardrails/rules.ts, plan/cost.ts, plan/quota.ts,
    // plan/render.ts, the components' constructors... any quoted token or `new module.Type(`.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts") && !p.endsWith("resourceProviders.ts")) files.push(p);
      }
    };
    for (const d of ["components", "plan", "guardrails", "stacks", "labs", "cli"]) {
      walk(path.join(PROJECT_DIR, d));
    }
    walk(path.join(PROJECT_DIR, "policy")); // policy/index.ts and friends (node_modules skipped below)
    const sdk = path.join(PROJECT_DIR, "node_modules", "@pulumi", "azure-native");
    const exists = (mod: string, t: string) =>
      fs.existsSync(path.join(sdk, mod, `${t[0].toLowerCase()}${t.slice(1)}.d.ts`));
    const tokens = new Set<string>();
    for (const f of files.filter((x) => !x.includes("node_modules"))) {
      const text = fs.readFileSync(f, "utf8");
      for (const m of text.matchAll(/"azure-native:([a-z]+):([A-Z][A-Za-z]+)"/g)) {
        if (exists(m[1], m[2])) tokens.add(`azure-native:${m[1]}:${m[2]}`);
      }
      const aliases = new Map(
        [...text.matchAll(/import \* as (\w+) from "@pulumi\/azure-native\/(\w+)"/g)].map((m) => [
          m[1],
          m[2],
        ]),
      );
      for (const m of text.matchAll(/new (\w+)\.([A-Z]\w+)\(/g)) {
        const mod = aliases.get(m[1]);
        if (mod) tokens.add(`azure-native:${mod}:${m[2]}`);
      }
    }
    expect(tokens.size).toBeGreaterThan(15);
    expect([...tokens].filter((t) => !(t in ARM_TYPES)).sort()).toEqual([]);
  });
});

describe("the offline plan lists them", () => {
  test("the inference example: table section and --json key", async () => {
    const doc = await planIsolated({ stack: "example-inference", projectDir: PROJECT_DIR });
    const rp = doc.resourceProviders as ResourceProviderReport;
    const names = rp.namespaces.map((n) => n.namespace);
    expect(names).toEqual(
      expect.arrayContaining([
        "Microsoft.MachineLearningServices",
        "Microsoft.ContainerService",
        "Microsoft.PolicyInsights",
        "Microsoft.Insights",
        "Microsoft.OperationalInsights",
        "Microsoft.Consumption",
      ]),
    );
    expect(rp.unknownTypes).toEqual([]);
    const { renderPlan } = await import("../../plan/render");
    expect(renderPlan(doc)).toMatch(
      /Resource providers the subscription must have registered[\s\S]*Microsoft\.PolicyInsights\s+the AKS Azure Policy add-on/,
    );
  });
});
