import { CACHE_ENGINE_VERSIONS, CACHE_NODE_TYPES } from "../../shared/aws";
import { CACHE_SECRET_ENV, CACHE_SECRET_KEYS, cacheSecretDocument, cacheUrl } from "../../shared/cacheSecret";
import {
  AUTH_TOKEN_LENGTH,
  AUTH_TOKEN_PATTERN,
  cacheMemberClusterIds,
  cacheNodeCount,
  cacheParameterGroupFamily,
  checkCacheNodeCount,
  checkCacheWindows,
  clusterModeParameterGroup,
  ConfigError,
  parsePlatformConfig,
  RawConfig,
  RESERVED_ENV_NAMES,
  validateCacheNodeType,
} from "../../shared/config";

const parse = (raw: RawConfig = {}) =>
  parsePlatformConfig({ environmentSuffix: "dev", ...raw }, { stack: "orders-dev", awsRegion: "us-east-1" });
const cacheOf = (raw: RawConfig = {}) => parse({ cache: "true", ...raw }).cacheCluster;

/** The message a rejected config fails with. */
function rejection(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("cache config", () => {
  it("defaults to Valkey 8.2 in cluster mode, 2 shards of a primary and 1 replica on cache.t4g.medium, TLS windows and a daily snapshot", () => {
    expect(cacheOf()).toEqual({
      engine: "valkey",
      engineVersion: "8.2",
      parameterGroupFamily: "valkey8",
      nodeType: "cache.t4g.medium",
      shards: 2,
      replicasPerShard: 1,
      snapshotRetentionDays: 1,
      snapshotWindow: "05:00-06:00",
      maintenanceWindow: "sun:06:00-sun:07:00",
      autoMinorVersionUpgrade: false,
      applyImmediately: true,
      logRetentionDays: 30,
      alarmMemoryPercent: 80,
    });
  });

  it("has no cache settings when the cache is off, the order API's default", () => {
    expect(parse().cache).toBe(false);
    expect(parse().cacheCluster).toBeUndefined();
  });

  it("drops the preset's cache keys with the cache off, so a preset with a cache deploys without one by setting only cache: false", () => {
    expect(parse({ preset: "catalog", cache: "false" }).cacheCluster).toBeUndefined();
  });

  it("refuses a cache key the stack sets with the cache off, like every feature's key: it would do nothing", () => {
    expect(rejection(() => parse({ cacheShards: "3" }))).toBe(
      "platform:cacheShards is 3; expected not set while cache is false (there is no cache)",
    );
    expect(rejection(() => parse({ preset: "catalog", cache: "false", cacheNodeType: "cache.r7g.large" }))).toBe(
      'platform:cacheNodeType is "cache.r7g.large"; expected not set while cache is false (there is no cache)',
    );
    expect(rejection(() => parse({ cacheShards: "0" }))).toBe('platform:cacheShards is "0"; expected an integer from 1 to 5');
    expect(rejection(() => parse({ cacheNodeTyp: "cache.t4g.small" }))).toMatch(
      /^platform:cacheNodeTyp is "cache.t4g.small"; expected no such key/,
    );
  });

  it("gives the catalog preset a cache whose slow log is kept 14 days like its other logs", () => {
    expect(parse({ preset: "catalog" }).cacheCluster).toMatchObject({
      engine: "valkey",
      shards: 2,
      replicasPerShard: 1,
      logRetentionDays: 14,
    });
  });

  it("reads values as Pulumi stores them", () => {
    expect(
      cacheOf({
        cacheEngine: "redis",
        cacheNodeType: "cache.r7g.large",
        cacheShards: "3",
        cacheReplicasPerShard: "2",
        cacheSnapshotRetentionDays: "0",
        cacheSnapshotWindow: "23:30-00:30",
        cacheMaintenanceWindow: "mon:02:00-mon:03:00",
        cacheAutoMinorVersionUpgrade: "true",
        cacheApplyImmediately: "false",
        cacheLogRetentionDays: "90",
        alarmCacheMemoryPercent: "75",
      }),
    ).toEqual({
      engine: "redis",
      engineVersion: "7.1",
      parameterGroupFamily: "redis7",
      nodeType: "cache.r7g.large",
      shards: 3,
      replicasPerShard: 2,
      snapshotRetentionDays: 0,
      snapshotWindow: "23:30-00:30",
      maintenanceWindow: "mon:02:00-mon:03:00",
      autoMinorVersionUpgrade: true,
      applyImmediately: false,
      logRetentionDays: 90,
      alarmMemoryPercent: 75,
    });
  });

  it("maps every listed engine version to its cluster-mode parameter group family and rejects the others", () => {
    expect(cacheParameterGroupFamily("valkey", "7.2")).toBe("valkey7");
    for (const v of ["8.0", "8.1", "8.2"]) expect(cacheParameterGroupFamily("valkey", v)).toBe("valkey8");
    for (const v of ["7.0", "7.1"]) expect(cacheParameterGroupFamily("redis", v)).toBe("redis7");
    expect(clusterModeParameterGroup("valkey8")).toBe("default.valkey8.cluster.on");
    expect(cacheOf({ cacheEngineVersion: "7.2" })).toMatchObject({ engineVersion: "7.2", parameterGroupFamily: "valkey7" });
    expect(rejection(() => cacheOf({ cacheEngine: "redis", cacheEngineVersion: "8.2" }))).toBe(
      'platform:cacheEngineVersion is "8.2"; expected a redis version of 7.0, 7.1',
    );
    expect(rejection(() => cacheOf({ cacheEngineVersion: "6.2" }))).toBe(
      'platform:cacheEngineVersion is "6.2"; expected a valkey version of 7.2, 8.0, 8.1, 8.2',
    );
    expect(rejection(() => cacheOf({ cacheEngine: "memcached" }))).toBe(
      'platform:cacheEngine is "memcached"; expected one of "valkey", "redis"',
    );
    expect(Object.keys(CACHE_ENGINE_VERSIONS)).toEqual(["valkey", "redis"]);
  });

  it("accepts every node type of the table and rejects T2, data tiering, previous generations and malformed names", () => {
    for (const [family, sizes] of Object.entries(CACHE_NODE_TYPES)) {
      for (const size of sizes) expect(validateCacheNodeType(`cache.${family}.${size}`)).toBe(`cache.${family}.${size}`);
    }
    for (const bad of [
      "cache.t2.micro",
      "cache.r6gd.xlarge",
      "cache.m3.medium",
      "cache.m7g.micro",
      "cache.t4g.large",
      "r7g.large",
      "cache.r7g",
      "db.r7g.large",
    ]) {
      expect(rejection(() => validateCacheNodeType(bad))).toMatch(
        new RegExp(
          `^platform:cacheNodeType is "${bad.replace(/\./g, "\\.")}"; expected a node type with encryption in transit and Multi-AZ`,
        ),
      );
    }
    expect(rejection(() => cacheOf({ cacheNodeType: "cache.t2.small" }))).toContain("t4g (micro, small, medium)");
  });

  it("requires at least one replica per shard, for automatic failover and Multi-AZ, and at most AWS's 5", () => {
    expect(rejection(() => cacheOf({ cacheReplicasPerShard: "0" }))).toBe(
      'platform:cacheReplicasPerShard is "0"; expected an integer from 1 to 5',
    );
    expect(rejection(() => cacheOf({ cacheReplicasPerShard: "6" }))).toBe(
      'platform:cacheReplicasPerShard is "6"; expected an integer from 1 to 5',
    );
    expect(cacheOf({ cacheReplicasPerShard: "4" })?.replicasPerShard).toBe(4);
  });

  it("keeps the cache to the 10 nodes one metric math alarm can read", () => {
    expect(cacheNodeCount(2, 1)).toBe(4);
    expect(cacheNodeCount(5, 1)).toBe(10);
    expect(() => checkCacheNodeCount(5, 1)).not.toThrow();
    expect(() => checkCacheNodeCount(2, 4)).not.toThrow();
    expect(rejection(() => checkCacheNodeCount(3, 3))).toBe(
      "platform:cacheShards is 3; expected a shard count whose nodes (shards x (1 + cacheReplicasPerShard 3) = 12) are at most 10: the memory alarm's metric math reads each node and CloudWatch allows 10 metrics per alarm",
    );
    expect(rejection(() => cacheOf({ cacheShards: "3", cacheReplicasPerShard: "3" }))).toMatch(/^platform:cacheShards is 3;/);
    expect(rejection(() => cacheOf({ cacheShards: "6" }))).toBe('platform:cacheShards is "6"; expected an integer from 1 to 5');
  });

  it("keeps snapshots 0 (off) to 35 days", () => {
    expect(cacheOf({ cacheSnapshotRetentionDays: "35" })?.snapshotRetentionDays).toBe(35);
    expect(rejection(() => cacheOf({ cacheSnapshotRetentionDays: "36" }))).toBe(
      'platform:cacheSnapshotRetentionDays is "36"; expected an integer from 0 to 35',
    );
    expect(rejection(() => cacheOf({ cacheLogRetentionDays: "10" }))).toMatch(
      /^platform:cacheLogRetentionDays is "10"; expected one of 1, 3, 5, 7, 14/,
    );
    expect(rejection(() => cacheOf({ alarmCacheMemoryPercent: "101" }))).toBe(
      'platform:alarmCacheMemoryPercent is "101"; expected an integer from 1 to 100',
    );
  });

  it("holds both windows to ElastiCache's 60 minutes, wrapping midnight and the week, never overlapping on any day", () => {
    expect(() => checkCacheWindows("23:30-00:30", "sat:12:00-sat:13:00")).not.toThrow();
    expect(() => checkCacheWindows("05:00-06:00", "sun:23:30-mon:00:30")).not.toThrow();
    expect(rejection(() => checkCacheWindows("05:00-05:30", "sun:06:00-sun:07:00"))).toBe(
      'platform:cacheSnapshotWindow is "05:00-05:30"; expected a daily UTC window hh:mm-hh:mm of at least 60 minutes, e.g. 05:00-06:00',
    );
    expect(rejection(() => checkCacheWindows("5:00-6:00", "sun:06:00-sun:07:00"))).toMatch(
      /^platform:cacheSnapshotWindow is "5:00-6:00"; expected a daily/,
    );
    expect(rejection(() => checkCacheWindows("05:00-06:00", "sun:06:00-sun:06:59"))).toMatch(
      /^platform:cacheMaintenanceWindow is "sun:06:00-sun:06:59"; expected a weekly UTC window .* at least 60 minutes/,
    );
    expect(rejection(() => checkCacheWindows("05:00-06:00", "Sun:06:00-Sun:07:00"))).toMatch(
      /^platform:cacheMaintenanceWindow is "Sun:06:00-Sun:07:00"; expected a weekly/,
    );
    expect(rejection(() => checkCacheWindows("05:00-06:00", "wed:05:30-wed:06:30"))).toBe(
      'platform:cacheMaintenanceWindow is "wed:05:30-wed:06:30"; expected a window that does not overlap cacheSnapshotWindow (05:00-06:00) on any day',
    );
    expect(rejection(() => cacheOf({ cacheSnapshotWindow: "23:30-00:30", cacheMaintenanceWindow: "mon:00:00-mon:01:00" }))).toMatch(
      /^platform:cacheMaintenanceWindow is "mon:00:00-mon:01:00"; expected a window that does not overlap/,
    );
    expect(() => checkCacheWindows("05:00-06:00", "sun:06:00-sun:07:00")).not.toThrow();
  });
});

describe("cache node ids", () => {
  it("names each node <group>-<shard, 4 digits>-<node, 3 digits> as ElastiCache does in cluster mode, shard by shard", () => {
    expect(cacheMemberClusterIds("catalog-cache-dev", 2, 1)).toEqual([
      "catalog-cache-dev-0001-001",
      "catalog-cache-dev-0001-002",
      "catalog-cache-dev-0002-001",
      "catalog-cache-dev-0002-002",
    ]);
    expect(cacheMemberClusterIds("g", 5, 1)).toHaveLength(cacheNodeCount(5, 1));
    expect(cacheMemberClusterIds("g", 1, 5).at(-1)).toBe("g-0001-006");
  });

  it("keeps a node id within ElastiCache's 50 characters for the longest replication group id", () => {
    expect(cacheMemberClusterIds("a".repeat(40), 5, 1).every((id) => id.length <= 50)).toBe(true);
  });
});

describe("cache AUTH token and connection secret", () => {
  it("allows exactly ElastiCache's token characters: 16 to 128, letters, digits and ! & # $ ^ < > -", () => {
    expect("Aa1!&#$^<>-bcdefg").toMatch(AUTH_TOKEN_PATTERN);
    expect("a".repeat(128)).toMatch(AUTH_TOKEN_PATTERN);
    for (const bad of [
      "a".repeat(15),
      "a".repeat(129),
      `${"a".repeat(16)}@`,
      `${"a".repeat(16)}"`,
      `${"a".repeat(16)}/`,
      `${"a".repeat(16)} `,
      `${"a".repeat(16)}%`,
    ]) {
      expect(bad).not.toMatch(AUTH_TOKEN_PATTERN);
    }
    expect("A1b".padEnd(AUTH_TOKEN_LENGTH, "x")).toMatch(AUTH_TOKEN_PATTERN);
  });

  it("writes the configuration endpoint, port, token and a TLS URL as strings, the keys the compute layer injects", () => {
    const doc = cacheSecretDocument("clustercfg.catalog-cache-dev.abc123.usw2.cache.amazonaws.com", 6379, "Tok3n");
    expect(doc).toEqual({
      host: "clustercfg.catalog-cache-dev.abc123.usw2.cache.amazonaws.com",
      port: "6379",
      authToken: "Tok3n",
      url: "rediss://:Tok3n@clustercfg.catalog-cache-dev.abc123.usw2.cache.amazonaws.com:6379",
    });
    expect(Object.keys(doc)).toEqual(CACHE_SECRET_KEYS);
  });

  it("percent-encodes a token with characters a URL gives meaning to", () => {
    expect(cacheUrl("h", 6379, "a#b&c$d<e>f^g!-")).toBe("rediss://:a%23b%26c%24d%3Ce%3Ef%5Eg!-@h:6379");
  });

  it("reserves the cache's environment names, so application secret keys cannot take them even before a cache exists", () => {
    expect(RESERVED_ENV_NAMES).toEqual(expect.arrayContaining(Object.values(CACHE_SECRET_ENV)));
    expect(rejection(() => parse({ appSecretKeys: '["redisAuthToken"]' }))).toMatch(/\(redisAuthToken becomes REDIS_AUTH_TOKEN twice\)$/);
    expect(rejection(() => parse({ appSecretKeys: '["redisUrl"]' }))).toMatch(/REDIS_URL twice/);
  });
});
