import { instanceLogicalName } from "../../stacks/compose";
import { StateResource } from "./types";

/** The Pulumi type of Azure ML computes (instances and clusters alike). */
export const COMPUTE_TYPE = "azure-native:machinelearningservices:Compute";

/** The parts of `urn:pulumi:<stack>::<project>::<parent$...$type>::<name>`. */
export interface ParsedUrn {
  readonly stack: string;
  readonly project: string;
  /** The resource's own type (the last `$` segment). */
  readonly type: string;
  /** The logical name (may itself contain `::`). */
  readonly name: string;
}

export function parseUrn(urn: string): ParsedUrn | undefined {
  const prefix = "urn:pulumi:";
  if (!urn.startsWith(prefix)) return undefined;
  const parts = urn.slice(prefix.length).split("::");
  if (parts.length < 4) return undefined;
  const [stack, project, qualifiedType, ...name] = parts;
  const types = qualifiedType.split("$");
  return { stack, project, type: types[types.length - 1], name: name.join("::") };
}

const fold = (s: string) => s.normalize("NFC").toLowerCase();

/**
 * Finds the URN of one learner's compute instance: the `azure-native:machinelearningservices:Compute`
 * the stack program creates for that learner. Its logical name is `<instanceLogicalName(id)>-compute`
 * (the ComputeInstance component `ci-<slug>` of stacks/compose.ts and its Compute child); a name
 * `<something>-ci-<learnerId>` (case-insensitive, as learner ids are unique that way) is accepted too.
 * Clusters are left out by their `computeType` when the state records it. When several names
 * match, or none, the answer says so rather than guessing.
 */
export function findLearnerComputeUrn(
  resources: readonly StateResource[],
  learnerId: string,
  logicalNameOf: (learnerId: string) => string = instanceLogicalName,
): { urn: string } | { error: string } {
  const id = learnerId.trim();
  if (!id) return { error: "the learner id is empty" };
  const component = fold(logicalNameOf(id));
  const exactNames = new Set([component, `${component}-compute`]);
  const suffix = `-ci-${fold(id)}`;
  const exact: string[] = [];
  const bySuffix: Array<{ urn: string; head: string }> = [];
  for (const r of resources) {
    if (r.type !== COMPUTE_TYPE) continue;
    const parsed = parseUrn(r.urn);
    if (!parsed) continue;
    const computeType = (r.inputs?.properties as { computeType?: unknown } | undefined)
      ?.computeType;
    if (typeof computeType === "string" && computeType !== "ComputeInstance") continue;
    const name = fold(parsed.name);
    if (exactNames.has(name)) exact.push(r.urn);
    else if (name.endsWith(suffix) && name.length > suffix.length) {
      bySuffix.push({ urn: r.urn, head: name.slice(0, name.length - suffix.length) });
    }
  }
  if (exact.length === 1) return { urn: exact[0] };
  if (exact.length > 1) {
    return { error: `several compute instances match learner '${learnerId}': ${exact.join(", ")}` };
  }
  // Learners "ada" and "bob-ci-ada": for "ada", prefer the name whose head has no "-ci-" itself.
  let matches = bySuffix;
  if (matches.length > 1) matches = matches.filter((c) => !c.head.includes("-ci-"));
  if (matches.length === 1) return { urn: matches[0].urn };
  if (bySuffix.length === 0) {
    return { error: `no compute instance for learner '${learnerId}' in this stack` };
  }
  return {
    error:
      `several compute instances match learner '${learnerId}': ` +
      bySuffix.map((c) => c.urn).join(", "),
  };
}
