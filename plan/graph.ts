import { PlannedResource } from "./types";

/**
 * The creation-order graph of a plan: which resources must exist before which. Its depth (the
 * longest chain of resources created one after another) is a proxy for how long `pulumi up` takes,
 * since the engine creates everything else in parallel.
 */
export interface GraphReport {
  /** Resources on the longest chain (custom resources only). */
  readonly depth: number;
  /** That chain, first created first. */
  readonly criticalPath: string[];
  /** Dependency edges between custom resources (components expanded to their children). */
  readonly edges: number;
  /** Pairs of learners where one learner's resource waits on another's (should be none). */
  readonly crossLearnerDependencies: number;
}

/** Builds the graph from each resource's dependencies (URNs, as registered). */
export function analyseGraph(
  resources: readonly PlannedResource[],
  dependencies: ReadonlyMap<string, readonly string[]>,
  learnerOf: (r: PlannedResource) => string | undefined,
): GraphReport {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string, PlannedResource[]>();
  for (const r of resources) {
    if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  }
  // Depending on a component means waiting for all its custom descendants.
  const customUnder = (urn: string, seen = new Set<string>()): string[] => {
    const r = byUrn.get(urn);
    if (!r || seen.has(urn)) return [];
    seen.add(urn);
    if (r.custom) return [urn];
    return (children.get(urn) ?? []).flatMap((c) => customUnder(c.urn, seen));
  };
  const deps = new Map<string, string[]>();
  let edges = 0;
  let cross = 0;
  for (const r of resources) {
    if (!r.custom) continue;
    const mine = [
      ...new Set((dependencies.get(r.urn) ?? []).flatMap((d) => customUnder(d))),
    ].filter((d) => d !== r.urn);
    deps.set(r.urn, mine);
    edges += mine.length;
    const me = learnerOf(r);
    for (const d of mine) {
      const other = learnerOf(byUrn.get(d)!);
      if (other !== undefined && other !== me) cross++;
    }
  }
  const longest = new Map<string, string[]>();
  const visiting = new Set<string>();
  const chain = (urn: string): string[] => {
    const known = longest.get(urn);
    if (known) return known;
    if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    visiting.add(urn);
    let best: string[] = [];
    for (const d of deps.get(urn) ?? []) {
      const c = chain(d);
      if (c.length > best.length) best = c;
    }
    visiting.delete(urn);
    const result = [...best, urn];
    longest.set(urn, result);
    return result;
  };
  let critical: string[] = [];
  for (const urn of deps.keys()) {
    const c = chain(urn);
    if (c.length > critical.length) critical = c;
  }
  return {
    depth: critical.length,
    criticalPath: critical.map(
      (u) => `${byUrn.get(u)!.type.split(":").pop()}::${byUrn.get(u)!.name}`,
    ),
    edges,
    crossLearnerDependencies: cross,
  };
}
