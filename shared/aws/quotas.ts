import { Fact, fact } from "./fact";

/**
 * Where a quota applies: per Region of the account ("region"), once for the
 * whole account whatever the Region ("account": IAM, Route 53, S3 bucket
 * count), or to each resource of a kind ("per-resource": the rules of one
 * security group).
 */
export type QuotaScope = "region" | "account" | "per-resource";

/** One quota the platform's resources consume (issue 17). */
export interface Quota {
  /**
   * The Service Quotas quota code (`L-...`), as `aws service-quotas
   * list-service-quotas` reports it; or, for a limit Service Quotas does not
   * list, a stable id of the platform's own (without the `L-` prefix, see `ownCode`).
   */
  readonly code: string;
  /** The Service Quotas service code (`vpc`, `elasticloadbalancing`, ...). */
  readonly service: string;
  /** AWS's name of the quota. */
  readonly name: string;
  readonly scope: QuotaScope;
  /**
   * What the quota counts per, when that is shared by every stack in the
   * account: "Availability Zone" (NAT gateways per AZ) or "event bus" (the
   * default bus every stack's rules go to). Such a quota adds up across
   * stacks for each shared thing, and the most used one counts.
   */
  readonly per?: "Availability Zone" | "event bus";
  /** AWS's default value for a new account. */
  readonly default: number;
  /** Whether a quota increase can be requested. */
  readonly adjustable: boolean;
  /** True when `code` is the platform's own id: Service Quotas has no code for the limit. */
  readonly ownCode?: true;
}

/** The codes of the quotas, by what the model counts. */
export const QUOTA_CODES = {
  vpcs: "L-F678F1CE",
  internetGateways: "L-A4707A72",
  natGatewaysPerAz: "L-FE5A380F",
  elasticIps: "L-0263D0A3",
  securityGroups: "L-E79EC296",
  rulesPerSecurityGroup: "L-0EA8095F",
  subnetsPerVpc: "L-407747CB",
  routeTablesPerVpc: "L-589F43AA",
  gatewayEndpoints: "L-1B52E74A",
  applicationLoadBalancers: "L-53DA6B97",
  targetGroups: "L-B22855CB",
  listenersPerAlb: "L-B6DF7632",
  rulesPerAlb: "L-7EED9B64",
  targetGroupsPerAlb: "L-822D1B1B",
  targetGroupsPerAction: "L-057ECE54",
  webAcls: "L-2EC3DE7B",
  logResourcePolicies: "L-89892494",
  logGroups: "L-C7B9AAAB",
  metricFiltersPerLogGroup: "L-3D5753EA",
  metricsInsightsAlarms: "cloudwatch-metrics-insights-alarms-per-region",
  dbClusters: "L-952B80B8",
  dbInstances: "L-7B6409FD",
  dbSubnetGroups: "L-48C6BF61",
  dbClusterParameterGroups: "L-E4C808A8",
  cacheNodes: "L-DFE45DF3",
  cacheSubnetGroups: "L-3E7F7726",
  kmsKeys: "L-C2F1777E",
  aliasesPerKey: "L-340F62FB",
  secrets: "L-2F66C23C",
  ecrRepositories: "L-CFEB8E8D",
  ecsClusters: "L-21C621EB",
  servicesPerCluster: "L-9EF96962",
  ecsScalableTargets: "L-782A3EE2",
  scalingPoliciesPerTarget: "L-B395C81B",
  regionalApis: "L-AA0FF27B",
  resourcesPerApi: "L-01C8A9E0",
  stagesPerApi: "L-379E48B0",
  usagePlans: "L-E8693075",
  apiKeys: "L-1D180A63",
  vpcLinksV2: "L-608BDCD4",
  cloudMapNamespaces: "L-0FE3F50E",
  hostedZones: "L-4EA4796A",
  lambdaConcurrency: "L-B99A9384",
  eventRulesPerBus: "L-244521F2",
  targetsPerEventRule: "L-388D1D08",
  snsTopics: "L-61103206",
  iamRoles: "L-FE177D64",
  managedPoliciesPerRole: "L-0DA4ABF3",
  acmCertificates: "L-F141DD1D",
  s3Buckets: "L-DC2B2D3D",
  ssmStandardParameters: "L-C3B871CB",
  xraySamplingRules: "xray-sampling-rules-per-region",
  stateMachines: "states-state-machines-per-region",
} as const;

export type QuotaKey = keyof typeof QUOTA_CODES;

const CATALOG_NOTE =
  "the quota code is the one Service Quotas lists for it (third-party copies of the catalog; AWS's page links the console, not the code)";

const row = (value: Quota, source: string, note?: string): Fact<Quota> =>
  fact({ value, source, read: "2026-12-03", ...(note === undefined ? {} : { note }) });

const VPC_PAGE = "https://docs.aws.amazon.com/general/latest/gr/vpc-service.html";
const VPC_NOTE = `the search reached this table's first rows; this row's figure is the one the Service Quotas catalog lists; ${CATALOG_NOTE}`;
const ALB_PAGE = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html";
const AURORA_PAGE = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_Limits.html";
const REST_API_PAGE = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html";
const UNREACHED = (page: string) =>
  `the search reached no text of this page's quota table (${page} is AWS's page for it); the default is the one the Service Quotas catalog lists; ${CATALOG_NOTE}`;

/**
 * Every Region- and account-level quota (and the per-resource ones) the
 * platform's resources consume, one fact per quota, each with the AWS page
 * of its default. `shared/plan/quotas.ts` counts what a plan consumes of each.
 */
export const QUOTA_TABLE: readonly Fact<Quota>[] = [
  // Network (awsx VPC, security groups).
  row(
    { code: QUOTA_CODES.vpcs, service: "vpc", name: "VPCs per Region", scope: "region", default: 5, adjustable: true },
    VPC_PAGE,
    VPC_NOTE,
  ),
  row(
    {
      code: QUOTA_CODES.internetGateways,
      service: "vpc",
      name: "Internet gateways per Region",
      scope: "region",
      default: 5,
      adjustable: true,
    },
    VPC_PAGE,
    `${VPC_NOTE}; AWS ties it to the VPCs per Region (an increase of one raises the other)`,
  ),
  row(
    {
      code: QUOTA_CODES.natGatewaysPerAz,
      service: "vpc",
      name: "NAT gateways per Availability Zone",
      scope: "region",
      per: "Availability Zone",
      default: 5,
      adjustable: true,
    },
    VPC_PAGE,
    VPC_NOTE,
  ),
  row(
    { code: QUOTA_CODES.elasticIps, service: "ec2", name: "EC2-VPC Elastic IPs", scope: "region", default: 5, adjustable: true },
    "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html",
    `Elastic IP addresses per Region, a quota of the ec2 service: each public NAT gateway holds one. ${UNREACHED("the VPC User Guide's quotas page")}`,
  ),
  row(
    {
      code: QUOTA_CODES.securityGroups,
      service: "vpc",
      name: "VPC security groups per Region",
      scope: "region",
      default: 2500,
      adjustable: true,
    },
    VPC_PAGE,
    `AWS counts security groups per Region now, no longer per VPC; each VPC's default security group counts. ${VPC_NOTE}`,
  ),
  row(
    {
      code: QUOTA_CODES.rulesPerSecurityGroup,
      service: "vpc",
      name: "Inbound or outbound rules per security group",
      scope: "per-resource",
      default: 60,
      adjustable: true,
    },
    VPC_PAGE,
    `inbound and outbound rules are counted separately, each against the quota; the quota times the security groups per network interface may not exceed 1,000. ${VPC_NOTE}`,
  ),
  row(
    { code: QUOTA_CODES.subnetsPerVpc, service: "vpc", name: "Subnets per VPC", scope: "per-resource", default: 200, adjustable: true },
    VPC_PAGE,
    VPC_NOTE,
  ),
  row(
    {
      code: QUOTA_CODES.routeTablesPerVpc,
      service: "vpc",
      name: "Route tables per VPC",
      scope: "per-resource",
      default: 200,
      adjustable: true,
    },
    VPC_PAGE,
    `the main route table counts. ${VPC_NOTE}`,
  ),
  row(
    {
      code: QUOTA_CODES.gatewayEndpoints,
      service: "vpc",
      name: "Gateway VPC endpoints per Region",
      scope: "region",
      default: 20,
      adjustable: true,
    },
    VPC_PAGE,
    `the search reached this row (Japanese edition of the page, https://docs.aws.amazon.com/ja_jp/general/latest/gr/vpc-service.html); ${CATALOG_NOTE}`,
  ),
  // Edge: load balancer, WAF.
  row(
    {
      code: QUOTA_CODES.applicationLoadBalancers,
      service: "elasticloadbalancing",
      name: "Application Load Balancers per Region",
      scope: "region",
      default: 50,
      adjustable: true,
    },
    ALB_PAGE,
    CATALOG_NOTE,
  ),
  row(
    {
      code: QUOTA_CODES.targetGroups,
      service: "elasticloadbalancing",
      name: "Target Groups per Region",
      scope: "region",
      default: 3000,
      adjustable: true,
    },
    ALB_PAGE,
    `shared by Application and Network Load Balancers. ${CATALOG_NOTE}`,
  ),
  row(
    {
      code: QUOTA_CODES.listenersPerAlb,
      service: "elasticloadbalancing",
      name: "Listeners per Application Load Balancer",
      scope: "per-resource",
      default: 50,
      adjustable: true,
    },
    ALB_PAGE,
    CATALOG_NOTE,
  ),
  row(
    {
      code: QUOTA_CODES.rulesPerAlb,
      service: "elasticloadbalancing",
      name: "Rules per Application Load Balancer",
      scope: "per-resource",
      default: 100,
      adjustable: true,
    },
    ALB_PAGE,
    `excluding the listeners' default rules. ${CATALOG_NOTE}`,
  ),
  row(
    {
      code: QUOTA_CODES.targetGroupsPerAlb,
      service: "elasticloadbalancing",
      name: "Target Groups per Application Load Balancer",
      scope: "per-resource",
      default: 100,
      adjustable: false,
    },
    ALB_PAGE,
    CATALOG_NOTE,
  ),
  row(
    {
      code: QUOTA_CODES.targetGroupsPerAction,
      service: "elasticloadbalancing",
      name: "Target Groups per Action per Application Load Balancer",
      scope: "per-resource",
      default: 5,
      adjustable: false,
    },
    ALB_PAGE,
    CATALOG_NOTE,
  ),
  row(
    {
      code: QUOTA_CODES.webAcls,
      service: "wafv2",
      name: "Maximum web ACLs per account in WAF for regional",
      scope: "region",
      default: 100,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/waf/latest/developerguide/limits.html",
    `the page's "Maximum number of protection packs (web ACLs)", per account per Region. ${CATALOG_NOTE}`,
  ),
  // CloudWatch Logs and alarms.
  row(
    { code: QUOTA_CODES.logResourcePolicies, service: "logs", name: "Resource policies", scope: "region", default: 10, adjustable: false },
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html",
    `"an account can have a maximum of 10 policies without resourceARN and one per LogGroup resourceARN": a policy scoped to one log group (resourceArn) does not count. Not adjustable (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html, which the search did not reach). ${CATALOG_NOTE}`,
  ),
  row(
    { code: QUOTA_CODES.logGroups, service: "logs", name: "Log groups", scope: "region", default: 1_000_000, adjustable: true },
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html",
    UNREACHED("CloudWatch Logs quotas"),
  ),
  row(
    {
      code: QUOTA_CODES.metricFiltersPerLogGroup,
      service: "logs",
      name: "Metric filters per log group",
      scope: "per-resource",
      default: 100,
      adjustable: false,
    },
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html",
    `"the maximum number of metric filters that can be associated with a log group is 100". ${CATALOG_NOTE}`,
  ),
  row(
    {
      code: QUOTA_CODES.metricsInsightsAlarms,
      service: "monitoring",
      name: "Metrics Insights alarms",
      scope: "region",
      default: 200,
      adjustable: true,
      ownCode: true,
    },
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html",
    "the platform's own id: the search found no Service Quotas code. Only alarms on a Metrics Insights query (SELECT ...) count; the page says there is no limit on the total number of alarms per account, and no quota on dashboards per account",
  ),
  // Data: Aurora, ElastiCache, KMS, Secrets Manager.
  row({ code: QUOTA_CODES.dbClusters, service: "rds", name: "DB clusters", scope: "region", default: 40, adjustable: true }, AURORA_PAGE),
  row(
    { code: QUOTA_CODES.dbInstances, service: "rds", name: "DB instances", scope: "region", default: 40, adjustable: true },
    AURORA_PAGE,
    "20 in ap-south-1; RDS and Aurora instances share the quota",
  ),
  row(
    { code: QUOTA_CODES.dbSubnetGroups, service: "rds", name: "DB subnet groups", scope: "region", default: 50, adjustable: true },
    AURORA_PAGE,
    "20 in ap-south-1",
  ),
  row(
    {
      code: QUOTA_CODES.dbClusterParameterGroups,
      service: "rds",
      name: "DB cluster parameter groups",
      scope: "region",
      default: 50,
      adjustable: true,
    },
    AURORA_PAGE,
    "some translations of the page still say not adjustable; the English page says adjustable",
  ),
  row(
    { code: QUOTA_CODES.cacheNodes, service: "elasticache", name: "Nodes per Region", scope: "region", default: 300, adjustable: true },
    "https://docs.aws.amazon.com/general/latest/gr/elasticache-service.html",
    UNREACHED("ElastiCache's"),
  ),
  row(
    {
      code: QUOTA_CODES.cacheSubnetGroups,
      service: "elasticache",
      name: "Subnet groups per Region",
      scope: "region",
      default: 300,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/general/latest/gr/elasticache-service.html",
    `${UNREACHED("ElastiCache's")}; older editions of the ElastiCache guide gave 150`,
  ),
  row(
    { code: QUOTA_CODES.kmsKeys, service: "kms", name: "Customer Master Keys (CMKs)", scope: "region", default: 100_000, adjustable: true },
    "https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html",
    `customer managed keys per Region. ${UNREACHED("KMS's resource quotas")}`,
  ),
  row(
    { code: QUOTA_CODES.aliasesPerKey, service: "kms", name: "Aliases per CMK", scope: "per-resource", default: 50, adjustable: true },
    "https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html",
    `KMS has no quota on aliases per Region any more, only per key. ${UNREACHED("KMS's resource quotas")}`,
  ),
  row(
    { code: QUOTA_CODES.secrets, service: "secretsmanager", name: "Secrets", scope: "region", default: 500_000, adjustable: false },
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html",
    `the master user secret RDS manages for a cluster counts. ${UNREACHED("Secrets Manager's quotas")}`,
  ),
  // Compute: ECR, ECS, Application Auto Scaling.
  row(
    {
      code: QUOTA_CODES.ecrRepositories,
      service: "ecr",
      name: "Registered repositories",
      scope: "region",
      default: 100_000,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html",
    UNREACHED("ECR's service quotas"),
  ),
  row(
    { code: QUOTA_CODES.ecsClusters, service: "ecs", name: "Clusters per account", scope: "region", default: 10_000, adjustable: true },
    "https://docs.aws.amazon.com/general/latest/gr/ecs-service.html",
    `per Region despite the name. ${UNREACHED("ECS's")}`,
  ),
  row(
    {
      code: QUOTA_CODES.servicesPerCluster,
      service: "ecs",
      name: "Services per cluster",
      scope: "per-resource",
      default: 5000,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/general/latest/gr/ecs-service.html",
    UNREACHED("ECS's"),
  ),
  row(
    {
      code: QUOTA_CODES.ecsScalableTargets,
      service: "application-autoscaling",
      name: "Scalable targets for ECS",
      scope: "region",
      default: 3000,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-limits.html",
    UNREACHED("Application Auto Scaling's quotas"),
  ),
  row(
    {
      code: QUOTA_CODES.scalingPoliciesPerTarget,
      service: "application-autoscaling",
      name: "Scaling policies per scalable target",
      scope: "per-resource",
      default: 50,
      adjustable: false,
    },
    "https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-limits.html",
    UNREACHED("Application Auto Scaling's quotas"),
  ),
  // API Gateway.
  row(
    { code: QUOTA_CODES.regionalApis, service: "apigateway", name: "Regional APIs", scope: "region", default: 600, adjustable: false },
    REST_API_PAGE,
  ),
  row(
    {
      code: QUOTA_CODES.resourcesPerApi,
      service: "apigateway",
      name: "Resources/Routes per REST/WebSocket API",
      scope: "per-resource",
      default: 300,
      adjustable: true,
    },
    REST_API_PAGE,
    `the page's "Resources per API"; the root resource counts. ${CATALOG_NOTE}`,
  ),
  row(
    { code: QUOTA_CODES.stagesPerApi, service: "apigateway", name: "Stages per API", scope: "per-resource", default: 10, adjustable: true },
    REST_API_PAGE,
    CATALOG_NOTE,
  ),
  row(
    { code: QUOTA_CODES.usagePlans, service: "apigateway", name: "Usage plans", scope: "region", default: 300, adjustable: true },
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
    UNREACHED("API Gateway's account-level quotas"),
  ),
  row(
    { code: QUOTA_CODES.apiKeys, service: "apigateway", name: "API keys", scope: "region", default: 10_000, adjustable: false },
    REST_API_PAGE,
    `the page's "API keys per account per Region". ${CATALOG_NOTE}`,
  ),
  row(
    { code: QUOTA_CODES.vpcLinksV2, service: "apigateway", name: "VPC links(V2)", scope: "region", default: 10, adjustable: true },
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html",
    'the page\'s "VPC links per account per Region"; its Chinese edition links the code L-608BDCD4 (https://docs.amazonaws.cn/apigateway/latest/developerguide/http-api-quotas.md). A REST API reaches a load balancer through a VPC link V2 too',
  ),
  // Service discovery, DNS.
  row(
    {
      code: QUOTA_CODES.cloudMapNamespaces,
      service: "AWSCloudMap",
      name: "Namespaces per Region",
      scope: "region",
      default: 50,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/cloud-map/latest/dg/cloud-map-limits.html",
    UNREACHED("Cloud Map's quotas"),
  ),
  row(
    { code: QUOTA_CODES.hostedZones, service: "route53", name: "Hosted zones", scope: "account", default: 500, adjustable: true },
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html",
    `a Cloud Map private DNS namespace creates a private hosted zone. ${UNREACHED("Route 53's quotas")}`,
  ),
  // Lambda, EventBridge, SNS, IAM, ACM, S3, SSM, X-Ray.
  row(
    {
      code: QUOTA_CODES.lambdaConcurrency,
      service: "lambda",
      name: "Concurrent executions",
      scope: "region",
      default: 1000,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
    `what functions reserve counts (reservedConcurrentExecutions); Lambda keeps 100 of the quota unreserved. ${UNREACHED("Lambda's quotas")}`,
  ),
  row(
    {
      code: QUOTA_CODES.eventRulesPerBus,
      service: "events",
      name: "Rules per event bus",
      scope: "per-resource",
      per: "event bus",
      default: 300,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html",
    `Service Quotas names it "Number of rules". Every stack's rules go to the Region's default event bus, so they add up across stacks. ${UNREACHED("EventBridge's quotas")}`,
  ),
  row(
    {
      code: QUOTA_CODES.targetsPerEventRule,
      service: "events",
      name: "Targets per rule",
      scope: "per-resource",
      default: 5,
      adjustable: false,
    },
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html",
    UNREACHED("EventBridge's quotas"),
  ),
  row(
    { code: QUOTA_CODES.snsTopics, service: "sns", name: "Topics per Account", scope: "region", default: 100_000, adjustable: true },
    "https://docs.aws.amazon.com/general/latest/gr/sns.html",
    `per Region despite the name. ${UNREACHED("SNS's")}`,
  ),
  row(
    { code: QUOTA_CODES.iamRoles, service: "iam", name: "Roles per account", scope: "account", default: 1000, adjustable: true },
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    `can be raised to 5,000; the service-linked roles AWS creates once per account (ECS, RDS, ElastiCache, load balancing, auto scaling) count too and are not in the plan. ${UNREACHED("IAM's quotas")}`,
  ),
  row(
    {
      code: QUOTA_CODES.managedPoliciesPerRole,
      service: "iam",
      name: "Managed policies per role",
      scope: "per-resource",
      default: 10,
      adjustable: true,
    },
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    `can be raised to 20. ${UNREACHED("IAM's quotas")}`,
  ),
  row(
    { code: QUOTA_CODES.acmCertificates, service: "acm", name: "ACM certificates", scope: "region", default: 2500, adjustable: true },
    "https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html",
    UNREACHED("ACM's quotas"),
  ),
  row(
    { code: QUOTA_CODES.s3Buckets, service: "s3", name: "General purpose buckets", scope: "account", default: 10_000, adjustable: true },
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html",
    `per account (all Regions); 100 before November 2024. ${UNREACHED("S3's bucket quotas")}`,
  ),
  row(
    {
      code: QUOTA_CODES.ssmStandardParameters,
      service: "ssm",
      name: "Standard parameters",
      scope: "region",
      default: 10_000,
      adjustable: false,
    },
    "https://docs.aws.amazon.com/general/latest/gr/ssm.html",
    UNREACHED("Systems Manager's"),
  ),
  row(
    {
      code: QUOTA_CODES.xraySamplingRules,
      service: "xray",
      name: "Sampling rules",
      scope: "region",
      default: 25,
      adjustable: false,
      ownCode: true,
    },
    "https://docs.aws.amazon.com/general/latest/gr/xray.html",
    "the platform's own id: the search found no Service Quotas code, nor any AWS page with the figure: 25 sampling rules per Region, not adjustable, is unconfirmed",
  ),
  row(
    {
      code: QUOTA_CODES.stateMachines,
      service: "states",
      name: "Registered state machines",
      scope: "region",
      default: 100000,
      adjustable: true,
      ownCode: true,
    },
    "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html",
    "the platform's own id: the search found no Service Quotas code; the figure (100,000, raisable to 150,000) is the page's table of quotas related to accounts, read in its Korean translation (docs.aws.amazon.com/ko_kr/step-functions/latest/dg/limits.html)",
  ),
];

/** The quotas by code, in the table's order. */
export const QUOTAS: ReadonlyMap<string, Quota> = new Map(QUOTA_TABLE.map((f) => [f.value.code, f.value]));
