import {
  isResourceTypeToken,
  nameChecks,
  providerNamespace,
  RESOURCE_TYPE_TOKENS,
  RESOURCE_TYPES,
  resourceType,
  typesOfCost,
  unversionedType,
} from "../../azure/resourceTypes";
import { NAME_RULES } from "../../azure/nameRules";
import { argsProps, declaresTags, sdkResources } from "../helpers/azureNativeSdk";

/**
 * The type table against the installed @pulumi/azure-native (generated from Azure's REST specs):
 * each token exists, its name input is an input of its Args, and `takesTags` says what the Args
 * say. The ARM types themselves are checked by the stand-in providers' ids and by preflight.
 */
describe("azure/resourceTypes.ts against @pulumi/azure-native", () => {
  const sdk = sdkResources();

  test.each(RESOURCE_TYPE_TOKENS)("%s exists in the SDK", (token) => {
    expect(sdk.has(token)).toBe(true);
  });

  test.each(RESOURCE_TYPE_TOKENS)("%s: the name input is an input of its Args", (token) => {
    expect(argsProps(token)).toContain(RESOURCE_TYPES[token].nameInput);
  });

  test.each(RESOURCE_TYPE_TOKENS)("%s: takesTags matches the Args' tags input", (token) => {
    expect(declaresTags(sdk.get(token)!)).toBe(RESOURCE_TYPES[token].takesTags);
  });

  test("every other name path starts at an input of the Args", () => {
    for (const token of RESOURCE_TYPE_TOKENS) {
      for (const { path } of RESOURCE_TYPES[token].otherNames ?? []) {
        expect(argsProps(token)).toContain(path[0]);
      }
    }
  });
});

describe("azure/resourceTypes.ts lookups", () => {
  test("a versioned token finds the row of its unversioned token", () => {
    expect(unversionedType("azure-native:storage/v20230101:StorageAccount")).toBe(
      "azure-native:storage:StorageAccount",
    );
    expect(unversionedType("azure-native:machinelearningservices/v20240401preview:Compute")).toBe(
      "azure-native:machinelearningservices:Compute",
    );
    expect(resourceType("azure-native:storage/v20230101:StorageAccount")?.nameInput).toBe(
      "accountName",
    );
    expect(isResourceTypeToken("azure-native:storage:Nope")).toBe(false);
    expect(resourceType("random:index/randomString:RandomString")).toBeUndefined();
  });

  test("the namespace is the ARM type's first segment (App Insights lives in Microsoft.Insights)", () => {
    expect(providerNamespace("azure-native:applicationinsights:Component")).toBe(
      "Microsoft.Insights",
    );
    expect(providerNamespace("azure-native:machinelearningservices:Compute")).toBe(
      "Microsoft.MachineLearningServices",
    );
    expect(providerNamespace("azure-native:nope:Nope")).toBeUndefined();
  });

  test("name checks: the AKS cluster's name, DNS prefix and every node pool name", () => {
    expect(nameChecks("azure-native:containerservice:ManagedCluster")).toEqual([
      { path: ["resourceName"], rule: "aksCluster" },
      { path: ["dnsPrefix"], rule: "aksDnsPrefix" },
      { path: ["agentPoolProfiles", "*", "name"], rule: "aksNodePool" },
    ]);
    expect(nameChecks("azure-native:authorization:RoleAssignment")).toEqual([]);
    for (const token of RESOURCE_TYPE_TOKENS) {
      for (const { rule } of nameChecks(token)) expect(NAME_RULES[rule]).toBeDefined();
    }
  });

  test("cost classes: a workspace has no charge of its own, a compute is priced", () => {
    expect(typesOfCost("none")).toContain("azure-native:machinelearningservices:Workspace");
    expect(typesOfCost("priced")).toContain("azure-native:machinelearningservices:Compute");
    expect(typesOfCost("unpriced")).toContain("azure-native:monitor:DataCollectionRule");
  });
});

describe("extension resources", () => {
  test("the scope input of every extension resource is an input of its Args", () => {
    const scoped = RESOURCE_TYPE_TOKENS.filter((t) => RESOURCE_TYPES[t].scopeInput);
    expect(scoped).toEqual(
      expect.arrayContaining([
        "azure-native:authorization:RoleAssignment",
        "azure-native:monitor:DiagnosticSetting",
      ]),
    );
    for (const t of scoped) expect(argsProps(t)).toContain(RESOURCE_TYPES[t].scopeInput);
  });
});
