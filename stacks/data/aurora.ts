import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  DataConfig,
  DatabaseEngine,
  DbCapacity,
  DbLogType,
  Imported,
  logParameters,
  NameKindId,
  NetworkOutputs,
  parameterGroupFamily,
  SERVERLESS_CLASS,
} from "../../shared";
import { lifetimeFinalSnapshot } from "./finalSnapshot";

/** The physical name of each cluster parameter group family: a family change creates a group under a new name. */
export const PARAMETER_GROUP_NAMES: Readonly<Record<string, NameKindId>> = {
  "aurora-mysql8.0": "dbClusterParameterGroup",
  "aurora-postgresql14": "dbClusterParameterGroupPg14",
  "aurora-postgresql15": "dbClusterParameterGroupPg15",
  "aurora-postgresql16": "dbClusterParameterGroupPg16",
  "aurora-postgresql17": "dbClusterParameterGroupPg17",
};

/**
 * The parameter that makes each engine refuse connections without TLS, with
 * the apply method AWS accepts for it. `pending-reboot` is valid for static
 * and dynamic parameters alike, and a new cluster's instances start with it
 * in force; it is used for `rds.force_ssl`, whose apply type the platform
 * could not confirm for every Aurora PostgreSQL major version.
 */
export const TLS_PARAMETERS: Readonly<Record<DatabaseEngine, aws.types.input.rds.ClusterParameterGroupParameter>> = {
  "aurora-mysql": { name: "require_secure_transport", value: "ON", applyMethod: "immediate" },
  "aurora-postgresql": { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
};

/** Performance Insights retention: the 7 days that come at no charge. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

/**
 * The Serverless v2 scaling configuration of the cluster: the ACU range, and
 * with a minimum of 0 (the automatic pause) how long an idle instance waits
 * before it pauses. AWS keeps `SecondsUntilAutoPause` only while the minimum
 * is 0, so it is sent only then.
 */
export function serverlessScaling(
  capacity: Extract<DbCapacity, { kind: "serverless" }>,
): aws.types.input.rds.ClusterServerlessv2ScalingConfiguration {
  const range = { minCapacity: capacity.minAcu, maxCapacity: capacity.maxAcu };
  return capacity.secondsUntilAutoPause === undefined ? range : { ...range, secondsUntilAutoPause: capacity.secondsUntilAutoPause };
}

/**
 * An instance's Performance Insights inputs: on with the free 7 days and the
 * key (when there is one), or off with neither.
 */
export function performanceInsights(
  on: boolean,
  kmsKey: { performanceInsightsKmsKeyId?: pulumi.Input<string> },
): Pick<aws.rds.ClusterInstanceArgs, "performanceInsightsEnabled" | "performanceInsightsRetentionPeriod" | "performanceInsightsKmsKeyId"> {
  return on
    ? { performanceInsightsEnabled: true, performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS, ...kmsKey }
    : { performanceInsightsEnabled: false };
}

/** The name kind of each instance, the writer first: the layer maps them to the instances' identifiers. */
export const INSTANCE_NAMES: readonly NameKindId[] = ["dbInstance1", "dbInstance2", "dbInstance3"];

/** The CloudWatch log group RDS publishes one exported log type of a cluster to. */
export function clusterLogGroupName(clusterIdentifier: string, logType: DbLogType): string {
  return `/aws/rds/cluster/${clusterIdentifier}/${logType}`;
}

/**
 * How the engine version is held. With automatic minor upgrades off the
 * configured version is pinned and Pulumi upgrades the cluster when it
 * changes. With them on, AWS moves the cluster to newer minor versions, so
 * Pulumi must ignore the difference: otherwise the next `up` would try to
 * move it back to the configured (older) version.
 */
export function engineVersionIgnoreChanges(data: DataConfig): string[] {
  return data.autoMinorVersionUpgrade ? ["engineVersion"] : [];
}

/**
 * The cluster parameters: TLS required on every connection, and exactly the
 * logs that are exported. The log parameters of both engines are dynamic.
 */
export function clusterParameters(data: DataConfig): aws.types.input.rds.ClusterParameterGroupParameter[] {
  const logs = Object.entries(logParameters(data.engine, data.logExports)).map(([name, value]) => ({
    name,
    value,
    applyMethod: "immediate",
  }));
  return [TLS_PARAMETERS[data.engine], ...logs];
}

/** The physical names of the cluster's resources. */
export interface AuroraClusterNames {
  readonly cluster: string;
  readonly subnetGroup: string;
  /** The parameter group's name: one per family (see {@link PARAMETER_GROUP_NAMES}), so a family change creates a new group. */
  readonly parameterGroup: string;
  /** The instances' identifiers, the writer first; at least `readerCount + 1` of them. */
  readonly instances: readonly string[];
}

export interface AuroraClusterArgs {
  /** The database's settings: engine, version, capacity, readers, backups, windows, logs. */
  readonly database: DataConfig;
  readonly names: AuroraClusterNames;
  /**
   * Deletion protection on the cluster.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /**
   * Take a final snapshot when the cluster is deleted, named
   * `<finalSnapshotPrefix>-<8 hex>`: the hex is drawn when the cluster is
   * created, so each destroy of a recreated stack names its own snapshot
   * (see `lifetimeFinalSnapshot`).
   * @default none (no final snapshot: the cluster destroys as is)
   */
  readonly finalSnapshotPrefix?: string;
  /** The network layer: database subnets, AZs and the database security group. */
  readonly network: Imported<NetworkOutputs>;
  /** Encrypts storage, Performance Insights and the master secret; AWS-managed keys when absent. */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/**
 * The Aurora cluster (MySQL 3 or PostgreSQL, from `databaseEngine`) of the system's database:
 * - in the network layer's database subnets (isolated tier when on, else private) behind its database security group
 * - a writer and `dbReaderCount` readers, instance i pinned to the network layer's AZ i, readers in promotion tier 1
 * - master password managed by RDS in Secrets Manager, rotated every `dbMasterPasswordRotationDays`
 * - a parameter group of the version's family that requires TLS and produces exactly the exported logs; their log groups exist, with retention, before the cluster
 * - encrypted storage, Performance Insights (`dbPerformanceInsights`), backups and windows from config, tags copied to snapshots
 * - deletion protection and a final snapshot when `deletionProtection` is on, named anew for each lifetime of the cluster; otherwise destroyable as is
 */
export class AuroraCluster extends pulumi.ComponentResource {
  public readonly clusterIdentifier: pulumi.Output<string>;
  public readonly clusterArn: pulumi.Output<string>;
  public readonly writerEndpoint: pulumi.Output<string>;
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly engineVersion: pulumi.Output<string>;
  public readonly masterSecretArn: pulumi.Output<string>;

  constructor(name: string, args: AuroraClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:AuroraCluster", name, {}, opts);
    const { network, kmsKeyArn, names } = args;
    const data = args.database;
    const clusterIdentifier = names.cluster;
    const kms = <K extends string>(key: K) => (kmsKeyArn === undefined ? {} : ({ [key]: kmsKeyArn } as Record<K, pulumi.Input<string>>));

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        name: names.subnetGroup,
        description: "Aurora subnets: the network layer's database tier, one per AZ",
        subnetIds: network.databaseSubnetIds,
      },
      { parent: this },
    );
    const family = parameterGroupFamily(data.engine, data.engineVersion);
    const parameterGroup = new aws.rds.ClusterParameterGroup(
      `${name}-params`,
      {
        name: names.parameterGroup,
        family,
        description: "Requires TLS; turns on exactly the exported logs",
        parameters: clusterParameters(data),
      },
      { parent: this },
    );
    const logGroups = data.logExports.map(
      (type) =>
        new aws.cloudwatch.LogGroup(
          `${name}-log-${type}`,
          { name: clusterLogGroupName(clusterIdentifier, type), retentionInDays: data.logRetentionDays },
          { parent: this },
        ),
    );

    const finalSnapshot =
      args.finalSnapshotPrefix === undefined
        ? undefined
        : lifetimeFinalSnapshot(
            `${name}-final-snapshot`,
            { prefix: args.finalSnapshotPrefix, owner: clusterIdentifier, service: "rds" },
            this,
          );
    const cluster = new aws.rds.Cluster(
      `${name}-cluster`,
      {
        clusterIdentifier,
        engine: data.engine,
        engineVersion: data.engineVersion,
        allowMajorVersionUpgrade: false,
        // AWS recommends the setting on the cluster; the instances repeat it, as one instance off stops automatic upgrades.
        autoMinorVersionUpgrade: data.autoMinorVersionUpgrade,
        databaseName: data.databaseName,
        masterUsername: data.masterUsername,
        manageMasterUserPassword: true,
        ...kms("masterUserSecretKmsKeyId"),
        port: data.port,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [network.databaseSecurityGroupId],
        dbClusterParameterGroupName: parameterGroup.name,
        storageEncrypted: true,
        ...kms("kmsKeyId"),
        backupRetentionPeriod: data.backupRetentionDays,
        preferredBackupWindow: data.backupWindow,
        preferredMaintenanceWindow: data.maintenanceWindow,
        copyTagsToSnapshot: true,
        enabledCloudwatchLogsExports: [...data.logExports],
        deletionProtection: args.deletionProtection ?? false,
        skipFinalSnapshot: finalSnapshot === undefined,
        finalSnapshotIdentifier: finalSnapshot,
        ...(data.capacity.kind === "serverless" ? { serverlessv2ScalingConfiguration: serverlessScaling(data.capacity) } : {}),
      },
      { parent: this, dependsOn: logGroups, ignoreChanges: engineVersionIgnoreChanges(data) },
    );

    const instanceClass = data.capacity.kind === "serverless" ? SERVERLESS_CLASS : data.capacity.instanceClass;
    const instances: aws.rds.ClusterInstance[] = [];
    for (let i = 0; i <= data.readerCount; i++) {
      instances.push(
        new aws.rds.ClusterInstance(
          `${name}-instance-${i + 1}`,
          {
            identifier: names.instances[i],
            clusterIdentifier: cluster.id,
            engine: data.engine,
            instanceClass,
            availabilityZone: network.availabilityZones.apply((zones) => zones[i]),
            promotionTier: i === 0 ? 0 : 1,
            dbSubnetGroupName: subnetGroup.name,
            publiclyAccessible: false,
            autoMinorVersionUpgrade: data.autoMinorVersionUpgrade,
            ...performanceInsights(data.performanceInsights, kms("performanceInsightsKmsKeyId")),
          },
          // The first instance is created alone, so it becomes the writer in the first AZ.
          { parent: this, dependsOn: i === 0 ? [] : [instances[0]] },
        ),
      );
    }

    const masterSecretArn = cluster.masterUserSecrets.apply((secrets) => secrets[0].secretArn);
    new aws.secretsmanager.SecretRotation(
      `${name}-master-rotation`,
      {
        secretId: masterSecretArn,
        rotationRules: { automaticallyAfterDays: data.masterPasswordRotationDays },
        // A schedule change waits for the next rotation instead of rotating the password at once.
        rotateImmediately: false,
      },
      // Before an instance exists, RDS would re-apply its own rotation schedule once the instance is up.
      { parent: this, dependsOn: instances },
    );

    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterArn = cluster.arn;
    this.writerEndpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.engineVersion = cluster.engineVersion;
    this.masterSecretArn = masterSecretArn;
    this.registerOutputs({
      clusterIdentifier: this.clusterIdentifier,
      clusterArn: this.clusterArn,
      writerEndpoint: this.writerEndpoint,
      readerEndpoint: this.readerEndpoint,
      engineVersion: this.engineVersion,
      masterSecretArn: this.masterSecretArn,
    });
  }
}
