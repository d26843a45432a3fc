import type { MergedLabNeeds } from "../../labs";
import type { Group } from "./kinds";
import type { Learner } from "./learners";
import type { CONFIG_SCHEMA, MODES, ReadKey, TOPOLOGIES } from "./schema";
import type { Trainer } from "./structured";

/**
 * The validated configuration's types, inferred from the schema's rows: a key's type is what its
 * row's `read` returns, and its row's `group` says where the value goes. Only what rules derive
 * from several keys (the roster, the labs' needs, the time zone) is declared here.
 */

type Schema = typeof CONFIG_SCHEMA;
type Key = keyof Schema;

/** The type of a key's value: what its row's `read` returns. */
export type ValueOf<K extends Key> = Schema[K] extends { read: (...args: never[]) => infer T }
  ? T
  : never;

/** Every value read through its row, by key. */
export type RowValues = { readonly [K in ReadKey]: ValueOf<K> };

type KeysOf<G extends Group> = { [K in Key]: Schema[K] extends { group: G } ? K : never }[Key];
type Flatten<T> = { [K in keyof T]: T[K] };

/** The values of a group; a key that may be unset is optional. */
export type GroupValues<G extends Group> = Flatten<
  { readonly [K in KeysOf<G> as undefined extends ValueOf<K> ? never : K]: ValueOf<K> } & {
    readonly [K in KeysOf<G> as undefined extends ValueOf<K> ? K : never]?: Exclude<
      ValueOf<K>,
      undefined
    >;
  }
>;

export type Mode = (typeof MODES)[number];
export type Topology = (typeof TOPOLOGIES)[number];
/**
 * Which part of a cohort a stack holds. `whole`: everything in one stack (a learner's sandbox, or a
 * one-stack cohort). `foundation`: what lives for the whole course (resource groups, the workspace
 * set, aml-cluster, each learner's compute instance and grants, trainers, budget). `lab`: only what
 * its labs add on top of a foundation stack, read through a StackReference.
 */
export type { StackPart } from "./kinds";

export type ComputeSettings = GroupValues<"compute"> & {
  /** The stop schedule's Windows time zone: `timeZone`, else the region's. */
  readonly timeZone: string;
  /** True when timeZone was not set and came from the region. */
  readonly timeZoneFromRegion: boolean;
};

export type WorkspaceSettings = GroupValues<"workspace">;

/** Overrides of the client configuration for the sandbox caller. */
export type IdentitySettings = GroupValues<"identity">;

/**
 * A stack's configuration, read and validated (readConfig). Not to be confused with the raw key
 * and value map of a stack file (cli/cohort/types.ts StackConfig).
 */
export type ValidatedConfig = GroupValues<"stack"> & {
  /** The foundation stack a lab stack builds on (part lab only), e.g. `c2612-foundation`. */
  readonly foundation?: string;
  /** What the labs need, merged (validated: every id exists). */
  readonly needs: MergedLabNeeds;
  /** Cohort id (cohort mode), or "sandbox". */
  readonly cohort: string;
  readonly learners: readonly Learner[];
  readonly trainers: readonly Trainer[];
  readonly compute: ComputeSettings;
  readonly workspace: WorkspaceSettings;
  readonly identity: IdentitySettings;
};
