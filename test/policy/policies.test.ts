import { PlannedResource } from "../../shared/plan/capture";
import { evaluatePolicies, PolicyViolation } from "../../shared/policy/offline";
import { POLICIES } from "../../shared/policy/policies";
import { CONFIG, devCfg, planOf, prodCfg, res } from "./fixtures";

/** The violations one policy reports on a one-layer plan of `resources`. */
async function violations(policy: string, resources: PlannedResource[], cfg = devCfg): Promise<readonly PolicyViolation[]> {
  const selected = POLICIES.filter((p) => p.name === policy);
  expect(selected).toHaveLength(1);
  return (await evaluatePolicies(planOf(resources, { cfg }), CONFIG, selected)).violations;
}
const messages = async (policy: string, resources: PlannedResource[], cfg = devCfg) =>
  (await violations(policy, resources, cfg)).map((v) => v.message);

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const goodAlb = {
  name: "orders-alb-dev",
  dropInvalidHeaderFields: true,
  accessLogs: { enabled: true, bucket: "orders-alb-logs-dev" },
  enableDeletionProtection: true,
};

describe("policy pack on synthetic resources", () => {
  it("flags a taggable resource missing standard tags once the provider's default tags are merged, and accepts it with them", async () => {
    const group = res(LOG_GROUP, "lg", { name: "orders-api-logs-dev", retentionInDays: 7 });
    expect(await messages("standard-tags", [group])).toEqual([]);
    const plan = planOf([group], { withProvider: false });
    const [v] = (
      await evaluatePolicies(
        plan,
        CONFIG,
        POLICIES.filter((p) => p.name === "standard-tags"),
      )
    ).violations;
    expect(v).toMatchObject({
      urn: group.urn,
      name: "lg",
      enforcementLevel: "mandatory",
      message: "missing standard tags Environment, EnvironmentSuffix, Project, System, Layer, ManagedBy",
    });
  });

  it("reads tagsAll as real CrossGuard passes it, and ignores types that take no tags", async () => {
    const tagsAll = { Environment: "development", EnvironmentSuffix: "dev", Project: "platform-edge", System: "orders", Layer: "edge" };
    const plan = planOf(
      [res(LOG_GROUP, "lg", { name: "orders-x-dev", retentionInDays: 7, tagsAll }), res("aws:iam/rolePolicy:RolePolicy", "rp", {})],
      { withProvider: false },
    );
    const found = (
      await evaluatePolicies(
        plan,
        CONFIG,
        POLICIES.filter((p) => p.name === "standard-tags"),
      )
    ).violations;
    expect(found.map((v) => [v.name, v.message])).toEqual([["lg", "missing standard tag ManagedBy"]]);
  });

  it("requires explicit physical names of the form <system>-<type>-<suffix> within the AWS limit", async () => {
    expect(
      await messages("naming-convention", [
        res(LB, "alb", { name: "orders-alb-dev" }),
        res(LOG_GROUP, "waf", { name: "aws-waf-logs-orders-waf-dev" }),
      ]),
    ).toEqual([]);
    expect(await messages("naming-convention", [res(LB, "alb", {})])).toEqual([
      "has no explicit name: an auto-generated name does not follow <system>-<type>-<suffix>",
    ]);
    expect(await messages("naming-convention", [res(LB, "alb", { name: "alb-orders-dev" })])).toEqual([
      'name "alb-orders-dev" does not follow <system>-<type>-<suffix> (orders-...-dev)',
    ]);
    expect(await messages("naming-convention", [res(LB, "alb", { name: "orders-application-load-balancer-dev" })])).toEqual([
      'name "orders-application-load-balancer-dev" breaks the AWS rule: at most 32 letters, digits and hyphens, no hyphen at either end',
    ]);
  });

  it("requires Aurora storage encryption, an ECR encryption type AWS supports and S3 default encryption rules", async () => {
    const cluster = "aws:rds/cluster:Cluster";
    const sse = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    const rule = (sseAlgorithm: string) => ({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm } }] });
    expect(
      await messages("encryption-at-rest", [
        res(cluster, "db", { storageEncrypted: true }),
        res("aws:ecr/repository:Repository", "repo", { encryptionConfigurations: [{ encryptionType: "KMS" }] }),
        res("aws:ecr/repository:Repository", "repo2", {}),
        res(sse, "sse", rule("aws:kms")),
      ]),
    ).toEqual([]);
    expect(
      await messages("encryption-at-rest", [
        res(cluster, "db", {}),
        res("aws:ecr/repository:Repository", "repo", { encryptionConfigurations: [{ encryptionType: "NONE" }] }),
        res(sse, "sse", rule("none")),
        res(sse, "sse2", {}),
      ]),
    ).toEqual([
      "storageEncrypted is not true",
      "encryptionType NONE is not AES256, KMS or KMS_DSSE",
      "no default encryption rule with AES256, aws:kms or aws:kms:dsse",
      "no default encryption rule with AES256, aws:kms or aws:kms:dsse",
    ]);
  });

  it("requires every S3 bucket to have its encryption configuration in the stack", async () => {
    const bucket = res("aws:s3/bucket:Bucket", "logs", { bucket: "orders-alb-logs-dev" });
    const sse = res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "sse", {}, [bucket]);
    expect(await messages("s3-default-encryption-declared", [bucket, sse])).toEqual([]);
    const found = await violations("s3-default-encryption-declared", [bucket]);
    expect(found).toEqual([
      expect.objectContaining({ urn: bucket.urn, message: "the bucket has no BucketServerSideEncryptionConfiguration" }),
    ]);
  });

  it("advises a KMS key on SNS topics and log groups without failing the stack", async () => {
    const found = await violations("kms-encryption-advisory", [
      res("aws:sns/topic:Topic", "alarms", {}),
      res("aws:sns/topic:Topic", "alarms2", { kmsMasterKeyId: "alias/aws/sns" }),
      res(LOG_GROUP, "lg", { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/x" }),
      res(LOG_GROUP, "lg2", {}),
    ]);
    expect(found.map((v) => [v.name, v.enforcementLevel])).toEqual([
      ["alarms", "advisory"],
      ["lg2", "advisory"],
    ]);
  });

  it("rejects public database instances, tasks with public IPs and anything placed in a public subnet", async () => {
    const svc = "aws:ecs/service:Service";
    expect(
      await messages("no-public-address", [
        res("aws:rds/clusterInstance:ClusterInstance", "w", { publiclyAccessible: false }),
        res(svc, "api", { networkConfiguration: { assignPublicIp: false, subnets: ["subnet-private-a"] } }),
        res("aws:rds/subnetGroup:SubnetGroup", "sn", { subnetIds: ["subnet-private-a"] }),
      ]),
    ).toEqual([]);
    expect(
      await messages("no-public-address", [
        res("aws:rds/clusterInstance:ClusterInstance", "w", { publiclyAccessible: true }),
        res(svc, "api", { networkConfiguration: { assignPublicIp: true, subnets: ["subnet-public-a"] } }),
        res("aws:elasticache/subnetGroup:SubnetGroup", "cache", { subnetIds: ["subnet-public-a", "subnet-public-b"] }),
      ]),
    ).toEqual([
      "publiclyAccessible is true",
      "networkConfiguration.assignPublicIp is true",
      "uses public subnet subnet-public-a",
      "uses public subnets subnet-public-a, subnet-public-b",
    ]);
  });

  it("allows ingress from anywhere only into the load balancer's group and only on its listener ports", async () => {
    const lbGroup = res(SG, "alb", { name: "orders-alb-sg-dev" });
    const svcGroup = res(SG, "svc", { name: "orders-service-sg-dev" });
    const rule = (name: string, group: PlannedResource, inputs: Record<string, unknown>) =>
      res(INGRESS, name, { ipProtocol: "tcp", ...inputs }, [group]);
    expect(
      await messages("open-ingress-only-on-listeners", [
        lbGroup,
        svcGroup,
        rule("http", lbGroup, { cidrIpv4: "0.0.0.0/0", fromPort: 80, toPort: 80 }),
        rule("test", lbGroup, { cidrIpv4: "10.1.0.0/16", fromPort: 8443, toPort: 8443 }),
        res("aws:ec2/securityGroupRule:SecurityGroupRule", "legacy", { type: "egress", cidrBlocks: ["0.0.0.0/0"] }, [svcGroup]),
      ]),
    ).toEqual([]);
    const found = await violations("open-ingress-only-on-listeners", [
      lbGroup,
      svcGroup,
      rule("ssh", lbGroup, { cidrIpv6: "::/0", fromPort: 22, toPort: 22 }),
      rule("svc", svcGroup, { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 }),
      res(
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        "range",
        { type: "ingress", cidrBlocks: ["0.0.0.0/0"], fromPort: 0, toPort: 65535 },
        [lbGroup],
      ),
      res(SG, "inline", { name: "orders-inline-sg-dev", ingress: [{ cidrBlocks: ["0.0.0.0/0"], fromPort: 80, toPort: 80 }] }),
    ]);
    expect(found.map((v) => [v.name, v.message])).toEqual([
      ["ssh", "ingress from ::/0 on ports 22-22: only the listener ports 80, 443 may be open"],
      ["svc", "ingress from 0.0.0.0/0 into a group other than the load balancer's"],
      ["range", "ingress from 0.0.0.0/0 on ports 0-65535: only the listener ports 80, 443 may be open"],
      ["inline", "ingress from 0.0.0.0/0 into a group other than the load balancer's"],
    ]);
  });

  it("requires a retention period on every log group", async () => {
    expect(await messages("log-retention", [res(LOG_GROUP, "lg", { retentionInDays: 30 })])).toEqual([]);
    expect(await messages("log-retention", [res(LOG_GROUP, "lg", {}), res(LOG_GROUP, "lg0", { retentionInDays: 0 })])).toEqual([
      "retentionInDays is not set (logs never expire)",
      "retentionInDays is not set (logs never expire)",
    ]);
  });

  it("requires every CloudWatch Logs resource policy to be attached to a log group, not account-wide (10 per region)", async () => {
    const POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
    const scoped = res(POLICY, "scoped", { resourceArn: "arn:aws:logs:us-east-1:123456789012:log-group:x", policyDocument: "{}" });
    // In a preview the log group's ARN is not known yet: still scoped.
    const pending = res(POLICY, "pending", { resourceArn: "[unknown]", policyDocument: "{}" });
    expect(await messages("log-resource-policy-scoped", [scoped, pending, res(LOG_GROUP, "lg", {})])).toEqual([]);
    const found = await violations("log-resource-policy-scoped", [res(POLICY, "account", { policyName: "p", policyDocument: "{}" })]);
    expect(found.map((v) => [v.name, v.enforcementLevel, v.message])).toEqual([
      ["account", "mandatory", "no resourceArn: an account-level policy takes one of the region's 10, a quota that cannot be raised"],
    ]);
  });

  it("requires an internet-facing ALB to drop invalid headers and log access, and leaves internal and network load balancers alone", async () => {
    expect(
      await messages("alb-hardening", [
        res(LB, "alb", goodAlb),
        res(LB, "internal", { internal: true }),
        res(LB, "nlb", { loadBalancerType: "network" }),
      ]),
    ).toEqual([]);
    expect(
      await messages("alb-hardening", [res("aws:alb/loadBalancer:LoadBalancer", "alb", { accessLogs: { enabled: false, bucket: "b" } })]),
    ).toEqual(["dropInvalidHeaderFields is not true", "access logs are not enabled to a bucket"]);
  });

  it("requires a WAF web ACL association that refers to each internet-facing ALB", async () => {
    const alb = res(LB, "alb", goodAlb);
    const other = res(LB, "other", goodAlb);
    const association = res("aws:wafv2/webAclAssociation:WebAclAssociation", "waf", { resourceArn: "arn" }, [alb]);
    expect(await messages("alb-waf", [alb, association])).toEqual([]);
    const found = await violations("alb-waf", [alb, other, association]);
    expect(found.map((v) => [v.name, v.message])).toEqual([["other", "no WAF web ACL association refers to this internet-facing ALB"]]);
  });

  it("accepts an internal ALB behind an API Gateway stage that has the web ACL, and flags the stage without one", async () => {
    const internal = res(LB, "alb", { ...goodAlb, internal: true });
    const stage = res("aws:apigateway/stage:Stage", "stage", { stageName: "v1" });
    const onStage = res(
      "aws:wafv2/webAclAssociation:WebAclAssociation",
      "waf",
      { resourceArn: "arn:aws:apigateway:us-east-1::/restapis/a/stages/v1" },
      [stage],
    );
    expect(await messages("alb-waf", [internal, stage, onStage])).toEqual([]);
    const found = await violations("alb-waf", [internal, stage]);
    expect(found.map((v) => [v.name, v.message])).toEqual([["stage", "no WAF web ACL association refers to this API Gateway stage"]]);
    const exposed = await violations("alb-waf", [res(LB, "alb", goodAlb), stage, onStage]);
    expect(exposed.map((v) => [v.name, v.message])).toEqual([["alb", "no WAF web ACL association refers to this internet-facing ALB"]]);
  });

  it("requires every alarm to have enabled actions", async () => {
    const alarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
    expect(
      await messages("alarm-actions", [res(alarm, "a", { alarmActions: ["arn:aws:sns:us-east-1:123456789012:orders-alarms-dev"] })]),
    ).toEqual([]);
    expect(
      await messages("alarm-actions", [
        res(alarm, "a", {}),
        res("aws:cloudwatch/compositeAlarm:CompositeAlarm", "c", { actionsEnabled: false, alarmActions: ["arn"] }),
      ]),
    ).toEqual(["the alarm has no alarmActions", "actionsEnabled is false"]);
  });

  it("rejects wildcard actions and unconditioned wildcard resources in IAM policies and inline role policies", async () => {
    const doc = (statement: Record<string, unknown>) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...statement }] });
    expect(
      await messages("iam-no-wildcards", [
        res("aws:iam/rolePolicy:RolePolicy", "ok", {
          policy: doc({ Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:123456789012:log-group:x" }),
        }),
        res("aws:iam/policy:Policy", "cond", {
          policy: doc({
            Action: "cloudwatch:PutMetricData",
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": "orders/dev" } },
          }),
        }),
      ]),
    ).toEqual([]);
    expect(
      await messages("iam-no-wildcards", [
        res("aws:iam/policy:Policy", "star", { policy: doc({ Action: "*", Resource: "*" }) }),
        res("aws:iam/role:Role", "role", {
          inlinePolicies: [{ name: "inline", policy: doc({ Sid: "Ecr", Action: ["ecr:*"], Resource: "arn" }) }],
        }),
      ]),
    ).toEqual([
      'statement #0 allows the wildcard action "*"',
      'statement #0 allows resource "*" without a Condition',
      'inline policy inline: statement Ecr allows the wildcard action "ecr:*"',
    ]);
  });

  it("requires ECR repositories to scan on push and keep tags immutable", async () => {
    const repo = "aws:ecr/repository:Repository";
    expect(
      await messages("ecr-scan-immutable", [
        res(repo, "r", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" }),
      ]),
    ).toEqual([]);
    expect(await messages("ecr-scan-immutable", [res(repo, "r", {})])).toEqual([
      "imageScanningConfiguration.scanOnPush is not true",
      'imageTagMutability is "MUTABLE", not IMMUTABLE',
    ]);
  });

  it("requires deletion protection on the database and the ALB only when the stack's Environment tag is production", async () => {
    const cluster = res("aws:rds/cluster:Cluster", "db", { deletionProtection: false });
    const alb = res(LB, "alb", { ...goodAlb, enableDeletionProtection: false });
    expect(await messages("production-deletion-protection", [cluster, alb], devCfg)).toEqual([]);
    expect(await messages("production-deletion-protection", [cluster, alb], prodCfg)).toEqual([
      "deletionProtection is not true in a production stack",
      "enableDeletionProtection is not true in a production stack",
    ]);
    const safe = [res("aws:rds/cluster:Cluster", "db", { deletionProtection: true }), res(LB, "alb", goodAlb)];
    expect(await messages("production-deletion-protection", safe, prodCfg)).toEqual([]);
  });

  it("checks the Spot share over the autoscaling target's range, matched by dependency or by resource id", async () => {
    const svc = (strategies: unknown[], extra: Record<string, unknown> = {}) =>
      res("aws:ecs/service:Service", "api", { name: "orders-api-dev", capacityProviderStrategies: strategies, desiredCount: 3, ...extra });
    const good = svc([
      { capacityProvider: "FARGATE", base: 1, weight: 0 },
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ]);
    const target = (min: number, max: number, deps: PlannedResource[] = []) =>
      res(
        "aws:appautoscaling/target:Target",
        "t",
        { resourceId: "service/orders-cluster-dev/orders-api-dev", minCapacity: min, maxCapacity: max },
        deps,
      );
    expect(await messages("fargate-spot-share", [good, target(3, 10)])).toEqual([]);
    const weak = svc([
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ]);
    expect(await messages("fargate-spot-share", [weak, target(3, 4, [weak])])).toEqual([
      "at 3 tasks as few as 1 may be on FARGATE_SPOT (less than half)",
      "at 4 tasks as few as 1 may be on FARGATE_SPOT (less than half)",
    ]);
    expect(await messages("fargate-spot-share", [svc([], { desiredCount: 2 })])).toEqual([
      "the service has no capacity provider strategy, so no task runs on Fargate Spot",
    ]);
    const onDemand = svc([{ capacityProvider: "FARGATE", base: 0, weight: 1 }]);
    expect(await messages("fargate-spot-share", [onDemand, target(2, 10, [onDemand])])).toEqual([]);
  });
});
