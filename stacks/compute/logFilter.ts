/**
 * The application's queue-depth log line and the metric filter that turns it
 * into the PendingOrders metric. The API logs, at least once a minute, one
 * JSON line such as {@link SAMPLE_QUEUE_DEPTH_LINE}.
 */
export const SAMPLE_QUEUE_DEPTH_LINE = '{"level":"info","msg":"queue depth","pendingOrders":42}';

/**
 * Matches the queue-depth line: the message, and a numeric, non-negative
 * `pendingOrders`. Each condition is parenthesised, the form CloudWatch Logs
 * documents for conditions joined by `&&`.
 */
export const PENDING_ORDERS_PATTERN = '{ ($.msg = "queue depth") && ($.pendingOrders >= 0) }';

/** The metric value: the line's `pendingOrders` field. */
export const PENDING_ORDERS_VALUE = "$.pendingOrders";

type Operator = "=" | "!=" | ">=" | "<=" | ">" | "<";

interface Condition {
  readonly path: readonly string[];
  readonly op: Operator;
  readonly value: string | number;
}

const CONDITION = /^\$\.([A-Za-z_][\w.]*)\s*(!=|>=|<=|=|>|<)\s*(?:"([^"]*)"|(-?\d+(?:\.\d+)?))$/;

/**
 * Parses the subset of CloudWatch Logs' JSON filter syntax the layer uses:
 * `{ cond && cond ... }` where each condition is `$.field op value`, bare or
 * in one pair of parentheses, with a dotted field path, one of = != >= <= > <,
 * and a quoted string (= and != only) or a number. Throws on anything else.
 */
export function parseJsonFilter(pattern: string): Condition[] {
  const body = /^\{\s*(.*?)\s*\}$/.exec(pattern.trim());
  if (!body) throw new Error(`not a JSON filter pattern: ${pattern}`);
  return body[1].split("&&").map((part) => {
    const clause = part.trim();
    const m = CONDITION.exec(/^\(.*\)$/.test(clause) ? clause.slice(1, -1).trim() : clause);
    if (!m || (m[3] !== undefined && m[2] !== "=" && m[2] !== "!=")) throw new Error(`unsupported condition: ${clause}`);
    return { path: m[1].split("."), op: m[2] as Operator, value: m[3] ?? Number(m[4]) };
  });
}

/** The value at a JSON path, such as `$.pendingOrders`; undefined when the line is not JSON or lacks the field. */
export function jsonField(line: string, path: string): unknown {
  let node: unknown;
  try {
    node = JSON.parse(line);
  } catch {
    return undefined;
  }
  for (const key of path.replace(/^\$\./, "").split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function holds(c: Condition, field: unknown): boolean {
  if (typeof c.value === "string") return typeof field === "string" && (c.op === "=") === (field === c.value);
  if (typeof field !== "number") return false;
  switch (c.op) {
    case "=":
      return field === c.value;
    case "!=":
      return field !== c.value;
    case ">=":
      return field >= c.value;
    case "<=":
      return field <= c.value;
    case ">":
      return field > c.value;
    case "<":
      return field < c.value;
  }
}

/** True when a log line matches a JSON filter pattern (of the subset `parseJsonFilter` reads). */
export function matchesJsonFilter(pattern: string, line: string): boolean {
  return parseJsonFilter(pattern).every((c) => holds(c, jsonField(line, `$.${c.path.join(".")}`)));
}
