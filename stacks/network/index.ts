import { apiGatewayEnabled, awsProvider, Exported, loadBalancerIngress, loadPlatformConfig, nameOf, NetworkOutputs } from "../../shared";
import { SecurityGroups } from "./securityGroups";
import { Vpc } from "./vpc";

/** The network layer: VPC, subnets, NAT and the security groups between layers. Its return value is the stack outputs. */
export = async () => {
  const cfg = loadPlatformConfig();
  const provider = awsProvider(cfg, "network");

  const net = cfg.network;
  const vpc = new Vpc(
    "network",
    {
      cidrBlock: net.vpcCidr,
      availabilityZones: net.availabilityZones,
      natGateways: net.natGateways,
      isolatedSubnets: net.isolatedSubnets,
      region: cfg.region,
      vpcName: nameOf(cfg, "vpc"),
      flowLogGroupName: nameOf(cfg, "flowLogGroup"),
      flowLogRetentionDays: net.flowLogRetentionDays,
      flowLogRoleName: nameOf(cfg, "flowLogRole"),
    },
    { provider },
  );
  const groups = new SecurityGroups(
    "network",
    {
      vpcId: vpc.vpcId,
      loadBalancerIngress: loadBalancerIngress(cfg),
      containerPort: cfg.compute.containerPort,
      databasePort: cfg.data.port,
      cache: cfg.cache,
      apiGatewayVpcLink: apiGatewayEnabled(cfg),
      discoveryClients: cfg.compute.serviceDiscovery !== undefined,
      names: {
        loadBalancer: nameOf(cfg, "loadBalancerSecurityGroup"),
        service: nameOf(cfg, "serviceSecurityGroup"),
        database: nameOf(cfg, "databaseSecurityGroup"),
        cache: nameOf(cfg, "cacheSecurityGroup"),
        vpcLink: nameOf(cfg, "vpcLinkSecurityGroup"),
        discoveryClient: nameOf(cfg, "discoveryClientSecurityGroup"),
        databaseAdmin: nameOf(cfg, "databaseAdminSecurityGroup"),
      },
    },
    { provider },
  );

  return {
    system: cfg.system,
    region: cfg.region,
    environmentSuffix: cfg.environmentSuffix,
    vpcId: vpc.vpcId,
    vpcCidr: cfg.network.vpcCidr,
    availabilityZones: [...cfg.network.availabilityZones],
    publicSubnetIds: vpc.publicSubnetIds,
    privateSubnetIds: vpc.privateSubnetIds,
    isolatedSubnetIds: vpc.isolatedSubnetIds,
    databaseSubnetIds: cfg.network.isolatedSubnets ? vpc.isolatedSubnetIds : vpc.privateSubnetIds,
    loadBalancerSecurityGroupId: groups.loadBalancerId,
    serviceSecurityGroupId: groups.serviceId,
    databaseSecurityGroupId: groups.databaseId,
    databaseAdminSecurityGroupId: groups.databaseAdminId,
    ...(groups.cacheId === undefined ? {} : { cacheSecurityGroupId: groups.cacheId }),
    ...(groups.vpcLinkId === undefined ? {} : { apiGatewayVpcLinkSecurityGroupId: groups.vpcLinkId }),
    ...(groups.discoveryClientId === undefined ? {} : { serviceDiscoveryClientSecurityGroupId: groups.discoveryClientId }),
    loadBalancerPorts: loadBalancerIngress(cfg).map((rule) => rule.port),
  } satisfies Exported<NetworkOutputs>;
};
