import { BACKUP_CHECK } from "./backupCheck";
import { CACHE_KEYS, CacheConfig, readCacheConfig } from "./cache";
import { COMPUTE, ComputeConfig, readComputeConfig } from "./compute";
import { COST, CostConfig } from "./cost";
import { DATA, DataConfig, readDataConfig } from "./data";
import { ALARMS, API_GATEWAY_KEYS, EDGE, EDGE_SWITCHES, EdgeConfig, readEdgeConfig } from "./edge";
import { ConfigError } from "./errors";
import { NETWORK, NetworkConfig, readNetworkConfig } from "./network";
import { PLATFORM, PlatformSettings } from "./platform";
import { PRESETS } from "./presets";
import { describeGroups, Group, group, KeyDoc, RawConfig, Settings } from "./spec";

export type { Environment } from "./platform";

/** The names of the stacks a layer reads, `<org>/<project>/<stack>`. */
export interface UpstreamStacks {
  readonly organization: string;
  readonly network: string;
  readonly data: string;
  readonly edge: string;
}

/** One whole stack of a system, as every layer sees it. Parsed once, deeply frozen. */
export type PlatformConfig = Omit<PlatformSettings, "organization" | "networkStack" | "dataStack" | "edgeStack"> & {
  /** The AWS region of every resource of the stack. */
  readonly region: string;
  readonly upstream: UpstreamStacks;
  /** The cache's settings; present exactly when `cache` is on. */
  readonly cacheCluster: CacheConfig | undefined;
  readonly network: NetworkConfig;
  readonly data: DataConfig;
  readonly edge: EdgeConfig;
  readonly compute: ComputeConfig;
  /** Usage assumptions of the cost estimate; they change no resource. */
  readonly cost: CostConfig;
};

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Every group of keys, in the reference's order. */
export const GROUPS: readonly Group[] = [
  PLATFORM,
  CACHE_KEYS,
  NETWORK,
  DATA,
  BACKUP_CHECK,
  EDGE_SWITCHES,
  API_GATEWAY_KEYS,
  EDGE,
  ALARMS,
  COMPUTE,
  COST,
];

/**
 * Parses raw `platform:*` config (keys without the prefix) and `aws:region`
 * into the typed, frozen config of one stack. Throws a `ConfigError` naming
 * the key, the value and what is allowed on the first invalid or unknown key.
 */
export function parsePlatformConfig(raw: RawConfig, context: StackContext): PlatformConfig {
  return deepFreeze(read(raw, context));
}

/** What the config is parsed for: the Pulumi stack and the `aws:region` it sets, if any. */
export interface StackContext {
  readonly stack: string;
  readonly awsRegion?: string;
}

/** Every key of the schema with its type, default, allowed values and description, rendered from the declarations. */
export function describeConfig(): readonly KeyDoc[] {
  const region: KeyDoc = {
    key: "aws:region",
    type: "string",
    default: "the preset's region",
    allowed: "an AWS region code such as us-east-1",
    description: "The region of every resource of the stack (the AWS provider's own key).",
  };
  return [region, ...describeGroups(GROUPS)];
}

function read(raw: RawConfig, context: StackContext): PlatformConfig {
  const preset = PRESETS[new Settings(raw, {}, "").read(group({ preset: PLATFORM.keys.preset })).preset];
  const region = context.awsRegion ?? preset.region;
  if (!REGION.test(region)) throw new ConfigError("aws:region", region, "an AWS region code such as us-east-1");
  const s = new Settings(raw, preset.values, region);
  s.rejectUnknown(GROUPS);

  const { organization, networkStack, dataStack, edgeStack, ...platform } = s.read(PLATFORM);
  const cacheCluster = readCacheConfig(s);
  const network = readNetworkConfig(s);
  const data = readDataConfig(s);
  const edge = readEdgeConfig(s);
  const compute = readComputeConfig(s);
  const cost = s.read(COST);
  return {
    ...platform,
    region,
    upstream: {
      organization,
      network: networkStack ?? context.stack,
      data: dataStack ?? context.stack,
      edge: edgeStack ?? context.stack,
    },
    cacheCluster,
    network,
    data,
    edge,
    compute,
    cost,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
