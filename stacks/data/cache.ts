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
  PolicyDocument,
  policyDocument,
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

/**
 * The slow log group's resource policy: CloudWatch Logs' delivery service
 * (`delivery.logs.amazonaws.com`) may create log streams and put events in
 * this log group only, for deliveries of the log group's own account and
 * region (read from its ARN, `arn:<partition>:logs:<region>:<account>:log-group:<name>`).
 * It is the policy AWS attaches itself to a log group that receives vended
 * logs ("Logs sent to CloudWatch Logs", V1 permissions:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html),
 * attached here to the log group alone (see {@link CacheCluster}).
 */
export function slowLogDeliveryPolicy(logGroupArn: string): PolicyDocument {
  const [, partition, , region, accountId] = logGroupArn.split(":");
  return policyDocument([
    {
      Sid: "CacheSlowLogDelivery",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroupArn}:log-stream:*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:${partition}:logs:${region}:${accountId}:*` },
      },
    },
  ]);
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
 *   (its delivery permission a resource policy on the log group alone, see below)
 * - a final snapshot when `deletionProtection` is on, named anew for each lifetime of the cache (ElastiCache itself has no deletion protection)
 * - its connection (configuration endpoint, port, token, URL) as one JSON secret the compute layer injects
 *
 * The slow log is a vended log: ElastiCache hands it to CloudWatch Logs'
 * delivery (`delivery.logs.amazonaws.com`), and whoever enables it must hold
 * `logs:CreateLogDelivery` and, for AWS to write the delivery permission
 * itself, `logs:PutResourcePolicy`, `logs:DescribeResourcePolicies` and
 * `logs:DescribeLogGroups` ("Log delivery" and "ElastiCache logging
 * destinations", ElastiCache User Guide:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Logging-destinations.html).
 * AWS writes that permission itself only "if the log group currently does
 * not have a resource policy": for new deliveries, as a policy on the log
 * group, unless an account-level policy already grants it through wildcards
 * ("Logs sent to CloudWatch Logs", V1 permissions, under "Enabling logging
 * from AWS services":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html).
 * Before that, AWS added each log group to the account-level policy
 * `AWSLogDeliveryWrite20150319`: one of the region's 10, shared by all
 * vended log groups, full at 5,120 characters (hashicorp/terraform-provider-aws
 * issue 25296, pull request 47111). So the platform attaches its own policy
 * to the slow log group (`resourceArn`: "one per LogGroup resourceARN", none
 * of the 10 account-level ones, PutResourcePolicy:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html)
 * before the replication group enables the delivery: AWS then touches no
 * policy, and the account-level one neither grows nor is needed. The
 * `/aws/vendedlogs/` log group prefix AWS recommends once a policy it keeps
 * is full (one wildcard for many log groups) is not needed with a policy of
 * our own per log group.
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
    // Scoped to the log group, and in place before the replication group enables the delivery (see above).
    const slowLogPolicy = new aws.cloudwatch.LogResourcePolicy(
      `${name}-slow-log-policy`,
      { resourceArn: slowLog.arn, policyDocument: slowLog.arn.apply((arn) => JSON.stringify(slowLogDeliveryPolicy(arn))) },
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
      { parent: this, dependsOn: [slowLogPolicy], ignoreChanges: cacheEngineVersionIgnoreChanges(cache) },
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
