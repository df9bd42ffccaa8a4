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
    ...sizes("db.r5", {
      large: 1000,
      xlarge: 2000,
      "2xlarge": 3000,
      "4xlarge": 4000,
      "8xlarge": 5000,
      "12xlarge": 6000,
      "16xlarge": 6000,
      "24xlarge": 7000,
    }),
    ...sizes("db.r6g", {
      large: 1000,
      xlarge: 2000,
      "2xlarge": 3000,
      "4xlarge": 4000,
      "8xlarge": 5000,
      "12xlarge": 6000,
      "16xlarge": 6000,
    }),
    ...sizes("db.r6i", {
      large: 1000,
      xlarge: 2000,
      "2xlarge": 3000,
      "4xlarge": 4000,
      "8xlarge": 5000,
      "12xlarge": 6000,
      "16xlarge": 6000,
      "24xlarge": 7000,
      "32xlarge": 7000,
    }),
    ...sizes("db.r7g", {
      large: 1000,
      xlarge: 2000,
      "2xlarge": 3000,
      "4xlarge": 4000,
      "8xlarge": 5000,
      "12xlarge": 6000,
      "16xlarge": 6000,
    }),
    ...sizes("db.r7i", {
      large: 1000,
      xlarge: 2000,
      "2xlarge": 3000,
      "4xlarge": 4000,
      "8xlarge": 5000,
      "12xlarge": 6000,
      "16xlarge": 6000,
      "24xlarge": 7000,
      "48xlarge": 8000,
    }),
    ...sizes("db.r8g", {
      large: 1000,
      xlarge: 2000,
      "2xlarge": 3000,
      "4xlarge": 4000,
      "8xlarge": 5000,
      "12xlarge": 6000,
      "16xlarge": 6000,
      "24xlarge": 7000,
      "48xlarge": 8000,
    }),
    ...sizes("db.x2g", {
      large: 2000,
      xlarge: 3000,
      "2xlarge": 4000,
      "4xlarge": 5000,
      "8xlarge": 6000,
      "12xlarge": 7000,
      "16xlarge": 7000,
    }),
  } as Readonly<Record<string, number>>,
  source:
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html#AuroraMySQL.Managing.MaxConnections",
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
  source:
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections",
  read: "2026-12-03",
  note: "the table ends at 128 ACUs",
});

export const SERVERLESS_MAX_CONNECTIONS = SERVERLESS_V2_MAX_CONNECTIONS.value;

/** Aurora PostgreSQL Serverless v2 caps `max_connections` at this figure when the minimum capacity is 0.5 ACU (Aurora User Guide, same section). */
export const POSTGRESQL_HALF_ACU_CAP = fact({
  value: 2000,
  source:
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections",
  read: "2026-12-03",
});

export const POSTGRESQL_HALF_ACU_MAX_CONNECTIONS = POSTGRESQL_HALF_ACU_CAP.value;

const AUTO_PAUSE_PAGE = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html";

/**
 * The engine versions that accept a Serverless v2 minimum of 0 ACUs, the
 * automatic pause (Aurora User Guide, "Scaling to Zero ACUs with automatic
 * pause and resume for Aurora Serverless v2", Prerequisites and
 * Limitations): Aurora MySQL 3.08.0 or higher; Aurora PostgreSQL at least
 * the minor version given per major. "You can't turn on auto-pause if you're
 * using an engine version that doesn't support it."
 */
export const AURORA_AUTO_PAUSE_VERSIONS = fact({
  value: {
    /** The lowest Aurora MySQL 3 version, as [major, minor, patch] of `8.0.mysql_aurora.<major>.<minor>.<patch>`. */
    mysql: [3, 8, 0] as readonly [number, number, number],
    /** The lowest minor version per PostgreSQL major; a major not listed is newer than the feature (17) and supports it throughout. */
    postgresql: { 13: 15, 14: 12, 15: 7, 16: 3 } as Readonly<Record<number, number>>,
  },
  source: `${AUTO_PAUSE_PAGE}#auto-pause-prereqs`,
  read: "2026-12-03",
  note: "the page lists PostgreSQL 16.3, 15.7, 14.12 and 13.15; PostgreSQL 17, first released on Aurora after the feature, is not named there and is taken as supported in every minor version",
});

/**
 * How long an idle Serverless v2 instance waits before it pauses
 * (`SecondsUntilAutoPause`): 300 to 86,400 seconds, 300 when not given; the
 * property exists only while the minimum capacity is 0 ACUs.
 */
export const AURORA_AUTO_PAUSE_DELAY = fact({
  value: { min: 300, max: 86_400, default: 300 },
  source: `${AUTO_PAUSE_PAGE}#auto-pause-timeout`,
  read: "2026-12-03",
  note: "the same range in the RDS API Reference (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html)",
});

/**
 * What the first connection to a paused instance waits (same page, "What
 * happens when auto-paused Aurora Serverless v2 instances resume"): about 15
 * seconds, 30 seconds or longer after more than 24 hours paused (a deeper
 * sleep); AWS advises client connection timeouts above these and retries.
 */
export const AURORA_AUTO_PAUSE_RESUME_SECONDS = fact({
  value: { typical: 15, afterADay: 30 },
  source: `${AUTO_PAUSE_PAGE}#auto-pause-resuming`,
  read: "2026-12-03",
});

/**
 * The minimum capacity AWS recommends with Performance Insights on (Aurora
 * User Guide, "Choosing the minimum Aurora Serverless v2 capacity setting for
 * a cluster": "Performance Insights – 2 ACUs", "subject to change"). A
 * recommendation, not a limit: AWS accepts a lower minimum, but Performance
 * Insights "can increase resource usage and prevent the database from
 * scaling down to minimum capacity" (the same page, Troubleshooting).
 */
export const SERVERLESS_PERFORMANCE_INSIGHTS_MIN_ACU = fact({
  value: 2,
  source:
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.min_capacity_considerations",
  read: "2026-12-03",
});

/**
 * The longest initial database name each engine accepts (RDS API,
 * CreateDBInstance `DBName`: 1 to 64 alphanumeric characters for Aurora
 * MySQL, 1 to 63 for Aurora PostgreSQL).
 */
export const AURORA_MAX_DATABASE_NAME_LENGTH = fact({
  value: { "aurora-mysql": 64, "aurora-postgresql": 63 } as Readonly<Record<AuroraEngine, number>>,
  source:
    "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/db-name.html",
  read: "2026-12-03",
  note: "the RDS API model's DBName text, the same as the RDS API Reference (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html)",
});

/** MySQL 8.0's reserved words (the keywords marked (R) in the MySQL reference manual), lowercase. */
export const MYSQL_8_0_RESERVED_WORDS = fact({
  value: `accessible add all alter analyze and as asc asensitive before between bigint binary blob both by call cascade case change
  char character check collate column condition constraint continue convert create cross cube cume_dist current_date
  current_time current_timestamp current_user cursor database databases day_hour day_microsecond day_minute day_second dec
  decimal declare default delayed delete dense_rank desc describe deterministic distinct distinctrow div double drop dual each
  else elseif empty enclosed escaped except exists exit explain false fetch first_value float float4 float8 for force foreign
  from fulltext function generated get grant group grouping groups having high_priority hour_microsecond hour_minute
  hour_second if ignore in index infile inner inout insensitive insert int int1 int2 int3 int4 int8 integer intersect interval
  into io_after_gtids io_before_gtids is iterate join json_table key keys kill lag last_value lateral lead leading leave left
  like limit linear lines load localtime localtimestamp lock long longblob longtext loop low_priority master_bind
  master_ssl_verify_server_cert match maxvalue mediumblob mediumint mediumtext middleint minute_microsecond minute_second mod
  modifies natural not no_write_to_binlog nth_value ntile null numeric of on optimize optimizer_costs option optionally or
  order out outer outfile over partition percent_rank precision primary procedure purge range rank read reads read_write real
  recursive references regexp release rename repeat replace require resignal restrict return revoke right rlike row rows
  row_number schema schemas second_microsecond select sensitive separator set show signal smallint spatial specific sql
  sqlexception sqlstate sqlwarning sql_big_result sql_calc_found_rows sql_small_result ssl starting stored straight_join system
  table terminated then tinyblob tinyint tinytext to trailing trigger true undo union unique unlock unsigned update usage use
  using utc_date utc_time utc_timestamp values varbinary varchar varcharacter varying virtual when where while window with
  write xor year_month zerofill`.split(/\s+/) as readonly string[],
  source: "https://dev.mysql.com/doc/refman/8.0/en/keywords.html",
  read: "2026-12-03",
  note: "MySQL's page, not AWS's: Aurora MySQL 3 is MySQL 8.0 compatible and RDS rejects a database or user name that is a word reserved by the engine",
});

/**
 * PostgreSQL's reserved key words (SQL Key Words appendix, "reserved" and
 * "reserved (can be function or type)" in the PostgreSQL column), lowercase,
 * and the role names PostgreSQL reserves (`public`, `none`).
 */
export const POSTGRESQL_RESERVED_WORDS = fact({
  value: `all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column
    concurrently constraint create cross current_catalog current_date current_role current_schema current_time
    current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from
    full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime
    localtimestamp natural none not notnull null offset on only or order outer overlaps placing primary public references
    returning right select session_user similar some symmetric system_user table tablesample then to trailing true union
    unique user using variadic verbose when where window with`.split(/\s+/) as readonly string[],
  source: "https://www.postgresql.org/docs/17/sql-keywords-appendix.html",
  read: "2026-12-03",
  note: "PostgreSQL's page, not AWS's; the search reached only mirrors of it (postgrespro.com, access.crunchydata.com), so the URL is the official one. The role names public and none are not on this page",
});

/** The initial database cannot take the name of a database every Aurora PostgreSQL cluster already has. */
export const AURORA_POSTGRESQL_SYSTEM_DATABASES = fact({
  value: ["postgres", "rdsadmin", "template0", "template1"] as readonly string[],
  source:
    "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-cluster-request/database-name.html",
  read: "2026-12-03",
  note: "the page says only that a database named postgres is always created; template0 and template1 are PostgreSQL's template databases (https://www.postgresql.org/docs/current/manage-ag-templatedbs.html) and rdsadmin is RDS's own, which no AWS page the search reached lists",
});

/** Accounts RDS creates in every Aurora MySQL cluster for itself. */
export const AURORA_MYSQL_RESERVED_USERNAMES = fact({
  value: ["rdsadmin", "rdsrepladmin", "rdsproxyadmin"] as readonly string[],
  source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Compare-v84-community.html",
  read: "2026-12-03",
  note: 'the page names rdsproxyadmin and points to "Reserved users in Aurora MySQL", whose own URL the search did not reach; rdsadmin and rdsrepladmin are RDS\'s predefined MySQL users (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.CommonDBATasks.html#Appendix.MySQL.CommonDBATasks.users)',
});

/** Accounts RDS creates in every Aurora PostgreSQL cluster for itself. */
export const AURORA_POSTGRESQL_RESERVED_USERNAMES = fact({
  value: ["rdsadmin", "rdstopmgr"] as readonly string[],
  source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Appendix.PostgreSQL.CommonDBATasks.Roles.html",
  read: "2026-12-03",
  note: "unsourced: the search reached no AWS page that lists rdsadmin and rdstopmgr as Aurora PostgreSQL accounts; this is the page on the roles of an Aurora PostgreSQL cluster",
});

/**
 * The default Aurora MySQL version: 3.10 (MySQL 8.0.42), a long-term support
 * (LTS) minor version, at its latest patch in the release notes (3.10.4,
 * 2026-03-30). LTS minor versions stay creatable for at least three years;
 * AWS recommends turning automatic minor upgrades off for them.
 */
export const AURORA_MYSQL_DEFAULT_VERSION = fact({
  value: "8.0.mysql_aurora.3.10.4",
  source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Update.SpecialVersions.html",
  read: "2026-12-03",
  note: "the page names the LTS minor versions (3.10.*, 3.04.*); the patch level 3.10.4 comes from the release notes (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraMySQLReleaseNotes/AuroraMySQL.Updates.30Updates.html)",
});

/**
 * The default Aurora PostgreSQL version: 16.8, the LTS minor version AWS
 * designates for PostgreSQL 16 (17.7 is the LTS of 17, which has been out for
 * a shorter time). It runs Serverless v2, as every Aurora PostgreSQL 16 minor
 * version does.
 */
export const AURORA_POSTGRESQL_DEFAULT_VERSION = fact({
  value: "16.8",
  source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Updates.LTS.html",
  read: "2026-12-03",
  note: 'the search reached this page only through links to it (Aurora User Guide, "Database engine updates for Amazon Aurora PostgreSQL"), so the URL is the official one',
});

/** The PostgreSQL major versions the platform derives a parameter group family for (Aurora's majors in standard support). */
export const AURORA_POSTGRESQL_MAJOR_VERSIONS = fact({
  value: ["14", "15", "16", "17"] as const,
  source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html",
  read: "2026-12-03",
  note: "the search reached this page through the release notes' index (AuroraPostgreSQLReleaseNotes/llms.txt), not its text",
});
