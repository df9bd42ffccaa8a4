import { PlannedResource } from "../../shared/plan/capture";
import { fakeResource } from "../../shared/plan/fakeAws";
import { LayerPlan, Plan } from "../../shared/plan/runner";
import { clusterParameters, PARAMETER_GROUP_NAMES, TLS_PARAMETERS } from "../../stacks/data/aurora";
import { DATABASE_ENGINES, parameterGroupFamily, parsePlatformConfig, POSTGRESQL_MAJOR_VERSIONS } from "../../shared";
import { layerOf, ofType, one, planStack } from "../harness";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const PARAMS = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const KEY = "aws:kms/key:Key";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

let payments: Plan;
let catalog: Plan;
beforeAll(async () => {
  payments = await planStack("payments-dev");
  catalog = await planStack("catalog-dev");
});

const data = (plan: Plan) => layerOf(plan, "data");
const cluster = (plan: Plan) => one(data(plan), CLUSTER);
const instances = (plan: Plan) => ofType(data(plan), INSTANCE).sort((a, b) => a.name.localeCompare(b.name));
const parameters = (plan: Plan) => one(data(plan), PARAMS).inputs.parameters as { name: string; value: string; applyMethod: string }[];

/** The database security group's rules as `<in|out> <protocol>/<from>-<to> <peer group>`. */
function databaseRules(network: LayerPlan, region: string): string[] {
  const groups = new Map(ofType(network, SG).map((g) => [fakeResource(g.type, g.name, g.inputs, region).id, String(g.inputs.name)]));
  const describe = (direction: string) => (r: PlannedResource) =>
    `${groups.get(String(r.inputs.securityGroupId))} ${direction} ${String(r.inputs.ipProtocol)}/${String(r.inputs.fromPort)}-${String(r.inputs.toPort)} ${groups.get(String(r.inputs.referencedSecurityGroupId)) ?? String(r.inputs.cidrIpv4)}`;
  return [...ofType(network, INGRESS).map(describe("in")), ...ofType(network, EGRESS).map(describe("out"))]
    .filter((r) => r.includes("-db-sg-"))
    .sort();
}

describe("data layer on Aurora PostgreSQL", () => {
  it("creates Aurora PostgreSQL 16.8 in each preset's home region, pinned, with automatic minor upgrades off", () => {
    for (const [plan, region] of [
      [payments, "ap-southeast-1"],
      [catalog, "us-west-2"],
    ] as const) {
      expect(cluster(plan).inputs).toMatchObject({
        engine: "aurora-postgresql",
        engineVersion: "16.8",
        allowMajorVersionUpgrade: false,
        autoMinorVersionUpgrade: false,
        port: 5432,
      });
      for (const instance of instances(plan))
        expect(instance.inputs).toMatchObject({ engine: "aurora-postgresql", instanceClass: "db.serverless" });
      expect(data(plan).outputs).toMatchObject({ engine: "aurora-postgresql", port: 5432, region });
      expect(data(plan).outputs.clusterArn).toMatch(new RegExp(`^arn:aws:rds:${region}:`));
    }
  });

  it("scales payments between 0.5 and 2 ACUs and catalog between 2 and 16, with the PostgreSQL max_connections of each range", () => {
    expect(cluster(payments).inputs.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 0.5, maxCapacity: 2 });
    expect(cluster(catalog).inputs.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 2, maxCapacity: 16 });
    expect(data(payments).outputs.maxConnections).toBe(189);
    expect(data(catalog).outputs.maxConnections).toBe(3360);
    expect(instances(payments)).toHaveLength(2);
  });

  it("uses the PostgreSQL 16 parameter group family under its own name, forcing TLS with rds.force_ssl", () => {
    for (const [plan, system] of [
      [payments, "payments"],
      [catalog, "catalog"],
    ] as const) {
      const group = one(data(plan), PARAMS);
      expect(group.inputs).toMatchObject({ family: "aurora-postgresql16", name: `${system}-aurora-pg16-dev` });
      expect(cluster(plan).inputs.dbClusterParameterGroupName).toBe(group.inputs.name);
      expect(parameters(plan)).toEqual([
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
        { name: "log_lock_waits", value: "1", applyMethod: "immediate" },
      ]);
      expect(parameters(plan).map((p) => p.name)).not.toContain("require_secure_transport");
    }
  });

  it("exports the postgresql log to a log group with the preset's retention, created before the cluster", () => {
    for (const [plan, retention] of [
      [payments, 2557],
      [catalog, 14],
    ] as const) {
      const id = cluster(plan).inputs.clusterIdentifier as string;
      expect(cluster(plan).inputs.enabledCloudwatchLogsExports).toEqual(["postgresql"]);
      const groups = ofType(data(plan), LOG_GROUP).filter((g) => String(g.inputs.name).startsWith("/aws/rds/"));
      expect(groups).toHaveLength(1);
      const group = groups[0];
      expect(group.inputs).toEqual({ name: `/aws/rds/cluster/${id}/postgresql`, retentionInDays: retention });
      expect(cluster(plan).dependencies).toContain(group.urn);
    }
  });

  it("encrypts payments with its rotated customer-managed key and catalog with AWS-managed keys", () => {
    const key = one(data(payments), KEY);
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, rotationPeriodInDays: 365 });
    const keyArn = data(payments).outputs.kmsKeyArn;
    expect(keyArn).toMatch(/^arn:aws:kms:ap-southeast-1:\d{12}:key\//);
    expect(cluster(payments).inputs).toMatchObject({ storageEncrypted: true, kmsKeyId: keyArn, masterUserSecretKmsKeyId: keyArn });
    for (const instance of instances(payments)) expect(instance.inputs.performanceInsightsKmsKeyId).toBe(keyArn);
    expect(ofType(data(catalog), KEY)).toEqual([]);
    expect(cluster(catalog).inputs.storageEncrypted).toBe(true);
  });

  it("keeps payments' backups 7 days at 03:00-04:00 and maintenance on Sunday 04:00-05:00 UTC", () => {
    expect(cluster(payments).inputs).toMatchObject({
      backupRetentionPeriod: 7,
      preferredBackupWindow: "03:00-04:00",
      preferredMaintenanceWindow: "sun:04:00-sun:05:00",
      copyTagsToSnapshot: true,
    });
    expect(cluster(catalog).inputs.backupRetentionPeriod).toBe(7);
  });

  it("lets RDS manage and rotate the master password every 30 days, with no masterPassword anywhere in the plan", () => {
    for (const [plan, system] of [
      [payments, "payments"],
      [catalog, "catalog"],
    ] as const) {
      expect(cluster(plan).inputs).toMatchObject({
        manageMasterUserPassword: true,
        masterUsername: `${system}admin`,
        databaseName: system,
      });
      expect(JSON.stringify(plan)).not.toMatch(/masterPassword/i);
      expect(one(data(plan), ROTATION, "data-master-rotation").inputs.rotationRules).toEqual({ automaticallyAfterDays: 30 });
    }
  });

  it("opens the database security group on 5432 from the service group and the database user functions' group only", () => {
    for (const [plan, system, region] of [
      [payments, "payments", "ap-southeast-1"],
      [catalog, "catalog", "us-west-2"],
    ] as const) {
      expect(databaseRules(layerOf(plan, "network"), region)).toEqual([
        `${system}-db-admin-sg-dev out tcp/5432-5432 ${system}-db-sg-dev`,
        `${system}-db-sg-dev in tcp/5432-5432 ${system}-db-admin-sg-dev`,
        `${system}-db-sg-dev in tcp/5432-5432 ${system}-service-sg-dev`,
        `${system}-service-sg-dev out tcp/5432-5432 ${system}-db-sg-dev`,
      ]);
    }
  });
});

describe("cluster parameters", () => {
  const cfg = (overrides: Record<string, string>) =>
    parsePlatformConfig({ environmentSuffix: "dev", ...overrides }, { stack: "orders-dev" }).data;

  it("turns the PostgreSQL log parameters off when the postgresql log is not exported, keeping TLS forced", () => {
    expect(clusterParameters(cfg({ databaseEngine: "aurora-postgresql", dbLogExports: "[]" }))).toEqual([
      { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
      { name: "log_min_duration_statement", value: "-1", applyMethod: "immediate" },
      { name: "log_lock_waits", value: "0", applyMethod: "immediate" },
    ]);
  });

  it("forces TLS on every engine, first", () => {
    for (const engine of DATABASE_ENGINES) expect(clusterParameters(cfg({ databaseEngine: engine }))[0]).toEqual(TLS_PARAMETERS[engine]);
    expect(TLS_PARAMETERS["aurora-mysql"]).toEqual({ name: "require_secure_transport", value: "ON", applyMethod: "immediate" });
  });

  it("has a parameter group name for the family of every version the config accepts", () => {
    expect(PARAMETER_GROUP_NAMES[parameterGroupFamily("aurora-mysql", "8.0.mysql_aurora.3.10.4")]).toBe("dbClusterParameterGroup");
    for (const major of POSTGRESQL_MAJOR_VERSIONS) {
      expect(PARAMETER_GROUP_NAMES[parameterGroupFamily("aurora-postgresql", `${major}.1`)]).toBe(`dbClusterParameterGroupPg${major}`);
    }
  });
});
