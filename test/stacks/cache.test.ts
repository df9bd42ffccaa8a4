import { CACHE_SECRET_ENV, NameKindId, nameOf, parsePlatformConfig, PolicyDocument } from "../../shared";
import { PlannedResource } from "../../shared/plan/capture";
import { fakeResource } from "../../shared/plan/fakeAws";
import { cacheRegionCode } from "../../shared/plan/fakes/data";
import { Plan } from "../../shared/plan/runner";
import { cacheSecretFor, containerSecrets } from "../../stacks/compute/container";
import { cacheEngineVersionIgnoreChanges, requireCacheSecurityGroup, slowLogDeliveryPolicy } from "../../stacks/data/cache";
import { dataKeyDescription } from "../../stacks/data/key";
import { dashboardBody, DashboardTargets } from "../../stacks/edge/dashboard";
import { cacheMemoryQueries } from "../../stacks/edge/monitoring";
import { jsonInput, layerOf, ofType, one, planStack } from "../harness";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const SUBNETS = "aws:elasticache/subnetGroup:SubnetGroup";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const LOG_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TASK_DEF = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const KEY = "aws:kms/key:Key";

/** Catalog with every cache setting a test below checks moved off its default. */
const VARIANT = {
  dbCustomerManagedKey: "true",
  deletionProtection: "true",
  isolatedSubnets: "true",
  cacheEngine: "redis",
  cacheNodeType: "cache.r7g.large",
  cacheShards: "3",
  cacheReplicasPerShard: "2",
  cacheAutoMinorVersionUpgrade: "true",
  cacheApplyImmediately: "false",
  cacheSnapshotRetentionDays: "7",
  cacheSnapshotWindow: "02:00-03:00",
  cacheMaintenanceWindow: "tue:04:00-tue:05:00",
  alarmCacheMemoryPercent: "70",
};

interface Container {
  secrets: { name: string; valueFrom: string }[];
}

let catalog: Plan;
let variant: Plan;
let orders: Plan;
beforeAll(async () => {
  // One plan at a time: the Pulumi runtime the plans run in is process-wide.
  catalog = await planStack("catalog-dev");
  variant = await planStack("catalog-dev", VARIANT);
  orders = await planStack("orders-dev");
}, 120_000);

const data = (plan: Plan) => layerOf(plan, "data");
const networkOutputs = (plan: Plan) => layerOf(plan, "network").outputs;
const dataOutputs = (plan: Plan) => data(plan).outputs;
const group = (plan: Plan) => one(data(plan), GROUP);
const cacheSecret = (plan: Plan) => one(data(plan), SECRET, "cache-connection");
const keyArn = (plan: Plan) => dataOutputs(plan).kmsKeyArn;
const container = (plan: Plan) => jsonInput<Container[]>(one(layerOf(plan, "compute"), TASK_DEF), "containerDefinitions")[0];
const executionPolicy = (plan: Plan) =>
  jsonInput<PolicyDocument>(one(layerOf(plan, "compute"), ROLE_POLICY, "api-roles-execution"), "policy");
const memoryAlarm = (plan: Plan) => ofType(layerOf(plan, "edge"), ALARM).find((a) => a.inputs.name === `catalog-cache-memory-dev`);
const statement = (doc: PolicyDocument, sid: string) => doc.Statement.find((s) => s.Sid === sid);

describe("cache in the data layer", () => {
  it("is an ElastiCache Valkey 8.2 replication group in cluster mode, 2 shards of a primary and 1 replica, for the catalog", () => {
    expect(group(catalog).inputs).toMatchObject({
      replicationGroupId: "catalog-cache-dev",
      engine: "valkey",
      engineVersion: "8.2",
      nodeType: "cache.t4g.medium",
      port: 6379,
      clusterMode: "enabled",
      parameterGroupName: "default.valkey8.cluster.on",
      numNodeGroups: 2,
      replicasPerNodeGroup: 1,
    });
    expect(group(catalog).inputs).not.toHaveProperty("numCacheClusters");
  });

  it("fails over automatically and spreads each shard over AZs (Multi-AZ)", () => {
    for (const plan of [catalog, variant])
      expect(group(plan).inputs).toMatchObject({ automaticFailoverEnabled: true, multiAzEnabled: true });
  });

  it("takes the shards, replicas, engine and node type from config", () => {
    expect(group(variant).inputs).toMatchObject({
      engine: "redis",
      engineVersion: "7.1",
      parameterGroupName: "default.redis7.cluster.on",
      nodeType: "cache.r7g.large",
      numNodeGroups: 3,
      replicasPerNodeGroup: 2,
    });
  });

  it("lives in the network layer's private subnets, also when the isolated tier is on", () => {
    for (const plan of [catalog, variant]) {
      const subnets = one(data(plan), SUBNETS);
      expect(subnets.inputs.subnetIds).toEqual(networkOutputs(plan).privateSubnetIds);
      expect(group(plan).inputs.subnetGroupName).toBe(subnets.inputs.name);
    }
    expect(networkOutputs(variant).isolatedSubnetIds).not.toEqual(networkOutputs(variant).privateSubnetIds);
  });

  it("is reachable only through the network layer's cache security group", () => {
    for (const plan of [catalog, variant]) {
      expect(networkOutputs(plan).cacheSecurityGroupId).toMatch(/^sg-0[0-9a-f]{16}$/);
      expect(group(plan).inputs.securityGroupIds).toEqual([networkOutputs(plan).cacheSecurityGroupId]);
    }
  });

  it("fails naming the fix when the network stack has no cache security group", () => {
    expect(requireCacheSecurityGroup("sg-0123", "o/platform-network/catalog-dev")).toBe("sg-0123");
    for (const missing of [undefined, ""]) {
      expect(() => requireCacheSecurityGroup(missing, "o/platform-network/catalog-dev")).toThrow(
        "the network stack o/platform-network/catalog-dev exports no cacheSecurityGroupId: set platform:cache to true on it too and run its update before the data layer's",
      );
    }
  });

  it("requires TLS and encrypts at rest, with the data layer's customer-managed key when it has one", () => {
    for (const plan of [catalog, variant]) {
      expect(group(plan).inputs).toMatchObject({
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        atRestEncryptionEnabled: true,
      });
    }
    expect(group(catalog).inputs).not.toHaveProperty("kmsKeyId");
    expect(ofType(data(catalog), KEY)).toHaveLength(0);
    expect(keyArn(variant)).toMatch(/^arn:aws:kms:us-west-2:\d{12}:key\//);
    expect(group(variant).inputs.kmsKeyId).toBe(keyArn(variant));
  });

  it("names the cache among what the customer-managed key protects, so its deletion is not scheduled as the database's alone", () => {
    expect(one(data(variant), KEY, "data-key").inputs.description).toBe(
      "catalog dev: Aurora storage, Performance Insights, database secrets, and the cache with its connection secret",
    );
    const withoutCache = parsePlatformConfig({ preset: "catalog", environmentSuffix: "dev", cache: false }, { stack: "catalog-dev" });
    expect(dataKeyDescription(withoutCache)).toBe("catalog dev: Aurora storage, Performance Insights and database secrets");
  });

  it("generates a 64-character AUTH token of letters and digits and never shows it in the plan", () => {
    const password = one(data(catalog), PASSWORD, "cache-auth-token");
    expect(password.inputs).toEqual({ length: 64, special: false, minUpper: 1, minLower: 1, minNumeric: 1 });
    expect(group(catalog).inputs).toMatchObject({ authToken: "[secret]", authTokenUpdateStrategy: "ROTATE" });
    expect(one(data(catalog), SECRET_VERSION, "cache-connection").inputs.secretString).toBe("[secret]");
    const token = fakeResource(PASSWORD, "cache-auth-token", {}, "us-west-2").state.result as string;
    expect(token.length).toBeGreaterThan(16);
    expect(JSON.stringify(catalog)).not.toContain(token);
  });

  it("keeps the connection in its own secret, encrypted with the customer-managed key when there is one", () => {
    expect(cacheSecret(catalog).inputs).toMatchObject({ name: "catalog-cache-dev", recoveryWindowInDays: 0 });
    expect(cacheSecret(catalog).inputs).not.toHaveProperty("kmsKeyId");
    expect(cacheSecret(variant).inputs.kmsKeyId).toBe(keyArn(variant));
    expect(one(data(catalog), SECRET_VERSION, "cache-connection").inputs.secretId).toBe(dataOutputs(catalog).cacheSecretArn);
  });

  it("takes snapshots and maintenance in the configured windows, and pins the version unless minor upgrades are automatic", () => {
    expect(group(catalog).inputs).toMatchObject({
      snapshotRetentionLimit: 1,
      snapshotWindow: "05:00-06:00",
      maintenanceWindow: "sun:06:00-sun:07:00",
      autoMinorVersionUpgrade: false,
      applyImmediately: true,
    });
    expect(group(variant).inputs).toMatchObject({
      snapshotRetentionLimit: 7,
      snapshotWindow: "02:00-03:00",
      maintenanceWindow: "tue:04:00-tue:05:00",
      autoMinorVersionUpgrade: true,
      applyImmediately: false,
    });
    expect(group(catalog).ignoreChanges).toEqual([]);
    expect(group(variant).ignoreChanges).toEqual(["engineVersion"]);
    const cfg = parsePlatformConfig({ environmentSuffix: "dev", cache: "true" }, { stack: "s" }).cacheCluster;
    expect(cfg && cacheEngineVersionIgnoreChanges(cfg)).toEqual([]);
  });

  it("takes a final snapshot on delete only with deletion protection, ElastiCache having no deletion protection of its own", () => {
    expect(group(catalog).inputs).not.toHaveProperty("finalSnapshotIdentifier");
    expect(group(variant).inputs.finalSnapshotIdentifier).toMatch(/^catalog-cache-final-dev-[0-9a-f]{8}$/);
    // Named for this lifetime of the cache: the hex of a random id created with it.
    const suffix = one(data(variant), "random:index/randomId:RandomId", "cache-final-snapshot");
    expect(suffix.inputs).toEqual({ byteLength: 4, keepers: { owner: "catalog-cache-dev" } });
    expect(group(variant).dependencies).toContain(suffix.urn);
  });

  it("delivers the slow log as JSON to a log group kept as long as the preset's other logs", () => {
    const log = one(data(catalog), LOG_GROUP, "cache-slow-log");
    expect(log.inputs).toEqual({ name: "catalog-cache-slow-log-dev", retentionInDays: 14 });
    expect(group(catalog).inputs.logDeliveryConfigurations).toEqual([
      { destinationType: "cloudwatch-logs", destination: "catalog-cache-slow-log-dev", logFormat: "json", logType: "slow-log" },
    ]);
  });

  it("lets log delivery write the slow log through a policy on its log group alone, in place before the delivery starts", () => {
    const log = one(data(catalog), LOG_GROUP, "cache-slow-log");
    const policy = one(data(catalog), LOG_POLICY, "cache-slow-log-policy");
    const arn = "arn:aws:logs:us-west-2:123456789012:log-group:catalog-cache-slow-log-dev";
    // Attached to the log group (no account-level policy, 10 per region), so ElastiCache's delivery writes none itself.
    expect(policy.inputs.resourceArn).toBe(arn);
    expect(policy.inputs).not.toHaveProperty("policyName");
    expect(policy.dependencies).toContain(log.urn);
    expect(policy.parent).toBe(one(data(catalog), "platform:data:Cache").urn);
    expect(group(catalog).dependencies).toContain(policy.urn);
    expect(jsonInput<PolicyDocument>(policy, "policyDocument")).toEqual(slowLogDeliveryPolicy(arn));
  });

  it("grants CloudWatch Logs' delivery only the log group's streams, for its own account and region", () => {
    expect(slowLogDeliveryPolicy("arn:aws-cn:logs:cn-north-1:111122223333:log-group:shop-cache-slow-log-qa")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CacheSlowLogDelivery",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "arn:aws-cn:logs:cn-north-1:111122223333:log-group:shop-cache-slow-log-qa:log-stream:*",
          Condition: {
            StringEquals: { "aws:SourceAccount": "111122223333" },
            ArnLike: { "aws:SourceArn": "arn:aws-cn:logs:cn-north-1:111122223333:*" },
          },
        },
      ],
    });
  });

  it("puts its resources under one platform:data:Cache component", () => {
    const component = one(data(catalog), "platform:data:Cache");
    for (const type of [GROUP, SUBNETS, SECRET_VERSION, PASSWORD]) {
      const children = ofType(data(catalog), type).filter((r) => r.name.startsWith("cache-"));
      expect(children.length).toBeGreaterThan(0);
      for (const child of children) expect(child.parent).toBe(component.urn);
    }
  });

  it("exports its endpoint, port, secret, id and nodes through the data contract", () => {
    expect(dataOutputs(catalog)).toMatchObject({
      cacheConfigurationEndpoint: `clustercfg.catalog-cache-dev.${(dataOutputs(catalog).cacheConfigurationEndpoint as string).split(".")[2]}.usw2.cache.amazonaws.com`,
      cachePort: 6379,
      cacheSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:us-west-2:\d{12}:secret:catalog-cache-dev-[0-9a-f]{6}$/),
      cacheReplicationGroupId: "catalog-cache-dev",
      cacheMemberClusters: [
        "catalog-cache-dev-0001-001",
        "catalog-cache-dev-0001-002",
        "catalog-cache-dev-0002-001",
        "catalog-cache-dev-0002-002",
      ],
    });
    expect(dataOutputs(variant).cacheMemberClusters).toHaveLength(9);
  });

  it("creates nothing of the cache and exports none of its outputs for the order API", () => {
    for (const layer of orders.layers) {
      expect(
        layer.resources.filter((r: PlannedResource) => r.type.startsWith("aws:elasticache/") || r.type === "platform:data:Cache"),
      ).toEqual([]);
    }
    expect(Object.keys(dataOutputs(orders)).filter((k) => k.startsWith("cache"))).toEqual([]);
  });
});

describe("cache in the compute layer", () => {
  it("injects host, port, token and URL from the cache secret's JSON keys", () => {
    const arn = dataOutputs(catalog).cacheSecretArn as string;
    const injected = container(catalog).secrets.filter((s) => s.name.startsWith("REDIS_"));
    expect(injected).toEqual([
      { name: "REDIS_HOST", valueFrom: `${arn}:host::` },
      { name: "REDIS_PORT", valueFrom: `${arn}:port::` },
      { name: "REDIS_AUTH_TOKEN", valueFrom: `${arn}:authToken::` },
      { name: "REDIS_URL", valueFrom: `${arn}:url::` },
    ]);
    expect(container(orders).secrets.filter((s) => s.name.startsWith("REDIS_"))).toEqual([]);
  });

  it("lets the execution role read exactly the database, application and cache secrets, and decrypt through Secrets Manager with the key", () => {
    for (const plan of [catalog, variant]) {
      const out = dataOutputs(plan);
      expect(statement(executionPolicy(plan), "InjectedSecrets")?.Resource).toEqual([
        out.dbAppUserSecretArn,
        out.appSecretArn,
        out.cacheSecretArn,
      ]);
    }
    expect(statement(executionPolicy(catalog), "DecryptSecrets")).toBeUndefined();
    expect(statement(executionPolicy(variant), "DecryptSecrets")).toMatchObject({
      Action: ["kms:Decrypt"],
      Resource: keyArn(variant),
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com" } },
    });
  });

  it("fails naming the fix when the cache is on but the data stack exports no cache secret, and ignores a cache the config does not ask for", () => {
    expect(cacheSecretFor(true, "arn:x", "o/platform-data/catalog-dev")).toBe("arn:x");
    expect(cacheSecretFor(false, "arn:x", "o/platform-data/catalog-dev")).toBeUndefined();
    expect(() => cacheSecretFor(true, undefined, "o/platform-data/catalog-dev")).toThrow(
      "the data stack o/platform-data/catalog-dev exports no cacheSecretArn: set platform:cache to true on it too and run its update before the compute layer's",
    );
    expect(() => cacheSecretFor(true, "", "s")).toThrow(/exports no cacheSecretArn/);
    const base = { dbAppUserSecretArn: "u", appSecretArn: "a", appSecretKeys: [], parameters: [] };
    expect(containerSecrets(base).map((s) => s.name)).toEqual(["DB_USERNAME", "DB_PASSWORD"]);
    expect(containerSecrets({ ...base, cacheSecretArn: "c" }).map((s) => s.name)).toEqual([
      "DB_USERNAME",
      "DB_PASSWORD",
      ...Object.values(CACHE_SECRET_ENV),
    ]);
  });
});

describe("cache in the edge layer", () => {
  it("alarms when the fullest node of any shard passes the memory threshold, reading every node", () => {
    for (const [plan, threshold] of [
      [catalog, 80],
      [variant, 70],
    ] as const) {
      const alarm = memoryAlarm(plan);
      const nodes = dataOutputs(plan).cacheMemberClusters as string[];
      const queries = alarm?.inputs.metricQueries as {
        id: string;
        expression?: string;
        returnData: boolean;
        metric?: { metricName: string; namespace: string; stat: string; dimensions: Record<string, string> };
      }[];
      expect(alarm?.inputs).toMatchObject({
        threshold,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "missing",
        alarmActions: [expect.stringMatching(/:catalog-alarms-dev$/)],
      });
      const reads = queries.filter((q) => q.metric !== undefined);
      expect(reads.map((q) => q.metric?.dimensions.CacheClusterId)).toEqual(nodes);
      for (const q of reads)
        expect(q.metric).toMatchObject({ namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", stat: "Maximum" });
      const [result] = queries.filter((q) => q.returnData);
      expect(result.expression).toBe(`MAX([${reads.map((q) => q.id).join(", ")}])`);
      expect(queries.filter((q) => q.returnData)).toHaveLength(1);
    }
    expect(dataOutputs(variant).cacheMemberClusters).toHaveLength(9);
    expect(ofType(layerOf(orders, "edge"), ALARM).map((a) => a.inputs.name)).not.toContain("orders-cache-memory-dev");
  });

  it("fails naming the fix when the data stack lists no cache nodes, and refuses more than an alarm can read", () => {
    expect(() => cacheMemoryQueries(undefined, "o/platform-data/catalog-dev")).toThrow(
      "the data stack o/platform-data/catalog-dev exports no cacheMemberClusters: set platform:cache to true on it too and run its update before the edge layer's",
    );
    expect(() => cacheMemoryQueries([], "s")).toThrow(/exports no cacheMemberClusters/);
    expect(() =>
      cacheMemoryQueries(
        Array.from({ length: 11 }, (_, i) => `n${i}`),
        "s",
      ),
    ).toThrow("the cache has 11 nodes; a metric math alarm reads at most 10 metrics");
    expect(cacheMemoryQueries(["a", "b"], "s").at(-1)).toEqual({
      id: "memory",
      label: "Memory use of the fullest node (%)",
      returnData: true,
      expression: "MAX([node1, node2])",
    });
  });

  it("shows every cache node's memory, engine CPU and connections on the dashboard, and nothing of a cache without one", () => {
    const targets: DashboardTargets = {
      region: "us-west-2",
      loadBalancer: "app/lb/1",
      blueTargetGroup: "targetgroup/b/1",
      greenTargetGroup: "targetgroup/g/1",
      clusterName: "c",
      serviceName: "s",
      dbClusterIdentifier: "d",
      webAclName: "w",
      pendingOrders: { namespace: "N", name: "P" },
    };
    const nodes = ["g-0001-001", "g-0001-002"];
    const plain = dashboardBody(targets);
    const withCache = dashboardBody({ ...targets, cacheNodes: nodes });
    expect(withCache.widgets.slice(0, plain.widgets.length)).toEqual(plain.widgets);
    const added = withCache.widgets.slice(plain.widgets.length);
    expect(added.map((w) => w.properties.title)).toEqual([
      "Cache memory use per node (% of maxmemory)",
      "Cache engine CPU (%) and client connections per node",
    ]);
    expect(added[0].properties.metrics).toEqual(
      nodes.map((n) => ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", n, { label: `${n} memory` }]),
    );
    expect(added[1].properties.metrics.map((m) => `${m[1]} ${m[3]}`)).toEqual([
      "EngineCPUUtilization g-0001-001",
      "CurrConnections g-0001-001",
      "EngineCPUUtilization g-0001-002",
      "CurrConnections g-0001-002",
    ]);
    expect(added.map((w) => [w.x, w.y])).toEqual([
      [0, 30],
      [12, 30],
    ]);
    expect(dashboardBody({ ...targets, cacheNodes: [] })).toEqual(plain);
  });

  it("puts the cache widgets on the planned catalog dashboard for the exported nodes", () => {
    const dashboard = one(layerOf(catalog, "edge"), "aws:cloudwatch/dashboard:Dashboard");
    const body = jsonInput<{ widgets: { properties: { title: string; metrics: unknown[][] } }[] }>(dashboard, "dashboardBody");
    const memory = body.widgets.find((w) => w.properties.title.startsWith("Cache memory"));
    expect(memory?.properties.metrics.map((m) => m[3])).toEqual(dataOutputs(catalog).cacheMemberClusters);
  });
});

describe("cache fakes of the offline plan", () => {
  it("answers a replication group with a configuration endpoint and member clusters named as AWS does", () => {
    const fake = fakeResource(
      GROUP,
      "cache-group",
      { replicationGroupId: "catalog-cache-dev", numNodeGroups: 2, replicasPerNodeGroup: 1 },
      "ap-southeast-1",
    );
    expect(fake.id).toBe("catalog-cache-dev");
    expect(fake.state.configurationEndpointAddress).toMatch(/^clustercfg\.catalog-cache-dev\.[0-9a-f]{6}\.apse1\.cache\.amazonaws\.com$/);
    expect(fake.state.memberClusters).toEqual([
      "catalog-cache-dev-0001-001",
      "catalog-cache-dev-0001-002",
      "catalog-cache-dev-0002-001",
      "catalog-cache-dev-0002-002",
    ]);
    expect(fakeResource(GROUP, "g", {}, "us-east-1").state.memberClusters).toEqual(["g-0001-001"]);
    expect(fakeResource(SUBNETS, "s", { name: "catalog-cache-dev" }, "us-east-1")).toEqual({
      id: "catalog-cache-dev",
      state: { arn: "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:catalog-cache-dev" },
    });
  });

  it("shortens regions the way ElastiCache endpoints do", () => {
    expect(["us-east-1", "us-west-2", "ap-southeast-1", "eu-central-1", "ap-northeast-2", "eu-north-1"].map(cacheRegionCode)).toEqual([
      "use1",
      "usw2",
      "apse1",
      "euc1",
      "apne2",
      "eun1",
    ]);
  });

  it("names the cache resources within their AWS rules", () => {
    const base = { system: "catalog", environmentSuffix: "dev" };
    const kinds: NameKindId[] = [
      "cacheReplicationGroup",
      "cacheSubnetGroup",
      "cacheFinalSnapshot",
      "cacheSlowLogGroup",
      "cacheSecret",
      "alarmCacheMemory",
    ];
    expect(kinds.map((k) => nameOf(base, k))).toEqual([
      "catalog-cache-dev",
      "catalog-cache-dev",
      "catalog-cache-final-dev",
      "catalog-cache-slow-log-dev",
      "catalog-cache-dev",
      "catalog-cache-memory-dev",
    ]);
  });
});
