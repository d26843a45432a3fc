import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { expiryViolation } from "../../plan/checks";
import { PROJECT_DIR, planIsolated } from "../helpers/plan";

/**
 * The offline plan flags a stack whose expiresOn has passed: the daily expiry workflow would
 * destroy it at its next run. An advisory check of the plan (plan/checks.ts says why it is not a
 * guardrail), judged against the UTC date.
 */

const STACK_URN = "urn:pulumi:t::dp100-labs::pulumi:pulumi:Stack::dp100-labs-t";

describe("expiryViolation", () => {
  it("is silent until the expiry day is over (UTC)", () => {
    expect(
      expiryViolation("2026-11-30", Date.UTC(2026, 10, 30, 23, 59), STACK_URN),
    ).toBeUndefined();
    expect(expiryViolation(undefined, Date.UTC(2030, 0, 1), STACK_URN)).toBeUndefined();
  });

  it("flags the stack the day after, as advisory, naming the key, the date and the fix", () => {
    expect(expiryViolation("2026-11-30", Date.UTC(2026, 11, 1, 0, 0), STACK_URN)).toEqual({
      rule: "expiry-passed",
      urn: STACK_URN,
      level: "advisory",
      message: expect.stringMatching(
        /^dp100-labs:expiresOn 2026-11-30 has passed \(today is 2026-12-01 UTC\).*destroy --expired.*set dp100-labs:expiresOn/,
      ),
    });
  });
});

describe("the plan of a stack with an expiry", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dp100-expiry-")), "Pulumi.t.yaml");
  fs.writeFileSync(file, YAML.stringify({ config: { "dp100-labs:expiresOn": "2026-03-31" } }));

  it("has an expiry-passed violation on the stack once the date has passed", async () => {
    const doc = await planIsolated({
      configFile: file,
      projectDir: PROJECT_DIR,
      nowMs: Date.UTC(2026, 3, 1),
    });
    const v = doc.violations.filter((x) => x.rule === "expiry-passed");
    expect(v).toHaveLength(1);
    expect(v[0].urn).toMatch(/::pulumi:pulumi:Stack::/);
    expect(v[0].level).toBe("advisory");
  });

  it("has none before", async () => {
    const doc = await planIsolated({
      configFile: file,
      projectDir: PROJECT_DIR,
      nowMs: Date.UTC(2026, 2, 31),
    });
    expect(doc.violations.filter((x) => x.rule === "expiry-passed")).toEqual([]);
  });
});
