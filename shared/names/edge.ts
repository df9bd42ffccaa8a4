import { NAME_RULES, NameBase, NameKind, NamingError, physicalName } from "../naming";

/**
 * The edge layer's physical names. Load balancer and target group names are
 * limited to 32 characters: the target groups use a short type (`tgb`,
 * `tgg`) when the full one would not fit.
 */
export const EDGE_NAMES = {
  alb: { type: "alb", rule: "elb" },
  blueTargetGroup: { type: "tg-blue", short: "tgb", rule: "elb" },
  greenTargetGroup: { type: "tg-green", short: "tgg", rule: "elb" },
  accessLogsBucket: { type: "alb-logs", short: "albl", rule: "s3Bucket" },
  webAcl: { type: "waf", rule: "waf" },
  wafLogGroup: { type: "waf", rule: "logGroup", prefix: "aws-waf-logs-" },
  alarmTopic: { type: "alarms", rule: "snsTopic" },
  dashboard: { type: "dashboard", rule: "dashboard" },
  alarmErrorRate: { type: "5xx-rate", rule: "alarm" },
  alarmAlb5xx: { type: "alb-5xx", rule: "alarm" },
  alarmHealthyHosts: { type: "no-healthy-hosts", rule: "alarm" },
  alarmLatency: { type: "p99-latency", rule: "alarm" },
  alarmDbConnections: { type: "db-connections", rule: "alarm" },
  alarmDbCpu: { type: "db-cpu", rule: "alarm" },
  alarmReplicaLag: { type: "db-replica-lag", rule: "alarm" },
  alarmWafBlocked: { type: "waf-blocked", rule: "alarm" },
  alarmPendingOrders: { type: "pending-orders", rule: "alarm" },
  alarmServiceCpu: { type: "service-cpu", rule: "alarm" },
  alarmServiceMemory: { type: "service-memory", rule: "alarm" },
  alarmUnhealthyHosts: { type: "unhealthy-hosts", rule: "alarm" },
  alarmDbFreeLocalStorage: { type: "db-free-local-storage", rule: "alarm" },
  alarmCacheMemory: { type: "cache-memory", rule: "alarm" },
  alarmBackupCheck: { type: "backup-check", rule: "alarm" },
  alarmApi5xx: { type: "api-5xx-rate", rule: "alarm" },
  restApi: { type: "api", rule: "apiGateway" },
  apiVpcLink: { type: "vpc-link", rule: "apiGateway" },
  apiKey: { type: "api-key", rule: "apiGateway" },
  usagePlan: { type: "usage-plan", rule: "apiGateway" },
  apiAccessLogGroup: { type: "api-access-logs", rule: "logGroup" },
} as const satisfies Record<string, NameKind>;

/**
 * The access log bucket's name: `<system>-alb-logs-<suffix>-<region>-<hex>`,
 * the hex drawn once per lifetime of the bucket (`AccessLogsBucket`). S3
 * bucket names are global, and S3 frees a deleted bucket's name only once
 * the deletion has propagated (`AFTER_DELETE` in shared/aws/afterDelete.ts),
 * so a stack destroyed and deployed again must not ask for the same name:
 * each lifetime has its own. The short type (`albl`) keeps it within 63
 * characters for the longest system, suffix and region. Throws a
 * `NamingError` when it still does not fit.
 */
export function accessLogsBucketName(base: NameBase, region: string, hex: string): string {
  const kind = EDGE_NAMES.accessLogsBucket;
  const rule = NAME_RULES[kind.rule];
  const tail = `-${region}-${hex}`;
  const full = `${physicalName(base, { type: kind.type, rule: "generic" })}${tail}`;
  const name = full.length > rule.max ? `${physicalName(base, { type: kind.short, rule: "generic" })}${tail}` : full;
  if (name.length > rule.max || !rule.pattern.test(name)) throw new NamingError(name, rule);
  return name;
}
