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
