/**
 * A fact about AWS the platform relies on (a table of sizes, limits,
 * accounts or versions): its value, the AWS page it comes from and the day
 * it was read, like the prices of `shared/cost/prices.ts`. When AWS changes
 * the page, the fact is updated here and nowhere else.
 */
export interface Fact<T> {
  readonly value: T;
  /** The documentation page the value comes from: AWS's, or the engine's own manual for an engine's rule. */
  readonly source: string;
  /** When the page was read (YYYY-MM-DD). */
  readonly read: string;
  /** What the value leaves out or assumes, where it matters. */
  readonly note?: string;
}

/** Every fact declared, for the test that checks each has a source and a date. */
export const FACTS: Fact<unknown>[] = [];

/** Declares a fact and registers it. */
export function fact<T>(f: Fact<T>): Fact<T> {
  FACTS.push(f);
  return f;
}
