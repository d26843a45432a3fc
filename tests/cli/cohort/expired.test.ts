import { isExpired, selectExpired } from "../../../cli/cohort/expired";
import { StackListing } from "../../../cli/cohort/types";

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
