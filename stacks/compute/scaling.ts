import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../../shared";

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
  };
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
    }

    this.resourceId = target.resourceId;
    this.registerOutputs({ resourceId: this.resourceId });
  }
}
