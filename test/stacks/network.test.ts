import { subnetLayout } from "../../stacks/network/vpc";
import { networkContract } from "../../shared/contracts";
import { PlannedResource } from "../../shared/plan/capture";
import { fakeResource } from "../../shared/plan/fakeAws";
import { LayerPlan, Plan } from "../../shared/plan/runner";
import { byUrn, jsonInput, layerOf, ofType, one, planStack } from "../harness";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** Every security group rule of a plan as `<group> <in|out> <protocol>/<from>-<to> <peer>`, peers by group name or CIDR. */
function rules(network: LayerPlan): string[] {
  const groups = new Map(ofType(network, SG).map((g) => [fakeResource(g.type, g.name, g.inputs, "us-east-1").id, String(g.inputs.name)]));
  const describe = (direction: string) => (r: PlannedResource) => {
    const peer = r.inputs.cidrIpv4 ?? groups.get(String(r.inputs.referencedSecurityGroupId));
    return `${groups.get(String(r.inputs.securityGroupId))} ${direction} ${String(r.inputs.ipProtocol)}/${String(r.inputs.fromPort)}-${String(r.inputs.toPort)} ${String(peer)}`;
  };
  return [...ofType(network, INGRESS).map(describe("in")), ...ofType(network, EGRESS).map(describe("out"))].sort();
}

let dev: Plan;
beforeAll(async () => {
  dev = await planStack("orders-dev");
});

describe("network layer", () => {
  it("spans exactly the three configured AZs with public and private subnets and a NAT gateway per AZ", () => {
    const vpc = one(layerOf(dev, "network"), "awsx:ec2:Vpc");
    expect(vpc.inputs.availabilityZoneNames).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(vpc.inputs.subnetSpecs).toEqual([
      { type: "Private", cidrMask: 19 },
      { type: "Public", cidrMask: 22 },
    ]);
    expect(vpc.inputs.natGateways).toEqual({ strategy: "OnePerAz" });
    expect(vpc.inputs).toMatchObject({
      cidrBlock: "10.0.0.0/16",
      availabilityZoneCidrMask: 18,
      subnetStrategy: "Auto",
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
    expect(layerOf(dev, "network").outputs.availabilityZones).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
  });

  it("keeps image-layer pulls off the NAT with a gateway endpoint for S3 in the stack's region", () => {
    const vpc = one(layerOf(dev, "network"), "awsx:ec2:Vpc");
    expect(vpc.inputs.vpcEndpointSpecs).toEqual([{ serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" }]);
    expect(vpc.inputs.vpcEndpointStrategy).toBe("Auto");
  });

  it("uses a single NAT gateway when a development stack asks for one", async () => {
    const plan = await planStack("orders-dev", { natGateways: "single" }, "network");
    expect(one(layerOf(plan, "network"), "awsx:ec2:Vpc").inputs.natGateways).toEqual({ strategy: "Single" });
  });

  it("adds an isolated tier with no internet route and hands it to the database when enabled", async () => {
    const plan = await planStack("orders-dev", { isolatedSubnets: "true" }, "network");
    const network = layerOf(plan, "network");
    expect(one(network, "awsx:ec2:Vpc").inputs.subnetSpecs).toEqual([
      { type: "Private", cidrMask: 19 },
      { type: "Public", cidrMask: 22 },
      { type: "Isolated", cidrMask: 22 },
    ]);
    expect(network.outputs.isolatedSubnetIds).toHaveLength(3);
    expect(network.outputs.databaseSubnetIds).toEqual(network.outputs.isolatedSubnetIds);
    expect(layerOf(dev, "network").outputs.databaseSubnetIds).toEqual(layerOf(dev, "network").outputs.privateSubnetIds);
    expect(layerOf(dev, "network").outputs.isolatedSubnetIds).toEqual([]);
  });

  it.each([
    ["10.0.0.0/16", { azMask: 18, privateMask: 19, publicMask: 22, isolatedMask: 22 }],
    ["172.16.0.0/20", { azMask: 22, privateMask: 23, publicMask: 26, isolatedMask: 26 }],
    ["10.1.0.0/22", { azMask: 24, privateMask: 25, publicMask: 28, isolatedMask: 28 }],
  ])("lays out a %s VPC so every subnet fits its AZ and none is smaller than AWS's /28", (cidr, layout) => {
    const result = subnetLayout(cidr);
    expect(result).toEqual(layout);
    expect(
      2 ** -(result.privateMask - result.azMask) + 2 ** -(result.publicMask - result.azMask) + 2 ** -(result.isolatedMask - result.azMask),
    ).toBeLessThanOrEqual(1);
    expect(result.publicMask).toBeLessThanOrEqual(28);
  });

  it("writes all flow log traffic to a log group with retention through a role only VPC Flow Logs can assume", () => {
    const network = layerOf(dev, "network");
    const urns = byUrn(network);
    const flowLog = one(network, "aws:ec2/flowLog:FlowLog");
    const logGroup = one(network, "aws:cloudwatch/logGroup:LogGroup");
    expect(flowLog.inputs).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs", maxAggregationInterval: 60 });
    expect(flowLog.dependencies.map((u) => urns.get(u)?.type)).toEqual(
      expect.arrayContaining(["aws:cloudwatch/logGroup:LogGroup", "aws:iam/role:Role", "awsx:ec2:Vpc"]),
    );
    expect(logGroup.inputs).toMatchObject({ name: "orders-vpc-flow-logs-dev", retentionInDays: 30 });
    const trust = jsonInput<{ Statement: unknown[] }>(one(network, "aws:iam/role:Role"), "assumeRolePolicy");
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    const policy = jsonInput<{ Statement: { Action: string[]; Resource: string[] }[] }>(
      one(network, "aws:iam/rolePolicy:RolePolicy"),
      "policy",
    );
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [
          "arn:aws:logs:us-east-1:123456789012:log-group:orders-vpc-flow-logs-dev",
          "arn:aws:logs:us-east-1:123456789012:log-group:orders-vpc-flow-logs-dev:*",
        ],
      },
    ]);
  });

  it("opens exactly these security group rules and no others (HTTP only, no cache)", () => {
    expect(rules(layerOf(dev, "network"))).toEqual([
      "orders-alb-sg-dev in tcp/80-80 0.0.0.0/0",
      "orders-alb-sg-dev out tcp/8080-8080 orders-service-sg-dev",
      "orders-db-admin-sg-dev out tcp/3306-3306 orders-db-sg-dev",
      "orders-db-admin-sg-dev out tcp/443-443 0.0.0.0/0",
      "orders-db-sg-dev in tcp/3306-3306 orders-db-admin-sg-dev",
      "orders-db-sg-dev in tcp/3306-3306 orders-service-sg-dev",
      "orders-service-sg-dev in tcp/8080-8080 orders-alb-sg-dev",
      "orders-service-sg-dev out tcp/3306-3306 orders-db-sg-dev",
      "orders-service-sg-dev out tcp/443-443 0.0.0.0/0",
    ]);
  });

  it("opens 443 and the test listener only from its CIDRs when HTTPS and testers are configured, and a cache group when the system has one", async () => {
    const plan = await planStack(
      "orders-dev",
      {
        domainName: "api.example.com",
        hostedZoneId: "Z0123456789ABC",
        testListenerCidrs: '["10.20.0.0/16","192.168.1.0/24"]',
        cache: "true",
        containerPort: "9000",
      },
      "network",
    );
    const network = layerOf(plan, "network");
    expect(rules(network)).toEqual([
      "orders-alb-sg-dev in tcp/443-443 0.0.0.0/0",
      "orders-alb-sg-dev in tcp/80-80 0.0.0.0/0",
      "orders-alb-sg-dev in tcp/8443-8443 10.20.0.0/16",
      "orders-alb-sg-dev in tcp/8443-8443 192.168.1.0/24",
      "orders-alb-sg-dev out tcp/9000-9000 orders-service-sg-dev",
      "orders-cache-sg-dev in tcp/6379-6379 orders-service-sg-dev",
      "orders-db-admin-sg-dev out tcp/3306-3306 orders-db-sg-dev",
      "orders-db-admin-sg-dev out tcp/443-443 0.0.0.0/0",
      "orders-db-sg-dev in tcp/3306-3306 orders-db-admin-sg-dev",
      "orders-db-sg-dev in tcp/3306-3306 orders-service-sg-dev",
      "orders-service-sg-dev in tcp/9000-9000 orders-alb-sg-dev",
      "orders-service-sg-dev out tcp/3306-3306 orders-db-sg-dev",
      "orders-service-sg-dev out tcp/443-443 0.0.0.0/0",
      "orders-service-sg-dev out tcp/6379-6379 orders-cache-sg-dev",
    ]);
    expect(network.outputs.loadBalancerPorts).toEqual([80, 443, 8443]);
    expect(network.outputs.cacheSecurityGroupId).toMatch(/^sg-0[0-9a-f]{16}$/);
  });

  it("keeps the rules out of the groups themselves, so groups can refer to each other and be destroyed", () => {
    for (const group of ofType(layerOf(dev, "network"), SG)) {
      expect(group.inputs.ingress).toBeUndefined();
      expect(group.inputs.egress).toBeUndefined();
      expect(group.inputs.revokeRulesOnDelete).toBe(true);
      expect(String(group.inputs.description).length).toBeGreaterThan(10);
    }
  });

  it("tags through the provider only: no resource but the VPC's Name sets tags of its own", () => {
    const network = layerOf(dev, "network");
    const tagged = network.resources.filter((r) => r.inputs.tags !== undefined);
    expect(tagged.map((r) => [r.type, r.inputs.tags])).toEqual([["awsx:ec2:Vpc", { Name: "orders-vpc-dev" }]]);
    const provider = one(network, "pulumi:providers:aws");
    expect(JSON.parse(String(provider.inputs.defaultTags))).toEqual({
      tags: {
        Environment: "development",
        EnvironmentSuffix: "dev",
        Project: "platform-network",
        System: "orders",
        Layer: "network",
        ManagedBy: "pulumi",
      },
    });
  });

  it("parents every resource to a component of the layer, and the components to the stack", () => {
    const network = layerOf(dev, "network");
    const urns = byUrn(network);
    for (const r of network.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"))) {
      expect(urns.get(r.parent ?? "")?.type).toMatch(/^platform:network:/);
    }
  });

  it("exports every key of the network contract", () => {
    const outputs = layerOf(dev, "network").outputs;
    const required = Object.entries(networkContract.keys)
      .filter(([, p]) => p === "required")
      .map(([k]) => k);
    expect(Object.keys(outputs).sort()).toEqual(required.sort());
    expect(outputs.vpcId).toMatch(/^vpc-0[0-9a-f]{16}$/);
  });
});
