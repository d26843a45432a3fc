import {
  CONFIG_KEYS,
  CONFIG_SCHEMA,
  ComputeSettings,
  KeyRow,
  readConfig,
  RENAMED_KEYS,
  ValidatedConfig,
  valueProblem,
} from "../../../stacks/config";
import { isIsoDate, locationError, TOPOLOGIES } from "../../../cli/cohort/config";
import { guid } from "../../helpers/plan";
import { configError, source } from "./source";

/** The schema: one row per key, from which the validator and the types are derived. */

const rows = CONFIG_SCHEMA as unknown as Record<string, KeyRow>;

describe("configuration schema", () => {
  test("every row has a description and the stack parts that accept it", () => {
    for (const [key, row] of Object.entries(rows)) {
      expect(`${key}: ${row.description}`.length).toBeGreaterThan(key.length + 12);
      expect(row.parts.length).toBeGreaterThan(0);
      if (row.values && row.default !== undefined) expect(row.values).toContain(row.default);
    }
    expect(rows.foundation.parts).toEqual(["lab"]);
    expect(rows.learners.parts).toEqual(["whole", "foundation"]);
  });

  test("the validated configuration's types come from the rows", () => {
    const cfg: ValidatedConfig = readConfig(source({ "dp100-labs:clusterMaxNodes": "3" }));
    // Compile-time checks: these assignments fail tsc if a row's read changes its type.
    const nodes: number = cfg.compute.clusterMaxNodes;
    const lowPriority: boolean = cfg.compute.clusterLowPriority;
    const mode: "sandbox" | "cohort" = cfg.mode;
    const sizes: readonly string[] = cfg.vmSizeChoices;
    const zone: ComputeSettings["timeZone"] = cfg.compute.timeZone;
    const budget: number | undefined = cfg.budget;
    expect([nodes, lowPriority, mode, sizes.length > 0, zone, budget]).toEqual([
      3,
      false,
      "sandbox",
      true,
      "Eastern Standard Time",
      undefined,
    ]);
  });

  test.each(Object.entries(RENAMED_KEYS))(
    "the former key %s is refused, naming its new name %s",
    (old, now) => {
      const e = configError({ [`dp100-labs:${old}`]: ["trainer@example.com"] });
      expect(e.key).toBe(`dp100-labs:${old}`);
      expect(e.accepted).toBe(`the key is now dp100-labs:${now}: rename it`);
      expect(CONFIG_KEYS.has(old)).toBe(false);
      expect(CONFIG_KEYS.has(now)).toBe(true);
      // Present in the stack file but empty: still named as renamed, not as unknown.
      expect(() => readConfig(source({}), { presentKeys: [`dp100-labs:${old}`] })).toThrow(
        `dp100-labs:${old}: (renamed key) is not accepted; the key is now dp100-labs:${now}`,
      );
    },
  );

  test("a key whose row leaves out lab stacks is refused on a lab stack, naming the foundation", () => {
    const lab = {
      "dp100-labs:mode": "cohort",
      "dp100-labs:part": "lab",
      "dp100-labs:cohort": "c24",
      "dp100-labs:foundation": "c24-foundation",
    };
    const refused = Object.entries(rows)
      .filter(([, row]) => !row.parts.includes("lab"))
      .map(([key]) => key);
    expect(refused.sort()).toEqual(["learners", "rosterFile", "trainers"]);
    for (const key of refused) {
      const e = configError({ ...lab, [`dp100-labs:${key}`]: [{ objectId: guid(1) }] });
      expect(e.key).toBe(`dp100-labs:${key}`);
      expect(e.accepted).toContain("live on its foundation stack 'c24-foundation'");
    }
  });
});

describe("the command line uses the schema's checks", () => {
  test("one value judged by its row says what is accepted", () => {
    expect(valueProblem("topology", "mesh")).toBe("accepted values are shared, isolated");
    // azure/formats.ts CLOCK_TIME: 9:00 is 09:00 to Azure's schedule, as to the component.
    expect(valueProblem("stopTime", "9:00")).toBeUndefined();
    expect(valueProblem("stopTime", "24:00")).toBe("use a 24-hour time HH:MM such as 18:00");
    // azure/limits.ts AML_CLUSTER_NODES: Azure's 1-100; the class's own bound is a guardrail.
    expect(valueProblem("clusterMaxNodes", "100")).toBeUndefined();
    expect(valueProblem("clusterMaxNodes", "101")).toBe("use a whole number from 1 to 100");
    expect(valueProblem("expiresOn", "")).toBe("a value (it is empty)");
  });

  test("cohort init's --location, --expires-on and --topology follow the program", () => {
    expect(locationError("westeurpoe")).toContain("did you mean 'westeurope'?");
    expect(locationError("westeurope")).toBeUndefined();
    for (const [date, ok] of [
      ["2026-02-28", true],
      ["2026-02-30", false],
      ["2026-2-3", false],
      ["", false],
    ] as const) {
      expect(isIsoDate(date)).toBe(ok);
      expect(valueProblem("expiresOn", date) === undefined).toBe(ok);
    }
    expect(TOPOLOGIES).toEqual(rows.topology.values);
  });
});
