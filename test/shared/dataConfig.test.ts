import { POSTGRESQL_HALF_ACU_MAX_CONNECTIONS, MAX_CONNECTIONS_BY_CLASS, SERVERLESS_MAX_CONNECTIONS } from "../../shared/aws";
import {
  DATABASE_ENGINES,
  DbLogType,
  ENGINES,
  parameterGroupFamily,
  POSTGRESQL_MAJOR_VERSIONS,
  validateEngineVersion,
  validateLogExports,
  logParameters,
  maxConnectionsFor,
  MINUTES_PER_DAY,
  MYSQL_LOG_TYPES,
  parseDailyWindow,
  parsePlatformConfig,
  parseWeeklyWindow,
  RawConfig,
  supportsAutoPause,
  validateDatabaseName,
  validateMasterUsername,
  windowsOverlap,
} from "../../shared/config";
import { physicalName } from "../../shared/naming";
import { DATA_NAMES } from "../../shared/names/data";

/** Production stacks must name someone for their alarms. */
const ONCALL = '["oncall@your-company.com"]';

/** The data config of a development stack with `platform:*` overrides, as the schema parses it. */
function data(overrides: RawConfig = {}, stack = "orders-dev") {
  return parsePlatformConfig({ environmentSuffix: "dev", ...overrides }, { stack, awsRegion: "us-east-1" }).data;
}

/** Every subset of the supported log types. */
function subsets(): DbLogType[][] {
  return Array.from({ length: 2 ** MYSQL_LOG_TYPES.length }, (_, mask) => MYSQL_LOG_TYPES.filter((_, i) => mask & (1 << i)));
}

describe("maxConnectionsFor", () => {
  it("gives db.r6g.large the documented 1000 and grows with the instance's memory", () => {
    expect(maxConnectionsFor("aurora-mysql", { kind: "provisioned", instanceClass: "db.r6g.large" })).toBe(1000);
    expect(maxConnectionsFor("aurora-mysql", { kind: "provisioned", instanceClass: "db.r6g.2xlarge" })).toBe(3000);
    expect(maxConnectionsFor("aurora-mysql", { kind: "provisioned", instanceClass: "db.r5.24xlarge" })).toBe(7000);
    expect(maxConnectionsFor("aurora-mysql", { kind: "provisioned", instanceClass: "db.t4g.medium" })).toBe(90);
    expect(maxConnectionsFor("aurora-mysql", { kind: "provisioned", instanceClass: "db.r8g.48xlarge" })).toBe(8000);
    expect(maxConnectionsFor("aurora-mysql", { kind: "provisioned", instanceClass: "db.x2g.large" })).toBe(2000);
  });

  it("gives every memory-optimized class of one size the same figure across generations", () => {
    for (const size of ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"]) {
      const figures = ["db.r5", "db.r6g", "db.r6i", "db.r7g", "db.r7i", "db.r8g"].map(
        (family) => MAX_CONNECTIONS_BY_CLASS[`${family}.${size}`],
      );
      expect(new Set(figures).size).toBe(1);
    }
  });

  it("follows the Serverless v2 table at each documented maximum ACU", () => {
    for (const [acu, connections] of SERVERLESS_MAX_CONNECTIONS["aurora-mysql"]) {
      expect(maxConnectionsFor("aurora-mysql", { kind: "serverless", minAcu: 0.5, maxAcu: acu })).toBe(connections);
    }
  });

  it("takes the row below a maximum ACU between two rows, never overestimating", () => {
    expect(maxConnectionsFor("aurora-mysql", { kind: "serverless", minAcu: 0.5, maxAcu: 15.5 })).toBe(1000);
    expect(maxConnectionsFor("aurora-mysql", { kind: "serverless", minAcu: 2, maxAcu: 3.5 })).toBe(90);
    expect(maxConnectionsFor("aurora-mysql", { kind: "serverless", minAcu: 2, maxAcu: 255.5 })).toBe(5000);
    expect(maxConnectionsFor("aurora-mysql", { kind: "serverless", minAcu: 2, maxAcu: 256 })).toBe(5000);
  });

  it("rejects a class without a documented figure instead of guessing", () => {
    expect(() => maxConnectionsFor("aurora-mysql", { kind: "provisioned", instanceClass: "db.m6g.large" })).toThrow(
      /^platform:dbInstanceClass is "db.m6g.large"; expected "db.serverless" or a class with a documented max_connections: db.t3.medium, /,
    );
  });

  it("rejects a Serverless v2 maximum below the table's first row", () => {
    expect(() => maxConnectionsFor("aurora-mysql", { kind: "serverless", minAcu: 0.5, maxAcu: 0.5 })).toThrow(
      "platform:dbServerlessMaxAcu is 0.5; expected a number from 1 to 256 in steps of 0.5",
    );
  });
});

describe("backup and maintenance windows", () => {
  it("parses a daily window into minutes of the day, wrapping midnight", () => {
    expect(parseDailyWindow("dbBackupWindow", "03:00-04:00")).toEqual({ start: 180, end: 240 });
    expect(parseDailyWindow("dbBackupWindow", "23:45-00:15")).toEqual({ start: 1425, end: 15 });
  });

  it("parses a weekly window into minutes of the week from Monday, wrapping the week", () => {
    expect(parseWeeklyWindow("dbMaintenanceWindow", "mon:04:00-mon:05:00")).toEqual({ start: 240, end: 300 });
    expect(parseWeeklyWindow("dbMaintenanceWindow", "sun:23:30-mon:00:30")).toEqual({ start: 6 * MINUTES_PER_DAY + 1410, end: 30 });
  });

  it.each(["03:00-03:29", "03:00-03:00", "24:00-00:30", "03:60-04:30", "3:00-4:00", "03:00 - 04:00", ""])(
    "rejects the backup window %j",
    (text) => {
      expect(() => parseDailyWindow("dbBackupWindow", text)).toThrow(
        `platform:dbBackupWindow is ${JSON.stringify(text)}; expected a daily UTC window hh:mm-hh:mm of at least 30 minutes, e.g. 03:00-04:00`,
      );
    },
  );

  it("accepts a backup window of exactly 30 minutes, also across midnight", () => {
    expect(parseDailyWindow("dbBackupWindow", "03:00-03:30")).toEqual({ start: 180, end: 210 });
    expect(parseDailyWindow("dbBackupWindow", "23:45-00:15").end).toBe(15);
  });

  it.each(["Mon:04:00-Mon:05:00", "mon:04:00-mon:04:29", "mon:04:00-mon:04:00", "xyz:04:00-mon:05:00", "mon:25:00-mon:26:00", "mon:04:00"])(
    "rejects the maintenance window %j",
    (text) => {
      expect(() => parseWeeklyWindow("dbMaintenanceWindow", text)).toThrow(
        `platform:dbMaintenanceWindow is ${JSON.stringify(text)}; expected a weekly UTC window ddd:hh:mm-ddd:hh:mm of at least 30 minutes with lowercase days, e.g. mon:04:00-mon:05:00`,
      );
    },
  );

  const overlap = (backup: string, maintenance: string) =>
    windowsOverlap(parseDailyWindow("dbBackupWindow", backup), parseWeeklyWindow("dbMaintenanceWindow", maintenance));

  it("lets the default windows touch without overlapping", () => {
    expect(overlap("03:00-04:00", "mon:04:00-mon:05:00")).toBe(false);
    expect(overlap("03:00-04:00", "mon:02:00-mon:03:00")).toBe(false);
  });

  it("finds an overlap on whichever day the maintenance window falls", () => {
    expect(overlap("03:00-04:00", "mon:03:30-mon:04:30")).toBe(true);
    expect(overlap("03:00-04:00", "thu:02:00-thu:03:01")).toBe(true);
    expect(overlap("03:00-04:00", "sat:00:00-sun:12:00")).toBe(true);
  });

  it("finds overlaps across midnight and across the end of the week", () => {
    expect(overlap("23:30-00:30", "mon:00:00-mon:01:00")).toBe(true);
    expect(overlap("23:30-00:30", "sun:23:00-sun:23:30")).toBe(false);
    expect(overlap("00:10-00:40", "sun:23:30-mon:00:30")).toBe(true);
    expect(overlap("01:00-02:00", "sun:23:30-mon:00:30")).toBe(false);
    expect(overlap("23:00-23:45", "sun:23:30-mon:00:30")).toBe(true);
  });
});

describe("logParameters", () => {
  it("turns on the parameters of every exported log type, for every combination", () => {
    for (const exports of subsets()) {
      const params = logParameters("aurora-mysql", exports);
      if (exports.includes("slowquery")) expect(params).toMatchObject({ slow_query_log: "1", long_query_time: "1", log_output: "FILE" });
      if (exports.includes("general")) expect(params).toMatchObject({ general_log: "1", log_output: "FILE" });
      if (exports.includes("audit"))
        expect(params).toMatchObject({ server_audit_logging: "1", server_audit_events: "CONNECT,QUERY_DCL,QUERY_DDL" });
    }
  });

  it("turns off the parameters of every log type that is not exported, for every combination", () => {
    for (const exports of subsets()) {
      const params = logParameters("aurora-mysql", exports);
      if (!exports.includes("slowquery")) expect(params).toMatchObject({ slow_query_log: "0" });
      if (!exports.includes("slowquery")) expect(params).not.toHaveProperty("long_query_time");
      if (!exports.includes("general")) expect(params).toMatchObject({ general_log: "0" });
      if (!exports.includes("audit")) expect(params).toMatchObject({ server_audit_logging: "0" });
      if (!exports.includes("audit")) expect(params).not.toHaveProperty("server_audit_events");
      if (!exports.includes("slowquery") && !exports.includes("general")) expect(params).not.toHaveProperty("log_output");
    }
  });

  it("needs no parameter for the error log, which Aurora MySQL always writes", () => {
    expect(logParameters("aurora-mysql", ["error"])).toEqual(logParameters("aurora-mysql", []));
  });
});

describe("database name and master username", () => {
  it("accepts names at the limits of RDS's rules", () => {
    expect(validateDatabaseName("aurora-mysql", "o")).toBe("o");
    expect(validateDatabaseName("aurora-mysql", `o${"_".repeat(63)}`)).toHaveLength(64);
    expect(validateDatabaseName("aurora-mysql", "Orders_2024")).toBe("Orders_2024");
    expect(validateMasterUsername("aurora-mysql", "a")).toBe("a");
    expect(validateMasterUsername("aurora-mysql", "A234567890123456")).toHaveLength(16);
    expect(validateMasterUsername("aurora-mysql", "admin")).toBe("admin");
  });

  it.each([`o${"x".repeat(64)}`, "", "1orders", "_orders", "orders-db", "order$", "select", "SELECT", "Database"])(
    "rejects the database name %j",
    (name) => {
      expect(() => validateDatabaseName("aurora-mysql", name)).toThrow(
        `platform:dbName is ${JSON.stringify(name)}; expected 1 to 64 letters, digits and underscores, starting with a letter, not a MySQL reserved word`,
      );
    },
  );

  it.each([
    "A2345678901234567",
    "",
    "1admin",
    "orders_admin",
    "orders-admin",
    "rdsadmin",
    "RDSAdmin",
    "rdsrepladmin",
    "rdsproxyadmin",
    "table",
  ])("rejects the master username %j", (name) => {
    expect(() => validateMasterUsername("aurora-mysql", name)).toThrow(
      `platform:dbMasterUsername is ${JSON.stringify(name)}; expected 1 to 16 letters and digits, starting with a letter, not a MySQL reserved word nor an RDS account (rdsadmin, rdsrepladmin, rdsproxyadmin)`,
    );
  });
});

describe("the application username", () => {
  it("defaults to api, its own user, and accepts a name with room for the _clone and _group suffixes", () => {
    expect(data().appUsername).toBe("api");
    expect(data({ dbAppUsername: "orders_api_2" }).appUsername).toBe("orders_api_2");
    expect(data({ dbAppUsername: "a".repeat(20) }).appUsername).toBe("a".repeat(20));
  });

  it.each([
    ["the master username", { dbAppUsername: "ordersadmin" }],
    ["the master username in another case", { dbMasterUsername: "Admin", dbAppUsername: "admin" }],
    ["longer than 20 characters", { dbAppUsername: "a".repeat(21) }],
    ["an upper-case name", { dbAppUsername: "Api" }],
    ["a MySQL reserved word", { dbAppUsername: "select" }],
    ["an RDS account", { dbAppUsername: "rdsadmin" }],
    ["the clone of another user", { dbAppUsername: "api_clone" }],
    ["a name the PostgreSQL group role takes", { dbAppUsername: "api_group" }],
  ])("refuses %s, naming the key and what is allowed", (_what, raw) => {
    expect(() => data(raw)).toThrow(
      `platform:dbAppUsername is ${JSON.stringify(raw.dbAppUsername)}; expected 1 to 20 lowercase letters, digits and underscores, starting with a letter, not ending in _clone or _group, not the master username, not a MySQL reserved word nor an RDS account`,
    );
  });
});

describe("data config", () => {
  it("defaults to the issue's settings on a development stack", () => {
    expect(data()).toEqual({
      engine: "aurora-mysql",
      port: 3306,
      engineVersion: "8.0.mysql_aurora.3.10.4",
      autoMinorVersionUpgrade: false,
      capacity: { kind: "provisioned", instanceClass: "db.r6g.large" },
      readerCount: 1,
      databaseName: "orders",
      masterUsername: "ordersadmin",
      masterPasswordRotationDays: 30,
      appUsername: "api",
      appUserRotationDays: 30,
      appUserSchemaChanges: true,
      backupRetentionDays: 7,
      backupWindow: "03:00-04:00",
      maintenanceWindow: "mon:04:00-mon:05:00",
      logExports: ["audit", "error", "slowquery"],
      logRetentionDays: 30,
      customerManagedKey: false,
      performanceInsights: true,
      maxConnections: 1000,
    });
  });

  it("derives the database name and master username from the system", () => {
    expect(data({ system: "shop" })).toMatchObject({ databaseName: "shop", masterUsername: "shopadmin" });
  });

  it("turns on the customer-managed key by default for production only", () => {
    expect(data({ environment: "production", alarmEmails: ONCALL }).customerManagedKey).toBe(true);
    expect(data({ environment: "production", alarmEmails: ONCALL, dbCustomerManagedKey: "false" }).customerManagedKey).toBe(false);
    expect(data({ dbCustomerManagedKey: "true" }).customerManagedKey).toBe(true);
  });

  it("switches to Serverless v2 with its ACU range and the matching max_connections", () => {
    expect(data({ dbInstanceClass: "db.serverless", dbServerlessMinAcu: "2", dbServerlessMaxAcu: "32" })).toMatchObject({
      capacity: { kind: "serverless", minAcu: 2, maxAcu: 32 },
      maxConnections: 3000,
    });
  });

  it("keeps the exported log types in one canonical order, whatever order the stack lists them in", () => {
    expect(data({ dbLogExports: '["slowquery","general","audit"]' }).logExports).toEqual(["audit", "general", "slowquery"]);
    expect(data({ dbLogExports: "[]" }).logExports).toEqual([]);
  });

  it.each<[RawConfig, string]>([
    [
      { databaseEngine: "aurora-oracle" },
      'platform:databaseEngine is "aurora-oracle"; expected one of "aurora-mysql", "aurora-postgresql"',
    ],
    [{ databaseEngine: "postgres" }, 'platform:databaseEngine is "postgres"; expected one of "aurora-mysql", "aurora-postgresql"'],
    [
      { dbEngineVersion: "8.0.mysql_aurora.3" },
      'platform:dbEngineVersion is "8.0.mysql_aurora.3"; expected for aurora-mysql, a full Aurora MySQL 3 version such as 8.0.mysql_aurora.3.10.4',
    ],
    [
      { dbEngineVersion: "5.7.mysql_aurora.2.12.5" },
      'platform:dbEngineVersion is "5.7.mysql_aurora.2.12.5"; expected for aurora-mysql, a full Aurora MySQL 3 version such as 8.0.mysql_aurora.3.10.4',
    ],
    [{ dbEngineVersion: "16.8" }, 'platform:dbEngineVersion is "16.8"; expected for aurora-mysql, a full Aurora MySQL 3 version'],
    [{ dbAutoMinorVersionUpgrade: "yes" }, 'platform:dbAutoMinorVersionUpgrade is "yes"; expected true or false'],
    [
      { dbInstanceClass: "r6g.large" },
      'platform:dbInstanceClass is "r6g.large"; expected for aurora-mysql, "db.serverless" or a class with a documented max_connections: ',
    ],
    [
      { dbInstanceClass: "db.m5.large" },
      'platform:dbInstanceClass is "db.m5.large"; expected "db.serverless" or a class with a documented max_connections: ',
    ],
    [{ dbServerlessMinAcu: "-0.5" }, 'platform:dbServerlessMinAcu is "-0.5"; expected a number from 0 to 256 in steps of 0.5'],
    [{ dbServerlessMinAcu: "1.25" }, 'platform:dbServerlessMinAcu is "1.25"; expected a number from 0 to 256 in steps of 0.5'],
    [{ dbServerlessMaxAcu: "257" }, 'platform:dbServerlessMaxAcu is "257"; expected a number from 1 to 256 in steps of 0.5'],
    [
      { dbServerlessMinAcu: "8", dbServerlessMaxAcu: "4" },
      "platform:dbServerlessMaxAcu is 4; expected a number of at least dbServerlessMinAcu (8)",
    ],
    [{ dbReaderCount: "0" }, 'platform:dbReaderCount is "0"; expected an integer from 1 to 2'],
    [{ dbReaderCount: "3" }, 'platform:dbReaderCount is "3"; expected an integer from 1 to 2'],
    [{ dbName: "select" }, 'platform:dbName is "select"; expected 1 to 64 letters, digits and underscores'],
    [{ dbMasterUsername: "rdsadmin" }, 'platform:dbMasterUsername is "rdsadmin"; expected 1 to 16 letters and digits'],
    [{ dbMasterPasswordRotationDays: "0" }, 'platform:dbMasterPasswordRotationDays is "0"; expected an integer from 1 to 365'],
    [{ dbMasterPasswordRotationDays: "366" }, 'platform:dbMasterPasswordRotationDays is "366"; expected an integer from 1 to 365'],
    [{ dbBackupRetentionDays: "0" }, 'platform:dbBackupRetentionDays is "0"; expected an integer from 1 to 35'],
    [{ dbBackupRetentionDays: "36" }, 'platform:dbBackupRetentionDays is "36"; expected an integer from 1 to 35'],
    [
      { dbBackupWindow: "03:00-03:15" },
      'platform:dbBackupWindow is "03:00-03:15"; expected a daily UTC window hh:mm-hh:mm of at least 30 minutes',
    ],
    [
      { dbMaintenanceWindow: "monday:04:00-monday:05:00" },
      'platform:dbMaintenanceWindow is "monday:04:00-monday:05:00"; expected a weekly UTC window',
    ],
    [
      { dbMaintenanceWindow: "tue:03:30-tue:04:30" },
      'platform:dbMaintenanceWindow is "tue:03:30-tue:04:30"; expected a window that does not overlap dbBackupWindow (03:00-04:00) on any day',
    ],
    [
      { dbLogExports: '["slowquery","postgresql"]' },
      'platform:dbLogExports is ["slowquery","postgresql"]; expected for aurora-mysql, a list of distinct log types from audit, error, general, slowquery',
    ],
    [
      { dbLogExports: '["error","error"]' },
      'platform:dbLogExports is ["error","error"]; expected for aurora-mysql, a list of distinct log types from audit, error, general, slowquery',
    ],
    [
      { dbLogExports: '["slowquery","instance"]' },
      'platform:dbLogExports is "[\\"slowquery\\",\\"instance\\"]"; expected for aurora-mysql, a list of distinct log types from audit, error, general, slowquery; for aurora-postgresql, a list of distinct log types from postgresql',
    ],
    [{ dbLogRetentionDays: "10" }, 'platform:dbLogRetentionDays is "10"; expected one of 1, 3, 5, 7, 14, 30'],
    [{ dbCustomerManagedKey: "1" }, 'platform:dbCustomerManagedKey is "1"; expected true or false'],
  ])("rejects %j naming the key, the value and what is allowed", (overrides, message) => {
    expect(() => data(overrides)).toThrow(message);
  });
});

/** The data config of a PostgreSQL development stack with `platform:*` overrides. */
const pg = (overrides: RawConfig = {}) => data({ databaseEngine: "aurora-postgresql", ...overrides });

describe("engine rules", () => {
  it("gives each engine its port, LTS default version and default log exports", () => {
    expect(ENGINES["aurora-mysql"]).toMatchObject({
      port: 3306,
      defaultVersion: "8.0.mysql_aurora.3.10.4",
      defaultLogExports: ["audit", "error", "slowquery"],
    });
    expect(ENGINES["aurora-postgresql"]).toMatchObject({
      port: 5432,
      defaultVersion: "16.8",
      defaultLogExports: ["postgresql"],
      defaultInstanceClass: "db.serverless",
    });
  });

  it("accepts each engine's own default version and rejects the other engine's, naming the engine", () => {
    for (const engine of DATABASE_ENGINES)
      expect(validateEngineVersion(engine, ENGINES[engine].defaultVersion)).toBe(ENGINES[engine].defaultVersion);
    expect(() => validateEngineVersion("aurora-postgresql", "8.0.mysql_aurora.3.10.4")).toThrow(
      'platform:dbEngineVersion is "8.0.mysql_aurora.3.10.4"; expected for aurora-postgresql, an Aurora PostgreSQL major.minor version of major 14, 15, 16, 17, such as 16.8',
    );
  });

  it.each(["13.20", "18.1", "16", "16.8.1", "v16.8", "16.", "16.123", ""])("rejects the PostgreSQL version %j", (version) => {
    expect(() => validateEngineVersion("aurora-postgresql", version)).toThrow(
      `platform:dbEngineVersion is ${JSON.stringify(version)}; expected for aurora-postgresql,`,
    );
  });

  it("accepts every supported PostgreSQL major at one- and two-digit minors", () => {
    for (const major of POSTGRESQL_MAJOR_VERSIONS) {
      expect(validateEngineVersion("aurora-postgresql", `${major}.1`)).toBe(`${major}.1`);
      expect(validateEngineVersion("aurora-postgresql", `${major}.10`)).toBe(`${major}.10`);
    }
  });

  it("derives the parameter group family from the engine and, for PostgreSQL, the major version", () => {
    expect(parameterGroupFamily("aurora-mysql", "8.0.mysql_aurora.3.10.4")).toBe("aurora-mysql8.0");
    expect(parameterGroupFamily("aurora-mysql", "8.0.mysql_aurora.3.04.3")).toBe("aurora-mysql8.0");
    expect(parameterGroupFamily("aurora-postgresql", "16.8")).toBe("aurora-postgresql16");
    expect(parameterGroupFamily("aurora-postgresql", "14.15")).toBe("aurora-postgresql14");
    expect(parameterGroupFamily("aurora-postgresql", "17.7")).toBe("aurora-postgresql17");
  });

  it("accepts only each engine's log types, in canonical order, without duplicates", () => {
    expect(validateLogExports("aurora-postgresql", ["postgresql"])).toEqual(["postgresql"]);
    expect(validateLogExports("aurora-postgresql", [])).toEqual([]);
    expect(validateLogExports("aurora-mysql", ["slowquery", "audit"])).toEqual(["audit", "slowquery"]);
    expect(() => validateLogExports("aurora-postgresql", ["error"])).toThrow(
      'platform:dbLogExports is ["error"]; expected for aurora-postgresql, a list of distinct log types from postgresql',
    );
    expect(() => validateLogExports("aurora-postgresql", ["postgresql", "postgresql"])).toThrow(
      "expected for aurora-postgresql, a list of distinct log types",
    );
    expect(() => validateLogExports("aurora-mysql", ["postgresql"])).toThrow(
      "expected for aurora-mysql, a list of distinct log types from audit, error, general, slowquery",
    );
  });
});

describe("PostgreSQL max_connections", () => {
  it("follows the PostgreSQL column of the Serverless v2 table at each documented maximum ACU, with a minimum of 1 ACU or more", () => {
    expect(SERVERLESS_MAX_CONNECTIONS["aurora-postgresql"]).toEqual([
      [1, 189],
      [4, 823],
      [8, 1669],
      [16, 3360],
      [32, 5000],
      [64, 5000],
      [128, 5000],
    ]);
    for (const [acu, connections] of SERVERLESS_MAX_CONNECTIONS["aurora-postgresql"]) {
      expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 1, maxAcu: acu })).toBe(connections);
    }
  });

  it("caps max_connections at 2000 with a 0.5 ACU minimum, as Aurora PostgreSQL does", () => {
    expect(POSTGRESQL_HALF_ACU_MAX_CONNECTIONS).toBe(2000);
    expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 0.5, maxAcu: 2 })).toBe(189);
    expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 0.5, maxAcu: 8 })).toBe(1669);
    expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 0.5, maxAcu: 16 })).toBe(2000);
    expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 0.5, maxAcu: 256 })).toBe(2000);
    expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 1, maxAcu: 16 })).toBe(3360);
  });

  it("takes the row below a maximum between two rows, never overestimating", () => {
    expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 2, maxAcu: 3.5 })).toBe(189);
    expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 2, maxAcu: 31.5 })).toBe(3360);
    expect(maxConnectionsFor("aurora-postgresql", { kind: "serverless", minAcu: 2, maxAcu: 256 })).toBe(5000);
  });

  it("rejects every provisioned class for PostgreSQL, saying why", () => {
    for (const instanceClass of ["db.r6g.large", "db.r7g.xlarge", "db.t4g.medium"]) {
      expect(() => maxConnectionsFor("aurora-postgresql", { kind: "provisioned", instanceClass })).toThrow(
        `platform:dbInstanceClass is "${instanceClass}"; expected "db.serverless" (provisioned classes are not supported for aurora-postgresql: their max_connections derives from DBInstanceClassMemory, which AWS does not publish per class)`,
      );
    }
  });
});

describe("PostgreSQL log parameters", () => {
  it("logs slow statements and lock waits exactly when the postgresql log is exported", () => {
    expect(logParameters("aurora-postgresql", ["postgresql"])).toEqual({ log_min_duration_statement: "1000", log_lock_waits: "1" });
    expect(logParameters("aurora-postgresql", [])).toEqual({ log_min_duration_statement: "-1", log_lock_waits: "0" });
  });

  it("never sets a MySQL parameter on PostgreSQL nor statement-class logging, which would log passwords", () => {
    for (const exported of [[], ["postgresql"]] as DbLogType[][]) {
      const names = Object.keys(logParameters("aurora-postgresql", exported));
      expect(names).not.toContain("log_statement");
      expect(names.filter((n) => Object.keys(logParameters("aurora-mysql", MYSQL_LOG_TYPES)).includes(n))).toEqual([]);
    }
  });
});

describe("PostgreSQL database name and master username", () => {
  it("accepts names at the limits of RDS's rules for Aurora PostgreSQL", () => {
    expect(validateDatabaseName("aurora-postgresql", "c")).toBe("c");
    expect(validateDatabaseName("aurora-postgresql", `c${"_".repeat(62)}`)).toHaveLength(63);
    expect(validateDatabaseName("aurora-postgresql", "Catalog_2026")).toBe("Catalog_2026");
    expect(validateMasterUsername("aurora-postgresql", "A234567890123456")).toHaveLength(16);
    // Reserved in MySQL, not in PostgreSQL.
    expect(validateDatabaseName("aurora-postgresql", "database")).toBe("database");
    expect(validateMasterUsername("aurora-postgresql", "rdsrepladmin")).toBe("rdsrepladmin");
  });

  it.each([
    `c${"x".repeat(63)}`,
    "",
    "1catalog",
    "_catalog",
    "catalog-db",
    "select",
    "USER",
    "analyse",
    "postgres",
    "template0",
    "template1",
    "rdsadmin",
    "Postgres",
  ])("rejects the PostgreSQL database name %j", (name) => {
    expect(() => validateDatabaseName("aurora-postgresql", name)).toThrow(
      `platform:dbName is ${JSON.stringify(name)}; expected 1 to 63 letters, digits and underscores, starting with a letter, not a PostgreSQL reserved word nor postgres, rdsadmin, template0, template1`,
    );
  });

  it.each(["A2345678901234567", "", "1admin", "pg_admin", "rds_admin", "rdsadmin", "RDSTOPMGR", "user", "public", "none", "session_user"])(
    "rejects the PostgreSQL master username %j",
    (name) => {
      expect(() => validateMasterUsername("aurora-postgresql", name)).toThrow(
        `platform:dbMasterUsername is ${JSON.stringify(name)}; expected 1 to 16 letters and digits, starting with a letter, not a PostgreSQL reserved word nor an RDS account (rdsadmin, rdstopmgr)`,
      );
    },
  );
});

describe("PostgreSQL data config", () => {
  it("defaults to Aurora PostgreSQL 16.8 Serverless v2 on port 5432 exporting the postgresql log", () => {
    expect(pg()).toEqual({
      engine: "aurora-postgresql",
      port: 5432,
      engineVersion: "16.8",
      autoMinorVersionUpgrade: false,
      capacity: { kind: "serverless", minAcu: 2, maxAcu: 16 },
      readerCount: 1,
      databaseName: "orders",
      masterUsername: "ordersadmin",
      masterPasswordRotationDays: 30,
      appUsername: "api",
      appUserRotationDays: 30,
      appUserSchemaChanges: true,
      backupRetentionDays: 7,
      backupWindow: "03:00-04:00",
      maintenanceWindow: "mon:04:00-mon:05:00",
      logExports: ["postgresql"],
      logRetentionDays: 30,
      customerManagedKey: false,
      performanceInsights: true,
      maxConnections: 3360,
    });
  });

  it("accepts the capacity boundaries: 0.5 to 1 ACU and 256 ACUs", () => {
    expect(pg({ dbServerlessMinAcu: "0.5", dbServerlessMaxAcu: "1" })).toMatchObject({
      capacity: { minAcu: 0.5, maxAcu: 1 },
      maxConnections: 189,
    });
    expect(pg({ dbServerlessMinAcu: "256", dbServerlessMaxAcu: "256" })).toMatchObject({
      capacity: { minAcu: 256, maxAcu: 256 },
      maxConnections: 5000,
    });
  });

  it("gives the payments and catalog presets their Serverless v2 ranges and connection limits", () => {
    expect(data({ preset: "payments" })).toMatchObject({
      engine: "aurora-postgresql",
      port: 5432,
      engineVersion: "16.8",
      capacity: { kind: "serverless", minAcu: 0.5, maxAcu: 2 },
      maxConnections: 189,
      logExports: ["postgresql"],
      customerManagedKey: true,
      backupRetentionDays: 7,
      masterPasswordRotationDays: 30,
      backupWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:00-sun:05:00",
      databaseName: "payments",
      masterUsername: "paymentsadmin",
    });
    expect(data({ preset: "catalog" })).toMatchObject({
      engine: "aurora-postgresql",
      capacity: { kind: "serverless", minAcu: 2, maxAcu: 16 },
      maxConnections: 3360,
      logExports: ["postgresql"],
      logRetentionDays: 14,
      backupRetentionDays: 7,
      masterPasswordRotationDays: 30,
      databaseName: "catalog",
      masterUsername: "catalogadmin",
    });
  });

  it.each<[RawConfig, string]>([
    [
      { dbEngineVersion: "8.0.mysql_aurora.3.10.4" },
      'platform:dbEngineVersion is "8.0.mysql_aurora.3.10.4"; expected for aurora-postgresql, an Aurora PostgreSQL major.minor version',
    ],
    [
      { dbEngineVersion: "13.9" },
      'platform:dbEngineVersion is "13.9"; expected for aurora-postgresql, an Aurora PostgreSQL major.minor version of major 14, 15, 16, 17',
    ],
    [
      { dbInstanceClass: "db.r6g.large" },
      'platform:dbInstanceClass is "db.r6g.large"; expected "db.serverless" (provisioned classes are not supported for aurora-postgresql',
    ],
    [
      { dbServerlessMinAcu: "0", dbEngineVersion: "16.2" },
      "platform:dbServerlessMinAcu is 0; expected at least 0.5 with dbEngineVersion 16.2: a minimum of 0 ACUs (the automatic pause) needs Aurora PostgreSQL 14.12, 15.7, 16.3 or a later minor of the same major, or any 17",
    ],
    [{ dbServerlessMaxAcu: "0.5" }, 'platform:dbServerlessMaxAcu is "0.5"; expected a number from 1 to 256 in steps of 0.5'],
    [
      { dbLogExports: '["slowquery"]' },
      'platform:dbLogExports is ["slowquery"]; expected for aurora-postgresql, a list of distinct log types from postgresql',
    ],
    [{ dbLogExports: '["audit","error","slowquery"]' }, "expected for aurora-postgresql, a list of distinct log types from postgresql"],
    [
      { dbName: "postgres" },
      'platform:dbName is "postgres"; expected 1 to 63 letters, digits and underscores, starting with a letter, not a PostgreSQL reserved word',
    ],
    [{ dbName: `c${"x".repeat(63)}` }, "expected 1 to 63 letters, digits and underscores"],
    [
      { dbMasterUsername: "user" },
      'platform:dbMasterUsername is "user"; expected 1 to 16 letters and digits, starting with a letter, not a PostgreSQL reserved word nor an RDS account (rdsadmin, rdstopmgr)',
    ],
    [{ system: "user" }, 'platform:dbName is "user"; expected 1 to 63 letters'],
  ])("rejects %j for aurora-postgresql naming the key, the value and what is allowed for that engine", (overrides, message) => {
    expect(() => pg(overrides)).toThrow(message);
  });
});

describe("data layer names", () => {
  it("keeps every data layer name within its AWS rule for the longest system and suffix", () => {
    const longest = { system: "abcdefghij", environmentSuffix: "abcdefgh-jklmnop" };
    for (const kind of Object.values(DATA_NAMES)) expect(() => physicalName(longest, kind)).not.toThrow();
    expect(physicalName(longest, DATA_NAMES.dbCluster)).toBe("abcdefghij-aurora-abcdefgh-jklmnop");
    expect(physicalName(longest, DATA_NAMES.dbKmsAlias)).toBe("alias/abcdefghij-db-abcdefgh-jklmnop");
  });

  it("gives every parameter group family its own name, keeping the order API's", () => {
    const base = { system: "orders", environmentSuffix: "dev" };
    const groups = [
      DATA_NAMES.dbClusterParameterGroup,
      DATA_NAMES.dbClusterParameterGroupPg14,
      DATA_NAMES.dbClusterParameterGroupPg15,
      DATA_NAMES.dbClusterParameterGroupPg16,
      DATA_NAMES.dbClusterParameterGroupPg17,
    ];
    expect(physicalName(base, DATA_NAMES.dbClusterParameterGroup)).toBe("orders-aurora-mysql8-dev");
    expect(physicalName({ system: "payments", environmentSuffix: "dev" }, DATA_NAMES.dbClusterParameterGroupPg16)).toBe(
      "payments-aurora-pg16-dev",
    );
    expect(new Set(groups.map((kind) => physicalName(base, kind))).size).toBe(groups.length);
  });
});

describe("Serverless v2 automatic pause (a minimum of 0 ACUs)", () => {
  const serverless = (overrides: RawConfig = {}) => data({ dbInstanceClass: "db.serverless", dbServerlessMaxAcu: "8", ...overrides });

  it.each([
    ["aurora-mysql", "8.0.mysql_aurora.3.04.3", false],
    ["aurora-mysql", "8.0.mysql_aurora.3.07.1", false],
    ["aurora-mysql", "8.0.mysql_aurora.3.08.0", true],
    ["aurora-mysql", "8.0.mysql_aurora.3.08.2", true],
    ["aurora-mysql", "8.0.mysql_aurora.3.10.4", true],
    ["aurora-postgresql", "13.14", false],
    ["aurora-postgresql", "13.15", true],
    ["aurora-postgresql", "14.11", false],
    ["aurora-postgresql", "14.12", true],
    ["aurora-postgresql", "15.6", false],
    ["aurora-postgresql", "15.7", true],
    ["aurora-postgresql", "16.2", false],
    ["aurora-postgresql", "16.3", true],
    ["aurora-postgresql", "16.8", true],
    ["aurora-postgresql", "17.4", true],
  ] as const)(
    "knows whether %s %s accepts 0 ACUs (AWS: MySQL 3.08.0, PostgreSQL 13.15, 14.12, 15.7, 16.3 and higher)",
    (engine, version, yes) => {
      expect(supportsAutoPause(engine, version)).toBe(yes);
    },
  );

  it("turns it on with AWS's default pause delay of 300 s, and keeps max_connections from the maximum", () => {
    expect(serverless({ dbServerlessMinAcu: "0" })).toMatchObject({
      capacity: { kind: "serverless", minAcu: 0, maxAcu: 8, secondsUntilAutoPause: 300 },
      maxConnections: 1000,
    });
    expect(serverless({ dbServerlessMinAcu: "0", dbServerlessSecondsUntilAutoPause: "3600" }).capacity).toEqual({
      kind: "serverless",
      minAcu: 0,
      maxAcu: 8,
      secondsUntilAutoPause: 3600,
    });
    // Without the pause there is no delay at all: AWS drops the property when the minimum is not 0.
    expect(serverless({ dbServerlessMinAcu: "0.5" }).capacity).toEqual({ kind: "serverless", minAcu: 0.5, maxAcu: 8 });
  });

  it("accepts the delay's bounds, 300 s and a day", () => {
    expect(serverless({ dbServerlessMinAcu: "0", dbServerlessSecondsUntilAutoPause: "300" }).capacity).toMatchObject({
      secondsUntilAutoPause: 300,
    });
    expect(serverless({ dbServerlessMinAcu: "0", dbServerlessSecondsUntilAutoPause: "86400" }).capacity).toMatchObject({
      secondsUntilAutoPause: 86400,
    });
  });

  it("caps PostgreSQL's max_connections at 2000 with a 0 ACU minimum, as with 0.5", () => {
    expect(data({ databaseEngine: "aurora-postgresql", dbServerlessMinAcu: "0", dbServerlessMaxAcu: "16" }).maxConnections).toBe(
      POSTGRESQL_HALF_ACU_MAX_CONNECTIONS,
    );
  });

  it.each<[RawConfig, string]>([
    [
      { dbServerlessMinAcu: "0", dbEngineVersion: "8.0.mysql_aurora.3.07.1" },
      "platform:dbServerlessMinAcu is 0; expected at least 0.5 with dbEngineVersion 8.0.mysql_aurora.3.07.1: a minimum of 0 ACUs (the automatic pause) needs Aurora MySQL 3.08.0 or higher",
    ],
    [
      { dbServerlessMinAcu: "0.5", dbServerlessSecondsUntilAutoPause: "600" },
      "platform:dbServerlessSecondsUntilAutoPause is 600; expected not set unless dbInstanceClass is db.serverless and dbServerlessMinAcu is 0 (AWS keeps a pause delay only for a cluster that can pause)",
    ],
    [
      { dbInstanceClass: "db.r6g.large", dbServerlessMinAcu: "0", dbServerlessSecondsUntilAutoPause: "600" },
      "platform:dbServerlessSecondsUntilAutoPause is 600; expected not set unless dbInstanceClass is db.serverless and dbServerlessMinAcu is 0",
    ],
    [
      { dbServerlessMinAcu: "0", dbServerlessSecondsUntilAutoPause: "299" },
      'platform:dbServerlessSecondsUntilAutoPause is "299"; expected an integer from 300 to 86400',
    ],
    [
      { dbServerlessMinAcu: "0", dbServerlessSecondsUntilAutoPause: "86401" },
      'platform:dbServerlessSecondsUntilAutoPause is "86401"; expected an integer from 300 to 86400',
    ],
  ])("rejects %j naming the key, the value and what AWS allows", (overrides, message) => {
    expect(() => serverless(overrides)).toThrow(message);
  });
});

describe("Performance Insights", () => {
  it("is on by default, in development and production alike", () => {
    expect(data().performanceInsights).toBe(true);
    expect(data({ environment: "production", alarmEmails: ONCALL }).performanceInsights).toBe(true);
  });

  it("may be turned off in development, where it lets Serverless v2 idle below the 2 ACUs AWS recommends with it", () => {
    expect(data({ dbPerformanceInsights: "false", dbInstanceClass: "db.serverless", dbServerlessMinAcu: "0.5" })).toMatchObject({
      performanceInsights: false,
      capacity: { kind: "serverless", minAcu: 0.5 },
    });
  });

  it("stays on in production, naming the key, the value and why", () => {
    expect(() => data({ environment: "production", alarmEmails: ONCALL, dbPerformanceInsights: "false" })).toThrow(
      "platform:dbPerformanceInsights is false; expected true when environment is production: a production database keeps Performance Insights; false is for development and test stacks",
    );
  });
});
