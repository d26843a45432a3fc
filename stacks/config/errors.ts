/**
 * The configuration's namespace, its raw source and its error. Pure: no Pulumi, no file system.
 */

export const NAMESPACE = "dp100-labs";

/** Looks up a raw configuration value, as Pulumi stores it (structured values as JSON text). */
export type ConfigSource = (namespace: string, key: string) => string | undefined;

export class ConfigError extends Error {
  constructor(
    /** The full key, e.g. `dp100-labs:learners`. */
    readonly key: string,
    /** The offending value, as text. */
    readonly value: string,
    /** What would be accepted. */
    readonly accepted: string,
  ) {
    super(`${key}: ${value} is not accepted; ${accepted}`);
    this.name = "ConfigError";
  }
}

/**
 * Whether an error is bad input (a ConfigError or a NameError) by its name: a lab stack's program
 * throws from a fresh copy of this module (the plan reloads the program), where `instanceof` fails.
 */
export function isInputError(e: unknown): e is Error {
  return e instanceof Error && (e.name === "ConfigError" || e.name === "NameError");
}
