import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PENDING_ORDERS_PATTERN, PENDING_ORDERS_VALUE } from "./logFilter";

/** The metric filter that turns the API's queue-depth line into its PendingOrders metric. */
export interface PendingOrdersFilterArgs {
  readonly filterName: string;
  /** The metric's namespace and name. */
  readonly namespace: string;
  readonly metricName: string;
}

export interface ApiLogsArgs {
  /** The log group's name. */
  readonly logGroupName: string;
  /** Days the log group keeps events (a CloudWatch Logs retention period). */
  readonly retentionInDays: number;
  /**
   * The PendingOrders metric filter, for an API that reports its order backlog.
   * @default none (no filter)
   */
  readonly pendingOrders?: PendingOrdersFilterArgs;
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
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-group`,
      { name: args.logGroupName, retentionInDays: args.retentionInDays },
      { parent: this },
    );
    // Only an API that reports its order backlog logs the queue-depth line (platform:pendingOrdersMetric).
    const pending = args.pendingOrders;
    if (pending !== undefined) {
      new aws.cloudwatch.LogMetricFilter(
        `${name}-pending-orders`,
        {
          name: pending.filterName,
          logGroupName: logGroup.name,
          pattern: PENDING_ORDERS_PATTERN,
          metricTransformation: { namespace: pending.namespace, name: pending.metricName, value: PENDING_ORDERS_VALUE, unit: "Count" },
        },
        { parent: this },
      );
    }

    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;
    this.registerOutputs({ logGroupName: this.logGroupName, logGroupArn: this.logGroupArn });
  }
}
