import { PlatformConfig } from "../config";
import { Contract, defineContract, Imported, readUpstream, StackIdentity } from "./contract";

/** What the data layer exports for the edge and compute layers. */
export interface DataOutputs extends StackIdentity {
  /** `aurora-mysql` or `aurora-postgresql`. */
  readonly engine: string;
  /** The engine version the cluster was created with. */
  readonly engineVersion: string;
  /** The writer (cluster) endpoint. */
  readonly writerEndpoint: string;
  /** The reader endpoint, load-balanced over the replicas. */
  readonly readerEndpoint: string;
  readonly port: number;
  readonly databaseName: string;
  readonly clusterIdentifier: string;
  readonly clusterArn: string;
  /**
   * The RDS-managed master user secret (JSON keys `username`, `password`). For operators and the data layer's own
   * functions only: the compute layer never reads it.
   */
  readonly masterSecretArn: string;
  /**
   * The application's database user secret, rotated with alternating users (JSON keys `engine`, `host`, `port`,
   * `dbname`, `username`, `password`, `masterarn`: the shape of Secrets Manager's multi-user rotation). The
   * container's `DB_USERNAME` and `DB_PASSWORD` come from it.
   */
  readonly dbAppUserSecretArn: string;
  /** The application secret (JSON keys of the payment provider's API key and webhook signing secret). */
  readonly appSecretArn: string;
  /** The customer-managed KMS key, when one is configured. */
  readonly kmsKeyArn?: string;
  /** The database's max_connections figure, for alarms and the connection budget. */
  readonly maxConnections: number;
  /** The cache's configuration endpoint (cluster mode: clients discover every shard from it). Only when the system has a cache. */
  readonly cacheConfigurationEndpoint?: string;
  /** The cache's port. Only with a cache. */
  readonly cachePort?: number;
  /** The cache connection secret (JSON keys `host`, `port`, `authToken`, `url`). Only with a cache. */
  readonly cacheSecretArn?: string;
  /** The replication group id. Only with a cache. */
  readonly cacheReplicationGroupId?: string;
  /** Every node's cache cluster id (`<group>-<shard>-<node>`), the `CacheClusterId` dimension of its metrics. Only with a cache. */
  readonly cacheMemberClusters?: string[];
  /** The daily backup check function, when `dbBackupVerification` is on (invoke it to re-run the check). */
  readonly backupCheckFunctionName?: string;
}

export const dataContract: Contract<DataOutputs> = defineContract<DataOutputs>("data", {
  system: "required",
  region: "required",
  environmentSuffix: "required",
  engine: "required",
  engineVersion: "required",
  writerEndpoint: "required",
  readerEndpoint: "required",
  port: "required",
  databaseName: "required",
  clusterIdentifier: "required",
  clusterArn: "required",
  masterSecretArn: "required",
  dbAppUserSecretArn: "required",
  appSecretArn: "required",
  kmsKeyArn: "optional",
  maxConnections: "required",
  cacheConfigurationEndpoint: "optional",
  cachePort: "optional",
  cacheSecretArn: "optional",
  cacheReplicationGroupId: "optional",
  cacheMemberClusters: "optional",
  backupCheckFunctionName: "optional",
});

/** The data layer's outputs, for the edge and compute layers. */
export function readData(cfg: PlatformConfig): Imported<DataOutputs> {
  return readUpstream(cfg, dataContract);
}
