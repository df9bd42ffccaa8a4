import { buildComponent } from "../components";

describe("data and edge components built from their own args alone", () => {
  it("AppSecrets: the named secret, under the key given or AWS's own, with generated initial values", async () => {
    const { AppSecrets } = await import("../../stacks/data/appSecrets");
    const plain = await buildComponent(() => new AppSecrets("s", { secretName: "shop-payment-qa" }));
    const secret = plain.find((r) => r.type === "aws:secretsmanager/secret:Secret");
    expect(secret?.inputs).toMatchObject({ name: "shop-payment-qa", recoveryWindowInDays: 0 });
    expect(secret?.inputs).not.toHaveProperty("kmsKeyId");
    const keyed = await buildComponent(() => new AppSecrets("s", { secretName: "n", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }));
    expect(keyed.find((r) => r.type === "aws:secretsmanager/secret:Secret")?.inputs.kmsKeyId).toBe("arn:aws:kms:us-east-1:123456789012:key/k");
    expect(plain.filter((r) => r.type === "random:index/randomPassword:RandomPassword")).toHaveLength(2);
  });

  it("AccessLogsBucket: the named bucket, expiring its logs, written only by the given delivery principal, kept on destroy unless forceDestroy", async () => {
    const { AccessLogsBucket } = await import("../../stacks/edge/accessLogs");
    const resources = await buildComponent(() => new AccessLogsBucket("b", { bucketName: "logs-123456789012-us-east-1", expirationDays: 30, delivery: { kind: "account", accountId: "127311923021" } }));
    expect(resources.find((r) => r.type === "aws:s3/bucket:Bucket")?.inputs).toMatchObject({ bucket: "logs-123456789012-us-east-1", forceDestroy: false });
    expect(JSON.stringify(resources.find((r) => r.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")?.inputs)).toContain('"days":30');
    expect(String(resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")?.inputs.policy)).toContain("arn:aws:iam::127311923021:root");
  });
});

describe("network components built from their own args alone", () => {
  it("Vpc: the awsx VPC over the three AZs with the tiers asked for, and flow logs to the named group through the named role", async () => {
    const { Vpc } = await import("../../stacks/network/vpc");
    const args = {
      cidrBlock: "10.1.0.0/20",
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] as const,
      natGateways: "single" as const,
      region: "eu-west-1",
      vpcName: "shop-vpc-qa",
      flowLogGroupName: "shop-flow-qa",
      flowLogRetentionDays: 7,
      flowLogRoleName: "shop-flow-role-qa",
    };
    const resources = await buildComponent(() => new Vpc("n", args), "eu-west-1");
    const vpc = resources.find((r) => r.type === "awsx:ec2:Vpc");
    expect(vpc?.inputs).toMatchObject({ cidrBlock: "10.1.0.0/20", availabilityZoneCidrMask: 22, natGateways: { strategy: "Single" }, tags: { Name: "shop-vpc-qa" } });
    expect((vpc?.inputs.subnetSpecs as { type: string }[]).map((s) => s.type)).toEqual(["Private", "Public"]);
    expect(resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")?.inputs).toMatchObject({ name: "shop-flow-qa", retentionInDays: 7 });
    expect(resources.find((r) => r.type === "aws:iam/role:Role")?.inputs.name).toBe("shop-flow-role-qa");
    const isolated = await buildComponent(() => new Vpc("n", { ...args, isolatedSubnets: true }), "eu-west-1");
    expect((isolated.find((r) => r.type === "awsx:ec2:Vpc")?.inputs.subnetSpecs as { type: string }[]).map((s) => s.type)).toEqual(["Private", "Public", "Isolated"]);
  });
});

describe("the web firewall built from its own args alone", () => {
  it("WebFirewall: the named ACL with the rules given, associated with the resource, logging to the named group with the headers redacted", async () => {
    const { WebFirewall } = await import("../../stacks/edge/waf");
    const rule = { name: "r", priority: 0, action: { block: {} }, statement: { rateBasedStatement: { limit: 500, aggregateKeyType: "IP" } }, visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "r" } };
    const resources = await buildComponent(() =>
      new WebFirewall("w", {
        protectedResourceArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1",
        webAclName: "shop-waf-qa",
        apiName: "shop",
        rules: [rule],
        logGroupName: "aws-waf-logs-shop-waf-qa",
        logRetentionDays: 30,
        logPolicyName: "shop-waf-logs-qa",
        region: "us-east-1",
        redactedHeaders: ["authorization"],
      }),
    );
    const acl = resources.find((r) => r.type === "aws:wafv2/webAcl:WebAcl");
    expect(acl?.inputs).toMatchObject({ name: "shop-waf-qa", description: "Rate limit and AWS managed rules for the shop API", rules: [{ name: "r" }] });
    expect(resources.find((r) => r.type === "aws:wafv2/webAclAssociation:WebAclAssociation")?.inputs.resourceArn).toBe("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1");
    expect(resources.find((r) => r.type === "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")?.inputs.redactedFields).toEqual([{ singleHeader: { name: "authorization" } }]);
    expect(resources.find((r) => r.type === "aws:cloudwatch/logResourcePolicy:LogResourcePolicy")?.inputs.policyName).toBe("shop-waf-logs-qa");
    const bare = await buildComponent(() => new WebFirewall("w", { protectedResourceArn: "arn:x", webAclName: "a", apiName: "b", rules: [], logGroupName: "aws-waf-logs-a", logRetentionDays: 1, logPolicyName: "p", region: "us-east-1" }));
    expect(bare.find((r) => r.type === "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")?.inputs.redactedFields).toEqual([]);
  });
});

describe("service scaling built from its own args alone", () => {
  it("ServiceScaling: the bounds given, CPU always, memory and the backlog only when asked for", async () => {
    const { ServiceScaling } = await import("../../stacks/compute/scaling");
    const base = { clusterName: "c", serviceName: "s", minTasks: 2, maxTasks: 6, cpuPolicyName: "cpu" };
    const cpuOnly = await buildComponent(() => new ServiceScaling("x", base));
    expect(cpuOnly.find((r) => r.type === "aws:appautoscaling/target:Target")?.inputs).toMatchObject({ minCapacity: 2, maxCapacity: 6, resourceId: "service/c/s" });
    expect(cpuOnly.filter((r) => r.type === "aws:appautoscaling/policy:Policy").map((r) => r.inputs.name)).toEqual(["cpu"]);
    const all = await buildComponent(
      () => new ServiceScaling("x", { ...base, memory: { policyName: "mem", targetPercent: 80 }, pendingOrders: { policyName: "po", targetPerTask: 50, metric: { namespace: "shop/qa", name: "PendingOrders" } } }),
    );
    const policies = all.filter((r) => r.type === "aws:appautoscaling/policy:Policy");
    expect(policies.map((r) => r.inputs.name).sort()).toEqual(["cpu", "mem", "po"]);
    expect(JSON.stringify(policies.find((r) => r.inputs.name === "po")?.inputs)).toContain('"namespace":"shop/qa"');
  });
});

describe("the security groups built from their own args alone", () => {
  const names = { loadBalancer: "lb", service: "svc", database: "db", cache: "cache", vpcLink: "link", discoveryClient: "clients" };
  const base = { vpcId: "vpc-1", containerPort: 9000, databasePort: 5432, names, loadBalancerIngress: [{ port: 80, cidrs: ["0.0.0.0/0"], groups: [], description: "HTTP" }] };

  it("SecurityGroups: three groups by default, the container and database ports between them", async () => {
    const { SecurityGroups } = await import("../../stacks/network/securityGroups");
    const resources = await buildComponent(() => new SecurityGroups("g", base));
    expect(resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup").map((r) => r.inputs.name)).toEqual(["lb", "svc", "db"]);
    const ports = (type: string) => resources.filter((r) => r.type === type).map((r) => [r.name, r.inputs.fromPort]);
    expect(ports("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toEqual([
      ["g-alb-in-80-0", 80],
      ["g-service-in-alb", 9000],
      ["g-db-in-service", 5432],
    ]);
  });

  it("SecurityGroups: the cache, VPC link and client groups only when asked for, the link admitted as the ingress's peer", async () => {
    const { SecurityGroups } = await import("../../stacks/network/securityGroups");
    const resources = await buildComponent(
      () =>
        new SecurityGroups("g", {
          ...base,
          loadBalancerIngress: [{ port: 80, cidrs: [], groups: ["apiGatewayVpcLink"], description: "from the link" }],
          cache: true,
          apiGatewayVpcLink: true,
          discoveryClients: true,
        }),
    );
    expect(resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup").map((r) => r.inputs.name)).toEqual(["lb", "svc", "db", "cache", "link", "clients"]);
    expect(resources.map((r) => r.name)).toEqual(expect.arrayContaining(["g-alb-in-80-vpclink", "g-vpclink-out-alb-80", "g-cache-in-service", "g-service-in-api-clients"]));
  });
});

describe("the cache built from its own args alone", () => {
  it("CacheCluster: the named resources, a final snapshot only when one is named, the key given on the group and the secret", async () => {
    const { CacheCluster } = await import("../../stacks/data/cache");
    const { parsePlatformConfig } = await import("../../shared/config");
    const { imported } = await import("../components");
    const cache = parsePlatformConfig({ environmentSuffix: "qa", cache: "true" }, { stack: "s" }).cacheCluster!;
    const names = { subnetGroup: "sub", slowLogGroup: "slow", replicationGroup: "shop-cache-qa", secret: "shop-cache-secret-qa" };
    const network = imported<import("../../shared").NetworkOutputs>({ privateSubnetIds: ["subnet-1"], cacheSecurityGroupId: "sg-cache" });
    const plain = await buildComponent(() => new CacheCluster("c", { cache, names, label: "shop qa", network, networkStack: "org/net/qa" }));
    const group = plain.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(group?.inputs).toMatchObject({ replicationGroupId: "shop-cache-qa", description: "shop qa: valkey cache, cluster mode", securityGroupIds: ["sg-cache"], transitEncryptionMode: "required" });
    expect(group?.inputs).not.toHaveProperty("finalSnapshotIdentifier");
    expect(group?.inputs).not.toHaveProperty("kmsKeyId");
    const kept = await buildComponent(() => new CacheCluster("c", { cache, names, label: "l", network, networkStack: "n", finalSnapshotIdentifier: "final", kmsKeyArn: "arn:key" }));
    expect(kept.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup")?.inputs).toMatchObject({ finalSnapshotIdentifier: "final", kmsKeyId: "arn:key" });
    expect(kept.find((r) => r.type === "aws:secretsmanager/secret:Secret")?.inputs).toMatchObject({ name: "shop-cache-secret-qa", kmsKeyId: "arn:key" });
  });
});

describe("the backup check built from its own args alone", () => {
  it("BackupVerification: the named function on its schedule, its role scoped to the region and cluster given", async () => {
    const { BackupVerification } = await import("../../stacks/data/backupVerification");
    const resources = await buildComponent(
      () =>
        new BackupVerification("b", {
          check: { maxAgeHours: 30, schedule: "cron(0 5 * * ? *)" },
          names: { logGroup: "/aws/lambda/shop-check-qa", role: "shop-check-role-qa", function: "shop-check-qa", schedule: "shop-check-schedule-qa" },
          logRetentionDays: 14,
          region: "eu-west-1",
          metrics: { namespace: "shop/qa", passed: "BackupCheckPassed", snapshotAgeHours: "SnapshotAgeHours", dimension: "DBClusterIdentifier" },
          backupWindow: "03:00-04:00",
          clusterIdentifier: "shop-db-qa",
          clusterArn: "arn:aws:rds:eu-west-1:123456789012:cluster:shop-db-qa",
        }),
      "eu-west-1",
    );
    expect(resources.find((r) => r.type === "aws:lambda/function:Function")?.inputs).toMatchObject({
      name: "shop-check-qa",
      description: "Daily: fails when the newest automated snapshot of the cluster is older than 30 h",
    });
    expect(resources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")?.inputs).toMatchObject({ scheduleExpression: "cron(0 5 * * ? *)", description: expect.stringContaining("(03:00-04:00 UTC)") });
    expect(String(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")?.inputs.policy)).toContain("arn:aws:rds:eu-west-1:123456789012:cluster:shop-db-qa");
  });
});

describe("the database built from its own args alone", () => {
  it("AuroraCluster: the named cluster, writer and readers, destroyable as is unless protected with a final snapshot", async () => {
    const { AuroraCluster } = await import("../../stacks/data/aurora");
    const { parsePlatformConfig } = await import("../../shared/config");
    const { imported } = await import("../components");
    const database = parsePlatformConfig({ environmentSuffix: "qa", dbReaderCount: "1" }, { stack: "s" }).data;
    const network = imported<import("../../shared").NetworkOutputs>({
      databaseSubnetIds: ["subnet-1", "subnet-2", "subnet-3"],
      availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      databaseSecurityGroupId: "sg-db",
    });
    const names = { cluster: "shop-db-qa", subnetGroup: "shop-db-subnets-qa", parameterGroup: "shop-db-params-qa", instances: ["shop-db-1-qa", "shop-db-2-qa", "shop-db-3-qa"] };
    const plain = await buildComponent(() => new AuroraCluster("d", { database, names, network }));
    const cluster = plain.find((r) => r.type === "aws:rds/cluster:Cluster");
    expect(cluster?.inputs).toMatchObject({ clusterIdentifier: "shop-db-qa", deletionProtection: false, skipFinalSnapshot: true, vpcSecurityGroupIds: ["sg-db"] });
    expect(cluster?.inputs).not.toHaveProperty("finalSnapshotIdentifier");
    expect(plain.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance").map((r) => r.inputs.identifier)).toEqual(["shop-db-1-qa", "shop-db-2-qa"]);
    const kept = await buildComponent(() => new AuroraCluster("d", { database, names, network, deletionProtection: true, finalSnapshotIdentifier: "final" }));
    expect(kept.find((r) => r.type === "aws:rds/cluster:Cluster")?.inputs).toMatchObject({ deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "final" });
  });
});
