import { CacheConfig, readCacheConfig } from "./cache";
import { ComputeConfig, readComputeConfig } from "./compute";
import { CostConfig, readCostConfig } from "./cost";
import { DataConfig, readDataConfig } from "./data";
import { EdgeConfig, readEdgeConfig } from "./edge";
import { ConfigError } from "./errors";
import { NetworkConfig, readNetworkConfig } from "./network";
import { PRESET_NAMES, PRESETS, PresetName } from "./presets";
import { ConfigReader, KeyDoc, RawConfig } from "./reader";
import { MAX_SUFFIX_LENGTH, SUFFIX_PATTERN, SYSTEM_PATTERN } from "../naming";

/** Development stacks favour cheap teardown; production stacks turn on every protection by default. */
export type Environment = "development" | "production";

/** The names of the stacks a layer reads, `<org>/<project>/<stack>`. */
export interface UpstreamStacks {
  readonly organization: string;
  readonly network: string;
  readonly data: string;
  readonly edge: string;
}

/** One whole stack of a system, as every layer sees it. Parsed once, deeply frozen. */
export interface PlatformConfig {
  readonly preset: PresetName;
  /** Short system name, first part of every physical name (e.g. `orders`). */
  readonly system: string;
  /** Last part of every physical name; keeps parallel deployments apart. */
  readonly environmentSuffix: string;
  readonly environment: Environment;
  /** The AWS region of every resource of the stack. */
  readonly region: string;
  /** AWS accounts the provider may act in; empty allows any. */
  readonly allowedAccountIds: readonly string[];
  readonly upstream: UpstreamStacks;
  /** Optional tags added to the standard set. */
  readonly owner?: string;
  readonly costCenter?: string;
  /** Deletion protection on the database and the load balancer (and a final snapshot of the database). */
  readonly deletionProtection: boolean;
  /** The system has a Redis cache (its security group lives in the network layer). */
  readonly cache: boolean;
  /**
   * The API reports its order backlog (the PendingOrders metric): the compute
   * layer's metric filter and scaling policy, the edge layer's alarm and
   * dashboard widget exist only then.
   */
  readonly pendingOrdersMetric: boolean;
  /** The cache's settings; present exactly when `cache` is on. */
  readonly cacheCluster?: CacheConfig;
  readonly network: NetworkConfig;
  readonly data: DataConfig;
  readonly edge: EdgeConfig;
  readonly compute: ComputeConfig;
  /** Usage assumptions of the cost estimate; they change no resource. */
  readonly cost: CostConfig;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

/**
 * Parses raw `platform:*` config (keys without the prefix) and `aws:region`
 * into the typed, frozen config of one stack. Throws a `ConfigError` naming
 * the key, the value and what is allowed on the first invalid or unknown key.
 */
export function parsePlatformConfig(raw: RawConfig, context: StackContext): PlatformConfig {
  return deepFreeze(read(raw, context).config);
}

/** What the config is parsed for: the Pulumi stack and the `aws:region` it sets, if any. */
export interface StackContext {
  readonly stack: string;
  readonly awsRegion?: string;
}

/** Every key of the schema with its type, default, allowed values and description. */
export function describeConfig(): readonly KeyDoc[] {
  const region: KeyDoc = {
    key: "aws:region",
    type: "string",
    default: "the preset's region",
    allowed: "an AWS region code such as us-east-1",
    description: "The region of every resource of the stack (the AWS provider's own key).",
  };
  return [region, ...read({ environmentSuffix: "dev" }, { stack: "dev" }).docs];
}

const PRESET_KEY = {
  doc: "The system this stack deploys; its values are the defaults under the stack's own settings.",
  default: "orders",
} as const;

function read(raw: RawConfig, context: StackContext): { config: PlatformConfig; docs: readonly KeyDoc[] } {
  const preset = new ConfigReader(raw).oneOf<PresetName>("preset", PRESET_NAMES, PRESET_KEY);
  const r = new ConfigReader({ ...PRESETS[preset].values, ...raw });
  r.oneOf<PresetName>("preset", PRESET_NAMES, PRESET_KEY);

  const region = context.awsRegion ?? PRESETS[preset].region;
  if (!REGION.test(region)) throw new ConfigError("aws:region", region, "an AWS region code such as us-east-1");

  const system = r.string("system", {
    doc: "Short system name, the first part of every physical name.",
    default: "orders",
    defaultDoc: "the preset's system",
    pattern: SYSTEM_PATTERN,
    allowed: "2 to 10 lowercase letters and digits, starting with a letter",
  });
  const environmentSuffix = r.string("environmentSuffix", {
    doc: "The last part of every physical name, unique per deployment of a system (e.g. dev, prod, pr-123).",
    pattern: SUFFIX_PATTERN,
    allowed: `1 to ${MAX_SUFFIX_LENGTH} lowercase letters, digits and single hyphens, not starting or ending with a hyphen`,
  });
  const environment = r.oneOf<Environment>("environment", ["development", "production"], {
    doc: "Production turns on deletion protection and the other production defaults.",
    default: "development",
  });
  const allowedAccountIds = r.stringList("allowedAccountIds", {
    doc: "AWS account ids the provider refuses to act outside of; empty allows any.",
    default: [],
    item: /^\d{12}$/,
    allowed: "a list of 12-digit AWS account ids",
  });
  const organization = r.string("organization", {
    doc: "Organization part of the upstream stack references: `organization` for file and S3 backends, the org name on Pulumi Cloud.",
    default: "organization",
    pattern: /^[A-Za-z0-9_.-]{1,100}$/,
    allowed: "a Pulumi organization name",
  });
  const stackName = (key: string, doc: string) =>
    r.optionalString(key, { doc, pattern: STACK_NAME, allowed: "a Pulumi stack name (letters, digits, _ . -)" });
  const upstreamDoc = (layer: string) => `The ${layer} layer's stack to read; defaults to the stack of the same name.`;
  const networkStack = stackName("networkStack", upstreamDoc("network"));
  const dataStack = stackName("dataStack", upstreamDoc("data"));
  const edgeStack = stackName("edgeStack", upstreamDoc("edge"));
  const tag = (key: string, doc: string) =>
    r.optionalString(key, { doc, pattern: TAG_VALUE, allowed: "a tag value of 1 to 256 letters, digits, spaces and _ . : / = + - @" });
  const owner = tag("owner", "Adds an `Owner` tag to every resource.");
  const costCenter = tag("costCenter", "Adds a `CostCenter` tag to every resource.");
  const deletionProtection = r.boolean("deletionProtection", {
    doc: "Protects the database (with a final snapshot on delete) and the load balancer from deletion; `npm run destroy` refuses while it is on.",
    default: environment === "production",
    defaultDoc: "true when environment is production, else false",
  });
  const cache = r.boolean("cache", {
    doc: "The system has a Redis-compatible cache (ElastiCache Valkey or Redis OSS, cluster mode): its security group in the network layer, the cache in the data layer, its connection in the compute layer, its memory alarm in the edge layer.",
    default: false,
  });
  const cacheCluster = readCacheConfig(r, cache);

  const pendingOrdersMetric = r.boolean("pendingOrdersMetric", {
    doc: "The API logs its order backlog (the order API's queue-depth line): turns on the PendingOrders metric filter, the pending-orders scaling policy, alarm and dashboard widget. Off for APIs without an order backlog, where alarmPendingOrders and pendingOrdersPerTaskTarget must not be set.",
    default: true,
  });

  const network = readNetworkConfig(r, region);
  const data = readDataConfig(r, { system, production: environment === "production" });
  const edge = readEdgeConfig(r, region, { pendingOrdersMetric });
  const compute = readComputeConfig(r, system, environmentSuffix, environment, { pendingOrdersMetric });
  const cost = readCostConfig(r);
  r.rejectUnknown();

  const config: PlatformConfig = {
    preset,
    system,
    environmentSuffix,
    environment,
    region,
    allowedAccountIds,
    upstream: {
      organization,
      network: networkStack ?? context.stack,
      data: dataStack ?? context.stack,
      edge: edgeStack ?? context.stack,
    },
    ...(owner === undefined ? {} : { owner }),
    ...(costCenter === undefined ? {} : { costCenter }),
    deletionProtection,
    cache,
    pendingOrdersMetric,
    ...(cacheCluster === undefined ? {} : { cacheCluster }),
    network,
    data,
    edge,
    compute,
    cost,
  };
  return { config, docs: r.docs };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
