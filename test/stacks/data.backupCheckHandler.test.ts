import { CloudWatchClient, MetricDatum, PutMetricDataCommand, PutMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import {
  DBClusterSnapshot,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClusterSnapshotsCommandInput,
  DescribeDBClustersCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import { builtinModules } from "module";
import {
  allowNewCluster,
  CheckSettings,
  CLOCK_SKEW_MS,
  clusterCreateTime,
  ENVIRONMENT,
  evaluateSnapshots,
  handler,
  listAutomatedSnapshots,
  metricData,
  runCheck,
  settingsFromEnv,
} from "../../stacks/data/backupCheck/handler";
import { BACKUP_CHECK_ENVIRONMENT, backupCheckArchive, backupCheckCode } from "../../stacks/data/backupVerification";

const HOUR = 60 * 60 * 1000;
const NOW = new Date("2026-11-22T05:00:00Z");
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);
const snapshot = (id: string, status: string, createdAt?: Date): DBClusterSnapshot => ({
  DBClusterSnapshotIdentifier: id,
  Status: status,
  SnapshotType: "automated",
  ...(createdAt === undefined ? {} : { SnapshotCreateTime: createdAt }),
});

const SETTINGS: CheckSettings = {
  clusterIdentifier: "payments-aurora-dev",
  namespace: "payments/dev/backup",
  passedMetric: "BackupCheckPassed",
  ageMetric: "NewestSnapshotAgeHours",
  dimension: "DBClusterIdentifier",
  maxAgeHours: 24,
};

/** A client whose `send` is a plain jest mock: what the AWS SDK would answer, or the error it would throw. */
function fakeClient<C>(send: jest.Mock): C {
  return { send } as unknown as C;
}

/** A cluster created well before any maximum age: the snapshots alone decide. */
const OLD_CLUSTER = ago(24 * 30);

/**
 * RDS answers snapshots in pages: each call returns the next page, with a
 * Marker while more follow; DescribeDBClusters answers the cluster, created at `clusterCreatedAt`.
 */
function rdsPages(pages: DBClusterSnapshot[][], clusterCreatedAt = OLD_CLUSTER): { client: RDSClient; send: jest.Mock } {
  const send = jest.fn(async (command: DescribeDBClusterSnapshotsCommand | DescribeDBClustersCommand) => {
    if (command instanceof DescribeDBClustersCommand) {
      return { DBClusters: [{ DBClusterIdentifier: command.input.DBClusterIdentifier, ClusterCreateTime: clusterCreatedAt }] };
    }
    const index = command.input.Marker === undefined ? 0 : Number(command.input.Marker);
    return { DBClusterSnapshots: pages[index], ...(index + 1 < pages.length ? { Marker: String(index + 1) } : {}) };
  });
  return { client: fakeClient<RDSClient>(send), send };
}

function cloudwatchSink(): { client: CloudWatchClient; send: jest.Mock; published: () => PutMetricDataCommandInput[] } {
  const send = jest.fn(async (_command: PutMetricDataCommand) => ({}));
  return {
    client: fakeClient<CloudWatchClient>(send),
    send,
    published: () => send.mock.calls.map(([c]) => (c as PutMetricDataCommand).input),
  };
}

let info: jest.SpyInstance;
let error: jest.SpyInstance;
beforeEach(() => {
  info = jest.spyOn(console, "info").mockImplementation(() => undefined);
  error = jest.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe("the backup check's decision", () => {
  it("fails when the cluster has no automated snapshot", () => {
    expect(evaluateSnapshots([], NOW, 24)).toEqual({ passed: false, reason: "the cluster has no automated snapshot", statuses: {} });
  });

  it("fails when the only snapshots are still creating or failed: neither can be restored", () => {
    const verdict = evaluateSnapshots(
      [snapshot("rds:c-1", "creating", ago(1)), snapshot("rds:c-2", "failed", ago(2)), snapshot("rds:c-3", "available")],
      NOW,
      24,
    );
    expect(verdict).toEqual({
      passed: false,
      reason: "the cluster has no available automated snapshot with a trusted create time",
      statuses: { creating: 1, failed: 1, available: 1 },
    });
  });

  it("passes on a recent available snapshot, picking the newest, and reports its age", () => {
    const verdict = evaluateSnapshots(
      [
        snapshot("rds:c-old", "available", ago(49)),
        snapshot("rds:c-new", "available", ago(1.5)),
        snapshot("rds:c-today", "creating", ago(0.5)),
      ],
      NOW,
      24,
    );
    expect(verdict.passed).toBe(true);
    expect(verdict.newest).toEqual({ identifier: "rds:c-new", createdAt: ago(1.5).toISOString(), ageHours: 1.5 });
    expect(verdict.statuses).toEqual({ available: 2, creating: 1 });
    const reversed = evaluateSnapshots(
      [snapshot("rds:c-new", "available", ago(1.5)), snapshot("rds:c-old", "available", ago(49))],
      NOW,
      24,
    );
    expect(reversed.newest?.identifier).toBe("rds:c-new");
  });

  it("fails when the newest available snapshot is older than the limit, the day after a missed backup", () => {
    const verdict = evaluateSnapshots([snapshot("rds:c-yesterday", "available", ago(25.5))], NOW, 24);
    expect(verdict).toMatchObject({
      passed: false,
      reason: "the newest available automated snapshot is older than 24 h",
      newest: { ageHours: 25.5 },
    });
  });

  it("passes at exactly the limit and fails a millisecond after it", () => {
    expect(evaluateSnapshots([snapshot("a", "available", ago(24))], NOW, 24).passed).toBe(true);
    expect(evaluateSnapshots([snapshot("a", "available", new Date(ago(24).getTime() - 1))], NOW, 24).passed).toBe(false);
  });

  it("counts a create time slightly ahead of its clock as now, and ignores one further ahead", () => {
    const skewed = evaluateSnapshots([snapshot("a", "available", new Date(NOW.getTime() + CLOCK_SKEW_MS))], NOW, 24);
    expect(skewed).toMatchObject({ passed: true, newest: { ageHours: 0 } });
    const future = snapshot("future", "available", new Date(NOW.getTime() + CLOCK_SKEW_MS + 1));
    expect(evaluateSnapshots([future], NOW, 24).passed).toBe(false);
    expect(evaluateSnapshots([future, snapshot("real", "available", ago(30))], NOW, 24)).toMatchObject({
      passed: false,
      newest: { identifier: "real" },
    });
  });

  it("names snapshots without an identifier or status rather than failing on them", () => {
    const verdict = evaluateSnapshots([{ Status: "available", SnapshotCreateTime: ago(1) }, {}], NOW, 24);
    expect(verdict).toMatchObject({ passed: true, newest: { identifier: "unknown" }, statuses: { available: 1, unknown: 1 } });
  });
});

describe("the backup check's settings", () => {
  const env = Object.fromEntries(Object.entries(ENVIRONMENT).map(([key, name]) => [name, String(SETTINGS[key as keyof CheckSettings])]));

  it("come from the environment variables the data layer sets", () => {
    expect(settingsFromEnv(env)).toEqual(SETTINGS);
    expect(ENVIRONMENT).toEqual(BACKUP_CHECK_ENVIRONMENT);
  });

  it("refuse a missing variable or a maximum age that is not a positive number", () => {
    expect(() => settingsFromEnv({ ...env, CLUSTER_IDENTIFIER: undefined })).toThrow("environment variable CLUSTER_IDENTIFIER is not set");
    expect(() => settingsFromEnv({ ...env, METRIC_NAMESPACE: "" })).toThrow("environment variable METRIC_NAMESPACE is not set");
    expect(() => settingsFromEnv({ ...env, MAX_AGE_HOURS: "soon" })).toThrow(
      'environment variable MAX_AGE_HOURS is "soon"; expected a positive number of hours',
    );
    expect(() => settingsFromEnv({ ...env, MAX_AGE_HOURS: "0" })).toThrow(/MAX_AGE_HOURS is "0"/);
  });
});

describe("the backup check's AWS calls (SDK clients mocked)", () => {
  it("asks RDS for the cluster's automated snapshots only, following every page", async () => {
    const rds = rdsPages([
      [snapshot("a", "available", ago(50))],
      [snapshot("b", "available", ago(26))],
      [snapshot("c", "available", ago(2))],
    ]);
    const all = await listAutomatedSnapshots(rds.client, "payments-aurora-dev");
    expect(all.map((s) => s.DBClusterSnapshotIdentifier)).toEqual(["a", "b", "c"]);
    const inputs = rds.send.mock.calls.map(
      ([c]) => (c as DescribeDBClusterSnapshotsCommand).input as DescribeDBClusterSnapshotsCommandInput,
    );
    expect(rds.send.mock.calls.every(([c]) => c instanceof DescribeDBClusterSnapshotsCommand)).toBe(true);
    expect(inputs).toEqual([
      { DBClusterIdentifier: "payments-aurora-dev", SnapshotType: "automated" },
      { DBClusterIdentifier: "payments-aurora-dev", SnapshotType: "automated", Marker: "1" },
      { DBClusterIdentifier: "payments-aurora-dev", SnapshotType: "automated", Marker: "2" },
    ]);
  });

  it("stops at an empty marker and treats a page without snapshots as none", async () => {
    const send = jest.fn(async () => ({ Marker: "" }));
    expect(await listAutomatedSnapshots(fakeClient<RDSClient>(send), "c")).toEqual([]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("publishes pass (1) and the snapshot's age with the cluster as dimension, and logs one JSON line", async () => {
    const rds = rdsPages([[snapshot("rds:payments-aurora-dev-2026-11-22-03-10", "available", ago(1.75))]]);
    const cloudwatch = cloudwatchSink();
    const verdict = await runCheck(SETTINGS, NOW, rds.client, cloudwatch.client);
    expect(verdict.passed).toBe(true);
    const dimensions = [{ Name: "DBClusterIdentifier", Value: "payments-aurora-dev" }];
    expect(cloudwatch.send.mock.calls[0][0]).toBeInstanceOf(PutMetricDataCommand);
    expect(cloudwatch.published()).toEqual([
      {
        Namespace: "payments/dev/backup",
        MetricData: [
          { MetricName: "BackupCheckPassed", Dimensions: dimensions, Timestamp: NOW, Value: 1, Unit: "None" },
          { MetricName: "NewestSnapshotAgeHours", Dimensions: dimensions, Timestamp: NOW, Value: 1.75, Unit: "None" },
        ],
      },
    ]);
    expect(info).toHaveBeenCalledTimes(1);
    expect(JSON.parse(info.mock.calls[0][0] as string)).toEqual({
      check: "backup",
      cluster: "payments-aurora-dev",
      checkedAt: NOW.toISOString(),
      maxAgeHours: 24,
      passed: true,
      reason: "the newest available automated snapshot is within 24 h",
      newest: { identifier: "rds:payments-aurora-dev-2026-11-22-03-10", createdAt: ago(1.75).toISOString(), ageHours: 1.75 },
      statuses: { available: 1 },
    });
    expect(error).not.toHaveBeenCalled();
  });

  it("publishes fail (0) without an age when there is no snapshot, and logs it as an error", async () => {
    const cloudwatch = cloudwatchSink();
    const verdict = await runCheck(SETTINGS, NOW, rdsPages([[]]).client, cloudwatch.client);
    expect(verdict.passed).toBe(false);
    expect(cloudwatch.published()[0].MetricData).toEqual([
      {
        MetricName: "BackupCheckPassed",
        Dimensions: [{ Name: "DBClusterIdentifier", Value: "payments-aurora-dev" }],
        Timestamp: NOW,
        Value: 0,
        Unit: "None",
      },
    ]);
    expect(JSON.parse(error.mock.calls[0][0] as string)).toMatchObject({
      passed: false,
      reason: "the cluster has no automated snapshot",
      cluster: { createdAt: OLD_CLUSTER.toISOString(), ageHours: 720 },
    });
    expect(info).not.toHaveBeenCalled();
  });

  it("throws an RDS error and publishes nothing, so Lambda counts an error and the alarm sees no data", async () => {
    const denied = Object.assign(new Error("not authorized to perform: rds:DescribeDBClusterSnapshots"), { name: "AccessDenied" });
    const rds = fakeClient<RDSClient>(jest.fn(async () => Promise.reject(denied)));
    const cloudwatch = cloudwatchSink();
    await expect(runCheck(SETTINGS, NOW, rds, cloudwatch.client)).rejects.toThrow(
      "not authorized to perform: rds:DescribeDBClusterSnapshots",
    );
    expect(cloudwatch.send).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
  });

  it("throws when publishing the metric fails, before logging a result nobody will see as a metric", async () => {
    const cloudwatch = fakeClient<CloudWatchClient>(jest.fn(async () => Promise.reject(new Error("Throttling: Rate exceeded"))));
    await expect(runCheck(SETTINGS, NOW, rdsPages([[snapshot("a", "available", ago(1))]]).client, cloudwatch)).rejects.toThrow(
      "Throttling",
    );
    expect(info).not.toHaveBeenCalled();
  });

  it("runs as the Lambda entry point with the clients it creates once, configured from the environment", async () => {
    const saved = { ...process.env };
    Object.entries(ENVIRONMENT).forEach(([key, name]) => (process.env[name] = String(SETTINGS[key as keyof CheckSettings])));
    const rdsSend = jest
      .spyOn(RDSClient.prototype, "send")
      .mockImplementation(async () => ({ DBClusterSnapshots: [snapshot("a", "available", new Date(Date.now() - HOUR))] }));
    const cwSend = jest.spyOn(CloudWatchClient.prototype, "send").mockImplementation(async () => ({}));
    try {
      await expect(handler()).resolves.toMatchObject({ passed: true, newest: { identifier: "a" } });
      expect(rdsSend).toHaveBeenCalledTimes(1);
      const published = (cwSend.mock.calls[0][0] as PutMetricDataCommand).input;
      expect(published.Namespace).toBe("payments/dev/backup");
      expect((published.MetricData as MetricDatum[]).map((d) => d.MetricName)).toEqual(["BackupCheckPassed", "NewestSnapshotAgeHours"]);
    } finally {
      process.env = saved;
    }
  });

  it("builds the metric data of a verdict without calling AWS", () => {
    expect(metricData(SETTINGS, { passed: false, reason: "x", statuses: {} }, NOW).map((d) => [d.MetricName, d.Value])).toEqual([
      ["BackupCheckPassed", 0],
    ]);
  });
});

describe("the backup check on a new cluster, before any backup is due", () => {
  const created = (hours: number) => ago(hours);
  const failed = evaluateSnapshots([], NOW, 24);

  it("passes while the cluster is at most the maximum age old, exactly the limit included, and fails after it", () => {
    expect(allowNewCluster(failed, created(3.5), NOW, 24)).toEqual({
      passed: true,
      reason: "no backup is due yet: the cluster is 3.5 h old, within 24 h",
      statuses: {},
      cluster: { createdAt: created(3.5).toISOString(), ageHours: 3.5 },
    });
    expect(allowNewCluster(failed, created(24), NOW, 24).passed).toBe(true);
    expect(allowNewCluster(failed, new Date(created(24).getTime() - 1), NOW, 24)).toEqual({
      ...failed,
      cluster: { createdAt: new Date(created(24).getTime() - 1).toISOString(), ageHours: 24 },
    });
  });

  it("counts a create time ahead of the function's clock as a cluster of age 0", () => {
    expect(allowNewCluster(failed, new Date(NOW.getTime() + HOUR), NOW, 24)).toMatchObject({ passed: true, cluster: { ageHours: 0 } });
  });

  it("reads the create time with DescribeDBClusters on the cluster, and throws when RDS returns none", async () => {
    const rds = rdsPages([[]], created(2));
    await expect(clusterCreateTime(rds.client, "payments-aurora-dev")).resolves.toEqual(created(2));
    expect(rds.send.mock.calls[0][0]).toBeInstanceOf(DescribeDBClustersCommand);
    expect((rds.send.mock.calls[0][0] as DescribeDBClustersCommand).input).toEqual({ DBClusterIdentifier: "payments-aurora-dev" });
    const none = fakeClient<RDSClient>(jest.fn(async () => ({ DBClusters: [{ DBClusterIdentifier: "other", ClusterCreateTime: NOW }] })));
    await expect(clusterCreateTime(none, "payments-aurora-dev")).rejects.toThrow(
      "DescribeDBClusters returned no create time for the cluster payments-aurora-dev",
    );
    await expect(clusterCreateTime(fakeClient<RDSClient>(jest.fn(async () => ({}))), "c")).rejects.toThrow("no create time");
  });

  it("publishes a pass (1) at deploy on a cluster without a snapshot yet, logging why", async () => {
    const rds = rdsPages([[]], created(0.25));
    const cloudwatch = cloudwatchSink();
    const verdict = await runCheck(SETTINGS, NOW, rds.client, cloudwatch.client);
    expect(verdict).toMatchObject({ passed: true, reason: "no backup is due yet: the cluster is 0.25 h old, within 24 h" });
    expect(cloudwatch.published()[0].MetricData?.map((d) => [d.MetricName, d.Value])).toEqual([["BackupCheckPassed", 1]]);
    expect(JSON.parse(info.mock.calls[0][0] as string)).toMatchObject({ passed: true, cluster: { ageHours: 0.25 } });
    expect(error).not.toHaveBeenCalled();
  });

  it("does not ask for the cluster when a recent snapshot passes, and still fails an old cluster without one", async () => {
    const recent = rdsPages([[snapshot("a", "available", ago(2))]]);
    await runCheck(SETTINGS, NOW, recent.client, cloudwatchSink().client);
    expect(recent.send.mock.calls.some(([c]) => c instanceof DescribeDBClustersCommand)).toBe(false);
    const stale = rdsPages([[snapshot("a", "available", ago(30))]], created(48));
    const verdict = await runCheck(SETTINGS, NOW, stale.client, cloudwatchSink().client);
    expect(verdict).toMatchObject({
      passed: false,
      reason: "the newest available automated snapshot is older than 24 h",
      cluster: { ageHours: 48 },
    });
  });

  it("throws a DescribeDBClusters error and publishes nothing", async () => {
    const send = jest.fn(async (command: object) => {
      if (command instanceof DescribeDBClustersCommand) throw new Error("not authorized to perform: rds:DescribeDBClusters");
      return { DBClusterSnapshots: [] };
    });
    const cloudwatch = cloudwatchSink();
    await expect(runCheck(SETTINGS, NOW, fakeClient<RDSClient>(send), cloudwatch.client)).rejects.toThrow("rds:DescribeDBClusters");
    expect(cloudwatch.send).not.toHaveBeenCalled();
  });
});

describe("the backup check's package", () => {
  const code = backupCheckCode();

  it("is JavaScript that requires only the AWS SDK v3 of the Lambda runtime and Node.js built-ins", () => {
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required.sort()).toEqual(["@aws-sdk/client-cloudwatch", "@aws-sdk/client-rds"]);
    for (const id of required) expect(id.startsWith("@aws-sdk/") || builtinModules.includes(id.replace(/^node:/, ""))).toBe(true);
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/:\s*(CheckSettings|Verdict)\b/);
  });

  it("would show any other import in the same scan", () => {
    const extra = backupCheckCode(`import { x } from "left-pad";\nimport * as fs from "node:fs";\nexport const y = [x, fs];\n`);
    const required = [...extra.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toEqual(["left-pad", "node:fs"]);
  });

  it("loads as CommonJS and exports the handler Lambda calls as index.handler", () => {
    const exported: Record<string, unknown> = {};
    const load = new Function("exports", "require", "module", code) as (e: object, r: NodeRequire, m: object) => void;
    load(exported, require, { exports: exported });
    expect(typeof exported.handler).toBe("function");
    expect((exported.evaluateSnapshots as typeof evaluateSnapshots)([snapshot("a", "available", ago(1))], NOW, 24).passed).toBe(true);
  });

  it("ships as a single index.js holding exactly that code", async () => {
    const assets = await backupCheckArchive(code).assets;
    expect(Object.keys(assets)).toEqual(["index.js"]);
    expect(await (assets["index.js"] as { text: Promise<string> }).text).toBe(code);
  });
});
