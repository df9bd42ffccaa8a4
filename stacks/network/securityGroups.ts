import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CACHE_PORT, LoadBalancerIngress, LoadBalancerPeerGroup } from "../../shared";

/** The groups' names. */
export interface SecurityGroupNames {
  readonly loadBalancer: string;
  readonly service: string;
  readonly database: string;
  readonly cache: string;
  readonly vpcLink: string;
  readonly discoveryClient: string;
  readonly databaseAdmin: string;
}

export interface SecurityGroupsArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Every ingress of the load balancer's group: ports and their CIDR blocks or peer groups (see `loadBalancerIngress`). */
  readonly loadBalancerIngress: readonly LoadBalancerIngress[];
  /** The port the API's container listens on. */
  readonly containerPort: number;
  /** The database's port. */
  readonly databasePort: number;
  /**
   * A cache group, which the service reaches on the Redis port.
   * @default false
   */
  readonly cache?: boolean;
  /**
   * A group for API Gateway's VPC link, which may reach the load balancer's
   * production ports only (an ingress rule names it as its peer).
   * @default false
   */
  readonly apiGatewayVpcLink?: boolean;
  /**
   * A group for clients of the API's Cloud Map name, which the service admits on the container port.
   * @default false
   */
  readonly discoveryClients?: boolean;
  readonly names: SecurityGroupNames;
}

/**
 * The security groups that form the boundary between layers, each rule a
 * resource of its own so the groups can refer to each other without cycles:
 * - load balancer: in on the listener ports (see `loadBalancerIngress`); out only to the service on the container port
 * - service: in only from the load balancer on the container port; out to the database (and cache), and HTTPS for AWS APIs and image pulls
 * - database: in only from the service and the database user functions on the database port; no egress
 * - database user functions (the data layer's bootstrap and rotation functions): no ingress; out to the database on its
 *   port, and HTTPS for Secrets Manager through the NAT gateways. AWS documents the NAT path or an interface endpoint:
 *   https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-function-network-access.html
 *   (an endpoint in three AZs would cost more a month than the rest of the path; HTTPS is the only port opened)
 * - cache (when the system has one): in only from the service on the Redis port; no egress
 * - API Gateway VPC link (when API Gateway fronts the load balancer): no ingress; out only to the load balancer on the production listener ports
 * - API clients (with service discovery): no ingress; out only to the service on the container port, which the service admits from it.
 *   Cloud Map answers with the tasks' own addresses, so without it a client resolving the API's name could not connect.
 */
export class SecurityGroups extends pulumi.ComponentResource {
  public readonly loadBalancerId: pulumi.Output<string>;
  public readonly serviceId: pulumi.Output<string>;
  public readonly databaseId: pulumi.Output<string>;
  public readonly cacheId: pulumi.Output<string> | undefined;
  public readonly vpcLinkId: pulumi.Output<string> | undefined;
  public readonly discoveryClientId: pulumi.Output<string> | undefined;
  public readonly databaseAdminId: pulumi.Output<string>;

  constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:SecurityGroups", name, {}, opts);
    const { vpcId, names } = args;
    const group = (id: string, groupName: string, description: string) =>
      new aws.ec2.SecurityGroup(`${name}-${id}`, { name: groupName, description, vpcId, revokeRulesOnDelete: true }, { parent: this });
    const ingress = (id: string, args: aws.vpc.SecurityGroupIngressRuleArgs) =>
      new aws.vpc.SecurityGroupIngressRule(`${name}-${id}`, args, { parent: this });
    const egress = (id: string, args: aws.vpc.SecurityGroupEgressRuleArgs) =>
      new aws.vpc.SecurityGroupEgressRule(`${name}-${id}`, args, { parent: this });
    const tcp = (port: number) => ({ ipProtocol: "tcp", fromPort: port, toPort: port });

    const lb = group("alb", names.loadBalancer, "Load balancer: listener ports in, container port out to the service");
    const service = group("service", names.service, "API tasks: container port in from the load balancer only");
    const database = group("db", names.database, "Database: its port in from the service only");
    const cache = (args.cache ?? false) ? group("cache", names.cache, "Cache: Redis port in from the service only") : undefined;
    const vpcLink =
      (args.apiGatewayVpcLink ?? false)
        ? group("vpclink", names.vpcLink, "API Gateway VPC link: out to the load balancer's production listeners only")
        : undefined;
    const peers: Record<LoadBalancerPeerGroup, aws.ec2.SecurityGroup | undefined> = { apiGatewayVpcLink: vpcLink };

    for (const rule of args.loadBalancerIngress) {
      rule.cidrs.forEach((cidr, i) =>
        ingress(`alb-in-${rule.port}-${i}`, { securityGroupId: lb.id, cidrIpv4: cidr, description: rule.description, ...tcp(rule.port) }),
      );
      for (const peer of rule.groups) {
        const source = peers[peer] as aws.ec2.SecurityGroup;
        ingress(`alb-in-${rule.port}-vpclink`, {
          securityGroupId: lb.id,
          referencedSecurityGroupId: source.id,
          description: rule.description,
          ...tcp(rule.port),
        });
        egress(`vpclink-out-alb-${rule.port}`, {
          securityGroupId: source.id,
          referencedSecurityGroupId: lb.id,
          description: "To the load balancer's production listener",
          ...tcp(rule.port),
        });
      }
    }
    const { containerPort } = args;
    egress("alb-out-service", {
      securityGroupId: lb.id,
      referencedSecurityGroupId: service.id,
      description: "To the API tasks on the container port",
      ...tcp(containerPort),
    });
    ingress("service-in-alb", {
      securityGroupId: service.id,
      referencedSecurityGroupId: lb.id,
      description: "From the load balancer on the container port",
      ...tcp(containerPort),
    });
    egress("service-out-https", {
      securityGroupId: service.id,
      cidrIpv4: "0.0.0.0/0",
      description: "HTTPS to AWS APIs (ECR, Secrets Manager, SSM, CloudWatch) through the NAT gateways",
      ...tcp(443),
    });
    egress("service-out-db", {
      securityGroupId: service.id,
      referencedSecurityGroupId: database.id,
      description: "To the database on its port",
      ...tcp(args.databasePort),
    });
    ingress("db-in-service", {
      securityGroupId: database.id,
      referencedSecurityGroupId: service.id,
      description: "From the API tasks on the database port",
      ...tcp(args.databasePort),
    });
    const databaseAdmin = group(
      "db-admin",
      names.databaseAdmin,
      "Database user functions (bootstrap, rotation): out to the database port and HTTPS for Secrets Manager only",
    );
    egress("db-admin-out-db", {
      securityGroupId: databaseAdmin.id,
      referencedSecurityGroupId: database.id,
      description: "To the database on its port, as the master user (bootstrap) or to set the rotated user",
      ...tcp(args.databasePort),
    });
    egress("db-admin-out-https", {
      securityGroupId: databaseAdmin.id,
      cidrIpv4: "0.0.0.0/0",
      description: "HTTPS to Secrets Manager through the NAT gateways",
      ...tcp(443),
    });
    ingress("db-in-db-admin", {
      securityGroupId: database.id,
      referencedSecurityGroupId: databaseAdmin.id,
      description: "From the database user functions on the database port",
      ...tcp(args.databasePort),
    });
    // The service group's description stays as it is: a new description would replace the group under the running service.
    const discoveryClients =
      (args.discoveryClients ?? false)
        ? group(
            "api-clients",
            names.discoveryClient,
            "Clients of the API's Cloud Map name: out to the API tasks on the container port only",
          )
        : undefined;
    if (discoveryClients) {
      egress("api-clients-out-service", {
        securityGroupId: discoveryClients.id,
        referencedSecurityGroupId: service.id,
        description: "To the API tasks on the container port (their Cloud Map name)",
        ...tcp(containerPort),
      });
      ingress("service-in-api-clients", {
        securityGroupId: service.id,
        referencedSecurityGroupId: discoveryClients.id,
        description: "From clients that call the API by its Cloud Map name, on the container port",
        ...tcp(containerPort),
      });
    }
    if (cache) {
      egress("service-out-cache", {
        securityGroupId: service.id,
        referencedSecurityGroupId: cache.id,
        description: "To the cache on the Redis port",
        ...tcp(CACHE_PORT),
      });
      ingress("cache-in-service", {
        securityGroupId: cache.id,
        referencedSecurityGroupId: service.id,
        description: "From the API tasks on the Redis port",
        ...tcp(CACHE_PORT),
      });
    }

    this.loadBalancerId = lb.id;
    this.serviceId = service.id;
    this.databaseId = database.id;
    this.cacheId = cache?.id;
    this.vpcLinkId = vpcLink?.id;
    this.discoveryClientId = discoveryClients?.id;
    this.databaseAdminId = databaseAdmin.id;
    this.registerOutputs({
      loadBalancerId: this.loadBalancerId,
      serviceId: this.serviceId,
      databaseId: this.databaseId,
      cacheId: this.cacheId,
      vpcLinkId: this.vpcLinkId,
      discoveryClientId: this.discoveryClientId,
      databaseAdminId: this.databaseAdminId,
    });
  }
}
