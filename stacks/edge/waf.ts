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
 * The WAF log group's resource policy: CloudWatch Logs' delivery service
 * (`delivery.logs.amazonaws.com`, which delivers WAF's logs) may create log
 * streams and put events in this log group only, for this account's log
 * deliveries only: `aws:SourceAccount` this account, `aws:SourceArn` the
 * CloudWatch Logs ARNs of this account and region (as in AWS's own policy; it
 * does not name the web ACL). It is the policy AWS itself attaches to a log
 * group that receives vended logs, Resource
 * `<log group ARN>:log-stream:*` ("Logs sent to CloudWatch Logs", V1
 * permissions: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html),
 * and is attached to that log group alone (see {@link WebFirewall}).
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
      Resource: `${args.logGroupArn}:log-stream:*`,
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
 *
 * Log delivery's permission is a resource policy attached to the log group
 * (`resourceArn`), not an account-level one: a region holds at most 10
 * account-level CloudWatch Logs resource policies, a quota that cannot be
 * raised, so one per stack would fail the eleventh stack; "An account can
 * have a maximum of 10 policies without resourceARN and one per LogGroup
 * resourceARN" (PutResourcePolicy, CloudWatch Logs API Reference:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html).
 * WAF requires a log group named `aws-waf-logs-...` in the web ACL's account
 * and region, and the one who enables logging to hold
 * `logs:CreateLogDelivery`, `logs:PutResourcePolicy`,
 * `logs:DescribeResourcePolicies` and `logs:DescribeLogGroups` ("Permissions
 * required to publish logs to CloudWatch Logs":
 * https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html).
 * Those let AWS attach a delivery policy itself, but only "if the log group
 * currently does not have a resource policy" ("Logs sent to CloudWatch Logs",
 * link above): the logging configuration depends on this policy, so the log
 * group has it first and AWS creates or updates none, account-level or not.
 * The `/aws/vendedlogs/` prefix that page recommends is for the size limit of
 * a policy AWS keeps growing with one wildcard for many log groups; it does
 * not apply to a policy of its own per log group, and WAF requires the
 * `aws-waf-logs-` prefix anyway.
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
    // Scoped to the log group: no account-level policy (10 per region) is used.
    const policy = new aws.cloudwatch.LogResourcePolicy(
      `${name}-log-policy`,
      {
        resourceArn: logGroup.arn,
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
