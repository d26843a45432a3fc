import { ConfigError, readConfig } from "../../../stacks/config";

/** A config source over a plain map of `dp100-labs:` keys (values as Pulumi passes them). */
export function source(values: Record<string, unknown>) {
  return (ns: string, key: string) => {
    const v = values[`${ns}:${key}`];
    return v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
  };
}

/** The ConfigError readConfig throws for these values (fails the test when there is none). */
export function configError(values: Record<string, unknown>): ConfigError {
  try {
    readConfig(source(values));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}
