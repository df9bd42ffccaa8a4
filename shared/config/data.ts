import {
  AURORA_AUTO_PAUSE_DELAY,
  AURORA_AUTO_PAUSE_RESUME_SECONDS,
  AURORA_AUTO_PAUSE_VERSIONS,
  AURORA_MAX_DATABASE_NAME_LENGTH,
  AURORA_MYSQL_DEFAULT_VERSION,
  AURORA_MYSQL_RESERVED_USERNAMES,
  AURORA_POSTGRESQL_DEFAULT_VERSION,
  AURORA_POSTGRESQL_MAJOR_VERSIONS,
  AURORA_POSTGRESQL_RESERVED_USERNAMES,
  AURORA_POSTGRESQL_SYSTEM_DATABASES,
  MAX_CONNECTIONS_BY_CLASS,
  MYSQL_8_0_RESERVED_WORDS,
  POSTGRESQL_HALF_ACU_MAX_CONNECTIONS,
  POSTGRESQL_RESERVED_WORDS,
  SERVERLESS_MAX_CONNECTIONS,
  SERVERLESS_PERFORMANCE_INSIGHTS_MIN_ACU,
} from "../aws/aurora";
import { BackupVerificationConfig, readBackupVerification } from "./backupCheck";
import { ConfigError } from "./errors";
import { LOG_RETENTION_DAYS } from "./network";
import { isProduction, PLATFORM } from "./platform";
import { group, key, Scope, Settings, Values } from "./spec";

export type DatabaseEngine = "aurora-mysql" | "aurora-postgresql";

/** The instance class for Aurora Serverless v2 instances. */
export const SERVERLESS_CLASS = "db.serverless";

export const DATABASE_ENGINES: readonly DatabaseEngine[] = ["aurora-mysql", "aurora-postgresql"];

/** The log types Aurora MySQL can export to CloudWatch Logs that the platform supports. */
export const MYSQL_LOG_TYPES = ["audit", "error", "general", "slowquery"] as const;
/**
 * The log types Aurora PostgreSQL can export that the platform supports. AWS
 * also lists `instance` and `iam-db-auth-error`; the platform leaves them out:
 * IAM database authentication is off, and the instance log's version
 * requirements are not documented where the platform could verify them.
 */
export const POSTGRESQL_LOG_TYPES = ["postgresql"] as const;
/** Every log type of every engine; which ones a stack may export depends on its engine. */
export const DB_LOG_TYPES = [...MYSQL_LOG_TYPES, ...POSTGRESQL_LOG_TYPES] as const;
export type DbLogType = (typeof DB_LOG_TYPES)[number];

/** What differs between the engines; every engine-specific setting derives from this table. */
export interface EngineRules {
  /** The engine as the docs and error messages name it. */
  readonly label: string;
  /** The SQL dialect, as the reserved-word rules name it. */
  readonly dialect: string;
  /** The port the engine listens on; the network layer opens it from the service group. */
  readonly port: number;
  readonly defaultVersion: string;
  readonly defaultInstanceClass: string;
  /** A full engine version the platform knows how to derive a parameter group family from. */
  readonly versionPattern: RegExp;
  readonly versionAllowed: string;
  /** The log types the platform can export, in canonical order. */
  readonly logTypes: readonly DbLogType[];
  readonly defaultLogExports: readonly DbLogType[];
  /** The longest initial database name AWS accepts. */
  readonly maxDatabaseNameLength: number;
  /** Words the engine reserves, lowercase: neither a database name nor a user name. */
  readonly reservedWords: ReadonlySet<string>;
  /** Databases that exist in every cluster of the engine. */
  readonly reservedDatabaseNames: ReadonlySet<string>;
  /** Accounts RDS creates in every cluster of the engine for itself. */
  readonly reservedUsernames: ReadonlySet<string>;
}

/** The PostgreSQL major versions the platform derives a parameter group family for (Aurora's majors in standard support; shared/aws/aurora.ts). */
export const POSTGRESQL_MAJOR_VERSIONS = AURORA_POSTGRESQL_MAJOR_VERSIONS.value;

/** The default Aurora MySQL version, an LTS minor version at its latest patch (shared/aws/aurora.ts). */
export const DEFAULT_MYSQL_VERSION = AURORA_MYSQL_DEFAULT_VERSION.value;

/** The default Aurora PostgreSQL version, the LTS minor version of PostgreSQL 16 (shared/aws/aurora.ts). */
export const DEFAULT_POSTGRESQL_VERSION = AURORA_POSTGRESQL_DEFAULT_VERSION.value;

export const ENGINES: Readonly<Record<DatabaseEngine, EngineRules>> = {
  "aurora-mysql": {
    label: "Aurora MySQL",
    dialect: "MySQL",
    port: 3306,
    defaultVersion: DEFAULT_MYSQL_VERSION,
    defaultInstanceClass: "db.r6g.large",
    versionPattern: /^8\.0\.mysql_aurora\.3\.\d{2}\.\d{1,2}$/,
    versionAllowed: `a full Aurora MySQL 3 version such as ${DEFAULT_MYSQL_VERSION}`,
    logTypes: MYSQL_LOG_TYPES,
    defaultLogExports: ["audit", "error", "slowquery"],
    maxDatabaseNameLength: AURORA_MAX_DATABASE_NAME_LENGTH.value["aurora-mysql"],
    reservedWords: new Set(MYSQL_8_0_RESERVED_WORDS.value),
    reservedDatabaseNames: new Set(),
    reservedUsernames: new Set(AURORA_MYSQL_RESERVED_USERNAMES.value),
  },
  "aurora-postgresql": {
    label: "Aurora PostgreSQL",
    dialect: "PostgreSQL",
    port: 5432,
    defaultVersion: DEFAULT_POSTGRESQL_VERSION,
    // Provisioned classes have no max_connections the platform can state without overestimating (see maxConnectionsFor).
    defaultInstanceClass: SERVERLESS_CLASS,
    versionPattern: new RegExp(`^(${POSTGRESQL_MAJOR_VERSIONS.join("|")})\\.\\d{1,2}$`),
    versionAllowed: `an Aurora PostgreSQL major.minor version of major ${POSTGRESQL_MAJOR_VERSIONS.join(", ")}, such as ${DEFAULT_POSTGRESQL_VERSION}`,
    logTypes: POSTGRESQL_LOG_TYPES,
    defaultLogExports: ["postgresql"],
    maxDatabaseNameLength: AURORA_MAX_DATABASE_NAME_LENGTH.value["aurora-postgresql"],
    reservedWords: new Set(POSTGRESQL_RESERVED_WORDS.value),
    reservedDatabaseNames: new Set(AURORA_POSTGRESQL_SYSTEM_DATABASES.value),
    reservedUsernames: new Set(AURORA_POSTGRESQL_RESERVED_USERNAMES.value),
  },
};

/** Validates the engine version against its engine's pattern. Throws a ConfigError for `dbEngineVersion`. */
export function validateEngineVersion(engine: DatabaseEngine, version: string): string {
  const rules = ENGINES[engine];
  if (!rules.versionPattern.test(version)) throw new ConfigError("dbEngineVersion", version, `for ${engine}, ${rules.versionAllowed}`);
  return version;
}

/**
 * The cluster parameter group family of a validated engine version: one
 * family for all of Aurora MySQL 3, one per major version for PostgreSQL.
 */
export function parameterGroupFamily(engine: DatabaseEngine, version: string): string {
  return engine === "aurora-mysql" ? "aurora-mysql8.0" : `aurora-postgresql${version.split(".")[0]}`;
}

/** Validates the exported log types against the engine's and returns them in canonical order. Throws a ConfigError for `dbLogExports`. */
export function validateLogExports(engine: DatabaseEngine, requested: readonly string[]): DbLogType[] {
  const types: readonly string[] = ENGINES[engine].logTypes;
  if (new Set(requested).size !== requested.length || !requested.every((t) => types.includes(t))) {
    throw new ConfigError("dbLogExports", requested, `for ${engine}, a list of distinct log types from ${types.join(", ")}`);
  }
  return ENGINES[engine].logTypes.filter((t) => requested.includes(t));
}

/** How the instances get their capacity. */
export type DbCapacity =
  /** Every instance of one provisioned class, such as db.r6g.large. */
  | { readonly kind: "provisioned"; readonly instanceClass: string }
  /**
   * Aurora Serverless v2 (`db.serverless`), scaling each instance between the
   * ACU bounds. A minimum of 0 is the automatic pause: an instance without a
   * user connection for `secondsUntilAutoPause` pauses, and is billed no
   * capacity until a connection resumes it (present exactly when `minAcu` is 0).
   */
  | { readonly kind: "serverless"; readonly minAcu: number; readonly maxAcu: number; readonly secondsUntilAutoPause?: number };

const CLASS_ALLOWED: Readonly<Record<DatabaseEngine, string>> = {
  "aurora-mysql": `"${SERVERLESS_CLASS}" or a class with a documented max_connections: ${Object.keys(MAX_CONNECTIONS_BY_CLASS).join(", ")}`,
  "aurora-postgresql": `"${SERVERLESS_CLASS}" (provisioned classes are not supported for aurora-postgresql: their max_connections derives from DBInstanceClassMemory, which AWS does not publish per class)`,
};

/**
 * The default `max_connections` of every instance of the cluster. For
 * Serverless v2 it is the figure of the largest table row at or below the
 * maximum ACU (never an overestimate), capped for PostgreSQL at a 0.5 ACU
 * minimum and at a 0 ACU one (AWS documents the cap for 0.5; applying it to 0
 * too can only underestimate). A provisioned class without a documented
 * figure is rejected rather than guessed: for PostgreSQL that is every class, as its formula
 * divides DBInstanceClassMemory, which is below the nominal memory by an
 * amount AWS does not publish.
 */
export function maxConnectionsFor(engine: DatabaseEngine, capacity: DbCapacity): number {
  if (capacity.kind === "serverless") {
    const row = [...SERVERLESS_MAX_CONNECTIONS[engine]].reverse().find(([acu]) => acu <= capacity.maxAcu);
    if (!row) throw new ConfigError("dbServerlessMaxAcu", capacity.maxAcu, "a number from 1 to 256 in steps of 0.5");
    const halfAcu = engine === "aurora-postgresql" && capacity.minAcu <= 0.5;
    return halfAcu ? Math.min(row[1], POSTGRESQL_HALF_ACU_MAX_CONNECTIONS) : row[1];
  }
  const figure = engine === "aurora-mysql" ? MAX_CONNECTIONS_BY_CLASS[capacity.instanceClass] : undefined;
  if (figure === undefined) throw new ConfigError("dbInstanceClass", capacity.instanceClass, CLASS_ALLOWED[engine]);
  return figure;
}

/** The lowest Aurora MySQL 3 version with the automatic pause, as AWS writes it (3.08.0). */
const AUTO_PAUSE_MYSQL = AURORA_AUTO_PAUSE_VERSIONS.value.mysql.map((n, i) => (i === 1 ? String(n).padStart(2, "0") : String(n))).join(".");

/** The engine versions that accept a minimum of 0 ACUs, per engine, for docs and error messages. */
export const AUTO_PAUSE_VERSIONS_ALLOWED: Readonly<Record<DatabaseEngine, string>> = {
  "aurora-mysql": `Aurora MySQL ${AUTO_PAUSE_MYSQL} or higher`,
  "aurora-postgresql": postgresqlAutoPauseAllowed(),
};

function postgresqlAutoPauseAllowed(): string {
  const floors = AURORA_AUTO_PAUSE_VERSIONS.value.postgresql;
  const listed = POSTGRESQL_MAJOR_VERSIONS.filter((major) => floors[Number(major)] !== undefined);
  const newer = POSTGRESQL_MAJOR_VERSIONS.filter((major) => floors[Number(major)] === undefined);
  return `Aurora PostgreSQL ${listed.map((major) => `${major}.${floors[Number(major)]}`).join(", ")} or a later minor of the same major, or any ${newer.join(", ")}`;
}

/**
 * True when the engine version accepts a Serverless v2 minimum of 0 ACUs
 * (the automatic pause): Aurora MySQL 3.08.0 or higher, Aurora PostgreSQL
 * 14.12, 15.7, 16.3 or higher within the major, and every 17 (see
 * `AURORA_AUTO_PAUSE_VERSIONS`). The version must already be valid for the engine.
 */
export function supportsAutoPause(engine: DatabaseEngine, version: string): boolean {
  const lowest = AURORA_AUTO_PAUSE_VERSIONS.value;
  if (engine === "aurora-mysql") {
    const parts = version.split(".").slice(-3).map(Number);
    const i = parts.findIndex((n, k) => n !== lowest.mysql[k]);
    return i < 0 || parts[i] > lowest.mysql[i];
  }
  const [major, minor] = version.split(".").map(Number);
  const listed = Object.keys(lowest.postgresql).map(Number);
  const minorFloor = lowest.postgresql[major];
  return minorFloor === undefined ? major > Math.max(...listed) : minor >= minorFloor;
}

/** The pause delay's range and default (AWS's), for the key's declaration. */
const PAUSE_DELAY = AURORA_AUTO_PAUSE_DELAY.value;
const RESUME = AURORA_AUTO_PAUSE_RESUME_SECONDS.value;

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
  return e <= MINUTES_PER_WEEK
    ? [[s, e]]
    : [
        [s, MINUTES_PER_WEEK],
        [0, e - MINUTES_PER_WEEK],
      ];
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

/** The slowest statement duration, in milliseconds, that PostgreSQL logs with its text when the postgresql log is exported. */
export const POSTGRESQL_SLOW_STATEMENT_MS = 1000;

/**
 * The exported log types each require these cluster parameters; every
 * parameter not required by an exported type is turned off, so the cluster
 * produces exactly the logs it exports.
 *
 * Aurora MySQL writes the error log always; the others must be turned on, and
 * written to files (`log_output = FILE`) to be published.
 *
 * Aurora PostgreSQL writes its log (errors, failed logins, deadlocks) always;
 * exporting it adds the statements slower than one second, the counterpart of
 * MySQL's slow query log, and lock waits longer than `deadlock_timeout`, the
 * contention a flash sale or a payment retry storm produces. Statement-class
 * logging (`log_statement`) stays off: it would write `ALTER ROLE ... PASSWORD`
 * in clear text to CloudWatch.
 */
export function logParameters(engine: DatabaseEngine, exported: readonly DbLogType[]): Readonly<Record<string, string>> {
  const on = (type: DbLogType) => exported.includes(type);
  if (engine === "aurora-postgresql") {
    return {
      log_min_duration_statement: on("postgresql") ? String(POSTGRESQL_SLOW_STATEMENT_MS) : "-1",
      log_lock_waits: on("postgresql") ? "1" : "0",
    };
  }
  return {
    slow_query_log: on("slowquery") ? "1" : "0",
    general_log: on("general") ? "1" : "0",
    server_audit_logging: on("audit") ? "1" : "0",
    ...(on("slowquery") ? { long_query_time: "1" } : {}),
    ...(on("audit") ? { server_audit_events: "CONNECT,QUERY_DCL,QUERY_DDL" } : {}),
    ...(on("slowquery") || on("general") ? { log_output: "FILE" } : {}),
  };
}

/** The allowed initial database names of an engine, for docs and error messages. */
export function databaseNameAllowed(engine: DatabaseEngine): string {
  const rules = ENGINES[engine];
  const taken = [...rules.reservedDatabaseNames];
  return `1 to ${rules.maxDatabaseNameLength} letters, digits and underscores, starting with a letter, not a ${rules.dialect} reserved word${taken.length > 0 ? ` nor ${taken.join(", ")}` : ""}`;
}

/** The allowed master usernames of an engine, for docs and error messages. */
export function masterUsernameAllowed(engine: DatabaseEngine): string {
  const rules = ENGINES[engine];
  return `1 to 16 letters and digits, starting with a letter, not a ${rules.dialect} reserved word nor an RDS account (${[...rules.reservedUsernames].join(", ")})`;
}

/** Validates the initial database name against RDS's and the engine's rules. Throws a ConfigError for `dbName`. */
export function validateDatabaseName(engine: DatabaseEngine, name: string): string {
  const rules = ENGINES[engine];
  const lower = name.toLowerCase();
  const shape = new RegExp(`^[A-Za-z][A-Za-z0-9_]{0,${rules.maxDatabaseNameLength - 1}}$`);
  if (!shape.test(name) || rules.reservedWords.has(lower) || rules.reservedDatabaseNames.has(lower)) {
    throw new ConfigError("dbName", name, databaseNameAllowed(engine));
  }
  return name;
}

/**
 * Validates the master username against RDS's rules for Aurora clusters
 * (CreateDBCluster: 1 to 16 letters or digits, for both engines). Throws a
 * ConfigError for `dbMasterUsername`.
 */
export function validateMasterUsername(engine: DatabaseEngine, name: string): string {
  const rules = ENGINES[engine];
  const lower = name.toLowerCase();
  if (!/^[A-Za-z][A-Za-z0-9]{0,15}$/.test(name) || rules.reservedWords.has(lower) || rules.reservedUsernames.has(lower)) {
    throw new ConfigError("dbMasterUsername", name, masterUsernameAllowed(engine));
  }
  return name;
}

/** The application username's shape: its clone (`<name>_clone`) fits MySQL's 32 characters and PostgreSQL's group role (`<name>_group`) its 63. */
export const APP_USERNAME_PATTERN = /^[a-z][a-z0-9_]{0,19}$/;

/** The allowed application usernames of an engine, for docs and error messages. */
export function appUsernameAllowed(engine: DatabaseEngine): string {
  const rules = ENGINES[engine];
  return `1 to 20 lowercase letters, digits and underscores, starting with a letter, not ending in _clone or _group, not the master username, not a ${rules.dialect} reserved word nor an RDS account`;
}

/**
 * Validates the application username: its own name (never the master's), and
 * room for the suffixes the alternating users and the PostgreSQL group role add.
 * Throws a ConfigError for `dbAppUsername`.
 */
export function validateAppUsername(engine: DatabaseEngine, name: string, masterUsername: string): string {
  const rules = ENGINES[engine];
  const clash = name === masterUsername.toLowerCase() || rules.reservedWords.has(name) || rules.reservedUsernames.has(name);
  if (!APP_USERNAME_PATTERN.test(name) || clash || /_(clone|group)$/.test(name)) {
    throw new ConfigError("dbAppUsername", name, appUsernameAllowed(engine));
  }
  return name;
}

const databaseEngine = key.oneOf(DATABASE_ENGINES, {
  name: "databaseEngine",
  doc: "The Aurora engine: aurora-mysql (MySQL 8.0 compatible, the order API's) or aurora-postgresql. The port, version rules, parameter group family, TLS parameter, log types and max_connections derive from it.",
  default: "aurora-mysql",
});

/** The engine rules of the stack's engine, for a default that derives from them. */
const rulesOf = (scope: Scope): EngineRules => ENGINES[scope.value(databaseEngine)];

/** The data layer's keys, `db<Property>`. */
export const DATA = group(
  {
    engine: databaseEngine,
    engineVersion: key.string({
      doc: "The full engine version the cluster is created with; with automatic minor upgrades off, changing it upgrades the cluster in the next maintenance window.",
      default: (scope) => rulesOf(scope).defaultVersion,
      defaultDoc: `${DEFAULT_MYSQL_VERSION} (aurora-mysql), ${DEFAULT_POSTGRESQL_VERSION} (aurora-postgresql), both LTS minor versions`,
      allowed: DATABASE_ENGINES.map((e) => `for ${e}, ${ENGINES[e].versionAllowed}`).join("; "),
    }),
    autoMinorVersionUpgrade: key.boolean({
      doc: "Let AWS apply new minor versions in the maintenance window; the configured version then only sets the creation version and later differences are ignored.",
      default: false,
    }),
    instanceClass: key.string({
      doc: "The instance class of the writer and the readers, or db.serverless for Aurora Serverless v2 (the only choice for aurora-postgresql).",
      default: (scope) => rulesOf(scope).defaultInstanceClass,
      defaultDoc: `${ENGINES["aurora-mysql"].defaultInstanceClass} (aurora-mysql), ${ENGINES["aurora-postgresql"].defaultInstanceClass} (aurora-postgresql)`,
      pattern: /^db\.[a-z0-9]+(\.[a-z0-9]+)?$/,
      allowed: DATABASE_ENGINES.map((e) => `for ${e}, ${CLASS_ALLOWED[e]}`).join("; "),
    }),
    serverlessMinAcu: key.decimal({
      doc: `Aurora Serverless v2 minimum capacity of each instance, in ACUs (only with db.serverless). AWS recommends at least ${SERVERLESS_PERFORMANCE_INSIGHTS_MIN_ACU.value} with dbPerformanceInsights on, which can also hold an instance above a lower minimum. 0 turns on the automatic pause (${AUTO_PAUSE_VERSIONS_ALLOWED["aurora-mysql"]}; ${AUTO_PAUSE_VERSIONS_ALLOWED["aurora-postgresql"]}): after dbServerlessSecondsUntilAutoPause without a user connection the writer and its readers (promotion tier 1) pause together and bill no capacity, and the first connection after a pause waits about ${RESUME.typical} s while they resume (${RESUME.afterADay} s or more after a day paused), so clients need connection timeouts above that and a retry.`,
      default: 2,
      min: 0,
      max: 256,
      step: 0.5,
    }),
    serverlessMaxAcu: key.decimal({
      doc: "Aurora Serverless v2 maximum capacity of each instance, in ACUs (only with db.serverless); max_connections follows it.",
      default: 16,
      min: 1,
      max: 256,
      step: 0.5,
    }),
    serverlessSecondsUntilAutoPause: key.integer({
      doc: `Seconds an instance waits without a user connection before it pauses (only with db.serverless and dbServerlessMinAcu 0); not set: AWS's default of ${PAUSE_DELAY.default}.`,
      optional: true,
      min: PAUSE_DELAY.min,
      max: PAUSE_DELAY.max,
    }),
    performanceInsights: key.boolean({
      doc: "Performance Insights on every instance, 7 days retention (no charge). false only outside production: it lets a Serverless v2 instance idle at a minimum below the 2 ACUs AWS recommends with it.",
      default: true,
    }),
    readerCount: key.integer({
      doc: "Read replicas after the writer, each in a different AZ of the network layer (three AZs leave room for two).",
      default: 1,
      min: 1,
      max: 2,
    }),
    databaseName: key.string({
      name: "dbName",
      doc: "The database created in the cluster.",
      default: (scope) => scope.value(PLATFORM.keys.system),
      defaultDoc: "the system name (orders)",
      allowed: DATABASE_ENGINES.map((e) => `for ${e}, ${databaseNameAllowed(e)}`).join("; "),
    }),
    masterUsername: key.string({
      doc: "The master user; its password is generated, stored and rotated by RDS in Secrets Manager.",
      default: (scope) => `${scope.value(PLATFORM.keys.system)}admin`,
      defaultDoc: "the system name followed by admin (ordersadmin)",
      allowed: DATABASE_ENGINES.map((e) => `for ${e}, ${masterUsernameAllowed(e)}`).join("; "),
    }),
    masterPasswordRotationDays: key.integer({
      doc: "Days between rotations of the RDS-managed master password.",
      default: 30,
      min: 1,
      max: 365,
    }),
    appUsername: key.string({
      doc: "The application's own database user (the container's DB_USERNAME): created by the data layer's bootstrap function with privileges on the application's database only, rotated with a second user `<name>_clone`. Never the master user.",
      default: "api",
      allowed: DATABASE_ENGINES.map((e) => `for ${e}, ${appUsernameAllowed(e)}`).join("; "),
    }),
    appUserRotationDays: key.integer({
      doc: "Days between rotations of the application user's password (alternating users: the credentials a task holds stay valid for one more period).",
      default: 30,
      min: 1,
      max: 365,
    }),
    appUserSchemaChanges: key.boolean({
      doc: "Migrations run as the application user: besides reading and writing rows, it may create, alter and drop tables and indexes in its own database (never users, grants or other databases). false leaves it data manipulation only, for teams whose migrations run separately as the master user.",
      default: true,
    }),
    backupRetentionDays: key.integer({ doc: "Days automated backups are kept.", default: 7, min: 1, max: 35 }),
    backupWindow: key.string({ doc: "The daily automated backup window, UTC.", default: "03:00-04:00", allowed: DAILY_ALLOWED }),
    maintenanceWindow: key.string({
      doc: "The weekly maintenance window, UTC; it must not overlap the backup window on any day.",
      default: "mon:04:00-mon:05:00",
      allowed: WEEKLY_ALLOWED,
    }),
    logExports: key.stringList({
      doc: "Log types exported to CloudWatch Logs; the parameter group turns on exactly these.",
      default: (scope) => rulesOf(scope).defaultLogExports,
      defaultDoc: DATABASE_ENGINES.map((e) => `${JSON.stringify(ENGINES[e].defaultLogExports)} (${e})`).join(", "),
      item: new RegExp(`^(${DB_LOG_TYPES.join("|")})$`),
      allowed: DATABASE_ENGINES.map((e) => `for ${e}, a list of distinct log types from ${ENGINES[e].logTypes.join(", ")}`).join("; "),
    }),
    logRetentionDays: key.integerIn(LOG_RETENTION_DAYS, {
      doc: "Retention of the database's CloudWatch log groups, in days.",
      default: 30,
    }),
    customerManagedKey: key.boolean({
      doc: "Encrypt the cluster, Performance Insights and the secrets with a customer-managed KMS key with yearly rotation instead of AWS-managed keys.",
      default: isProduction,
      defaultDoc: "true when environment is production, else false",
    }),
  },
  "db",
);

/** The data layer's settings. */
export type DataConfig = Omit<
  Values<typeof DATA.keys>,
  "instanceClass" | "serverlessMinAcu" | "serverlessMaxAcu" | "serverlessSecondsUntilAutoPause" | "logExports"
> & {
  /** The engine's port, derived from `engine`. */
  readonly port: number;
  readonly capacity: DbCapacity;
  /** Log types exported to CloudWatch Logs, in the engine's order; the parameter group turns on exactly these. */
  readonly logExports: readonly DbLogType[];
  /** The default `max_connections` of each instance, derived from the capacity. */
  readonly maxConnections: number;
  /** The daily check of the newest automated snapshot; absent when `dbBackupVerification` is off. */
  readonly backupVerification: BackupVerificationConfig | undefined;
};

/** Reads the data layer's keys and the backup check's, checks them against the engine's rules and each other. */
export function readDataConfig(s: Settings): DataConfig {
  const v = s.read(DATA);
  validateEngineVersion(v.engine, v.engineVersion);
  if (v.serverlessMaxAcu < v.serverlessMinAcu) {
    throw new ConfigError("dbServerlessMaxAcu", v.serverlessMaxAcu, `a number of at least dbServerlessMinAcu (${v.serverlessMinAcu})`);
  }
  validateDatabaseName(v.engine, v.databaseName);
  validateMasterUsername(v.engine, v.masterUsername);
  validateAppUsername(v.engine, v.appUsername, v.masterUsername);
  const backup = parseDailyWindow("dbBackupWindow", v.backupWindow);
  const maintenance = parseWeeklyWindow("dbMaintenanceWindow", v.maintenanceWindow);
  if (windowsOverlap(backup, maintenance)) {
    throw new ConfigError(
      "dbMaintenanceWindow",
      v.maintenanceWindow,
      `a window that does not overlap dbBackupWindow (${v.backupWindow}) on any day`,
    );
  }
  const backupVerification = readBackupVerification(s, v.backupWindow);
  const { instanceClass, serverlessMinAcu, serverlessMaxAcu, serverlessSecondsUntilAutoPause, logExports, ...rest } = v;
  const autoPause = instanceClass === SERVERLESS_CLASS && serverlessMinAcu === 0;
  if (autoPause && !supportsAutoPause(v.engine, v.engineVersion)) {
    throw new ConfigError(
      "dbServerlessMinAcu",
      serverlessMinAcu,
      `at least 0.5 with dbEngineVersion ${v.engineVersion}: a minimum of 0 ACUs (the automatic pause) needs ${AUTO_PAUSE_VERSIONS_ALLOWED[v.engine]}`,
    );
  }
  if (serverlessSecondsUntilAutoPause !== undefined && !autoPause) {
    throw new ConfigError(
      "dbServerlessSecondsUntilAutoPause",
      serverlessSecondsUntilAutoPause,
      `not set unless dbInstanceClass is ${SERVERLESS_CLASS} and dbServerlessMinAcu is 0 (AWS keeps a pause delay only for a cluster that can pause)`,
    );
  }
  if (!v.performanceInsights && isProduction(s)) {
    throw new ConfigError(
      "dbPerformanceInsights",
      v.performanceInsights,
      "true when environment is production: a production database keeps Performance Insights; false is for development and test stacks",
    );
  }
  const capacity: DbCapacity =
    instanceClass !== SERVERLESS_CLASS
      ? { kind: "provisioned", instanceClass }
      : autoPause
        ? {
            kind: "serverless",
            minAcu: 0,
            maxAcu: serverlessMaxAcu,
            secondsUntilAutoPause: serverlessSecondsUntilAutoPause ?? PAUSE_DELAY.default,
          }
        : { kind: "serverless", minAcu: serverlessMinAcu, maxAcu: serverlessMaxAcu };
  return {
    ...rest,
    port: ENGINES[v.engine].port,
    capacity,
    logExports: validateLogExports(v.engine, logExports),
    maxConnections: maxConnectionsFor(v.engine, capacity),
    backupVerification,
  };
}
