import { ArgToken, lacksValue, OptionSpecs, tokenize } from "../../shared/args";
import { Command, COMMANDS, FlagKind, SPECS } from "./spec";

/**
 * Parses `npm run cohort -- <command> [options]` with the shared tokenizer (Node's
 * `util.parseArgs`, cli/shared/args.ts), keeping the cohort's conventions: a list option takes
 * every word up to the next option (`--labs a b,c`), a `multi` option is given once per value, a
 * word with a single dash is a word (a learner id or a list item), and `--help`/`-h` anywhere asks
 * for the usage.
 */

/** Bad command-line input: printed with the usage hint, exit status 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string>>;
  readonly lists: Readonly<Record<string, readonly string[]>>;
  readonly bools: ReadonlySet<string>;
}

const HELP: ParsedArgs = {
  command: "help",
  positionals: [],
  values: {},
  lists: {},
  bools: new Set(),
};

const flagList = (spec: Record<string, FlagKind>) =>
  Object.keys(spec).length === 0
    ? "none"
    : Object.keys(spec)
        .map((f) => `--${f}`)
        .join(", ");

/** The parseArgs option of each flag kind; `--help` and `-h` are always known. */
function optionSpecs(spec: Record<string, FlagKind>): OptionSpecs {
  const specs: Record<string, OptionSpecs[string]> = { help: { type: "boolean", short: "h" } };
  for (const [name, kind] of Object.entries(spec)) {
    specs[name] =
      kind === "bool" ? { type: "boolean" } : { type: "string", multiple: kind !== "value" };
  }
  return specs;
}

/** The words of a list option, split at commas. */
const listItems = (words: readonly string[]) =>
  words
    .flatMap((t) => t.split(","))
    .map((t) => t.trim())
    .filter((t) => t !== "");

class Collector {
  readonly values: Record<string, string> = {};
  readonly lists: Record<string, string[]> = {};
  readonly bools = new Set<string>();
  readonly positionals: string[] = [];
  /** A list option still taking words. */
  private open?: { name: string; words: string[] };

  constructor(
    private readonly command: Command,
    private readonly spec: Record<string, FlagKind>,
  ) {}

  word(w: string): void {
    if (this.open) this.open.words.push(w);
    else this.positionals.push(w);
  }

  /** Ends the list option being read: at least one item. */
  close(): void {
    if (!this.open) return;
    const { name, words } = this.open;
    this.open = undefined;
    const items = listItems(words);
    if (items.length === 0) throw new UsageError(`--${name} needs at least one value`);
    this.lists[name] = [...(this.lists[name] ?? []), ...items];
  }

  option(t: Extract<ArgToken, { kind: "option" }>): void {
    this.close();
    const name = t.name;
    const kind = t.known ? this.spec[name] : undefined;
    if (!kind) {
      throw new UsageError(
        `unknown option --${name} for '${this.command}': accepted options are ${flagList(this.spec)}`,
      );
    }
    if (kind === "bool") {
      if (t.inline) throw new UsageError(`--${name} takes no value (got '${t.value}')`);
      this.bools.add(name);
    } else if (kind === "list") {
      this.open = { name, words: t.inline || !lacksValue(t) ? [t.value as string] : [] };
      if (t.inline) this.close();
    } else {
      if (lacksValue(t) || (kind === "multi" && (t.value as string).trim() === "")) {
        throw new UsageError(`--${name} needs a value`);
      }
      this.value(name, kind, t.value as string);
    }
  }

  private value(name: string, kind: FlagKind, v: string): void {
    if (kind === "multi") {
      this.lists[name] = [...(this.lists[name] ?? []), v.trim()];
      return;
    }
    if (name in this.values) {
      throw new UsageError(`--${name} is given twice ('${this.values[name]}' and '${v}')`);
    }
    if (v.trim() === "") throw new UsageError(`--${name} needs a non-empty value`);
    this.values[name] = v;
  }
}

/** Reads the options of one command; `help` when --help or -h is among them. */
function collect(command: Command, rest: readonly string[]): Collector | "help" {
  const spec = SPECS[command];
  const c = new Collector(command, spec);
  let lastIndex = -1;
  for (const t of tokenize(rest, optionSpecs(spec))) {
    if (t.kind === "positional") c.word(t.value);
    else if (t.kind === "terminator") c.option({ ...UNKNOWN_EMPTY });
    else if (t.name === "help" && (t.rawName === "--help" || t.rawName === "-h")) return "help";
    else if (!t.rawName.startsWith("--")) {
      // `-x`: a word, as before (a short group such as `-ab` is one word).
      if (t.index !== lastIndex) c.word(t.raw);
      lastIndex = t.index;
    } else c.option(t);
  }
  c.close();
  return c;
}

/** `--` alone: an option without a name, as the hand-written parser read it. */
const UNKNOWN_EMPTY = {
  kind: "option",
  name: "",
  rawName: "--",
  raw: "--",
  inline: false,
  known: false,
  index: -1,
} as const;

/** The positional arguments a command takes: `config set KEY VALUE`, `reset-learner ID`. */
function checkPositionals(command: Command, positionals: readonly string[]): void {
  if (command === "config") {
    if (positionals[0] !== "set" || positionals.length !== 3) {
      throw new UsageError(
        "config takes 'set KEY VALUE': npm run cohort -- config set stopTime 17:30 [--cohort ID] [--lab ID]",
      );
    }
    return;
  }
  const wantsPositional = command === "reset-learner" ? 1 : 0;
  if (positionals.length > wantsPositional) {
    throw new UsageError(
      `unexpected argument '${positionals[wantsPositional]}' for '${command}'` +
        (wantsPositional ? " (it takes one learner id)" : " (options start with --)"),
    );
  }
  if (positionals.length < wantsPositional) {
    throw new UsageError(
      `'${command}' needs a learner id: npm run cohort -- reset-learner <learnerId> [--lab ID]`,
    );
  }
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h") return HELP;
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command '${first}': use one of ${COMMANDS.join(", ")}`);
  }
  const command = first as Command;
  const c = collect(command, rest);
  if (c === "help") return HELP;
  checkPositionals(command, c.positionals);
  const { positionals, values, lists, bools } = c;
  return { command, positionals, values, lists, bools };
}
