/**
 * Trainers and the sandbox user may be Entra users, groups or service principals. Every role
 * assignment carries the principal's type: ARM refuses one whose type differs from the directory's
 * (UnmatchedPrincipalType, Azure/modern-web-app-pattern-dotnet#129), and with the type set it skips
 * the directory look-up that fails for a principal created minutes earlier (PrincipalNotFound).
 */
import { ConfigError, readConfig } from "../../stacks/config";
import { guid, ofType, planWith, ROLE_ASSIGNMENT } from "../helpers/plan";

const TRAINERS = [
  { objectId: guid(900_001), email: "trainer@example.com" },
  { objectId: guid(900_002), principalType: "Group" },
  { objectId: guid(900_003), principalType: "ServicePrincipal" },
];
const LEARNERS = [
  { id: "ada", objectId: guid(1) },
  { id: "grace", objectId: guid(2) },
];

function cohort(extra: Record<string, unknown> = {}) {
  return {
    "azure-native:location": "westeurope",
    "dp100-labs:mode": "cohort",
    "dp100-labs:cohort": "c24",
    "dp100-labs:labs": ["script-command-job"],
    "dp100-labs:learners": LEARNERS,
    "dp100-labs:trainers": TRAINERS,
    ...extra,
  };
}

function refusal(values: Record<string, unknown>): ConfigError {
  try {
    readConfig((ns, key) => {
      const v = values[`${ns}:${key}`];
      return v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
    });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("principal types in a cohort", () => {
  it("each trainer's assignment carries the type the configuration gives (default User); learners are Users", async () => {
    for (const topology of ["shared", "isolated"]) {
      const doc = await planWith(cohort({ "dp100-labs:topology": topology }));
      expect(doc.violations).toEqual([]);
      const roles = ofType(doc, ROLE_ASSIGNMENT);
      const typeOf = (id: string) => [
        ...new Set(
          roles.filter((r) => r.inputs.principalId === id).map((r) => r.inputs.principalType),
        ),
      ];
      expect(typeOf(TRAINERS[0].objectId)).toEqual(["User"]);
      expect(typeOf(TRAINERS[1].objectId)).toEqual(["Group"]);
      expect(typeOf(TRAINERS[2].objectId)).toEqual(["ServicePrincipal"]);
      for (const l of LEARNERS) expect(typeOf(l.objectId)).toEqual(["User"]);
      // Every assignment says what its principal is.
      for (const r of roles)
        expect(["User", "Group", "ServicePrincipal"]).toContain(r.inputs.principalType);
    }
  });
});

describe("bad principal types", () => {
  it("an unknown trainer principal type names the key, the value and Azure's values", () => {
    const e = refusal({
      "dp100-labs:trainers": [{ objectId: guid(5), principalType: "Application" }],
    });
    expect(e.key).toBe("dp100-labs:trainers[0].principalType");
    expect(e.value).toBe('"Application"');
    expect(e.accepted).toContain("User, Group, ServicePrincipal");
  });

  it("an unknown sandbox principal type is refused", () => {
    const e = refusal({ "dp100-labs:principalType": "user" });
    expect(e.key).toBe("dp100-labs:principalType");
    expect(e.value).toBe("'user'");
    expect(e.accepted).toContain("User, Group, ServicePrincipal");
  });

  it("a group cannot be the sandbox user when the labs give them a compute instance", () => {
    const e = refusal({ "dp100-labs:principalType": "Group" });
    expect(e.key).toBe("dp100-labs:principalType");
    expect(e.accepted).toMatch(/belongs to one user/);
  });

  it("ServicePrincipal is accepted for the sandbox user", () => {
    const cfg = readConfig((ns, key) =>
      ns === "dp100-labs" && key === "principalType" ? "ServicePrincipal" : undefined,
    );
    expect(cfg.identity.principalType).toBe("ServicePrincipal");
  });
});
