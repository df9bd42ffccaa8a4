import { APP_SECRET_KEYS } from "../appSecret";
import { FARGATE_CPU_ARCHITECTURES, FARGATE_MEMORY } from "../aws/fargate";
import { FARGATE_TASK_START_SECONDS } from "../aws/scaling";
import { CACHE_SECRET_ENV } from "../cacheSecret";
import { DISCOVERY_SERVICE_NAME } from "../names/compute";
import { ConfigError } from "./errors";
import { LOG_RETENTION_DAYS } from "./network";
import { isProduction, PENDING_ORDERS, PLATFORM } from "./platform";
import { feature, group, key, Settings, Values } from "./spec";

/** Where the task definition's image comes from. */
export type ImageSource =
  /** Nothing configured yet: the service runs zero tasks (first deployment). */
  | { readonly kind: "none" }
  /** A tag in this layer's ECR repository. */
  | { readonly kind: "tag"; readonly tag: string }
  /** A digest in this layer's ECR repository. */
  | { readonly kind: "digest"; readonly digest: string }
  /** A full image URI with a tag or digest, in any registry. */
  | { readonly kind: "uri"; readonly uri: string };

/** How ECS splits the service's tasks between FARGATE and FARGATE_SPOT. */
export interface CapacitySplit {
  /** Tasks ECS places on FARGATE before any weight applies. */
  readonly fargateBase: number;
  /** FARGATE's weight for the tasks after the base. */
  readonly fargateWeight: number;
  /** FARGATE_SPOT's weight for the tasks after the base. */
  readonly spotWeight: number;
}

/**
 * Where the service's tasks run: split between FARGATE and FARGATE_SPOT (the
 * platform's default), or on on-demand FARGATE only, for a service that must
 * never lose a task to a Spot interruption (a payment API).
 */
export type CapacityPlan = ({ readonly kind: "spot" } & CapacitySplit) | { readonly kind: "onDemand" };

/** Cloud Map service discovery: the private DNS namespace the service registers its tasks in. */
export interface ServiceDiscoveryConfig {
  /** The namespace's DNS name; the service is `api.<namespace>`. */
  readonly namespace: string;
}

/** AWS X-Ray tracing through a daemon sidecar. */
export interface XRayConfig {
  /** Share of requests traced after the reservoir of one a second, from 0 to 1. */
  readonly samplingRate: number;
}

export type AppLogLevel = "debug" | "info" | "warn" | "error";

// ---------------------------------------------------------------- Fargate sizes

export const FARGATE_CPU_SIZES: readonly number[] = Object.keys(FARGATE_MEMORY).map(Number);

/** Every memory size Fargate accepts with `cpu` CPU units; empty for a CPU size Fargate does not offer. */
export function fargateMemoryOptions(cpu: number): readonly number[] {
  return FARGATE_MEMORY[cpu] ?? [];
}

/** True when Fargate runs a task of `cpu` units with `memory` MiB. */
export function isFargateSize(cpu: number, memory: number): boolean {
  return fargateMemoryOptions(cpu).includes(memory);
}

/** What `taskMemory` may be for `cpu`, for error messages. */
export function fargateMemoryAllowed(cpu: number): string {
  const options = fargateMemoryOptions(cpu);
  const step = options[1] - options[0];
  const uniform = options.every((m, i) => i === 0 || m - options[i - 1] === step);
  const sizes =
    uniform && options.length > 3 ? `${options[0]} to ${options[options.length - 1]} MiB in steps of ${step}` : `${options.join(", ")} MiB`;
  return `${sizes} for taskCpu ${cpu}`;
}

// ---------------------------------------------------------------- Spot placement

/** How many tasks ECS may place on each provider for one task count; a range where rounding decides. */
export interface Placement {
  readonly tasks: number;
  readonly onDemand: { readonly min: number; readonly max: number };
  readonly spot: { readonly min: number; readonly max: number };
}

/**
 * Where ECS places `tasks` tasks under `split`: FARGATE takes the base
 * first (all tasks while there are no more than the base), the rest is
 * split by weight. The exact Spot share of the rest, `rest * spotWeight /
 * (fargateWeight + spotWeight)`, is rarely whole and ECS does not document
 * how it rounds, so the Spot count is modelled as anything from its floor to
 * its ceiling (equal when the share is whole); FARGATE gets the remainder.
 */
export function placeTasks(split: CapacitySplit, tasks: number): Placement {
  const base = Math.min(tasks, split.fargateBase);
  const rest = tasks - base;
  const weights = split.fargateWeight + split.spotWeight;
  const spotMin = Math.floor((rest * split.spotWeight) / weights);
  const spotMax = Math.ceil((rest * split.spotWeight) / weights);
  return { tasks, onDemand: { min: tasks - spotMax, max: tasks - spotMin }, spot: { min: spotMin, max: spotMax } };
}

/** The placements of every task count from `min` to `max`. */
export function placementsInRange(split: CapacitySplit, min: number, max: number): Placement[] {
  const placements: Placement[] = [];
  for (let n = min; n <= max; n++) placements.push(placeTasks(split, n));
  return placements;
}

/**
 * Rejects a split under which any task count from `minTasks` to `maxTasks`
 * could, under either rounding, put fewer than half of the tasks on Spot or
 * no task on FARGATE. Names `fargateBase` when even a FARGATE weight of 0
 * could not reach half on Spot, else `fargateWeight`.
 */
export function checkCapacitySplit(split: CapacitySplit, minTasks: number, maxTasks: number): void {
  for (const p of placementsInRange(split, minTasks, maxTasks)) {
    if (p.onDemand.min < 1) {
      throw new ConfigError(
        "fargateBase",
        split.fargateBase,
        `at least 1 so that every task count keeps a task on FARGATE (${p.tasks} tasks could run none)`,
      );
    }
    if (2 * p.spot.min < p.tasks) {
      const could = `${p.tasks} tasks could place only ${p.spot.min} on FARGATE_SPOT`;
      if (2 * (p.tasks - Math.min(p.tasks, split.fargateBase)) < p.tasks) {
        throw new ConfigError(
          "fargateBase",
          split.fargateBase,
          `a base of at most ${Math.floor(minTasks / 2)} so that at least half of every task count from ${minTasks} to ${maxTasks} can run on FARGATE_SPOT (${could})`,
        );
      }
      throw new ConfigError(
        "fargateWeight",
        split.fargateWeight,
        `a weight low enough against fargateSpotWeight (${split.spotWeight}) that at least half of every task count from ${minTasks} to ${maxTasks} runs on FARGATE_SPOT under any rounding (${could})`,
      );
    }
  }
}

/**
 * The capacity plan from `fargateSpot` and the split keys (which are read
 * only with Spot). With Spot, the split must keep half of every task count
 * on Spot (`checkCapacitySplit`); without it, every task runs on FARGATE.
 */
export function capacityPlan(split: CapacitySplit | undefined, minTasks: number, maxTasks: number): CapacityPlan {
  if (split === undefined) return { kind: "onDemand" };
  checkCapacitySplit(split, minTasks, maxTasks);
  return { kind: "spot", ...split };
}

// ---------------------------------------------------------------- X-Ray and service discovery

/**
 * The X-Ray daemon sidecar's share of the task: CPU units, its soft memory
 * reservation and its hard limit (MiB). The daemon buffers segments in a few
 * MiB; the hard limit keeps a leak from starving the API.
 */
export const XRAY_DAEMON_SIZE = { cpu: 32, memoryReservationMiB: 64, memoryMiB: 128 } as const;

/** Memory (MiB) the API container keeps at least when a sidecar shares the task. */
export const MIN_API_MEMORY_MIB = 512;

/** Rejects a task memory that leaves the API less than `MIN_API_MEMORY_MIB` next to the X-Ray daemon's hard limit. */
export function checkTracingMemory(taskCpu: number, taskMemory: number): void {
  const needed = MIN_API_MEMORY_MIB + XRAY_DAEMON_SIZE.memoryMiB;
  if (taskMemory < needed) {
    throw new ConfigError(
      "taskMemory",
      taskMemory,
      `at least ${needed} MiB with xrayTracing (the X-Ray daemon may use ${XRAY_DAEMON_SIZE.memoryMiB} MiB and the API keeps ${MIN_API_MEMORY_MIB}): ${fargateMemoryAllowed(taskCpu)}`,
    );
  }
}

/**
 * The default Cloud Map namespace, `<environmentSuffix>.<system>.internal`:
 * DNS reads from the specific to the general, so each deployment is a
 * subdomain of its system (`api.dev.catalog.internal`), and `.internal` is
 * the top-level domain ICANN reserves for private use, so the name can never
 * shadow a public one.
 */
export function defaultDiscoveryNamespace(system: string, environmentSuffix: string): string {
  return `${environmentSuffix}.${system}.internal`;
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** The longest namespace that leaves room for the service's label and its dot within DNS's 253 characters. */
export const MAX_NAMESPACE_LENGTH = 253 - DISCOVERY_SERVICE_NAME.length - 1;
export const DISCOVERY_NAMESPACE_ALLOWED = `a lowercase DNS name of at least two labels (letters, digits, hyphens; at most 63 each) and at most ${MAX_NAMESPACE_LENGTH} characters, such as dev.catalog.internal`;

/** True when `name` can be a private DNS namespace the service's name fits under. */
export function isDiscoveryNamespace(name: string): boolean {
  const labels = name.split(".");
  return name.length <= MAX_NAMESPACE_LENGTH && labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l));
}

// ---------------------------------------------------------------- Images

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const IMAGE_URI_ALLOWED =
  "an image URI with a tag other than latest or a @sha256 digest (e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2)";
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const IMAGE_NAME = new RegExp(`^(?:[A-Za-z0-9.-]+(?::\\d+)?/)?${COMPONENT}(?:/${COMPONENT})*$`);

/** The tag and digest of an image reference `name[:tag][@digest]`; undefined when the name part is malformed. */
export function splitImageUri(uri: string): { name: string; tag?: string; digest?: string } | undefined {
  const at = uri.indexOf("@");
  const digest = at >= 0 ? uri.slice(at + 1) : undefined;
  const nameAndTag = at >= 0 ? uri.slice(0, at) : uri;
  const colon = nameAndTag.lastIndexOf(":");
  const hasTag = colon > nameAndTag.lastIndexOf("/");
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  if (!IMAGE_NAME.test(name)) return undefined;
  return { name, tag, digest };
}

/** True when an image URI pins a tag other than `latest` or a digest. */
export function isPinnedImageUri(uri: string): boolean {
  const parts = splitImageUri(uri);
  if (!parts) return false;
  if (parts.digest !== undefined) return DIGEST.test(parts.digest) && (parts.tag === undefined || TAG.test(parts.tag));
  return parts.tag !== undefined && TAG.test(parts.tag) && parts.tag !== "latest";
}

/** The ECR repository an image URI points into, when it is an ECR private repository. */
export function ecrRepositoryOf(uri: string): { account: string; region: string; repository: string } | undefined {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(uri);
  return m ? { account: m[1], region: m[2], repository: m[3] } : undefined;
}

/** Picks the image source from at most one of the three image keys. */
export function imageSource(tag: string | undefined, digest: string | undefined, uri: string | undefined): ImageSource {
  const given = (
    [
      ["imageTag", tag],
      ["imageDigest", digest],
      ["imageUri", uri],
    ] as const
  ).filter(([, v]) => v !== undefined);
  if (given.length > 1) {
    throw new ConfigError(
      given[1][0],
      given[1][1],
      `not set together with ${given[0][0]}: set only one of imageTag, imageDigest, imageUri`,
    );
  }
  if (tag !== undefined) return { kind: "tag", tag };
  if (digest !== undefined) return { kind: "digest", digest };
  if (uri !== undefined) return { kind: "uri", uri };
  return { kind: "none" };
}

// ---------------------------------------------------------------- Secrets and parameters

/** The environment variable an application secret's JSON key is injected as: `apiKey` -> `API_KEY`. */
export function secretEnvName(jsonKey: string): string {
  return jsonKey.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Environment variable names the layer injects itself; application secret
 * keys may not map onto them. The cache's are reserved with or without a
 * cache, so turning one on later cannot collide with a key already in use.
 */
export const RESERVED_ENV_NAMES = ["DB_USERNAME", "DB_PASSWORD", ...Object.values(CACHE_SECRET_ENV)] as const;

/** Rejects application secret keys whose environment names collide with each other or with the layer's own. */
export function checkAppSecretKeys(keys: readonly string[]): void {
  const seen = new Set<string>(RESERVED_ENV_NAMES);
  for (const key of keys) {
    const env = secretEnvName(key);
    if (seen.has(env)) {
      throw new ConfigError(
        "appSecretKeys",
        keys,
        `JSON keys with distinct environment names other than ${RESERVED_ENV_NAMES.join(", ")} (${key} becomes ${env} twice)`,
      );
    }
    seen.add(env);
  }
}

/**
 * The Parameter Store path of a deployment's configuration,
 * `/<system>/<environmentSuffix>`. Parameter Store refuses names that begin
 * with `aws` or `ssm` (any case), so such a system cannot have one.
 */
export function parameterPath(system: string, environmentSuffix: string): string {
  if (/^(aws|ssm)/i.test(system)) {
    throw new ConfigError("system", system, "a name that does not begin with aws or ssm: Parameter Store reserves those prefixes");
  }
  return `/${system}/${environmentSuffix}`;
}

// ---------------------------------------------------------------- Reading

const LOG_LEVELS: readonly AppLogLevel[] = ["debug", "info", "warn", "error"];

const fargateSpot = key.boolean({
  doc: "Run part of the tasks on FARGATE_SPOT (about 70% cheaper, interrupted with two minutes' notice); false runs every task on on-demand FARGATE and then the split keys may not be set.",
  default: true,
});
const SPOT = feature(fargateSpot, "fargateSpot is false (every task runs on on-demand FARGATE, so there is no split)");

const serviceDiscovery = key.boolean({
  doc: "Register the service's tasks in a Cloud Map private DNS namespace in the VPC (A records, one per healthy task).",
  default: false,
});
const DISCOVERY = feature(serviceDiscovery, "serviceDiscovery is false (there is no namespace)");

const xrayTracing = key.boolean({
  doc: "Run the AWS X-Ray daemon as a sidecar of the API, with its own sampling rule and the task role permissions it needs.",
  default: false,
});
const XRAY = feature(xrayTracing, "xrayTracing is false (nothing is traced)");

/** The compute layer's keys. */
export const COMPUTE = group({
  containerPort: key.integer({ doc: "The port the API container listens on.", default: 8080, min: 1024, max: 65535 }),
  minTasks: key.integer({
    doc: "Scaling minimum, in tasks; at least 2, because one task on on-demand FARGATE and at least half on FARGATE_SPOT take two.",
    default: 3,
    min: 2,
    max: 1000,
  }),
  maxTasks: key.integer({ doc: "Scaling maximum, in tasks.", default: 10, min: 2, max: 1000 }),
  taskCpu: key.integerIn(FARGATE_CPU_SIZES, { doc: "Task CPU units (1024 = 1 vCPU), one of Fargate's sizes.", default: 512 }),
  taskMemory: key.integer({ doc: "Task memory in MiB; must be a size Fargate offers for taskCpu.", default: 1024, min: 512, max: 122880 }),
  cpuArchitecture: key.oneOf(FARGATE_CPU_ARCHITECTURES.value, {
    doc: "CPU architecture of the tasks (the task definition's runtimePlatform): X86_64, or ARM64 (AWS Graviton, about 20% cheaper per vCPU-hour and GB-hour, on FARGATE and FARGATE_SPOT alike, platform version 1.4.0, which LATEST is). With ARM64 every image of the task must be built for linux/arm64, or be a multi-architecture image that includes it; an amd64-only image fails to start.",
    default: "X86_64",
  }),
  imageTag: key.string({
    doc: "Tag of the API image in this layer's ECR repository; not `latest` (the repository's tags are immutable).",
    optional: true,
    pattern: TAG,
    allowed: "a Docker tag (letters, digits, _ . -, at most 128 characters) other than latest",
  }),
  imageDigest: key.string({
    doc: "Digest of the API image in this layer's ECR repository.",
    optional: true,
    pattern: DIGEST,
    allowed: "an image digest sha256:<64 lowercase hex digits>",
  }),
  imageUri: key.string({
    doc: "A full image URI with a tag (not `latest`) or a digest, for an image outside this layer's repository.",
    optional: true,
    allowed: IMAGE_URI_ALLOWED,
  }),
  fargateSpot,
  fargateBase: key.integer({
    doc: "Tasks ECS always places on on-demand FARGATE before weights apply: the floor that survives a Spot interruption.",
    feature: SPOT,
    default: 1,
    min: 1,
    max: 1000,
  }),
  fargateWeight: key.integer({ doc: "FARGATE's weight for the tasks after the base.", feature: SPOT, default: 0, min: 0, max: 1000 }),
  fargateSpotWeight: key.integer({
    doc: "FARGATE_SPOT's weight for the tasks after the base.",
    feature: SPOT,
    default: 1,
    min: 1,
    max: 1000,
  }),
  memoryTargetPercent: key.integer({
    doc: "Average memory utilisation, in percent, a second target tracking policy keeps (same cooldowns as CPU); not set: no memory policy.",
    optional: true,
    min: 10,
    max: 95,
  }),
  serviceDiscovery,
  serviceDiscoveryNamespace: key.string({
    doc: "The DNS name of the Cloud Map namespace; the service resolves as `api.<namespace>`.",
    feature: DISCOVERY,
    default: (scope) => defaultDiscoveryNamespace(scope.value(PLATFORM.keys.system), scope.value(PLATFORM.keys.environmentSuffix)),
    defaultDoc: "`<environmentSuffix>.<system>.internal`",
    allowed: DISCOVERY_NAMESPACE_ALLOWED,
  }),
  xrayTracing,
  xraySamplingRate: key.decimal({
    doc: "Share of requests X-Ray traces after a reservoir of one a second, from 0 to 1.",
    feature: XRAY,
    default: 0.1,
    min: 0,
    max: 1,
    step: 0.001,
  }),
  appSecretKeys: key.stringList({
    doc: "JSON keys of the data layer's application secret, each injected as the environment variable of its UPPER_SNAKE name (the data layer writes the default keys).",
    default: APP_SECRET_KEYS,
    item: /^[A-Za-z][A-Za-z0-9]{0,63}$/,
    allowed: "a list of JSON keys of letters and digits, starting with a letter",
    minItems: 0,
    maxItems: 20,
  }),
  deploymentBakeTimeMinutes: key.integer({
    doc: "Minutes a blue/green deployment keeps the old tasks after the new ones take all traffic, so a rollback is instant.",
    default: 5,
    min: 0,
    max: 1440,
  }),
  healthCheckGracePeriodSeconds: key.integer({
    name: "serviceHealthCheckGraceSeconds",
    doc: "Seconds ECS ignores failing load balancer health checks of a newly started task.",
    default: 60,
    min: 0,
    max: 3600,
  }),
  stopTimeoutSeconds: key.integer({
    name: "containerStopTimeoutSeconds",
    doc: "Seconds a stopping container has after SIGTERM (sent after connection draining) to finish in-flight orders before SIGKILL.",
    default: 60,
    min: 2,
    max: 120,
  }),
  ecrImagesToKeep: key.integer({ doc: "Images the ECR lifecycle policy keeps; older ones expire.", default: 30, min: 1, max: 1000 }),
  apiLogRetentionDays: key.integerIn(LOG_RETENTION_DAYS, {
    doc: "Retention of the API's log group, in days.",
    default: (scope) => (isProduction(scope) ? 90 : 14),
    defaultDoc: "90 when environment is production, else 14",
  }),
  appLogLevel: key.oneOf(LOG_LEVELS, { doc: "The API's log level, published in Parameter Store.", default: "info" }),
  ecsExecEnabled: key.boolean({
    doc: "Turns on ECS Exec (interactive shells in running tasks) and grants the task role the Session Manager channels it needs.",
    default: false,
  }),
  pendingOrdersPerTaskTarget: key.integer({
    doc: "Pending orders per running task the custom scaling policy keeps; from 1.5 times it, the burst policy adds tasks in proportion.",
    feature: PENDING_ORDERS,
    default: 100,
    min: 1,
    max: 100000,
  }),
  scalingTaskStartSeconds: key.integer({
    doc: "The plan's reaction time: seconds a new Fargate task takes from placement to its container running (image pull included). AWS publishes no figure; 40 is an assumption for an image of a few hundred MB in ECR in the task's region: measure yours in the service's events and set it.",
    default: FARGATE_TASK_START_SECONDS.value,
    min: 1,
    max: 600,
  }),
});

/** The keys the compute layer's settings shape into `image`, `capacity`, `serviceDiscovery` and `xray`. */
type ShapedKeys =
  | "imageTag"
  | "imageDigest"
  | "imageUri"
  | "fargateSpot"
  | "fargateBase"
  | "fargateWeight"
  | "fargateSpotWeight"
  | "serviceDiscovery"
  | "serviceDiscoveryNamespace"
  | "xrayTracing"
  | "xraySamplingRate";

/** The compute layer's settings. */
export type ComputeConfig = Omit<Values<typeof COMPUTE.keys>, ShapedKeys> & {
  readonly image: ImageSource;
  readonly capacity: CapacityPlan;
  /** Present when the service registers in a Cloud Map private DNS namespace. */
  readonly serviceDiscovery: ServiceDiscoveryConfig | undefined;
  /** Present when the task runs the X-Ray daemon sidecar. */
  readonly xray: XRayConfig | undefined;
};

/** Reads the compute layer's keys, checks them against each other and shapes the image, capacity, discovery and tracing settings. */
export function readComputeConfig(s: Settings): ComputeConfig {
  const v = s.read(COMPUTE);
  if (v.maxTasks < v.minTasks) throw new ConfigError("maxTasks", v.maxTasks, `an integer of at least minTasks (${v.minTasks})`);
  if (!isFargateSize(v.taskCpu, v.taskMemory)) throw new ConfigError("taskMemory", v.taskMemory, fargateMemoryAllowed(v.taskCpu));
  if (v.imageTag === "latest") throw new ConfigError("imageTag", v.imageTag, "a tag other than latest: a moving tag cannot be rolled back");
  if (v.imageUri !== undefined && !isPinnedImageUri(v.imageUri)) throw new ConfigError("imageUri", v.imageUri, IMAGE_URI_ALLOWED);
  const split =
    v.fargateBase === undefined || v.fargateWeight === undefined || v.fargateSpotWeight === undefined
      ? undefined
      : { fargateBase: v.fargateBase, fargateWeight: v.fargateWeight, spotWeight: v.fargateSpotWeight };
  const namespace = v.serviceDiscoveryNamespace;
  if (namespace !== undefined && !isDiscoveryNamespace(namespace))
    throw new ConfigError("serviceDiscoveryNamespace", namespace, DISCOVERY_NAMESPACE_ALLOWED);
  if (v.xrayTracing) checkTracingMemory(v.taskCpu, v.taskMemory);
  checkAppSecretKeys(v.appSecretKeys);
  parameterPath(s.value(PLATFORM.keys.system), s.value(PLATFORM.keys.environmentSuffix));
  const {
    imageTag,
    imageDigest,
    imageUri,
    fargateSpot,
    fargateBase,
    fargateWeight,
    fargateSpotWeight,
    serviceDiscovery,
    serviceDiscoveryNamespace,
    xrayTracing,
    xraySamplingRate,
    ...rest
  } = v;
  return {
    ...rest,
    image: imageSource(imageTag, imageDigest, imageUri),
    capacity: capacityPlan(split, v.minTasks, v.maxTasks),
    serviceDiscovery: serviceDiscoveryNamespace === undefined ? undefined : { namespace: serviceDiscoveryNamespace },
    xray: xraySamplingRate === undefined ? undefined : { samplingRate: xraySamplingRate },
  };
}
