import { readConfig } from "../../../stacks/config";
import { configSource } from "../../../cli/cohort/initChecks";
import { expiryTags, inlineRoster } from "../../../cli/cohort/portable";
import { readRosterCsv } from "../../../stacks/roster";

const ADA = "00000000-0000-4000-8000-00000000000a";
const GRACE = "00000000-0000-4000-8000-00000000000b";

describe("portable stack files", () => {
  it("init writes the learners with their object ids, e-mail rows resolved, and no roster path", () => {
    const rows = readRosterCsv(
      `id,objectId,email,displayName\nada,${ADA},,Ada\ngrace,,Grace@Example.com,"Hopper, Grace"\n`,
      "roster.csv",
    );
    const config = inlineRoster(rows, { "grace@example.com": GRACE });
    expect(JSON.parse(config["dp100-labs:learners"] as string)).toEqual([
      { id: "ada", objectId: ADA, displayName: "Ada" },
      { id: "grace", objectId: GRACE, email: "Grace@Example.com", displayName: "Hopper, Grace" },
    ]);
    // What the program reads back: the same learners, no file needed.
    const cfg = readConfig(
      configSource({ "dp100-labs:mode": "cohort", "dp100-labs:cohort": "c1", ...config }),
      { baseDir: "/nowhere" },
    );
    expect(cfg.learners.map((l) => [l.id, l.objectId])).toEqual([
      ["ada", ADA],
      ["grace", GRACE],
    ]);
  });

  it("the expiry becomes a stack tag when there is one", () => {
    expect(expiryTags("2027-03-31")).toEqual({ "dp100-labs:expiresOn": "2027-03-31" });
    expect(expiryTags(undefined)).toEqual({});
  });
});
