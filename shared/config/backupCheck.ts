import { ConfigError } from "./errors";
import { MINUTES_PER_DAY, parseDailyWindow, Window, windowLength } from "./data";
import { feature, group, key, Settings } from "./spec";

/** The backup verification of the data layer, when it is on. */
export interface BackupVerificationConfig {
  /** The check fails when the newest available automated snapshot is older than this, in hours. */
  readonly maxAgeHours: number;
  /** The daily EventBridge schedule of the check, `cron(m h * * ? *)` in UTC. */
  readonly schedule: string;
}

/** Minutes between the end of the backup window and the check: time for RDS to finish the day's snapshot. */
export const BACKUP_CHECK_DELAY_MINUTES = 60;

/** The largest accepted maximum age: a week, beyond which the check no longer says anything about daily backups. */
export const MAX_BACKUP_AGE_HOURS = 168;

/** The default maximum age: a day, so the check fails on the first day without a backup (see `validateBackupMaxAge`). */
export const DEFAULT_BACKUP_AGE_HOURS = 24;

/**
 * The EventBridge schedule of the daily check: `BACKUP_CHECK_DELAY_MINUTES`
 * after the backup window ends, in UTC (EventBridge cron expressions are UTC),
 * wrapping past midnight.
 */
export function backupCheckSchedule(window: Window): string {
  const at = (window.end + BACKUP_CHECK_DELAY_MINUTES) % MINUTES_PER_DAY;
  return `cron(${at % 60} ${Math.floor(at / 60)} * * ? *)`;
}

/**
 * The smallest maximum age that never fails on a snapshot taken in the same
 * day's window: the window's length plus the delay until the check, rounded
 * up to whole hours.
 */
export function minimumBackupAgeHours(window: Window): number {
  return Math.ceil((windowLength(window, MINUTES_PER_DAY) + BACKUP_CHECK_DELAY_MINUTES) / 60);
}

/**
 * Validates the maximum snapshot age against the backup window. A snapshot of
 * the same day's window is at most `minimumBackupAgeHours` old when the check
 * runs; the previous day's is at least 24 h plus the delay old. So a value
 * from the minimum up to 24 fails on the first missed backup; larger values
 * tolerate missed days. Throws a ConfigError for `dbBackupMaxAgeHours`.
 */
export function validateBackupMaxAge(hours: number, window: Window): number {
  const min = minimumBackupAgeHours(window);
  if (!Number.isInteger(hours) || hours < min || hours > MAX_BACKUP_AGE_HOURS) {
    throw new ConfigError(
      "dbBackupMaxAgeHours",
      hours,
      `an integer from ${min} (the backup window's length plus the ${BACKUP_CHECK_DELAY_MINUTES} minutes until the check, in whole hours) to ${MAX_BACKUP_AGE_HOURS}`,
    );
  }
  return hours;
}

const dbBackupVerification = key.boolean({
  doc: "A daily Lambda function checks that the cluster has a recent automated snapshot, publishes the result as a metric, and the edge layer alarms when the check fails or does not run.",
  default: false,
});

/** The backup check's keys: `dbBackupVerification`. */
export const BACKUP_VERIFICATION = feature(dbBackupVerification, "dbBackupVerification is false (nothing checks the backups)");

/** The backup verification's keys, read with the data layer's. */
export const BACKUP_CHECK = group({
  dbBackupVerification,
  dbBackupMaxAgeHours: key.integer({
    doc: "The backup check fails when the newest available automated snapshot is older than this many hours; up to 24 catches the first missed daily backup. It must cover the backup window plus the hour until the check.",
    feature: BACKUP_VERIFICATION,
    default: DEFAULT_BACKUP_AGE_HOURS,
    min: 1,
    max: MAX_BACKUP_AGE_HOURS,
  }),
});

/** Reads the backup verification keys; `backupWindow` is the already validated `dbBackupWindow`. */
export function readBackupVerification(s: Settings, backupWindow: string): BackupVerificationConfig | undefined {
  const { dbBackupMaxAgeHours } = s.read(BACKUP_CHECK);
  if (dbBackupMaxAgeHours === undefined) return undefined;
  const window = parseDailyWindow("dbBackupWindow", backupWindow);
  return { maxAgeHours: validateBackupMaxAge(dbBackupMaxAgeHours, window), schedule: backupCheckSchedule(window) };
}
