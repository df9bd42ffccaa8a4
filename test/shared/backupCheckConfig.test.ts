import {
  BACKUP_CHECK_DELAY_MINUTES,
  backupCheckSchedule,
  ConfigError,
  minimumBackupAgeHours,
  parseDailyWindow,
  parsePlatformConfig,
  RawConfig,
  validateBackupMaxAge,
} from "../../shared/config";
import { backupCheckMetric } from "../../shared/metrics";

/** Production stacks must name someone for their alarms. */
const ONCALL = '["oncall@your-company.com"]';

const window = (text: string) => parseDailyWindow("dbBackupWindow", text);

/** The data config of a development stack with `platform:*` overrides. */
function data(overrides: RawConfig = {}) {
  return parsePlatformConfig({ environmentSuffix: "dev", ...overrides }, { stack: "orders-dev", awsRegion: "us-east-1" }).data;
}

describe("the backup check's schedule", () => {
  it("runs daily an hour after the backup window ends, as an EventBridge cron expression in UTC", () => {
    expect(BACKUP_CHECK_DELAY_MINUTES).toBe(60);
    expect(backupCheckSchedule(window("03:00-04:00"))).toBe("cron(0 5 * * ? *)");
    expect(backupCheckSchedule(window("17:15-17:45"))).toBe("cron(45 18 * * ? *)");
  });

  it("wraps past midnight when the window ends in the last hour of the day or runs through midnight", () => {
    expect(backupCheckSchedule(window("22:30-23:00"))).toBe("cron(0 0 * * ? *)");
    expect(backupCheckSchedule(window("22:45-23:59"))).toBe("cron(59 0 * * ? *)");
    expect(backupCheckSchedule(window("23:30-00:30"))).toBe("cron(30 1 * * ? *)");
    expect(backupCheckSchedule(window("00:00-00:30"))).toBe("cron(30 1 * * ? *)");
  });

  it("uses EventBridge's six-field form with ? for the day of the week", () => {
    for (const text of ["03:00-04:00", "23:30-00:30", "12:07-13:41"]) {
      expect(backupCheckSchedule(window(text))).toMatch(/^cron\(([0-5]?\d) (1?\d|2[0-3]) \* \* \? \*\)$/);
    }
  });
});

describe("the backup check's maximum snapshot age", () => {
  it("must cover the window plus the hour until the check, in whole hours", () => {
    expect(minimumBackupAgeHours(window("03:00-04:00"))).toBe(2);
    expect(minimumBackupAgeHours(window("03:00-03:30"))).toBe(2);
    expect(minimumBackupAgeHours(window("03:00-05:01"))).toBe(4);
    expect(minimumBackupAgeHours(window("23:00-01:00"))).toBe(3);
  });

  it("accepts the range from that minimum to a week, both ends included", () => {
    expect(validateBackupMaxAge(2, window("03:00-04:00"))).toBe(2);
    expect(validateBackupMaxAge(24, window("03:00-04:00"))).toBe(24);
    expect(validateBackupMaxAge(168, window("03:00-04:00"))).toBe(168);
  });

  it("rejects a value below the minimum, above a week, or not whole, naming the key and the bounds", () => {
    const w = window("03:00-04:00");
    for (const bad of [1, 169, 24.5, 0]) expect(() => validateBackupMaxAge(bad, w)).toThrow(ConfigError);
    expect(() => validateBackupMaxAge(1, w)).toThrow(
      "platform:dbBackupMaxAgeHours is 1; expected an integer from 2 (the backup window's length plus the 60 minutes until the check, in whole hours) to 168",
    );
    expect(() => validateBackupMaxAge(3, window("20:00-23:00"))).toThrow(/expected an integer from 4 /);
  });
});

describe("backup verification config", () => {
  it("is off by default, as on the order API", () => {
    expect(data().backupVerification).toBeUndefined();
    expect(
      parsePlatformConfig({ environmentSuffix: "prod", environment: "production", alarmEmails: ONCALL }, { stack: "orders-prod" }).data
        .backupVerification,
    ).toBeUndefined();
  });

  it("is on for the payments preset, an hour after its 03:00-04:00 window, at 24 h", () => {
    const payments = parsePlatformConfig({ preset: "payments", environmentSuffix: "dev" }, { stack: "payments-dev" }).data;
    expect(payments.backupVerification).toEqual({ maxAgeHours: 24, schedule: "cron(0 5 * * ? *)" });
  });

  it("follows the configured window and maximum age when on", () => {
    expect(data({ dbBackupVerification: "true" }).backupVerification).toEqual({ maxAgeHours: 24, schedule: "cron(0 5 * * ? *)" });
    expect(data({ dbBackupVerification: true, dbBackupWindow: "23:30-00:30", dbBackupMaxAgeHours: "48" }).backupVerification).toEqual({
      maxAgeHours: 48,
      schedule: "cron(30 1 * * ? *)",
    });
    expect(data({ dbBackupVerification: "false" }).backupVerification).toBeUndefined();
  });

  it("refuses a maximum age while the check is off, since nothing would use it", () => {
    expect(() => data({ dbBackupVerification: "false", dbBackupMaxAgeHours: "48" })).toThrow(
      "platform:dbBackupMaxAgeHours is 48; expected not set while dbBackupVerification is false (nothing checks the backups)",
    );
  });

  it("rejects invalid values with the key, the value and what is allowed", () => {
    expect(() => data({ dbBackupVerification: "yes" })).toThrow('platform:dbBackupVerification is "yes"; expected true or false');
    expect(() => data({ dbBackupMaxAgeHours: "0" })).toThrow('platform:dbBackupMaxAgeHours is "0"; expected an integer from 1 to 168');
    expect(() => data({ dbBackupMaxAgeHours: "12.5" })).toThrow(
      'platform:dbBackupMaxAgeHours is "12.5"; expected an integer from 1 to 168',
    );
    expect(() => data({ dbBackupVerification: "true", dbBackupWindow: "01:00-04:00", dbBackupMaxAgeHours: "3" })).toThrow(
      /^platform:dbBackupMaxAgeHours is 3; expected an integer from 4 /,
    );
  });
});

describe("backup check metrics", () => {
  it("live in a namespace of their own, apart from the one the application's task role may publish to", () => {
    const cfg = parsePlatformConfig({ environmentSuffix: "pr-7" }, { stack: "s" });
    expect(backupCheckMetric(cfg)).toEqual({
      namespace: "orders/pr-7/backup",
      passed: "BackupCheckPassed",
      snapshotAgeHours: "NewestSnapshotAgeHours",
      dimension: "DBClusterIdentifier",
    });
  });
});
