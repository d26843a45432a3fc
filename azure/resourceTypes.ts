import type { NameKind } from "./nameRules";
import { ROWS } from "./resourceTypeRows";

/**
 * Azure facts: one row per azure-native resource type token this project registers or checks
 * (pure, no Pulumi import). Every other table (guardrail name checks, the offline plan's stand-in
 * ids and names, the resource providers a stack needs, the SDK alias list, cost classes) reads it.
 *
 * Sources, per column:
 * - `armType`: each type's Pulumi registry page (its Import section gives the ARM id format,
 *   https://www.pulumi.com/registry/packages/azure-native/api-docs/) and the REST spec folder
 *   `specification/<service>/resource-manager/<Namespace>` of Azure/azure-rest-api-specs. Its
 *   first segment is the resource provider namespace the PUT goes to.
 * - `nameInput`, `takesTags`: the type's `XxxArgs` in the installed @pulumi/azure-native, which
 *   is generated from those specs; tests/azure/resourceTypes.test.ts confirms every row there.
 * - `nameRule`: azure/nameRules.ts (Microsoft Learn, resource-name-rules).
 * - `cost`: the Azure pricing pages (https://azure.microsoft.com/pricing/): `none` has no charge of
 *   its own, `priced` is estimated by plan/cost.ts from plan/prices.json, `unpriced` may cost
 *   and is listed in the cost report as not estimated.
 *
 * The rows are in azure/resourceTypeRows.ts. Adding a type: a row there (the test checks it
 * against the SDK), its cost meter if priced, and the component that registers it.
 */

/** How a resource type is charged (see the module comment). */
export type CostClass = "none" | "priced" | "unpriced";

/** A further input of a type that is an Azure name (`*` = every element of an array). */
export interface NamePath {
  readonly path: readonly string[];
  readonly rule: NameKind;
}

export interface ResourceTypeRow {
  /** The ARM resource type it creates (`Namespace/type[/child]`). */
  readonly armType: string;
  /** The top-level input holding the resource's Azure name (the last segment of its ARM id). */
  readonly nameInput: string;
  /** The naming rule of that name (azure/nameRules.ts), when the project names this kind. */
  readonly nameRule?: NameKind;
  /** Other inputs that are Azure names, with their rules. */
  readonly otherNames?: readonly NamePath[];
  /**
   * For an extension resource (one that lives on another resource: its id is that resource's id
   * plus `/providers/<armType>/<name>`), the input holding the ARM id it extends. Source:
   * https://learn.microsoft.com/azure/azure-resource-manager/management/extension-resource-types.
   */
  readonly scopeInput?: "scope" | "resourceUri";
  /** Whether its Args take a top-level `tags` map (ARM resource tags). */
  readonly takesTags: boolean;
  readonly cost: CostClass;
  /** Whether some version of this project has registered it (stacks/aliases.ts relies on it). */
  readonly registered: boolean;
}

/** Every azure-native type token with a row, e.g. `azure-native:machinelearningservices:Compute`. */
export type ResourceTypeToken = keyof typeof ROWS;

/** The rows, by token. */
export const RESOURCE_TYPES: Readonly<Record<ResourceTypeToken, ResourceTypeRow>> = ROWS;

/** Every token with a row, in table order. */
export const RESOURCE_TYPE_TOKENS = Object.keys(ROWS) as ResourceTypeToken[];

/**
 * A type token without an explicit API version (`azure-native:storage/v20230101:X` ->
 * `azure-native:storage:X`; also `...v20240401preview`); other tokens are returned as they are.
 */
export function unversionedType(type: string): string {
  const parts = type.split(":");
  if (parts.length !== 3) return type;
  return `${parts[0]}:${parts[1].replace(/\/v\d{8}(preview)?$/i, "")}:${parts[2]}`;
}

/** Whether `type` (versioned or not) has a row. */
export function isResourceTypeToken(type: string): type is ResourceTypeToken {
  return Object.prototype.hasOwnProperty.call(ROWS, unversionedType(type));
}

/** The row of a type token (versioned or not), or undefined for a type without one. */
export function resourceType(type: string): ResourceTypeRow | undefined {
  const t = unversionedType(type);
  return isResourceTypeToken(t) ? RESOURCE_TYPES[t] : undefined;
}

/** The resource provider namespace of an ARM type (`Microsoft.Insights/components` -> `Microsoft.Insights`). */
export function namespaceOf(armType: string): string {
  return armType.split("/")[0];
}

/** The resource provider namespace a type's PUT goes to, or undefined for a type without a row. */
export function providerNamespace(type: string): string | undefined {
  const row = resourceType(type);
  return row && namespaceOf(row.armType);
}

/** Every Azure name input of a type the project names, with its rule: the guardrail checks these. */
export function nameChecks(type: string): readonly NamePath[] {
  const row = resourceType(type);
  if (!row?.nameRule) return [];
  return [{ path: [row.nameInput], rule: row.nameRule }, ...(row.otherNames ?? [])];
}

/** The tokens of a cost class, e.g. every type with no charge of its own. */
export function typesOfCost(cost: CostClass): ResourceTypeToken[] {
  return RESOURCE_TYPE_TOKENS.filter((t) => RESOURCE_TYPES[t].cost === cost);
}

/** Views of the table, by token, for code that looks up any type string. */
export const ARM_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  RESOURCE_TYPE_TOKENS.map((t) => [t, RESOURCE_TYPES[t].armType]),
);
export const NAME_INPUT: Readonly<Record<string, string>> = Object.fromEntries(
  RESOURCE_TYPE_TOKENS.map((t) => [t, RESOURCE_TYPES[t].nameInput]),
);
