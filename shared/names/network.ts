import { NameKind } from "../naming";

/** The network layer's physical names. */
export const NETWORK_NAMES = {
  vpc: { type: "vpc", rule: "generic" },
  flowLogGroup: { type: "vpc-flow-logs", rule: "logGroup" },
  flowLogRole: { type: "vpc-flow-logs", rule: "iamRole" },
  loadBalancerSecurityGroup: { type: "alb-sg", rule: "securityGroup" },
  serviceSecurityGroup: { type: "service-sg", rule: "securityGroup" },
  databaseSecurityGroup: { type: "db-sg", rule: "securityGroup" },
  cacheSecurityGroup: { type: "cache-sg", rule: "securityGroup" },
  vpcLinkSecurityGroup: { type: "vpclink-sg", rule: "securityGroup" },
  discoveryClientSecurityGroup: { type: "api-client-sg", rule: "securityGroup" },
  databaseAdminSecurityGroup: { type: "db-admin-sg", rule: "securityGroup" },
} as const satisfies Record<string, NameKind>;
