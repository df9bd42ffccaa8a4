import { NAME_RULES, NameRule, NameRuleName } from "../naming";
import { Props, text } from "./props";

/** Where a resource type keeps its physical name, and the AWS rule that name obeys. */
export interface NamedType {
  readonly key: string;
  readonly rule: NameRuleName;
}

/**
 * The resource types whose physical name the platform sets, by type token:
 * the input holding the name and its `NAME_RULES` rule. A resource of these
 * types without that input would get a Pulumi auto-name
 * (`<logical>-<random>`), which the convention forbids.
 */
export const NAMED_TYPES: Readonly<Record<string, NamedType>> = {
  "aws:apigateway/apiKey:ApiKey": { key: "name", rule: "apiGateway" },
  "aws:apigateway/restApi:RestApi": { key: "name", rule: "apiGateway" },
  "aws:apigateway/usagePlan:UsagePlan": { key: "name", rule: "apiGateway" },
  "aws:apigatewayv2/vpcLink:VpcLink": { key: "name", rule: "apiGateway" },
  "aws:appautoscaling/policy:Policy": { key: "name", rule: "generic" },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": { key: "name", rule: "generic" },
  "aws:cloudwatch/dashboard:Dashboard": { key: "dashboardName", rule: "dashboard" },
  "aws:cloudwatch/logGroup:LogGroup": { key: "name", rule: "logGroup" },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { key: "name", rule: "alarm" },
  "aws:ec2/securityGroup:SecurityGroup": { key: "name", rule: "securityGroup" },
  "aws:ecr/repository:Repository": { key: "name", rule: "ecr" },
  "aws:ecs/cluster:Cluster": { key: "name", rule: "ecs" },
  "aws:ecs/service:Service": { key: "name", rule: "ecs" },
  "aws:ecs/taskDefinition:TaskDefinition": { key: "family", rule: "ecs" },
  "aws:elasticache/replicationGroup:ReplicationGroup": { key: "replicationGroupId", rule: "elasticache" },
  "aws:elasticache/subnetGroup:SubnetGroup": { key: "name", rule: "elasticache" },
  "aws:cloudwatch/eventRule:EventRule": { key: "name", rule: "eventRule" },
  "aws:iam/policy:Policy": { key: "name", rule: "iamPolicy" },
  "aws:iam/role:Role": { key: "name", rule: "iamRole" },
  "aws:lambda/function:Function": { key: "name", rule: "lambda" },
  "aws:lb/loadBalancer:LoadBalancer": { key: "name", rule: "elb" },
  "aws:lb/targetGroup:TargetGroup": { key: "name", rule: "elb" },
  "aws:rds/cluster:Cluster": { key: "clusterIdentifier", rule: "rds" },
  "aws:rds/clusterInstance:ClusterInstance": { key: "identifier", rule: "rds" },
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": { key: "name", rule: "rds" },
  "aws:rds/subnetGroup:SubnetGroup": { key: "name", rule: "rds" },
  "aws:s3/bucket:Bucket": { key: "bucket", rule: "s3Bucket" },
  "aws:secretsmanager/secret:Secret": { key: "name", rule: "secret" },
  "aws:sfn/stateMachine:StateMachine": { key: "name", rule: "stateMachine" },
  "aws:sns/topic:Topic": { key: "name", rule: "snsTopic" },
  "aws:wafv2/webAcl:WebAcl": { key: "name", rule: "waf" },
  "aws:xray/samplingRule:SamplingRule": { key: "ruleName", rule: "xraySamplingRule" },
};

/** Prefixes AWS demands in front of some names (WAF logging destinations). */
export const NAME_PREFIXES = ["aws-waf-logs-"] as const;

/**
 * Name forms AWS fixes, and the part of each that carries the convention:
 * RDS writes exported logs to `/aws/rds/cluster/<cluster id>/<log type>`,
 * Lambda to `/aws/lambda/<function name>`, and
 * S3 bucket names, being global, carry the region and the 8 hex digits of
 * the bucket's lifetime after the suffix (`accessLogsBucketName`).
 */
export const AWS_NAME_FORMS: readonly RegExp[] = [
  /^\/aws\/rds\/cluster\/([^/]+)\/[a-z]+$/,
  /^\/aws\/lambda\/([^/]+)$/,
  /^(.+)-[a-z]{2}(?:-gov)?-[a-z]+-\d+-[0-9a-f]{8}$/,
];

/** The part of a name that must follow `<system>-<type>-<suffix>`: the name without an AWS-demanded prefix or form. */
export function conventionalPart(name: string): string {
  const bare = NAME_PREFIXES.reduce((n, p) => (n.startsWith(p) ? n.slice(p.length) : n), name);
  for (const form of AWS_NAME_FORMS) {
    const core = form.exec(bare)?.[1];
    if (core !== undefined) return core;
  }
  return bare;
}

/**
 * Why a physical name breaks the convention `<prefix><system>-<type>-<suffix>`
 * or its AWS rule; empty when it complies. `system` and `suffix` come from
 * the resource's `System` and `EnvironmentSuffix` standard tags.
 */
export function nameViolations(type: string, props: Props, system: string, suffix: string): string[] {
  const named = NAMED_TYPES[type];
  if (named === undefined) return [];
  const name = text(props[named.key]);
  if (name === undefined) return [`has no explicit ${named.key}: an auto-generated name does not follow <system>-<type>-<suffix>`];
  const rule: NameRule = NAME_RULES[named.rule];
  const found: string[] = [];
  const bare = conventionalPart(name);
  const type_ =
    bare.startsWith(`${system}-`) && bare.endsWith(`-${suffix}`) ? bare.slice(system.length + 1, bare.length - suffix.length - 1) : "";
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(type_))
    found.push(`${named.key} "${name}" does not follow <system>-<type>-<suffix> (${system}-...-${suffix})`);
  if (name.length > rule.max || !rule.pattern.test(name)) found.push(`${named.key} "${name}" breaks the AWS rule: ${rule.description}`);
  return found;
}
