/**
 * Comparing two planned values: the input paths that differ, each with its
 * value before and after, where a value that comes from a replaced resource
 * (its new id or ARN) is "known after apply", as `pulumi preview` shows it.
 */

/** A path into an input: keys and array indices, e.g. `["loadBalancers", 0, "targetGroupArn"]`. */
export type Path = readonly (string | number)[];

/** What a value becomes when it names a resource that is replaced: AWS gives the new one its id and ARN on apply. */
export const KNOWN_AFTER_APPLY = "(known after apply)";

/** One changed value. */
export interface ValueChange {
  /** As Pulumi writes it: `loadBalancers[0].targetGroupArn`; inside a JSON string input the path continues into the document. */
  readonly path: string;
  /** The same path, key by key. */
  readonly segments: Path;
  /** Absent when the input is added. */
  readonly before?: unknown;
  /** Absent when the input is removed; {@link KNOWN_AFTER_APPLY} when it names a replaced resource. */
  readonly after?: unknown;
  /** For a value known after apply: what is replaced, e.g. `api-task (aws:ecs/taskDefinition:TaskDefinition) is replaced`. */
  readonly because?: string;
}

/** Finds, in a string, a value that a replaced resource will change; returns why, or undefined. */
export type Renewal = (text: string) => string | undefined;

/** Never renews anything: the comparison of plain values. */
export const NOTHING_RENEWED: Renewal = () => undefined;

/** `a.b[0].c`, the way Pulumi and the plan's `ignoreChanges` write a path. */
export function formatPath(path: Path): string {
  return path.map((seg, i) => (typeof seg === "number" ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join("");
}

/** The keys of a path without the indices: what a schema names (a list block's elements share its properties). */
export function schemaPath(path: Path): string[] {
  return path.filter((seg): seg is string => typeof seg === "string");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Deep equality of plain JSON values; object keys in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

/** A JSON document held in a string input (container definitions, policies, dashboards), or undefined. */
function jsonDocument(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether anything in a value would be renewed, and why (the first reason found). */
function renewedIn(value: unknown, renewal: Renewal): string | undefined {
  if (typeof value === "string") return renewal(value);
  if (Array.isArray(value)) {
    for (const v of value) {
      const why = renewedIn(v, renewal);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (isObject(value)) return renewedIn(Object.values(value), renewal);
  return undefined;
}

/**
 * The changes from `before` to `after` under `path`, appended to `out`: an
 * object or an array of the same length is compared element by element, a
 * JSON document in a string as a document, anything else as a whole. A value
 * equal on both sides that `renewal` recognises (an id or ARN of a replaced
 * resource) becomes {@link KNOWN_AFTER_APPLY}.
 */
export function compareValues(before: unknown, after: unknown, renewal: Renewal, path: Path = [], out: ValueChange[] = []): ValueChange[] {
  if (sameValue(before, after)) {
    const because = renewedIn(after, renewal);
    if (because === undefined) return out;
    const doc = typeof after === "string" ? jsonDocument(after) : undefined;
    if (isObject(after) || Array.isArray(after) || doc !== undefined) {
      const inner = doc ?? after;
      return compareContainers(inner, inner, renewal, path, out);
    }
    out.push({ path: formatPath(path), segments: path, before, after: KNOWN_AFTER_APPLY, because });
    return out;
  }
  if (typeof before === "string" && typeof after === "string") {
    const [a, b] = [jsonDocument(before), jsonDocument(after)];
    if (a !== undefined && b !== undefined) return compareValues(a, b, renewal, path, out);
  }
  if ((isObject(before) && isObject(after)) || (Array.isArray(before) && Array.isArray(after) && before.length === after.length)) {
    return compareContainers(before, after, renewal, path, out);
  }
  out.push({
    path: formatPath(path),
    segments: path,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  });
  return out;
}

function compareContainers(before: unknown, after: unknown, renewal: Renewal, path: Path, out: ValueChange[]): ValueChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    after.forEach((v, i) => compareValues(before[i], v, renewal, [...path, i], out));
    return out;
  }
  const [a, b] = [before as Record<string, unknown>, after as Record<string, unknown>];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
    compareValues(a[key], b[key], renewal, [...path, key], out);
  return out;
}

/** The strings of a value, recursively (the leaves an output or an input hands on). */
export function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (isObject(value)) return Object.values(value).flatMap(stringsOf);
  return [];
}

/** Shortens a value for the report: its JSON, the middle cut out past `max` characters (the tail of an ARN or image tag says most). */
export function shortValue(value: unknown, max = 72): string {
  if (value === KNOWN_AFTER_APPLY) return value;
  const text = JSON.stringify(value) ?? String(value);
  if (text.length <= max) return text;
  const keep = Math.floor((max - 1) / 2);
  return `${text.slice(0, keep)}…${text.slice(text.length - keep)}`;
}
