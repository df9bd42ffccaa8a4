/**
 * Physical names. Every name the platform gives an AWS resource is
 * `<system>-<resource-type>-<environmentSuffix>` (a few kinds add a prefix AWS
 * demands, such as `aws-waf-logs-`), checked against the AWS rule for that
 * kind of resource. The rules below are AWS's documented limits.
 */

/** `system` is 2-10 characters: lowercase letters and digits, starting with a letter. */
export const SYSTEM_PATTERN = /^[a-z][a-z0-9]{1,9}$/;
export const MAX_SYSTEM_LENGTH = 10;

/**
 * `environmentSuffix` is 1-16 characters: lowercase letters, digits and single
 * hyphens, neither starting nor ending with a hyphen. 16 is what the tightest
 * rule (32 characters for load balancers and target groups) leaves after the
 * longest system and type.
 */
export const SUFFIX_PATTERN = /^(?!.*--)[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/;
export const MAX_SUFFIX_LENGTH = 16;

/** An AWS naming rule: maximum length and the pattern a valid name matches. */
export interface NameRule {
  readonly max: number;
  readonly pattern: RegExp;
  /** What the rule allows, for error messages. */
  readonly description: string;
}

const ALNUM_HYPHEN: NameRule = {
  max: 32,
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  description: "at most 32 letters, digits and hyphens, no hyphen at either end",
};

/** The AWS naming rules the platform's names must satisfy, by rule name. */
export const NAME_RULES = {
  /** Elastic Load Balancing: load balancer and target group names. */
  elb: ALNUM_HYPHEN,
  /** IAM role names. */
  iamRole: { max: 64, pattern: /^[\w+=,.@-]+$/, description: "at most 64 of A-Z a-z 0-9 + = , . @ _ -" },
  /** IAM managed policy names. */
  iamPolicy: { max: 128, pattern: /^[\w+=,.@-]+$/, description: "at most 128 of A-Z a-z 0-9 + = , . @ _ -" },
  /** RDS cluster, instance, subnet group and parameter group identifiers. */
  rds: {
    max: 63,
    pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
    description: "at most 63 lowercase letters, digits and hyphens, starting with a letter, no '--', no trailing hyphen",
  },
  /** ElastiCache replication group ids. */
  elasticache: {
    max: 40,
    pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
    description: "at most 40 lowercase letters, digits and hyphens, starting with a letter, no '--', no trailing hyphen",
  },
  /** ECR repository names. */
  ecr: {
    max: 256,
    pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
    description: "at most 256 lowercase letters, digits and separators (. _ - /)",
  },
  /** ECS cluster and service names. */
  ecs: { max: 255, pattern: /^[A-Za-z0-9_-]+$/, description: "at most 255 letters, digits, hyphens and underscores" },
  /** CloudWatch Logs log group names. */
  logGroup: { max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, description: "at most 512 of A-Z a-z 0-9 . - _ / #" },
  /** CloudWatch alarm names (ASCII, no control characters). */
  alarm: { max: 255, pattern: /^[\x20-\x7e]+$/, description: "at most 255 printable ASCII characters" },
  /** CloudWatch dashboard names. */
  dashboard: { max: 255, pattern: /^[A-Za-z0-9_-]+$/, description: "at most 255 letters, digits, hyphens and underscores" },
  /** EC2 security group names (may not start with sg-). */
  securityGroup: {
    max: 255,
    pattern: /^(?!sg-)[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
    description: "at most 255 characters of a-z A-Z 0-9 and ._-:/()#,@[]+=&;{}!$*, not starting with sg-",
  },
  /** SNS topic names. */
  snsTopic: { max: 256, pattern: /^[A-Za-z0-9_-]+$/, description: "at most 256 letters, digits, hyphens and underscores" },
  /** Secrets Manager secret names. */
  secret: { max: 512, pattern: /^[A-Za-z0-9/_+=.@-]+$/, description: "at most 512 of A-Z a-z 0-9 / _ + = . @ -" },
  /** WAFv2 web ACL and rule names, and their CloudWatch metric names. */
  waf: { max: 128, pattern: /^[\w-]+$/, description: "at most 128 letters, digits, hyphens and underscores" },
  /** S3 bucket names (general purpose buckets). */
  s3Bucket: {
    max: 63,
    pattern: /^[a-z0-9](?!.*\.\.)[a-z0-9.-]*[a-z0-9]$/,
    description: "3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
  },
  /** Lambda function names. */
  lambda: { max: 64, pattern: /^[A-Za-z0-9_-]+$/, description: "at most 64 letters, digits, hyphens and underscores" },
  /** Step Functions state machine names (CreateStateMachine `name`: 1 to 80, and A-Z a-z 0-9 - _ for CloudWatch Logs logging). */
  stateMachine: { max: 80, pattern: /^[A-Za-z0-9_-]+$/, description: "at most 80 letters, digits, hyphens and underscores" },
  /** EventBridge rule names. */
  eventRule: { max: 64, pattern: /^[.\-_A-Za-z0-9]+$/, description: "at most 64 of A-Z a-z 0-9 . - _" },
  /**
   * API Gateway REST API, API key, usage plan and VPC link names. AWS documents
   * no length or character limit for them; the platform keeps them to this.
   */
  apiGateway: { max: 128, pattern: /^[A-Za-z0-9_-]+$/, description: "at most 128 letters, digits, hyphens and underscores" },
  /** KMS alias names, after the `alias/` prefix. */
  kmsAlias: { max: 250, pattern: /^[A-Za-z0-9/_-]+$/, description: "at most 250 of A-Z a-z 0-9 / _ -" },
  /** X-Ray sampling rule names. */
  xraySamplingRule: { max: 32, pattern: /^[A-Za-z0-9_-]+$/, description: "at most 32 letters, digits, hyphens and underscores" },
  /** Free-form names kept to the platform's own character set (tags, parameters). */
  generic: { max: 255, pattern: /^[a-z0-9-]+$/, description: "at most 255 lowercase letters, digits and hyphens" },
} as const satisfies Record<string, NameRule>;

export type NameRuleName = keyof typeof NAME_RULES;

/** The identity every physical name is built from. */
export interface NameBase {
  readonly system: string;
  readonly environmentSuffix: string;
}

/** A kind of physical name: its resource-type part, an optional shorter form, the rule it obeys. */
export interface NameKind {
  readonly type: string;
  /** Used instead of `type` when the full name would exceed the rule's maximum. */
  readonly short?: string;
  readonly rule: NameRuleName;
  /** Prepended as AWS requires for some kinds (e.g. `aws-waf-logs-`). */
  readonly prefix?: string;
}

/** A physical name that breaks its AWS rule; config validation is meant to make this unreachable. */
export class NamingError extends Error {
  constructor(name: string, rule: NameRule) {
    super(`physical name "${name}" (${name.length} characters) is invalid: expected ${rule.description}`);
    this.name = "NamingError";
  }
}

/**
 * The physical name of one resource: `<prefix><system>-<type>-<suffix>`,
 * with the short type where the full one would not fit. Throws a
 * `NamingError` if the result breaks the AWS rule for its kind.
 */
export function physicalName(base: NameBase, kind: NameKind): string {
  const rule: NameRule = NAME_RULES[kind.rule];
  const build = (type: string) => `${kind.prefix ?? ""}${base.system}-${type}-${base.environmentSuffix}`;
  const full = build(kind.type);
  const name = full.length > rule.max && kind.short !== undefined ? build(kind.short) : full;
  if (name.length > rule.max || !rule.pattern.test(name)) throw new NamingError(name, rule);
  return name;
}
