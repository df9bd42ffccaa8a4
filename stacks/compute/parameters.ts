import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DataOutputs, Imported, metricsNamespace, parameterPath, pendingOrdersMetric, PlatformConfig } from "../../shared";

/** One configuration value in Parameter Store and the environment variable the container gets it as. */
export interface AppParameter {
  /** The last part of the name, under the configuration path. */
  readonly id: string;
  readonly env: string;
  readonly description: string;
  readonly value: pulumi.Input<string>;
}

/** The configuration path of a deployment, `/<system>/<environmentSuffix>`. */
export function configurationPath(cfg: PlatformConfig): string {
  return parameterPath(cfg.system, cfg.environmentSuffix);
}

/**
 * The application's non-secret configuration: where the database is
 * (writer for writes, reader endpoint to spread reads over the replicas),
 * the region, the log level and format, the port to listen on, and the
 * metric it reports its backlog as (when it reports one).
 */
export function appParameters(cfg: PlatformConfig, data: Imported<DataOutputs>): AppParameter[] {
  return [
    { id: "db-writer-endpoint", env: "DB_WRITER_ENDPOINT", description: "Aurora writer (cluster) endpoint", value: data.writerEndpoint },
    {
      id: "db-reader-endpoint",
      env: "DB_READER_ENDPOINT",
      description: "Aurora reader endpoint, load-balanced over the replicas",
      value: data.readerEndpoint,
    },
    { id: "db-port", env: "DB_PORT", description: "Database port", value: data.port.apply(String) },
    { id: "db-name", env: "DB_NAME", description: "Database name", value: data.databaseName },
    { id: "region", env: "APP_REGION", description: "AWS region of the deployment", value: cfg.region },
    { id: "log-level", env: "LOG_LEVEL", description: "Application log level", value: cfg.compute.appLogLevel },
    { id: "log-format", env: "LOG_FORMAT", description: "Application log format: one JSON object per line", value: "json" },
    { id: "http-port", env: "PORT", description: "Port the API listens on", value: String(cfg.compute.containerPort) },
    {
      id: "metric-namespace",
      env: "METRIC_NAMESPACE",
      description: "CloudWatch namespace of the application's metrics",
      value: metricsNamespace(cfg),
    },
    ...(cfg.pendingOrdersMetric
      ? [
          {
            id: "pending-orders-metric",
            env: "PENDING_ORDERS_METRIC",
            description: "Name of the pending-orders metric",
            value: pendingOrdersMetric(cfg).name,
          },
        ]
      : []),
  ];
}

export interface AppConfigArgs {
  /** The configuration path the parameters live under, e.g. `/orders/dev` (see {@link configurationPath}). */
  readonly path: string;
  /** The parameters (see {@link appParameters}). */
  readonly parameters: readonly AppParameter[];
}

/** The application's configuration in Parameter Store, one String parameter a value under the path. */
export class AppConfig extends pulumi.ComponentResource {
  /** Every parameter's environment variable and ARN, in the order given. */
  public readonly parameters: pulumi.Output<{ env: string; arn: string }[]>;

  constructor(name: string, args: AppConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:AppConfig", name, {}, opts);
    const entries = args.parameters.map((p) => {
      const parameter = new aws.ssm.Parameter(
        `${name}-${p.id}`,
        { name: `${args.path}/${p.id}`, type: "String", tier: "Standard", insecureValue: p.value, description: p.description },
        { parent: this },
      );
      return parameter.arn.apply((arn) => ({ env: p.env, arn }));
    });

    this.parameters = pulumi.all(entries);
    this.registerOutputs({ parameters: this.parameters });
  }
}
