import { PENDING_ORDERS_HIGH_RES_METRIC_NAME } from "../../shared";

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

/**
 * The queue-depth line as the API writes it every `QUEUE_DEPTH_REPORT_SECONDS`
 * (5) seconds from every task: the documented line (which the metric filter still
 * reads, so an API that writes only the old line keeps its one-minute metric)
 * plus the same count as `PendingOrdersHighRes`, declared in CloudWatch's
 * embedded metric format with a one-second storage resolution. CloudWatch
 * Logs extracts the metric from the line the awslogs driver sends; the
 * `x-amzn-logs-format` header is optional
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Generation_PutLogEvents.html;
 * format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 */
export function queueDepthLine(namespace: string, pendingOrders: number, timestampMs: number): string {
  return JSON.stringify({
    level: "info",
    msg: "queue depth",
    pendingOrders,
    [PENDING_ORDERS_HIGH_RES_METRIC_NAME]: pendingOrders,
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [[]],
          Metrics: [{ Name: PENDING_ORDERS_HIGH_RES_METRIC_NAME, Unit: "Count", StorageResolution: 1 }],
        },
      ],
    },
  });
}

/** A metric value CloudWatch Logs extracts from a line in embedded metric format. */
export interface EmbeddedMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: readonly string[];
  readonly value: number;
  readonly unit: string | undefined;
  readonly storageResolution: number;
  readonly timestampMs: number;
}

/**
 * The metrics a line yields under the embedded metric format's rules (the
 * specification above): an `_aws` object with a numeric `Timestamp` and
 * `CloudWatchMetrics` directives, each with a `Namespace`, `Dimensions` (sets
 * of member names that must be strings on the line) and `Metrics`, whose
 * `Name` is the line's member holding a number (or array of numbers);
 * `StorageResolution` 1 or 60, 60 when absent. Anything else yields nothing,
 * as CloudWatch Logs would extract nothing from it.
 */
export function embeddedMetrics(line: string): EmbeddedMetric[] {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return [];
  }
  if (doc === null || typeof doc !== "object") return [];
  const root = doc as Record<string, unknown>;
  const meta = root._aws as { Timestamp?: unknown; CloudWatchMetrics?: unknown } | undefined;
  if (meta === undefined || typeof meta.Timestamp !== "number" || !Array.isArray(meta.CloudWatchMetrics)) return [];
  const timestampMs = meta.Timestamp;
  return (meta.CloudWatchMetrics as { Namespace?: unknown; Dimensions?: unknown; Metrics?: unknown }[]).flatMap((directive) => {
    const sets = Array.isArray(directive.Dimensions) ? (directive.Dimensions as unknown[]) : [];
    const validSets = sets.filter((set): set is string[] => Array.isArray(set) && set.every((k) => typeof root[k as string] === "string"));
    if (typeof directive.Namespace !== "string" || !Array.isArray(directive.Metrics) || validSets.length !== sets.length) return [];
    const namespace = directive.Namespace;
    return (directive.Metrics as { Name?: unknown; Unit?: unknown; StorageResolution?: unknown }[]).flatMap((metric) => {
      const value = typeof metric.Name === "string" ? root[metric.Name] : undefined;
      const resolution = metric.StorageResolution ?? 60;
      if (typeof value !== "number" || (resolution !== 1 && resolution !== 60)) return [];
      return validSets.map((set) => ({
        namespace,
        name: metric.Name as string,
        dimensions: set,
        value,
        unit: typeof metric.Unit === "string" ? metric.Unit : undefined,
        storageResolution: resolution,
        timestampMs,
      }));
    });
  });
}
