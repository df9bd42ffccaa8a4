import { MAX_SUFFIX_LENGTH, SUFFIX_PATTERN, SYSTEM_PATTERN } from "../naming";
import { PRESET_NAMES } from "./presets";
import { feature, group, key, Scope, Values } from "./spec";

/** Development stacks favour cheap teardown; production stacks turn on every protection by default. */
export type Environment = "development" | "production";

const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

const stackName = (layer: string) =>
  key.string({
    doc: `The ${layer} layer's stack to read; defaults to the stack of the same name.`,
    optional: true,
    pattern: STACK_NAME,
    allowed: "a Pulumi stack name (letters, digits, _ . -)",
  });

const tag = (doc: string) =>
  key.string({ doc, optional: true, pattern: TAG_VALUE, allowed: "a tag value of 1 to 256 letters, digits, spaces and _ . : / = + - @" });

const ENVIRONMENTS: readonly Environment[] = ["development", "production"];

const environment = key.oneOf(ENVIRONMENTS, {
  doc: "Production turns on deletion protection and the other production defaults.",
  default: "development",
});

/** True when the stack's environment is production: the rule of every production default. */
export const isProduction = (scope: Scope): boolean => scope.value(environment) === "production";

const deletionProtection = key.boolean({
  doc: "Protects the database and the load balancer from deletion; `npm run destroy` refuses while it is on (final snapshots on destroy: finalSnapshots).",
  default: isProduction,
  defaultDoc: "true when environment is production, else false",
});

/** The keys every layer shares: the system, its deployment, its upstream stacks, its tags and its feature switches. */
export const PLATFORM = group({
  preset: key.oneOf(PRESET_NAMES, {
    doc: "The system this stack deploys; its values are the defaults under the stack's own settings.",
    default: "orders",
  }),
  system: key.string({
    doc: "Short system name, the first part of every physical name.",
    default: "orders",
    defaultDoc: "the preset's system",
    pattern: SYSTEM_PATTERN,
    allowed: "2 to 10 lowercase letters and digits, starting with a letter",
  }),
  environmentSuffix: key.string({
    doc: "The last part of every physical name, unique per deployment of a system (e.g. dev, prod, pr-123).",
    pattern: SUFFIX_PATTERN,
    allowed: `1 to ${MAX_SUFFIX_LENGTH} lowercase letters, digits and single hyphens, not starting or ending with a hyphen`,
  }),
  environment,
  allowedAccountIds: key.stringList({
    doc: "AWS account ids the provider refuses to act outside of; empty allows any.",
    default: [],
    item: /^\d{12}$/,
    allowed: "a list of 12-digit AWS account ids",
  }),
  organization: key.string({
    doc: "Organization part of the upstream stack references: `organization` for file and S3 backends, the org name on Pulumi Cloud.",
    default: "organization",
    pattern: /^[A-Za-z0-9_.-]{1,100}$/,
    allowed: "a Pulumi organization name",
  }),
  networkStack: stackName("network"),
  dataStack: stackName("data"),
  edgeStack: stackName("edge"),
  owner: tag("Adds an `Owner` tag to every resource."),
  costCenter: tag("Adds a `CostCenter` tag to every resource."),
  deletionProtection,
  finalSnapshots: key.boolean({
    doc: "Take a final snapshot of the database (and of the cache) when the stack is destroyed, under an identifier of its own for each lifetime of the stack; the snapshots outlive the stack until deleted by hand. Independent of deletionProtection, which `npm run destroy` needs turned off first.",
    default: (scope) => isProduction(scope) || scope.value(deletionProtection),
    defaultDoc: "true when environment is production or deletionProtection is true, else false",
  }),
  cache: key.boolean({
    doc: "The system has a Redis-compatible cache (ElastiCache Valkey or Redis OSS, cluster mode): its security group in the network layer, the cache in the data layer, its connection in the compute layer, its memory alarm in the edge layer.",
    default: false,
  }),
  pendingOrdersMetric: key.boolean({
    doc: "The API logs its order backlog (the order API's queue-depth line): turns on the PendingOrders metric filter, the pending-orders scaling policy, alarm and dashboard widget. Off for APIs without an order backlog, where alarmPendingOrders and pendingOrdersPerTaskTarget must not be set.",
    default: true,
  }),
});

export type PlatformSettings = Values<typeof PLATFORM.keys>;

/** The cache's keys: `cache`. */
export const CACHE = feature(PLATFORM.keys.cache, "cache is false (there is no cache)");

/** The backlog metric's keys: `pendingOrdersMetric`. */
export const PENDING_ORDERS = feature(
  PLATFORM.keys.pendingOrdersMetric,
  "pendingOrdersMetric is false (the API reports no PendingOrders metric, so there is nothing to scale or alarm on)",
);
