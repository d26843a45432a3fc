import { defaultStackHere } from "../../plan/stackSelection";
import { parseCommandLine } from "../shared/args";

export interface PreflightArgs {
  readonly stack: string;
  readonly configFile?: string;
  readonly subscription?: string;
  readonly regions?: string[];
  readonly json: boolean;
  /** Register the resource providers the plan needs that are not registered. */
  readonly register: boolean;
}

export const PREFLIGHT_USAGE =
  "usage: npm run preflight -- [--stack NAME] [--config-file PATH] [--subscription ID] " +
  "[--regions r1,r2] [--register] [--json]";

/** Parses the preflight flags; throws an Error naming the flag and what is accepted. */
export function parsePreflightArgs(argv: readonly string[]): PreflightArgs {
  const { values } = parseCommandLine<{
    stack: string;
    "config-file": string;
    subscription: string;
    regions: string;
    json: boolean;
    register: boolean;
  }>(
    argv,
    {
      stack: { type: "string" },
      "config-file": { type: "string" },
      subscription: { type: "string" },
      regions: { type: "string" },
      json: { type: "boolean" },
      register: { type: "boolean" },
    },
    {
      unknown: (raw) => new Error(`unknown argument '${raw}'; ${PREFLIGHT_USAGE}`),
      missing: (raw) => new Error(`${raw} needs a value; ${PREFLIGHT_USAGE}`),
    },
  );
  const stack = values.stack ?? defaultStackHere();
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
    throw new Error(`--stack: '${stack}' is not a stack name (letters, digits, _ . -)`);
  }
  return {
    stack,
    configFile: values["config-file"],
    subscription: values.subscription,
    regions: values.regions
      ?.split(",")
      .map((r) => r.trim())
      .filter(Boolean),
    json: values.json === true,
    register: values.register === true,
  };
}
