import { buildComponent } from "./build";

describe("network components built from their own args alone", () => {
  it("Vpc: the awsx VPC over the three AZs with the tiers asked for, and flow logs to the named group through the named role", async () => {
    const { Vpc } = await import("../../stacks/network/vpc");
    const args = {
      cidrBlock: "10.1.0.0/20",
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] as const,
      natGateways: "single" as const,
      region: "eu-west-1",
      vpcName: "shop-vpc-qa",
      flowLogGroupName: "shop-flow-qa",
      flowLogRetentionDays: 7,
      flowLogRoleName: "shop-flow-role-qa",
    };
    const resources = await buildComponent(() => new Vpc("n", args), "eu-west-1");
    const vpc = resources.find((r) => r.type === "awsx:ec2:Vpc");
    expect(vpc?.inputs).toMatchObject({
      cidrBlock: "10.1.0.0/20",
      availabilityZoneCidrMask: 22,
      natGateways: { strategy: "Single" },
      tags: { Name: "shop-vpc-qa" },
    });
    expect((vpc?.inputs.subnetSpecs as { type: string }[]).map((s) => s.type)).toEqual(["Private", "Public"]);
    expect(resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")?.inputs).toMatchObject({
      name: "shop-flow-qa",
      retentionInDays: 7,
    });
    expect(resources.find((r) => r.type === "aws:iam/role:Role")?.inputs.name).toBe("shop-flow-role-qa");
    const isolated = await buildComponent(() => new Vpc("n", { ...args, isolatedSubnets: true }), "eu-west-1");
    expect((isolated.find((r) => r.type === "awsx:ec2:Vpc")?.inputs.subnetSpecs as { type: string }[]).map((s) => s.type)).toEqual([
      "Private",
      "Public",
      "Isolated",
    ]);
  });
});

describe("the security groups built from their own args alone", () => {
  const names = {
    loadBalancer: "lb",
    service: "svc",
    database: "db",
    cache: "cache",
    vpcLink: "link",
    discoveryClient: "clients",
    databaseAdmin: "db-admin",
  };
  const base = {
    vpcId: "vpc-1",
    containerPort: 9000,
    databasePort: 5432,
    names,
    loadBalancerIngress: [{ port: 80, cidrs: ["0.0.0.0/0"], groups: [], description: "HTTP" }],
  };
  it("SecurityGroups: four groups by default, the container and database ports between them", async () => {
    const { SecurityGroups } = await import("../../stacks/network/securityGroups");
    const resources = await buildComponent(() => new SecurityGroups("g", base));
    expect(resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup").map((r) => r.inputs.name)).toEqual([
      "lb",
      "svc",
      "db",
      "db-admin",
    ]);
    const ports = (type: string) => resources.filter((r) => r.type === type).map((r) => [r.name, r.inputs.fromPort]);
    expect(ports("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toEqual([
      ["g-alb-in-80-0", 80],
      ["g-service-in-alb", 9000],
      ["g-db-in-service", 5432],
      ["g-db-in-db-admin", 5432],
    ]);
  });

  it("SecurityGroups: the cache, VPC link and client groups only when asked for, the link admitted as the ingress's peer", async () => {
    const { SecurityGroups } = await import("../../stacks/network/securityGroups");
    const resources = await buildComponent(
      () =>
        new SecurityGroups("g", {
          ...base,
          loadBalancerIngress: [{ port: 80, cidrs: [], groups: ["apiGatewayVpcLink"], description: "from the link" }],
          cache: true,
          apiGatewayVpcLink: true,
          discoveryClients: true,
        }),
    );
    expect(resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup").map((r) => r.inputs.name)).toEqual([
      "lb",
      "svc",
      "db",
      "cache",
      "link",
      "db-admin",
      "clients",
    ]);
    expect(resources.map((r) => r.name)).toEqual(
      expect.arrayContaining(["g-alb-in-80-vpclink", "g-vpclink-out-alb-80", "g-cache-in-service", "g-service-in-api-clients"]),
    );
  });
});
