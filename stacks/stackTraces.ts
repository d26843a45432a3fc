import { optimisationsOn } from "./aliases";

/**
 * Speed at cohort scale under the real engine. `@pulumi/pulumi` records a stack trace for every
 * promise it creates (runtime/debuggable.js `debuggablePromise`, kept only for its report of leaked
 * promises with PULUMI_DEBUG_PROMISE_LEAKS), several per resource. Under `pulumi preview` and `up`
 * the program runs through ts-node, whose source-map support maps every frame of every such trace
 * back to TypeScript: measured with `npm run bench -- --engine-only --case shared-100-all --profile`,
 * 8.3 s of the program's 22 s of CPU. Nothing in a deployment reads those traces, so while the
 * program runs V8 records none (`Error.stackTraceLimit = 0`): errors keep their message, and the SDK's
 * source positions of resources are unaffected (it raises the limit itself for them). The same
 * holds whatever the providers are, so it applies to `pulumi up` against Azure as much as to the
 * stand-ins; the offline plan does the same around the program (plan/runUnderMocks.ts).
 *
 * DP100_OPTIMISE=0 switches it off (to debug the program, or with PULUMI_DEBUG_PROMISE_LEAKS).
 */
export function recordNoStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!optimisationsOn(env)) return false;
  Error.stackTraceLimit = 0;
  return true;
}
