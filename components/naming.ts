import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { NAME_RULES, nameViolation, type NameKind } from "../azure/nameRules";

export * from "../azure/nameRules";

/**
 * The one place that builds Azure resource names, from the rules of azure/nameRules.ts. No other
 * file builds an Azure name by hand.
 *
 * A name is `<parts joined by the kind's separator><separator><suffix>`. The suffix is a random
 * string kept in Pulumi state (see NameSuffix), so a stack destroyed and created again gets fresh
 * names and never collides with a workspace or key vault that Azure still holds soft-deleted.
 * Parts are cleaned (accents folded, disallowed characters dropped, case lowered where required);
 * a part too long for the kind is shortened to a readable head plus a hash of the whole part, so two
 * different keys never shorten to the same name. A name that still cannot be valid (a prefix too
 * long to leave room for the key and suffix, an empty result) is an error, never a silent truncation.
 */

/** Length of the random suffix kept in state. */
export const SUFFIX_LENGTH = 5;
/** Alphabet of the suffix: lower-case letters and digits (fits every kind). */
export const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
/** Length of the hash that replaces the tail of a part too long for its kind. */
export const HASH_LENGTH = 4;

/** A name that cannot be made valid. Carries what was asked for and what Azure accepts. */
export class NameError extends Error {
  constructor(
    readonly kind: NameKind,
    readonly value: string,
    readonly reason: string,
  ) {
    super(
      `cannot name a ${kind} from '${value}': ${reason}; Azure accepts ${NAME_RULES[kind].accepts}`,
    );
    this.name = "NameError";
  }
}

/** A short, stable hash of a string in the suffix alphabet (lower-case letters and digits). */
export function shortHash(value: string, length = HASH_LENGTH): string {
  const digest = crypto.createHash("sha256").update(value, "utf8").digest();
  let out = "";
  for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[digest[i] % SUFFIX_ALPHABET.length];
  return out;
}

/**
 * Cleans one part for a kind: folds accents (é -> e), lowers case where the kind requires it (all
 * kinds here except resource groups and datastores, for readability), and drops characters the
 * kind does not accept. Runs of dropped characters between words become one separator.
 */
export function cleanPart(kind: NameKind, part: string): string {
  const rule = NAME_RULES[kind];
  let s = part.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  if (rule.lowercase) s = s.toLowerCase();
  const keep = /[a-zA-Z0-9]/;
  let out = "";
  let pendingSep = false;
  for (const ch of s) {
    if (keep.test(ch)) {
      if (pendingSep && out.length > 0 && rule.separator) out += rule.separator;
      pendingSep = false;
      out += ch;
    } else {
      pendingSep = true;
    }
  }
  return out;
}

/**
 * Fits a cleaned part into `room` characters. A part that fits is kept; one that does not (or one
 * that lost characters in cleaning, so two keys could clean to the same text) becomes a readable
 * head plus a hash of the original, so distinct keys stay distinct.
 */
function fitPart(
  kind: NameKind,
  original: string,
  cleaned: string,
  room: number,
  first: boolean,
): string {
  const sep = NAME_RULES[kind].separator;
  const lossy = cleaned.toLowerCase() !== original.toLowerCase();
  if (!lossy && cleaned.length <= room) return cleaned;
  const hash = shortHash(original);
  const headRoom = room - hash.length - sep.length;
  if (headRoom < 1 || cleaned.length === 0) {
    // A bare hash is fine after other parts; as the first part it must start with a letter.
    const part = first ? `x${hash}` : hash;
    if (part.length > room)
      throw new NameError(kind, original, `no room for it (${room} characters left)`);
    return part;
  }
  let head = cleaned.slice(0, headRoom);
  if (sep) head = head.replace(/-+$/, "");
  return `${head}${sep}${hash}`;
}

export interface ComposeOptions {
  /** Parts kept exactly (after cleaning) and never shortened, e.g. a prefix or a kind's abbreviation. */
  readonly fixed?: readonly string[];
  /** The one part that may be shortened with a hash when room runs out, e.g. a learner id. */
  readonly key?: string;
  /** The random suffix; omitted for names unique within their parent only. */
  readonly suffix?: string;
}

/**
 * Builds a valid name of `kind` from fixed parts, an optional key and an optional suffix, or throws
 * a NameError that says why it cannot. Pure: the same arguments always give the same name.
 */
export function composeName(kind: NameKind, opts: ComposeOptions): string {
  const rule = NAME_RULES[kind];
  const sep = rule.separator;
  const fixed = (opts.fixed ?? []).map((p) => cleanPart(kind, p)).filter((p) => p.length > 0);
  const suffix = opts.suffix ?? "";
  const head = fixed.join(sep);
  const used = [head, suffix].filter((p) => p.length > 0);
  const usedLength = used.join(sep).length;
  let parts: string[] = fixed;
  if (opts.key !== undefined) {
    const room = rule.maxLength - usedLength - sep.length * used.length;
    const what = [...(opts.fixed ?? []), opts.key].join(" ");
    if (room < HASH_LENGTH) {
      throw new NameError(
        kind,
        what,
        `the fixed parts '${head}' leave only ${Math.max(room, 0)} characters for the key`,
      );
    }
    parts = [
      ...fixed,
      fitPart(kind, opts.key, cleanPart(kind, opts.key), room, fixed.length === 0),
    ];
  }
  const all = suffix ? [...parts, suffix] : parts;
  const name = all.filter((p) => p.length > 0).join(sep);
  const reason = nameViolation(kind, name);
  if (reason) {
    throw new NameError(kind, [...(opts.fixed ?? []), opts.key ?? ""].join(" ").trim(), reason);
  }
  return name;
}

/** A placeholder suffix of the real suffix's length and alphabet, for checking names up front. */
export const PLACEHOLDER_SUFFIX = "a".repeat(SUFFIX_LENGTH);

/** Cohort ids that earlier versions required (2-8 lower-case letters and digits, starting with a letter). */
export const SHORT_COHORT_ID = /^[a-z][a-z0-9]{1,7}$/;

/** Length of the cohort's part of Azure names: the longest id earlier versions accepted. */
export const COHORT_PART_LENGTH = 8;

/**
 * The part of Azure names and stack names that stands for a cohort, from its name as the trainer
 * wrote it (1-64 characters, any script; see stacks/config/learners.ts). A short id such as `may25` is used
 * as it is, so cohorts created before names were widened keep their Azure and stack names. Any
 * other name is folded (accents dropped, lower case, letters and digits only) to a head of at most
 * four characters starting with a letter, plus a hash of the exact name, eight characters in all:
 * `dp100-mar27` -> `dp10` + 4 hash characters, `March 2027 London` -> `marc` + 4, `李雷班` ->
 * `c` + 7. Two names that fold alike (`Spring` and `spring`) get different hashes.
 */
export function cohortNamePart(name: string): string {
  if (SHORT_COHORT_ID.test(name)) return name;
  const exact = name.trim().normalize("NFC");
  const folded = exact
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  let head = folded.slice(0, 4);
  if (!/^[a-z]/.test(head)) head = `c${folded}`.slice(0, folded.length === 0 ? 1 : 4);
  return head + shortHash(exact, COHORT_PART_LENGTH - head.length);
}

/**
 * Names resources for one deployment: fixed prefix parts (project, cohort) plus a suffix that is an
 * Output from state. Every name is checked with a placeholder suffix of the same shape when it is
 * asked for, so an impossible name fails before any resource is registered.
 */
export class Namer {
  constructor(
    /** Parts every name starts with, e.g. ["dp100", "c24"]. */
    readonly prefix: readonly string[],
    /** The random suffix from state. */
    readonly suffix: pulumi.Input<string>,
  ) {}

  /**
   * A globally or regionally unique name: prefix + abbreviation + optional key + suffix, e.g.
   * `unique("keyVault", "kv")` -> `dp100-c24-kv-x7k2p`.
   */
  unique(kind: NameKind, abbreviation: string | undefined, key?: string): pulumi.Output<string> {
    const fixed = abbreviation ? [...this.prefix, abbreviation] : [...this.prefix];
    composeName(kind, { fixed, key, suffix: PLACEHOLDER_SUFFIX });
    return pulumi.output(this.suffix).apply((suffix) => composeName(kind, { fixed, key, suffix }));
  }

  /** A name unique only within its parent (no suffix), checked now; returned as a plain string. */
  local(kind: NameKind, abbreviation: string, key?: string): string {
    return composeName(kind, { fixed: [abbreviation], key });
  }
}

export interface NameSuffixArgs {
  /**
   * Changing this value draws a new suffix (and so renames, i.e. replaces, everything named with
   * it). Default "1". Bump it to get fresh names after a failed purge.
   */
  readonly generation?: string;
}

/**
 * The random suffix kept in state: SUFFIX_LENGTH characters of [a-z0-9] with at least one letter
 * (compute names need a letter after their last '-'). One per stack.
 */
export class NameSuffix extends pulumi.ComponentResource {
  readonly result: pulumi.Output<string>;

  constructor(name: string, args: NameSuffixArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("dp100:naming:NameSuffix", name, {}, opts);
    const suffix = new random.RandomString(
      `${name}-random`,
      {
        length: SUFFIX_LENGTH,
        lower: true,
        upper: false,
        numeric: true,
        special: false,
        minLower: 1,
        keepers: { generation: args.generation ?? "1" },
      },
      { parent: this },
    );
    this.result = suffix.result;
    this.registerOutputs({ result: this.result });
  }
}
