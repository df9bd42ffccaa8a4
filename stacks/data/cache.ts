import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
  AUTH_TOKEN_LENGTH,
  CACHE_PORT,
  CacheConfig,
  cacheSecretDocument,
  clusterModeParameterGroup,
  Imported,
  NetworkOutputs,
} from "../../shared";
import { lifetimeFinalSnapshot } from "./finalSnapshot";

/**
 * The network layer's cache security group, required: the contract field is
 * optional (only systems with a cache have it), so a network stack deployed
 * with `cache: false` under a data stack with `cache: true` fails here, naming
 * the fix, instead of creating a cache no one can reach.
 */
export function requireCacheSecurityGroup(id: string | undefined, networkStack: string): string {
  if (id === undefined || id === "") {
    throw new Error(
      `the network stack ${networkStack} exports no cacheSecurityGroupId: set platform:cache to true on it too and run its update before the data layer's`,
    );
  }
  return id;
}

/**
 * How the engine version is held, as for Aurora: pinned while automatic
 * minor upgrades are off; ignored when they are on, so an `up` after AWS
 * moved the cache to a newer minor version does not try to move it back.
 */
export function cacheEngineVersionIgnoreChanges(cache: CacheConfig): string[] {
  return cache.autoMinorVersionUpgrade ? ["engineVersion"] : [];
}

/** The physical names of the cache's resources. */
export interface CacheClusterNames {
  readonly subnetGroup: string;
  readonly slowLogGroup: string;
  readonly replicationGroup: string;
  readonly secret: string;
}

export interface CacheClusterArgs {
  /** The cache's settings: engine, version, node type, shards, replicas, windows, retention. */
  readonly cache: CacheConfig;
  readonly names: CacheClusterNames;
  /** The deployment the descriptions name, e.g. `catalog dev`. */
  readonly label: string;
  /**
   * Take a final snapshot when the cache is deleted, named
   * `<finalSnapshotPrefix>-<8 hex>`: the hex is drawn when the cache is
   * created, so each destroy of a recreated stack names its own snapshot
   * (see `lifetimeFinalSnapshot`).
   * @default none (no final snapshot)
   */
  readonly finalSnapshotPrefix?: string;
  /** The network layer: private subnets and the cache security group. */
  readonly network: Imported<NetworkOutputs>;
  /** The name of the network stack, for the error when it has no cache security group. */
  readonly networkStack: string;
  /** Encrypts the cache at rest and its connection secret; AWS-managed keys when absent. */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/**
 * The system's Redis-compatible cache (ElastiCache Valkey or Redis OSS):
 * - cluster mode, `cacheShards` shards of a primary and `cacheReplicasPerShard` replicas, in the network layer's private subnets
 * - automatic failover and Multi-AZ: ElastiCache places each shard's replicas in other AZs than its primary
 * - reachable only through the network layer's cache security group (the service's group is the only source it admits)
 * - TLS required, encrypted at rest (the data layer's key when configured), an AUTH token generated here
 * - the default `default.<family>.cluster.on` parameter group, snapshots and windows from config, slow log to CloudWatch Logs
 * - a final snapshot when `deletionProtection` is on, named anew for each lifetime of the cache (ElastiCache itself has no deletion protection)
 * - its connection (configuration endpoint, port, token, URL) as one JSON secret the compute layer injects
 */
export class CacheCluster extends pulumi.ComponentResource {
  public readonly replicationGroupId: pulumi.Output<string>;
  public readonly configurationEndpoint: pulumi.Output<string>;
  public readonly port: number;
  public readonly secretArn: pulumi.Output<string>;
  public readonly memberClusters: pulumi.Output<string[]>;

  constructor(name: string, args: CacheClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Cache", name, {}, opts);
    const { cache, network, names } = args;

    const subnets = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      { name: names.subnetGroup, description: "Cache: the network layer's private subnets", subnetIds: network.privateSubnetIds },
      { parent: this },
    );
    const slowLog = new aws.cloudwatch.LogGroup(
      `${name}-slow-log`,
      { name: names.slowLogGroup, retentionInDays: cache.logRetentionDays },
      { parent: this },
    );
    // Letters and digits only: ElastiCache allows a few specials, which add nothing to 64 characters but quoting trouble.
    const token = new random.RandomPassword(
      `${name}-auth-token`,
      { length: AUTH_TOKEN_LENGTH, special: false, minUpper: 1, minLower: 1, minNumeric: 1 },
      { parent: this },
    );

    const finalSnapshot =
      args.finalSnapshotPrefix === undefined
        ? undefined
        : lifetimeFinalSnapshot(
            `${name}-final-snapshot`,
            { prefix: args.finalSnapshotPrefix, owner: names.replicationGroup, service: "elasticache" },
            this,
          );
    const group = new aws.elasticache.ReplicationGroup(
      `${name}-group`,
      {
        replicationGroupId: names.replicationGroup,
        description: `${args.label}: ${cache.engine} cache, cluster mode`,
        engine: cache.engine,
        engineVersion: cache.engineVersion,
        nodeType: cache.nodeType,
        port: CACHE_PORT,
        parameterGroupName: clusterModeParameterGroup(cache.parameterGroupFamily),
        clusterMode: "enabled",
        numNodeGroups: cache.shards,
        replicasPerNodeGroup: cache.replicasPerShard,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        subnetGroupName: subnets.name,
        securityGroupIds: [network.cacheSecurityGroupId.apply((id) => requireCacheSecurityGroup(id, args.networkStack))],
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: token.result,
        // A changed token is added next to the old one, so running tasks keep working until they restart with the new secret.
        authTokenUpdateStrategy: "ROTATE",
        snapshotRetentionLimit: cache.snapshotRetentionDays,
        snapshotWindow: cache.snapshotWindow,
        maintenanceWindow: cache.maintenanceWindow,
        autoMinorVersionUpgrade: cache.autoMinorVersionUpgrade,
        applyImmediately: cache.applyImmediately,
        finalSnapshotIdentifier: finalSnapshot,
        logDeliveryConfigurations: [
          { destinationType: "cloudwatch-logs", destination: slowLog.name, logFormat: "json", logType: "slow-log" },
        ],
      },
      { parent: this, ignoreChanges: cacheEngineVersionIgnoreChanges(cache) },
    );

    const secret = new aws.secretsmanager.Secret(
      `${name}-connection`,
      {
        name: names.secret,
        description: `Cache connection of ${args.label}: configuration endpoint, port, AUTH token, rediss:// URL`,
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: 0,
      },
      { parent: this },
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-connection`,
      {
        secretId: secret.id,
        secretString: pulumi
          .all([group.configurationEndpointAddress, token.result])
          .apply(([host, authToken]) => JSON.stringify(cacheSecretDocument(host, CACHE_PORT, authToken))),
      },
      { parent: this },
    );

    this.replicationGroupId = group.id;
    this.configurationEndpoint = group.configurationEndpointAddress;
    this.port = CACHE_PORT;
    this.secretArn = secret.arn;
    this.memberClusters = group.memberClusters;
    this.registerOutputs({
      replicationGroupId: this.replicationGroupId,
      configurationEndpoint: this.configurationEndpoint,
      port: this.port,
      secretArn: this.secretArn,
      memberClusters: this.memberClusters,
    });
  }
}
