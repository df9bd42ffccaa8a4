import { PlannedResource } from "../plan/capture";
import { list, num, obj, PlanView, str, strings, T } from "./view";

/**
 * Where a connection comes from: an address (the internet, an office, an
 * address in the VPC without a group), or network interfaces in security
 * groups (a task, the load balancer, the VPC link's interfaces) with an
 * address in the VPC.
 */
export type Source =
  { readonly kind: "address"; readonly address: string } | { readonly kind: "groups"; readonly groupIds: readonly string[] };

/** An address of the internet (TEST-NET-3, RFC 5737): the default source of a request. */
export const INTERNET_ADDRESS = "203.0.113.10";

function ipv4(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** True when `address` lies in the IPv4 `cidr`. */
export function cidrContains(cidr: string, address: string): boolean {
  const [base, bits] = cidr.split("/");
  const network = ipv4(base);
  const host = ipv4(address);
  const prefix = Number(bits);
  if (network === undefined || host === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(network / size) === Math.floor(host / size);
}

/** The first usable host of a CIDR block, plus ten: an address a walk can use inside that block. */
export function addressIn(cidr: string): string {
  const [base] = cidr.split("/");
  const value = (ipv4(base) ?? 0) + 10;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** One rule of a group, normalised from the standalone rule resources or the group's inline blocks. */
interface GroupRule {
  readonly resource: PlannedResource;
  readonly groupId: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: readonly string[];
  readonly groups: readonly string[];
}

function coversPort(rule: GroupRule, port: number): boolean {
  if (rule.protocol === "-1" || rule.protocol === "all") return true;
  return (rule.protocol === "tcp" || rule.protocol === "6") && rule.fromPort <= port && port <= rule.toPort;
}

function rules(view: PlanView, direction: "ingress" | "egress"): GroupRule[] {
  const standalone = view.all(direction === "ingress" ? T.ingressRule : T.egressRule).map((r): GroupRule => ({
    resource: r,
    groupId: str(r.inputs.securityGroupId) ?? "",
    protocol: String(r.inputs.ipProtocol ?? ""),
    fromPort: num(r.inputs.fromPort) ?? 0,
    toPort: num(r.inputs.toPort) ?? 65535,
    cidrs: strings([r.inputs.cidrIpv4]),
    groups: strings([r.inputs.referencedSecurityGroupId]),
  }));
  const inline = view.all(T.securityGroup).flatMap((g) =>
    list(g.inputs[direction]).map((block): GroupRule => {
      const b = obj(block);
      return {
        resource: g,
        groupId: g.id ?? "",
        protocol: String(b.protocol ?? ""),
        fromPort: num(b.fromPort) ?? 0,
        toPort: num(b.toPort) ?? 65535,
        cidrs: strings(b.cidrBlocks),
        groups: strings(b.securityGroups),
      };
    }),
  );
  return [...standalone, ...inline];
}

/** What the groups decided: the rules that let the connection through, or why none did. */
export type GroupDecision =
  | { readonly allowed: true; readonly egress?: PlannedResource; readonly ingress: PlannedResource }
  | { readonly allowed: false; readonly reason: string };

/** A security group's logical name in the plan, or its id when the plan has no such group. */
export const groupName = (view: PlanView, id: string): string => view.find(T.securityGroup, id)?.name ?? id;

/**
 * Whether a TCP connection from `source` reaches an interface in `toGroups`
 * on `port`, as VPC security groups decide it: a group's egress rule must
 * let it out (for a source in groups), and an ingress rule of a destination
 * group must let it in, by the source's group or by a CIDR block holding its
 * address. Groups are stateful, so replies need no rule.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-group-rules.html (read 2026-12-03)
 */
export function groupsAllow(view: PlanView, source: Source, toGroups: readonly string[], port: number): GroupDecision {
  const vpcAddress = addressIn(view.vpcCidr());
  const address = source.kind === "address" ? source.address : vpcAddress;
  let egress: PlannedResource | undefined;
  if (source.kind === "groups") {
    const out = rules(view, "egress").find(
      (r) =>
        source.groupIds.includes(r.groupId) &&
        coversPort(r, port) &&
        (r.groups.some((g) => toGroups.includes(g)) || r.cidrs.some((c) => cidrContains(c, vpcAddress))),
    );
    if (out === undefined) {
      return {
        allowed: false,
        reason: `no egress rule of ${source.groupIds.map((g) => groupName(view, g)).join(", ")} lets TCP ${port} out to ${toGroups.map((g) => groupName(view, g)).join(", ")}`,
      };
    }
    egress = out.resource;
  }
  const fromGroups = source.kind === "groups" ? source.groupIds : [];
  const inRule = rules(view, "ingress").find(
    (r) =>
      toGroups.includes(r.groupId) &&
      coversPort(r, port) &&
      (r.groups.some((g) => fromGroups.includes(g)) || r.cidrs.some((c) => cidrContains(c, address))),
  );
  if (inRule === undefined) {
    const from = source.kind === "groups" ? source.groupIds.map((g) => groupName(view, g)).join(", ") : address;
    return {
      allowed: false,
      reason: `no ingress rule of ${toGroups.map((g) => groupName(view, g)).join(", ")} admits TCP ${port} from ${from}`,
    };
  }
  return { allowed: true, egress, ingress: inRule.resource };
}

/** The address a source connects from: its own, or one in the VPC for interfaces in groups. */
export function sourceAddress(view: PlanView, source: Source): string {
  return source.kind === "address" ? source.address : addressIn(view.vpcCidr());
}

/** One line naming a source. */
export function describeSource(view: PlanView, source: Source): string {
  return source.kind === "address" ? source.address : `group ${source.groupIds.map((g) => groupName(view, g)).join(", ")}`;
}
