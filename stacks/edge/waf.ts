import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { apiGatewayEnabled, nameOf, PlatformConfig, PolicyDocument, policyDocument, WAF_RATE_WINDOW_SECONDS } from "../../shared";

/** The window the rate limit counts requests over: 5 minutes. */
export const RATE_WINDOW_SECONDS = WAF_RATE_WINDOW_SECONDS;

/** The key of the JSON body WAF answers rate-limited clients with. */
export const RATE_LIMITED_BODY_KEY = "rate-limited";

/** The rate-based rule's name; also the `Rule` dimension of its metrics. */
export const RATE_RULE_NAME = "rate-limit-per-ip";

/** The CloudWatch metric name of one rule of the web ACL: `<acl name>-<rule>`. */
export function ruleMetricName(cfg: PlatformConfig, rule: string): string {
  return `${nameOf(cfg, "webAcl")}-${rule}`;
}

/**
 * The web ACL's rules: first the per-IP rate limit (block with a 429 above
 * `wafRateLimit` requests per 5 minutes), then each configured AWS managed
 * rule group in order, each with its own priority and metrics.
 */
export function wafRules(cfg: PlatformConfig): aws.types.input.wafv2.WebAclRule[] {
  const visibility = (rule: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName: ruleMetricName(cfg, rule),
  });
  const rateLimit: aws.types.input.wafv2.WebAclRule = {
    name: RATE_RULE_NAME,
    priority: 0,
    action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: RATE_LIMITED_BODY_KEY } } },
    statement: { rateBasedStatement: { limit: cfg.edge.wafRateLimit, evaluationWindowSec: RATE_WINDOW_SECONDS, aggregateKeyType: "IP" } },
    visibilityConfig: visibility(RATE_RULE_NAME),
  };
  const managed = cfg.edge.wafManagedRuleGroups.map((group, i): aws.types.input.wafv2.WebAclRule => ({
    name: group,
    priority: i + 1,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
    visibilityConfig: visibility(group),
  }));
  return [rateLimit, ...managed];
}

/**
 * The log group's resource policy: CloudWatch Logs' delivery service may
 * write WAF logs into this log group only, for this account's sources only.
 */
export function wafLogPolicy(args: {
  readonly logGroupArn: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}): PolicyDocument {
  return policyDocument([
    {
      Sid: "WafLogDelivery",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${args.logGroupArn}:*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": args.accountId },
        ArnLike: { "aws:SourceArn": `arn:${args.partition}:logs:${args.region}:${args.accountId}:*` },
      },
    },
  ]);
}

export interface WebFirewallArgs {
  /** What the web ACL protects: the internet-facing load balancer, or the API Gateway stage in front of an internal one. */
  readonly protectedResourceArn: pulumi.Input<string>;
  /** The web ACL's name; also its metric name (the `WebACL` dimension). */
  readonly webAclName: string;
  /** The API the ACL protects, as its description names it. */
  readonly apiName: string;
  /** The rules, in priority order (see {@link wafRules}). */
  readonly rules: readonly aws.types.input.wafv2.WebAclRule[];
  /** The request log group (its name must start with `aws-waf-logs-`) and the days it keeps records. */
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** The name of the log group's resource policy that lets log delivery write into it. */
  readonly logPolicyName: string;
  /** The region of the log delivery sources the policy admits. */
  readonly region: string;
  /**
   * Headers the request logs leave out (see {@link redactedHeaders}).
   * @default none
   */
  readonly redactedHeaders?: readonly string[];
}

/** Headers WAF's request logs leave out: credentials, and the API key when API Gateway is in front. */
export function redactedHeaders(cfg: PlatformConfig): string[] {
  return ["authorization", "cookie", ...(apiGatewayEnabled(cfg) ? ["x-api-key"] : [])];
}

/**
 * A regional web ACL (see `wafRules`) on the client-facing resource,
 * allowing what no rule blocks, with its request logs (credential headers
 * redacted) in an `aws-waf-logs-` log group with retention. Behind API
 * Gateway the load balancer sees only the VPC link's addresses, so the
 * per-client-IP rate limit must sit on the stage, where client IPs are real.
 */
export class WebFirewall extends pulumi.ComponentResource {
  public readonly webAclArn: pulumi.Output<string>;
  /** The `WebACL` dimension of the web ACL's metrics. */
  public readonly webAclName: string;
  public readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:WebFirewall", name, {}, opts);
    const { webAclName } = args;

    const acl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      {
        name: webAclName,
        description: `Rate limit and AWS managed rules for the ${args.apiName} API`,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        customResponseBodies: [
          {
            key: RATE_LIMITED_BODY_KEY,
            contentType: "APPLICATION_JSON",
            content: JSON.stringify({ error: "too_many_requests", message: "Rate limit exceeded; retry later" }),
          },
        ],
        rules: [...args.rules],
        visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: webAclName },
      },
      { parent: this },
    );
    new aws.wafv2.WebAclAssociation(
      `${name}-association`,
      { resourceArn: args.protectedResourceArn, webAclArn: acl.arn },
      { parent: this },
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: args.logGroupName, retentionInDays: args.logRetentionDays },
      { parent: this },
    );
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const policy = new aws.cloudwatch.LogResourcePolicy(
      `${name}-log-policy`,
      {
        policyName: args.logPolicyName,
        policyDocument: pulumi
          .all([logGroup.arn, account.accountId, partition.partition])
          .apply(([logGroupArn, accountId, part]) =>
            JSON.stringify(wafLogPolicy({ logGroupArn, accountId, partition: part, region: args.region })),
          ),
      },
      { parent: this },
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-logging`,
      {
        resourceArn: acl.arn,
        logDestinationConfigs: [logGroup.arn],
        redactedFields: (args.redactedHeaders ?? []).map((header) => ({ singleHeader: { name: header } })),
      },
      { parent: this, dependsOn: [policy] },
    );

    this.webAclArn = acl.arn;
    this.webAclName = webAclName;
    this.logGroupName = logGroup.name;
    this.registerOutputs({ webAclArn: this.webAclArn, logGroupName: this.logGroupName });
  }
}
