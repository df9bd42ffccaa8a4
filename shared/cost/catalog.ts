/** How the estimate treats a resource type. */
export type Treatment =
  | { readonly treatment: "priced" }
  /** No charge of its own (its cost, if any, is in another priced line). */
  | { readonly treatment: "free"; readonly reason: string }
  /** Costs money the estimate does not model; the reason says what. */
  | { readonly treatment: "notEstimated"; readonly reason: string };

const PRICED: Treatment = { treatment: "priced" };
const free = (reason: string): Treatment => ({ treatment: "free", reason });
const notEstimated = (reason: string): Treatment => ({ treatment: "notEstimated", reason });

/**
 * Every resource type a plan may hold, by type token: the network layer's
 * today, and what the data, edge and compute layers' issues describe. A type
 * missing here makes the estimate list it as unlisted, and the tests fail.
 */
export const COST_CATALOG: Readonly<Record<string, Treatment>> = {
  // network
  "awsx:ec2:Vpc": PRICED,
  "aws:ec2/natGateway:NatGateway": PRICED,
  "aws:ec2/eip:Eip": PRICED,
  "aws:ec2/flowLog:FlowLog": PRICED,
  "aws:ec2/vpc:Vpc": free("a VPC has no charge"),
  "aws:ec2/subnet:Subnet": free("subnets have no charge"),
  "aws:ec2/routeTable:RouteTable": free("route tables have no charge"),
  "aws:ec2/route:Route": free("routes have no charge"),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": free("route table associations have no charge"),
  "aws:ec2/internetGateway:InternetGateway": free("internet gateways have no charge (data transfer out is not estimated)"),
  "aws:ec2/vpcEndpoint:VpcEndpoint": notEstimated(
    "gateway endpoints (S3, the platform's only one) are free; interface endpoints would be hourly",
  ),
  "aws:ec2/securityGroup:SecurityGroup": free("security groups have no charge"),
  "aws:ec2/securityGroupRule:SecurityGroupRule": free("security group rules have no charge"),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": free("security group rules have no charge"),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": free("security group rules have no charge"),
  "aws:cloudwatch/logGroup:LogGroup": PRICED,
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": free("log resource policies have no charge"),
  "aws:iam/role:Role": free("IAM has no charge"),
  "aws:iam/rolePolicy:RolePolicy": free("IAM has no charge"),
  "aws:iam/policy:Policy": free("IAM has no charge"),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": free("IAM has no charge"),
  // data
  "aws:rds/cluster:Cluster": PRICED,
  "aws:rds/clusterInstance:ClusterInstance": PRICED,
  "aws:rds/subnetGroup:SubnetGroup": free("subnet groups have no charge"),
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": free("parameter groups have no charge"),
  "aws:rds/parameterGroup:ParameterGroup": free("parameter groups have no charge"),
  "aws:secretsmanager/secret:Secret": PRICED,
  "aws:secretsmanager/secretVersion:SecretVersion": free("versions are included in the secret's monthly price"),
  "aws:secretsmanager/secretRotation:SecretRotation": notEstimated(
    "rotation API calls ($0.05 per 10,000) are negligible at a 30-day period",
  ),
  "aws:kms/key:Key": PRICED,
  "aws:kms/alias:Alias": free("aliases have no charge"),
  "random:index/randomPassword:RandomPassword": free("generated locally by Pulumi"),
  "random:index/randomString:RandomString": free("generated locally by Pulumi"),
  "random:index/randomId:RandomId": free("generated locally by Pulumi"),
  "aws:elasticache/replicationGroup:ReplicationGroup": PRICED,
  "aws:elasticache/subnetGroup:SubnetGroup": free("subnet groups have no charge"),
  "aws:elasticache/parameterGroup:ParameterGroup": free("parameter groups have no charge"),
  "aws:lambda/function:Function": notEstimated(
    "negligible: the backup check runs once a day, the database user bootstrap once per deploy that changes it, the rotation four times per rotation (every 30 days by default); a run of at most 256 MB for 5 s is 1.25 GB-s, $0.0000169 at arm64's $0.0000133334 per GB-s plus $0.20 per million requests: under $0.001 a month each (prices as third-party pages transcribe AWS's, read 2026-12-03), inside Lambda's monthly free tier in most accounts",
  ),
  "aws:lambda/invocation:Invocation": free(
    "one run per deploy (backup check, database user bootstrap): its requests are in the function's line",
  ),
  "aws:lambda/permission:Permission": free("permissions have no charge"),
  "aws:cloudwatch/eventRule:EventRule": free(
    "scheduled rules, and rules on AWS management events (Secrets Manager's RotationSucceeded), have no charge: https://aws.amazon.com/eventbridge/pricing/",
  ),
  "aws:sfn/stateMachine:StateMachine": notEstimated(
    "negligible: the credential rollout runs once per rotation (every 30 days by default): one Standard execution of one task state, a few state transitions at $0.025 per 1,000 after 4,000 free a month (prices as third-party pages transcribe AWS's, read 2026-12-03): under $0.0001 a month",
  ),
  "aws:cloudwatch/eventTarget:EventTarget": free("targets have no charge (the function's invocations are its own line)"),
  // edge
  "aws:lb/loadBalancer:LoadBalancer": PRICED,
  "aws:lb/targetGroup:TargetGroup": free("included in the load balancer's hours and LCUs"),
  "aws:lb/listener:Listener": free("included in the load balancer's hours and LCUs"),
  "aws:lb/listenerRule:ListenerRule": free("included in the LCUs (rule evaluations beyond 10 per request are not modelled)"),
  "aws:acm/certificate:Certificate": free("public ACM certificates have no charge"),
  "aws:acm/certificateValidation:CertificateValidation": free("a workflow resource with no charge"),
  "aws:route53/record:Record": free("alias queries to AWS resources have no charge; the hosted zone is not the platform's"),
  "aws:wafv2/webAcl:WebAcl": PRICED,
  "aws:wafv2/webAclAssociation:WebAclAssociation": free("included in the web ACL's price"),
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": free("the logs are priced on their log group"),
  "aws:s3/bucket:Bucket": PRICED,
  "aws:s3/bucketV2:BucketV2": PRICED,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": free("bucket settings have no charge"),
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": free("bucket settings have no charge"),
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": free("bucket settings have no charge"),
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": free("bucket settings have no charge"),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": free("bucket settings have no charge"),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": free("bucket settings have no charge"),
  "aws:s3/bucketPolicy:BucketPolicy": free("bucket settings have no charge"),
  "aws:s3/bucketVersioning:BucketVersioning": free("bucket settings have no charge"),
  "aws:s3/bucketVersioningV2:BucketVersioningV2": free("bucket settings have no charge"),
  "aws:sns/topic:Topic": free("alarm notifications stay within SNS's free tier (1 million publishes, 1,000 emails a month)"),
  "aws:sns/topicSubscription:TopicSubscription": free("alarm notifications stay within SNS's free tier"),
  "aws:sns/topicPolicy:TopicPolicy": free("topic settings have no charge"),
  "aws:apigateway/restApi:RestApi": PRICED,
  "aws:apigateway/resource:Resource": free("included in the API's request price"),
  "aws:apigateway/method:Method": free("included in the API's request price"),
  "aws:apigateway/integration:Integration": free("included in the API's request price"),
  "aws:apigateway/deployment:Deployment": free("included in the API's request price"),
  "aws:apigateway/stage:Stage": free("included in the API's request price (no stage cache is configured)"),
  "aws:apigateway/methodSettings:MethodSettings": free("stage settings have no charge (CloudWatch metrics of API Gateway are free)"),
  "aws:apigateway/usagePlan:UsagePlan": free("usage plans have no charge"),
  "aws:apigateway/usagePlanKey:UsagePlanKey": free("usage plans have no charge"),
  "aws:apigateway/apiKey:ApiKey": free("API keys have no charge"),
  "aws:apigatewayv2/vpcLink:VpcLink": notEstimated(
    "VPC link v2 to an ALB: AWS lists no hourly charge for it; its data processing was not verified offline",
  ),
  "aws:cloudwatch/dashboard:Dashboard": PRICED,
  "aws:cloudwatch/metricAlarm:MetricAlarm": PRICED,
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": notEstimated("composite alarms ($0.50 a month each) are not modelled"),
  // compute
  "aws:ecr/repository:Repository": PRICED,
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": free("repository settings have no charge"),
  "aws:ecr/repositoryPolicy:RepositoryPolicy": free("repository settings have no charge"),
  "aws:ecs/cluster:Cluster": PRICED,
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": free("capacity providers have no charge"),
  "aws:ecs/taskDefinition:TaskDefinition": free("priced through the service's running tasks"),
  "aws:ecs/service:Service": PRICED,
  "aws:ssm/parameter:Parameter": free("standard-tier parameters have no charge"),
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": PRICED,
  "aws:appautoscaling/target:Target": free("application auto scaling has no charge"),
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": PRICED,
  "aws:servicediscovery/service:Service": PRICED,
  "aws:xray/samplingRule:SamplingRule": notEstimated(
    "X-Ray traces ($5 per million recorded after 100,000 free a month) depend on traffic and the sampling rate",
  ),
  "aws:appautoscaling/policy:Policy": notEstimated("the alarms a target tracking policy creates (about two each) are not modelled"),
};

/** Types that exist in every plan and never cost anything. */
const FREE_PREFIXES: readonly [string, Treatment][] = [
  ["pulumi:", free("Pulumi's own stack, provider and stack reference resources")],
  ["platform:", free("the platform's component resources group others and have no charge")],
];

/** How the estimate treats a type; undefined when the catalog does not list it. */
export function treatmentOf(type: string): Treatment | undefined {
  return COST_CATALOG[type] ?? FREE_PREFIXES.find(([prefix]) => type.startsWith(prefix))?.[1];
}
