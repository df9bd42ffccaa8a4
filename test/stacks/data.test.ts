import * as fs from "fs";
import * as path from "path";
import { LayerPlan, Plan } from "../../shared/plan/runner";
import { PlannedResource } from "../../shared/plan/capture";
import { engineVersionIgnoreChanges } from "../../stacks/data/aurora";
import { parsePlatformConfig } from "../../shared";
import { byUrn, layerOf, ofType, one, planStack } from "../harness";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const PARAMS = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
const SUBNETS = "aws:rds/subnetGroup:SubnetGroup";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const RANDOM_ID = "random:index/randomId:RandomId";
const KEY = "aws:kms/key:Key";

/** A stack that differs from orders-dev in every data setting a test below checks. */
const VARIANT = {
  availabilityZones: '["us-east-1d","us-east-1e","us-east-1f"]',
  isolatedSubnets: "true",
  dbReaderCount: "2",
  dbInstanceClass: "db.serverless",
  dbServerlessMinAcu: "2",
  dbServerlessMaxAcu: "64",
  dbAutoMinorVersionUpgrade: "true",
  dbLogExports: '["general"]',
  dbLogRetentionDays: "90",
  dbMasterPasswordRotationDays: "7",
  dbBackupRetentionDays: "35",
  dbBackupWindow: "23:30-00:30",
  dbMaintenanceWindow: "sun:01:00-sun:02:00",
  dbName: "shop_orders",
  dbMasterUsername: "admin",
  dbCustomerManagedKey: "true",
  dbPerformanceInsights: "true",
};

let dev: Plan;
let devAgain: Plan;
let prod: Plan;
let variant: Plan;
beforeAll(async () => {
  dev = await planStack("orders-dev");
  devAgain = await planStack("orders-dev");
  prod = await planStack("orders-prod");
  variant = await planStack("orders-dev", VARIANT, "data");
});

const data = (plan: Plan) => layerOf(plan, "data");
const network = (plan: Plan) => layerOf(plan, "network").outputs;
const cluster = (plan: Plan) => one(data(plan), CLUSTER);
const instances = (plan: Plan) => ofType(data(plan), INSTANCE).sort((a, b) => a.name.localeCompare(b.name));
const params = (plan: Plan) =>
  Object.fromEntries((one(data(plan), PARAMS).inputs.parameters as { name: string; value: string }[]).map((p) => [p.name, p.value]));
const typesOf = (layer: LayerPlan, urns: readonly string[]) => urns.map((u) => byUrn(layer).get(u)?.type);

/** Every property key, at any depth, of every resource input of every layer. */
function allKeys(plan: Plan): string[] {
  const keys: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        keys.push(k);
        walk(v);
      }
    }
  };
  plan.layers.forEach((l) => l.resources.forEach((r: PlannedResource) => walk(r.inputs)));
  return keys;
}

describe("data layer", () => {
  it("creates Aurora MySQL 3 at the configured LTS version, pinned, with automatic minor upgrades off", () => {
    expect(cluster(dev).inputs).toMatchObject({
      engine: "aurora-mysql",
      engineVersion: "8.0.mysql_aurora.3.10.4",
      allowMajorVersionUpgrade: false,
      autoMinorVersionUpgrade: false,
    });
    for (const instance of instances(dev))
      expect(instance.inputs).toMatchObject({ engine: "aurora-mysql", autoMinorVersionUpgrade: false });
    for (const instance of instances(dev)) expect(instance.inputs).not.toHaveProperty("engineVersion");
    expect(data(dev).outputs).toMatchObject({ engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.10.4" });
  });

  it("ignores AWS-side version changes exactly when automatic minor upgrades are on", () => {
    const cfg = (overrides: Record<string, string>) =>
      parsePlatformConfig({ environmentSuffix: "dev", ...overrides }, { stack: "orders-dev" }).data;
    expect(engineVersionIgnoreChanges(cfg({}))).toEqual([]);
    expect(engineVersionIgnoreChanges(cfg({ dbAutoMinorVersionUpgrade: "true" }))).toEqual(["engineVersion"]);
    for (const instance of instances(variant)) expect(instance.inputs.autoMinorVersionUpgrade).toBe(true);
    expect(cluster(variant).inputs.autoMinorVersionUpgrade).toBe(true);
    expect(cluster(dev).ignoreChanges).toEqual([]);
    expect(cluster(prod).ignoreChanges).toEqual([]);
    expect(cluster(variant).ignoreChanges).toEqual(["engineVersion"]);
  });

  it("pins the writer and each reader to a different AZ of the network layer, in order, with promotion tiers", () => {
    for (const plan of [dev, prod, variant]) {
      const zones = network(plan).availabilityZones as string[];
      const all = instances(plan);
      expect(all.map((i) => i.inputs.availabilityZone)).toEqual(zones.slice(0, all.length));
      expect(new Set(all.map((i) => i.inputs.availabilityZone)).size).toBe(all.length);
      expect(all.map((i) => i.inputs.promotionTier)).toEqual([0, ...all.slice(1).map(() => 1)]);
    }
    expect(instances(dev)).toHaveLength(2);
    expect(instances(prod)).toHaveLength(3);
    expect(instances(variant).map((i) => i.inputs.availabilityZone)).toEqual(["us-east-1d", "us-east-1e", "us-east-1f"]);
  });

  it("creates the readers after the writer, so the first instance is the writer", () => {
    const [writer, ...readers] = instances(prod);
    for (const reader of readers) expect(reader.dependencies).toContain(writer.urn);
    expect(writer.dependencies).not.toEqual(expect.arrayContaining(readers.map((r) => r.urn)));
  });

  it("places the database on the network layer's private tier, or the isolated tier when it is on", () => {
    expect(one(data(dev), SUBNETS).inputs.subnetIds).toEqual(network(dev).privateSubnetIds);
    expect(one(data(variant), SUBNETS).inputs.subnetIds).toEqual(network(variant).isolatedSubnetIds);
    expect(network(variant).isolatedSubnetIds).not.toEqual(network(variant).privateSubnetIds);
    for (const plan of [dev, variant]) {
      const group = one(data(plan), SUBNETS).inputs.name;
      expect(cluster(plan).inputs.dbSubnetGroupName).toBe(group);
      for (const instance of instances(plan))
        expect(instance.inputs).toMatchObject({ dbSubnetGroupName: group, publiclyAccessible: false });
    }
  });

  it("attaches only the network layer's database security group", () => {
    for (const plan of [dev, prod, variant]) {
      expect(cluster(plan).inputs.vpcSecurityGroupIds).toEqual([network(plan).databaseSecurityGroupId]);
    }
  });

  it("reads only the network layer's stack, so it plans and deploys before edge and compute exist", () => {
    for (const plan of [dev, variant]) {
      const refs = ofType(data(plan), "pulumi:pulumi:StackReference").map((r) => r.inputs.name);
      expect(refs).toEqual(["organization/platform-network/orders-dev"]);
    }
    expect(variant.layers.map((l) => l.layer)).toEqual(["network", "data"]);
  });

  it("lets RDS manage the master password, with no masterPassword input anywhere in the plan", () => {
    expect(cluster(dev).inputs).toMatchObject({ manageMasterUserPassword: true, masterUsername: "ordersadmin", databaseName: "orders" });
    for (const plan of [dev, prod, variant]) {
      expect(allKeys(plan).filter((k) => /^masterPassword/i.test(k))).toEqual([]);
      expect(JSON.stringify(plan)).not.toMatch(/masterPassword/i);
    }
    expect(cluster(variant).inputs).toMatchObject({ masterUsername: "admin", databaseName: "shop_orders" });
  });

  it("rotates the managed master secret on the configured period, once the instances exist", () => {
    for (const [plan, days] of [
      [dev, 30],
      [variant, 7],
    ] as const) {
      const rotation = one(data(plan), ROTATION, "data-master-rotation");
      expect(rotation.inputs).toEqual({
        secretId: data(plan).outputs.masterSecretArn,
        rotationRules: { automaticallyAfterDays: days },
        rotateImmediately: false,
      });
      expect(rotation.inputs).not.toHaveProperty("rotationLambdaArn");
      expect(rotation.dependencies).toEqual(expect.arrayContaining(instances(plan).map((i) => i.urn)));
    }
    expect(data(dev).outputs.masterSecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:rds!cluster-/);
  });

  it("requires TLS and turns on exactly the logs that are exported", () => {
    const group = one(data(dev), PARAMS);
    expect(group.inputs.family).toBe("aurora-mysql8.0");
    expect(cluster(dev).inputs.dbClusterParameterGroupName).toBe(group.inputs.name);
    expect(cluster(dev).inputs.enabledCloudwatchLogsExports).toEqual(["audit", "error", "slowquery"]);
    expect(params(dev)).toEqual({
      require_secure_transport: "ON",
      slow_query_log: "1",
      long_query_time: "1",
      log_output: "FILE",
      general_log: "0",
      server_audit_logging: "1",
      server_audit_events: "CONNECT,QUERY_DCL,QUERY_DDL",
    });
    expect(cluster(variant).inputs.enabledCloudwatchLogsExports).toEqual(["general"]);
    expect(params(variant)).toEqual({
      require_secure_transport: "ON",
      slow_query_log: "0",
      general_log: "1",
      log_output: "FILE",
      server_audit_logging: "0",
    });
  });

  it("creates each exported log group with retention before the cluster", () => {
    for (const [plan, retention] of [
      [dev, 30],
      [prod, 365],
      [variant, 90],
    ] as const) {
      const id = cluster(plan).inputs.clusterIdentifier as string;
      const exported = cluster(plan).inputs.enabledCloudwatchLogsExports as string[];
      const groups = ofType(data(plan), LOG_GROUP).filter((g) => String(g.inputs.name).startsWith("/aws/rds/"));
      expect(groups.map((g) => g.inputs.name).sort()).toEqual(exported.map((t) => `/aws/rds/cluster/${id}/${t}`));
      for (const group of groups) {
        expect(group.inputs.retentionInDays).toBe(retention);
        expect(cluster(plan).dependencies).toContain(group.urn);
      }
    }
  });

  it("takes backups daily in the configured window, away from maintenance, and copies tags to snapshots", () => {
    expect(cluster(dev).inputs).toMatchObject({
      backupRetentionPeriod: 7,
      preferredBackupWindow: "03:00-04:00",
      preferredMaintenanceWindow: "mon:04:00-mon:05:00",
      copyTagsToSnapshot: true,
    });
    expect(cluster(prod).inputs.backupRetentionPeriod).toBe(14);
    expect(cluster(variant).inputs).toMatchObject({
      backupRetentionPeriod: 35,
      preferredBackupWindow: "23:30-00:30",
      preferredMaintenanceWindow: "sun:01:00-sun:02:00",
    });
  });

  it("encrypts with AWS-managed keys on development and with the rotated customer-managed key on production", () => {
    expect(cluster(dev).inputs.storageEncrypted).toBe(true);
    expect(ofType(data(dev), KEY)).toEqual([]);
    expect(cluster(dev).inputs).not.toHaveProperty("kmsKeyId");
    expect(data(dev).outputs).not.toHaveProperty("kmsKeyArn");

    const key = one(data(prod), KEY);
    expect(key.inputs).toMatchObject({
      keyUsage: "ENCRYPT_DECRYPT",
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
    });
    const keyArn = data(prod).outputs.kmsKeyArn;
    expect(keyArn).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\//);
    expect(cluster(prod).inputs).toMatchObject({ storageEncrypted: true, kmsKeyId: keyArn, masterUserSecretKmsKeyId: keyArn });
    for (const instance of instances(prod)) expect(instance.inputs.performanceInsightsKmsKeyId).toBe(keyArn);
    for (const secret of ofType(data(prod), SECRET)) expect(secret.inputs.kmsKeyId).toBe(keyArn);
    expect(ofType(data(prod), SECRET)).toHaveLength(2);
  });

  it("schedules the customer-managed key's deletion after 7 days without deletion protection, 30 with it", () => {
    expect(one(data(variant), KEY).inputs.deletionWindowInDays).toBe(7);
    expect(one(data(prod), KEY).inputs.deletionWindowInDays).toBe(30);
    expect(one(data(variant), "aws:kms/alias:Alias").inputs.name).toBe("alias/orders-db-dev");
  });

  it("turns Performance Insights on for every instance, and off with neither retention nor key where a development stack turns it off", () => {
    for (const plan of [prod, variant]) {
      for (const instance of instances(plan)) {
        expect(instance.inputs).toMatchObject({ performanceInsightsEnabled: true, performanceInsightsRetentionPeriod: 7 });
      }
    }
    // orders-dev sets dbPerformanceInsights: false, so that its 0.5 ACU instances can idle at their floor.
    for (const instance of instances(dev)) {
      expect(instance.inputs.performanceInsightsEnabled).toBe(false);
      expect(instance.inputs).not.toHaveProperty("performanceInsightsRetentionPeriod");
      expect(instance.inputs).not.toHaveProperty("performanceInsightsKmsKeyId");
    }
  });

  it("lets a development stack be destroyed as is, with no final snapshot and secrets freed at once", () => {
    expect(cluster(dev).inputs).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true });
    expect(cluster(dev).inputs).not.toHaveProperty("finalSnapshotIdentifier");
    for (const secret of ofType(data(dev), SECRET)) expect(secret.inputs.recoveryWindowInDays).toBe(0);
  });

  it("protects a production cluster from deletion and takes a final snapshot when it is deleted, named for this lifetime of the cluster", () => {
    expect(cluster(prod).inputs).toMatchObject({
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: expect.stringMatching(/^orders-aurora-final-prod-[0-9a-f]{8}$/),
    });
    // The suffix is the hex of a random id created with the cluster: a destroy deletes it, the next deploy draws a new one.
    const suffix = one(data(prod), RANDOM_ID, "data-final-snapshot");
    expect(suffix.inputs).toEqual({ byteLength: 4, keepers: { owner: "orders-aurora-prod" } });
    expect(cluster(prod).dependencies).toContain(suffix.urn);
    expect(ofType(data(dev), RANDOM_ID)).toEqual([]);
    for (const secret of ofType(data(prod), SECRET)) expect(secret.inputs.recoveryWindowInDays).toBe(0);
  });

  it("keeps the final snapshot when deletion protection is turned off to destroy a production stack (npm run destroy's first step)", async () => {
    const unprotected = layerOf(await planStack("orders-prod", { deletionProtection: "false" }, "data"), "data");
    expect(one(unprotected, CLUSTER).inputs).toMatchObject({
      deletionProtection: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: expect.stringMatching(/^orders-aurora-final-prod-[0-9a-f]{8}$/),
    });
    const dropped = layerOf(await planStack("orders-prod", { deletionProtection: "false", finalSnapshots: "false" }, "data"), "data");
    expect(one(dropped, CLUSTER).inputs.skipFinalSnapshot).toBe(true);
  });

  it("sets no retain, protect or deletedWith option on any resource, so destroy deletes what it created", () => {
    // The captured plan has no resource options besides ignoreChanges, so the layer's sources are checked.
    const dir = path.join(__dirname, "..", "..", "stacks", "data");
    const sources = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(sources).toEqual(expect.arrayContaining(["index.ts", "aurora.ts", "appSecrets.ts", "key.ts"]));
    for (const file of sources) {
      expect(fs.readFileSync(path.join(dir, file), "utf8")).not.toMatch(/\b(retainOnDelete|protect|deletedWith)\s*:/);
    }
  });

  it("runs provisioned instances of the configured class, or Serverless v2 in the configured ACU range", () => {
    for (const instance of instances(prod)) expect(instance.inputs.instanceClass).toBe("db.r6g.large");
    expect(cluster(prod).inputs).not.toHaveProperty("serverlessv2ScalingConfiguration");
    for (const instance of instances(variant)) expect(instance.inputs.instanceClass).toBe("db.serverless");
    expect(cluster(variant).inputs.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 2, maxCapacity: 64 });
    expect(data(prod).outputs.maxConnections).toBe(1000);
    expect(data(variant).outputs.maxConnections).toBe(4000);
  });

  it("runs orders-dev on Serverless v2 from 0.5 to 8 ACU, with a db.r6g.large's 1000 connections and no automatic pause", () => {
    for (const instance of instances(dev)) expect(instance.inputs.instanceClass).toBe("db.serverless");
    expect(cluster(dev).inputs.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 0.5, maxCapacity: 8 });
    // 8 ACUs is 16 GiB, the memory of the db.r6g.large it replaces: max_connections, and the edge layer's alarm on it, stay.
    expect(data(dev).outputs.maxConnections).toBe(1000);
    const connectionsAlarm = ofType(layerOf(dev, "edge"), "aws:cloudwatch/metricAlarm:MetricAlarm").find(
      (a) => a.inputs.metricName === "DatabaseConnections",
    );
    expect(connectionsAlarm?.inputs.threshold).toBe(800);
  });

  it("sends the automatic pause's delay only with a minimum of 0 ACUs", async () => {
    const paused = layerOf(
      await planStack("orders-dev", { dbServerlessMinAcu: "0", dbServerlessSecondsUntilAutoPause: "1800" }, "data"),
      "data",
    );
    expect(one(paused, CLUSTER).inputs.serverlessv2ScalingConfiguration).toEqual({
      minCapacity: 0,
      maxCapacity: 8,
      secondsUntilAutoPause: 1800,
    });
    const byDefault = layerOf(await planStack("orders-dev", { dbServerlessMinAcu: "0" }, "data"), "data");
    expect(one(byDefault, CLUSTER).inputs.serverlessv2ScalingConfiguration).toEqual({
      minCapacity: 0,
      maxCapacity: 8,
      secondsUntilAutoPause: 300,
    });
    // Both instances stay, each in its AZ and tier: a paused reader is still the failover target in the second AZ.
    const pausedInstances = ofType(paused, INSTANCE).sort((a, b) => a.name.localeCompare(b.name));
    expect(pausedInstances.map((i) => [i.inputs.instanceClass, i.inputs.availabilityZone, i.inputs.promotionTier])).toEqual([
      ["db.serverless", "us-east-1a", 0],
      ["db.serverless", "us-east-1b", 1],
    ]);
  });

  it("keeps the application secret's generated values stable across runs", () => {
    const passwords = (plan: Plan) => ofType(data(plan), PASSWORD).map((p) => ({ name: p.name, inputs: p.inputs }));
    expect(passwords(dev)).toEqual([
      { name: "data-payment-api-key", inputs: { length: 48, special: false } },
      { name: "data-payment-webhook-secret", inputs: { length: 64, special: false } },
    ]);
    expect(passwords(devAgain)).toEqual(passwords(dev));
    const version = one(data(dev), SECRET_VERSION);
    expect(version.inputs).toEqual({ secretId: data(dev).outputs.appSecretArn, secretString: "[secret]" });
    expect(typesOf(data(dev), version.dependencies)).toEqual(expect.arrayContaining([PASSWORD, PASSWORD, SECRET]));
    expect(data(devAgain).outputs.appSecretArn).toBe(data(dev).outputs.appSecretArn);
    expect(one(data(dev), SECRET, "data-payment").inputs.name).toBe("orders-payment-dev");
  });

  it("exports every key of the data contract from the resources it built", () => {
    const outputs = data(dev).outputs;
    expect(outputs).toMatchObject({
      system: "orders",
      region: "us-east-1",
      environmentSuffix: "dev",
      port: 3306,
      databaseName: "orders",
      clusterIdentifier: "orders-aurora-dev",
      clusterArn: "arn:aws:rds:us-east-1:123456789012:cluster:orders-aurora-dev",
    });
    expect(outputs.writerEndpoint).toMatch(/^orders-aurora-dev\.cluster-[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com$/);
    expect(outputs.readerEndpoint).toMatch(/^orders-aurora-dev\.cluster-ro-[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com$/);
    expect(outputs.appSecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:orders-payment-dev-[a-z0-9]{6}$/);
  });

  it("sets no tags on its resources: the provider's default tags are the only ones", () => {
    for (const plan of [dev, prod]) {
      for (const resource of data(plan).resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
        expect(resource.inputs).not.toHaveProperty("tags");
      }
    }
  });
});

describe("the API's own database user", () => {
  const FUNCTION = "aws:lambda/function:Function";
  const user = (plan: Plan, type: string, name: string) => one(data(plan), type, name);

  it("creates it at deploy in the VPC, after the cluster and all its instances exist, and runs again only when its input changes", () => {
    const run = user(dev, "aws:lambda/invocation:Invocation", "data-bootstrap");
    const bootstrap = user(dev, FUNCTION, "data-bootstrap");
    expect(run.inputs.functionName).toBe(bootstrap.inputs.name);
    expect(run.dependencies).toEqual(expect.arrayContaining([cluster(dev).urn, ...instances(dev).map((i) => i.urn), bootstrap.urn]));
    expect(Object.keys(run.inputs.triggers as object).sort()).toEqual(["codeSha256", "environment", "packages"]);
    expect(user(devAgain, "aws:lambda/invocation:Invocation", "data-bootstrap").inputs.triggers).toEqual(run.inputs.triggers);
    expect(bootstrap.inputs.vpcConfig).toEqual({
      subnetIds: network(dev).privateSubnetIds,
      securityGroupIds: [network(dev).databaseAdminSecurityGroupId],
    });
    expect(bootstrap.inputs.environment).toEqual({
      variables: {
        APP_USER_SECRET_ARN: data(dev).outputs.dbAppUserSecretArn,
        MASTER_SECRET_ARN: data(dev).outputs.masterSecretArn,
        DB_ENGINE: "mysql",
        DB_HOST: data(dev).outputs.writerEndpoint,
        DB_PORT: "3306",
        DB_NAME: "orders",
        APP_USERNAME: "api",
        SCHEMA_CHANGES: "true",
      },
    });
  });

  it("rotates it every 30 days with the platform's function, which only Secrets Manager may invoke for this secret, starting once the first value is stored", () => {
    const secretArn = data(dev).outputs.dbAppUserSecretArn;
    const rotation = user(dev, ROTATION, "data-rotation");
    const fn = user(dev, FUNCTION, "data-rotation");
    const permission = user(dev, "aws:lambda/permission:Permission", "data-rotation");
    expect(rotation.inputs).toEqual({
      secretId: secretArn,
      rotationLambdaArn: fn.computed?.arn,
      rotationRules: { automaticallyAfterDays: 30 },
      rotateImmediately: true,
    });
    expect(rotation.dependencies).toEqual(
      expect.arrayContaining([user(dev, "aws:lambda/invocation:Invocation", "data-bootstrap").urn, permission.urn]),
    );
    expect(permission.inputs).toEqual({
      action: "lambda:InvokeFunction",
      function: fn.inputs.name,
      principal: "secretsmanager.amazonaws.com",
      sourceArn: secretArn,
    });
    expect(fn.inputs).toMatchObject({ handler: "rotation.handler", environment: { variables: { SCHEMA_CHANGES: "true" } } });
  });

  it("keeps the password out of Pulumi: the secret is created without a value, encrypted with the data key in production", () => {
    const secret = user(prod, SECRET, "data-app-user");
    expect(secret.inputs).toMatchObject({
      name: "orders-db-app-user-prod",
      kmsKeyId: data(prod).outputs.kmsKeyArn,
      recoveryWindowInDays: 0,
    });
    const versions = ofType(data(prod), SECRET_VERSION).filter((v) => v.inputs.secretId === data(prod).outputs.dbAppUserSecretArn);
    expect(versions).toEqual([]);
    expect(ofType(data(prod), PASSWORD).map((p) => p.name)).not.toContain(expect.stringMatching(/app-user/));
  });

  it("follows the configured name, period and privileges", async () => {
    const plan = await planStack(
      "orders-dev",
      { dbAppUsername: "orders_api", dbAppUserRotationDays: "7", dbAppUserSchemaChanges: "false" },
      "data",
    );
    expect(user(plan, ROTATION, "data-rotation").inputs.rotationRules).toEqual({ automaticallyAfterDays: 7 });
    expect(user(plan, FUNCTION, "data-bootstrap").inputs.environment).toMatchObject({
      variables: { APP_USERNAME: "orders_api", SCHEMA_CHANGES: "false" },
    });
    expect(user(plan, FUNCTION, "data-rotation").inputs.environment).toEqual({ variables: { SCHEMA_CHANGES: "false" } });
  });
});

describe("the master secret", () => {
  it("is readable by the database user functions' roles alone, and only with GetSecretValue, in every committed stack", async () => {
    for (const stack of ["orders-dev", "orders-prod", "catalog-dev", "payments-dev"]) {
      const plan = await planStack(stack);
      const master = String(data(plan).outputs.masterSecretArn);
      const naming = plan.layers.flatMap((layer) =>
        layer.resources
          .filter((r) => JSON.stringify(r.inputs).includes(master))
          .map((r) => ({ layer: layer.layer, type: r.type, name: r.name, inputs: r.inputs })),
      );
      const policies = naming.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
      expect(policies.map((p) => `${p.layer} ${p.name}`).sort()).toEqual(["data data-bootstrap", "data data-rotation"]);
      for (const policy of policies) {
        const statements = (JSON.parse(String(policy.inputs.policy)) as { Statement: { Action: string[]; Resource: unknown }[] }).Statement;
        expect(statements.filter((s) => JSON.stringify(s.Resource).includes(master)).map((s) => s.Action)).toEqual([
          ["secretsmanager:GetSecretValue"],
        ]);
      }
      // Besides the two policies, only the bootstrap's environment and the rotation schedule name it: no other layer does.
      expect(naming.filter((r) => r.layer !== "data")).toEqual([]);
      expect(naming.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
        "aws:iam/rolePolicy:RolePolicy data-bootstrap",
        "aws:iam/rolePolicy:RolePolicy data-rotation",
        "aws:lambda/function:Function data-bootstrap",
        "aws:lambda/invocation:Invocation data-bootstrap",
        "aws:secretsmanager/secretRotation:SecretRotation data-master-rotation",
      ]);
    }
  });
});
