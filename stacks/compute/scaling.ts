import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PENDING_ORDERS_HIGH_RES_METRIC_NAME, PlatformConfig, QUEUE_DEPTH_REPORT_SECONDS } from "../../shared";

/** CPU utilisation the CPU policy keeps, in percent. */
export const CPU_TARGET_PERCENT = 70;
/** The predefined metric of the optional memory policy. */
export const MEMORY_METRIC = "ECSServiceAverageMemoryUtilization";
/** Seconds after a scale-out before the next: short, so a spike is met fast. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
/** Seconds after a scale-in before the next: long, so capacity leaves slowly. */
export const SCALE_IN_COOLDOWN_SECONDS = 300;

type MetricQuery = aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetric;
type AlarmQuery = aws.types.input.cloudwatch.MetricAlarmMetricQuery;
type StepAdjustment = aws.types.input.appautoscaling.PolicyStepScalingPolicyConfigurationStepAdjustment;

/**
 * The burst alarm's period: 10 seconds, the shortest CloudWatch alarms take
 * (10, 20, 30 or a multiple of 60; 10 to 30 only on high-resolution metrics):
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const BURST_ALARM_PERIOD_SECONDS = 10;

/** Periods that must breach: one, so the first 10 seconds of a burst start the scale-out. */
export const BURST_DATAPOINTS_TO_ALARM = 1;

/** The burst policy steps in above this multiple of the steady backlog per task (target tracking keeps up to it). */
export const BURST_THRESHOLD_FACTOR = 1.5;

/**
 * Seconds after a burst step before the policy acts again: long enough for
 * the tasks it added to count in the running-task figure, short enough that
 * a growing burst gets its next step within a minute.
 */
export const BURST_COOLDOWN_SECONDS = 30;

/**
 * The burst steps, as backlog per task in multiples of the steady target T,
 * and the capacity each adds in percent of the running tasks: the share that
 * brings the backlog per task back to T (N x b / T tasks for a backlog b per
 * task), taken at each step's lower bound so a step never overshoots.
 */
export const BURST_STEPS: readonly { readonly fromTimesTarget: number; readonly addPercent: number }[] = [
  { fromTimesTarget: 1.5, addPercent: 50 },
  { fromTimesTarget: 2, addPercent: 100 },
  { fromTimesTarget: 3, addPercent: 200 },
  { fromTimesTarget: 5, addPercent: 400 },
];

/**
 * The step adjustments of the burst policy for a steady target of
 * `targetPerTask` pending orders per task. Bounds are relative to the alarm's
 * threshold (1.5 T), as Application Auto Scaling reads them; the last step
 * has no upper bound.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-step-scaling-policies.html
 */
export function burstStepAdjustments(targetPerTask: number): StepAdjustment[] {
  const threshold = BURST_THRESHOLD_FACTOR * targetPerTask;
  return BURST_STEPS.map((step, i) => {
    const next = BURST_STEPS[i + 1];
    return {
      metricIntervalLowerBound: String(step.fromTimesTarget * targetPerTask - threshold),
      ...(next === undefined ? {} : { metricIntervalUpperBound: String(next.fromTimesTarget * targetPerTask - threshold) }),
      scalingAdjustment: step.addPercent,
    };
  });
}

/**
 * The burst alarm's metric math: the backlog (the average of the tasks'
 * high-resolution reports in the 10-second period) over the running tasks,
 * counted from the same reports (each task reports every 5 seconds, so two
 * reports a period per task). Both from one metric at one period: no
 * one-minute metric slows the alarm down.
 */
export function burstAlarmQueries(namespace: string): AlarmQuery[] {
  const metric = { namespace, metricName: PENDING_ORDERS_HIGH_RES_METRIC_NAME, period: BURST_ALARM_PERIOD_SECONDS };
  const reportsPerTask = BURST_ALARM_PERIOD_SECONDS / QUEUE_DEPTH_REPORT_SECONDS;
  return [
    { id: "backlog", label: "Pending orders (high resolution)", returnData: false, metric: { ...metric, stat: "Average" } },
    { id: "reports", label: "Queue-depth reports", returnData: false, metric: { ...metric, stat: "SampleCount" } },
    {
      id: "perTask",
      label: "Pending orders per reporting task",
      expression: `backlog / (reports / ${reportsPerTask})`,
      returnData: true,
    },
  ];
}

/**
 * Pending orders per running task, as target tracking metric math: the
 * system's PendingOrders (the backlog every task reports, averaged) over
 * Container Insights' RunningTaskCount of this service.
 */
export function pendingOrdersPerTask(
  pending: { readonly namespace: string; readonly name: string },
  clusterName: string,
  serviceName: string,
): MetricQuery[] {
  return [
    {
      id: "pending",
      label: "Pending orders",
      returnData: false,
      metricStat: { stat: "Average", metric: { namespace: pending.namespace, metricName: pending.name } },
    },
    {
      id: "tasks",
      label: "Running tasks",
      returnData: false,
      metricStat: {
        stat: "Average",
        metric: {
          namespace: "ECS/ContainerInsights",
          metricName: "RunningTaskCount",
          dimensions: [
            { name: "ClusterName", value: clusterName },
            { name: "ServiceName", value: serviceName },
          ],
        },
      },
    },
    { id: "perTask", label: "Pending orders per running task", expression: "pending / tasks", returnData: true },
  ];
}

/** The scaling bounds: minTasks to maxTasks once an image is configured, 0 to 0 before (nothing to run). */
export function scalingBounds(cfg: PlatformConfig): { min: number; max: number } {
  return cfg.compute.image.kind === "none" ? { min: 0, max: 0 } : { min: cfg.compute.minTasks, max: cfg.compute.maxTasks };
}

export interface ServiceScalingArgs {
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /** The desired count's bounds (see {@link scalingBounds}). */
  readonly minTasks: number;
  readonly maxTasks: number;
  /** The name of the CPU target tracking policy (CPU at {@link CPU_TARGET_PERCENT} %). */
  readonly cpuPolicyName: string;
  /**
   * Memory target tracking: the policy's name and the utilisation it keeps.
   * @default none (no memory policy)
   */
  readonly memory?: { readonly policyName: string; readonly targetPercent: number };
  /**
   * Pending orders per running task: the policy's name, the backlog per task
   * it keeps, and the PendingOrders metric the API reports.
   * @default none (no backlog policy)
   */
  readonly pendingOrders?: {
    readonly policyName: string;
    readonly targetPerTask: number;
    readonly metric: { readonly namespace: string; readonly name: string };
    /** The burst step policy and its 10-second alarm on the high-resolution metric (see {@link burstAlarmQueries}). */
    readonly burst: { readonly policyName: string; readonly alarmName: string };
  };
}

/**
 * Target tracking on the service's desired count between the configured
 * bounds: CPU at 70 %, memory at its target when one is configured, and,
 * when the API reports its order backlog, pending orders per running task at
 * the configured target. Each scales out after 60 s and in after 300 s.
 *
 * With the backlog, a burst path beside them: a 10-second alarm on the
 * high-resolution backlog per task, above 1.5 times the target, triggers a
 * step scaling policy that adds tasks in proportion to the backlog per task
 * (50 % of the running tasks at 1.5 T, up to 400 % from 5 T), with a
 * 30-second cooldown; it never scales in, which is what AWS cautions about
 * when step and target tracking policies share a target. Several policies
 * combine as Application Auto Scaling documents: "precedence to the policy
 * that provides the largest capacity for both scale out and scale in"
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html;
 * step adjustments: https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-step-scaling-policies.html).
 */
export class ServiceScaling extends pulumi.ComponentResource {
  public readonly resourceId: pulumi.Output<string>;

  constructor(name: string, args: ServiceScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ServiceScaling", name, {}, opts);
    const target = new aws.appautoscaling.Target(
      `${name}-target`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
        minCapacity: args.minTasks,
        maxCapacity: args.maxTasks,
      },
      { parent: this },
    );
    const cooldowns = { scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS, scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS };
    const onTarget = {
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
    };

    new aws.appautoscaling.Policy(
      `${name}-cpu`,
      {
        name: args.cpuPolicyName,
        policyType: "TargetTrackingScaling",
        ...onTarget,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: CPU_TARGET_PERCENT,
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          ...cooldowns,
        },
      },
      { parent: this },
    );
    const memory = args.memory;
    if (memory !== undefined) {
      new aws.appautoscaling.Policy(
        `${name}-memory`,
        {
          name: memory.policyName,
          policyType: "TargetTrackingScaling",
          ...onTarget,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: memory.targetPercent,
            predefinedMetricSpecification: { predefinedMetricType: MEMORY_METRIC },
            ...cooldowns,
          },
        },
        { parent: this },
      );
    }
    // Only an API that reports its order backlog has this policy (platform:pendingOrdersMetric).
    const pending = args.pendingOrders;
    if (pending !== undefined) {
      new aws.appautoscaling.Policy(
        `${name}-pending-orders`,
        {
          name: pending.policyName,
          policyType: "TargetTrackingScaling",
          ...onTarget,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: pending.targetPerTask,
            customizedMetricSpecification: {
              metrics: pulumi
                .all([args.clusterName, args.serviceName])
                .apply(([clusterName, serviceName]) => pendingOrdersPerTask(pending.metric, clusterName, serviceName)),
            },
            ...cooldowns,
          },
        },
        { parent: this },
      );
      const burst = new aws.appautoscaling.Policy(
        `${name}-pending-orders-burst`,
        {
          name: pending.burst.policyName,
          policyType: "StepScaling",
          ...onTarget,
          stepScalingPolicyConfiguration: {
            adjustmentType: "PercentChangeInCapacity",
            minAdjustmentMagnitude: 1,
            cooldown: BURST_COOLDOWN_SECONDS,
            metricAggregationType: "Maximum",
            stepAdjustments: burstStepAdjustments(pending.targetPerTask),
          },
        },
        { parent: this },
      );
      new aws.cloudwatch.MetricAlarm(
        `${name}-pending-orders-burst`,
        {
          name: pending.burst.alarmName,
          alarmDescription: `A burst of pending orders: over ${BURST_THRESHOLD_FACTOR * pending.targetPerTask} per task in ${BURST_ALARM_PERIOD_SECONDS} s; adds tasks in proportion (step scaling)`,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          threshold: BURST_THRESHOLD_FACTOR * pending.targetPerTask,
          evaluationPeriods: BURST_DATAPOINTS_TO_ALARM,
          datapointsToAlarm: BURST_DATAPOINTS_TO_ALARM,
          // No reports (no tasks, or an API that writes only the old line) is no burst.
          treatMissingData: "notBreaching",
          metricQueries: burstAlarmQueries(pending.metric.namespace),
          alarmActions: [burst.arn],
        },
        { parent: this },
      );
    }

    this.resourceId = target.resourceId;
    this.registerOutputs({ resourceId: this.resourceId });
  }
}
