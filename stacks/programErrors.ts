import * as pulumi from "@pulumi/pulumi";
import { NameError } from "../components/naming";
import { ConfigError } from "./config";

/**
 * Configuration errors as a Pulumi program reports them. The Node.js language host prints a
 * `pulumi.RunError` as its message alone (no stack trace) and the update fails (non-zero exit), so
 * `pulumi preview`/`up` and `npm run cohort -- preview/up` show the same one line the offline plan
 * prints (see the SDK's cmd/run: "Always hide the stack for RunErrors").
 */
export class ProgramConfigError extends pulumi.RunError {
  constructor(
    /** The ConfigError or NameError it reports. */
    readonly reason: ConfigError | NameError,
  ) {
    super(`configuration error: ${reason.message}`);
    this.name = "ProgramConfigError";
  }
}

/** Runs `fn`, turning a ConfigError or NameError into a ProgramConfigError; other errors pass. */
export function asProgramError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof NameError) throw new ProgramConfigError(e);
    throw e;
  }
}

/** The ConfigError or NameError behind `e` (itself, or the one a ProgramConfigError reports). */
export function configErrorOf(e: unknown): ConfigError | NameError | undefined {
  if (e instanceof ProgramConfigError) return e.reason;
  if (e instanceof ConfigError || e instanceof NameError) return e;
  return undefined;
}
