/*
 * The backup check: a Lambda function the data layer runs once a day, after
 * the backup window, and once at deploy. It finds the cluster's newest
 * available automated snapshot, decides whether it is recent enough, publishes
 * the result as CloudWatch metrics and logs it as one JSON line. Without a
 * recent snapshot it reads the cluster's create time: a cluster younger than
 * the maximum age has had no backup due yet and passes, so a new stack's
 * alarm starts OK. An AWS error is thrown, not caught: Lambda counts it in
 * Errors, no metric is published, and the edge layer's alarm (missing data is
 * breaching) fires.
 *
 * The program ships this file, transpiled, as the function's only file: it
 * may import only the AWS SDK v3 (part of the Lambda Node.js runtime) and
 * Node.js built-ins.
 */
import { CloudWatchClient, MetricDatum, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DBClusterSnapshot, DescribeDBClusterSnapshotsCommand, DescribeDBClustersCommand, RDSClient } from "@aws-sdk/client-rds";

/** What the check needs, from the function's environment variables. */
export interface CheckSettings {
  readonly clusterIdentifier: string;
  readonly namespace: string;
  readonly passedMetric: string;
  readonly ageMetric: string;
  readonly dimension: string;
  readonly maxAgeHours: number;
}

/** The environment variables the function reads, set by the data layer. */
export const ENVIRONMENT = {
  clusterIdentifier: "CLUSTER_IDENTIFIER",
  namespace: "METRIC_NAMESPACE",
  passedMetric: "PASSED_METRIC",
  ageMetric: "AGE_METRIC",
  dimension: "METRIC_DIMENSION",
  maxAgeHours: "MAX_AGE_HOURS",
} as const satisfies Record<keyof CheckSettings, string>;

/** A snapshot create time at most this far ahead of the function's clock counts as now (clocks are NTP-synced, not identical). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;

/** Reads the settings; a missing or invalid variable is a deployment error and throws. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): CheckSettings {
  const text = (key: keyof CheckSettings): string => {
    const value = env[ENVIRONMENT[key]];
    if (value === undefined || value === "") throw new Error(`environment variable ${ENVIRONMENT[key]} is not set`);
    return value;
  };
  const maxAgeHours = Number(text("maxAgeHours"));
  if (!Number.isFinite(maxAgeHours) || maxAgeHours <= 0) {
    throw new Error(`environment variable ${ENVIRONMENT.maxAgeHours} is "${text("maxAgeHours")}"; expected a positive number of hours`);
  }
  return {
    clusterIdentifier: text("clusterIdentifier"),
    namespace: text("namespace"),
    passedMetric: text("passedMetric"),
    ageMetric: text("ageMetric"),
    dimension: text("dimension"),
    maxAgeHours,
  };
}

/** The outcome of one check. */
export interface Verdict {
  readonly passed: boolean;
  /** Why, in one sentence, for the log line. */
  readonly reason: string;
  /** The newest available automated snapshot, when there is one. */
  readonly newest?: { readonly identifier: string; readonly createdAt: string; readonly ageHours: number };
  /** Automated snapshots seen, by status (available, creating, failed, ...). */
  readonly statuses: Readonly<Record<string, number>>;
  /** The cluster's create time and age, when the snapshots alone did not pass and the check read them. */
  readonly cluster?: { readonly createdAt: string; readonly ageHours: number };
}

/**
 * Decides the check from the cluster's automated snapshots: it passes when the
 * newest `available` one is at most `maxAgeHours` old at `now` (exactly the
 * limit passes). Snapshots still `creating`, or failed, do not count: they
 * cannot be restored. A create time up to `CLOCK_SKEW_MS` in the future counts
 * as age 0; one further ahead is not trusted and ignored.
 */
export function evaluateSnapshots(snapshots: readonly DBClusterSnapshot[], now: Date, maxAgeHours: number): Verdict {
  const statuses: Record<string, number> = {};
  for (const s of snapshots) {
    const status = s.Status ?? "unknown";
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const usable = snapshots.filter(
    (s): s is DBClusterSnapshot & { SnapshotCreateTime: Date } =>
      s.Status === "available" && s.SnapshotCreateTime !== undefined && s.SnapshotCreateTime.getTime() <= now.getTime() + CLOCK_SKEW_MS,
  );
  if (usable.length === 0) {
    const reason =
      snapshots.length === 0
        ? "the cluster has no automated snapshot"
        : "the cluster has no available automated snapshot with a trusted create time";
    return { passed: false, reason, statuses };
  }
  const newest = usable.reduce((a, b) => (b.SnapshotCreateTime.getTime() > a.SnapshotCreateTime.getTime() ? b : a));
  const ageHours = Math.max(0, now.getTime() - newest.SnapshotCreateTime.getTime()) / HOUR_MS;
  const passed = ageHours <= maxAgeHours;
  return {
    passed,
    reason: passed
      ? `the newest available automated snapshot is within ${maxAgeHours} h`
      : `the newest available automated snapshot is older than ${maxAgeHours} h`,
    newest: {
      identifier: newest.DBClusterSnapshotIdentifier ?? "unknown",
      createdAt: newest.SnapshotCreateTime.toISOString(),
      ageHours: Math.round(ageHours * 100) / 100,
    },
    statuses,
  };
}

/**
 * A verdict that failed on the snapshots, decided again with the cluster's
 * create time: a cluster at most `maxAgeHours` old (exactly the limit passes;
 * a create time ahead of the clock counts as age 0) has had no backup due yet
 * and passes. An older one keeps the failure, with its age for the log line.
 */
export function allowNewCluster(verdict: Verdict, clusterCreatedAt: Date, now: Date, maxAgeHours: number): Verdict {
  const ageHours = Math.max(0, now.getTime() - clusterCreatedAt.getTime()) / HOUR_MS;
  const cluster = { createdAt: clusterCreatedAt.toISOString(), ageHours: Math.round(ageHours * 100) / 100 };
  if (ageHours > maxAgeHours) return { ...verdict, cluster };
  return {
    ...verdict,
    passed: true,
    reason: `no backup is due yet: the cluster is ${cluster.ageHours} h old, within ${maxAgeHours} h`,
    cluster,
  };
}

/** The cluster's create time (DescribeDBClusters' `ClusterCreateTime`); throws when RDS returns none. */
export async function clusterCreateTime(rds: RDSClient, clusterIdentifier: string): Promise<Date> {
  const page = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterIdentifier }));
  const created = page.DBClusters?.find((c) => c.DBClusterIdentifier === clusterIdentifier)?.ClusterCreateTime;
  if (created === undefined) throw new Error(`DescribeDBClusters returned no create time for the cluster ${clusterIdentifier}`);
  return created;
}

/** Every automated snapshot of the cluster, following `Marker` through all pages. */
export async function listAutomatedSnapshots(rds: RDSClient, clusterIdentifier: string): Promise<DBClusterSnapshot[]> {
  const all: DBClusterSnapshot[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: clusterIdentifier, SnapshotType: "automated", Marker: marker }),
    );
    all.push(...(page.DBClusterSnapshots ?? []));
    marker = page.Marker;
  } while (marker !== undefined && marker !== "");
  return all;
}

/** The metric data of a verdict: pass (1) or fail (0), and the newest snapshot's age when there is one. */
export function metricData(settings: CheckSettings, verdict: Verdict, now: Date): MetricDatum[] {
  const dimensions = [{ Name: settings.dimension, Value: settings.clusterIdentifier }];
  const datum = (name: string, value: number): MetricDatum => ({
    MetricName: name,
    Dimensions: dimensions,
    Timestamp: now,
    Value: value,
    Unit: "None",
  });
  return [
    datum(settings.passedMetric, verdict.passed ? 1 : 0),
    ...(verdict.newest === undefined ? [] : [datum(settings.ageMetric, verdict.newest.ageHours)]),
  ];
}

/** Runs one check: list, decide (reading the cluster's age only when the snapshots fail), publish, log. AWS errors propagate. */
export async function runCheck(settings: CheckSettings, now: Date, rds: RDSClient, cloudwatch: CloudWatchClient): Promise<Verdict> {
  const snapshots = await listAutomatedSnapshots(rds, settings.clusterIdentifier);
  const found = evaluateSnapshots(snapshots, now, settings.maxAgeHours);
  const verdict = found.passed
    ? found
    : allowNewCluster(found, await clusterCreateTime(rds, settings.clusterIdentifier), now, settings.maxAgeHours);
  await cloudwatch.send(new PutMetricDataCommand({ Namespace: settings.namespace, MetricData: metricData(settings, verdict, now) }));
  const line = {
    check: "backup",
    cluster: settings.clusterIdentifier,
    checkedAt: now.toISOString(),
    maxAgeHours: settings.maxAgeHours,
    ...verdict,
  };
  if (verdict.passed) console.info(JSON.stringify(line));
  else console.error(JSON.stringify(line));
  return verdict;
}

// Created once per execution environment and reused by later invocations; region and credentials come from the runtime.
const rds = new RDSClient({});
const cloudwatch = new CloudWatchClient({});

/** The Lambda entry point (`index.handler`); neither the scheduled event nor the deploy's carries anything the check needs. */
export async function handler(): Promise<Verdict> {
  return runCheck(settingsFromEnv(process.env), new Date(), rds, cloudwatch);
}
