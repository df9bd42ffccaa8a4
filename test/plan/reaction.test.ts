import { PENDING_ORDERS_HIGH_RES_METRIC_NAME } from "../../shared/metrics";
import { PlannedResource } from "../../shared/plan/capture";
import { BURST_REACTION_GOAL_SECONDS, reactionSummary, reactionTime } from "../../shared/plan/reaction";
import { Plan } from "../../shared/plan/runner";
import { BURST_STEPS, BURST_THRESHOLD_FACTOR, burstStepAdjustments } from "../../stacks/compute/scaling";
import { embeddedMetrics, matchesJsonFilter, queueDepthLine, SAMPLE_QUEUE_DEPTH_LINE } from "../../stacks/compute/logFilter";
import { layerOf, ofType, one, planStack } from "../harness";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("the reaction to a burst of pending orders", () => {
  it.each(["orders-dev", "orders-prod", "orders-pr-example"])(
    "%s puts a new task in service within 90 seconds, term by term from its plan",
    async (stack) => {
      const reaction = reactionTime(await planStack(stack));
      expect(reaction.path).toBe("burst");
      expect(reaction.goalSeconds).toBe(BURST_REACTION_GOAL_SECONDS);
      expect(reaction.seconds).toBeLessThanOrEqual(90);
      expect(reaction.seconds).toBe(reaction.terms.filter((t) => t.counted).reduce((sum, t) => sum + t.seconds, 0));
      expect(reaction.terms.map((t) => [t.term.split(":")[0], t.seconds, t.counted])).toEqual([
        ["report interval", 5, true],
        ["log ingestion and embedded metric extraction", 10, true],
        ["alarm", 10, true],
        ["policy execution", 5, true],
        ["Fargate task start", 40, true],
        ["target registration in the target group", 5, true],
        ["health checks", 10, true],
        ["health check grace period", 60, false],
      ]);
    },
  );

  it("fails the goal when a term the plan fixes grows: a task that starts in 50 s, or health checks every 10 s", async () => {
    const dev = await planStack("orders-dev");
    expect(reactionTime(dev, 50).seconds).toBe(95);
    const slowChecks: Plan = {
      ...dev,
      layers: dev.layers.map((l) =>
        l.layer !== "edge"
          ? l
          : {
              ...l,
              resources: l.resources.map((r) =>
                r.type === "aws:lb/targetGroup:TargetGroup"
                  ? { ...r, inputs: { ...r.inputs, healthCheck: { ...(r.inputs.healthCheck as object), interval: 10 } } }
                  : r,
              ),
            },
      ),
    };
    const slow = reactionTime(slowChecks);
    expect(slow.seconds).toBe(95);
    expect(reactionSummary(slow)).toContain("95 s, goal 90 s: MISSED");
    expect(reactionSummary(reactionTime(dev))).toContain("85 s, goal 90 s: met");
  });

  it("takes minutes through target tracking for an API without a backlog, and holds it to no goal", async () => {
    const reaction = reactionTime(await planStack("payments-dev"));
    expect(reaction).toMatchObject({ path: "targetTracking", seconds: 300 });
    expect(reaction.goalSeconds).toBeUndefined();
    expect(reactionSummary(reaction)).toMatch(/^== reaction to a burst \(target tracking\): 300 s\n/);
  });

  it("needs the compute and edge layers", async () => {
    const dev = await planStack("orders-dev");
    expect(() => reactionTime({ ...dev, layers: dev.layers.filter((l) => l.layer !== "edge") })).toThrow("needs the edge layer");
    const noGroups = { ...dev, layers: dev.layers.map((l) => (l.layer === "edge" ? { ...l, resources: [] } : l)) };
    expect(() => reactionTime(noGroups)).toThrow("needs the edge layer's target groups");
  });
});

describe("the burst path as planned", () => {
  let alarm: PlannedResource;
  let namespace: string;
  beforeAll(async () => {
    const compute = layerOf(await planStack("orders-dev"), "compute");
    alarm = ofType(compute, ALARM).find((a) =>
      JSON.stringify(a.inputs.metricQueries).includes(PENDING_ORDERS_HIGH_RES_METRIC_NAME),
    ) as PlannedResource;
    namespace = (one(compute, "aws:cloudwatch/logMetricFilter:LogMetricFilter").inputs.metricTransformation as { namespace: string })
      .namespace;
  });

  it("feeds both metrics from the documented line: the deployed filter reads it, and CloudWatch extracts the high-resolution one the alarm watches", async () => {
    const compute = layerOf(await planStack("orders-dev"), "compute");
    const filter = one(compute, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
    const line = queueDepthLine(namespace, 420, 1_764_000_000_000);
    expect(matchesJsonFilter(String(filter.inputs.pattern), line)).toBe(true);
    const [metric] = embeddedMetrics(line);
    const watched = (alarm.inputs.metricQueries as { metric?: { namespace: string; metricName: string; period: number } }[]).flatMap((q) =>
      q.metric === undefined ? [] : [q.metric],
    );
    expect(watched.length).toBe(2);
    for (const m of watched) {
      expect({ namespace: m.namespace, name: m.metricName }).toEqual({ namespace: metric.namespace, name: metric.name });
      expect(m.period).toBe(10);
    }
    expect(metric).toMatchObject({ value: 420, storageResolution: 1, dimensions: [], unit: "Count", timestampMs: 1_764_000_000_000 });
    // The old line still feeds the one-minute filter metric, and no high-resolution one: an API that has not moved keeps its steady scaling.
    expect(matchesJsonFilter(String(filter.inputs.pattern), SAMPLE_QUEUE_DEPTH_LINE)).toBe(true);
    expect(embeddedMetrics(SAMPLE_QUEUE_DEPTH_LINE)).toEqual([]);
  });

  it("extracts nothing CloudWatch would not: a missing timestamp, a dimension that is not a string member, a resolution other than 1 or 60", () => {
    const good = JSON.parse(queueDepthLine("n", 1, 1)) as Record<string, unknown> & { _aws: Record<string, unknown> };
    const variant = (change: (doc: typeof good) => void) => {
      const doc = JSON.parse(JSON.stringify(good)) as typeof good;
      change(doc);
      return embeddedMetrics(JSON.stringify(doc));
    };
    expect(variant(() => undefined)).toHaveLength(1);
    expect(variant((d) => delete d._aws.Timestamp)).toEqual([]);
    expect(variant((d) => ((d._aws.CloudWatchMetrics as { Dimensions: string[][] }[])[0].Dimensions = [["Service"]]))).toEqual([]);
    expect(
      variant((d) => {
        (d._aws.CloudWatchMetrics as { Dimensions: string[][] }[])[0].Dimensions = [["Service"]];
        d.Service = "api";
      }),
    ).toMatchObject([{ dimensions: ["Service"] }]);
    expect(
      variant((d) => ((d._aws.CloudWatchMetrics as { Metrics: { StorageResolution: number }[] }[])[0].Metrics[0].StorageResolution = 5)),
    ).toEqual([]);
    expect(
      variant((d) => delete (d._aws.CloudWatchMetrics as { Metrics: { StorageResolution?: number }[] }[])[0].Metrics[0].StorageResolution),
    ).toMatchObject([{ storageResolution: 60 }]);
    expect(variant((d) => (d.PendingOrdersHighRes = "420"))).toEqual([]);
    expect(variant((d) => ((d._aws.CloudWatchMetrics as { Namespace: unknown }[])[0].Namespace = 7))).toEqual([]);
    expect(variant((d) => (d._aws.CloudWatchMetrics = "x"))).toEqual([]);
    expect(embeddedMetrics("not json")).toEqual([]);
    expect(embeddedMetrics("42")).toEqual([]);
  });

  it("alarms on the backlog per reporting task over 10 seconds, from the first breaching period, and no data is no burst", () => {
    expect(alarm.inputs).toMatchObject({
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 150,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    });
    const expression = (alarm.inputs.metricQueries as { expression?: string; returnData?: boolean }[]).find((q) => q.returnData);
    expect(expression?.expression).toBe("backlog / (reports / 2)");
  });
});

describe("the burst steps", () => {
  /** One step as Application Auto Scaling applies it: PercentChangeInCapacity rounded down, at least the minimum magnitude of 1. */
  function afterStep(tasks: number, backlog: number, target: number): number {
    const perTask = backlog / tasks;
    const threshold = BURST_THRESHOLD_FACTOR * target;
    if (perTask < threshold) return tasks;
    const step = burstStepAdjustments(target).find(
      (s) =>
        perTask - threshold >= Number(s.metricIntervalLowerBound) &&
        (s.metricIntervalUpperBound === undefined || perTask - threshold < Number(s.metricIntervalUpperBound)),
    );
    const added = Math.max(1, Math.floor((tasks * Number(step?.scalingAdjustment)) / 100));
    return tasks + added;
  }

  it("adds tasks in proportion to the backlog per task: bigger steps for bigger bursts, never past the steady target", () => {
    const target = 100;
    const added = [150, 200, 300, 500, 1000].map((perTask) => afterStep(4, 4 * perTask, target) - 4);
    expect(added).toEqual([2, 4, 8, 16, 16]);
    for (const perTask of [150, 180, 250, 400, 499]) {
      const tasks = afterStep(4, 4 * perTask, target);
      // One step leaves at most 5/3 of the target per task; the next period's alarm takes the rest.
      expect((4 * perTask) / tasks).toBeLessThanOrEqual((5 / 3) * target);
      // And never more tasks than the backlog needs at the target.
      expect(tasks).toBeLessThanOrEqual(Math.ceil((4 * perTask) / target));
    }
    expect(afterStep(4, 4 * 149, target)).toBe(4);
    expect(afterStep(1, 160, target)).toBe(2);
  });

  it("only scales out, from 1.5 times the target, with contiguous steps", () => {
    const steps = burstStepAdjustments(100);
    expect(steps.map((s) => [s.metricIntervalLowerBound, s.metricIntervalUpperBound, s.scalingAdjustment])).toEqual([
      ["0", "50", 50],
      ["50", "150", 100],
      ["150", "350", 200],
      ["350", undefined, 400],
    ]);
    expect(BURST_STEPS.every((s) => s.addPercent > 0)).toBe(true);
  });
});
