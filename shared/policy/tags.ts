import { REQUIRED_TAG_KEYS } from "../tags";
import { Props, record, stringMap } from "./props";

/**
 * The AWS resource types (of @pulumi/aws 7.48) the platform creates or is
 * expected to create that accept a `tags` input, and so carry the provider's
 * `defaultTags`. A test checks each entry against the provider's typings, and
 * that every other `aws:` type the cost catalog lists has no `tags` input.
 */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  "aws:acm/certificate:Certificate",
  "aws:apigateway/apiKey:ApiKey",
  "aws:apigateway/restApi:RestApi",
  "aws:apigateway/stage:Stage",
  "aws:apigateway/usagePlan:UsagePlan",
  "aws:apigatewayv2/vpcLink:VpcLink",
  "aws:appautoscaling/target:Target",
  "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  "aws:cloudwatch/eventRule:EventRule",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:ec2/eip:Eip",
  "aws:ec2/flowLog:FlowLog",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/vpc:Vpc",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:ecr/repository:Repository",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/service:Service",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:iam/policy:Policy",
  "aws:lambda/function:Function",
  "aws:iam/role:Role",
  "aws:kms/key:Key",
  "aws:lb/listener:Listener",
  "aws:lb/listenerRule:ListenerRule",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:sfn/stateMachine:StateMachine",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:secretsmanager/secret:Secret",
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
  "aws:servicediscovery/service:Service",
  "aws:sns/topic:Topic",
  "aws:ssm/parameter:Parameter",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:wafv2/webAcl:WebAcl",
  "aws:xray/samplingRule:SamplingRule",
]);

/** What a tag check needs to know about a resource. */
export interface TaggedSubject {
  readonly props: Props;
  /** The provider resource's inputs, when known (its `defaultTags`). */
  readonly providerProps?: Props;
}

/**
 * The tags a resource ends up with: under real CrossGuard the AWS provider
 * has already merged its `defaultTags` into `tagsAll`; the offline plan only
 * has inputs, so the provider's `defaultTags` (captured on the
 * `pulumi:providers:aws` resource, as an object or its JSON text) are merged
 * under the resource's own `tags`. Both are read; the resource's own win.
 */
export function effectiveTags(subject: TaggedSubject): Record<string, string> {
  const defaults = stringMap(record(parseMaybe(subject.providerProps?.defaultTags))?.tags);
  return { ...defaults, ...stringMap(subject.props.tagsAll), ...stringMap(subject.props.tags) };
}

function parseMaybe(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The standard tag keys missing from a resource's effective tags. */
export function missingTags(tags: Readonly<Record<string, string>>): string[] {
  return REQUIRED_TAG_KEYS.filter((key) => tags[key] === undefined || tags[key] === "");
}

/** "When the stack is marked production": its `Environment` standard tag is `production`. */
export function isProduction(tags: Readonly<Record<string, string>>): boolean {
  return tags.Environment === "production";
}
