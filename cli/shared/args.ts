import { parseArgs } from "node:util";

/**
 * Command-line parsing for every command, on Node's own `util.parseArgs`
 * (https://nodejs.org/api/util.html#utilparseargsconfig). It runs non-strict with `tokens: true`
 * so that each command keeps its own error messages: the tokens are checked here, in order, and the
 * first problem is reported through the command's `messages`.
 *
 * Rules shared by every command: an option that takes a value needs one, and a value that starts
 * with `--` is taken as a missing value (`--stack --json`), not as the value; `--name=value` is
 * accepted for options that take a value; a flag given a value (`--json=1`) is an unknown option.
 */

export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** The option may be given several times; its values are kept in order. */
  readonly multiple?: boolean;
  readonly short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** One option or positional of the command line, in order. */
export type ArgToken =
  | {
      readonly kind: "option";
      readonly name: string;
      /** As typed: `--stack`, `-h`. */
      readonly rawName: string;
      /** The whole argument as typed (`--json=1`). */
      readonly raw: string;
      readonly value?: string;
      /** The value came after `=`. */
      readonly inline: boolean;
      readonly known: boolean;
      /** Position in argv (the options of a short group such as `-ab` share one). */
      readonly index: number;
    }
  | { readonly kind: "positional"; readonly value: string }
  /** `--` alone. */
  | { readonly kind: "terminator"; readonly raw: string };

/** The command line as tokens, with parseArgs's reading of `specs` (nothing is refused here). */
export function tokenize(argv: readonly string[], specs: OptionSpecs): ArgToken[] {
  const { tokens } = parseArgs({
    args: [...argv],
    options: specs as Record<string, OptionSpec>,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.map((t): ArgToken => {
    if (t.kind === "positional") return { kind: "positional", value: t.value };
    if (t.kind === "option-terminator") return { kind: "terminator", raw: argv[t.index] };
    return {
      kind: "option",
      name: t.name,
      rawName: t.rawName,
      raw: argv[t.index],
      value: t.value,
      inline: t.inlineValue === true,
      known: Object.prototype.hasOwnProperty.call(specs, t.name),
      index: t.index,
    };
  });
}

/** How a command words a problem: each returns the error to throw. */
export interface ArgMessages {
  /** An option not in the specs, a flag given a value, or (without positionals) any positional. */
  unknown(raw: string): Error;
  /** An option that takes a value, without one. */
  missing(rawName: string): Error;
}

export type ArgValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedCommandLine<V extends ArgValues> {
  readonly values: Partial<V>;
  readonly positionals: string[];
}

/** Whether a token's value is really a missing value (`--stack --json`, `--stack` last). */
export function lacksValue(t: { value?: string; inline: boolean }): boolean {
  return t.value === undefined || (!t.inline && t.value.startsWith("--"));
}

/**
 * Parses a command line against `specs`; throws the command's error for the first problem.
 * A string option given twice keeps the last value (as the hand-written parsers did).
 */
export function parseCommandLine<V extends ArgValues>(
  argv: readonly string[],
  specs: OptionSpecs,
  messages: ArgMessages,
  opts: { readonly allowPositionals?: boolean } = {},
): ParsedCommandLine<V> {
  const values: ArgValues = {};
  const positionals: string[] = [];
  for (const t of tokenize(argv, specs)) {
    if (t.kind === "terminator") throw messages.unknown(t.raw);
    if (t.kind === "positional") {
      if (!opts.allowPositionals) throw messages.unknown(t.value);
      positionals.push(t.value);
      continue;
    }
    const spec = specs[t.name];
    if (!t.known) throw messages.unknown(t.raw);
    if (spec.type === "boolean") {
      if (t.inline) throw messages.unknown(t.raw);
      values[t.name] = true;
      continue;
    }
    if (lacksValue(t)) throw messages.missing(t.rawName);
    const v = t.value as string;
    values[t.name] = spec.multiple ? [...((values[t.name] as string[]) ?? []), v] : v;
  }
  return { values: values as Partial<V>, positionals };
}
