import {
  awsProvider,
  backupCheckMetric,
  DataOutputs,
  Exported,
  loadPlatformConfig,
  nameOf,
  parameterGroupFamily,
  readNetwork,
  upstreamStackName,
} from "../../shared";
import { AppSecrets } from "./appSecrets";
import { AuroraCluster, INSTANCE_NAMES, PARAMETER_GROUP_NAMES } from "./aurora";
import { BackupVerification } from "./backupVerification";
import { CacheCluster } from "./cache";
import { DatabaseUser } from "./databaseUser";
import { DataKey, dataKeyDescription } from "./key";

/** The data layer: the database and its secrets, the cache when the system has one, and the daily backup check when it is on. Its return value is the stack outputs. */
export = async () => {
  const cfg = loadPlatformConfig();
  const provider = awsProvider(cfg, "data");
  const network = readNetwork(cfg);

  // The key waits 30 days before deletion with deletion protection, the minimum of 7 without.
  const key = cfg.data.customerManagedKey
    ? new DataKey(
        "data",
        {
          aliasName: nameOf(cfg, "dbKmsAlias"),
          description: dataKeyDescription(cfg),
          deletionWindowInDays: cfg.deletionProtection ? 30 : 7,
        },
        { provider },
      )
    : undefined;
  const aurora = new AuroraCluster(
    "data",
    {
      database: cfg.data,
      names: {
        cluster: nameOf(cfg, "dbCluster"),
        subnetGroup: nameOf(cfg, "dbSubnetGroup"),
        parameterGroup: nameOf(cfg, PARAMETER_GROUP_NAMES[parameterGroupFamily(cfg.data.engine, cfg.data.engineVersion)]),
        instances: INSTANCE_NAMES.map((kind) => nameOf(cfg, kind)),
      },
      deletionProtection: cfg.deletionProtection,
      finalSnapshotPrefix: cfg.finalSnapshots ? nameOf(cfg, "dbFinalSnapshot") : undefined,
      network,
      kmsKeyArn: key?.arn,
    },
    { provider },
  );
  const user = new DatabaseUser(
    "data",
    {
      names: {
        secret: nameOf(cfg, "dbAppUserSecret"),
        bootstrapFunction: nameOf(cfg, "dbUserBootstrapFunction"),
        bootstrapLogGroup: nameOf(cfg, "dbUserBootstrapLogGroup"),
        bootstrapRole: nameOf(cfg, "dbUserBootstrapRole"),
        rotationFunction: nameOf(cfg, "dbUserRotationFunction"),
        rotationLogGroup: nameOf(cfg, "dbUserRotationLogGroup"),
        rotationRole: nameOf(cfg, "dbUserRotationRole"),
      },
      engine: cfg.data.engine,
      databaseName: cfg.data.databaseName,
      port: cfg.data.port,
      username: cfg.data.appUsername,
      schemaChanges: cfg.data.appUserSchemaChanges,
      rotationDays: cfg.data.appUserRotationDays,
      region: cfg.region,
      logRetentionDays: cfg.data.logRetentionDays,
      network,
      writerEndpoint: aurora.writerEndpoint,
      masterSecretArn: aurora.masterSecretArn,
      kmsKeyArn: key?.arn,
      clusterReady: [aurora],
    },
    { provider },
  );
  const secrets = new AppSecrets("data", { secretName: nameOf(cfg, "appSecret"), kmsKeyArn: key?.arn }, { provider });
  const cache =
    cfg.cacheCluster === undefined
      ? undefined
      : new CacheCluster(
          "cache",
          {
            cache: cfg.cacheCluster,
            names: {
              subnetGroup: nameOf(cfg, "cacheSubnetGroup"),
              slowLogGroup: nameOf(cfg, "cacheSlowLogGroup"),
              replicationGroup: nameOf(cfg, "cacheReplicationGroup"),
              secret: nameOf(cfg, "cacheSecret"),
            },
            label: `${cfg.system} ${cfg.environmentSuffix}`,
            finalSnapshotPrefix: cfg.finalSnapshots ? nameOf(cfg, "cacheFinalSnapshot") : undefined,
            network,
            networkStack: upstreamStackName(cfg, "network"),
            kmsKeyArn: key?.arn,
          },
          { provider },
        );
  const check = cfg.data.backupVerification;
  const backup =
    check === undefined
      ? undefined
      : new BackupVerification(
          "data",
          {
            check,
            names: {
              logGroup: nameOf(cfg, "backupCheckLogGroup"),
              role: nameOf(cfg, "backupCheckRole"),
              function: nameOf(cfg, "backupCheckFunction"),
              schedule: nameOf(cfg, "backupCheckSchedule"),
            },
            logRetentionDays: cfg.data.logRetentionDays,
            region: cfg.region,
            metrics: backupCheckMetric(cfg),
            backupWindow: cfg.data.backupWindow,
            clusterIdentifier: aurora.clusterIdentifier,
            clusterArn: aurora.clusterArn,
          },
          { provider },
        );

  return {
    system: cfg.system,
    region: cfg.region,
    environmentSuffix: cfg.environmentSuffix,
    engine: cfg.data.engine,
    engineVersion: aurora.engineVersion,
    writerEndpoint: aurora.writerEndpoint,
    readerEndpoint: aurora.readerEndpoint,
    port: cfg.data.port,
    databaseName: cfg.data.databaseName,
    clusterIdentifier: aurora.clusterIdentifier,
    clusterArn: aurora.clusterArn,
    masterSecretArn: aurora.masterSecretArn,
    dbAppUserSecretArn: user.secretArn,
    appSecretArn: secrets.secretArn,
    ...(key === undefined ? {} : { kmsKeyArn: key.arn }),
    maxConnections: cfg.data.maxConnections,
    ...(cache === undefined
      ? {}
      : {
          cacheConfigurationEndpoint: cache.configurationEndpoint,
          cachePort: cache.port,
          cacheSecretArn: cache.secretArn,
          cacheReplicationGroupId: cache.replicationGroupId,
          cacheMemberClusters: cache.memberClusters,
        }),
    ...(backup === undefined ? {} : { backupCheckFunctionName: backup.functionName }),
  } satisfies Exported<DataOutputs>;
};
