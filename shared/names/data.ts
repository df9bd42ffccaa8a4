import { NameKind } from "../naming";

/**
 * The data layer's physical names. The instances are numbered rather than
 * called writer and readers: after a failover any of them may be the writer.
 * A cluster parameter group's family cannot change, so each family has its
 * own name: a PostgreSQL major upgrade creates the new group beside the old
 * one instead of colliding with its name.
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
} as const satisfies Record<string, NameKind>;
