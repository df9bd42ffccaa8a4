import { ELB_LOG_ACCOUNTS, ELB_LOG_SERVICE_REGIONS } from "../aws/elb";
import { ConfigError } from "./errors";
import { isIpv4Cidr, LOG_RETENTION_DAYS } from "./network";
import { isProduction, PENDING_ORDERS } from "./platform";
import { feature, group, key, Settings, Values, WhenOn } from "./spec";

/** How the load balancer terminates client traffic. */
export type HttpsMode =
  /** HTTPS on 443 with an existing ACM certificate; 80 redirects. */
  | { readonly kind: "certificate"; readonly certificateArn: string }
  /** HTTPS on 443 with a certificate requested for `domainName` and validated in `hostedZoneId`; 80 redirects. */
  | { readonly kind: "domain"; readonly domainName: string; readonly hostedZoneId: string }
  /** Plain HTTP on 80: no certificate configured. */
  | { readonly kind: "none" };

/** API Gateway's default account-level throttle per region (steady rate and burst); a usage plan cannot allow more. */
export const API_GATEWAY_ACCOUNT_RATE_LIMIT = 10_000;
export const API_GATEWAY_ACCOUNT_BURST_LIMIT = 5_000;

/** API Gateway stage names: letters, digits, hyphens and underscores, at most 128. */
export const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** The ALB security policies that offer TLS 1.3 (with TLS 1.2 fallback, or TLS 1.3 only), classic and post-quantum. */
export const ALB_SSL_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
] as const;

export type AlbSslPolicy = (typeof ALB_SSL_POLICIES)[number];

/** The AWS managed WAF rule groups the edge layer can turn on. */
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
  "AWSManagedRulesAmazonIpReputationList",
] as const;

export type WafManagedRuleGroup = (typeof WAF_MANAGED_RULE_GROUPS)[number];

/** The lowest rate limit AWS WAF accepts for a rate-based rule, and the highest. */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/** The window the per-IP rate limit counts requests over: 5 minutes. */
export const WAF_RATE_WINDOW_SECONDS = 300;

/** The per-IP rate limit without API Gateway: requests per 5 minutes of one browser-facing client. */
export const DEFAULT_WAF_RATE_LIMIT = 100;

/**
 * The default per-IP rate limit on an API Gateway stage: the usage plan's
 * steady rate over the rule's 5 minutes. API clients are servers holding a
 * key, often calling from one address; a lower per-IP limit would answer them
 * 429 long before their usage plan throttles them, so the plan's limits could
 * never be reached.
 */
export function apiGatewayWafRateLimit(rateLimit: number): number {
  return Math.max(WAF_RATE_LIMIT_MIN, rateLimit * WAF_RATE_WINDOW_SECONDS);
}

/**
 * The principal a bucket policy must allow to write ALB access logs:
 * the regional Elastic Load Balancing account in regions opened before
 * August 2022, the log delivery service principal in newer ones.
 */
export type LogDeliveryPrincipal =
  | { readonly kind: "account"; readonly accountId: string }
  | { readonly kind: "service"; readonly service: "logdelivery.elasticloadbalancing.amazonaws.com" };

/** The ELB access log writer of `region`; throws a ConfigError naming `aws:region` for a region the table lacks. */
export function elbLogDeliveryPrincipal(region: string): LogDeliveryPrincipal {
  const accountId = ELB_LOG_ACCOUNTS[region];
  if (accountId !== undefined) return { kind: "account", accountId };
  if (ELB_LOG_SERVICE_REGIONS.includes(region)) return { kind: "service", service: "logdelivery.elasticloadbalancing.amazonaws.com" };
  const known = [...Object.keys(ELB_LOG_ACCOUNTS), ...ELB_LOG_SERVICE_REGIONS].sort();
  throw new ConfigError("aws:region", region, `a region whose ELB log delivery principal the edge layer knows (${known.join(", ")})`);
}

/** Characters ALB accepts in a path pattern (plus the wildcards * and ?), at most 128 of them. */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?;]{0,127}$/;
/** ALB allows at most 5 condition values per rule. */
export const MAX_PATH_PATTERNS = 5;
const PATH_PATTERNS_ALLOWED = `1 to ${MAX_PATH_PATTERNS} distinct path patterns starting with "/", of at most 128 of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ? ;`;

/** Validates the API's path patterns: 1 to 5 distinct patterns ALB accepts. */
export function parsePathPatterns(patterns: readonly string[]): readonly string[] {
  const ok =
    patterns.length >= 1 &&
    patterns.length <= MAX_PATH_PATTERNS &&
    new Set(patterns).size === patterns.length &&
    patterns.every((p) => PATH_PATTERN.test(p));
  if (!ok) throw new ConfigError("apiPathPatterns", patterns, PATH_PATTERNS_ALLOWED);
  return patterns;
}

/** Validates the managed rule groups: distinct names from WAF_MANAGED_RULE_GROUPS (empty turns them all off). */
export function parseManagedRuleGroups(groups: readonly string[]): readonly WafManagedRuleGroup[] {
  const known = WAF_MANAGED_RULE_GROUPS as readonly string[];
  if (new Set(groups).size !== groups.length || !groups.every((g) => known.includes(g))) {
    throw new ConfigError("wafManagedRuleGroups", groups, `distinct names from ${WAF_MANAGED_RULE_GROUPS.join(", ")}`);
  }
  return groups as readonly WafManagedRuleGroup[];
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** Validates the alarm email addresses: distinct, each one address. */
export function parseAlarmEmails(emails: readonly string[]): readonly string[] {
  if (new Set(emails).size !== emails.length || !emails.every((e) => EMAIL.test(e))) {
    throw new ConfigError("alarmEmails", emails, 'a list of distinct email addresses such as ["oncall@example.com"]');
  }
  return emails;
}

const ARN_ACM = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HOSTED_ZONE = /^Z[A-Z0-9]{1,31}$/;

const apiGateway = key.boolean({
  doc: "Puts an API Gateway REST API (API key, usage plan, WAF on its stage) in front of the service; the load balancer becomes internal and admits only the API's VPC link.",
  default: false,
});
const API_GATEWAY = feature(apiGateway, "apiGateway is false (there is no API Gateway)");

/** The edge layer's feature switch, read before the keys it governs. */
export const EDGE_SWITCHES = group({ apiGateway });

/** The API Gateway keys, `apiGateway<Property>`: a REST API in front of an internal load balancer. */
export const API_GATEWAY_KEYS = group(
  {
    stageName: key.string({
      doc: "The API Gateway stage's name, the first path segment of the invoke URL.",
      feature: API_GATEWAY,
      default: "v1",
      pattern: STAGE_NAME,
      allowed: "1 to 128 letters, digits, hyphens and underscores",
    }),
    rateLimit: key.integer({
      doc: "Steady-state requests per second the usage plan allows the API key, and the stage in total.",
      feature: API_GATEWAY,
      default: 50,
      min: 1,
      max: API_GATEWAY_ACCOUNT_RATE_LIMIT,
    }),
    burstLimit: key.integer({
      doc: "Requests the usage plan and the stage accept at once above the steady rate, the token bucket's size.",
      feature: API_GATEWAY,
      default: 100,
      min: 1,
      max: API_GATEWAY_ACCOUNT_BURST_LIMIT,
    }),
    accessLogs: key.boolean({
      doc: "The API Gateway stage writes JSON access logs (kept apiLogRetentionDays); needs the account's API Gateway CloudWatch Logs role, set once per account and region outside this platform.",
      feature: API_GATEWAY,
      default: false,
    }),
  },
  "apiGateway",
);

/** The API Gateway REST API in front of the load balancer. */
export type ApiGatewayConfig = WhenOn<Values<typeof API_GATEWAY_KEYS.keys>>;

/** The edge layer's keys: HTTPS, the test listener, the load balancer, WAF and the alarm topic. */
export const EDGE = group({
  certificateArn: key.string({
    doc: "ARN of an ACM certificate in the stack's region; turns on HTTPS on 443 with the 80 -> 443 redirect.",
    optional: true,
    pattern: ARN_ACM,
    allowed: "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)",
  }),
  domainName: key.string({
    doc: "A domain name to request an ACM certificate for (DNS-validated in `hostedZoneId`) and to point at the load balancer.",
    optional: true,
    pattern: DOMAIN,
    allowed: "a lowercase DNS name such as api.example.com",
  }),
  hostedZoneId: key.string({
    doc: "The Route 53 hosted zone of `domainName`.",
    optional: true,
    pattern: HOSTED_ZONE,
    allowed: "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
  }),
  testListenerPort: key.integer({
    doc: "Port of the test listener that serves the green target group before traffic shifts (1024 and up, so never a production port).",
    default: 8443,
    min: 1024,
    max: 65535,
  }),
  testListenerCidrs: key.stringList({
    doc: "Client CIDR blocks allowed to reach the test listener; empty keeps the port closed to everyone.",
    default: [],
    item: /^[0-9./]+$/,
    allowed: "a list of IPv4 CIDR blocks other than 0.0.0.0/0",
  }),
  albSslPolicy: key.oneOf(ALB_SSL_POLICIES, {
    doc: "The TLS 1.3 security policy of the HTTPS listeners (used only with HTTPS); the PQ policies add post-quantum key exchange.",
    default: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  }),
  albIdleTimeoutSeconds: key.integer({
    doc: "Seconds the load balancer keeps an idle client connection open.",
    default: 60,
    min: 1,
    max: 4000,
  }),
  deregistrationDelaySeconds: key.integer({
    doc: "Seconds a deregistering task keeps serving its open requests before the load balancer drops it (connection draining).",
    default: 30,
    min: 0,
    max: 3600,
  }),
  apiPathPatterns: key.stringList({
    doc: "Path patterns the production and test listener rules forward to the service; every other path gets a 404 JSON response.",
    default: ["/orders*", "/webhooks/*", "/health"],
    item: PATH_PATTERN,
    allowed: PATH_PATTERNS_ALLOWED,
  }),
  albAccessLogExpirationDays: key.integer({
    doc: "Days the load balancer's access log objects are kept before S3 expires them.",
    default: 90,
    min: 1,
    max: 3650,
  }),
  wafRateLimit: key.integer({
    doc: "Requests one client IP may send in a 5-minute window before WAF blocks it with a 429.",
    default: (scope) => {
      const rate = scope.value(API_GATEWAY_KEYS.keys.rateLimit);
      return rate === undefined ? DEFAULT_WAF_RATE_LIMIT : apiGatewayWafRateLimit(rate);
    },
    defaultDoc: `${DEFAULT_WAF_RATE_LIMIT}; with apiGateway, apiGatewayRateLimit x ${WAF_RATE_WINDOW_SECONDS} (the usage plan's steady rate over the 5 minutes)`,
    min: WAF_RATE_LIMIT_MIN,
    max: WAF_RATE_LIMIT_MAX,
  }),
  wafManagedRuleGroups: key.stringList({
    doc: "AWS managed rule groups evaluated after the rate limit, in this order; empty turns them off.",
    default: WAF_MANAGED_RULE_GROUPS,
    item: /^\w+$/,
    allowed: `distinct names from ${WAF_MANAGED_RULE_GROUPS.join(", ")}`,
  }),
  wafLogRetentionDays: key.integerIn(LOG_RETENTION_DAYS, {
    doc: "Retention of the WAF log group (aws-waf-logs-...), in days.",
    default: 30,
  }),
  alarmEmails: key.stringList({
    doc: "Email addresses subscribed to the alarm topic; each receives a confirmation mail first. At least one while environment is production.",
    default: [],
    item: EMAIL,
    allowed: 'a list of distinct email addresses such as ["oncall@example.com"]',
  }),
});

/** The thresholds of the edge layer's alarms, keys `alarm<Property>`. */
export const ALARMS = group(
  {
    errorRatePercent: key.decimal({
      doc: "Target 5xx responses, as a percentage of all requests across both target groups, that raise the error-rate alarm (rolls a deployment back).",
      default: 5,
      min: 0.1,
      max: 100,
      step: 0.1,
    }),
    alb5xxPerMinute: key.integer({
      doc: "Load balancer 5xx responses per minute (no healthy target, timeouts) that raise the load balancer 5xx alarm (rolls a deployment back).",
      default: 10,
      min: 1,
      max: 1_000_000,
    }),
    latencyP99Seconds: key.decimal({
      doc: "p99 target response time, in seconds, that raises the latency alarm (rolls a deployment back).",
      default: 2,
      min: 0.1,
      max: 60,
      step: 0.1,
    }),
    dbConnectionsPercent: key.integer({
      doc: "Database connections, as a percentage of the data layer's maxConnections, that raise the connections alarm.",
      default: 80,
      min: 1,
      max: 100,
    }),
    dbCpuPercent: key.integer({
      doc: "Database CPU utilization, in percent, that raises the database CPU alarm.",
      default: 80,
      min: 1,
      max: 100,
    }),
    replicaLagMs: key.integer({
      doc: "Maximum Aurora replica lag, in milliseconds, that raises the replica lag alarm.",
      default: 1000,
      min: 10,
      max: 3_600_000,
    }),
    wafBlockedPer5Minutes: key.integer({
      doc: "WAF-blocked requests in 5 minutes that raise the blocked-request spike alarm.",
      default: 500,
      min: 1,
      max: 100_000_000,
    }),
    pendingOrders: key.integer({
      doc: "Pending orders (whole service, maximum over a minute) that raise the backlog alarm when sustained for 5 minutes.",
      feature: PENDING_ORDERS,
      default: 1000,
      min: 1,
      max: 100_000_000,
    }),
    serviceCpuPercent: key.integer({
      doc: "ECS service CPU utilization, in percent (average over the tasks, sustained for 5 minutes), that raises the service CPU alarm; not set: no alarm.",
      optional: true,
      min: 1,
      max: 100,
    }),
    serviceMemoryPercent: key.integer({
      doc: "ECS service memory utilization, in percent (average over the tasks, sustained for 5 minutes), that raises the service memory alarm; not set: no alarm.",
      optional: true,
      min: 1,
      max: 100,
    }),
    unhealthyHosts: key.boolean({
      doc: "Alarm when any target of the blue or green target group fails its health checks in 2 of 3 minutes.",
      default: false,
    }),
    dbFreeLocalStorageMiB: key.integer({
      doc: "Free local storage (Aurora's FreeLocalStorage: temporary files and logs), in MiB, of the database instance with the least, below which the low local storage alarm is raised; not set: no alarm.",
      optional: true,
      min: 1,
      max: 1_048_576,
    }),
  },
  "alarm",
);

export type AlarmThresholds = Values<typeof ALARMS.keys>;

/** The edge layer's settings. */
export type EdgeConfig = Omit<Values<typeof EDGE.keys>, "certificateArn" | "domainName" | "hostedZoneId" | "wafManagedRuleGroups"> & {
  readonly https: HttpsMode;
  /** Who writes the load balancer's access logs into the bucket, derived from the region. */
  readonly accessLogDelivery: LogDeliveryPrincipal;
  /** The AWS managed rule groups, in priority order after the rate limit. */
  readonly wafManagedRuleGroups: readonly WafManagedRuleGroup[];
  readonly alarms: AlarmThresholds;
  /** An API Gateway REST API in front of an internal load balancer; absent when the load balancer faces the internet itself. */
  readonly apiGateway: ApiGatewayConfig | undefined;
};

/** Reads the API Gateway, edge and alarm keys and checks them against each other and the region. */
export function readEdgeConfig(s: Settings): EdgeConfig {
  s.read(EDGE_SWITCHES);
  const apiGatewayConfig = s.readFeature(API_GATEWAY_KEYS, API_GATEWAY);
  const v = s.read(EDGE);
  if (!v.testListenerCidrs.every((c) => isIpv4Cidr(c) && c !== "0.0.0.0/0")) {
    throw new ConfigError("testListenerCidrs", v.testListenerCidrs, "a list of IPv4 CIDR blocks other than 0.0.0.0/0");
  }
  const { certificateArn, domainName, hostedZoneId, ...rest } = v;
  const https = httpsMode(certificateArn, domainName, hostedZoneId, s.region);
  if (apiGatewayConfig !== undefined) rejectHttpsWithApiGateway({ certificateArn, domainName, hostedZoneId });
  parsePathPatterns(v.apiPathPatterns);
  if (v.alarmEmails.length === 0 && isProduction(s)) {
    throw new ConfigError(
      "alarmEmails",
      v.alarmEmails,
      'at least one address while environment is production, so that an alarm reaches someone (e.g. ["oncall@your-company.com"]; each address confirms its subscription by email)',
    );
  }
  const alarms = s.read(ALARMS);
  return {
    ...rest,
    https,
    accessLogDelivery: elbLogDeliveryPrincipal(s.region),
    wafManagedRuleGroups: parseManagedRuleGroups(v.wafManagedRuleGroups),
    alarmEmails: parseAlarmEmails(v.alarmEmails),
    alarms,
    apiGateway: apiGatewayConfig,
  };
}

/**
 * Behind API Gateway, TLS ends at the invoke URL and the internal load
 * balancer serves plain HTTP to the VPC link: a certificate or domain for the
 * load balancer would serve no client, so it is refused rather than ignored.
 */
export function rejectHttpsWithApiGateway(keys: {
  readonly certificateArn?: string | undefined;
  readonly domainName?: string | undefined;
  readonly hostedZoneId?: string | undefined;
}): void {
  const allowed =
    "not set when apiGateway is true (API Gateway terminates TLS at its invoke URL; the internal load balancer behind the VPC link serves HTTP)";
  for (const key of ["certificateArn", "domainName", "hostedZoneId"] as const) {
    if (keys[key] !== undefined) throw new ConfigError(key, keys[key], allowed);
  }
}

function httpsMode(
  certificateArn: string | undefined,
  domainName: string | undefined,
  hostedZoneId: string | undefined,
  region: string,
): HttpsMode {
  if (certificateArn !== undefined) {
    const certRegion = ARN_ACM.exec(certificateArn)?.[1];
    if (certRegion !== region) {
      throw new ConfigError(
        "certificateArn",
        certificateArn,
        `a certificate in ${region}: a load balancer can only use certificates of its own region`,
      );
    }
    if (domainName !== undefined) {
      throw new ConfigError("domainName", domainName, "not set when certificateArn is set (choose one way to get a certificate)");
    }
    if (hostedZoneId !== undefined) {
      throw new ConfigError(
        "hostedZoneId",
        hostedZoneId,
        "not set when certificateArn is set (it is used only with domainName; no DNS record is created for a certificate ARN)",
      );
    }
    return { kind: "certificate", certificateArn };
  }
  if (domainName !== undefined || hostedZoneId !== undefined) {
    if (domainName === undefined) throw new ConfigError("domainName", undefined, "a domain name when hostedZoneId is set");
    if (hostedZoneId === undefined) throw new ConfigError("hostedZoneId", undefined, "the hosted zone id of domainName");
    return { kind: "domain", domainName, hostedZoneId };
  }
  return { kind: "none" };
}
