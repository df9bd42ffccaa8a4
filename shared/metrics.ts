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

/**
 * The pending-orders metric: the compute layer's metric filter turns the
 * application's structured log line into it; autoscaling tracks it per task,
 * and the edge layer's dashboard and backlog alarm show it.
 */
export function pendingOrdersMetric(cfg: PlatformConfig): MetricId {
  return { namespace: metricsNamespace(cfg), name: "PendingOrders" };
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
    passed: "BackupCheckPassed",
    snapshotAgeHours: "NewestSnapshotAgeHours",
    dimension: "DBClusterIdentifier",
  };
}
