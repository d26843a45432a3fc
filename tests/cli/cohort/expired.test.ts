import {
  decideExpiry,
  ExpiryRecord,
  expiryRecords,
  isExpired,
  resourceExpiryTag,
  selectExpired,
} from "../../../cli/cohort/expired";
import { clearedFoundations, splitFoundations } from "../../../cli/cohort/destroyOrder";
import type { StackResult } from "../../../cli/cohort/orchestrate";
import type { StackDriver, StackListing, StateResource } from "../../../cli/cohort/types";
import { FakeStack, FakeDriver } from "./harness";

/** Which stacks `destroy --expired` destroys (cli/cohort/expired.ts). */

describe("selectExpired", () => {
  const stacks = (entries: Record<string, Partial<FakeStack>>) =>
    new FakeDriver(
      new Map(
        Object.entries(entries).map(([k, v]) => [
          k,
          { resources: [], outputs: {}, config: {}, ...v },
        ]),
      ),
    );

  it("decides per stack from the output, then the config", async () => {
    const d = stacks({
      past: { outputs: { expiresOn: "2025-06-30" } },
      today: { outputs: { expiresOn: "2025-07-01" } },
      none: { outputs: { expiresOn: "none" } },
      cfg: { config: { "dp100-labs:expiresOn": "2024-12-31" } },
      bad: { outputs: { expiresOn: "next week" } },
    });
    d.failures.set("outputs:broken", "error: getting secrets manager: passphrase must be set");
    d.stacks.set("broken", { resources: [], outputs: {}, config: {} });
    const listing: StackListing[] = [
      { name: "past", resourceCount: 10 },
      { name: "today", resourceCount: 10 },
      { name: "none" },
      { name: "cfg" },
      { name: "bad" },
      { name: "broken" },
      { name: "empty-past", resourceCount: 0 },
    ];
    d.stacks.set("empty-past", { resources: [], outputs: { expiresOn: "2025-01-01" }, config: {} });
    const decisions = await selectExpired(d, listing, "2025-07-01");
    expect(decisions.map((x) => [x.stack, x.action])).toEqual([
      ["past", "destroy"],
      ["today", "keep"],
      ["none", "keep"],
      ["cfg", "destroy"],
      ["bad", "error"],
      ["broken", "error"],
      ["empty-past", "keep"],
    ]);
    expect(decisions.find((x) => x.stack === "bad")!.reason).toMatch(
      /'next week' is not a date YYYY-MM-DD/,
    );
    expect(decisions.find((x) => x.stack === "empty-past")!.reason).toMatch(/already empty/);
    expect(isExpired("2025-06-30", "2025-07-01")).toBe(true);
    expect(isExpired("2025-07-01", "2025-07-01")).toBe(false);
  });

  it("limits the selection to one cohort when asked", async () => {
    const d = stacks({
      "c1-x": { outputs: { expiresOn: "2020-01-01" } },
      "c2-x": { outputs: { expiresOn: "2020-01-01" } },
    });
    const decisions = await selectExpired(
      d,
      [{ name: "c1-x" }, { name: "organization/dp100-labs/c2-x" }],
      "2025-01-01",
      "c2",
    );
    expect(decisions.map((x) => x.stack)).toEqual(["organization/dp100-labs/c2-x"]);
  });
});

/**
 * `destroy --expired` decides from every record of a stack's expiry the machine can read: a clean
 * CI checkout has no stack files, so the configuration is missing there, and a stack whose first
 * `up` failed has no outputs; its stack tag and the tags of what it created are in the backend.
 */

interface Stored {
  config?: Record<string, string>;
  tags?: Record<string, string>;
  outputs?: Record<string, unknown>;
  resources?: StateResource[];
}

/** A driver over stored records; only what expiry reads is implemented. */
function driver(stacks: Record<string, Stored>, withTags = true): StackDriver {
  const get = (s: string) => stacks[s] ?? {};
  const none = () => Promise.reject(new Error("not used"));
  return {
    listStacks: none,
    init: none,
    preview: none,
    up: none,
    destroy: none,
    summary: none,
    outputs: async (s) => get(s).outputs ?? {},
    resources: async (s) => get(s).resources ?? [],
    getConfig: async (s, key) => get(s).config?.[key],
    ...(withTags ? { tags: async (s: string) => get(s).tags ?? {} } : {}),
  };
}

const tagged = (name: string, expiresOn: string, where: "inputs" | "outputs" = "inputs") => ({
  urn: `urn:pulumi:s::dp100-labs::azure-native:storage:StorageAccount::${name}`,
  type: "azure-native:storage:StorageAccount",
  [where]: { tags: { cohort: "c1", expiresOn } },
});
const rec = (where: ExpiryRecord["where"], value: string): ExpiryRecord => ({ where, value });

describe("expiry records", () => {
  it("a half-created stack on a clean checkout: its stack tag and its resources' tags", async () => {
    const d = driver({
      half: {
        tags: { "dp100-labs:expiresOn": "2025-06-30", "pulumi:project": "dp100-labs" },
        resources: [
          {
            urn: "urn:pulumi:half::dp100-labs::pulumi:pulumi:Stack::x",
            type: "pulumi:pulumi:Stack",
          },
          tagged("st", "2025-06-30"),
          tagged("kv", "2025-06-30", "outputs"),
        ],
      },
    });
    expect(await expiryRecords(d, "half")).toEqual([
      rec("stack tag", "2025-06-30"),
      rec("resource tags", "2025-06-30"),
    ]);
    const [decision] = await selectExpired(d, [{ name: "half", resourceCount: 3 }], "2025-07-01");
    expect(decision).toEqual({
      stack: "half",
      action: "destroy",
      reason: "expired on 2025-06-30 (stack tag, resource tags)",
    });
  });

  it("reads a resource's tag from its inputs, else its outputs", () => {
    expect(resourceExpiryTag(tagged("a", "2025-01-01"))).toBe("2025-01-01");
    expect(resourceExpiryTag(tagged("a", "2025-01-02", "outputs"))).toBe("2025-01-02");
    expect(resourceExpiryTag({ urn: "u", type: "t", inputs: { tags: ["x"] } })).toBeUndefined();
  });

  it("a driver without stack tags still reads the configuration, outputs and state", async () => {
    const d = driver(
      { s: { config: { "dp100-labs:expiresOn": "2025-01-01" }, tags: { x: "y" } } },
      false,
    );
    expect(await expiryRecords(d, "s")).toEqual([rec("configuration", "2025-01-01")]);
  });
});

describe("decideExpiry", () => {
  const today = "2025-07-01";
  it("destroys only when every record's date has passed: the latest date counts", () => {
    expect(
      decideExpiry(
        "s",
        [rec("stack tag", "2025-06-30"), rec("resource tags", "2025-07-15")],
        today,
        5,
      ),
    ).toMatchObject({ action: "keep", reason: "expires on 2025-07-15 (stack tag, resource tags)" });
    expect(
      decideExpiry(
        "s",
        [rec("configuration", "2025-06-01"), rec("output", "2025-06-30")],
        today,
        5,
      ),
    ).toMatchObject({ action: "destroy", reason: "expired on 2025-06-30 (configuration, output)" });
  });

  it("a record of no expiry keeps the stack; no record keeps it", () => {
    expect(
      decideExpiry("s", [rec("stack tag", "2025-06-30"), rec("resource tags", "none")], today, 5),
    ).toMatchObject({ action: "keep", reason: "no expiresOn (resource tags)" });
    expect(decideExpiry("s", [], today, 5)).toMatchObject({
      action: "keep",
      reason: "no expiresOn",
    });
  });

  it("a value that is not a date is an error naming where it is; an empty expired stack is kept", () => {
    expect(decideExpiry("s", [rec("stack tag", "soon")], today, 5)).toMatchObject({
      action: "error",
      reason: "expiresOn 'soon' is not a date YYYY-MM-DD (stack tag)",
    });
    expect(decideExpiry("s", [rec("stack tag", "2025-02-30")], today, 5).action).toBe("error");
    expect(decideExpiry("s", [rec("stack tag", "2025-06-30")], today, 0)).toMatchObject({
      action: "keep",
      reason: "expired on 2025-06-30, already empty",
    });
  });
});

describe("destroy order across cohorts", () => {
  const t = (stack: string) => ({ stack });
  const result = (stack: string, outcome: StackResult["outcome"]) =>
    ({ stack, outcome }) as StackResult;

  it("lab stacks first, foundations last", () => {
    const { first, foundations } = splitFoundations(
      ["c1-foundation", "c1-explore-workspace", "org/dp100-labs/c2-foundation", "dev"].map(t),
    );
    expect(first.map((x) => x.stack)).toEqual(["c1-explore-workspace", "dev"]);
    expect(foundations.map((x) => x.stack)).toEqual([
      "c1-foundation",
      "org/dp100-labs/c2-foundation",
    ]);
  });

  it("keeps a foundation whose lab stack was not destroyed, only that one", () => {
    const { go, kept } = clearedFoundations(
      [t("c1-foundation"), t("c2-foundation")],
      [result("c1-day1", "failed"), result("c2-day1", "succeeded")],
    );
    expect(go.map((x) => x.stack)).toEqual(["c2-foundation"]);
    expect(kept.map((x) => x.stack)).toEqual(["c1-foundation"]);
  });
});
