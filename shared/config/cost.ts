import { ConfigReader } from "./reader";

/**
 * The usage assumptions of the cost estimate (`npm run plan`). None changes a
 * resource; each can be set per stack or with `--set key=value`.
 */
export interface CostConfig {
  /** Hours in a billing month. */
  readonly hoursPerMonth: number;
  /** GB processed by the NAT gateways per month, all gateways together. */
  readonly natGbPerMonth: number;
  /** Average load balancer capacity units the ALB consumes each hour. */
  readonly albLcu: number;
  /** Millions of web requests WAF inspects per month. */
  readonly wafRequestsMillions: number;
  /** GB stored in the Aurora cluster volume. */
  readonly auroraStorageGb: number;
  /** Millions of Aurora storage I/O requests per month (Aurora Standard). */
  readonly auroraIoMillions: number;
  /** GB ingested per month by each log group other than the flow log group. */
  readonly logGbPerGroup: number;
  /** GB of VPC flow log records ingested per month. */
  readonly flowLogGbPerMonth: number;
  /** GB of Container Insights performance events ingested per running task per month. */
  readonly containerInsightsGbPerTask: number;
  /** GB of load balancer access logs stored in S3 (steady state under the lifecycle rule). */
  readonly accessLogGb: number;
  /** GB of container images stored in ECR. */
  readonly ecrStorageGb: number;
  /** Millions of requests API Gateway receives per month (systems with API Gateway only). */
  readonly apiRequestsMillions: number;
}

export function readCostConfig(r: ConfigReader): CostConfig {
  const amount = (key: string, doc: string, def: number, max: number) => r.decimal(key, { doc, default: def, min: 0, max, step: 0.01 });
  return {
    hoursPerMonth: r.integer("costHoursPerMonth", { doc: "Cost estimate: hours in a billing month (AWS's calculator uses 730).", default: 730, min: 672, max: 744 }),
    natGbPerMonth: amount("costNatGbPerMonth", "Cost estimate: GB processed by the NAT gateways per month, all gateways together.", 100, 1_000_000),
    albLcu: amount("costAlbLcu", "Cost estimate: average load balancer capacity units (LCU) the ALB consumes each hour.", 1, 100_000),
    wafRequestsMillions: amount("costWafRequestsMillions", "Cost estimate: millions of web requests WAF inspects per month.", 10, 1_000_000),
    auroraStorageGb: amount("costAuroraStorageGb", "Cost estimate: GB stored in the Aurora cluster volume.", 20, 131_072),
    auroraIoMillions: amount("costAuroraIoMillions", "Cost estimate: millions of Aurora storage I/O requests per month (Aurora Standard).", 20, 1_000_000),
    logGbPerGroup: amount("costLogGbPerGroup", "Cost estimate: GB ingested per month by each log group other than the VPC flow log group.", 5, 1_000_000),
    flowLogGbPerMonth: amount("costFlowLogGbPerMonth", "Cost estimate: GB of VPC flow log records ingested per month.", 20, 1_000_000),
    containerInsightsGbPerTask: amount("costContainerInsightsGbPerTask", "Cost estimate: GB of Container Insights performance events per running task per month.", 0.5, 10_000),
    accessLogGb: amount("costAccessLogGb", "Cost estimate: GB of load balancer access logs kept in S3.", 10, 1_000_000),
    ecrStorageGb: amount("costEcrStorageGb", "Cost estimate: GB of container images stored in ECR.", 5, 1_000_000),
    apiRequestsMillions: amount("costApiRequestsMillions", "Cost estimate: millions of requests API Gateway receives per month (only systems with API Gateway).", 10, 1_000_000),
  };
}
