import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { nameOf } from "../names";
import { iamPolicyViolations } from "./iam";
import { nameViolations } from "./naming";
import { list, num, Props, record, strings, text } from "./props";
import { spotShareViolations, strategiesOf } from "./spot";
import { effectiveTags, isProduction, missingTags, TAGGABLE_TYPES } from "./tags";

/** One policy of the pack, in the shape `@pulumi/policy` serves and the offline evaluation calls. */
export type PlatformPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The provider's inputs, which carry `defaultTags`. */
const providerProps = (args: { provider?: { props: Props } }): Props | undefined => args.provider?.props;

const tagsOf = (r: { props: Props; provider?: { props: Props } }) => effectiveTags({ props: r.props, providerProps: providerProps(r) });

const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const IAM_POLICY_TYPES = [
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
];
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];
const API_STAGE = "aws:apigateway/stage:Stage";
const LOG_RESOURCE_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";

/** A resource validation that reports each reason `check` returns. */
function resource(
  name: string,
  description: string,
  check: (args: ResourceValidationArgs) => readonly string[],
  extra: Partial<ResourceValidationPolicy> = {},
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: "mandatory",
    ...extra,
    validateResource: (args, report) => {
      for (const reason of check(args)) report(reason);
    },
  };
}

/** Whether an ALB is internet-facing and of type application. */
function internetFacingAlb(type: string, props: Props): boolean {
  return LOAD_BALANCERS.includes(type) && props.internal !== true && (text(props.loadBalancerType) ?? "application") === "application";
}

/** Configuration of `no-public-address`. */
export interface PublicAddressConfig {
  /** The network layer's public subnet ids; databases, caches and tasks may not use them. */
  readonly publicSubnetIds: string[];
}

/** Configuration of `open-ingress-only-on-listeners`. */
export interface OpenIngressConfig {
  /** The load balancer's production listener ports. */
  readonly listenerPorts: number[];
}

/** The production listener ports the platform can open to the internet (HTTP, and HTTPS when configured). */
export const DEFAULT_LISTENER_PORTS = [80, 443];

export const POLICIES: readonly PlatformPolicy[] = [
  resource("standard-tags", "Every taggable AWS resource carries the standard tags (after the provider's default tags).", (args) => {
    if (!TAGGABLE_TYPES.has(args.type)) return [];
    const missing = missingTags(tagsOf(args));
    return missing.length === 0 ? [] : [`missing standard tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`];
  }),

  resource("naming-convention", "Physical names follow <system>-<type>-<suffix> and the AWS limit of their kind.", (args) => {
    const tags = tagsOf(args);
    if (tags.System === undefined || tags.EnvironmentSuffix === undefined) return [];
    return nameViolations(args.type, args.props, tags.System, tags.EnvironmentSuffix);
  }),

  resource("encryption-at-rest", "Aurora clusters, S3 buckets' default encryption and ECR repositories encrypt at rest.", (args) => {
    const p = args.props;
    if (args.type === "aws:rds/cluster:Cluster" && p.storageEncrypted !== true) return ["storageEncrypted is not true"];
    if (args.type === "aws:ecr/repository:Repository") {
      const types = list(p.encryptionConfigurations).map((c) => text(record(c)?.encryptionType) ?? "AES256");
      const bad = types.filter((t) => !["AES256", "KMS", "KMS_DSSE"].includes(t));
      return bad.length === 0 ? [] : [`encryptionType ${bad.join(", ")} is not AES256, KMS or KMS_DSSE`];
    }
    if (args.type.startsWith("aws:s3/bucketServerSideEncryptionConfiguration")) {
      const algorithms = list(p.rules).map((r) => text(record(record(r)?.applyServerSideEncryptionByDefault)?.sseAlgorithm));
      return algorithms.length > 0 && algorithms.every((a) => a !== undefined && ["AES256", "aws:kms", "aws:kms:dsse"].includes(a))
        ? []
        : ["no default encryption rule with AES256, aws:kms or aws:kms:dsse"];
    }
    return [];
  }),

  {
    name: "s3-default-encryption-declared",
    description: "Every S3 bucket has a server-side encryption configuration in the stack.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
      const configured = new Set(
        args.resources
          .filter((r) => r.type.startsWith("aws:s3/bucketServerSideEncryptionConfiguration"))
          .flatMap((r) => r.dependencies.map((d) => d.urn)),
      );
      for (const bucket of args.resources.filter((r) => r.type === "aws:s3/bucket:Bucket" || r.type === "aws:s3/bucketV2:BucketV2")) {
        if (!configured.has(bucket.urn)) report("the bucket has no BucketServerSideEncryptionConfiguration", bucket.urn);
      }
    },
  },

  resource(
    "kms-encryption-advisory",
    "SNS topics and log groups are encrypted with a KMS key where one is configured (advisory).",
    (args) => {
      if (args.type === "aws:sns/topic:Topic" && text(args.props.kmsMasterKeyId) === undefined) return ["the topic has no kmsMasterKeyId"];
      if (args.type === "aws:cloudwatch/logGroup:LogGroup" && text(args.props.kmsKeyId) === undefined)
        return ["the log group has no kmsKeyId"];
      return [];
    },
    { enforcementLevel: "advisory" },
  ),

  resource(
    "no-public-address",
    "No database, cache or task has a public address or sits in a public subnet.",
    (args) => {
      const p = args.props;
      const found: string[] = [];
      if (["aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"].includes(args.type) && p.publiclyAccessible === true) {
        found.push("publiclyAccessible is true");
      }
      const network = record(p.networkConfiguration);
      if (args.type === "aws:ecs/service:Service" && network?.assignPublicIp === true)
        found.push("networkConfiguration.assignPublicIp is true");
      const subnets =
        args.type === "aws:ecs/service:Service"
          ? strings(network?.subnets)
          : ["aws:rds/subnetGroup:SubnetGroup", "aws:elasticache/subnetGroup:SubnetGroup"].includes(args.type)
            ? strings(p.subnetIds)
            : [];
      const publicIds = new Set(args.getConfig<PublicAddressConfig>().publicSubnetIds ?? []);
      const inPublic = subnets.filter((s) => publicIds.has(s));
      if (inPublic.length > 0) found.push(`uses public subnet${inPublic.length > 1 ? "s" : ""} ${inPublic.join(", ")}`);
      return found;
    },
    {
      configSchema: {
        properties: { publicSubnetIds: { type: "array", items: { type: "string" }, default: [] } },
      },
    },
  ),

  {
    name: "open-ingress-only-on-listeners",
    description: "Security group ingress from 0.0.0.0/0 or ::/0 only to the load balancer's group, only on its listener ports.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { listenerPorts: { type: "array", items: { type: "number" }, default: DEFAULT_LISTENER_PORTS } } },
    validateStack: (args, report) => {
      const ports = new Set(args.getConfig<OpenIngressConfig>().listenerPorts ?? DEFAULT_LISTENER_PORTS);
      const lbGroup = (group: PolicyResource | undefined) => {
        const tags = group ? tagsOf(group) : {};
        return (
          group !== undefined &&
          tags.System !== undefined &&
          tags.EnvironmentSuffix !== undefined &&
          text(group.props.name) === nameOf({ system: tags.System, environmentSuffix: tags.EnvironmentSuffix }, "loadBalancerSecurityGroup")
        );
      };
      const check = (r: PolicyResource, rule: Props, group: PolicyResource | undefined) => {
        const cidrs = [...strings(rule.cidrBlocks), ...strings(rule.ipv6CidrBlocks), text(rule.cidrIpv4), text(rule.cidrIpv6)];
        const open = cidrs.filter((c): c is string => c !== undefined && OPEN_CIDRS.includes(c));
        if (open.length === 0) return;
        const from = num(rule.fromPort);
        const to = num(rule.toPort) ?? from;
        if (from === undefined || from !== to || !ports.has(from)) {
          report(
            `ingress from ${open.join(", ")} on ports ${from ?? "all"}-${to ?? "all"}: only the listener ports ${[...ports].join(", ")} may be open`,
            r.urn,
          );
        }
        if (!lbGroup(group)) report(`ingress from ${open.join(", ")} into a group other than the load balancer's`, r.urn);
      };
      for (const r of args.resources) {
        const group = r.dependencies.find((d) => d.type === SECURITY_GROUP);
        if (r.type === INGRESS_RULE) check(r, r.props, group);
        if (r.type === LEGACY_RULE && r.props.type === "ingress") check(r, r.props, group);
        if (r.type === SECURITY_GROUP) for (const rule of list(r.props.ingress)) check(r, record(rule) ?? {}, r);
      }
    },
  },

  resource("log-retention", "Every CloudWatch log group has a retention period.", (args) =>
    args.type === "aws:cloudwatch/logGroup:LogGroup" && !((num(args.props.retentionInDays) ?? 0) > 0)
      ? ["retentionInDays is not set (logs never expire)"]
      : [],
  ),

  // PutResourcePolicy: "An account can have a maximum of 10 policies without resourceARN and one per LogGroup resourceARN"
  // (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html); the 10 cannot be raised.
  resource(
    "log-resource-policy-scoped",
    "Every CloudWatch Logs resource policy is attached to its log group (resourceArn), not account-wide (10 per region).",
    (args) =>
      args.type === LOG_RESOURCE_POLICY && text(args.props.resourceArn) === undefined
        ? ["no resourceArn: an account-level policy takes one of the region's 10, a quota that cannot be raised"]
        : [],
  ),

  resource("alb-hardening", "Every internet-facing ALB drops invalid header fields and logs access.", (args) => {
    if (!internetFacingAlb(args.type, args.props)) return [];
    const found: string[] = [];
    if (args.props.dropInvalidHeaderFields !== true) found.push("dropInvalidHeaderFields is not true");
    const logs = record(args.props.accessLogs);
    if (logs?.enabled !== true || text(logs.bucket) === undefined) found.push("access logs are not enabled to a bucket");
    return found;
  }),

  {
    name: "alb-waf",
    description:
      "Every internet-facing ALB has a WAF web ACL associated; so does every API Gateway stage, the client-facing entry when the ALB is internal behind API Gateway.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
      const associated = new Set(
        args.resources
          .filter((r) => r.type === "aws:wafv2/webAclAssociation:WebAclAssociation")
          .flatMap((r) => [...r.dependencies, ...(r.propertyDependencies.resourceArn ?? [])].map((d) => d.urn)),
      );
      for (const lb of args.resources.filter((r) => internetFacingAlb(r.type, r.props))) {
        if (!associated.has(lb.urn)) report("no WAF web ACL association refers to this internet-facing ALB", lb.urn);
      }
      // Behind API Gateway the ALB is internal and sees only the VPC link's addresses: the web ACL belongs on the stage.
      for (const stage of args.resources.filter((r) => r.type === API_STAGE)) {
        if (!associated.has(stage.urn)) report("no WAF web ACL association refers to this API Gateway stage", stage.urn);
      }
    },
  },

  resource("alarm-actions", "Every CloudWatch alarm has actions.", (args) => {
    if (!["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"].includes(args.type)) return [];
    if (args.props.actionsEnabled === false) return ["actionsEnabled is false"];
    return strings(args.props.alarmActions).length === 0 ? ["the alarm has no alarmActions"] : [];
  }),

  resource("iam-no-wildcards", "No IAM policy statement allows a * action, and a * resource only with a condition.", (args) => {
    if (IAM_POLICY_TYPES.includes(args.type)) return iamPolicyViolations(args.props.policy);
    if (args.type === "aws:iam/role:Role") {
      return list(args.props.inlinePolicies).flatMap((p) =>
        iamPolicyViolations(record(p)?.policy).map((v) => `inline policy ${text(record(p)?.name) ?? ""}: ${v}`),
      );
    }
    return [];
  }),

  resource("ecr-scan-immutable", "ECR repositories scan on push and have immutable tags.", (args) => {
    if (args.type !== "aws:ecr/repository:Repository") return [];
    const found: string[] = [];
    if (record(args.props.imageScanningConfiguration)?.scanOnPush !== true) found.push("imageScanningConfiguration.scanOnPush is not true");
    if (args.props.imageTagMutability !== "IMMUTABLE")
      found.push(`imageTagMutability is ${JSON.stringify(args.props.imageTagMutability ?? "MUTABLE")}, not IMMUTABLE`);
    return found;
  }),

  resource("production-deletion-protection", "In production stacks, the database and the ALB have deletion protection.", (args) => {
    if (!isProduction(tagsOf(args))) return [];
    if (args.type === "aws:rds/cluster:Cluster" && args.props.deletionProtection !== true)
      return ["deletionProtection is not true in a production stack"];
    if (LOAD_BALANCERS.includes(args.type) && args.props.enableDeletionProtection !== true)
      return ["enableDeletionProtection is not true in a production stack"];
    return [];
  }),

  {
    name: "fargate-spot-share",
    description:
      "ECS services that use Fargate Spot run at least half their tasks on it, with at least one on-demand task, at every count from the scaling minimum to the maximum; a strategy without FARGATE_SPOT (on-demand only) passes.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
      const targets = args.resources.filter((r) => r.type === "aws:appautoscaling/target:Target");
      for (const service of args.resources.filter((r) => r.type === "aws:ecs/service:Service")) {
        const name = text(service.props.name);
        const target = targets.find(
          (t) =>
            t.dependencies.some((d) => d.urn === service.urn) ||
            (name !== undefined && text(t.props.resourceId)?.endsWith(`/${name}`) === true),
        );
        const desired = num(service.props.desiredCount) ?? 1;
        const min = num(target?.props.minCapacity) ?? desired;
        const max = num(target?.props.maxCapacity) ?? desired;
        for (const reason of spotShareViolations(strategiesOf(service.props.capacityProviderStrategies), min, max))
          report(reason, service.urn);
      }
    },
  },
];
