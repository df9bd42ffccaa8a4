import { PlatformConfig } from "../config";
import { PlannedResource } from "../plan/capture";
import type { LayerPlan, Plan } from "../plan/runner";
import { list, num, Props, record, strings, text } from "../policy/props";
import { placeTasks } from "../config/compute";
import { splitOf, strategiesOf } from "../policy/spot";
import { treatmentOf } from "./catalog";
import { Price, PriceKey, PRICES, RegionPrices } from "./prices";

/** A low and a high figure: at the scaling minimum and at the maximum. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** One priced line: a quantity of one price dimension for one resource. */
export interface CostLine {
  readonly layer: string;
  /** What is priced, e.g. "NAT gateway hours". */
  readonly kind: string;
  readonly resource: string;
  readonly quantity: Range;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthly: Range;
  readonly priceStatus: Price["status"];
}

/** A resource the estimate deliberately leaves out, and why. */
export interface Omission {
  readonly layer: string;
  readonly type: string;
  readonly resource: string;
  readonly reason: string;
}

/** The estimated monthly cost of a plan. */
export interface CostEstimate {
  readonly region: string;
  readonly currency: "USD";
  /** False when the region has no price table; then only `reason` is meaningful. */
  readonly priced: boolean;
  readonly reason?: string;
  readonly assumptions: PlatformConfig["cost"] & { readonly minTasks: number; readonly maxTasks: number };
  readonly lines: readonly CostLine[];
  readonly byLayer: Readonly<Record<string, Range>>;
  readonly byKind: Readonly<Record<string, Range>>;
  readonly total: Range;
  /** Costly resources not modelled (see the catalog's reasons). */
  readonly notEstimated: readonly Omission[];
  /** Types the catalog does not list: each is a gap to close (the tests fail on any). */
  readonly unlisted: readonly string[];
  /** Price keys used with `unverified` status. */
  readonly unverifiedPrices: readonly string[];
}

/** What a priced type's handler sees. */
interface Ctx {
  readonly cfg: PlatformConfig;
  readonly layer: LayerPlan;
  readonly resource: PlannedResource;
  readonly table: RegionPrices;
  readonly line: (kind: string, key: PriceKey | Price, quantity: Range | number) => void;
  readonly omit: (reason: string) => void;
}

const fixed = (n: number): Range => ({ min: n, max: n });
const same = (layer: LayerPlan, type: string) => layer.resources.filter((r) => r.type === type);

function natGateways(ctx: Ctx, count: number): void {
  const h = ctx.cfg.cost.hoursPerMonth;
  ctx.line("NAT gateway hours", "natGatewayHour", count * h);
  ctx.line("public IPv4 addresses", "publicIpv4Hour", count * h);
}

/** Tasks at the scaling minimum and maximum, split by the service's capacity provider strategy. */
function taskSplit(cfg: PlatformConfig, props: Props): { onDemand: Range; spot: Range } {
  const strategies = strategiesOf(props.capacityProviderStrategies);
  const split = splitOf(strategies);
  // The compute layer's placement, rounded against Spot: the estimate errs high.
  const at = (n: number) => {
    if (split.spotWeight === 0) return { onDemand: n, spot: 0 };
    const p = placeTasks(split, n);
    return { onDemand: p.onDemand.max, spot: p.spot.min };
  };
  const lo = at(cfg.compute.minTasks);
  const hi = at(cfg.compute.maxTasks);
  return { onDemand: { min: lo.onDemand, max: hi.onDemand }, spot: { min: lo.spot, max: hi.spot } };
}

const scale = (r: Range, k: number): Range => ({ min: r.min * k, max: r.max * k });

/** The Fargate price keys of each CPU architecture: ARM64 (Graviton) has its own, lower, vCPU-hour and GB-hour prices. */
const FARGATE_KEYS: Readonly<Record<"X86_64" | "ARM64", { vcpu: PriceKey; gb: PriceKey; spotVcpu: PriceKey; spotGb: PriceKey }>> = {
  X86_64: { vcpu: "fargateVcpuHour", gb: "fargateGbHour", spotVcpu: "fargateSpotVcpuHour", spotGb: "fargateSpotGbHour" },
  ARM64: { vcpu: "fargateArmVcpuHour", gb: "fargateArmGbHour", spotVcpu: "fargateSpotArmVcpuHour", spotGb: "fargateSpotArmGbHour" },
};

/** A task definition's CPU architecture: ARM64 when its runtimePlatform says so, else X86_64 (ECS's default). */
function architectureOf(def: PlannedResource): "X86_64" | "ARM64" {
  return text(record(def.inputs.runtimePlatform)?.cpuArchitecture) === "ARM64" ? "ARM64" : "X86_64";
}

/** The cost handler of each priced type (see the catalog). */
export const PRICED_TYPES: Readonly<Record<string, (ctx: Ctx) => void>> = {
  /**
   * The offline plan sees the awsx component only; a real preview also holds
   * its child NAT gateways and EIPs, priced by their own handlers, so the
   * component then prices only the data its gateways process.
   */
  "awsx:ec2:Vpc": (ctx) => {
    const strategy = text(record(ctx.resource.inputs.natGateways)?.strategy) ?? "OnePerAz";
    const zones = strings(ctx.resource.inputs.availabilityZoneNames).length;
    const count = strategy === "OnePerAz" ? zones : strategy === "Single" ? 1 : 0;
    if (same(ctx.layer, "aws:ec2/natGateway:NatGateway").length === 0) natGateways(ctx, count);
    if (count > 0) ctx.line("NAT gateway data processed", "natGatewayGb", ctx.cfg.cost.natGbPerMonth);
  },
  "aws:ec2/natGateway:NatGateway": (ctx) => ctx.line("NAT gateway hours", "natGatewayHour", ctx.cfg.cost.hoursPerMonth),
  "aws:ec2/eip:Eip": (ctx) => ctx.line("public IPv4 addresses", "publicIpv4Hour", ctx.cfg.cost.hoursPerMonth),
  "aws:ec2/flowLog:FlowLog": (ctx) => ctx.line("VPC flow logs ingestion", "vendedLogsIngestGb", ctx.cfg.cost.flowLogGbPerMonth),
  "aws:cloudwatch/logGroup:LogGroup": (ctx) => {
    const isFlowLogDestination = same(ctx.layer, "aws:ec2/flowLog:FlowLog").some((f) => f.dependencies.includes(ctx.resource.urn));
    const functionOf = same(ctx.layer, "aws:lambda/function:Function").find(
      (f) => record(f.inputs.loggingConfig)?.logGroup === ctx.resource.inputs.name,
    );
    if (functionOf !== undefined) {
      // The platform's functions run a few times a month at most and log one line per run.
      ctx.omit(`the log group of ${String(functionOf.inputs.name)}: a JSON line per run, well under 0.01 GB a month`);
    } else if (!isFlowLogDestination) ctx.line("CloudWatch Logs ingestion", "logsIngestGb", ctx.cfg.cost.logGbPerGroup);
  },
  "aws:rds/cluster:Cluster": (ctx) => {
    ctx.line("Aurora storage", "auroraStorageGbMonth", ctx.cfg.cost.auroraStorageGb);
    ctx.line("Aurora I/O", "auroraMillionIo", ctx.cfg.cost.auroraIoMillions);
    if (ctx.resource.inputs.manageMasterUserPassword === true) ctx.line("Secrets Manager secrets", "secretMonth", 1);
  },
  "aws:rds/clusterInstance:ClusterInstance": (ctx) => {
    const h = ctx.cfg.cost.hoursPerMonth;
    const cls = text(ctx.resource.inputs.instanceClass) ?? "";
    if (cls === "db.serverless") {
      const clusters = same(ctx.layer, "aws:rds/cluster:Cluster");
      const cluster = clusters.find((c) => ctx.resource.dependencies.includes(c.urn)) ?? clusters[0];
      const scaling = record(cluster?.inputs.serverlessv2ScalingConfiguration);
      // A minimum of 0 is the automatic pause: the floor is an instance paused all month, which bills no capacity
      // (storage, I/O and the rest of the cluster still are); the ceiling is every instance at its maximum all month.
      const acu = { min: num(scaling?.minCapacity) ?? 0.5, max: num(scaling?.maxCapacity) ?? 1 };
      ctx.line("Aurora Serverless v2 capacity", "auroraAcuHour", scale(acu, h));
      return;
    }
    const price = ctx.table.auroraInstanceHour[cls];
    if (price === undefined) ctx.omit(`no price for instance class "${cls}" in the table`);
    else ctx.line("Aurora instances", price, h);
  },
  /** Every node of the replication group: shards x (1 + replicas), or the node count of a group without shards. */
  "aws:elasticache/replicationGroup:ReplicationGroup": (ctx) => {
    const p = ctx.resource.inputs;
    const nodeType = text(p.nodeType) ?? "";
    const engine = text(p.engine) === "redis" ? "redis" : "valkey";
    const shards = num(p.numNodeGroups);
    const nodes = shards === undefined ? (num(p.numCacheClusters) ?? 1) : shards * (1 + (num(p.replicasPerNodeGroup) ?? 0));
    const price = ctx.table.cacheNodeHour[engine][nodeType];
    if (price === undefined) ctx.omit(`no price for ${engine} node type "${nodeType}" in the table`);
    else ctx.line("ElastiCache nodes", price, nodes * ctx.cfg.cost.hoursPerMonth);
  },
  "aws:secretsmanager/secret:Secret": (ctx) => ctx.line("Secrets Manager secrets", "secretMonth", 1),
  "aws:kms/key:Key": (ctx) => ctx.line("KMS keys", "kmsKeyMonth", 1),
  /** An internet-facing ALB has a public IPv4 address per AZ: its subnets, or the stack's AZs while they are unknown. */
  "aws:lb/loadBalancer:LoadBalancer": (ctx) => {
    const h = ctx.cfg.cost.hoursPerMonth;
    const p = ctx.resource.inputs;
    ctx.line("ALB hours", "albHour", h);
    ctx.line("ALB capacity units", "albLcuHour", ctx.cfg.cost.albLcu * h);
    if (p.internal !== true) {
      const listed = Math.max(strings(p.subnets).length, list(p.subnetMappings).length);
      const zones = listed > 0 ? listed : ctx.cfg.network.availabilityZones.length;
      ctx.line("public IPv4 addresses", "publicIpv4Hour", zones * h);
    }
  },
  "aws:wafv2/webAcl:WebAcl": (ctx) => {
    ctx.line("WAF web ACLs", "wafWebAclMonth", 1);
    ctx.line("WAF rules", "wafRuleMonth", list(ctx.resource.inputs.rules).length);
    ctx.line("WAF requests", "wafMillionRequests", ctx.cfg.cost.wafRequestsMillions);
  },
  "aws:s3/bucket:Bucket": (ctx) => ctx.line("S3 access log storage", "s3StandardGbMonth", ctx.cfg.cost.accessLogGb),
  "aws:s3/bucketV2:BucketV2": (ctx) => ctx.line("S3 access log storage", "s3StandardGbMonth", ctx.cfg.cost.accessLogGb),
  "aws:apigateway/restApi:RestApi": (ctx) =>
    ctx.line("API Gateway requests", "apiGatewayMillionRequests", ctx.cfg.cost.apiRequestsMillions),
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (ctx) => ctx.line("Route 53 private hosted zones", "hostedZoneMonth", 1),
  /** Every running task is a registered instance. */
  "aws:servicediscovery/service:Service": (ctx) =>
    ctx.line("Cloud Map registered instances", "cloudMapInstanceMonth", { min: ctx.cfg.compute.minTasks, max: ctx.cfg.compute.maxTasks }),
  "aws:cloudwatch/dashboard:Dashboard": (ctx) => ctx.line("CloudWatch dashboards", "dashboardMonth", 1),
  /**
   * An alarm is priced per metric it reads; one with a period under a minute
   * is a high-resolution alarm (three times the price), and the
   * high-resolution custom metrics it reads, which the API publishes itself
   * (embedded metric format), are priced as custom metrics.
   */
  "aws:cloudwatch/metricAlarm:MetricAlarm": (ctx) => {
    const metrics = list(ctx.resource.inputs.metricQueries).flatMap((q) => {
      const metric = record(record(q)?.metric);
      return metric === undefined ? [] : [metric];
    });
    const periods = [...metrics.map((m) => num(m.period)), num(ctx.resource.inputs.period)].filter((p): p is number => p !== undefined);
    const highRes = periods.some((p) => p < 60);
    ctx.line(
      highRes ? "CloudWatch high-resolution alarms" : "CloudWatch alarms",
      highRes ? "highResAlarmMetricMonth" : "alarmMetricMonth",
      Math.max(metrics.length, 1),
    );
    const published = new Set(
      metrics
        .filter((m) => !String(m.namespace).startsWith("AWS/") && (num(m.period) ?? 60) < 60)
        .map((m) => `${String(m.namespace)} ${String(m.metricName)}`),
    );
    if (published.size > 0) ctx.line("CloudWatch custom metrics (high resolution, from the API)", "customMetricMonth", published.size);
  },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": (ctx) => ctx.line("CloudWatch custom metrics", "customMetricMonth", 1),
  "aws:ecr/repository:Repository": (ctx) => ctx.line("ECR image storage", "ecrStorageGbMonth", ctx.cfg.cost.ecrStorageGb),
  "aws:ecs/cluster:Cluster": (ctx) => {
    const insights = list(ctx.resource.inputs.settings).some(
      (s) => record(s)?.name === "containerInsights" && record(s)?.value !== "disabled",
    );
    const tasks = { min: ctx.cfg.compute.minTasks, max: ctx.cfg.compute.maxTasks };
    if (insights) ctx.line("Container Insights ingestion", "logsIngestGb", scale(tasks, ctx.cfg.cost.containerInsightsGbPerTask));
  },
  "aws:ecs/service:Service": (ctx) => {
    const h = ctx.cfg.cost.hoursPerMonth;
    const defs = same(ctx.layer, "aws:ecs/taskDefinition:TaskDefinition");
    const def = defs.find((d) => ctx.resource.dependencies.includes(d.urn)) ?? defs[0];
    const vcpu = (num(def?.inputs.cpu) ?? 0) / 1024;
    const gb = (num(def?.inputs.memory) ?? 0) / 1024;
    if (def === undefined || vcpu === 0 || gb === 0) {
      ctx.omit("no task definition with cpu and memory in the layer");
      return;
    }
    const { onDemand, spot } = taskSplit(ctx.cfg, ctx.resource.inputs);
    const keys = FARGATE_KEYS[architectureOf(def)];
    ctx.line("Fargate on-demand vCPU", keys.vcpu, scale(onDemand, vcpu * h));
    ctx.line("Fargate on-demand memory", keys.gb, scale(onDemand, gb * h));
    // An on-demand-only service (no FARGATE_SPOT in its strategy) has no Spot lines at all.
    if (spot.max > 0) {
      ctx.line("Fargate Spot vCPU", keys.spotVcpu, scale(spot, vcpu * h));
      ctx.line("Fargate Spot memory", keys.spotGb, scale(spot, gb * h));
    }
  },
};

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The monthly cost of a plan in its stack's region, per resource, from the
 * price table and the `cost*` assumptions of the stack's config. Quantities
 * that scale with the task count (Fargate, Container Insights) are given at
 * `minTasks` and `maxTasks`; Aurora Serverless v2 at its minimum and maximum
 * ACUs (a minimum of 0, the automatic pause, prices the floor as paused all
 * month); Fargate at the task definition's CPU architecture (ARM64 has its
 * own prices); everything else is the same in both columns.
 */
export function estimateCost(plan: Plan, cfg: PlatformConfig): CostEstimate {
  const table = PRICES[cfg.region];
  const assumptions = { ...cfg.cost, minTasks: cfg.compute.minTasks, maxTasks: cfg.compute.maxTasks };
  const lines: CostLine[] = [];
  const notEstimated: Omission[] = [];
  const unlisted = new Set<string>();
  const unverified = new Set<string>();
  // Layers another stack deploys (a short-lived environment's network and data) are that stack's cost.
  for (const layer of plan.layers.filter((l) => l.stack === plan.stack)) {
    for (const resource of layer.resources) {
      const treatment = treatmentOf(resource.type);
      if (treatment === undefined) {
        unlisted.add(resource.type);
        continue;
      }
      const omit = (reason: string) => notEstimated.push({ layer: layer.layer, type: resource.type, resource: resource.name, reason });
      if (treatment.treatment === "notEstimated") omit(treatment.reason);
      if (treatment.treatment !== "priced" || table === undefined) continue;
      const line = (kind: string, key: PriceKey | Price, quantity: Range | number) => {
        const price = typeof key === "string" ? table.prices[key] : key;
        const q = typeof quantity === "number" ? fixed(quantity) : quantity;
        if (price.status === "unverified") unverified.add(typeof key === "string" ? key : `${kind}: ${price.unit}`);
        lines.push({
          layer: layer.layer,
          kind,
          resource: resource.name,
          quantity: q,
          unit: price.unit,
          unitPrice: price.usd,
          monthly: { min: round(q.min * price.usd), max: round(q.max * price.usd) },
          priceStatus: price.status,
        });
      };
      PRICED_TYPES[resource.type]({ cfg, layer, resource, table, line, omit });
    }
  }
  const sum = (key: (l: CostLine) => string) => {
    const out: Record<string, Range> = {};
    for (const l of lines) {
      const prev = out[key(l)] ?? { min: 0, max: 0 };
      out[key(l)] = { min: round(prev.min + l.monthly.min), max: round(prev.max + l.monthly.max) };
    }
    return out;
  };
  const total = lines.reduce((t, l) => ({ min: round(t.min + l.monthly.min), max: round(t.max + l.monthly.max) }), { min: 0, max: 0 });
  return {
    region: cfg.region,
    currency: "USD",
    priced: table !== undefined,
    ...(table === undefined ? { reason: `no price table for ${cfg.region}; priced regions: ${Object.keys(PRICES).join(", ")}` } : {}),
    assumptions,
    lines,
    byLayer: sum((l) => l.layer),
    byKind: sum((l) => l.kind),
    total,
    notEstimated,
    unlisted: [...unlisted].sort(),
    unverifiedPrices: [...unverified].sort(),
  };
}
