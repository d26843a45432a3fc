import { RESOURCE_TYPE_TOKENS, RESOURCE_TYPES, typesOfCost } from "../../../azure/resourceTypes";
import { COST_BY_TYPE, NO_CHARGE_TYPES } from "../../../plan/cost/byType";
import { estimateCost } from "../../../plan/cost";
import type { PlannedResource } from "../../../plan/types";

/** The cost model's per-type table agrees with the type table's cost class (azure/resourceTypes.ts). */

const res = (type: string, name: string): PlannedResource => ({
  urn: `urn:pulumi:test::dp100-labs::${type}::${name}`,
  type,
  name,
  parent: null,
  custom: true,
  inputs: {},
});

const BASE = { learners: 1, hoursPerDay: 8, courseDays: 1, region: "eastus" };

describe("COST_BY_TYPE", () => {
  it("has a row for every type the type table calls priced, and for no other", () => {
    expect(Object.keys(COST_BY_TYPE).sort()).toEqual([...typesOfCost("priced")].sort());
  });

  it("keeps the no-charge types out of the report: neither priced nor listed as unpriced", () => {
    const free = [...NO_CHARGE_TYPES];
    expect(free.length).toBeGreaterThan(10);
    const r = estimateCost(
      free.map((t, i) => res(t, `free${i}`)),
      { learnerCreates: [] },
      BASE,
    );
    expect(r.items).toEqual([]);
    expect(r.unpriced).toEqual([]);
  });

  it("lists every type the type table calls unpriced under unpriced, with its resources", () => {
    const unpriced = RESOURCE_TYPE_TOKENS.filter((t) => RESOURCE_TYPES[t].cost === "unpriced");
    const r = estimateCost(
      unpriced.map((t) => res(t, "x")),
      { learnerCreates: [] },
      BASE,
    );
    expect(r.unpriced.map((u) => u.type).sort()).toEqual([...unpriced].sort());
  });
});
