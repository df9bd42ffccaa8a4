import { DataKey, dataKeyDescription, MIN_KEY_DELETION_DAYS } from "../../stacks/data/key";
import { buildComponent, imported } from "./build";

const RANDOM_ID = "random:index/randomId:RandomId";

describe("data components built from their own args alone", () => {
  it("DataKey: a rotating key with the description and alias given, deleted after the minimum wait unless told otherwise", async () => {
    const resources = await buildComponent(
      () =>
        new DataKey("k", {
          aliasName: "alias/shop-db-qa",
          description: dataKeyDescription({ system: "shop", environmentSuffix: "qa", cache: true }),
        }),
    );
    const key = resources.find((r) => r.type === "aws:kms/key:Key");
    expect(key?.inputs).toMatchObject({
      description: "shop qa: Aurora storage, Performance Insights, database secrets, and the cache with its connection secret",
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: MIN_KEY_DELETION_DAYS,
    });
    expect(resources.find((r) => r.type === "aws:kms/alias:Alias")?.inputs).toMatchObject({ name: "alias/shop-db-qa" });
    const kept = await buildComponent(() => new DataKey("k", { aliasName: "alias/a", description: "d", deletionWindowInDays: 30 }));
    expect(kept.find((r) => r.type === "aws:kms/key:Key")?.inputs.deletionWindowInDays).toBe(30);
  });
});

describe("data components built from their own args alone", () => {
  it("AppSecrets: the named secret, under the key given or AWS's own, with generated initial values", async () => {
    const { AppSecrets } = await import("../../stacks/data/appSecrets");
    const plain = await buildComponent(() => new AppSecrets("s", { secretName: "shop-payment-qa" }));
    const secret = plain.find((r) => r.type === "aws:secretsmanager/secret:Secret");
    expect(secret?.inputs).toMatchObject({ name: "shop-payment-qa", recoveryWindowInDays: 0 });
    expect(secret?.inputs).not.toHaveProperty("kmsKeyId");
    const keyed = await buildComponent(
      () => new AppSecrets("s", { secretName: "n", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }),
    );
    expect(keyed.find((r) => r.type === "aws:secretsmanager/secret:Secret")?.inputs.kmsKeyId).toBe(
      "arn:aws:kms:us-east-1:123456789012:key/k",
    );
    expect(plain.filter((r) => r.type === "random:index/randomPassword:RandomPassword")).toHaveLength(2);
  });
});

describe("the cache built from its own args alone", () => {
  it("CacheCluster: the named resources, a final snapshot only when one is named, the key given on the group and the secret", async () => {
    const { CacheCluster } = await import("../../stacks/data/cache");
    const { parsePlatformConfig } = await import("../../shared/config");
    const cache = parsePlatformConfig({ environmentSuffix: "qa", cache: "true" }, { stack: "s" }).cacheCluster!;
    const names = { subnetGroup: "sub", slowLogGroup: "slow", replicationGroup: "shop-cache-qa", secret: "shop-cache-secret-qa" };
    const network = imported<import("../../shared").NetworkOutputs>({ privateSubnetIds: ["subnet-1"], cacheSecurityGroupId: "sg-cache" });
    const plain = await buildComponent(
      () => new CacheCluster("c", { cache, names, label: "shop qa", network, networkStack: "org/net/qa" }),
    );
    const group = plain.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(group?.inputs).toMatchObject({
      replicationGroupId: "shop-cache-qa",
      description: "shop qa: valkey cache, cluster mode",
      securityGroupIds: ["sg-cache"],
      transitEncryptionMode: "required",
    });
    expect(group?.inputs).not.toHaveProperty("finalSnapshotIdentifier");
    expect(group?.inputs).not.toHaveProperty("kmsKeyId");
    const kept = await buildComponent(
      () =>
        new CacheCluster("c", {
          cache,
          names,
          label: "l",
          network,
          networkStack: "n",
          finalSnapshotPrefix: "shop-cache-final-qa",
          kmsKeyArn: "arn:key",
        }),
    );
    expect(kept.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup")?.inputs).toMatchObject({
      finalSnapshotIdentifier: expect.stringMatching(/^shop-cache-final-qa-[0-9a-f]{8}$/),
      kmsKeyId: "arn:key",
    });
    expect(kept.find((r) => r.type === RANDOM_ID)?.inputs).toEqual({ byteLength: 4, keepers: { owner: "shop-cache-qa" } });
    expect(plain.filter((r) => r.type === RANDOM_ID)).toEqual([]);
    expect(kept.find((r) => r.type === "aws:secretsmanager/secret:Secret")?.inputs).toMatchObject({
      name: "shop-cache-secret-qa",
      kmsKeyId: "arn:key",
    });
  });
});

describe("the backup check built from its own args alone", () => {
  it("BackupVerification: the named function on its schedule, its role scoped to the region and cluster given", async () => {
    const { BackupVerification } = await import("../../stacks/data/backupVerification");
    const resources = await buildComponent(
      () =>
        new BackupVerification("b", {
          check: { maxAgeHours: 30, schedule: "cron(0 5 * * ? *)" },
          names: {
            logGroup: "/aws/lambda/shop-check-qa",
            role: "shop-check-role-qa",
            function: "shop-check-qa",
            schedule: "shop-check-schedule-qa",
          },
          logRetentionDays: 14,
          region: "eu-west-1",
          metrics: {
            namespace: "shop/qa",
            passed: "BackupCheckPassed",
            snapshotAgeHours: "SnapshotAgeHours",
            dimension: "DBClusterIdentifier",
          },
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
    expect(resources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule")?.inputs).toMatchObject({
      scheduleExpression: "cron(0 5 * * ? *)",
      description: expect.stringContaining("(03:00-04:00 UTC)"),
    });
    expect(String(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")?.inputs.policy)).toContain(
      "arn:aws:rds:eu-west-1:123456789012:cluster:shop-db-qa",
    );
    expect(String(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")?.inputs.policy)).toContain("rds:DescribeDBClusters");
    expect(resources.find((r) => r.type === "aws:lambda/invocation:Invocation")?.inputs.functionName).toBe("shop-check-qa");
  });
});

/** The network layer's outputs an Aurora cluster reads. */
const databaseNetwork = () =>
  imported<import("../../shared").NetworkOutputs>({
    databaseSubnetIds: ["subnet-1", "subnet-2", "subnet-3"],
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    databaseSecurityGroupId: "sg-db",
  });

/** The cluster's names, with these instance names. */
const clusterNames = (instances: string[]) => ({
  cluster: "shop-db-qa",
  subnetGroup: "shop-db-subnets-qa",
  parameterGroup: "shop-db-params-qa",
  instances,
});

describe("the database built from its own args alone", () => {
  it("AuroraCluster: the named cluster, writer and readers, destroyable as is unless protected with a final snapshot", async () => {
    const { AuroraCluster } = await import("../../stacks/data/aurora");
    const { parsePlatformConfig } = await import("../../shared/config");
    const database = parsePlatformConfig({ environmentSuffix: "qa", dbReaderCount: "1" }, { stack: "s" }).data;
    const network = databaseNetwork();
    const names = clusterNames(["shop-db-1-qa", "shop-db-2-qa", "shop-db-3-qa"]);
    const plain = await buildComponent(() => new AuroraCluster("d", { database, names, network }));
    const cluster = plain.find((r) => r.type === "aws:rds/cluster:Cluster");
    expect(cluster?.inputs).toMatchObject({
      clusterIdentifier: "shop-db-qa",
      deletionProtection: false,
      skipFinalSnapshot: true,
      vpcSecurityGroupIds: ["sg-db"],
    });
    expect(cluster?.inputs).not.toHaveProperty("finalSnapshotIdentifier");
    expect(plain.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance").map((r) => r.inputs.identifier)).toEqual([
      "shop-db-1-qa",
      "shop-db-2-qa",
    ]);
    expect(plain.filter((r) => r.type === RANDOM_ID)).toEqual([]);
    const kept = await buildComponent(
      () => new AuroraCluster("d", { database, names, network, deletionProtection: true, finalSnapshotPrefix: "shop-db-final-qa" }),
    );
    const keptCluster = kept.find((r) => r.type === "aws:rds/cluster:Cluster");
    expect(keptCluster?.inputs).toMatchObject({
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: expect.stringMatching(/^shop-db-final-qa-[0-9a-f]{8}$/),
    });
    // The suffix comes from a random id created with the cluster, renewed when the cluster's identifier changes.
    const suffix = kept.find((r) => r.type === RANDOM_ID);
    expect(suffix?.inputs).toEqual({ byteLength: 4, keepers: { owner: "shop-db-qa" } });
    expect(keptCluster?.dependencies).toContain(suffix?.urn);
  });
});

describe("the database's capacity and Performance Insights built from their own args alone", () => {
  it("AuroraCluster: Serverless v2 with the automatic pause sends its delay; Performance Insights off drops its retention and key", async () => {
    const { AuroraCluster } = await import("../../stacks/data/aurora");
    const { parsePlatformConfig } = await import("../../shared/config");
    const database = parsePlatformConfig(
      {
        environmentSuffix: "qa",
        dbInstanceClass: "db.serverless",
        dbServerlessMinAcu: "0",
        dbServerlessMaxAcu: "4",
        dbServerlessSecondsUntilAutoPause: "900",
        dbPerformanceInsights: "false",
      },
      { stack: "s" },
    ).data;
    const network = databaseNetwork();
    const names = clusterNames(["a", "b", "c"]);
    const built = await buildComponent(
      () => new AuroraCluster("d", { database, names, network, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }),
    );
    expect(built.find((r) => r.type === "aws:rds/cluster:Cluster")?.inputs.serverlessv2ScalingConfiguration).toEqual({
      minCapacity: 0,
      maxCapacity: 4,
      secondsUntilAutoPause: 900,
    });
    const instances = built.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance");
    expect(instances.map((r) => [r.inputs.instanceClass, r.inputs.availabilityZone, r.inputs.promotionTier])).toEqual([
      ["db.serverless", "us-east-1a", 0],
      ["db.serverless", "us-east-1b", 1],
    ]);
    for (const instance of instances) {
      expect(instance.inputs.performanceInsightsEnabled).toBe(false);
      expect(instance.inputs).not.toHaveProperty("performanceInsightsRetentionPeriod");
      expect(instance.inputs).not.toHaveProperty("performanceInsightsKmsKeyId");
    }
  });
});

describe("the final snapshot identifier of one lifetime", () => {
  it("is the prefix and the random hex, within the service's rule, or fails naming the rule", async () => {
    const { finalSnapshotIdentifier, lifetimeFinalSnapshot } = await import("../../stacks/data/finalSnapshot");
    expect(finalSnapshotIdentifier("orders-aurora-final-prod", "0a1b2c3d", "rds")).toBe("orders-aurora-final-prod-0a1b2c3d");
    expect(finalSnapshotIdentifier("catalog-cache-final-dev", "ffffffff", "elasticache")).toBe("catalog-cache-final-dev-ffffffff");
    expect(() => finalSnapshotIdentifier("1orders", "0a1b2c3d", "rds")).toThrow(
      /final snapshot identifier "1orders-0a1b2c3d" is invalid for rds/,
    );
    expect(() => finalSnapshotIdentifier("orders-", "0a1b2c3d", "rds")).toThrow(/no '--'/);
    expect(() => finalSnapshotIdentifier("Orders", "0a1b2c3d", "rds")).toThrow(/lowercase/);
    expect(() => finalSnapshotIdentifier("a".repeat(247), "0a1b2c3d", "elasticache")).toThrow(/at most 255/);
    expect(finalSnapshotIdentifier("a".repeat(246), "0a1b2c3d", "elasticache")).toHaveLength(255);
    // A prefix that cannot make a valid identifier fails before the random id is registered.
    const pulumi = await import("@pulumi/pulumi");
    const component = new pulumi.ComponentResource("test:index:Parent", "p", {}, {});
    expect(() => lifetimeFinalSnapshot("p-final", { prefix: "shop--final", owner: "o", service: "rds" }, component)).toThrow(
      /"shop--final-00000000" is invalid/,
    );
  });
});
