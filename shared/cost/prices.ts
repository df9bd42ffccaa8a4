/**
 * On-demand list prices (USD) per region. Each price names the public AWS
 * pricing page it belongs to, the date it was read, and its status:
 * - `published`: the figure was read on the date given, from a public page
 *   quoting that AWS pricing page (`evidence`); re-check before relying on it.
 * - `unverified`: no source could be read offline; the figure is the best
 *   known value and is listed as such in the estimate and the README.
 */
export interface Price {
  readonly usd: number;
  readonly unit: string;
  /** The public AWS pricing page of this price. */
  readonly source: string;
  /** When the figure was read (YYYY-MM-DD). */
  readonly read: string;
  readonly status: "published" | "unverified";
  /** Where the figure was read, when that is not `source` itself. */
  readonly evidence?: string;
}

/** The priced dimensions the estimator uses. */
export type PriceKey =
  | "natGatewayHour"
  | "natGatewayGb"
  | "publicIpv4Hour"
  | "albHour"
  | "albLcuHour"
  | "wafWebAclMonth"
  | "wafRuleMonth"
  | "wafMillionRequests"
  | "fargateVcpuHour"
  | "fargateGbHour"
  | "fargateSpotVcpuHour"
  | "fargateSpotGbHour"
  | "fargateArmVcpuHour"
  | "fargateArmGbHour"
  | "fargateSpotArmVcpuHour"
  | "fargateSpotArmGbHour"
  | "auroraAcuHour"
  | "auroraStorageGbMonth"
  | "auroraMillionIo"
  | "secretMonth"
  | "kmsKeyMonth"
  | "alarmMetricMonth"
  | "highResAlarmMetricMonth"
  | "dashboardMonth"
  | "customMetricMonth"
  | "logsIngestGb"
  | "vendedLogsIngestGb"
  | "s3StandardGbMonth"
  | "ecrStorageGbMonth"
  | "apiGatewayMillionRequests"
  | "hostedZoneMonth"
  | "cloudMapInstanceMonth";

/** The ElastiCache engines with node prices: Valkey nodes are listed 20% below Redis OSS nodes. */
export type CacheEngine = "valkey" | "redis";

/** The prices of one region: every dimension, Aurora instance hours by class, and ElastiCache node hours by engine and node type. */
export interface RegionPrices {
  readonly prices: Readonly<Record<PriceKey, Price>>;
  readonly auroraInstanceHour: Readonly<Record<string, Price>>;
  readonly cacheNodeHour: Readonly<Record<CacheEngine, Readonly<Record<string, Price>>>>;
}

const READ = "2026-11-22";
export const PAGES = {
  vpc: "https://aws.amazon.com/vpc/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  fargate: "https://aws.amazon.com/fargate/pricing/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  secrets: "https://aws.amazon.com/secrets-manager/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  s3: "https://aws.amazon.com/s3/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
  apiGateway: "https://aws.amazon.com/api-gateway/pricing/",
  elasticache: "https://aws.amazon.com/elasticache/pricing/",
  route53: "https://aws.amazon.com/route53/pricing/",
  cloudMap: "https://aws.amazon.com/cloud-map/pricing/",
} as const;

const EVIDENCE = {
  nat: "https://basavytix.com/blog/aws-nat-gateway-pricing",
  natRegions: "https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/",
  ipv4: "https://www.doit.com/aws-public-ipv4-price-increase-the-complete-guide/",
  alb: "https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/",
  waf: "https://c3x.dev/blog/aws-waf-cost-explained/",
  wafRegions:
    "https://aws.amazon.com/blogs/networking-and-content-delivery/cost-effective-ways-for-securing-your-web-applications-using-aws-waf/",
  fargate: "https://www.vantage.sh/blog/fargate-pricing",
  aurora: "https://www.wring.co/blog/aws-aurora-pricing-guide",
  secrets: "https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms",
  kms: "https://www.wring.co/blog/aws-kms-pricing-guide",
  cloudwatch: "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/",
  customMetric: "https://signoz.io/guides/cloudwatch-pricing",
  apiGateway: "https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html",
} as const;

const published = (usd: number, unit: string, source: string, evidence: string): Price => ({
  usd,
  unit,
  source,
  read: READ,
  status: "published",
  evidence,
});
const unverified = (usd: number, unit: string, source: string): Price => ({ usd, unit, source, read: READ, status: "unverified" });

/**
 * ElastiCache on-demand node hours by node type: Redis OSS list prices, and
 * Valkey at AWS's announced 20% below them. None could be read from AWS's
 * page here, so all are unverified.
 */
function cacheNodes(redis: Readonly<Record<string, number>>): RegionPrices["cacheNodeHour"] {
  const table = (factor: number, engine: string) =>
    Object.fromEntries(
      Object.entries(redis).map(([type, usd]) => [
        type,
        unverified(Math.round(usd * factor * 10000) / 10000, `per node-hour (${engine})`, PAGES.elasticache),
      ]),
    );
  return { redis: table(1, "Redis OSS"), valkey: table(0.8, "Valkey") };
}

/**
 * Fargate Spot on ARM64 (Graviton): no figure could be read, so it is the
 * region's x86 Spot figure times the on-demand ARM-to-x86 ratio of us-east-1
 * ($0.03238 / $0.04048 per vCPU-hour, $0.00356 / $0.004445 per GB-hour: 0.80),
 * rounded to five decimals, and unverified like every Spot price.
 */
export const ARM_TO_X86 = { vcpu: 0.03238 / 0.04048, gb: 0.00356 / 0.004445 } as const;
function spotArm(x86Vcpu: number, x86Gb: number): Pick<Record<PriceKey, Price>, "fargateSpotArmVcpuHour" | "fargateSpotArmGbHour"> {
  const r5 = (n: number) => Math.round(n * 100000) / 100000;
  return {
    fargateSpotArmVcpuHour: unverified(
      r5(x86Vcpu * ARM_TO_X86.vcpu),
      "per vCPU-hour (Spot, Linux/ARM; x86 Spot x the on-demand ARM/x86 ratio; Spot prices move)",
      PAGES.fargate,
    ),
    fargateSpotArmGbHour: unverified(
      r5(x86Gb * ARM_TO_X86.gb),
      "per GB-hour (Spot, Linux/ARM; x86 Spot x the on-demand ARM/x86 ratio; Spot prices move)",
      PAGES.fargate,
    ),
  };
}

/** Prices that AWS publishes as the same in every commercial region. */
const GLOBAL = {
  publicIpv4Hour: published(0.005, "per public IPv4 address-hour", PAGES.vpc, EVIDENCE.ipv4),
  wafWebAclMonth: published(5, "per web ACL-month", PAGES.waf, EVIDENCE.wafRegions),
  wafRuleMonth: published(1, "per rule (or rule group)-month", PAGES.waf, EVIDENCE.wafRegions),
  wafMillionRequests: published(0.6, "per million requests", PAGES.waf, EVIDENCE.wafRegions),
} as const;

const US_EAST_1: RegionPrices = {
  prices: {
    ...GLOBAL,
    natGatewayHour: published(0.045, "per NAT gateway-hour", PAGES.vpc, EVIDENCE.nat),
    natGatewayGb: published(0.045, "per GB processed", PAGES.vpc, EVIDENCE.nat),
    albHour: published(0.0225, "per ALB-hour", PAGES.elb, EVIDENCE.alb),
    albLcuHour: published(0.008, "per LCU-hour", PAGES.elb, EVIDENCE.alb),
    fargateVcpuHour: published(0.04048, "per vCPU-hour (Linux/x86)", PAGES.fargate, EVIDENCE.fargate),
    fargateGbHour: published(0.004445, "per GB-hour (Linux/x86)", PAGES.fargate, EVIDENCE.fargate),
    fargateSpotVcpuHour: unverified(0.01334, "per vCPU-hour (Spot, Linux/x86; Spot prices move)", PAGES.fargate),
    fargateSpotGbHour: unverified(0.00146, "per GB-hour (Spot, Linux/x86; Spot prices move)", PAGES.fargate),
    fargateArmVcpuHour: published(0.03238, "per vCPU-hour (Linux/ARM)", PAGES.fargate, EVIDENCE.fargate),
    fargateArmGbHour: published(0.00356, "per GB-hour (Linux/ARM)", PAGES.fargate, EVIDENCE.fargate),
    ...spotArm(0.01334, 0.00146),
    auroraAcuHour: published(0.12, "per ACU-hour (Serverless v2, Aurora Standard)", PAGES.aurora, EVIDENCE.aurora),
    auroraStorageGbMonth: published(0.1, "per GB-month (Aurora Standard)", PAGES.aurora, EVIDENCE.aurora),
    auroraMillionIo: published(0.2, "per million I/O requests (Aurora Standard)", PAGES.aurora, EVIDENCE.aurora),
    secretMonth: published(0.4, "per secret-month", PAGES.secrets, EVIDENCE.secrets),
    kmsKeyMonth: published(1, "per customer managed key-month", PAGES.kms, EVIDENCE.kms),
    alarmMetricMonth: unverified(0.1, "per standard-resolution alarm metric-month", PAGES.cloudwatch),
    highResAlarmMetricMonth: unverified(0.3, "per high-resolution alarm metric-month (10- to 30-second periods)", PAGES.cloudwatch),
    dashboardMonth: published(3, "per dashboard-month", PAGES.cloudwatch, EVIDENCE.cloudwatch),
    customMetricMonth: published(0.3, "per custom metric-month (first 10,000)", PAGES.cloudwatch, EVIDENCE.customMetric),
    logsIngestGb: published(0.5, "per GB ingested (standard log class)", PAGES.cloudwatch, EVIDENCE.cloudwatch),
    vendedLogsIngestGb: unverified(0.5, "per GB ingested (vended logs, first 10 TB)", PAGES.cloudwatch),
    s3StandardGbMonth: unverified(0.023, "per GB-month (S3 Standard, first 50 TB)", PAGES.s3),
    ecrStorageGbMonth: unverified(0.1, "per GB-month", PAGES.ecr),
    apiGatewayMillionRequests: published(
      3.5,
      "per million REST API requests (first 333 million a month)",
      PAGES.apiGateway,
      EVIDENCE.apiGateway,
    ),
    hostedZoneMonth: unverified(0.5, "per hosted zone-month (Cloud Map creates a private zone per DNS namespace)", PAGES.route53),
    cloudMapInstanceMonth: unverified(0.1, "per registered service instance-month", PAGES.cloudMap),
  },
  auroraInstanceHour: {
    "db.r6g.large": unverified(0.26, "per instance-hour (Aurora MySQL, Standard)", PAGES.aurora),
    "db.r6g.xlarge": unverified(0.519, "per instance-hour (Aurora MySQL, Standard)", PAGES.aurora),
    "db.r7g.large": published(0.26, "per instance-hour (Aurora MySQL, Standard)", PAGES.aurora, EVIDENCE.aurora),
    "db.t4g.medium": unverified(0.073, "per instance-hour (Aurora MySQL, Standard)", PAGES.aurora),
  },
  cacheNodeHour: cacheNodes({
    "cache.t4g.micro": 0.016,
    "cache.t4g.small": 0.032,
    "cache.t4g.medium": 0.065,
    "cache.m7g.large": 0.158,
    "cache.r7g.large": 0.219,
  }),
};

/**
 * us-west-2 shares us-east-1's prices for these services on AWS's pages
 * (the same price group); only the NAT gateway figure was read for it.
 */
const US_WEST_2: RegionPrices = {
  prices: {
    ...Object.fromEntries(
      Object.entries(US_EAST_1.prices).map(([k, p]) => [
        k,
        p.status === "published" && !(k in GLOBAL) ? unverified(p.usd, p.unit, p.source) : p,
      ]),
    ),
    natGatewayHour: published(0.045, "per NAT gateway-hour", PAGES.vpc, EVIDENCE.natRegions),
    natGatewayGb: published(0.045, "per GB processed", PAGES.vpc, EVIDENCE.natRegions),
  } as Record<PriceKey, Price>,
  auroraInstanceHour: Object.fromEntries(
    Object.entries(US_EAST_1.auroraInstanceHour).map(([k, p]) => [k, unverified(p.usd, p.unit, p.source)]),
  ),
  cacheNodeHour: US_EAST_1.cacheNodeHour,
};

const AP_SOUTHEAST_1: RegionPrices = {
  prices: {
    ...GLOBAL,
    natGatewayHour: published(0.059, "per NAT gateway-hour", PAGES.vpc, EVIDENCE.nat),
    natGatewayGb: published(0.059, "per GB processed", PAGES.vpc, EVIDENCE.nat),
    albHour: unverified(0.0252, "per ALB-hour", PAGES.elb),
    albLcuHour: unverified(0.008, "per LCU-hour", PAGES.elb),
    fargateVcpuHour: unverified(0.05056, "per vCPU-hour (Linux/x86)", PAGES.fargate),
    fargateGbHour: unverified(0.00553, "per GB-hour (Linux/x86)", PAGES.fargate),
    fargateSpotVcpuHour: unverified(0.01667, "per vCPU-hour (Spot, Linux/x86; Spot prices move)", PAGES.fargate),
    fargateSpotGbHour: unverified(0.00182, "per GB-hour (Spot, Linux/x86; Spot prices move)", PAGES.fargate),
    fargateArmVcpuHour: unverified(0.04045, "per vCPU-hour (Linux/ARM)", PAGES.fargate),
    fargateArmGbHour: unverified(0.00442, "per GB-hour (Linux/ARM)", PAGES.fargate),
    ...spotArm(0.01667, 0.00182),
    auroraAcuHour: unverified(0.16, "per ACU-hour (Serverless v2, Aurora Standard)", PAGES.aurora),
    auroraStorageGbMonth: unverified(0.1, "per GB-month (Aurora Standard)", PAGES.aurora),
    auroraMillionIo: unverified(0.2, "per million I/O requests (Aurora Standard)", PAGES.aurora),
    secretMonth: unverified(0.4, "per secret-month", PAGES.secrets),
    kmsKeyMonth: unverified(1, "per customer managed key-month", PAGES.kms),
    alarmMetricMonth: unverified(0.1, "per standard-resolution alarm metric-month", PAGES.cloudwatch),
    highResAlarmMetricMonth: unverified(0.3, "per high-resolution alarm metric-month (10- to 30-second periods)", PAGES.cloudwatch),
    dashboardMonth: unverified(3, "per dashboard-month", PAGES.cloudwatch),
    customMetricMonth: unverified(0.3, "per custom metric-month (first 10,000)", PAGES.cloudwatch),
    logsIngestGb: unverified(0.7, "per GB ingested (standard log class)", PAGES.cloudwatch),
    vendedLogsIngestGb: unverified(0.7, "per GB ingested (vended logs, first 10 TB)", PAGES.cloudwatch),
    s3StandardGbMonth: unverified(0.025, "per GB-month (S3 Standard, first 50 TB)", PAGES.s3),
    ecrStorageGbMonth: unverified(0.1, "per GB-month", PAGES.ecr),
    apiGatewayMillionRequests: unverified(4.25, "per million REST API requests (first 333 million a month)", PAGES.apiGateway),
    hostedZoneMonth: unverified(0.5, "per hosted zone-month (Cloud Map creates a private zone per DNS namespace)", PAGES.route53),
    cloudMapInstanceMonth: unverified(0.1, "per registered service instance-month", PAGES.cloudMap),
  },
  auroraInstanceHour: {
    "db.r6g.large": unverified(0.32, "per instance-hour (Aurora MySQL, Standard)", PAGES.aurora),
    "db.r6g.xlarge": unverified(0.64, "per instance-hour (Aurora MySQL, Standard)", PAGES.aurora),
    "db.r7g.large": unverified(0.33, "per instance-hour (Aurora MySQL, Standard)", PAGES.aurora),
    "db.t4g.medium": unverified(0.09, "per instance-hour (Aurora MySQL, Standard)", PAGES.aurora),
  },
  cacheNodeHour: cacheNodes({
    "cache.t4g.micro": 0.02,
    "cache.t4g.small": 0.04,
    "cache.t4g.medium": 0.08,
    "cache.m7g.large": 0.199,
    "cache.r7g.large": 0.276,
  }),
};

/** The regions the estimate can price. */
export const PRICES: Readonly<Record<string, RegionPrices>> = {
  "us-east-1": US_EAST_1,
  "us-west-2": US_WEST_2,
  "ap-southeast-1": AP_SOUTHEAST_1,
};
