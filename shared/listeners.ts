import { PlatformConfig } from "./config";

/** A security group of the network layer a load balancer port can be opened to. */
export type LoadBalancerPeerGroup = "apiGatewayVpcLink";

/** One port the load balancer's security group opens, and to whom: client CIDR blocks or groups of the network layer. */
export interface LoadBalancerIngress {
  readonly port: number;
  readonly cidrs: readonly string[];
  readonly groups: readonly LoadBalancerPeerGroup[];
  readonly description: string;
}

/** True when an API Gateway REST API fronts an internal load balancer. */
export function apiGatewayEnabled(cfg: PlatformConfig): boolean {
  return cfg.edge.apiGateway !== undefined;
}

/** True when the edge layer terminates HTTPS (certificate ARN or domain configured). */
export function httpsEnabled(cfg: PlatformConfig): boolean {
  return cfg.edge.https.kind !== "none";
}

/**
 * The production listener ports: 80 and 443 with HTTPS (80 only redirects),
 * 80 alone without. The network layer opens exactly these, and the edge
 * layer listens on exactly these, so the two cannot disagree.
 */
export function productionListenerPorts(cfg: PlatformConfig): readonly number[] {
  return httpsEnabled(cfg) ? [80, 443] : [80];
}

/**
 * Every ingress of the load balancer's security group: the production ports
 * from anywhere, or only from the API Gateway VPC link's group when API
 * Gateway fronts the (then internal) load balancer, so no client can bypass
 * it; and the test listener's port from the configured CIDRs only (closed
 * when none are configured).
 */
export function loadBalancerIngress(cfg: PlatformConfig): readonly LoadBalancerIngress[] {
  const production = productionListenerPorts(cfg).map((port): LoadBalancerIngress => {
    if (apiGatewayEnabled(cfg))
      return { port, cidrs: [], groups: ["apiGatewayVpcLink"], description: "HTTP from the API Gateway VPC link only" };
    return {
      port,
      cidrs: ["0.0.0.0/0"],
      groups: [],
      description:
        port === 443
          ? "HTTPS from the internet"
          : httpsEnabled(cfg)
            ? "HTTP from the internet, redirected to HTTPS"
            : "HTTP from the internet",
    };
  });
  const test: LoadBalancerIngress[] =
    cfg.edge.testListenerCidrs.length > 0
      ? [
          {
            port: cfg.edge.testListenerPort,
            cidrs: cfg.edge.testListenerCidrs,
            groups: [],
            description: "test listener (green target group) from the configured CIDRs",
          },
        ]
      : [];
  return [...production, ...test];
}
