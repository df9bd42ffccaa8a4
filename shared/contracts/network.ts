import { PlatformConfig } from "../config";
import { Contract, defineContract, Imported, readUpstream, StackIdentity } from "./contract";

/** What the network layer exports for the layers above it. */
export interface NetworkOutputs extends StackIdentity {
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** The three AZs, in the order the subnet lists follow. */
  readonly availabilityZones: string[];
  /** One per AZ, in `availabilityZones` order: load balancer and NAT gateways. */
  readonly publicSubnetIds: string[];
  /** One per AZ: tasks, and the database unless the isolated tier is on. */
  readonly privateSubnetIds: string[];
  /** One per AZ when the isolated tier is on, else empty. */
  readonly isolatedSubnetIds: string[];
  /** The subnets the data layer places the database in: isolated when that tier is on, else private. */
  readonly databaseSubnetIds: string[];
  readonly loadBalancerSecurityGroupId: string;
  readonly serviceSecurityGroupId: string;
  readonly databaseSecurityGroupId: string;
  /** The group of the data layer's database user functions (bootstrap, rotation): the database admits it on its port. */
  readonly databaseAdminSecurityGroupId: string;
  /** Only when the system has a cache. */
  readonly cacheSecurityGroupId?: string;
  /** Only when API Gateway fronts the load balancer: the group of its VPC link, the only source the load balancer admits on the production ports. */
  readonly apiGatewayVpcLinkSecurityGroupId?: string;
  /**
   * Only with service discovery: the group a client in the VPC attaches to call the API by its Cloud Map name,
   * the only source besides the load balancer that the service group admits on the container port.
   */
  readonly serviceDiscoveryClientSecurityGroupId?: string;
  /** The ports the load balancer group admits (from the internet, or from the VPC link); the edge layer's listeners must match. */
  readonly loadBalancerPorts: number[];
}

export const networkContract: Contract<NetworkOutputs> = defineContract<NetworkOutputs>("network", {
  system: "required",
  region: "required",
  environmentSuffix: "required",
  vpcId: "required",
  vpcCidr: "required",
  availabilityZones: "required",
  publicSubnetIds: "required",
  privateSubnetIds: "required",
  isolatedSubnetIds: "required",
  databaseSubnetIds: "required",
  loadBalancerSecurityGroupId: "required",
  serviceSecurityGroupId: "required",
  databaseSecurityGroupId: "required",
  databaseAdminSecurityGroupId: "required",
  cacheSecurityGroupId: "optional",
  apiGatewayVpcLinkSecurityGroupId: "optional",
  serviceDiscoveryClientSecurityGroupId: "optional",
  loadBalancerPorts: "required",
});

/** The network layer's outputs, for the data, edge and compute layers. */
export function readNetwork(cfg: PlatformConfig): Imported<NetworkOutputs> {
  return readUpstream(cfg, networkContract);
}
