import { Replacement, Source } from "./rules";

/*
 * The replace-on-change properties of the resource types the platform's plans
 * contain, as the AWS provider decides them. The Pulumi AWS provider (7.x) is
 * bridged from the Terraform AWS provider, whose schema marks these
 * properties `ForceNew: true` (SDK resources) or `RequiresReplace()`
 * (framework resources), and whose documentation writes "Forces new
 * resource". Each entry cites the schema file at the commit read, or the
 * documentation page with its words; property names are Pulumi's (the plan's
 * inputs), and a test checks each against the installed SDK's input types.
 * A property the sources read here did not confirm is left out; a type
 * without an entry is reported as "replacement unknown" when it changes
 * (the README lists them). Read 2026-12-04 from the stored copies of
 * hashicorp/terraform-provider-aws.
 */

const TF = "https://github.com/hashicorp/terraform-provider-aws/blob";
const tf = (commit: string, file: string, says: string): Source => ({ url: `${TF}/${commit}/internal/service/${file}`, says });
const docs = (resource: string, says: string): Source => ({
  url: `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${resource}`,
  says,
});

/** aws_vpc and aws_subnet: what the awsx VPC's inputs replace inside it. */
const VPC_SOURCE = tf("00081ce41cc691433ac19bf42227cdabffd0454d", "ec2/vpc_.go", "aws_vpc: cidr_block ForceNew: true");
const SUBNET_SOURCE = tf(
  "00cda125a19d31754cb0d073cf551264c57955cb",
  "ec2/vpc_subnet.go",
  "aws_subnet: availability_zone, availability_zone_id, cidr_block, vpc_id ForceNew: true",
);

/** The inputs of a security group rule that name its source or destination: exactly one is set. */
const RULE_PEER = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"];
const RULE_SOURCE = tf(
  "00a322094b4b9ade8a81b244345dbcf4b52ee8d6",
  "ec2/vpc_security_group_ingress_rule.go",
  'security_group_id: resource.RequiresReplace(); ModifyPlan: "When you modify a rule, you cannot change the rule\'s source type" (RequiresReplace of the old and new source attribute); ports, protocol, CIDR and description are modified in place',
);

export const REPLACEMENTS: Readonly<Record<string, Replacement>> = {
  "awsx:ec2:Vpc": {
    kind: "component",
    properties: {
      cidrBlock: { replaces: "the VPC and every subnet (carved from its CIDR block)", idPrefixes: ["vpc-", "subnet-"] },
      availabilityZoneNames: { replaces: "the subnets of the zones", idPrefixes: ["subnet-"] },
      numberOfAvailabilityZones: { replaces: "the subnets of the zones", idPrefixes: ["subnet-"] },
      availabilityZoneCidrMask: { replaces: "the subnets (their CIDR blocks)", idPrefixes: ["subnet-"] },
      subnetSpecs: { replaces: "the subnets (their CIDR blocks)", idPrefixes: ["subnet-"] },
      subnetStrategy: { replaces: "the subnets (their CIDR blocks)", idPrefixes: ["subnet-"] },
    },
    sources: [
      {
        url: "https://www.pulumi.com/registry/packages/awsx/api-docs/ec2/vpc/",
        says: "cidrBlock: The CIDR block for the VPC; subnetSpecs: subnets deployed to each AZ of availabilityZoneNames, allocated CIDR block ranges based on the size of the CIDR block for the VPC (node_modules/@pulumi/awsx/ec2/vpc.d.ts)",
      },
      VPC_SOURCE,
      SUBNET_SOURCE,
    ],
  },
  "aws:ec2/securityGroup:SecurityGroup": {
    kind: "resource",
    terraform: "aws_security_group",
    properties: ["description", "name", "namePrefix", "vpcId"],
    sources: [
      {
        url: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/",
        says: 'A simple security group `name` change "forces new" the security group ... (Likewise, `description`, `namePrefix`, or `vpcId` cannot be changed.) (node_modules/@pulumi/aws/ec2/securityGroup.d.ts)',
      },
    ],
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
    kind: "resource",
    terraform: "aws_vpc_security_group_ingress_rule",
    properties: ["securityGroupId"],
    oneOf: RULE_PEER,
    sources: [RULE_SOURCE],
  },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
    kind: "resource",
    terraform: "aws_vpc_security_group_egress_rule",
    properties: ["securityGroupId"],
    oneOf: RULE_PEER,
    sources: [
      tf(
        "050ac11163cab8cdae5936a7f40b0e528ff780df",
        "ec2/vpc_security_group_egress_rule.go",
        "resourceSecurityGroupEgressRule embeds resourceSecurityGroupRule: the ingress rule's schema and plan modifiers",
      ),
      RULE_SOURCE,
    ],
  },
  "aws:ec2/flowLog:FlowLog": {
    kind: "resource",
    terraform: "aws_flow_log",
    properties: [
      "deliverCrossAccountRole",
      "destinationOptions",
      "eniId",
      "iamRoleArn",
      "logDestination",
      "logDestinationType",
      "logFormat",
      "maxAggregationInterval",
      "regionalNatGatewayId",
      "subnetId",
      "trafficType",
      "transitGatewayAttachmentId",
      "transitGatewayId",
      "vpcId",
    ],
    sources: [
      tf(
        "00a35305dc1b297a6fcdecdfbba33f1e63c3da39",
        "ec2/vpc_flow_log.go",
        'every argument ForceNew: true; resourceLogFlowUpdate: "Tags only"',
      ),
    ],
  },
  "aws:ecs/taskDefinition:TaskDefinition": {
    kind: "resource",
    terraform: "aws_ecs_task_definition",
    properties: [
      "containerDefinitions",
      "cpu",
      "ephemeralStorage",
      "executionRoleArn",
      "family",
      "ipcMode",
      "memory",
      "networkMode",
      "pidMode",
      "placementConstraints",
      "proxyConfiguration",
      "requiresCompatibilities",
      "runtimePlatform",
      "taskRoleArn",
      "volumes",
    ],
    sources: [
      tf(
        "04fc21d56d73cb67a9bbef2aedcffe8fbfd07286",
        "ecs/task_definition.go",
        "container_definitions, cpu, ephemeral_storage, execution_role_arn, family, ipc_mode, memory, network_mode, pid_mode, placement_constraints, proxy_configuration, requires_compatibilities, runtime_platform, task_role_arn, volume ForceNew: true (only tags and skip_destroy are not): each change registers a new revision",
      ),
    ],
  },
  "aws:ecs/service:Service": {
    kind: "resource",
    terraform: "aws_ecs_service",
    properties: ["cluster", "deploymentController.type", "iamRole", "launchType", "name", "schedulingStrategy"],
    sources: [
      tf(
        "00a919d1548eb437816d4838f320502ad34183ff",
        "ecs/service.go",
        "cluster, deployment_controller.type, iam_role, launch_type, name, scheduling_strategy ForceNew: true; load_balancer, network_configuration, task_definition, desired_count are updated in place",
      ),
    ],
  },
  "aws:lb/targetGroup:TargetGroup": {
    kind: "resource",
    terraform: "aws_lb_target_group",
    properties: ["ipAddressType", "name", "namePrefix", "port", "protocol", "protocolVersion", "targetType", "vpcId"],
    sources: [
      tf(
        "013cfb4cddc9c44a28f34abad0c11768bcdb9b85",
        "elbv2/target_group.go",
        "ip_address_type, name, name_prefix, port, protocol, protocol_version, target_type, vpc_id ForceNew: true; health_check and the attributes are updated in place",
      ),
    ],
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    kind: "resource",
    terraform: "aws_lb",
    properties: ["customerOwnedIpv4Pool", "internal", "loadBalancerType", "name", "namePrefix"],
    sources: [
      tf(
        "00edc94be7a89c4c485415cdec27094875f61bfc",
        "elbv2/load_balancer.go",
        "customer_owned_ipv4_pool, internal, load_balancer_type, name, name_prefix ForceNew: true; subnets and security_groups are updated in place for an application load balancer",
      ),
    ],
  },
  "aws:lb/listener:Listener": {
    kind: "resource",
    terraform: "aws_lb_listener",
    properties: ["loadBalancerArn"],
    sources: [docs("lb_listener", "`load_balancer_arn` - (Required, Forces New Resource) ARN of the load balancer.")],
  },
  "aws:lb/listenerRule:ListenerRule": {
    kind: "resource",
    terraform: "aws_lb_listener_rule",
    properties: ["listenerArn"],
    sources: [
      docs("lb_listener_rule", "`listener_arn` - (Required, Forces New Resource) The ARN of the listener to which to attach the rule."),
    ],
  },
  "aws:rds/cluster:Cluster": {
    kind: "resource",
    terraform: "aws_rds_cluster",
    properties: [
      "clusterIdentifier",
      "clusterIdentifierPrefix",
      "clusterScalabilityType",
      "databaseName",
      "dbSubnetGroupName",
      "dbSystemId",
      "engine",
      "engineMode",
      "kmsKeyId",
      "masterUsername",
      "restoreToPointInTime",
      "s3Import",
      "snapshotIdentifier",
      "sourceRegion",
      "storageEncrypted",
    ],
    sources: [
      tf(
        "0168cf6844f393420326f1426bf18ed357b56a77",
        "rds/cluster.go",
        "cluster_identifier, cluster_identifier_prefix, cluster_scalability_type, database_name, db_subnet_group_name, db_system_id, engine, engine_mode, kms_key_id, master_username, restore_to_point_in_time, s3_import, snapshot_identifier, source_region, storage_encrypted ForceNew: true (the schema read from ca_certificate_identifier on); engine_version, port, vpc_security_group_ids, serverlessv2_scaling_configuration are modified in place",
      ),
    ],
  },
  "aws:rds/clusterInstance:ClusterInstance": {
    kind: "resource",
    terraform: "aws_rds_cluster_instance",
    properties: [
      "availabilityZone",
      "clusterIdentifier",
      "customIamInstanceProfile",
      "dbSubnetGroupName",
      "engine",
      "identifier",
      "identifierPrefix",
    ],
    sources: [
      tf(
        "01606926a0c0ab9174aec440f976a48b0baee722",
        "rds/cluster_instance.go",
        "availability_zone, cluster_identifier, custom_iam_instance_profile, db_subnet_group_name, engine, identifier, identifier_prefix ForceNew: true; instance_class, promotion_tier, engine_version are modified in place",
      ),
    ],
  },
  "aws:rds/subnetGroup:SubnetGroup": {
    kind: "resource",
    terraform: "aws_db_subnet_group",
    properties: ["name"],
    sources: [docs("db_subnet_group", "`name` - (Optional, Forces new resource) The name of the DB subnet group.")],
  },
  "aws:elasticache/subnetGroup:SubnetGroup": {
    kind: "resource",
    terraform: "aws_elasticache_subnet_group",
    properties: ["name"],
    sources: [
      tf(
        "01c08000ddb14181b5bd19201d8fca311dc570e4",
        "elasticache/subnet_group.go",
        "name ForceNew: true; subnet_ids and description are modified in place (ModifyCacheSubnetGroup)",
      ),
    ],
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    kind: "resource",
    terraform: "aws_elasticache_replication_group",
    properties: [
      "dataTieringEnabled",
      "globalReplicationGroupId",
      "kmsKeyId",
      "networkType",
      "port",
      "replicationGroupId",
      "securityGroupNames",
      "snapshotArns",
      "snapshotName",
      "subnetGroupName",
    ],
    sources: [
      tf(
        "001b6364c1a3b3045e152f655440a6d47eb44a70",
        "elasticache/replication_group.go",
        "data_tiering_enabled, global_replication_group_id, kms_key_id, network_type, port, replication_group_id, security_group_names, snapshot_arns, snapshot_name, subnet_group_name ForceNew: true (the schema read from automatic_failover_enabled on); security_group_ids, node_type, num_node_groups are modified in place; node_group_configuration, transit_encryption_enabled and an engine downgrade replace only under conditions (CustomizeDiff), left out",
      ),
    ],
  },
  "aws:apigatewayv2/vpcLink:VpcLink": {
    kind: "resource",
    terraform: "aws_apigatewayv2_vpc_link",
    properties: ["securityGroupIds", "subnetIds"],
    sources: [
      tf(
        "050ac11163cab8cdae5936a7f40b0e528ff780df",
        "apigatewayv2/vpc_link.go",
        "security_group_ids, subnet_ids ForceNew: true; only name is updated",
      ),
    ],
  },
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {
    kind: "resource",
    terraform: "aws_service_discovery_private_dns_namespace",
    properties: ["name", "vpc"],
    sources: [
      tf(
        "00a35305dc1b297a6fcdecdfbba33f1e63c3da39",
        "servicediscovery/private_dns_namespace.go",
        "name, vpc ForceNew: true; only description is updated",
      ),
    ],
  },
  "aws:iam/rolePolicy:RolePolicy": {
    kind: "resource",
    terraform: "aws_iam_role_policy",
    properties: ["name", "namePrefix", "role"],
    sources: [
      tf(
        "02f97af85f89a04e8ed89f5e8b64a9a67f3cfe07",
        "iam/role_policy.go",
        "name, name_prefix, role ForceNew: true; policy is put in place",
      ),
    ],
  },
  "aws:lambda/function:Function": {
    kind: "resource",
    terraform: "aws_lambda_function",
    properties: ["name", "packageType", "tenancyConfig"],
    sources: [
      tf(
        "0156d84e6bb47e4a5fe0c8e87cf2d14fb1dc3b8c",
        "lambda/function.go",
        "function_name (Pulumi: name), package_type, tenancy_config ForceNew: true (the schema read from file_system_config on); vpc_config, role, runtime, handler, memory_size are updated in place",
      ),
    ],
  },
  "aws:servicediscovery/service:Service": {
    kind: "resource",
    terraform: "aws_service_discovery_service",
    properties: [
      "dnsConfig.dnsRecords.type",
      "dnsConfig.namespaceId",
      "dnsConfig.routingPolicy",
      "healthCheckConfig.type",
      "healthCheckCustomConfig",
      "name",
      "namespaceId",
      "type",
    ],
    sources: [
      tf(
        "034cebb6d5e3536ed380e869dcf9227a29bb8a15",
        "servicediscovery/service.go",
        "dns_config.dns_records.type, dns_config.namespace_id, dns_config.routing_policy, health_check_config.type, health_check_custom_config, name, namespace_id, type ForceNew: true",
      ),
    ],
  },
  "aws:apigateway/integration:Integration": {
    kind: "resource",
    terraform: "aws_api_gateway_integration",
    properties: ["credentials", "integrationHttpMethod", "passthroughBehavior", "type"],
    sources: [
      tf(
        "0196297b77a41283fa7ac1660cea82f48f142e07",
        "apigateway/integration.go",
        "type, credentials, integration_http_method, passthrough_behavior ForceNew: true (the schema read from type on); uri, connection_type, connection_id, request_templates, request_parameters, timeout_milliseconds are patched in place",
      ),
    ],
  },
  "aws:appautoscaling/target:Target": {
    kind: "resource",
    terraform: "aws_appautoscaling_target",
    properties: ["resourceId", "scalableDimension", "serviceNamespace"],
    sources: [
      tf(
        "0105d2191ae7e43ba37ba011b916843eddf361ed",
        "appautoscaling/target.go",
        "resource_id, scalable_dimension, service_namespace ForceNew: true; max_capacity, min_capacity, role_arn are registered again in place",
      ),
    ],
  },
  "aws:wafv2/webAclAssociation:WebAclAssociation": {
    kind: "resource",
    terraform: "aws_wafv2_web_acl_association",
    properties: ["resourceArn", "webAclArn"],
    sources: [
      tf(
        "011a8eed43ed7763ef9de18cbb776eb29c762452",
        "wafv2/web_acl_association.go",
        "resource_arn, web_acl_arn ForceNew: true (the resource has no update)",
      ),
    ],
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    kind: "resource",
    terraform: "aws_cloudwatch_log_group",
    properties: ["name"],
    sources: [docs("cloudwatch_log_group", "`name` - (Optional, Forces new resource) The name of the log group.")],
  },
  "aws:iam/role:Role": {
    kind: "resource",
    terraform: "aws_iam_role",
    properties: ["name"],
    sources: [docs("iam_role", "`name` - (Optional, Forces new resource) Friendly name of the role.")],
  },
  "aws:wafv2/webAcl:WebAcl": {
    kind: "resource",
    terraform: "aws_wafv2_web_acl",
    properties: ["name"],
    sources: [docs("wafv2_web_acl", "`name` - (Optional, Forces new resource) Friendly name of the WebACL.")],
  },
  "aws:s3/bucket:Bucket": {
    kind: "resource",
    terraform: "aws_s3_bucket",
    properties: ["bucket", "bucketPrefix"],
    sources: [
      docs(
        "s3_bucket",
        "`bucket` - (Optional, Forces new resource) Name of the bucket. `bucket_prefix` - (Optional, Forces new resource) Creates a unique bucket name beginning with the specified prefix.",
      ),
    ],
  },
};
