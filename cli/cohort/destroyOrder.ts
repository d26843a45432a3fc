import { shortStackName } from "./config";
import { FOUNDATION_KEY } from "./layout";
import { StackResult, StackTarget } from "./orchestrate";

/**
 * The order of a destroy across cohorts (`destroy --expired`), as `destroy --cohort` does it for
 * one: lab stacks first, then each foundation, because a lab stack's resources live in its
 * foundation's resource group and workspace. A foundation is told by its name,
 * `<cohort's short part>-foundation` (layout.ts), the only thing a clean checkout knows of it.
 */

const SUFFIX = `-${FOUNDATION_KEY}`;

/** The cohort prefix (`<short part>-`) of a foundation stack, or undefined for another stack. */
function foundationPrefix(stack: string): string | undefined {
  const short = shortStackName(stack);
  return short.endsWith(SUFFIX) ? short.slice(0, -FOUNDATION_KEY.length) : undefined;
}

/** Splits targets into the lab (and other) stacks, destroyed first, and the foundations, last. */
export function splitFoundations(targets: readonly StackTarget[]): {
  readonly first: StackTarget[];
  readonly foundations: StackTarget[];
} {
  return {
    first: targets.filter((t) => foundationPrefix(t.stack) === undefined),
    foundations: targets.filter((t) => foundationPrefix(t.stack) !== undefined),
  };
}

/**
 * The foundations whose cohort's stacks were all destroyed (they go now), and those kept because
 * one of their lab stacks was not.
 */
export function clearedFoundations(
  foundations: readonly StackTarget[],
  results: readonly StackResult[],
): { readonly go: StackTarget[]; readonly kept: StackTarget[] } {
  const failedOf = (f: StackTarget) => {
    const prefix = foundationPrefix(f.stack)!;
    return results.some(
      (r) => shortStackName(r.stack).startsWith(prefix) && r.outcome !== "succeeded",
    );
  };
  return {
    go: foundations.filter((f) => !failedOf(f)),
    kept: foundations.filter(failedOf),
  };
}
