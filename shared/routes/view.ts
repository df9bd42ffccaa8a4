import { Layer } from "../layers";
import { PlannedResource } from "../plan/capture";
import { Plan } from "../plan/runner";

/** Planned resource types a walk reads. */
export const T = {
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  restApi: "aws:apigateway/restApi:RestApi",
  apiResource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  stage: "aws:apigateway/stage:Stage",
  deployment: "aws:apigateway/deployment:Deployment",
  apiKey: "aws:apigateway/apiKey:ApiKey",
  usagePlan: "aws:apigateway/usagePlan:UsagePlan",
  usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
  vpcLink: "aws:apigatewayv2/vpcLink:VpcLink",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  ecsService: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  dnsNamespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
  discoveryService: "aws:servicediscovery/service:Service",
  dbCluster: "aws:rds/cluster:Cluster",
  cacheGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
} as const;

export type Inputs = Readonly<Record<string, unknown>>;

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const num = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined;
export const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
export const obj = (v: unknown): Inputs => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Inputs) : {});
export const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");

/** A plan as a walk reads it: every layer's resources in one pool, found by type, id and ARN. */
export class PlanView {
  private readonly pool: readonly PlannedResource[];

  constructor(readonly plan: Plan) {
    this.pool = plan.layers.flatMap((l) => l.resources);
    const missing = this.pool.find((r) => r.custom && !r.type.startsWith("pulumi:") && r.id === undefined);
    if (missing !== undefined)
      throw new Error(`resource ${missing.name} (${missing.type}) has no id: a walk needs a plan from the offline mocks (npm run plan)`);
  }

  all(type: string): PlannedResource[] {
    return this.pool.filter((r) => r.type === type);
  }

  /** The resource of `type` whose id, or computed ARN, is `ref`. */
  find(type: string, ref: string | undefined): PlannedResource | undefined {
    if (ref === undefined) return undefined;
    return this.pool.find((r) => r.type === type && (r.id === ref || r.computed?.arn === ref));
  }

  /** A stack output of `layer`, as its program exported it. */
  output(layer: Layer, key: string): unknown {
    return this.plan.layers.find((l) => l.layer === layer)?.outputs[key];
  }

  /** The VPC's CIDR block, from the network layer's outputs. */
  vpcCidr(): string {
    const cidr = str(this.output("network", "vpcCidr"));
    if (cidr === undefined)
      throw new Error("the plan's network layer exports no vpcCidr: a walk cannot tell addresses in the VPC from the internet");
    return cidr;
  }
}

/** A computed output of a planned resource. */
export function computed(r: PlannedResource, key: string): unknown {
  return r.computed?.[key];
}
