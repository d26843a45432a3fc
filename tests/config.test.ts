import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import {
  CONFIG_KEYS,
  ConfigError,
  DEFAULTS,
  UNSET_DEFAULTS,
  readConfig,
  validateRoster,
} from "../stacks/config";
import { guid, tempFile } from "./helpers/plan";

/** A config source over a plain map of `dp100-labs:` keys (values as Pulumi passes them). */
function source(values: Record<string, unknown>) {
  return (ns: string, key: string) => {
    const v = values[`${ns}:${key}`];
    return v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
  };
}

function configError(values: Record<string, unknown>): ConfigError {
  try {
    readConfig(source(values));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const ROSTER = [
  { id: "ada", objectId: guid(1), email: "ada@example.com" },
  { id: "grace", objectId: guid(2) },
];

describe("readConfig", () => {
  test("a retired lab id is a ConfigError on dp100-labs:labs naming its replacement", () => {
    const e = configError({ "dp100-labs:labs": ["script-command-job", "monitor-app-insights"] });
    expect(e.key).toBe("dp100-labs:labs");
    expect(e.value).toContain("monitor-app-insights");
    expect(e.message).toMatch(/"monitor-app-insights" is retired .*use "monitor-model" instead/);
  });

  test("an empty configuration is a valid sandbox with the documented defaults", () => {
    const cfg = readConfig(source({}));
    expect(cfg.mode).toBe("sandbox");
    expect(cfg.location).toBe("eastus");
    expect(cfg.compute).toEqual({
      instanceVmSize: "Standard_DS11_v2",
      clusterVmSize: "Standard_DS11_v2",
      clusterMaxNodes: 2,
      clusterLowPriority: false,
      idleShutdownMinutes: 30,
      stopTime: "18:00",
      // The region's time zone (eastus: Virginia), not UTC: 18:00 means the class's evening.
      timeZone: "Eastern Standard Time",
      timeZoneFromRegion: true,
    });
    expect(cfg.workspace).toEqual({
      containerRegistry: false,
      privateNetworking: false,
      purgeProtection: false,
      keyVaultRetentionDays: 7,
      inferenceLocalAccounts: true,
    });
    expect(cfg.learners).toEqual([{ id: "me", objectId: undefined }]);
  });

  test("a cohort with an inline roster", () => {
    const cfg = readConfig(
      source({
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:learners": ROSTER,
      }),
    );
    expect(cfg.cohort).toBe("c24");
    expect(cfg.topology).toBe("shared");
    expect(cfg.learners.map((l) => l.id)).toEqual(["ada", "grace"]);
  });

  test("a cohort with a CSV roster, relative to the base folder", () => {
    const file = tempFile(
      "roster.csv",
      `id,objectId,email,displayName\nada,${guid(1)},ada@example.com,"Lovelace, Ada"\r\ngrace,${guid(2)},,\n`,
    );
    const cfg = readConfig(
      source({
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:rosterFile": path.basename(file),
      }),
      { baseDir: path.dirname(file) },
    );
    expect(cfg.learners).toEqual([
      { id: "ada", objectId: guid(1), email: "ada@example.com", displayName: "Lovelace, Ada" },
      { id: "grace", objectId: guid(2) },
    ]);
  });

  test.each([
    [{ "dp100-labs:mode": "classroom" }, "dp100-labs:mode", "accepted values are sandbox, cohort"],
    [{ "dp100-labs:topology": "mesh" }, "dp100-labs:topology", "shared, isolated"],
    [
      { "dp100-labs:instanceVmSize": "Standard_NC6s_v3" },
      "dp100-labs:instanceVmSize",
      "allowed VM sizes are",
    ],
    [
      { "dp100-labs:idleShutdownMinutes": "5" },
      "dp100-labs:idleShutdownMinutes",
      "from 15 to 4320",
    ],
    [{ "dp100-labs:stopTime": "6pm" }, "dp100-labs:stopTime", "HH:MM"],
    [{ "dp100-labs:timeZone": "Europe/Paris" }, "dp100-labs:timeZone", "W. Europe Standard Time"],
    [
      { "dp100-labs:keyVaultRetentionDays": "3" },
      "dp100-labs:keyVaultRetentionDays",
      "from 7 to 90",
    ],
    [{ "dp100-labs:objectId": "not-a-guid" }, "dp100-labs:objectId", "GUID"],
    [{ "dp100-labs:expiresOn": "2026-02-30" }, "dp100-labs:expiresOn", "YYYY-MM-DD"],
    [{ "dp100-labs:prefix": "Dp-100" }, "dp100-labs:prefix", "2-6 lower-case"],
    [{ "dp100-labs:clusterLowPriority": "yes" }, "dp100-labs:clusterLowPriority", "true or false"],
    [{ "azure-native:location": "East US" }, "azure-native:location", "did you mean 'eastus'?"],
    [
      { "azure-native:location": "westeurpoe" },
      "azure-native:location",
      "did you mean 'westeurope'? use an Azure region's programmatic name",
    ],
    [{ "azure-native:location": "mars1" }, "azure-native:location", "such as eastus or westeurope"],
    [{ "dp100-labs:labs": [] }, "dp100-labs:labs", "non-empty list"],
    [
      { "dp100-labs:labs": ["deploy-aks-inference"] },
      "dp100-labs:labs",
      'use "deploy-kubernetes-online-endpoint" instead',
    ],
    [
      { "dp100-labs:inferenceLocalAccounts": "no" },
      "dp100-labs:inferenceLocalAccounts",
      "true or false",
    ],
    [{ "dp100-labs:learners": ROSTER }, "dp100-labs:mode", "needs mode: cohort"],
    [
      { "dp100-labs:mode": "cohort", "dp100-labs:learners": ROSTER },
      "dp100-labs:cohort",
      "needs a cohort name: 1-64 characters",
    ],
    [
      {
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "x".repeat(65),
        "dp100-labs:learners": ROSTER,
      },
      "dp100-labs:cohort",
      "use 1-64 characters",
    ],
    [
      { "dp100-labs:mode": "cohort", "dp100-labs:cohort": "c24" },
      "dp100-labs:learners",
      "needs a roster",
    ],
    [
      { "dp100-labs:mode": "cohort", "dp100-labs:cohort": "c24", "dp100-labs:learners": [] },
      "dp100-labs:learners",
      "at least one learner",
    ],
    [
      {
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:rosterFile": "/nonexistent/roster.csv",
      },
      "dp100-labs:rosterFile",
      "readable CSV",
    ],
    [
      {
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:learners": ROSTER,
        "dp100-labs:rosterFile": "x.csv",
      },
      "dp100-labs:rosterFile",
      "not both",
    ],
    [{ "dp100-labs:trainers": [{ objectId: "nope" }] }, "dp100-labs:trainers[0].objectId", "GUID"],
    [{ "dp100-labs:alertEmail": ["not-an-address"] }, "dp100-labs:alertEmail", "e-mail"],
  ])("%j is refused, naming %s", (values, key, accepted) => {
    const e = configError(values as Record<string, unknown>);
    expect(e.key).toBe(key);
    expect(e.message).toContain(key);
    expect(e.accepted).toContain(accepted);
  });

  test("unknown keys in a stack file are reported with the list of known keys", () => {
    expect(() =>
      readConfig(source({}), { presentKeys: ["dp100-labs:idleShutdownMinute"] }),
    ).toThrow(/dp100-labs:idleShutdownMinute: \(unknown key\).*idleShutdownMinutes/);
  });
});

describe("rosters", () => {
  const key = "dp100-labs:learners";
  test.each([
    [
      [
        { id: "Ada", objectId: guid(1) },
        { id: "ada", objectId: guid(2) },
      ],
      "[1].id",
      "'ada' is not accepted; learner ids are unique case-insensitively; 'Ada' is already on the roster",
    ],
    [[{ id: "ada", objectId: "1234" }], "[0].objectId", "learner 'ada' needs an Entra object id"],
    [
      [
        { id: "ada", objectId: guid(1) },
        { id: "bob", objectId: guid(1) },
      ],
      "[1].objectId",
      "'ada' already uses it",
    ],
    [[{ id: "", objectId: guid(1) }], "[0].id", "1-64 characters"],
    [[{ id: "x".repeat(65), objectId: guid(1) }], "[0].id", "1-64 characters"],
    [[{ id: "ada", objectId: guid(1), email: "ada" }], "[0].email", "e-mail address"],
    [
      [{ id: "ada", objectId: guid(1), role: "admin" }],
      "[0].role",
      "only id, objectId, email and displayName",
    ],
    [["ada"], "[0]", "each learner is an object"],
  ])("%j is refused at %s", (entries, where, message) => {
    expect(() => validateRoster(key, entries)).toThrow(`${key}${where}`);
    expect(() => validateRoster(key, entries)).toThrow(message);
  });

  test("ids of any script, 64 characters, are accepted", () => {
    const ids = ["Zoë", "李雷", "o'brien", "12345", "mary ann", "é".repeat(64)];
    const roster = validateRoster(
      key,
      ids.map((id, i) => ({ id, objectId: guid(i + 1) })),
    );
    expect(roster.map((l) => l.id)).toEqual(ids);
  });

  test("malformed CSV is refused with the file line", () => {
    const rosterError = (text: string) => {
      const file = tempFile("r.csv", text);
      return configError({
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:rosterFile": file,
      }).message;
    };
    expect(rosterError("name,objectId\nada,x\n")).toContain(
      "line 1, column 1 (unknown column 'name')",
    );
    expect(rosterError(`id,objectId\nada,${guid(1)},extra\n`)).toContain("line 2");
    expect(rosterError(`id,objectId\nada,${guid(1)},extra\n`)).toContain("every line has 2 fields");
    expect(rosterError(`id,objectId\n"ada,${guid(1)}\n`)).toContain("quote a whole field");
    expect(rosterError("")).toContain("the file is empty");
  });

  test("a header in another order and case is read like the documented one", () => {
    const file = tempFile("r.csv", `EMAIL,ObjectID,Id\nada@example.com,${guid(1)},ada\n`);
    const cfg = readConfig(
      source({
        "dp100-labs:mode": "cohort",
        "dp100-labs:cohort": "c24",
        "dp100-labs:rosterFile": file,
      }),
    );
    expect(cfg.learners).toEqual([{ id: "ada", objectId: guid(1), email: "ada@example.com" }]);
  });
});

describe("list keys set with pulumi config set --path", () => {
  test.each([
    ["labs", [null, "run-pipelines"], "pulumi config set labs 'run-pipelines'"],
    ["alertEmail", [null, null, "a@example.com"], "no entry at [0], [1]"],
    [
      "allowedVmSizes",
      [null, "Standard_DS11_v2"],
      "pulumi config set --path 'allowedVmSizes[0]' Standard_DS11_v2",
    ],
  ])("%s with holes is refused with the command that sets it", (key, value, fix) => {
    const e = configError({ [`dp100-labs:${key}`]: value });
    expect(e.key).toBe(`dp100-labs:${key}`);
    expect(e.message).toContain(fix);
  });

  test("a list written from index 0 (labs[0], labs[1]) and a comma-separated one both work", () => {
    const list = readConfig(source({ "dp100-labs:labs": ["run-pipelines", "work-with-compute"] }));
    const text = readConfig(source({ "dp100-labs:labs": "run-pipelines, work-with-compute" }));
    expect(list.labs).toEqual(["run-pipelines", "work-with-compute"]);
    expect(text.labs).toEqual(list.labs);
  });
});

describe("e-mail-only rosters", () => {
  const roster = () =>
    tempFile(
      "r.csv",
      `id,email,objectId\nada,Ada@Example.com,\ngrace,grace@example.com,${guid(2)}\nalan,alan@example.com,\n`,
    );
  const cohort = (extra: Record<string, unknown>) => ({
    "dp100-labs:mode": "cohort",
    "dp100-labs:cohort": "c24",
    "dp100-labs:rosterFile": roster(),
    ...extra,
  });

  test("every row still to resolve is named by its file line, in one error", () => {
    const e = configError(cohort({}));
    expect(e.key).toMatch(/^dp100-labs:rosterFile '.*r\.csv'$/);
    expect(e.message).toContain(
      "2 row(s) with an e-mail but no object id: line 2 (ada, Ada@Example.com); line 4 (alan, alan@example.com)",
    );
    expect(e.message).toContain("npm run roster -- resolve");
  });

  test("object ids resolved by init (learnerObjectIds) complete the roster, matched without case", () => {
    const cfg = readConfig(
      source(
        cohort({
          "dp100-labs:learnerObjectIds": {
            "ada@example.com": guid(1),
            "alan@example.com": guid(3),
          },
        }),
      ),
    );
    expect(cfg.learners.map((l) => [l.id, l.objectId])).toEqual([
      ["ada", guid(1)],
      ["grace", guid(2)],
      ["alan", guid(3)],
    ]);
  });

  test("learnerObjectIds that is not a map of e-mail to GUID is refused", () => {
    const e = configError(cohort({ "dp100-labs:learnerObjectIds": { ada: "x" } }));
    expect(e.key).toBe("dp100-labs:learnerObjectIds");
    expect(e.message).toContain("a map of e-mail address to Entra object id");
  });

  test("an inline learner with only an e-mail is reported by index", () => {
    expect(() =>
      validateRoster("dp100-labs:learners", [{ id: "ada", email: "ada@example.com" }]),
    ).toThrow("[0] (ada, ada@example.com)");
  });
});

describe("Pulumi.yaml", () => {
  const project = YAML.parse(fs.readFileSync(path.join(__dirname, "..", "Pulumi.yaml"), "utf8"));

  test("declares every scalar key the program reads, with a type and a description", () => {
    const structured = new Set([
      "labs",
      "learners",
      "learnerObjectIds",
      "trainers",
      "allowedVmSizes",
      "alertEmail",
      "budgetAlerts",
    ]);
    for (const key of CONFIG_KEYS) {
      if (structured.has(key)) continue;
      expect(project.config[key]).toBeDefined();
      expect(["string", "integer", "boolean"]).toContain(project.config[key].type);
      expect(project.config[key].description.length).toBeGreaterThan(10);
    }
    for (const key of Object.keys(project.config)) expect(CONFIG_KEYS.has(key)).toBe(true);
  });

  test("every declared key has a default (the CLI treats one without as required), the program's own", () => {
    for (const [key, decl] of Object.entries(project.config) as [string, { default?: unknown }][]) {
      expect(decl.default).toBeDefined();
      const expected =
        key in UNSET_DEFAULTS
          ? (UNSET_DEFAULTS as Record<string, unknown>)[key]
          : (DEFAULTS as Record<string, unknown>)[key];
      expect(String(decl.default)).toBe(String(expected));
    }
  });

  test("the unset defaults read as unset", () => {
    const values: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(UNSET_DEFAULTS)) values[`dp100-labs:${key}`] = String(v);
    const cfg = readConfig(source(values));
    expect(cfg.budget).toBeUndefined();
    expect(cfg.expiresOn).toBeUndefined();
    expect(cfg.owner).toBeUndefined();
    expect(cfg.identity).toEqual({
      objectId: undefined,
      tenantId: undefined,
      principalType: "User",
    });
    expect(cfg.cohort).toBe("sandbox");
  });
});
