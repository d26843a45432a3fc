import * as path from "path";
import { readConfig } from "../../../stacks/config";
import { guid, tempFile } from "../../helpers/plan";
import { configError, source } from "./source";

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
    [{ "dp100-labs:alertEmails": ["not-an-address"] }, "dp100-labs:alertEmails", "e-mail"],
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

describe("list keys set with pulumi config set --path", () => {
  test.each([
    ["labs", [null, "run-pipelines"], "pulumi config set labs 'run-pipelines'"],
    ["alertEmails", [null, null, "a@example.com"], "no entry at [0], [1]"],
    [
      "vmSizeChoices",
      [null, "Standard_DS11_v2"],
      "pulumi config set --path 'vmSizeChoices[0]' Standard_DS11_v2",
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
