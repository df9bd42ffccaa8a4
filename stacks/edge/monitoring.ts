import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmThresholds, BackupCheckMetrics, DataOutputs, Imported, MAX_CACHE_NODES, NameKindId } from "../../shared";
import { ApiMetricsTarget, dashboardBody } from "./dashboard";

/** The database connection count that raises the connections alarm: `percent` of max_connections, at least 1. */
export function dbConnectionsThreshold(maxConnections: number, percent: number): number {
  return Math.max(1, Math.floor((maxConnections * percent) / 100));
}

/** The console address of a CloudWatch dashboard; GovCloud regions have their own console domain. */
export function dashboardUrl(region: string, name: string): string {
  const host = region.startsWith("us-gov-") ? "console.amazonaws-us-gov.com" : `${region}.console.aws.amazon.com`;
  return `https://${host}/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`;
}

/** Bytes in a MiB: the local storage alarm is configured in MiB, FreeLocalStorage is in bytes. */
export const MIB = 1024 * 1024;

/**
 * The cache memory alarm's metric math: each node's
 * `DatabaseMemoryUsagePercentage` (used memory as a percentage of its
 * maxmemory) and their per-minute maximum, so the fullest node of any shard
 * raises it. Keys are spread by hash slot, so one shard can fill before the
 * others. Throws when the data stack lists no nodes (it was deployed without
 * a cache) or more than an alarm can reference.
 */
export function cacheMemoryQueries(
  nodeIds: readonly string[] | undefined,
  dataStack: string,
): aws.types.input.cloudwatch.MetricAlarmMetricQuery[] {
  if (nodeIds === undefined || nodeIds.length === 0) {
    throw new Error(
      `the data stack ${dataStack} exports no cacheMemberClusters: set platform:cache to true on it too and run its update before the edge layer's`,
    );
  }
  if (nodeIds.length > MAX_CACHE_NODES) {
    throw new Error(`the cache has ${nodeIds.length} nodes; a metric math alarm reads at most ${MAX_CACHE_NODES} metrics`);
  }
  const ids = nodeIds.map((_, i) => `node${i + 1}`);
  return [
    ...nodeIds.map((node, i) => ({
      id: ids[i],
      returnData: false,
      metric: {
        namespace: "AWS/ElastiCache",
        metricName: "DatabaseMemoryUsagePercentage",
        stat: "Maximum",
        period: 60,
        dimensions: { CacheClusterId: node },
      },
    })),
    { id: "memory", label: "Memory use of the fullest node (%)", returnData: true, expression: `MAX([${ids.join(", ")}])` },
  ];
}

/** The alarms whose ALARM state rolls an ECS blue/green deployment back. */
export const ROLLBACK_ALARMS: readonly NameKindId[] = ["alarmErrorRate", "alarmAlb5xx", "alarmLatency"];

/**
 * The backup check alarm's period: a day plus an hour, so a sliding window
 * always holds the latest daily check even when EventBridge starts it a little
 * late. CloudWatch allows a period x evaluation periods of up to 7 days for
 * periods of an hour or more (1 day below an hour).
 */
export const BACKUP_CHECK_ALARM_PERIOD_SECONDS = 25 * 60 * 60;

type TreatMissingData = "breaching" | "notBreaching" | "ignore" | "missing";

/** One alarm: its name kind, what it watches, and how missing data counts. */
interface AlarmSpec {
  readonly kind: NameKindId;
  readonly description: string;
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: pulumi.Input<number>;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  /** A single metric, or metric math (`metricQueries`, one returning data). */
  readonly metric:
    | {
        readonly namespace: string;
        readonly name: string;
        readonly stat: string;
        readonly period: number;
        readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
      }
    | { readonly queries: pulumi.Input<aws.types.input.cloudwatch.MetricAlarmMetricQuery[]> };
}

/** One alarm spec for a threshold that may be unset: none when it is. */
function optional<T>(value: T | undefined, spec: (value: T) => AlarmSpec): AlarmSpec[] {
  return value === undefined ? [] : [spec(value)];
}

/**
 * The backup check alarm: ALARM when the check failed within the period (its
 * minimum is 0) or did not run at all (no data, treated as breaching: the
 * function threw, was not invoked, or was never deployed).
 *
 * A new stack is OK from the start, not ALARM until the first daily run: the
 * data layer runs the check once at deploy (`aws.lambda.Invocation` in
 * stacks/data/backupVerification.ts), and the check passes while no backup is
 * due yet (the cluster is younger than the maximum age), so the metric has a
 * data point of 1 before the alarm exists. A day without a run is still no
 * data within the 25 h period: breaching.
 */
function backupCheckAlarm(check: BackupCheckAlarmArgs, clusterIdentifier: pulumi.Output<string>): AlarmSpec {
  const { metric, maxAgeHours } = check;
  return {
    kind: "alarmBackupCheck",
    description: `The daily backup check (${check.functionName}) found no available automated snapshot of the database within ${maxAgeHours} h, or did not run, in the last 25 h`,
    comparison: "LessThanThreshold",
    threshold: 1,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "breaching",
    metric: {
      namespace: metric.namespace,
      name: metric.passed,
      stat: "Minimum",
      period: BACKUP_CHECK_ALARM_PERIOD_SECONDS,
      dimensions: { [metric.dimension]: clusterIdentifier },
    },
  };
}

/** The backlog alarm: more than `limit` pending orders for five minutes in a row. */
function pendingOrdersAlarm(metric: { readonly namespace: string; readonly name: string }, limit: number): AlarmSpec {
  return {
    kind: "alarmPendingOrders",
    description: `More than ${limit} pending orders for 5 minutes: the service is not keeping up`,
    comparison: "GreaterThanThreshold",
    threshold: limit,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: "notBreaching",
    metric: { ...metric, stat: "Maximum", period: 60, dimensions: {} },
  };
}

/**
 * API Gateway's 5xx rate on the stage (the `Average` of `5XXError` is the
 * share of requests): it includes what the load balancer never sees, such as
 * a failing VPC link or integration timeouts. Not a rollback alarm: the
 * target group's error rate already judges a new version.
 */
function apiErrorRateAlarm(api: ApiMetricsTarget, percent: number): AlarmSpec {
  return {
    kind: "alarmApi5xx",
    description: `API Gateway 5xx responses above ${percent}% of requests on the ${api.stageName} stage (includes VPC link and integration failures)`,
    comparison: "GreaterThanThreshold",
    threshold: percent / 100,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: "notBreaching",
    metric: {
      namespace: "AWS/ApiGateway",
      name: "5XXError",
      stat: "Average",
      period: 60,
      dimensions: { ApiName: api.apiName, Stage: api.stageName },
    },
  };
}

/** The daily backup check the backup alarm watches. */
export interface BackupCheckAlarmArgs {
  readonly metric: BackupCheckMetrics;
  readonly functionName: string;
  readonly maxAgeHours: number;
}

export interface MonitoringArgs {
  /** The physical name of each alarm, of the topic and of the dashboard, by kind. */
  readonly nameOf: (kind: NameKindId) => string;
  readonly region: string;
  /** The alarms' thresholds; an optional alarm exists when its threshold is set. */
  readonly thresholds: AlarmThresholds;
  /**
   * Addresses subscribed to the alarm topic.
   * @default none
   */
  readonly alarmEmails?: readonly string[];
  /** The ECS cluster and service, as their metrics' dimensions name them. */
  readonly clusterName: string;
  readonly serviceName: string;
  /**
   * The PendingOrders metric, for the backlog alarm and widget (with `thresholds.pendingOrders`).
   * @default none
   */
  readonly pendingOrders?: { readonly namespace: string; readonly name: string };
  /**
   * The daily backup check, for its alarm.
   * @default none (no backup alarm)
   */
  readonly backupCheck?: BackupCheckAlarmArgs;
  /**
   * The cache's memory alarm: its threshold and the data stack that must export the cache's nodes.
   * @default none (no cache alarm)
   */
  readonly cache?: { readonly alarmMemoryPercent: number; readonly dataStack: string };
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  readonly blueTargetGroupArnSuffix: pulumi.Output<string>;
  readonly greenTargetGroupArnSuffix: pulumi.Output<string>;
  readonly webAclName: string;
  readonly data: Imported<DataOutputs>;
  /** The API Gateway stage in front of the load balancer, when there is one: the `ApiName` and `Stage` dimensions. */
  readonly api?: ApiMetricsTarget;
}

/**
 * The operations view: an SNS topic (with the configured email
 * subscriptions), the dashboard, and the alarms, each sending both ALARM and
 * OK to the topic and stating how it treats missing data.
 */
export class Monitoring extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;
  public readonly dashboardName: string;
  public readonly dashboardUrl: string;
  public readonly rollbackAlarmNames: string[];

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:Monitoring", name, {}, opts);
    const { data, thresholds, clusterName, serviceName, nameOf, region } = args;
    const lb = args.loadBalancerArnSuffix;
    const pending = thresholds.pendingOrders === undefined ? undefined : args.pendingOrders;

    const topic = new aws.sns.Topic(`${name}-topic`, { name: nameOf("alarmTopic") }, { parent: this });
    (args.alarmEmails ?? []).forEach(
      (email, i) =>
        new aws.sns.TopicSubscription(`${name}-email-${i}`, { topic: topic.arn, protocol: "email", endpoint: email }, { parent: this }),
    );

    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: nameOf("dashboard"),
        dashboardBody: pulumi
          .all([lb, args.blueTargetGroupArnSuffix, args.greenTargetGroupArnSuffix, data.clusterIdentifier, data.cacheMemberClusters])
          .apply(([loadBalancer, blueTargetGroup, greenTargetGroup, dbClusterIdentifier, cacheNodes]) =>
            JSON.stringify(
              dashboardBody({
                region,
                loadBalancer,
                blueTargetGroup,
                greenTargetGroup,
                clusterName,
                serviceName,
                dbClusterIdentifier,
                webAclName: args.webAclName,
                pendingOrders: pending,
                unhealthyHosts: thresholds.unhealthyHosts,
                dbFreeLocalStorage: thresholds.dbFreeLocalStorageMiB !== undefined,
                cacheNodes: args.cache === undefined ? undefined : cacheNodes,
                api: args.api,
              }),
            ),
          ),
      },
      { parent: this },
    );

    const tgMetric = (
      id: string,
      metricName: string,
      targetGroup: pulumi.Output<string>,
      stat: string,
    ): aws.types.input.cloudwatch.MetricAlarmMetricQuery => ({
      id,
      returnData: false,
      metric: { namespace: "AWS/ApplicationELB", metricName, stat, period: 60, dimensions: { LoadBalancer: lb, TargetGroup: targetGroup } },
    });
    /**
     * One target group metric summed over blue and green: `<id>Blue`, `<id>Green` and the sum `<id>`. Either may
     * have no data; `fill` counts a missing one as 0 (FILL), which makes the sum 0 when neither has data, as at rest.
     * Without it, the plain sum still counts a group without data as 0 while the other has data ("missing values in a
     * time series are treated as 0", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html),
     * and has no data when neither has.
     */
    const acrossTargetGroups = (
      id: string,
      metricName: string,
      stat: string,
      label: string,
      fill: boolean,
    ): aws.types.input.cloudwatch.MetricAlarmMetricQuery[] => [
      tgMetric(`${id}Blue`, metricName, args.blueTargetGroupArnSuffix, stat),
      tgMetric(`${id}Green`, metricName, args.greenTargetGroupArnSuffix, stat),
      { id, label, returnData: true, expression: fill ? `FILL(${id}Blue, 0) + FILL(${id}Green, 0)` : `${id}Blue + ${id}Green` },
    ];
    const db = { DBClusterIdentifier: data.clusterIdentifier };
    const ecs = { ClusterName: clusterName, ServiceName: serviceName };
    const specs: readonly AlarmSpec[] = [
      {
        kind: "alarmErrorRate",
        description: `Target 5xx responses above ${thresholds.errorRatePercent}% of requests across the blue and green target groups`,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.errorRatePercent,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
        metric: {
          queries: [
            tgMetric("errorsBlue", "HTTPCode_Target_5XX_Count", args.blueTargetGroupArnSuffix, "Sum"),
            tgMetric("errorsGreen", "HTTPCode_Target_5XX_Count", args.greenTargetGroupArnSuffix, "Sum"),
            tgMetric("requestsBlue", "RequestCount", args.blueTargetGroupArnSuffix, "Sum"),
            tgMetric("requestsGreen", "RequestCount", args.greenTargetGroupArnSuffix, "Sum"),
            {
              id: "errorRate",
              label: "5xx error rate (%)",
              returnData: true,
              expression: "100 * (FILL(errorsBlue, 0) + FILL(errorsGreen, 0)) / (FILL(requestsBlue, 0) + FILL(requestsGreen, 0))",
            },
          ],
        },
      },
      {
        kind: "alarmAlb5xx",
        description: `Load balancer 5xx responses (no healthy target, target timeouts) above ${thresholds.alb5xxPerMinute} per minute`,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.alb5xxPerMinute,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
        metric: {
          namespace: "AWS/ApplicationELB",
          name: "HTTPCode_ELB_5XX_Count",
          stat: "Sum",
          period: 60,
          dimensions: { LoadBalancer: lb },
        },
      },
      // "Elastic Load Balancing reports metrics to CloudWatch only when requests are flowing through the load balancer"
      // (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html):
      // at rest (no traffic, or no tasks before the first image) there is no HealthyHostCount, which is not an outage,
      // so missing data is notBreaching and the sum is not FILLed (a filled 0 would breach at rest just the same).
      // With requests flowing and no healthy target, HealthyHostCount is reported as 0, so a real outage still alarms.
      {
        kind: "alarmHealthyHosts",
        description: "Fewer than one healthy task across the blue and green target groups while requests flow: the API is down",
        comparison: "LessThanThreshold",
        threshold: 1,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
        metric: { queries: acrossTargetGroups("healthy", "HealthyHostCount", "Minimum", "Healthy tasks", false) },
      },
      {
        kind: "alarmLatency",
        description: `p99 target response time above ${thresholds.latencyP99Seconds} s`,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.latencyP99Seconds,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        metric: { namespace: "AWS/ApplicationELB", name: "TargetResponseTime", stat: "p99", period: 60, dimensions: { LoadBalancer: lb } },
      },
      {
        kind: "alarmDbConnections",
        description: `Database connections above ${thresholds.dbConnectionsPercent}% of max_connections`,
        comparison: "GreaterThanThreshold",
        threshold: data.maxConnections.apply((max) => dbConnectionsThreshold(max, thresholds.dbConnectionsPercent)),
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "missing",
        metric: { namespace: "AWS/RDS", name: "DatabaseConnections", stat: "Maximum", period: 60, dimensions: db },
      },
      {
        kind: "alarmDbCpu",
        description: `Database CPU above ${thresholds.dbCpuPercent}%`,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.dbCpuPercent,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "missing",
        metric: { namespace: "AWS/RDS", name: "CPUUtilization", stat: "Average", period: 60, dimensions: db },
      },
      {
        kind: "alarmReplicaLag",
        description: `Aurora replica lag above ${thresholds.replicaLagMs} ms`,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.replicaLagMs,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        metric: { namespace: "AWS/RDS", name: "AuroraReplicaLagMaximum", stat: "Maximum", period: 60, dimensions: db },
      },
      {
        kind: "alarmWafBlocked",
        description: `More than ${thresholds.wafBlockedPer5Minutes} requests blocked by WAF in 5 minutes`,
        comparison: "GreaterThanThreshold",
        threshold: thresholds.wafBlockedPer5Minutes,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
        metric: {
          namespace: "AWS/WAFV2",
          name: "BlockedRequests",
          stat: "Sum",
          period: 300,
          dimensions: { WebACL: args.webAclName, Region: region, Rule: "ALL" },
        },
      },
      ...(pending === undefined || thresholds.pendingOrders === undefined ? [] : [pendingOrdersAlarm(pending, thresholds.pendingOrders)]),
      // No tasks (before the first image) means no data, which is not high utilization: the healthy-hosts alarm covers that.
      ...optional(thresholds.serviceCpuPercent, (percent) => ({
        kind: "alarmServiceCpu",
        description: `Service CPU above ${percent}% for 5 minutes: scaling has not caught up, or the service is at maxTasks`,
        comparison: "GreaterThanThreshold",
        threshold: percent,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: "notBreaching",
        metric: { namespace: "AWS/ECS", name: "CPUUtilization", stat: "Average", period: 60, dimensions: ecs },
      })),
      ...optional(thresholds.serviceMemoryPercent, (percent) => ({
        kind: "alarmServiceMemory",
        description: `Service memory above ${percent}% for 5 minutes: tasks are close to being stopped for running out of memory`,
        comparison: "GreaterThanThreshold",
        threshold: percent,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: "notBreaching",
        metric: { namespace: "AWS/ECS", name: "MemoryUtilization", stat: "Average", period: 60, dimensions: ecs },
      })),
      ...(thresholds.unhealthyHosts
        ? [
            {
              kind: "alarmUnhealthyHosts",
              description:
                "At least one task failing its load balancer health checks, in the blue or green target group, in 2 of 3 minutes",
              comparison: "GreaterThanThreshold",
              threshold: 0,
              evaluationPeriods: 3,
              datapointsToAlarm: 2,
              treatMissingData: "notBreaching",
              metric: { queries: acrossTargetGroups("unhealthy", "UnHealthyHostCount", "Maximum", "Unhealthy tasks", true) },
            } satisfies AlarmSpec,
          ]
        : []),
      // Minimum over the cluster: the instance with the least free local storage.
      ...optional(thresholds.dbFreeLocalStorageMiB, (mib) => ({
        kind: "alarmDbFreeLocalStorage",
        description: `Free local storage (temporary files, logs) of a database instance below ${mib} MiB`,
        comparison: "LessThanThreshold",
        threshold: mib * MIB,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "missing",
        metric: { namespace: "AWS/RDS", name: "FreeLocalStorage", stat: "Minimum", period: 60, dimensions: db },
      })),
      ...(args.backupCheck === undefined ? [] : [backupCheckAlarm(args.backupCheck, data.clusterIdentifier)]),
      ...(args.api === undefined ? [] : [apiErrorRateAlarm(args.api, thresholds.errorRatePercent)]),
    ];

    const cache = args.cache;
    const cacheSpecs: readonly AlarmSpec[] =
      cache === undefined
        ? []
        : [
            {
              kind: "alarmCacheMemory",
              description: `Cache memory above ${cache.alarmMemoryPercent}% of maxmemory on its fullest node: keys are evicted (sessions lost) from there on`,
              comparison: "GreaterThanThreshold",
              threshold: cache.alarmMemoryPercent,
              evaluationPeriods: 5,
              datapointsToAlarm: 3,
              treatMissingData: "missing",
              metric: { queries: data.cacheMemberClusters.apply((nodes) => cacheMemoryQueries(nodes, cache.dataStack)) },
            },
          ];

    for (const spec of [...specs, ...cacheSpecs]) {
      const metric =
        "queries" in spec.metric
          ? { metricQueries: spec.metric.queries }
          : {
              namespace: spec.metric.namespace,
              metricName: spec.metric.name,
              period: spec.metric.period,
              dimensions: spec.metric.dimensions,
              ...(spec.metric.stat.startsWith("p")
                ? { extendedStatistic: spec.metric.stat, evaluateLowSampleCountPercentiles: "ignore" }
                : { statistic: spec.metric.stat }),
            };
      new aws.cloudwatch.MetricAlarm(
        `${name}-${spec.kind}`,
        {
          name: nameOf(spec.kind),
          alarmDescription: spec.description,
          comparisonOperator: spec.comparison,
          threshold: spec.threshold,
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.datapointsToAlarm,
          treatMissingData: spec.treatMissingData,
          actionsEnabled: true,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          ...metric,
        },
        { parent: this },
      );
    }

    this.topicArn = topic.arn;
    this.dashboardName = nameOf("dashboard");
    this.dashboardUrl = dashboardUrl(region, this.dashboardName);
    this.rollbackAlarmNames = ROLLBACK_ALARMS.map((kind) => nameOf(kind));
    this.registerOutputs({ topicArn: this.topicArn, dashboardName: dashboard.dashboardName, rollbackAlarmNames: this.rollbackAlarmNames });
  }
}
