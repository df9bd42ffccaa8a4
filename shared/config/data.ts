import { BackupVerificationConfig, readBackupVerification } from "./backupCheck";
import { ConfigError } from "./errors";
import { LOG_RETENTION_DAYS } from "./network";
import { ConfigReader } from "./reader";

export type DatabaseEngine = "aurora-mysql" | "aurora-postgresql";

/** The port each engine listens on; the network layer opens it from the service group. */
export const ENGINE_PORTS: Readonly<Record<DatabaseEngine, number>> = {
  "aurora-mysql": 3306,
  "aurora-postgresql": 5432,
};

/**
 * The default engine version: Aurora MySQL 3.10 (MySQL 8.0.42), a long-term
 * support (LTS) minor version, at its latest patch in the release notes
 * (3.10.4, 2026-03-30). LTS minor versions stay creatable for at least three
 * years; AWS recommends turning automatic minor upgrades off for them.
 */
export const DEFAULT_ENGINE_VERSION = "8.0.mysql_aurora.3.10.4";

/** A full Aurora MySQL 3 version: `8.0.mysql_aurora.3.<minor>.<patch>`. */
export const ENGINE_VERSION_PATTERN = /^8\.0\.mysql_aurora\.3\.\d{2}\.\d{1,2}$/;

/** The log types Aurora MySQL can export to CloudWatch Logs that the platform supports. */
export const DB_LOG_TYPES = ["audit", "error", "general", "slowquery"] as const;
export type DbLogType = (typeof DB_LOG_TYPES)[number];

/** The instance class for Aurora Serverless v2 instances. */
export const SERVERLESS_CLASS = "db.serverless";

/** How the instances get their capacity. */
export type DbCapacity =
  /** Every instance of one provisioned class, such as db.r6g.large. */
  | { readonly kind: "provisioned"; readonly instanceClass: string }
  /** Aurora Serverless v2 (`db.serverless`), scaling each instance between the ACU bounds. */
  | { readonly kind: "serverless"; readonly minAcu: number; readonly maxAcu: number };

/** The data layer's settings. */
export interface DataConfig {
  readonly engine: DatabaseEngine;
  /** The engine's port, derived from `engine`. */
  readonly port: number;
  /** The full engine version the cluster is created with. */
  readonly engineVersion: string;
  /** AWS applies minor versions in the maintenance window; the configured version is then only the creation version. */
  readonly autoMinorVersionUpgrade: boolean;
  readonly capacity: DbCapacity;
  /** Read replicas after the writer, each in its own AZ (1 or 2). */
  readonly readerCount: number;
  readonly databaseName: string;
  readonly masterUsername: string;
  /** Rotation period of the RDS-managed master user secret, in days. */
  readonly masterPasswordRotationDays: number;
  readonly backupRetentionDays: number;
  /** Daily automated backup window, `hh:mm-hh:mm` UTC. */
  readonly backupWindow: string;
  /** Weekly maintenance window, `ddd:hh:mm-ddd:hh:mm` UTC. */
  readonly maintenanceWindow: string;
  /** Log types exported to CloudWatch Logs; the parameter group turns on exactly these. */
  readonly logExports: readonly DbLogType[];
  /** Retention of the exported log groups, in days. */
  readonly logRetentionDays: number;
  /** Encrypt storage, Performance Insights and the secrets with a customer-managed KMS key (with rotation) instead of AWS-managed keys. */
  readonly customerManagedKey: boolean;
  /** The default `max_connections` of each instance, derived from the capacity. */
  readonly maxConnections: number;
  /** The daily check of the newest automated snapshot; absent when `dbBackupVerification` is off. */
  readonly backupVerification?: BackupVerificationConfig;
}

/** What the data layer's defaults derive from. */
export interface DataDefaults {
  /** The system name: default database name and master username prefix. */
  readonly system: string;
  /** Production stacks default to a customer-managed KMS key. */
  readonly production: boolean;
}

/**
 * The default `max_connections` of Aurora MySQL per provisioned instance
 * class, as tabulated in the Aurora User Guide ("Maximum connections to an
 * Aurora MySQL DB instance"), for the classes Aurora MySQL 3 runs on. It
 * derives from instance memory, so classes of one size share a figure across
 * generations.
 */
export const MAX_CONNECTIONS_BY_CLASS: Readonly<Record<string, number>> = {
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
};

function sizes(family: string, bySize: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(bySize).map(([size, n]) => [`${family}.${size}`, n]));
}

/**
 * The default `max_connections` of Aurora MySQL Serverless v2 instances by
 * the cluster's maximum ACU (Aurora User Guide, "Maximum connections for
 * Aurora Serverless v2"): the figure follows the memory of the maximum
 * capacity, not the current one. Rows are ascending by ACU; the table ends at
 * 128 ACUs, so a larger maximum is credited with the 128 ACU figure.
 */
export const SERVERLESS_MAX_CONNECTIONS: readonly (readonly [maxAcu: number, maxConnections: number])[] = [
  [1, 90],
  [4, 135],
  [8, 1000],
  [16, 2000],
  [32, 3000],
  [64, 4000],
  [128, 5000],
];

const CLASS_ALLOWED = `"${SERVERLESS_CLASS}" or a class with a documented max_connections: ${Object.keys(MAX_CONNECTIONS_BY_CLASS).join(", ")}`;

/**
 * The default `max_connections` of every instance of the cluster. For
 * Serverless v2 it is the figure of the largest table row at or below the
 * maximum ACU (never an overestimate). A class outside the table is rejected
 * rather than guessed.
 */
export function maxConnectionsFor(capacity: DbCapacity): number {
  if (capacity.kind === "serverless") {
    const row = [...SERVERLESS_MAX_CONNECTIONS].reverse().find(([acu]) => acu <= capacity.maxAcu);
    if (!row) throw new ConfigError("dbServerlessMaxAcu", capacity.maxAcu, "a number from 1 to 256 in steps of 0.5");
    return row[1];
  }
  const figure = MAX_CONNECTIONS_BY_CLASS[capacity.instanceClass];
  if (figure === undefined) throw new ConfigError("dbInstanceClass", capacity.instanceClass, CLASS_ALLOWED);
  return figure;
}

/** A time window in minutes: of the day (backup) or of the week from Monday 00:00 (maintenance). `end` < `start` wraps. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

export const MINUTES_PER_DAY = 24 * 60;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** AWS's minimum length of the backup and the maintenance window. */
export const MIN_WINDOW_MINUTES = 30;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const DAILY_ALLOWED = "a daily UTC window hh:mm-hh:mm of at least 30 minutes, e.g. 03:00-04:00";
const WEEKLY_ALLOWED = "a weekly UTC window ddd:hh:mm-ddd:hh:mm of at least 30 minutes with lowercase days, e.g. mon:04:00-mon:05:00";

function clock(h: string, m: string): number | undefined {
  const hours = Number(h);
  const minutes = Number(m);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}

/** The length of a window in minutes on a circle of `period` minutes (a wrapping window runs through the boundary). */
export function windowLength(w: Window, period: number): number {
  return (w.end - w.start + period) % period;
}

/** Parses the backup window `hh:mm-hh:mm` (UTC); it may wrap midnight. Throws a ConfigError for `key`. */
export function parseDailyWindow(key: string, text: string): Window {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  const start = m ? clock(m[1], m[2]) : undefined;
  const end = m ? clock(m[3], m[4]) : undefined;
  if (start === undefined || end === undefined || windowLength({ start, end }, MINUTES_PER_DAY) < MIN_WINDOW_MINUTES) {
    throw new ConfigError(key, text, DAILY_ALLOWED);
  }
  return { start, end };
}

/** Parses the maintenance window `ddd:hh:mm-ddd:hh:mm` (UTC); it may wrap the week (sun to mon). Throws a ConfigError for `key`. */
export function parseWeeklyWindow(key: string, text: string): Window {
  const m = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/.exec(text);
  const at = (day: string, h: string, mm: string) => {
    const d = (DAYS as readonly string[]).indexOf(day);
    const t = clock(h, mm);
    return d < 0 || t === undefined ? undefined : d * MINUTES_PER_DAY + t;
  };
  const start = m ? at(m[1], m[2], m[3]) : undefined;
  const end = m ? at(m[4], m[5], m[6]) : undefined;
  if (start === undefined || end === undefined || windowLength({ start, end }, MINUTES_PER_WEEK) < MIN_WINDOW_MINUTES) {
    throw new ConfigError(key, text, WEEKLY_ALLOWED);
  }
  return { start, end };
}

/** The half-open minute ranges of the week a window covers, split where it wraps the week. */
function weekRanges(start: number, length: number): [number, number][] {
  const s = start % MINUTES_PER_WEEK;
  const e = s + length;
  return e <= MINUTES_PER_WEEK ? [[s, e]] : [[s, MINUTES_PER_WEEK], [0, e - MINUTES_PER_WEEK]];
}

/** True when the daily backup window, on any day of the week, shares a minute with the weekly maintenance window. */
export function windowsOverlap(backup: Window, maintenance: Window): boolean {
  const maintenanceRanges = weekRanges(maintenance.start, windowLength(maintenance, MINUTES_PER_WEEK));
  const backupLength = windowLength(backup, MINUTES_PER_DAY);
  return DAYS.some((_, day) =>
    weekRanges(day * MINUTES_PER_DAY + backup.start, backupLength).some(([bs, be]) =>
      maintenanceRanges.some(([ms, me]) => bs < me && ms < be),
    ),
  );
}

/**
 * The exported log types each require these cluster parameters; every
 * parameter not required by an exported type is turned off, so the cluster
 * produces exactly the logs it exports. Aurora MySQL writes the error log
 * always; the others must be turned on, and written to files
 * (`log_output = FILE`) to be published.
 */
export function logParameters(exports: readonly DbLogType[]): Readonly<Record<string, string>> {
  const on = (type: DbLogType) => exports.includes(type);
  return {
    slow_query_log: on("slowquery") ? "1" : "0",
    general_log: on("general") ? "1" : "0",
    server_audit_logging: on("audit") ? "1" : "0",
    ...(on("slowquery") ? { long_query_time: "1" } : {}),
    ...(on("audit") ? { server_audit_events: "CONNECT,QUERY_DCL,QUERY_DDL" } : {}),
    ...(on("slowquery") || on("general") ? { log_output: "FILE" } : {}),
  };
}

/** MySQL 8.0's reserved words (the keywords marked (R) in the MySQL reference manual), lowercase. */
export const MYSQL_RESERVED_WORDS: ReadonlySet<string> = new Set(
  `accessible add all alter analyze and as asc asensitive before between bigint binary blob both by call cascade case change
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
  write xor year_month zerofill`.split(/\s+/),
);

/** The accounts RDS creates in every Aurora MySQL cluster for itself; the master user cannot take their names. */
export const RDS_RESERVED_USERNAMES: ReadonlySet<string> = new Set(["rdsadmin", "rdsrepladmin", "rdsproxyadmin"]);

const DATABASE_NAME_ALLOWED =
  "1 to 64 letters, digits and underscores, starting with a letter, not a MySQL reserved word";
const USERNAME_ALLOWED =
  "1 to 16 letters and digits, starting with a letter, not a MySQL reserved word nor an RDS account (rdsadmin, rdsrepladmin, rdsproxyadmin)";

/** Validates the initial database name against RDS's and MySQL's rules. Throws a ConfigError for `dbName`. */
export function validateDatabaseName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) || MYSQL_RESERVED_WORDS.has(name.toLowerCase())) {
    throw new ConfigError("dbName", name, DATABASE_NAME_ALLOWED);
  }
  return name;
}

/** Validates the master username against RDS's rules for Aurora clusters. Throws a ConfigError for `dbMasterUsername`. */
export function validateMasterUsername(name: string): string {
  const lower = name.toLowerCase();
  if (!/^[A-Za-z][A-Za-z0-9]{0,15}$/.test(name) || MYSQL_RESERVED_WORDS.has(lower) || RDS_RESERVED_USERNAMES.has(lower)) {
    throw new ConfigError("dbMasterUsername", name, USERNAME_ALLOWED);
  }
  return name;
}

export function readDataConfig(r: ConfigReader, defaults: DataDefaults): DataConfig {
  const engine = r.oneOf<DatabaseEngine>("databaseEngine", ["aurora-mysql"], {
    doc: "The Aurora engine. The data layer builds Aurora MySQL 3 (MySQL 8.0 compatible), the order API's engine.",
    default: "aurora-mysql",
  });
  const engineVersion = r.string("dbEngineVersion", {
    doc: "The full Aurora MySQL 3 version the cluster is created with; with automatic minor upgrades off, changing it upgrades the cluster in the next maintenance window.",
    default: DEFAULT_ENGINE_VERSION,
    pattern: ENGINE_VERSION_PATTERN,
    allowed: `a full Aurora MySQL 3 version such as ${DEFAULT_ENGINE_VERSION}`,
  });
  const autoMinorVersionUpgrade = r.boolean("dbAutoMinorVersionUpgrade", {
    doc: "Let AWS apply new minor versions in the maintenance window; the configured version then only sets the creation version and later differences are ignored.",
    default: false,
  });
  const instanceClass = r.string("dbInstanceClass", {
    doc: "The instance class of the writer and the readers, or db.serverless for Aurora Serverless v2.",
    default: "db.r6g.large",
    pattern: /^db\.[a-z0-9]+(\.[a-z0-9]+)?$/,
    allowed: CLASS_ALLOWED,
  });
  const minAcu = r.decimal("dbServerlessMinAcu", {
    doc: "Aurora Serverless v2 minimum capacity of each instance, in ACUs (only with db.serverless); AWS advises at least 2 with Performance Insights, which is always on.",
    default: 2,
    min: 0.5,
    max: 256,
    step: 0.5,
  });
  const maxAcu = r.decimal("dbServerlessMaxAcu", {
    doc: "Aurora Serverless v2 maximum capacity of each instance, in ACUs (only with db.serverless); max_connections follows it.",
    default: 16,
    min: 1,
    max: 256,
    step: 0.5,
  });
  if (maxAcu < minAcu) throw new ConfigError("dbServerlessMaxAcu", maxAcu, `a number of at least dbServerlessMinAcu (${minAcu})`);
  const capacity: DbCapacity =
    instanceClass === SERVERLESS_CLASS ? { kind: "serverless", minAcu, maxAcu } : { kind: "provisioned", instanceClass };
  const readerCount = r.integer("dbReaderCount", {
    doc: "Read replicas after the writer, each in a different AZ of the network layer (three AZs leave room for two).",
    default: 1,
    min: 1,
    max: 2,
  });
  const databaseName = validateDatabaseName(
    r.string("dbName", {
      doc: "The database created in the cluster.",
      default: defaults.system,
      defaultDoc: "the system name (orders)",
      allowed: DATABASE_NAME_ALLOWED,
    }),
  );
  const masterUsername = validateMasterUsername(
    r.string("dbMasterUsername", {
      doc: "The master user; its password is generated, stored and rotated by RDS in Secrets Manager.",
      default: `${defaults.system}admin`,
      defaultDoc: "the system name followed by admin (ordersadmin)",
      allowed: USERNAME_ALLOWED,
    }),
  );
  const masterPasswordRotationDays = r.integer("dbMasterPasswordRotationDays", {
    doc: "Days between rotations of the RDS-managed master password.",
    default: 30,
    min: 1,
    max: 365,
  });
  const backupRetentionDays = r.integer("dbBackupRetentionDays", {
    doc: "Days automated backups are kept.",
    default: 7,
    min: 1,
    max: 35,
  });
  const backupWindow = r.string("dbBackupWindow", { doc: "The daily automated backup window, UTC.", default: "03:00-04:00", allowed: DAILY_ALLOWED });
  const maintenanceWindow = r.string("dbMaintenanceWindow", {
    doc: "The weekly maintenance window, UTC; it must not overlap the backup window on any day.",
    default: "mon:04:00-mon:05:00",
    allowed: WEEKLY_ALLOWED,
  });
  const backup = parseDailyWindow("dbBackupWindow", backupWindow);
  const maintenance = parseWeeklyWindow("dbMaintenanceWindow", maintenanceWindow);
  if (windowsOverlap(backup, maintenance)) {
    throw new ConfigError("dbMaintenanceWindow", maintenanceWindow, `a window that does not overlap dbBackupWindow (${backupWindow}) on any day`);
  }
  const backupVerification = readBackupVerification(r, backupWindow);
  const logAllowed = `a list of distinct log types from ${DB_LOG_TYPES.join(", ")}`;
  const logExports = r.stringList("dbLogExports", {
    doc: "Log types exported to CloudWatch Logs; the parameter group turns on exactly these.",
    default: ["audit", "error", "slowquery"],
    item: new RegExp(`^(${DB_LOG_TYPES.join("|")})$`),
    allowed: logAllowed,
  });
  if (new Set(logExports).size !== logExports.length) throw new ConfigError("dbLogExports", logExports, logAllowed);
  const logRetentionDays = r.integerIn("dbLogRetentionDays", LOG_RETENTION_DAYS, {
    doc: "Retention of the database's CloudWatch log groups, in days.",
    default: 30,
  });
  const customerManagedKey = r.boolean("dbCustomerManagedKey", {
    doc: "Encrypt the cluster, Performance Insights and the secrets with a customer-managed KMS key with yearly rotation instead of AWS-managed keys.",
    default: defaults.production,
    defaultDoc: "true when environment is production, else false",
  });
  return {
    engine,
    port: ENGINE_PORTS[engine],
    engineVersion,
    autoMinorVersionUpgrade,
    capacity,
    readerCount,
    databaseName,
    masterUsername,
    masterPasswordRotationDays,
    backupRetentionDays,
    backupWindow,
    maintenanceWindow,
    logExports: [...DB_LOG_TYPES].filter((t) => logExports.includes(t)),
    logRetentionDays,
    customerManagedKey,
    maxConnections: maxConnectionsFor(capacity),
    ...(backupVerification === undefined ? {} : { backupVerification }),
  };
}
