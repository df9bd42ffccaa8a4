import * as pulumi from "@pulumi/pulumi";

/**
 * What the offline plan switches off in Pulumi's runtime, and why it may.
 *
 * - `debuggablePromise` records `new Error().stack` for every promise the
 *   runtime makes, to report leaked promises when a deployment's process
 *   exits; `Resource.callsites` records a full stack trace (no depth limit)
 *   for every resource, the source position the engine shows. A plan under
 *   the mocks deploys nothing and reads neither, and under jest (whose
 *   stack traces go through source maps) they were a third of the suite's time.
 *
 * Both are internals of `@pulumi/pulumi` (pinned in package.json). The test
 * `test/plan/offlineRuntime.test.ts` fails when the SDK no longer has them,
 * so an upgrade cannot silently bring the cost back or break the plan.
 */
interface Debuggable {
  debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
}
interface WithCallsites {
  callsites(): unknown[];
}

/** The module of `debuggablePromise`, as the runtime's modules call it (a property read at each call). */
export const DEBUGGABLE_MODULE = "@pulumi/pulumi/runtime/debuggable";

let applied = false;

/** Switches the two traces off in this process, once; a real deployment (the Automation API) never calls it. */
export function useOfflineRuntime(): void {
  if (applied) return;
  const debuggable = require(DEBUGGABLE_MODULE) as Debuggable;
  const resource = pulumi.Resource as unknown as WithCallsites;
  if (typeof debuggable.debuggablePromise !== "function" || typeof resource.callsites !== "function") {
    throw new Error(
      `@pulumi/pulumi no longer has debuggablePromise or Resource.callsites: review shared/plan/offlineRuntime.ts for this SDK version`,
    );
  }
  debuggable.debuggablePromise = <T>(p: Promise<T>) => p;
  resource.callsites = () => [];
  applied = true;
}
