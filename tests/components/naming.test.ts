import {
  cleanPart,
  composeName,
  HASH_LENGTH,
  NAME_RULES,
  NameError,
  nameViolation,
  NameKind,
  PLACEHOLDER_SUFFIX,
  shortHash,
} from "../../components/naming";

const ALL_KINDS = Object.keys(NAME_RULES) as NameKind[];

describe("nameViolation", () => {
  test.each([
    ["storageAccount", "dp100stabcde", undefined],
    ["storageAccount", "dp100-st", "not a valid storageAccount"],
    ["storageAccount", "ab", "is 2 characters"],
    ["storageAccount", "a".repeat(25), "is 25 characters"],
    ["keyVault", "dp100-kv-abcde", undefined],
    ["keyVault", "1kv-abc", "not a valid keyVault"],
    ["keyVault", "kv--abc", "must not contain '--'"],
    ["keyVault", "kv-abc-", "not a valid keyVault"],
    ["mlCompute", "ci-ada-abc12", undefined],
    ["mlCompute", "ci-123", "every '-' must be followed later by a letter"],
    ["mlCompute", "1ci", "not a valid mlCompute"],
    ["mlCompute", "a".repeat(25), "is 25 characters"],
    ["mlWorkspace", "_ws", "not a valid mlWorkspace"],
    ["resourceGroup", "rg.", "not a valid resourceGroup"],
    ["mlDatastore", "workspaceblobstore", "reserved"],
    ["aksNodePool", "System", "not a valid aksNodePool"],
    ["containerRegistry", "cr-1234", "not a valid containerRegistry"],
  ] as [NameKind, string, string | undefined][])("%s %s", (kind, name, expected) => {
    const v = nameViolation(kind, name);
    if (expected === undefined) expect(v).toBeUndefined();
    else expect(v).toContain(expected);
  });
});

describe("composeName", () => {
  test("joins fixed parts, key and suffix with the kind's separator", () => {
    expect(composeName("keyVault", { fixed: ["dp100", "kv"], suffix: "ab1c2" })).toBe(
      "dp100-kv-ab1c2",
    );
    expect(composeName("storageAccount", { fixed: ["dp100", "st"], suffix: "ab1c2" })).toBe(
      "dp100stab1c2",
    );
    expect(composeName("mlCompute", { fixed: ["c24", "ci"], key: "ada", suffix: "ab1c2" })).toBe(
      "c24-ci-ada-ab1c2",
    );
  });

  test("upper case is lowered and accents are folded", () => {
    expect(cleanPart("storageAccount", "DP100")).toBe("dp100");
    expect(cleanPart("mlCompute", "Zoë Ångström")).toBe("zoe-angstrom");
  });

  test("a key that loses characters in cleaning gets a hash, so distinct keys stay distinct", () => {
    const a = composeName("mlCompute", { fixed: ["ci"], key: "a.b", suffix: "abcde" });
    const b = composeName("mlCompute", { fixed: ["ci"], key: "a-b", suffix: "abcde" });
    const c = composeName("mlCompute", { fixed: ["ci"], key: "a b", suffix: "abcde" });
    expect(new Set([a, b, c]).size).toBe(3);
    for (const n of [a, b, c]) expect(nameViolation("mlCompute", n)).toBeUndefined();
  });

  test("long keys are shortened to a head plus a hash and stay within the limit", () => {
    const long1 = "x".repeat(64);
    const long2 = "x".repeat(63) + "y";
    const n1 = composeName("mlCompute", { fixed: ["c24", "ci"], key: long1, suffix: "abcde" });
    const n2 = composeName("mlCompute", { fixed: ["c24", "ci"], key: long2, suffix: "abcde" });
    expect(n1.length).toBeLessThanOrEqual(24);
    expect(n2.length).toBeLessThanOrEqual(24);
    expect(n1).not.toBe(n2);
    expect(n1.endsWith("-abcde")).toBe(true);
  });

  test("non-ASCII keys that clean to nothing become a valid hash", () => {
    for (const key of ["李雷", "Ольга", "محمد", "🙂"]) {
      const n = composeName("mlCompute", { fixed: ["ci"], key, suffix: "abcde" });
      expect(nameViolation("mlCompute", n)).toBeUndefined();
      expect(n).toContain(shortHash(key));
    }
    expect(composeName("mlCompute", { fixed: ["ci"], key: "李雷", suffix: "a" })).not.toBe(
      composeName("mlCompute", { fixed: ["ci"], key: "Ольга", suffix: "a" }),
    );
  });

  test("digits-only keys still give a compute name with a letter after every '-'", () => {
    const n = composeName("mlCompute", { fixed: ["ci"], key: "12345", suffix: "a1234" });
    expect(nameViolation("mlCompute", n)).toBeUndefined();
  });

  test("names that cannot be valid are an error, not a truncation", () => {
    expect(() =>
      composeName("keyVault", { fixed: ["averyveryverylongprefix", "kv"], suffix: "abcde" }),
    ).toThrow(NameError);
    expect(() =>
      composeName("mlCompute", {
        fixed: ["averyverylongcohort", "ci"],
        key: "ada",
        suffix: "abcde",
      }),
    ).toThrow(/leave only \d+ characters for the key/);
    try {
      composeName("storageAccount", { fixed: ["x".repeat(30)], suffix: "abcde" });
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(NameError);
      expect((e as Error).message).toContain("Azure accepts 3-24 lower-case letters and digits");
    }
  });

  test("every kind accepts a simple name built from its own rules", () => {
    for (const kind of ALL_KINDS) {
      const n = composeName(kind, { fixed: ["dp100", "x"], suffix: PLACEHOLDER_SUFFIX });
      expect(nameViolation(kind, n)).toBeUndefined();
    }
  });

  test("shortHash is stable, of the requested length and alphabet", () => {
    expect(shortHash("ada")).toBe(shortHash("ada"));
    expect(shortHash("ada")).toMatch(new RegExp(`^[a-z0-9]{${HASH_LENGTH}}$`));
    expect(shortHash("ada", 6)).toHaveLength(6);
    expect(shortHash("ada")).not.toBe(shortHash("Ada"));
  });
});
