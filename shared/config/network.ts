import { ConfigError } from "./errors";
import { group, key, Settings, Values } from "./spec";

/** NAT layout: one gateway per AZ (production) or one shared gateway (cheap development stacks). */
export type NatGateways = "perAz" | "single";

const NAT_GATEWAYS: readonly NatGateways[] = ["perAz", "single"];

const VPC_CIDR_ALLOWED = "an IPv4 CIDR block from /16 to /22 (e.g. 10.0.0.0/16)";

/** The periods CloudWatch Logs accepts for a log group's retention, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Availability zones used when `availabilityZones` is not set. AZ names differ
 * between regions (ap-northeast-1 has no `b`, us-west-1 has two zones), so a
 * region outside this table must name its zones explicitly.
 */
export const DEFAULT_AVAILABILITY_ZONES: Readonly<Record<string, readonly [string, string, string]>> = {
  "us-east-1": ["us-east-1a", "us-east-1b", "us-east-1c"],
  "us-east-2": ["us-east-2a", "us-east-2b", "us-east-2c"],
  "us-west-2": ["us-west-2a", "us-west-2b", "us-west-2c"],
  "eu-west-1": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
  "eu-central-1": ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
  "ap-southeast-1": ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"],
  "ap-southeast-2": ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"],
};

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** True when `cidr` is an IPv4 CIDR block whose address has no bits set past its prefix. */
export function isIpv4Cidr(cidr: string): boolean {
  const m = CIDR.exec(cidr);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return false;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const hostBits = 2 ** (32 - prefix);
  return address % hostBits === 0;
}

/** The prefix length of an IPv4 CIDR block. */
export function cidrPrefix(cidr: string): number {
  return Number(cidr.split("/")[1]);
}

/** The network layer's keys. */
export const NETWORK = group({
  vpcCidr: key.string({
    doc: "The VPC's IPv4 CIDR block. Each AZ gets a quarter of it; private subnets half of that, public and isolated subnets a sixteenth.",
    default: "10.0.0.0/16",
    allowed: VPC_CIDR_ALLOWED,
  }),
  availabilityZones: key.stringList({
    doc: "The three availability zones the VPC spans. Changing them replaces the subnets.",
    default: (scope) => DEFAULT_AVAILABILITY_ZONES[scope.region] ?? [],
    defaultDoc: "`<region>a`, `b`, `c` for the regions the platform knows; required elsewhere",
    item: /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/,
    allowed: 'exactly 3 distinct availability zones of the stack\'s region (e.g. ["us-east-1a","us-east-1b","us-east-1c"])',
  }),
  natGateways: key.oneOf(NAT_GATEWAYS, {
    doc: "One NAT gateway per AZ (survives an AZ outage) or a single one (cheaper, for development).",
    default: "perAz",
  }),
  isolatedSubnets: key.boolean({
    doc: "Add a third subnet tier with no route to the internet; the data layer then places the database there.",
    default: false,
  }),
  flowLogRetentionDays: key.integerIn(LOG_RETENTION_DAYS, { doc: "Retention of the VPC flow log group, in days.", default: 30 }),
});

/** The network layer's settings. */
export type NetworkConfig = Omit<Values<typeof NETWORK.keys>, "availabilityZones"> & {
  /** Exactly three availability zones of the stack's region. */
  readonly availabilityZones: readonly [string, string, string];
};

/** Reads the network layer's keys: the CIDR's size and the zones' region are checked here. */
export function readNetworkConfig(s: Settings): NetworkConfig {
  const values = s.read(NETWORK);
  if (!isIpv4Cidr(values.vpcCidr) || cidrPrefix(values.vpcCidr) < 16 || cidrPrefix(values.vpcCidr) > 22) {
    throw new ConfigError("vpcCidr", values.vpcCidr, VPC_CIDR_ALLOWED);
  }
  const zones = values.availabilityZones;
  const zoneAllowed = `exactly 3 distinct availability zones of ${s.region} (e.g. ["${s.region}a","${s.region}b","${s.region}c"])`;
  if (zones.length !== 3 || new Set(zones).size !== 3 || !zones.every((z) => z.startsWith(s.region) && z.length === s.region.length + 1)) {
    throw new ConfigError("availabilityZones", zones.length === 0 ? undefined : zones, zoneAllowed);
  }
  return { ...values, availabilityZones: [zones[0], zones[1], zones[2]] };
}
