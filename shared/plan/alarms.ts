/*
 * The state of every planned CloudWatch alarm at rest: before the first image
 * (the service runs zero tasks) or with idle tasks, and no client traffic, on
 * a new stack. At rest no alarm may be in ALARM (nor notify).
 *
 * The model reads each `aws:cloudwatch/metricAlarm:MetricAlarm` of a plan
 * (namespace, metric name and statistic, or metric math queries; comparison,
 * threshold, missing-data treatment, evaluation periods, datapoints to alarm),
 * takes what each metric does at rest from `METRICS_AT_REST` (no data, or an
 * idle value), and applies CloudWatch's rules:
 * - with data, every period holds the same value at rest, so the alarm is
 *   ALARM when that value breaches the threshold (then M of N periods do), else OK;
 * - without data, the missing-data treatment decides ("Configuring how
 *   CloudWatch alarms treat missing data",
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data):
 *   breaching -> ALARM, notBreaching -> OK, ignore -> the current state (a
 *   new alarm starts in INSUFFICIENT_DATA), missing (the default) -> INSUFFICIENT_DATA.
 *
 * Metric math (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html)
 * is evaluated on the at-rest values: `FILL(m, s)` gives `s` when `m` has no
 * data (assumed even when `m` has none at all in the range: a filled value
 * that breaches counts as ALARM); in `+ - * /` "missing values in a time
 * series are treated as 0", so a sum has data when either side has, and none
 * when neither has; a series with no data combined with a scalar has none; "if
 * the value of a data point causes a function to attempt to divide by zero,
 * the data point is dropped"; `MAX`, `MIN` and `SUM` of an array take the
 * series that have data. A metric, function or setting the model does not
 * know makes it throw: a new alarm's metric must be added to the table.
 */
import { BACKUP_CHECK_PASSED_METRIC_NAME, PENDING_ORDERS_HIGH_RES_METRIC_NAME, PENDING_ORDERS_METRIC_NAME } from "../metrics";
import { Plan } from "./runner";

/** The type token of the alarms the model reads. */
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

export type AlarmState = "OK" | "INSUFFICIENT_DATA" | "ALARM";

/** The states in the order the summary counts them. */
export const ALARM_STATES: readonly AlarmState[] = ["OK", "INSUFFICIENT_DATA", "ALARM"];

/** What a metric does at rest: its value (null: not reported), why, and where that is documented. */
export interface MetricAtRest {
  readonly value: number | null;
  readonly why: string;
  readonly source: string;
}

/** The table key of the platform's own metrics, whatever their `<system>/<suffix>` namespace. */
export const PLATFORM_NAMESPACE = "<platform>";

const ELB_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html";
const ECS_DOC = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html";
const RDS_DOC = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html";
const GIB = 1024 * 1024 * 1024;

const alb: MetricAtRest = {
  value: null,
  why: "not reported: Elastic Load Balancing reports metrics only while requests flow through the load balancer",
  source: ELB_DOC,
};
const ecs: MetricAtRest = {
  value: null,
  why: "not reported: ECS sends no metrics for a service without RUNNING tasks (none before the first image)",
  source: ECS_DOC,
};
/** An Aurora instance metric: reported every minute whatever the load, at the idle value given. */
const rds = (value: number, why: string): MetricAtRest => ({
  value,
  why: `reported every minute; assumed idle value ${why}`,
  source: RDS_DOC,
});

/**
 * What each metric the platform's alarms watch does at rest, by
 * `<namespace> <metric name>` (the platform's own namespaces as
 * `PLATFORM_NAMESPACE`). An idle value is an assumption stated with it; the
 * model compares it to each alarm's threshold.
 */
export const METRICS_AT_REST: Readonly<Record<string, MetricAtRest>> = {
  "AWS/ApplicationELB RequestCount": alb,
  "AWS/ApplicationELB HTTPCode_Target_5XX_Count": alb,
  "AWS/ApplicationELB HTTPCode_ELB_5XX_Count": alb,
  "AWS/ApplicationELB HealthyHostCount": alb,
  "AWS/ApplicationELB UnHealthyHostCount": alb,
  "AWS/ApplicationELB TargetResponseTime": alb,
  "AWS/ECS CPUUtilization": ecs,
  "AWS/ECS MemoryUtilization": ecs,
  "AWS/RDS CPUUtilization": rds(20, "20 (%): Aurora's background processes alone, about 8-10% on an idle instance, doubled"),
  "AWS/RDS DatabaseConnections": rds(5, "5: no task holds a connection; RDS's own sessions (rdsadmin, monitoring) are a few"),
  "AWS/RDS AuroraReplicaLagMaximum": rds(
    100,
    "100 (ms): idle replicas lag tens of milliseconds (a cluster without readers reports none: no lag either)",
  ),
  "AWS/RDS FreeLocalStorage": rds(
    4 * GIB,
    "4 GiB (bytes): a new instance's local storage holds only its first logs and no temporary files",
  ),
  "AWS/WAFV2 BlockedRequests": {
    value: null,
    why: "not reported: WAF counts web requests, and without requests there is nothing to count",
    source: "https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html",
  },
  "AWS/ApiGateway 5XXError": {
    value: null,
    why: "not reported: API Gateway's per-request metrics have no data points without requests (an Average of 0 would not breach either)",
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html",
  },
  "AWS/ElastiCache DatabaseMemoryUsagePercentage": {
    value: 5,
    why: "reported every minute per node; assumed idle value 5 (%): an empty cache uses a few MB of its maxmemory",
    source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html",
  },
  [`${PLATFORM_NAMESPACE} ${PENDING_ORDERS_METRIC_NAME}`]: {
    value: null,
    why: "not reported: the compute layer's log metric filter (no default value) emits it only when a log line matches, and no task logs",
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html",
  },
  [`${PLATFORM_NAMESPACE} ${PENDING_ORDERS_HIGH_RES_METRIC_NAME}`]: {
    value: null,
    why: "not reported: CloudWatch Logs extracts it from the tasks' queue-depth lines (embedded metric format), and no task logs",
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html",
  },
  [`${PLATFORM_NAMESPACE} ${BACKUP_CHECK_PASSED_METRIC_NAME}`]: {
    value: 1,
    why: "1 from the deploy on: the data layer runs the check once at deploy, and it passes while no backup is due yet (the cluster is younger than the maximum age); then daily",
    source: "stacks/data/backupVerification.ts (aws.lambda.Invocation), stacks/data/backupCheck/handler.ts (allowNewCluster)",
  },
};

/** One planned alarm at rest. */
export interface AlarmAtRest {
  readonly name: string;
  readonly layer: string;
  /** The metric or expression, the comparison, and the periods that must breach. */
  readonly watches: string;
  /** The watched value at rest; null: no data. */
  readonly data: number | null;
  readonly state: AlarmState;
  readonly why: string;
}

type Inputs = Readonly<Record<string, unknown>>;

const COMPARISONS: Readonly<Record<string, { readonly symbol: string; readonly breaches: (value: number, threshold: number) => boolean }>> =
  {
    GreaterThanThreshold: { symbol: ">", breaches: (v, t) => v > t },
    GreaterThanOrEqualToThreshold: { symbol: ">=", breaches: (v, t) => v >= t },
    LessThanThreshold: { symbol: "<", breaches: (v, t) => v < t },
    LessThanOrEqualToThreshold: { symbol: "<=", breaches: (v, t) => v <= t },
  };

const MISSING: Readonly<Record<string, { readonly state: AlarmState; readonly why: string }>> = {
  breaching: { state: "ALARM", why: "missing data is treated as breaching" },
  notBreaching: { state: "OK", why: "missing data is treated as not breaching" },
  ignore: {
    state: "INSUFFICIENT_DATA",
    why: "missing data is ignored: the alarm keeps its state, and a new alarm starts in INSUFFICIENT_DATA",
  },
  missing: { state: "INSUFFICIENT_DATA", why: "with every data point missing the alarm is INSUFFICIENT_DATA" },
};

/** What the table says of a metric; throws when it has no row for it. */
export function metricAtRest(namespace: string, metricName: string, table = METRICS_AT_REST): MetricAtRest {
  const key = `${namespace.startsWith("AWS/") ? namespace : PLATFORM_NAMESPACE} ${metricName}`;
  const found = table[key];
  if (found === undefined) {
    throw new Error(
      `the model does not know what ${namespace} ${metricName} does at rest: add "${key}" to METRICS_AT_REST (shared/plan/alarms.ts)`,
    );
  }
  return found;
}

/** A value of a metric math expression at rest: a time series (with or without data) or a scalar. */
interface Value {
  readonly series: boolean;
  readonly value: number | undefined;
}

const AGGREGATES: Readonly<Record<string, (values: number[]) => number>> = {
  MAX: (values) => Math.max(...values),
  MIN: (values) => Math.min(...values),
  SUM: (values) => values.reduce((a, b) => a + b, 0),
};

function arithmetic(op: string, a: Value, b: Value): Value {
  const series = a.series || b.series;
  // A series without data: with a scalar nothing is computed; with another series it counts as 0 unless both lack data.
  if (a.value === undefined || b.value === undefined) {
    if ((a.value === undefined && b.value === undefined) || !a.series || !b.series) return { series, value: undefined };
  }
  const [x, y] = [a.value ?? 0, b.value ?? 0];
  if (op === "/" && y === 0) return { series, value: undefined };
  const value = op === "+" ? x + y : op === "-" ? x - y : op === "*" ? x * y : x / y;
  return { series, value };
}

/** Evaluates a metric math expression at rest, `ref` giving the value of each query id it names. */
export function evaluateExpression(expression: string, ref: (id: string) => Value): Value {
  const tokens = expression.match(/\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|\S/g) ?? [];
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`the model cannot evaluate ${what} in the metric math expression "${expression}"`);
  };
  const expect = (token: string): void => {
    if (tokens[pos] !== token) fail(`${tokens[pos] ?? "its end"} where "${token}" belongs`);
    pos++;
  };
  const binary = (ops: readonly string[], operand: () => Value) => (): Value => {
    let value = operand();
    while (ops.includes(tokens[pos] ?? "")) {
      const op = tokens[pos++];
      value = arithmetic(op, value, operand());
    }
    return value;
  };
  const call = (fn: string): Value => {
    expect("(");
    if (fn === "FILL") {
      const series = sum();
      expect(",");
      const filler = sum();
      expect(")");
      if (!series.series || filler.series) fail("FILL other than of a series with a number");
      return { series: true, value: series.value ?? filler.value };
    }
    const aggregate = AGGREGATES[fn] ?? fail(`the function ${fn}`);
    expect("[");
    const items = [sum()];
    while (tokens[pos] === ",") {
      pos++;
      items.push(sum());
    }
    expect("]");
    expect(")");
    const values = items.map((v) => v.value).filter((v): v is number => v !== undefined);
    return { series: true, value: values.length === 0 ? undefined : aggregate(values) };
  };
  const primary = (): Value => {
    const token = tokens[pos++] ?? fail("a missing operand");
    if (token === "-") {
      const operand = primary();
      return { series: operand.series, value: operand.value === undefined ? undefined : -operand.value };
    }
    if (token === "(") {
      const value = sum();
      expect(")");
      return value;
    }
    if (/^\d/.test(token)) return { series: false, value: Number(token) };
    if (tokens[pos] === "(") return call(token);
    if (/^[a-z]/.test(token)) return ref(token);
    return fail(`"${token}"`);
  };
  const product = binary(["*", "/"], primary);
  const sum = binary(["+", "-"], product);
  const result = sum();
  if (pos < tokens.length) fail(`"${tokens[pos]}"`);
  if (!result.series) fail("a result that is not a time series");
  return result;
}

interface MetricQuery {
  readonly id: string;
  readonly expression?: string;
  readonly returnData?: boolean;
  readonly metric?: { readonly namespace: string; readonly metricName: string; readonly stat: string };
}

/** What a single metric or metric math alarm watches, and its value at rest with the reasons. */
function watched(inputs: Inputs, table: Readonly<Record<string, MetricAtRest>>): { what: string; value: number | null; why: string[] } {
  const describe = (namespace: string, metricName: string, stat: unknown) => `${namespace} ${metricName} ${String(stat)}`;
  if (inputs.metricQueries === undefined) {
    const [namespace, metricName] = [String(inputs.namespace), String(inputs.metricName)];
    const metric = metricAtRest(namespace, metricName, table);
    return {
      what: describe(namespace, metricName, inputs.statistic ?? inputs.extendedStatistic),
      value: metric.value,
      why: [`${namespace} ${metricName}: ${metric.why} (${metric.source})`],
    };
  }
  const queries = inputs.metricQueries as readonly MetricQuery[];
  const returned = queries.filter((q) => q.returnData === true);
  if (returned.length !== 1 || returned[0].expression === undefined) {
    throw new Error("the model reads metric math alarms with exactly one expression returning data");
  }
  const why = new Map<string, string>();
  const evaluating = new Set<string>();
  const fail = (what: string): never => {
    throw new Error(`the model cannot read the alarm's metric queries: ${what}`);
  };
  const ref = (id: string): Value => {
    const query = queries.find((q) => q.id === id) ?? fail(`no query has the id ${id}`);
    if (query.metric !== undefined) {
      const metric = metricAtRest(query.metric.namespace, query.metric.metricName, table);
      why.set(`${query.metric.namespace} ${query.metric.metricName}`, `${metric.why} (${metric.source})`);
      return { series: true, value: metric.value ?? undefined };
    }
    if (evaluating.has(id)) fail(`the expression ${id} refers to itself`);
    evaluating.add(id);
    const value = evaluateExpression(query.expression ?? "", ref);
    evaluating.delete(id);
    return value;
  };
  const expression = returned[0].expression;
  const result = evaluateExpression(expression, ref);
  const metrics = [
    ...new Set(queries.flatMap((q) => (q.metric === undefined ? [] : [describe(q.metric.namespace, q.metric.metricName, q.metric.stat)]))),
  ];
  const outcome = result.value === undefined ? "has no data" : `is ${result.value}`;
  return {
    what: `${expression} (${metrics.join(", ")})`,
    value: result.value ?? null,
    why: [...[...why].map(([metric, text]) => `${metric}: ${text}`), `${expression} ${outcome} at rest`],
  };
}

function numberInput(inputs: Inputs, key: string): number {
  const value = inputs[key];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`the model needs ${key} as a number, not ${JSON.stringify(value)}`);
  return value;
}

/** One alarm's state at rest, from its inputs as planned. Throws, naming the alarm, on anything the model does not know. */
export function alarmAtRest(name: string, inputs: Inputs, table = METRICS_AT_REST): Omit<AlarmAtRest, "layer"> {
  try {
    const comparison = COMPARISONS[String(inputs.comparisonOperator)];
    if (comparison === undefined) throw new Error(`the model does not know the comparison ${String(inputs.comparisonOperator)}`);
    const treatment = String(inputs.treatMissingData ?? "missing");
    const missing = MISSING[treatment];
    if (missing === undefined) throw new Error(`the model does not know the missing-data treatment ${treatment}`);
    const threshold = numberInput(inputs, "threshold");
    const periods = numberInput(inputs, "evaluationPeriods");
    const toAlarm = inputs.datapointsToAlarm === undefined ? periods : numberInput(inputs, "datapointsToAlarm");
    const { what, value, why } = watched(inputs, table);
    const watches = `${what} ${comparison.symbol} ${threshold}, ${toAlarm} of ${periods} periods`;
    if (value === null)
      return { name, watches, data: null, state: missing.state, why: [...why, `${missing.why}: ${missing.state}`].join("; ") };
    const breaches = comparison.breaches(value, threshold);
    const verdict = breaches
      ? `${value} ${comparison.symbol} ${threshold} in every period, so ${toAlarm} of ${periods} breach: ALARM`
      : `${value} ${comparison.symbol} ${threshold} is false in every period: OK`;
    return { name, watches, data: value, state: breaches ? "ALARM" : "OK", why: [...why, verdict].join("; ") };
  } catch (err) {
    throw new Error(`alarm ${name}: ${(err as Error).message}`);
  }
}

/** Every metric alarm of a plan at rest, in plan order. */
export function alarmsAtRest(plan: Plan, table = METRICS_AT_REST): AlarmAtRest[] {
  return plan.layers.flatMap((layer) =>
    layer.resources
      .filter((r) => r.type === METRIC_ALARM)
      .map((r) => ({ ...alarmAtRest(String(r.inputs.name ?? r.name), r.inputs, table), layer: layer.layer })),
  );
}

/** The plan summary's line: the alarms at rest counted by state, naming those in ALARM. */
export function alarmsSummary(alarms: readonly AlarmAtRest[]): string {
  const counts = ALARM_STATES.map((state) => `${alarms.filter((a) => a.state === state).length} ${state}`).join(", ");
  const alarming = alarms.filter((a) => a.state === "ALARM").map((a) => a.name);
  return `alarms at rest: ${counts}${alarming.length === 0 ? "" : ` (${alarming.join(", ")})`}`;
}
