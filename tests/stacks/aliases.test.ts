import * as fs from "fs";
import * as path from "path";
import { dropSdkAliases, isSdkTypeAlias, TYPES_EVER_REGISTERED } from "../../stacks/aliases";
import { planWith, guid } from "../helpers/plan";
import { SDK } from "../helpers/azureNativeSdk";

/** Every type token the azure-native SDK aliases for the resource types this project uses. */
function sdkAliasTokens(type: string): string[] {
  const [, module, name] = type.split(":");
  const file = path.join(SDK, module, `${name[0].toLowerCase()}${name.slice(1)}.js`);
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/\{ type: "([^"]+)" \}/g)].map((m) => m[1]);
}

describe("dropping the SDK's type aliases is safe", () => {
  test("every type the program registers (all labs, both topologies) is in TYPES_EVER_REGISTERED", async () => {
    const learners = [1, 2].map((n) => ({ id: `l${n}`, objectId: guid(n) }));
    const trainers = [{ objectId: guid(9), email: "t@example.com" }];
    const base = {
      "dp100-labs:mode": "cohort",
      "dp100-labs:cohort": "c1",
      "dp100-labs:labs": "all",
      "dp100-labs:learners": learners,
      "dp100-labs:trainers": trainers,
    };
    const shared = await planWith(base);
    const isolated = await planWith({ ...base, "dp100-labs:topology": "isolated" });
    const sandbox = await planWith({
      "dp100-labs:labs": "all",
      "dp100-labs:alertEmails": ["t@example.com"],
    });
    const registered = new Set(
      [...shared.resources, ...isolated.resources, ...sandbox.resources].map((r) => r.type),
    );
    for (const t of registered) expect(TYPES_EVER_REGISTERED).toContain(t);
  }, 120_000);

  test("no type this project has ever registered is a token the SDK aliases map from", () => {
    const azure = TYPES_EVER_REGISTERED.filter((t) => t.startsWith("azure-native:"));
    const aliased = new Set(azure.flatMap(sdkAliasTokens));
    expect(aliased.size).toBeGreaterThan(100);
    for (const t of TYPES_EVER_REGISTERED) expect(aliased.has(t)).toBe(false);
  });

  test("the transformation drops the SDK's type-only aliases and keeps the project's own", () => {
    const own = { name: "old-name" };
    const ownWithParent = { name: "x", parent: undefined };
    const result = dropSdkAliases({
      resource: undefined as never,
      type: "azure-native:machinelearningservices:Compute",
      name: "ci-ada",
      props: { a: 1 },
      opts: {
        aliases: [
          { type: "azure-native:machinelearningservices/v20230401:Compute" },
          own,
          ownWithParent,
          "urn:pulumi:s::p::t::n",
        ],
      },
    });
    expect(result?.opts.aliases).toEqual([own, ownWithParent, "urn:pulumi:s::p::t::n"]);
    expect(result?.props).toEqual({ a: 1 });
    expect(isSdkTypeAlias({ type: "azure-nextgen:storage/latest:StorageAccount" })).toBe(true);
    expect(isSdkTypeAlias({ type: "dp100:ml:Old" })).toBe(false);
    expect(
      dropSdkAliases({ resource: undefined as never, type: "t", name: "n", props: {}, opts: {} }),
    ).toBeUndefined();
  });
});
