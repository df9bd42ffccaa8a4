import { ConfigError } from "./errors";
import { isIpv4Cidr } from "./network";
import { ConfigReader } from "./reader";

/** How the load balancer terminates client traffic. */
export type HttpsMode =
  /** HTTPS on 443 with an existing ACM certificate; 80 redirects. */
  | { readonly kind: "certificate"; readonly certificateArn: string }
  /** HTTPS on 443 with a certificate requested for `domainName` and validated in `hostedZoneId`; 80 redirects. */
  | { readonly kind: "domain"; readonly domainName: string; readonly hostedZoneId: string }
  /** Plain HTTP on 80: no certificate configured. */
  | { readonly kind: "none" };

/** The edge layer's settings. */
export interface EdgeConfig {
  readonly https: HttpsMode;
  /** The port of the listener that serves the green target group for tests before traffic shifts. */
  readonly testListenerPort: number;
  /** The only client CIDRs that may reach the test listener. */
  readonly testListenerCidrs: readonly string[];
}

const ARN_ACM = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HOSTED_ZONE = /^Z[A-Z0-9]{1,31}$/;

export function readEdgeConfig(r: ConfigReader, region: string): EdgeConfig {
  const certificateArn = r.optionalString("certificateArn", {
    doc: "ARN of an ACM certificate in the stack's region; turns on HTTPS on 443 with the 80 -> 443 redirect.",
    pattern: ARN_ACM,
    allowed: "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)",
  });
  const domainName = r.optionalString("domainName", {
    doc: "A domain name to request an ACM certificate for (DNS-validated in `hostedZoneId`) and to point at the load balancer.",
    pattern: DOMAIN,
    allowed: "a lowercase DNS name such as api.example.com",
  });
  const hostedZoneId = r.optionalString("hostedZoneId", {
    doc: "The Route 53 hosted zone of `domainName`.",
    pattern: HOSTED_ZONE,
    allowed: "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
  });
  const testListenerPort = r.integer("testListenerPort", {
    doc: "Port of the test listener that serves the green target group before traffic shifts.",
    default: 8443,
    min: 1024,
    max: 65535,
  });
  const testListenerCidrs = r.stringList("testListenerCidrs", {
    doc: "Client CIDR blocks allowed to reach the test listener; empty keeps the port closed to everyone.",
    default: [],
    item: /^[0-9./]+$/,
    allowed: "a list of IPv4 CIDR blocks other than 0.0.0.0/0",
  });
  if (!testListenerCidrs.every((c) => isIpv4Cidr(c) && c !== "0.0.0.0/0")) {
    throw new ConfigError("testListenerCidrs", testListenerCidrs, "a list of IPv4 CIDR blocks other than 0.0.0.0/0");
  }
  return { https: httpsMode(certificateArn, domainName, hostedZoneId, region), testListenerPort, testListenerCidrs };
}

function httpsMode(certificateArn: string | undefined, domainName: string | undefined, hostedZoneId: string | undefined, region: string): HttpsMode {
  if (certificateArn !== undefined) {
    const certRegion = ARN_ACM.exec(certificateArn)?.[1];
    if (certRegion !== region) {
      throw new ConfigError("certificateArn", certificateArn, `a certificate in ${region}: a load balancer can only use certificates of its own region`);
    }
    if (domainName !== undefined) {
      throw new ConfigError("domainName", domainName, "not set when certificateArn is set (choose one way to get a certificate)");
    }
    return { kind: "certificate", certificateArn };
  }
  if (domainName !== undefined || hostedZoneId !== undefined) {
    if (domainName === undefined) throw new ConfigError("domainName", undefined, "a domain name when hostedZoneId is set");
    if (hostedZoneId === undefined) throw new ConfigError("hostedZoneId", undefined, "the hosted zone id of domainName");
    return { kind: "domain", domainName, hostedZoneId };
  }
  return { kind: "none" };
}
