import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DISCOVERY_SERVICE_NAME } from "../../shared";

/** Seconds resolvers cache the service's A records: short, so a stopped task leaves clients' answers quickly. */
export const DISCOVERY_TTL_SECONDS = 10;

export interface ServiceDiscoveryArgs {
  /** The private DNS namespace, e.g. `dev.catalog.internal`. */
  readonly namespace: string;
  /** The system the API belongs to, as the descriptions name it. */
  readonly system: string;
  /** The deployment's suffix, as the namespace's description names it. */
  readonly environmentSuffix: string;
  /** The network layer's VPC: the namespace's private hosted zone resolves only there. */
  readonly vpcId: pulumi.Input<string>;
}

/**
 * Cloud Map service discovery for the API: a private DNS namespace in the
 * VPC and the `api` service in it, which the ECS service registers its tasks
 * in. Tasks run in awsvpc mode, so each registers an A record of its own
 * address; MULTIVALUE answers with up to eight healthy ones. Route 53 health
 * checks exist only for public namespaces, so the health is custom: ECS
 * reports each task's state and Cloud Map answers with healthy tasks only.
 */
export class ServiceDiscovery extends pulumi.ComponentResource {
  public readonly namespaceId: pulumi.Output<string>;
  public readonly namespaceName: pulumi.Output<string>;
  public readonly serviceArn: pulumi.Output<string>;
  /** The name clients resolve, `api.<namespace>`. */
  public readonly dnsName: string;

  constructor(name: string, args: ServiceDiscoveryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:ServiceDiscovery", name, {}, opts);
    const namespace = new aws.servicediscovery.PrivateDnsNamespace(
      `${name}-namespace`,
      { name: args.namespace, vpc: args.vpcId, description: `Service discovery of the ${args.system} API (${args.environmentSuffix})` },
      { parent: this },
    );
    const service = new aws.servicediscovery.Service(
      `${name}-service`,
      {
        name: DISCOVERY_SERVICE_NAME,
        description: `The ${args.system} API's tasks, registered by ECS`,
        dnsConfig: {
          namespaceId: namespace.id,
          dnsRecords: [{ type: "A", ttl: DISCOVERY_TTL_SECONDS }],
          routingPolicy: "MULTIVALUE",
        },
        // Deprecated and fixed at 1 by AWS, but without it the provider creates no custom health check (terraform-provider-aws#44285).
        healthCheckCustomConfig: { failureThreshold: 1 },
        // Registrations belong to ECS; a destroy must not wait on instances a stopped service left behind.
        forceDestroy: true,
      },
      { parent: this },
    );

    this.namespaceId = namespace.id;
    this.namespaceName = namespace.name;
    this.serviceArn = service.arn;
    this.dnsName = `${DISCOVERY_SERVICE_NAME}.${args.namespace}`;
    this.registerOutputs({
      namespaceId: this.namespaceId,
      namespaceName: this.namespaceName,
      serviceArn: this.serviceArn,
      dnsName: this.dnsName,
    });
  }
}
