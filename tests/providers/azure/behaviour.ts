/**
 * TEST DOUBLES. One behaviour of Azure that the stand-in azure-native provider reproduces. Each is
 * a model of Azure, not of this project: what it refuses, returns or replaces comes from Azure's
 * REST specifications or its documented or publicly reported behaviour, and `source` names where
 * (a Microsoft Learn page, an issue such as `Azure/AML-Kubernetes#261`). Never derive a behaviour
 * from the project's own rules: a check that reuses them proves nothing about Azure.
 */

/** Wire-form property bag (secrets and unknowns as @pulumi/pulumi sends them). */
export type Props = Record<string, unknown>;

export interface RefuseContext {
  /** The azure-native type token, e.g. `azure-native:machinelearningservices:Compute`. */
  readonly type: string;
  /** The resource's logical name. */
  readonly name: string;
  /** The inputs of the PUT. */
  readonly inputs: Props;
  /** The inputs the resource was created or last updated with; undefined on create. */
  readonly olds?: Props;
  /** `create` for the first PUT, `update` for a PUT on an existing resource. */
  readonly op: "create" | "update";
  /**
   * The inputs of every resource the stand-in has created or updated in this process, by
   * `type` then ARM-ish name, for behaviours that depend on another resource (an attach that
   * reads its cluster's settings). Only what this provider process has seen.
   */
  readonly known: ReadonlyMap<string, Props[]>;
}

/** A check failure as a provider reports it (`property` empty when it names none). */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export interface AzureBehaviour {
  /** Short kebab-case id, used in error messages and test names. */
  readonly id: string;
  /** Public source of the behaviour: a Microsoft Learn page, a REST spec path or an issue. */
  readonly source: string;
  /** The azure-native type tokens it applies to. */
  readonly types: readonly string[];
  /**
   * The failures the azure-native provider reports when it checks these inputs (at preview, before
   * any call to Azure), e.g. a value against the REST specification's pattern; none when it
   * accepts them.
   */
  check?(type: string, inputs: Props): readonly CheckFailure[];
  /**
   * The error Azure returns for this PUT (create or update), as its message text; undefined when
   * Azure accepts it. The stand-in fails the create or update with it.
   */
  refuse?(ctx: RefuseContext): string | undefined;
  /**
   * What Azure returns for a resource created or updated with `inputs`: the given outputs with
   * Azure's rewriting applied (e.g. a value upper-cased). Applied to create, update and read
   * results; on read, to the inputs that refresh reconstructs from Azure's answer too.
   */
  returned?(type: string, props: Props): Props;
  /**
   * Input paths (top-level keys) whose change Azure cannot apply in place, so the provider reports
   * a replace for them. Added to the id segments the stand-in always replaces on.
   */
  replaceOn?(type: string): readonly string[];
}
