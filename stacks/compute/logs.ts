import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { nameOf, pendingOrdersMetric, PlatformConfig } from "../../shared";
import { PENDING_ORDERS_PATTERN, PENDING_ORDERS_VALUE } from "./logFilter";

export interface ApiLogsArgs {
  readonly cfg: PlatformConfig;
}

/**
 * The API's log group (structured JSON lines, retention from config) and,
 * when the API reports its order backlog, the metric filter that turns its
 * queue-depth line into the PendingOrders metric of the system's namespace.
 */
export class ApiLogs extends pulumi.ComponentResource {
  public readonly logGroupName: pulumi.Output<string>;
  public readonly logGroupArn: pulumi.Output<string>;

  constructor(name: string, args: ApiLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ApiLogs", name, {}, opts);
    const { cfg } = args;
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-group`,
      { name: nameOf(cfg, "apiLogGroup"), retentionInDays: cfg.compute.apiLogRetentionDays },
      { parent: this },
    );
    // Only an API that reports its order backlog logs the queue-depth line (platform:pendingOrdersMetric).
    if (cfg.pendingOrdersMetric) {
      const metric = pendingOrdersMetric(cfg);
      new aws.cloudwatch.LogMetricFilter(
        `${name}-pending-orders`,
        {
          name: nameOf(cfg, "pendingOrdersFilter"),
          logGroupName: logGroup.name,
          pattern: PENDING_ORDERS_PATTERN,
          metricTransformation: { namespace: metric.namespace, name: metric.name, value: PENDING_ORDERS_VALUE, unit: "Count" },
        },
        { parent: this },
      );
    }

    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;
    this.registerOutputs({ logGroupName: this.logGroupName, logGroupArn: this.logGroupArn });
  }
}
