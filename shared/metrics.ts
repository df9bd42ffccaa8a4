import { PlatformConfig } from "./config";

/** A CloudWatch metric: namespace and name. */
export interface MetricId {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The application's custom metrics namespace, `<system>/<suffix>`: the task
 * role may publish only here, and the edge layer's dashboard reads from here.
 */
export function metricsNamespace(cfg: PlatformConfig): string {
  return `${cfg.system}/${cfg.environmentSuffix}`;
}

/** The name of the pending-orders metric, in the application's namespace. */
export const PENDING_ORDERS_METRIC_NAME = "PendingOrders";

/**
 * The high-resolution pending-orders metric (one-second storage resolution),
 * which the API embeds in its queue-depth line in CloudWatch's embedded
 * metric format: the burst alarm reads it every 10 seconds.
 */
export const PENDING_ORDERS_HIGH_RES_METRIC_NAME = "PendingOrdersHighRes";

/** Seconds between two queue-depth lines of one task: two reports in each 10-second period of the burst alarm. */
export const QUEUE_DEPTH_REPORT_SECONDS = 5;

/** The name of the backup check's pass (1) or fail (0) metric, in its own namespace. */
export const BACKUP_CHECK_PASSED_METRIC_NAME = "BackupCheckPassed";

/**
 * The pending-orders metric: the compute layer's metric filter turns the
 * application's structured log line into it; autoscaling tracks it per task,
 * and the edge layer's dashboard and backlog alarm show it.
 */
export function pendingOrdersMetric(cfg: PlatformConfig): MetricId {
  return { namespace: metricsNamespace(cfg), name: PENDING_ORDERS_METRIC_NAME };
}

/** The metrics of the data layer's daily backup check: one namespace, one dimension, two metric names. */
export interface BackupCheckMetrics {
  readonly namespace: string;
  /** 1 when the newest available automated snapshot is recent enough, else 0. */
  readonly passed: string;
  /** The age of the newest available automated snapshot, in hours (absent when there is none). */
  readonly snapshotAgeHours: string;
  /** The dimension naming the cluster, valued with its identifier (RDS's own dimension name). */
  readonly dimension: string;
}

/**
 * The backup check's metrics, in `<system>/<suffix>/backup`: a namespace of
 * its own, so the application's task role (which may publish to
 * `<system>/<suffix>` only) cannot report a passing check. The check function
 * publishes them; the edge layer's alarm reads them.
 */
export function backupCheckMetric(cfg: PlatformConfig): BackupCheckMetrics {
  return {
    namespace: `${metricsNamespace(cfg)}/backup`,
    passed: BACKUP_CHECK_PASSED_METRIC_NAME,
    snapshotAgeHours: "NewestSnapshotAgeHours",
    dimension: "DBClusterIdentifier",
  };
}
