import { group, key, Values } from "./spec";

const amount = (doc: string, def: number, max: number) =>
  key.decimal({ doc: `Cost estimate: ${doc}`, default: def, min: 0, max, step: 0.01 });

/**
 * The usage assumptions of the cost estimate (`npm run plan`), keys
 * `cost<Property>`. None changes a resource; each can be set per stack or
 * with `--set key=value`.
 */
export const COST = group(
  {
    hoursPerMonth: key.integer({
      doc: "Cost estimate: hours in a billing month (AWS's calculator uses 730).",
      default: 730,
      min: 672,
      max: 744,
    }),
    natGbPerMonth: amount("GB processed by the NAT gateways per month, all gateways together.", 100, 1_000_000),
    albLcu: amount("average load balancer capacity units (LCU) the ALB consumes each hour.", 1, 100_000),
    wafRequestsMillions: amount("millions of web requests WAF inspects per month.", 10, 1_000_000),
    auroraStorageGb: amount("GB stored in the Aurora cluster volume.", 20, 131_072),
    auroraIoMillions: amount("millions of Aurora storage I/O requests per month (Aurora Standard).", 20, 1_000_000),
    logGbPerGroup: amount("GB ingested per month by each log group other than the VPC flow log group.", 5, 1_000_000),
    flowLogGbPerMonth: amount("GB of VPC flow log records ingested per month.", 20, 1_000_000),
    containerInsightsGbPerTask: amount("GB of Container Insights performance events per running task per month.", 0.5, 10_000),
    accessLogGb: amount("GB of load balancer access logs kept in S3.", 10, 1_000_000),
    ecrStorageGb: amount("GB of container images stored in ECR.", 5, 1_000_000),
    apiRequestsMillions: amount("millions of requests API Gateway receives per month (only systems with API Gateway).", 10, 1_000_000),
  },
  "cost",
);

export type CostConfig = Values<typeof COST.keys>;
