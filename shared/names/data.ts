import { NameKind } from "../naming";

/**
 * The data layer's physical names. The instances are numbered rather than
 * called writer and readers: after a failover any of them may be the writer.
 * A cluster parameter group's family cannot change, so each family has its
 * own name: a PostgreSQL major upgrade creates the new group beside the old
 * one instead of colliding with its name.
 * The cache's subnet group shares the replication group's name (ElastiCache's
 * subnet group rule, 255 characters, is the looser one).
 */
export const DATA_NAMES = {
  dbCluster: { type: "aurora", rule: "rds" },
  dbInstance1: { type: "aurora-1", rule: "rds" },
  dbInstance2: { type: "aurora-2", rule: "rds" },
  dbInstance3: { type: "aurora-3", rule: "rds" },
  dbSubnetGroup: { type: "db-subnets", rule: "rds" },
  dbClusterParameterGroup: { type: "aurora-mysql8", rule: "rds" },
  dbClusterParameterGroupPg14: { type: "aurora-pg14", rule: "rds" },
  dbClusterParameterGroupPg15: { type: "aurora-pg15", rule: "rds" },
  dbClusterParameterGroupPg16: { type: "aurora-pg16", rule: "rds" },
  dbClusterParameterGroupPg17: { type: "aurora-pg17", rule: "rds" },
  dbFinalSnapshot: { type: "aurora-final", rule: "rds" },
  dbKmsAlias: { type: "db", rule: "kmsAlias", prefix: "alias/" },
  appSecret: { type: "payment", rule: "secret" },
  cacheReplicationGroup: { type: "cache", rule: "elasticache" },
  cacheSubnetGroup: { type: "cache", rule: "elasticache" },
  cacheFinalSnapshot: { type: "cache-final", rule: "elasticache" },
  cacheSlowLogGroup: { type: "cache-slow-log", rule: "logGroup" },
  cacheSecret: { type: "cache", rule: "secret" },
  backupCheckFunction: { type: "backup-check", rule: "lambda" },
  /** The log group Lambda writes the function's logs to by default, created by the platform with a retention period. */
  backupCheckLogGroup: { type: "backup-check", rule: "logGroup", prefix: "/aws/lambda/" },
  backupCheckRole: { type: "backup-check", rule: "iamRole" },
  backupCheckSchedule: { type: "backup-check", rule: "eventRule" },
  dbAppUserSecret: { type: "db-app-user", rule: "secret" },
  dbUserBootstrapFunction: { type: "db-user-bootstrap", rule: "lambda" },
  dbUserBootstrapLogGroup: { type: "db-user-bootstrap", rule: "logGroup", prefix: "/aws/lambda/" },
  dbUserBootstrapRole: { type: "db-user-bootstrap", rule: "iamRole" },
  dbUserRotationFunction: { type: "db-user-rotation", rule: "lambda" },
  dbUserRotationLogGroup: { type: "db-user-rotation", rule: "logGroup", prefix: "/aws/lambda/" },
  dbUserRotationRole: { type: "db-user-rotation", rule: "iamRole" },
} as const satisfies Record<string, NameKind>;
