import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { nameOf, pendingOrdersMetric, PlatformConfig } from "../../shared";

/** CPU utilisation the CPU policy keeps, in percent. */
export const CPU_TARGET_PERCENT = 70;
/** The predefined metric of the optional memory policy. */
export const MEMORY_METRIC = "ECSServiceAverageMemoryUtilization";
/** Seconds after a scale-out before the next: short, so a spike is met fast. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
/** Seconds after a scale-in before the next: long, so capacity leaves slowly. */
export const SCALE_IN_COOLDOWN_SECONDS = 300;

type MetricQuery = aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetric;

/**
 * Pending orders per running task, as target tracking metric math: the
 * system's PendingOrders (the backlog every task reports, averaged) over
 * Container Insights' RunningTaskCount of this service.
 */
export function pendingOrdersPerTask(cfg: PlatformConfig, clusterName: string, serviceName: string): MetricQuery[] {
  const pending = pendingOrdersMetric(cfg);
  return [
    { id: "pending", label: "Pending orders", returnData: false, metricStat: { stat: "Average", metric: { namespace: pending.namespace, metricName: pending.name } } },
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
  readonly cfg: PlatformConfig;
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
}

/**
 * Target tracking on the service's desired count between the configured
 * bounds: CPU at 70 %, memory at its target when one is configured, and,
 * when the API reports its order backlog, pending orders per running task at
 * the configured target. Each scales out after 60 s and in after 300 s; with
 * several policies, Application Auto Scaling scales out when any asks and in
 * only when all allow it.
 */
export class ServiceScaling extends pulumi.ComponentResource {
  public readonly resourceId: pulumi.Output<string>;

  constructor(name: string, args: ServiceScalingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ServiceScaling", name, {}, opts);
    const { cfg } = args;
    const bounds = scalingBounds(cfg);
    const target = new aws.appautoscaling.Target(
      `${name}-target`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
        minCapacity: bounds.min,
        maxCapacity: bounds.max,
      },
      { parent: this },
    );
    const cooldowns = { scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS, scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS };
    const onTarget = { serviceNamespace: target.serviceNamespace, scalableDimension: target.scalableDimension, resourceId: target.resourceId };

    new aws.appautoscaling.Policy(
      `${name}-cpu`,
      {
        name: nameOf(cfg, "cpuScalingPolicy"),
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
    if (cfg.compute.memoryTargetPercent !== undefined) {
      new aws.appautoscaling.Policy(
        `${name}-memory`,
        {
          name: nameOf(cfg, "memoryScalingPolicy"),
          policyType: "TargetTrackingScaling",
          ...onTarget,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: cfg.compute.memoryTargetPercent,
            predefinedMetricSpecification: { predefinedMetricType: MEMORY_METRIC },
            ...cooldowns,
          },
        },
        { parent: this },
      );
    }
    // Only an API that reports its order backlog has this policy (platform:pendingOrdersMetric).
    const pendingTarget = cfg.compute.pendingOrdersPerTaskTarget;
    if (pendingTarget !== undefined) {
      new aws.appautoscaling.Policy(
        `${name}-pending-orders`,
        {
          name: nameOf(cfg, "pendingOrdersScalingPolicy"),
          policyType: "TargetTrackingScaling",
          ...onTarget,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: pendingTarget,
            customizedMetricSpecification: {
              metrics: pulumi
                .all([args.clusterName, args.serviceName])
                .apply(([clusterName, serviceName]) => pendingOrdersPerTask(cfg, clusterName, serviceName)),
            },
            ...cooldowns,
          },
        },
        { parent: this },
      );
    }

    this.resourceId = target.resourceId;
    this.registerOutputs({ resourceId: this.resourceId });
  }
}
