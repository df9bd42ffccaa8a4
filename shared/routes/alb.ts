import { PlannedResource } from "../plan/capture";
import { cidrContains } from "./securityGroups";
import { list, num, obj, str, strings } from "./view";

/**
 * An ALB wildcard pattern as the load balancer matches it: case-sensitive,
 * `*` for zero or more characters, `?` for exactly one, the whole value.
 * Path patterns see only the path, not the query string.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions
 * and the PathPatternConditionConfig API reference (both read 2026-12-03).
 */
export function wildcardMatches(pattern: string, value: string, caseSensitive = true): boolean {
  const p = caseSensitive ? pattern : pattern.toLowerCase();
  const v = caseSensitive ? value : value.toLowerCase();
  // Iterative glob match with backtracking to the last `*`.
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === "?" || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

/** What of a request a listener rule's conditions read. */
export interface AlbRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly sourceAddress: string;
}

/**
 * Whether one condition block of a listener rule holds (values of a
 * condition are alternatives). A condition type the walk does not model
 * fails loudly rather than be taken as a match.
 */
export function conditionHolds(condition: unknown, req: AlbRequest): boolean {
  const c = obj(condition);
  if (c.pathPattern !== undefined) return strings(obj(c.pathPattern).values).some((p) => wildcardMatches(p, req.path));
  if (c.hostHeader !== undefined) return strings(obj(c.hostHeader).values).some((p) => wildcardMatches(p, req.host, false));
  if (c.httpRequestMethod !== undefined) return strings(obj(c.httpRequestMethod).values).includes(req.method);
  if (c.sourceIp !== undefined) return strings(obj(c.sourceIp).values).some((cidr) => cidrContains(cidr, req.sourceAddress));
  if (c.httpHeader !== undefined) {
    const h = obj(c.httpHeader);
    const value = req.headers[String(h.httpHeaderName).toLowerCase()];
    return value !== undefined && strings(h.values).some((p) => wildcardMatches(p, value, false));
  }
  if (c.queryStrings !== undefined) {
    const params = new URLSearchParams(req.query);
    return list(c.queryStrings).some((q) => {
      const { key, value } = obj(q);
      const k = str(key);
      return k === undefined
        ? [...params.values()].some((v) => wildcardMatches(String(value), v, false))
        : params.getAll(k).some((v) => wildcardMatches(String(value), v, false));
    });
  }
  throw new Error(`listener rule condition ${JSON.stringify(condition)} is of a type the request walk does not model`);
}

/**
 * The listener's rules in the order the load balancer evaluates them:
 * lowest priority number first; the default actions come after all of them.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html (read 2026-12-03)
 */
export function rulesInOrder(rules: readonly PlannedResource[]): PlannedResource[] {
  return [...rules].sort((a, b) => (num(a.inputs.priority) ?? 50_000) - (num(b.inputs.priority) ?? 50_000));
}

/** The first rule whose every condition holds, or undefined for the listener's default actions. */
export function matchingRule(rules: readonly PlannedResource[], req: AlbRequest): PlannedResource | undefined {
  return rulesInOrder(rules).find((rule) => list(rule.inputs.conditions).every((c) => conditionHolds(c, req)));
}

/** The action that answers: the first (by `order`) that is not an authentication step. */
export function answeringAction(actions: unknown): Readonly<Record<string, unknown>> | undefined {
  return list(actions)
    .map(obj)
    .sort((a, b) => (num(a.order) ?? 0) - (num(b.order) ?? 0))
    .find((a) => !String(a.type).startsWith("authenticate"));
}

/** A redirect action's Location, with the `#{protocol}`, `#{host}`, `#{port}`, `#{path}` and `#{query}` keys filled in. */
export function redirectLocation(
  redirect: Readonly<Record<string, unknown>>,
  req: { scheme: string; host: string; port: number; path: string; query: string },
): string {
  const fill = (template: unknown, fallback: string) =>
    String(template ?? fallback)
      .replace(/#\{protocol\}/g, req.scheme.toUpperCase())
      .replace(/#\{host\}/g, req.host)
      .replace(/#\{port\}/g, String(req.port))
      .replace(/#\{path\}/g, req.path.replace(/^\//, ""))
      .replace(/#\{query\}/g, req.query);
  const protocol = fill(redirect.protocol, "#{protocol}").toLowerCase();
  const query = fill(redirect.query, "#{query}");
  return `${protocol}://${fill(redirect.host, "#{host}")}:${fill(redirect.port, "#{port}")}${fill(redirect.path, "/#{path}")}${query === "" ? "" : `?${query}`}`;
}

/** `HTTP_301` -> 301. */
export function statusOf(code: unknown): number {
  return Number(String(code).replace(/^HTTP_/, ""));
}
