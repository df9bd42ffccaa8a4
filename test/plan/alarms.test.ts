import {
  ALARM_STATES,
  alarmAtRest,
  alarmsAtRest,
  alarmsSummary,
  evaluateExpression,
  METRIC_ALARM,
  METRICS_AT_REST,
  metricAtRest,
  PLATFORM_NAMESPACE,
} from "../../shared/plan/alarms";
import { committedStacks, Plan } from "../../shared/plan/runner";
import { layerOf, ofType, planStack } from "../harness";

type Inputs = Record<string, unknown>;

/** A single-metric alarm: `> threshold` in 2 of 3 periods unless `extra` says otherwise. */
const single = (namespace: string, metricName: string, extra: Inputs = {}): Inputs => ({
  namespace,
  metricName,
  statistic: "Maximum",
  period: 60,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 10,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  treatMissingData: "notBreaching",
  ...extra,
});

const metric = (id: string, namespace: string, metricName: string) => ({
  id,
  returnData: false,
  metric: { namespace, metricName, stat: "Sum", period: 60, dimensions: {} },
});

/** A metric math alarm over the queries, returning `expression`. */
const math = (expression: string, queries: readonly object[], extra: Inputs = {}): Inputs => ({
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  evaluationPeriods: 2,
  datapointsToAlarm: 2,
  treatMissingData: "notBreaching",
  metricQueries: [...queries, { id: "result", returnData: true, expression }],
  ...extra,
});

const NO_DATA = ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count"] as const;
const IDLE_CPU = ["AWS/RDS", "CPUUtilization"] as const;

describe("the at-rest model of one alarm", () => {
  it("follows each missing-data treatment when the metric is not reported at rest", () => {
    const state = (treatMissingData?: string) =>
      alarmAtRest("a", single(...NO_DATA, treatMissingData === undefined ? { treatMissingData: undefined } : { treatMissingData })).state;
    expect(state("breaching")).toBe("ALARM");
    expect(state("notBreaching")).toBe("OK");
    expect(state("ignore")).toBe("INSUFFICIENT_DATA");
    expect(state("missing")).toBe("INSUFFICIENT_DATA");
    expect(state()).toBe("INSUFFICIENT_DATA");
    expect(alarmAtRest("a", single(...NO_DATA, { treatMissingData: "ignore" })).why).toContain("a new alarm starts in INSUFFICIENT_DATA");
  });

  it("compares a reported idle value with the threshold, whatever the missing-data treatment", () => {
    const at = (comparisonOperator: string, threshold: number, treatMissingData = "breaching") =>
      alarmAtRest("cpu", single(...IDLE_CPU, { comparisonOperator, threshold, treatMissingData }));
    expect(at("GreaterThanThreshold", 80)).toMatchObject({ data: 20, state: "OK" });
    expect(at("GreaterThanThreshold", 10, "missing")).toMatchObject({ data: 20, state: "ALARM" });
    expect(at("GreaterThanThreshold", 20).state).toBe("OK");
    expect(at("GreaterThanOrEqualToThreshold", 20).state).toBe("ALARM");
    expect(at("LessThanThreshold", 20).state).toBe("OK");
    expect(at("LessThanThreshold", 21).state).toBe("ALARM");
    expect(at("LessThanOrEqualToThreshold", 20).state).toBe("ALARM");
    expect(at("GreaterThanThreshold", 10).why).toMatch(/assumed idle value 20.*20 > 10 in every period, so 2 of 3 breach: ALARM$/);
    expect(at("GreaterThanThreshold", 80).why).toMatch(/20 > 80 is false in every period: OK$/);
  });

  it("says what the alarm watches, with the statistic and the periods (datapoints to alarm defaulting to all of them)", () => {
    expect(alarmAtRest("a", single(...IDLE_CPU)).watches).toBe("AWS/RDS CPUUtilization Maximum > 10, 2 of 3 periods");
    const p99 = single("AWS/ApplicationELB", "TargetResponseTime", {
      statistic: undefined,
      extendedStatistic: "p99",
      datapointsToAlarm: undefined,
    });
    expect(alarmAtRest("a", p99)).toMatchObject({ watches: "AWS/ApplicationELB TargetResponseTime p99 > 10, 3 of 3 periods", data: null });
  });

  it("reads the platform's own metrics in any namespace of theirs: the backlog has no data, the backup check passes from the deploy", () => {
    expect(alarmAtRest("p", single("shop/qa", "PendingOrders")).state).toBe("OK");
    const backup = single("shop/qa/backup", "BackupCheckPassed", {
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
    });
    expect(alarmAtRest("b", backup)).toMatchObject({ data: 1, state: "OK" });
    expect(metricAtRest("other/ns", "PendingOrders")).toBe(METRICS_AT_REST[`${PLATFORM_NAMESPACE} PendingOrders`]);
  });

  it("throws, naming the alarm, for a metric, comparison, treatment or threshold it does not know", () => {
    expect(() => alarmAtRest("new", single("AWS/Lambda", "Errors"))).toThrow(
      'alarm new: the model does not know what AWS/Lambda Errors does at rest: add "AWS/Lambda Errors" to METRICS_AT_REST (shared/plan/alarms.ts)',
    );
    expect(() => alarmAtRest("new", single("shop/qa", "Orders"))).toThrow(`add "${PLATFORM_NAMESPACE} Orders"`);
    expect(() => alarmAtRest("a", single(...NO_DATA, { comparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold" }))).toThrow(
      "alarm a: the model does not know the comparison LessThanLowerOrGreaterThanUpperThreshold",
    );
    expect(() => alarmAtRest("a", single(...NO_DATA, { treatMissingData: "sometimes" }))).toThrow("the missing-data treatment sometimes");
    expect(() => alarmAtRest("a", single(...NO_DATA, { threshold: "[unknown]" }))).toThrow(
      'the model needs threshold as a number, not "[unknown]"',
    );
    expect(() => alarmAtRest("a", single(...NO_DATA, { datapointsToAlarm: Number.NaN }))).toThrow("datapointsToAlarm as a number");
  });

  it("takes another table of metrics at rest", () => {
    const table = { "AWS/Lambda Errors": { value: 0, why: "idle", source: "test" } };
    expect(alarmAtRest("a", single("AWS/Lambda", "Errors"), table)).toMatchObject({ data: 0, state: "OK" });
  });
});

describe("metric math at rest", () => {
  const series = (value: number | undefined) => ({ series: true, value });
  const refs: Record<string, { series: boolean; value: number | undefined }> = {
    a: series(4),
    b: series(undefined),
    c: series(undefined),
    d: series(1),
  };
  const value = (expression: string) => evaluateExpression(expression, (id) => refs[id]).value;

  it("counts a series without data as 0 beside one with data, and has no data when none has", () => {
    expect(value("a + b")).toBe(4);
    expect(value("b - a")).toBe(-4);
    expect(value("b + c")).toBeUndefined();
    expect(value("b * 100")).toBeUndefined();
    expect(value("100 * a")).toBe(400);
  });

  it("fills a series without data with FILL, and drops a division by zero", () => {
    expect(value("FILL(b, 0) + FILL(c, 0)")).toBe(0);
    expect(value("FILL(a, 7)")).toBe(4);
    expect(value("100 * (FILL(b, 0) + FILL(c, 0)) / (FILL(b, 0) + FILL(c, 0))")).toBeUndefined();
    expect(value("100 * FILL(a, 0) / (a + d)")).toBe(80);
    expect(value("1 / 0 + a")).toBeUndefined();
  });

  it("aggregates an array over the series that have data, with unary minus and parentheses", () => {
    expect(value("MAX([a, b, d])")).toBe(4);
    expect(value("MIN([a, b, d])")).toBe(1);
    expect(value("SUM([a, b, d])")).toBe(5);
    expect(value("MAX([b, c])")).toBeUndefined();
    expect(value("-(a - 2.5) * 2")).toBe(-3);
    expect(value("-b")).toBeUndefined();
  });

  it("throws on what it cannot evaluate", () => {
    expect(() => value("IF(a > 1, a)")).toThrow('cannot evaluate the function IF in the metric math expression "IF(a > 1, a)"');
    expect(() => value("a b")).toThrow('cannot evaluate "b"');
    expect(() => value("1 + 2")).toThrow("a result that is not a time series");
    expect(() => value("FILL(1, a)")).toThrow("FILL other than of a series with a number");
    expect(() => value("a +")).toThrow("a missing operand");
    expect(() => value("(a")).toThrow('its end where ")" belongs');
    expect(() => value("a # b")).toThrow('"#"');
    expect(() => value("a * REPEAT")).toThrow('cannot evaluate "REPEAT"');
    expect(() => value("MAX(a)")).toThrow('a where "[" belongs');
  });

  const elb = (id: string, name: string) => metric(id, "AWS/ApplicationELB", name);

  it("reads an alarm's queries: the no-healthy-hosts sum has no data at rest, a FILLed sum is 0 and breaches", () => {
    const queries = [elb("healthyBlue", "HealthyHostCount"), elb("healthyGreen", "HealthyHostCount")];
    const lessThanOne = { comparisonOperator: "LessThanThreshold", threshold: 1 };
    const plain = alarmAtRest("h", math("healthyBlue + healthyGreen", queries, lessThanOne));
    expect(plain).toMatchObject({ data: null, state: "OK" });
    expect(plain.watches).toBe("healthyBlue + healthyGreen (AWS/ApplicationELB HealthyHostCount Sum) < 1, 2 of 2 periods");
    expect(plain.why).toContain("AWS/ApplicationELB HealthyHostCount: not reported");
    expect(plain.why).toContain("healthyBlue + healthyGreen has no data at rest");
    const filled = alarmAtRest("h", math("FILL(healthyBlue, 0) + FILL(healthyGreen, 0)", queries, lessThanOne));
    expect(filled).toMatchObject({ data: 0, state: "ALARM" });
  });

  it("reads the error rate as no data (0 / 0 is dropped) and the cache's fullest node as its idle value", () => {
    const rate = math("100 * FILL(errors, 0) / FILL(requests, 0)", [
      elb("errors", "HTTPCode_Target_5XX_Count"),
      elb("requests", "RequestCount"),
    ]);
    expect(alarmAtRest("r", rate)).toMatchObject({ data: null, state: "OK" });
    const nodes = [1, 2].map((i) => metric(`node${i}`, "AWS/ElastiCache", "DatabaseMemoryUsagePercentage"));
    expect(alarmAtRest("c", math("MAX([node1, node2])", nodes, { threshold: 80, treatMissingData: "missing" }))).toMatchObject({
      data: 5,
      state: "OK",
    });
  });

  it("follows expressions that name other expressions, and throws on loops, unknown ids and other than one returned expression", () => {
    const queries = [
      elb("x", "RequestCount"),
      { id: "e1", returnData: false, expression: "FILL(x, 3)" },
      { id: "e2", returnData: false, expression: "e1 * 2" },
    ];
    expect(alarmAtRest("n", math("e1 + e2", queries)).data).toBe(9);
    expect(() => alarmAtRest("l", math("e1", [{ id: "e1", returnData: false, expression: "e1 + 1" }]))).toThrow(
      "alarm l: the model cannot read the alarm's metric queries: the expression e1 refers to itself",
    );
    expect(() => alarmAtRest("u", math("nope + 1", []))).toThrow("no query has the id nope");
    const two = { ...math("x", [elb("x", "RequestCount")]), metricQueries: [{ ...elb("x", "RequestCount"), returnData: true }] };
    expect(() => alarmAtRest("t", two)).toThrow("exactly one expression returning data");
    expect(() => alarmAtRest("t", { ...two, metricQueries: [] })).toThrow("exactly one expression returning data");
  });
});

describe("the alarms of the committed stacks at rest", () => {
  const plans = new Map<string, Plan>();
  beforeAll(async () => {
    for (const stack of committedStacks()) plans.set(stack, await planStack(stack));
  }, 180_000);

  it("has every alarm OK or INSUFFICIENT_DATA at rest, none in ALARM", () => {
    expect([...plans.keys()]).toEqual(committedStacks());
    for (const [stack, plan] of plans) {
      const alarms = alarmsAtRest(plan);
      expect(alarms.map((a) => a.name).sort()).toEqual(
        [...ofType(layerOf(plan, "edge"), METRIC_ALARM), ...ofType(layerOf(plan, "compute"), METRIC_ALARM)]
          .map((r) => String(r.inputs.name))
          .sort(),
      );
      expect([stack, alarms.filter((a) => a.state === "ALARM").map((a) => a.name)]).toEqual([stack, []]);
      for (const alarm of alarms) {
        // The edge layer's alarms, and the compute layer's burst alarm, which triggers its scaling policy.
        expect(alarm.layer).toBe(alarm.name.includes("pending-orders-burst") ? "compute" : "edge");
        expect(ALARM_STATES).toContain(alarm.state);
        expect(alarm.why).not.toBe("");
      }
      expect(alarmsSummary(alarms)).toMatch(/^alarms at rest: \d+ OK, \d+ INSUFFICIENT_DATA, 0 ALARM$/);
    }
  });

  it("catches the old no-healthy-hosts setting: missing data treated as breaching is ALARM at rest, and so is a FILLed sum", () => {
    const plan = plans.get("orders-dev") as Plan;
    const healthy = ofType(layerOf(plan, "edge"), METRIC_ALARM).find((r) => r.inputs.name === "orders-no-healthy-hosts-dev");
    const inputs = healthy?.inputs ?? {};
    expect(alarmAtRest("orders-no-healthy-hosts-dev", inputs)).toMatchObject({ data: null, state: "OK" });
    const breaching = alarmAtRest("orders-no-healthy-hosts-dev", { ...inputs, treatMissingData: "breaching" });
    expect(breaching).toMatchObject({ data: null, state: "ALARM" });
    expect(breaching.why).toMatch(/missing data is treated as breaching: ALARM$/);
    const queries = (inputs.metricQueries as { id: string; returnData: boolean; expression?: string }[]).map((q) =>
      q.returnData ? { ...q, expression: "FILL(healthyBlue, 0) + FILL(healthyGreen, 0)" } : q,
    );
    expect(alarmAtRest("orders-no-healthy-hosts-dev", { ...inputs, metricQueries: queries })).toMatchObject({ data: 0, state: "ALARM" });
    const old = alarmsAtRest({
      ...plan,
      layers: plan.layers.map((l) => ({
        ...l,
        resources: l.resources.map((r) => (r === healthy ? { ...r, inputs: { ...inputs, treatMissingData: "breaching" } } : r)),
      })),
    });
    expect(alarmsSummary(old)).toBe("alarms at rest: 9 OK, 0 INSUFFICIENT_DATA, 1 ALARM (orders-no-healthy-hosts-dev)");
  });

  it("names an alarm by its logical name when it has no name input", () => {
    const plan = plans.get("orders-dev") as Plan;
    const edge = layerOf(plan, "edge");
    const alarm = ofType(edge, METRIC_ALARM)[0];
    const unnamed = { ...plan, layers: [{ ...edge, resources: [{ ...alarm, inputs: { ...alarm.inputs, name: undefined } }] }] };
    expect(alarmsAtRest(unnamed).map((a) => a.name)).toEqual([alarm.name]);
  });
});
