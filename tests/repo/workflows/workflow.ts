import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** Shared by the workflow tests: the files, their shape, and the Node.js and action versions. */

export const DIR = path.join(__dirname, "..", "..", "..", ".github", "workflows");

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
export interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
}
export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export const load = (file: string) => {
  const text = fs.readFileSync(path.join(DIR, file), "utf8");
  return { text, wf: parse(text) as Workflow };
};

export const FILES = ["pr.yml", "preview.yml", "expire.yml", "cohort.yml"];

/** The Node.js releases the project supports and tests (Node 20 reached end of life on 2026-04-30). */
export const SUPPORTED_NODE = [22, 24];

/**
 * Each action's first major on the Node 24 runtime or later, as GitHub's runners deprecate Node 20
 * (github.blog changelog 2025-09-19): actions/checkout v7 (node24 since v5, actions/checkout#2226;
 * v7.0.1 current), actions/setup-node v7, actions/setup-go v7 (node24 since v6; v7.0.0, 2026-07,
 * "Migrate to ESM", actions/setup-go#763), actions/cache v5 (node24,
 * actions/setup-go#733), azure/login v3 (Azure/login#577), pulumi/actions v7 (pulumi/actions#1403,
 * released in #1407).
 */
export const NODE24_MAJORS: Record<string, string> = {
  "actions/checkout": "v7",
  "actions/setup-node": "v7",
  "actions/setup-go": "v7",
  "actions/cache": "v5",
  "azure/login": "v3",
  "pulumi/actions": "v7",
};

export const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);
export const usesStep = (job: Job, action: string) =>
  job.steps.find((s) => s.uses?.split("@")[0] === action);
export const runText = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
