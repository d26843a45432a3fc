import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { composeName, NameKind, PLACEHOLDER_SUFFIX, SUFFIX_LENGTH } from "./nameRules";

export * from "./nameRules";

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

  /** A globally or regionally unique name: prefix + role + optional key + suffix. */
  unique(kind: NameKind, role: string | undefined, key?: string): pulumi.Output<string> {
    const fixed = role ? [...this.prefix, role] : [...this.prefix];
    composeName(kind, { fixed, key, suffix: PLACEHOLDER_SUFFIX });
    return pulumi.output(this.suffix).apply((suffix) => composeName(kind, { fixed, key, suffix }));
  }

  /** A name unique only within its parent (no suffix), checked now; returned as a plain string. */
  local(kind: NameKind, role: string, key?: string): string {
    return composeName(kind, { fixed: [role], key });
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
