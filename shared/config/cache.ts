import { CACHE_ENGINE_VERSIONS, CACHE_NODE_TYPES } from "../aws/elasticache";
import { MINUTES_PER_DAY, MINUTES_PER_WEEK, parseDailyWindow, parseWeeklyWindow, Window, windowLength, windowsOverlap } from "./data";
import { ConfigError } from "./errors";
import { LOG_RETENTION_DAYS } from "./network";
import { CACHE } from "./platform";
import { group, key, Settings, Values, WhenOn } from "./spec";

/** The port the cache listens on; the network layer's cache group admits it from the service and the data layer sets it. */
export const CACHE_PORT = 6379;

export type CacheEngine = "valkey" | "redis";

/** The version each engine is created with by default: the newest of its table. */
export const DEFAULT_CACHE_ENGINE_VERSIONS: Readonly<Record<CacheEngine, string>> = { valkey: "8.2", redis: "7.1" };

/**
 * An alarm on metric math may reference at most 10 metrics (a hard
 * CloudWatch limit); the memory alarm reads every node, so the cache has at
 * most this many nodes.
 */
export const MAX_CACHE_NODES = 10;

/** ElastiCache's minimum length of the snapshot and the maintenance window, in minutes. */
export const MIN_CACHE_WINDOW_MINUTES = 60;

const NODE_TYPE_PATTERN = /^cache\.([a-z0-9]+)\.([a-z0-9]+)$/;
const NODE_TYPE_ALLOWED = `a node type with encryption in transit and Multi-AZ: cache.<family>.<size> with ${Object.entries(
  CACHE_NODE_TYPES,
)
  .map(([family, sizes]) => `${family} (${sizes.join(", ")})`)
  .join("; ")}`;

/** Validates a node type against `CACHE_NODE_TYPES`. Throws a ConfigError for `cacheNodeType`. */
export function validateCacheNodeType(nodeType: string): string {
  const m = NODE_TYPE_PATTERN.exec(nodeType);
  if (!m || !(CACHE_NODE_TYPES[m[1]] ?? []).includes(m[2])) throw new ConfigError("cacheNodeType", nodeType, NODE_TYPE_ALLOWED);
  return nodeType;
}

/** The parameter group family of an engine version. Throws a ConfigError for `cacheEngineVersion` for a version outside the table. */
export function cacheParameterGroupFamily(engine: CacheEngine, version: string): string {
  const family = CACHE_ENGINE_VERSIONS[engine][version];
  if (family === undefined) {
    throw new ConfigError("cacheEngineVersion", version, `a ${engine} version of ${Object.keys(CACHE_ENGINE_VERSIONS[engine]).join(", ")}`);
  }
  return family;
}

/** The default cluster-mode parameter group of a family, e.g. `default.valkey8.cluster.on`. */
export function clusterModeParameterGroup(family: string): string {
  return `default.${family}.cluster.on`;
}

/** Every node of the cache: each shard's primary and replicas. */
export function cacheNodeCount(shards: number, replicasPerShard: number): number {
  return shards * (1 + replicasPerShard);
}

/**
 * The cache cluster ids of a cluster-mode replication group's nodes, as
 * ElastiCache names them: `<group>-<shard, 4 digits>-<node, 3 digits>`
 * (e.g. `catalog-cache-dev-0002-001`), shard by shard. They are the
 * `CacheClusterId` dimension of each node's metrics.
 */
export function cacheMemberClusterIds(replicationGroupId: string, shards: number, replicasPerShard: number): string[] {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return Array.from({ length: shards }, (_, s) =>
    Array.from({ length: 1 + replicasPerShard }, (_, n) => `${replicationGroupId}-${pad(s + 1, 4)}-${pad(n + 1, 3)}`),
  ).flat();
}

/** Rejects a layout with more nodes than the memory alarm can watch. Throws a ConfigError for `cacheShards`. */
export function checkCacheNodeCount(shards: number, replicasPerShard: number): void {
  const nodes = cacheNodeCount(shards, replicasPerShard);
  if (nodes > MAX_CACHE_NODES) {
    throw new ConfigError(
      "cacheShards",
      shards,
      `a shard count whose nodes (shards x (1 + cacheReplicasPerShard ${replicasPerShard}) = ${nodes}) are at most ${MAX_CACHE_NODES}: the memory alarm's metric math reads each node and CloudWatch allows 10 metrics per alarm`,
    );
  }
}

/**
 * The characters ElastiCache accepts in an AUTH token: 16 to 128 printable
 * ASCII characters, the only specials being ! & # $ ^ < > - (CreateReplicationGroup, AuthToken).
 */
export const AUTH_TOKEN_PATTERN = /^[A-Za-z0-9!&#$^<>-]{16,128}$/;

/** The generated AUTH token's length; letters and digits only, so it needs no escaping in a URL, a shell or a client config. */
export const AUTH_TOKEN_LENGTH = 64;

const DAILY_ALLOWED = `a daily UTC window hh:mm-hh:mm of at least ${MIN_CACHE_WINDOW_MINUTES} minutes, e.g. 05:00-06:00`;
const WEEKLY_ALLOWED = `a weekly UTC window ddd:hh:mm-ddd:hh:mm of at least ${MIN_CACHE_WINDOW_MINUTES} minutes with lowercase days, e.g. sun:06:00-sun:07:00`;

/** Parses a window with the data layer's parser, then holds it to ElastiCache's minimum length. Throws a ConfigError for `key`. */
function cacheWindow(key: string, text: string, parse: (key: string, text: string) => Window, period: number, allowed: string): Window {
  let window: Window;
  try {
    window = parse(key, text);
  } catch {
    throw new ConfigError(key, text, allowed);
  }
  if (windowLength(window, period) < MIN_CACHE_WINDOW_MINUTES) throw new ConfigError(key, text, allowed);
  return window;
}

/**
 * Validates the snapshot and maintenance windows: each of ElastiCache's
 * minimum length, not overlapping on any day. Throws a ConfigError naming the
 * key at fault.
 */
export function checkCacheWindows(snapshotWindow: string, maintenanceWindow: string): void {
  const snapshot = cacheWindow("cacheSnapshotWindow", snapshotWindow, parseDailyWindow, MINUTES_PER_DAY, DAILY_ALLOWED);
  const maintenance = cacheWindow("cacheMaintenanceWindow", maintenanceWindow, parseWeeklyWindow, MINUTES_PER_WEEK, WEEKLY_ALLOWED);
  if (windowsOverlap(snapshot, maintenance)) {
    throw new ConfigError(
      "cacheMaintenanceWindow",
      maintenanceWindow,
      `a window that does not overlap cacheSnapshotWindow (${snapshotWindow}) on any day`,
    );
  }
}

const CACHE_ENGINES: readonly CacheEngine[] = ["valkey", "redis"];

const engine = key.oneOf(CACHE_ENGINES, { doc: "The cache engine: Valkey, or Redis OSS.", feature: CACHE, default: "valkey" });

/** The cache's keys, `cache<Property>`; each only with `cache: true`. */
export const CACHE_KEYS = group(
  {
    engine,
    engineVersion: key.string({
      doc: "The engine's major.minor version; ElastiCache runs its latest patch.",
      feature: CACHE,
      default: (scope) => DEFAULT_CACHE_ENGINE_VERSIONS[scope.value(engine) ?? "valkey"],
      defaultDoc: `${DEFAULT_CACHE_ENGINE_VERSIONS.valkey} for valkey, ${DEFAULT_CACHE_ENGINE_VERSIONS.redis} for redis`,
      allowed: Object.entries(CACHE_ENGINE_VERSIONS)
        .map(([e, versions]) => `${e}: ${Object.keys(versions).join(", ")}`)
        .join("; "),
    }),
    nodeType: key.string({
      doc: "The node type of every primary and replica.",
      feature: CACHE,
      default: "cache.t4g.medium",
      allowed: NODE_TYPE_ALLOWED,
    }),
    shards: key.integer({
      doc: "Shards (node groups) of the cluster-mode cache; keys are spread over them.",
      feature: CACHE,
      default: 2,
      min: 1,
      max: MAX_CACHE_NODES / 2,
    }),
    replicasPerShard: key.integer({
      doc: "Replicas of each shard's primary, in other AZs; at least 1 for automatic failover and Multi-AZ.",
      feature: CACHE,
      default: 1,
      min: 1,
      max: 5,
    }),
    snapshotRetentionDays: key.integer({
      doc: "Days automatic snapshots are kept; 0 turns them off.",
      feature: CACHE,
      default: 1,
      min: 0,
      max: 35,
    }),
    snapshotWindow: key.string({ doc: "The daily snapshot window, UTC.", feature: CACHE, default: "05:00-06:00", allowed: DAILY_ALLOWED }),
    maintenanceWindow: key.string({
      doc: "The weekly maintenance window, UTC; it must not overlap the snapshot window on any day.",
      feature: CACHE,
      default: "sun:06:00-sun:07:00",
      allowed: WEEKLY_ALLOWED,
    }),
    autoMinorVersionUpgrade: key.boolean({
      doc: "Let AWS apply new minor versions in the maintenance window; later version differences are then ignored.",
      feature: CACHE,
      default: false,
    }),
    applyImmediately: key.boolean({
      doc: "Apply modifications (node type, version, auth token) during the update instead of in the next maintenance window.",
      feature: CACHE,
      default: true,
    }),
    logRetentionDays: key.integerIn(LOG_RETENTION_DAYS, {
      doc: "Retention of the cache's slow log group, in days.",
      feature: CACHE,
      default: 30,
    }),
    alarmMemoryPercent: key.integer({
      name: "alarmCacheMemoryPercent",
      doc: "Memory use of the fullest cache node, in percent of its maxmemory, that raises the cache memory alarm.",
      feature: CACHE,
      default: 80,
      min: 1,
      max: 100,
    }),
  },
  "cache",
);

/** The cache's settings; present in the platform config only when `cache` is on. */
export type CacheConfig = WhenOn<Values<typeof CACHE_KEYS.keys>> & {
  /** The parameter group family of the version, e.g. valkey8; the default `default.<family>.cluster.on` group is used. */
  readonly parameterGroupFamily: string;
};

/**
 * Reads the cache keys. With the cache off they read as undefined (a key
 * the stack sets is refused, a preset's is dropped: `feature` in spec.ts),
 * and there are no cache settings.
 */
export function readCacheConfig(s: Settings): CacheConfig | undefined {
  const on = s.readFeature(CACHE_KEYS, CACHE);
  if (on === undefined) return undefined;
  const parameterGroupFamily = cacheParameterGroupFamily(on.engine, on.engineVersion);
  validateCacheNodeType(on.nodeType);
  checkCacheNodeCount(on.shards, on.replicasPerShard);
  checkCacheWindows(on.snapshotWindow, on.maintenanceWindow);
  return { ...on, parameterGroupFamily };
}
