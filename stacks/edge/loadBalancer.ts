import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  HttpsMode,
  httpsEnabled,
  Imported,
  LogDeliveryPrincipal,
  NetworkOutputs,
  PlatformConfig,
  productionListenerPorts,
} from "../../shared";
import { ACCESS_LOG_PREFIX, AccessLogsBucket } from "./accessLogs";
import { DomainCertificate } from "./certificate";

/** The answer for any path the API does not serve. */
export const NOT_FOUND_BODY = JSON.stringify({ error: "not_found", message: "No such resource" });

/** The priority of the production and test rules on their listeners. */
export const RULE_PRIORITY = 100;

/** The options ECS's traffic shifts depend on: the rule's weights are ECS's to change after creation. */
export const SHIFTED_BY_ECS = ["actions"];

/** What a listener does with the traffic it receives. */
export type ListenerRole = "production" | "redirect" | "test";

export interface ListenerSpec {
  readonly port: number;
  readonly protocol: "HTTP" | "HTTPS";
  readonly role: ListenerRole;
}

/**
 * The load balancer's listeners, derived from the same `productionListenerPorts`
 * the network layer opens the security group on: with HTTPS, 443 serves and
 * 80 redirects; without, 80 serves. The test listener is on its own port,
 * HTTPS when a certificate is configured.
 */
export function listenerSpecs(cfg: PlatformConfig): readonly ListenerSpec[] {
  const https = httpsEnabled(cfg);
  const production = productionListenerPorts(cfg).map((port): ListenerSpec => {
    if (!https) return { port, protocol: "HTTP", role: "production" };
    return port === 443 ? { port, protocol: "HTTPS", role: "production" } : { port, protocol: "HTTP", role: "redirect" };
  });
  return [...production, { port: cfg.edge.testListenerPort, protocol: https ? "HTTPS" : "HTTP", role: "test" }];
}

/**
 * Health checks every 5 seconds, the shortest interval an ALB takes: 2
 * successes put a new task in service 10 seconds after its registration (a
 * term of the reaction to a burst, shared/plan/reaction.ts), 3 failures
 * (4-second timeout each, shorter than the interval as ELB requires) take a
 * failing task out within 15 seconds.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
 */
export const HEALTH_CHECK = {
  enabled: true,
  path: "/health",
  matcher: "200",
  protocol: "HTTP",
  port: "traffic-port",
  interval: 5,
  timeout: 4,
  unhealthyThreshold: 3,
  healthyThreshold: 2,
} as const;

/** Seconds a failing target takes to leave rotation under HEALTH_CHECK. */
export function secondsToUnhealthy(check: { readonly interval: number; readonly unhealthyThreshold: number }): number {
  return check.interval * check.unhealthyThreshold;
}

/** A weighted forward to the two target groups. */
function weightedForward(
  blueArn: pulumi.Input<string>,
  greenArn: pulumi.Input<string>,
  blue: number,
  green: number,
): aws.types.input.lb.ListenerRuleAction {
  return {
    type: "forward",
    forward: {
      targetGroups: [
        { arn: blueArn, weight: blue },
        { arn: greenArn, weight: green },
      ],
      stickiness: { enabled: false, duration: 1 },
    },
  };
}

const notFound: aws.types.input.lb.ListenerDefaultAction = {
  type: "fixed-response",
  fixedResponse: { contentType: "application/json", statusCode: "404", messageBody: NOT_FOUND_BODY },
};

/** The physical names of the load balancer's resources. */
export interface LoadBalancerNames {
  readonly alb: string;
  readonly blueTargetGroup: string;
  readonly greenTargetGroup: string;
  /** The access log bucket's (it carries the account, so it may be an Output). */
  /** The access log bucket's name from the hex drawn for its lifetime. */
  readonly accessLogsBucket: (hex: string) => string;
}

export interface LoadBalancerArgs {
  /** The network layer: subnets, VPC and the load balancer's security group. */
  readonly network: Imported<NetworkOutputs>;
  readonly names: LoadBalancerNames;
  /** The listeners to create, by role and port (see {@link listenerSpecs}). */
  readonly listeners: readonly ListenerSpec[];
  /** How HTTPS is served: not at all, with a certificate ARN, or on a domain with a DNS-validated certificate. */
  readonly https: HttpsMode;
  /** The paths the production and test rules forward. */
  readonly apiPathPatterns: readonly string[];
  /** The port the target groups register the tasks on. */
  readonly containerPort: number;
  /** The HTTPS listeners' security policy. */
  readonly sslPolicy: string;
  readonly idleTimeoutSeconds: number;
  readonly deregistrationDelaySeconds: number;
  /** The access logs' expiry and who delivers them. */
  readonly accessLogs: { readonly expirationDays: number; readonly delivery: LogDeliveryPrincipal };
  /**
   * Internal, in the private subnets (behind API Gateway), instead of internet-facing in the public subnets.
   * @default false
   */
  readonly internal?: boolean;
  /**
   * Deletion protection on the load balancer, and its access logs kept on destroy.
   * @default false
   */
  readonly deletionProtection?: boolean;
}

/**
 * The ALB with its access log bucket, the blue and green
 * target groups, the listeners (see `listenerSpecs`) and their rules; in
 * domain mode also the DNS-validated certificate and the alias record.
 * Internet-facing in the public subnets; internal in the private subnets
 * when API Gateway fronts it (see `loadBalancerIngress`).
 */
export class LoadBalancer extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;
  public readonly arnSuffix: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  /** Where clients reach the API. */
  public readonly url: pulumi.Output<string>;
  public readonly accessLogsBucketName: pulumi.Output<string>;
  public readonly productionListenerArn: pulumi.Output<string>;
  public readonly redirectListenerArn: pulumi.Output<string> | undefined;
  public readonly testListenerArn: pulumi.Output<string>;
  public readonly productionRuleArn: pulumi.Output<string>;
  public readonly testRuleArn: pulumi.Output<string>;
  public readonly blue: aws.lb.TargetGroup;
  public readonly green: aws.lb.TargetGroup;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:LoadBalancer", name, {}, opts);
    const { network, names, https } = args;
    const deletionProtection = args.deletionProtection ?? false;

    const logs = new AccessLogsBucket(
      `${name}-logs`,
      {
        bucketName: names.accessLogsBucket,
        expirationDays: args.accessLogs.expirationDays,
        delivery: args.accessLogs.delivery,
        forceDestroy: !deletionProtection,
      },
      { parent: this },
    );
    const internal = args.internal ?? false;
    const alb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        name: names.alb,
        internal,
        loadBalancerType: "application",
        ipAddressType: "ipv4",
        subnets: internal ? network.privateSubnetIds : network.publicSubnetIds,
        securityGroups: [network.loadBalancerSecurityGroupId],
        enableHttp2: true,
        dropInvalidHeaderFields: true,
        enableCrossZoneLoadBalancing: true,
        idleTimeout: args.idleTimeoutSeconds,
        enableDeletionProtection: deletionProtection,
        accessLogs: { bucket: logs.bucketName, prefix: ACCESS_LOG_PREFIX, enabled: true },
      },
      { parent: this, dependsOn: logs.ready },
    );

    const targetGroup = (color: "blue" | "green") =>
      new aws.lb.TargetGroup(
        `${name}-${color}`,
        {
          name: color === "blue" ? names.blueTargetGroup : names.greenTargetGroup,
          targetType: "ip",
          protocol: "HTTP",
          protocolVersion: "HTTP1",
          port: args.containerPort,
          vpcId: network.vpcId,
          deregistrationDelay: args.deregistrationDelaySeconds,
          healthCheck: { ...HEALTH_CHECK },
        },
        { parent: this },
      );
    const blue = targetGroup("blue");
    const green = targetGroup("green");

    const certificateArn =
      https.kind === "certificate"
        ? pulumi.output(https.certificateArn)
        : https.kind === "domain"
          ? new DomainCertificate(`${name}-cert`, { domainName: https.domainName, hostedZoneId: https.hostedZoneId }, { parent: this })
              .certificateArn
          : undefined;

    // Named by port, so turning HTTPS on updates the listener on 80 in place (to the
    // redirect) and adds 443, instead of creating a second listener on 80.
    const listeners = new Map<ListenerRole, aws.lb.Listener>();
    for (const spec of args.listeners) {
      const tls = spec.protocol === "HTTPS" ? { certificateArn, sslPolicy: args.sslPolicy } : {};
      const defaultAction: aws.types.input.lb.ListenerDefaultAction =
        spec.role === "redirect"
          ? {
              type: "redirect",
              redirect: { protocol: "HTTPS", port: "443", host: "#{host}", path: "/#{path}", query: "#{query}", statusCode: "HTTP_301" },
            }
          : notFound;
      listeners.set(
        spec.role,
        new aws.lb.Listener(
          `${name}-listener-${spec.port}`,
          { loadBalancerArn: alb.arn, port: spec.port, protocol: spec.protocol, ...tls, defaultActions: [defaultAction] },
          { parent: this },
        ),
      );
    }
    const production = listeners.get("production") as aws.lb.Listener;
    const test = listeners.get("test") as aws.lb.Listener;
    const conditions = [{ pathPattern: { values: [...args.apiPathPatterns] } }];
    const productionRule = new aws.lb.ListenerRule(
      `${name}-production-rule`,
      { listenerArn: production.arn, priority: RULE_PRIORITY, conditions, actions: [weightedForward(blue.arn, green.arn, 100, 0)] },
      { parent: this, ignoreChanges: SHIFTED_BY_ECS },
    );
    const testRule = new aws.lb.ListenerRule(
      `${name}-test-rule`,
      { listenerArn: test.arn, priority: RULE_PRIORITY, conditions, actions: [weightedForward(blue.arn, green.arn, 0, 100)] },
      { parent: this, ignoreChanges: SHIFTED_BY_ECS },
    );

    if (https.kind === "domain") {
      new aws.route53.Record(
        `${name}-alias`,
        {
          zoneId: https.hostedZoneId,
          name: https.domainName,
          type: "A",
          aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }],
        },
        { parent: this },
      );
    }

    this.arn = alb.arn;
    this.arnSuffix = alb.arnSuffix;
    this.dnsName = alb.dnsName;
    this.url =
      https.kind === "domain"
        ? pulumi.output(`https://${https.domainName}`)
        : pulumi.interpolate`${https.kind === "none" ? "http" : "https"}://${alb.dnsName}`;
    this.accessLogsBucketName = logs.bucketName;
    this.productionListenerArn = production.arn;
    this.redirectListenerArn = listeners.get("redirect")?.arn;
    this.testListenerArn = test.arn;
    this.productionRuleArn = productionRule.arn;
    this.testRuleArn = testRule.arn;
    this.blue = blue;
    this.green = green;
    this.registerOutputs({
      arn: this.arn,
      dnsName: this.dnsName,
      url: this.url,
      productionListenerArn: this.productionListenerArn,
      testListenerArn: this.testListenerArn,
      productionRuleArn: this.productionRuleArn,
      testRuleArn: this.testRuleArn,
    });
  }
}
