import {
  DB_LOG_TYPES,
  DbLogType,
  logParameters,
  MAX_CONNECTIONS_BY_CLASS,
  maxConnectionsFor,
  MINUTES_PER_DAY,
  parseDailyWindow,
  parsePlatformConfig,
  physicalName,
  parseWeeklyWindow,
  RawConfig,
  SERVERLESS_MAX_CONNECTIONS,
  validateDatabaseName,
  validateMasterUsername,
  windowsOverlap,
} from "../../shared";
import { DATA_NAMES } from "../../shared/names/data";

/** The data config of a development stack with `platform:*` overrides, as the schema parses it. */
function data(overrides: RawConfig = {}, stack = "orders-dev") {
  return parsePlatformConfig({ environmentSuffix: "dev", ...overrides }, { stack, awsRegion: "us-east-1" }).data;
}

/** Every subset of the supported log types. */
function subsets(): DbLogType[][] {
  return Array.from({ length: 2 ** DB_LOG_TYPES.length }, (_, mask) => DB_LOG_TYPES.filter((_, i) => mask & (1 << i)));
}

describe("maxConnectionsFor", () => {
  it("gives db.r6g.large the documented 1000 and grows with the instance's memory", () => {
    expect(maxConnectionsFor({ kind: "provisioned", instanceClass: "db.r6g.large" })).toBe(1000);
    expect(maxConnectionsFor({ kind: "provisioned", instanceClass: "db.r6g.2xlarge" })).toBe(3000);
    expect(maxConnectionsFor({ kind: "provisioned", instanceClass: "db.r5.24xlarge" })).toBe(7000);
    expect(maxConnectionsFor({ kind: "provisioned", instanceClass: "db.t4g.medium" })).toBe(90);
    expect(maxConnectionsFor({ kind: "provisioned", instanceClass: "db.r8g.48xlarge" })).toBe(8000);
    expect(maxConnectionsFor({ kind: "provisioned", instanceClass: "db.x2g.large" })).toBe(2000);
  });

  it("gives every memory-optimized class of one size the same figure across generations", () => {
    for (const size of ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"]) {
      const figures = ["db.r5", "db.r6g", "db.r6i", "db.r7g", "db.r7i", "db.r8g"].map((family) => MAX_CONNECTIONS_BY_CLASS[`${family}.${size}`]);
      expect(new Set(figures).size).toBe(1);
    }
  });

  it("follows the Serverless v2 table at each documented maximum ACU", () => {
    for (const [acu, connections] of SERVERLESS_MAX_CONNECTIONS) {
      expect(maxConnectionsFor({ kind: "serverless", minAcu: 0.5, maxAcu: acu })).toBe(connections);
    }
  });

  it("takes the row below a maximum ACU between two rows, never overestimating", () => {
    expect(maxConnectionsFor({ kind: "serverless", minAcu: 0.5, maxAcu: 15.5 })).toBe(1000);
    expect(maxConnectionsFor({ kind: "serverless", minAcu: 2, maxAcu: 3.5 })).toBe(90);
    expect(maxConnectionsFor({ kind: "serverless", minAcu: 2, maxAcu: 255.5 })).toBe(5000);
    expect(maxConnectionsFor({ kind: "serverless", minAcu: 2, maxAcu: 256 })).toBe(5000);
  });

  it("rejects a class without a documented figure instead of guessing", () => {
    expect(() => maxConnectionsFor({ kind: "provisioned", instanceClass: "db.m6g.large" })).toThrow(
      /^platform:dbInstanceClass is "db.m6g.large"; expected "db.serverless" or a class with a documented max_connections: db.t3.medium, /,
    );
  });

  it("rejects a Serverless v2 maximum below the table's first row", () => {
    expect(() => maxConnectionsFor({ kind: "serverless", minAcu: 0.5, maxAcu: 0.5 })).toThrow(
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
      const params = logParameters(exports);
      if (exports.includes("slowquery")) expect(params).toMatchObject({ slow_query_log: "1", long_query_time: "1", log_output: "FILE" });
      if (exports.includes("general")) expect(params).toMatchObject({ general_log: "1", log_output: "FILE" });
      if (exports.includes("audit")) expect(params).toMatchObject({ server_audit_logging: "1", server_audit_events: "CONNECT,QUERY_DCL,QUERY_DDL" });
    }
  });

  it("turns off the parameters of every log type that is not exported, for every combination", () => {
    for (const exports of subsets()) {
      const params = logParameters(exports);
      if (!exports.includes("slowquery")) expect(params).toMatchObject({ slow_query_log: "0" });
      if (!exports.includes("slowquery")) expect(params).not.toHaveProperty("long_query_time");
      if (!exports.includes("general")) expect(params).toMatchObject({ general_log: "0" });
      if (!exports.includes("audit")) expect(params).toMatchObject({ server_audit_logging: "0" });
      if (!exports.includes("audit")) expect(params).not.toHaveProperty("server_audit_events");
      if (!exports.includes("slowquery") && !exports.includes("general")) expect(params).not.toHaveProperty("log_output");
    }
  });

  it("needs no parameter for the error log, which Aurora MySQL always writes", () => {
    expect(logParameters(["error"])).toEqual(logParameters([]));
  });
});

describe("database name and master username", () => {
  it("accepts names at the limits of RDS's rules", () => {
    expect(validateDatabaseName("o")).toBe("o");
    expect(validateDatabaseName(`o${"_".repeat(63)}`)).toHaveLength(64);
    expect(validateDatabaseName("Orders_2024")).toBe("Orders_2024");
    expect(validateMasterUsername("a")).toBe("a");
    expect(validateMasterUsername("A234567890123456")).toHaveLength(16);
    expect(validateMasterUsername("admin")).toBe("admin");
  });

  it.each([`o${"x".repeat(64)}`, "", "1orders", "_orders", "orders-db", "order$", "select", "SELECT", "Database"])(
    "rejects the database name %j",
    (name) => {
      expect(() => validateDatabaseName(name)).toThrow(
        `platform:dbName is ${JSON.stringify(name)}; expected 1 to 64 letters, digits and underscores, starting with a letter, not a MySQL reserved word`,
      );
    },
  );

  it.each(["A2345678901234567", "", "1admin", "orders_admin", "orders-admin", "rdsadmin", "RDSAdmin", "rdsrepladmin", "rdsproxyadmin", "table"])(
    "rejects the master username %j",
    (name) => {
      expect(() => validateMasterUsername(name)).toThrow(
        `platform:dbMasterUsername is ${JSON.stringify(name)}; expected 1 to 16 letters and digits, starting with a letter, not a MySQL reserved word nor an RDS account (rdsadmin, rdsrepladmin, rdsproxyadmin)`,
      );
    },
  );
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
      backupRetentionDays: 7,
      backupWindow: "03:00-04:00",
      maintenanceWindow: "mon:04:00-mon:05:00",
      logExports: ["audit", "error", "slowquery"],
      logRetentionDays: 30,
      customerManagedKey: false,
      maxConnections: 1000,
    });
  });

  it("derives the database name and master username from the system", () => {
    expect(data({ system: "shop" })).toMatchObject({ databaseName: "shop", masterUsername: "shopadmin" });
  });

  it("turns on the customer-managed key by default for production only", () => {
    expect(data({ environment: "production" }).customerManagedKey).toBe(true);
    expect(data({ environment: "production", dbCustomerManagedKey: "false" }).customerManagedKey).toBe(false);
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
    [{ databaseEngine: "aurora-postgresql" }, 'platform:databaseEngine is "aurora-postgresql"; expected one of "aurora-mysql"'],
    [{ dbEngineVersion: "8.0.mysql_aurora.3" }, 'platform:dbEngineVersion is "8.0.mysql_aurora.3"; expected a full Aurora MySQL 3 version such as 8.0.mysql_aurora.3.10.4'],
    [{ dbEngineVersion: "5.7.mysql_aurora.2.12.5" }, 'platform:dbEngineVersion is "5.7.mysql_aurora.2.12.5"; expected a full Aurora MySQL 3 version such as 8.0.mysql_aurora.3.10.4'],
    [{ dbAutoMinorVersionUpgrade: "yes" }, 'platform:dbAutoMinorVersionUpgrade is "yes"; expected true or false'],
    [{ dbInstanceClass: "r6g.large" }, 'platform:dbInstanceClass is "r6g.large"; expected "db.serverless" or a class with a documented max_connections: '],
    [{ dbInstanceClass: "db.m5.large" }, 'platform:dbInstanceClass is "db.m5.large"; expected "db.serverless" or a class with a documented max_connections: '],
    [{ dbServerlessMinAcu: "0" }, 'platform:dbServerlessMinAcu is "0"; expected a number from 0.5 to 256 in steps of 0.5'],
    [{ dbServerlessMinAcu: "1.25" }, 'platform:dbServerlessMinAcu is "1.25"; expected a number from 0.5 to 256 in steps of 0.5'],
    [{ dbServerlessMaxAcu: "257" }, 'platform:dbServerlessMaxAcu is "257"; expected a number from 1 to 256 in steps of 0.5'],
    [{ dbServerlessMinAcu: "8", dbServerlessMaxAcu: "4" }, "platform:dbServerlessMaxAcu is 4; expected a number of at least dbServerlessMinAcu (8)"],
    [{ dbReaderCount: "0" }, 'platform:dbReaderCount is "0"; expected an integer from 1 to 2'],
    [{ dbReaderCount: "3" }, 'platform:dbReaderCount is "3"; expected an integer from 1 to 2'],
    [{ dbName: "select" }, 'platform:dbName is "select"; expected 1 to 64 letters, digits and underscores'],
    [{ dbMasterUsername: "rdsadmin" }, 'platform:dbMasterUsername is "rdsadmin"; expected 1 to 16 letters and digits'],
    [{ dbMasterPasswordRotationDays: "0" }, 'platform:dbMasterPasswordRotationDays is "0"; expected an integer from 1 to 365'],
    [{ dbMasterPasswordRotationDays: "366" }, 'platform:dbMasterPasswordRotationDays is "366"; expected an integer from 1 to 365'],
    [{ dbBackupRetentionDays: "0" }, 'platform:dbBackupRetentionDays is "0"; expected an integer from 1 to 35'],
    [{ dbBackupRetentionDays: "36" }, 'platform:dbBackupRetentionDays is "36"; expected an integer from 1 to 35'],
    [{ dbBackupWindow: "03:00-03:15" }, 'platform:dbBackupWindow is "03:00-03:15"; expected a daily UTC window hh:mm-hh:mm of at least 30 minutes'],
    [{ dbMaintenanceWindow: "monday:04:00-monday:05:00" }, 'platform:dbMaintenanceWindow is "monday:04:00-monday:05:00"; expected a weekly UTC window'],
    [
      { dbMaintenanceWindow: "tue:03:30-tue:04:30" },
      'platform:dbMaintenanceWindow is "tue:03:30-tue:04:30"; expected a window that does not overlap dbBackupWindow (03:00-04:00) on any day',
    ],
    [{ dbLogExports: '["slowquery","postgresql"]' }, 'platform:dbLogExports is "[\\"slowquery\\",\\"postgresql\\"]"; expected a list of distinct log types from audit, error, general, slowquery'],
    [{ dbLogExports: '["error","error"]' }, 'platform:dbLogExports is ["error","error"]; expected a list of distinct log types from audit, error, general, slowquery'],
    [{ dbLogRetentionDays: "10" }, 'platform:dbLogRetentionDays is "10"; expected one of 1, 3, 5, 7, 14, 30'],
    [{ dbCustomerManagedKey: "1" }, 'platform:dbCustomerManagedKey is "1"; expected true or false'],
  ])("rejects %j naming the key, the value and what is allowed", (overrides, message) => {
    expect(() => data(overrides)).toThrow(message);
  });
});

describe("data layer names", () => {
  it("keeps every data layer name within its AWS rule for the longest system and suffix", () => {
    const longest = { system: "abcdefghij", environmentSuffix: "abcdefgh-jklmnop" };
    for (const kind of Object.values(DATA_NAMES)) expect(() => physicalName(longest, kind)).not.toThrow();
    expect(physicalName(longest, DATA_NAMES.dbCluster)).toBe("abcdefghij-aurora-abcdefgh-jklmnop");
    expect(physicalName(longest, DATA_NAMES.dbKmsAlias)).toBe("alias/abcdefghij-db-abcdefgh-jklmnop");
  });
});
