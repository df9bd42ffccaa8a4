import { fact } from "./fact";

/** The cache engines, as the tables name them. */
export type CacheEngineName = "valkey" | "redis";

/**
 * The engine versions the platform creates, by engine, with their parameter
 * group family (ElastiCache User Guide, "Engine specific parameters": Valkey
 * 8.x is family valkey8, Valkey 7.2 valkey7, Redis OSS 7.x redis7). Only
 * versions that take `TransitEncryptionMode` (Redis OSS 7.0.5 and later) are
 * listed: the platform always requires TLS. ElastiCache takes `major.minor`
 * and applies the latest patch itself.
 */
export const CACHE_ENGINE_VERSION_TABLE = fact({
  value: {
    valkey: { "7.2": "valkey7", "8.0": "valkey8", "8.1": "valkey8", "8.2": "valkey8" },
    redis: { "7.0": "redis7", "7.1": "redis7" },
  } as Readonly<Record<CacheEngineName, Readonly<Record<string, string>>>>,
  source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html",
  read: "2026-12-03",
});

export const CACHE_ENGINE_VERSIONS = CACHE_ENGINE_VERSION_TABLE.value;

/**
 * Current-generation node types, by family, that support everything the
 * platform turns on: encryption in transit and at rest, AUTH, automatic
 * failover and Multi-AZ in cluster mode. Left out: previous generations and
 * T2 (no encryption in transit), and r6gd (data tiering, which needs its own
 * setting).
 */
export const CACHE_NODE_TYPE_TABLE = fact({
  value: {
    t3: ["micro", "small", "medium"],
    t4g: ["micro", "small", "medium"],
    m5: ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
    m6g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    m7g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    r5: ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"],
    r6g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    r7g: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    c7gn: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
  } as Readonly<Record<string, readonly string[]>>,
  source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html",
  read: "2026-12-03",
});

export const CACHE_NODE_TYPES = CACHE_NODE_TYPE_TABLE.value;
