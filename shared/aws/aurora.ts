import { fact } from "./fact";

/** The Aurora engines, as the tables name them. */
export type AuroraEngine = "aurora-mysql" | "aurora-postgresql";

/**
 * The default `max_connections` of Aurora MySQL per provisioned instance
 * class, as tabulated in the Aurora User Guide ("Maximum connections to an
 * Aurora MySQL DB instance"), for the classes Aurora MySQL 3 runs on. It
 * derives from instance memory, so classes of one size share a figure across
 * generations.
 */
export const AURORA_MYSQL_MAX_CONNECTIONS = fact({
  value: {
  "db.t3.medium": 90,
  "db.t3.large": 135,
  "db.t4g.medium": 90,
  "db.t4g.large": 135,
  ...sizes("db.r5", { large: 1000, xlarge: 2000, "2xlarge": 3000, "4xlarge": 4000, "8xlarge": 5000, "12xlarge": 6000, "16xlarge": 6000, "24xlarge": 7000 }),
  ...sizes("db.r6g", { large: 1000, xlarge: 2000, "2xlarge": 3000, "4xlarge": 4000, "8xlarge": 5000, "12xlarge": 6000, "16xlarge": 6000 }),
  ...sizes("db.r6i", { large: 1000, xlarge: 2000, "2xlarge": 3000, "4xlarge": 4000, "8xlarge": 5000, "12xlarge": 6000, "16xlarge": 6000, "24xlarge": 7000, "32xlarge": 7000 }),
  ...sizes("db.r7g", { large: 1000, xlarge: 2000, "2xlarge": 3000, "4xlarge": 4000, "8xlarge": 5000, "12xlarge": 6000, "16xlarge": 6000 }),
  ...sizes("db.r7i", { large: 1000, xlarge: 2000, "2xlarge": 3000, "4xlarge": 4000, "8xlarge": 5000, "12xlarge": 6000, "16xlarge": 6000, "24xlarge": 7000, "48xlarge": 8000 }),
  ...sizes("db.r8g", { large: 1000, xlarge: 2000, "2xlarge": 3000, "4xlarge": 4000, "8xlarge": 5000, "12xlarge": 6000, "16xlarge": 6000, "24xlarge": 7000, "48xlarge": 8000 }),
  ...sizes("db.x2g", { large: 2000, xlarge: 3000, "2xlarge": 4000, "4xlarge": 5000, "8xlarge": 6000, "12xlarge": 7000, "16xlarge": 7000 }),
  } as Readonly<Record<string, number>>,
  source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html#AuroraMySQL.Managing.MaxConnections",
  read: "2026-12-03",
});

export const MAX_CONNECTIONS_BY_CLASS = AURORA_MYSQL_MAX_CONNECTIONS.value;

function sizes(family: string, bySize: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(bySize).map(([size, n]) => [`${family}.${size}`, n]));
}

/**
 * The default `max_connections` of Serverless v2 instances by the cluster's
 * maximum ACU, per engine (Aurora User Guide, "Maximum connections for Aurora
 * Serverless v2"): the figure follows the memory of the maximum capacity, not
 * the current one. Rows are ascending by ACU; the table ends at 128 ACUs, so a
 * larger maximum is credited with the 128 ACU figure.
 */
export const SERVERLESS_V2_MAX_CONNECTIONS = fact({
  value: {
  "aurora-mysql": [
    [1, 90],
    [4, 135],
    [8, 1000],
    [16, 2000],
    [32, 3000],
    [64, 4000],
    [128, 5000],
  ],
  "aurora-postgresql": [
    [1, 189],
    [4, 823],
    [8, 1669],
    [16, 3360],
    [32, 5000],
    [64, 5000],
    [128, 5000],
  ],
  } as Readonly<Record<AuroraEngine, readonly (readonly [maxAcu: number, maxConnections: number])[]>>,
  source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections",
  read: "2026-12-03",
  note: "the table ends at 128 ACUs",
});

export const SERVERLESS_MAX_CONNECTIONS = SERVERLESS_V2_MAX_CONNECTIONS.value;

/** Aurora PostgreSQL Serverless v2 caps `max_connections` at this figure when the minimum capacity is 0.5 ACU (Aurora User Guide, same section). */
export const POSTGRESQL_HALF_ACU_CAP = fact({
  value: 2000,
  source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections",
  read: "2026-12-03",
});

export const POSTGRESQL_HALF_ACU_MAX_CONNECTIONS = POSTGRESQL_HALF_ACU_CAP.value;
