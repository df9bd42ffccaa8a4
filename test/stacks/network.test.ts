import { Plan } from "../../shared/plan/runner";
import { byUrn, jsonInput, layerOf, ofType, one, planStack } from "../harness";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

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
    expect(vpc.inputs).toMatchObject({ cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
  });

  it("writes all flow log traffic to a log group with retention through a role only VPC Flow Logs can assume", () => {
    const network = layerOf(dev, "network");
    const urns = byUrn(network);
    const flowLog = one(network, "aws:ec2/flowLog:FlowLog");
    const logGroup = one(network, "aws:cloudwatch/logGroup:LogGroup");
    expect(flowLog.inputs).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
    expect(flowLog.dependencies.map((u: string) => urns.get(u)?.type)).toEqual(
      expect.arrayContaining(["aws:cloudwatch/logGroup:LogGroup", "aws:iam/role:Role", "awsx:ec2:Vpc"]),
    );
    expect(logGroup.inputs).toMatchObject({ name: "orders-vpc-flow-logs-dev", retentionInDays: 30 });
    const trust = jsonInput<{ Statement: { Principal: unknown; Condition: unknown }[] }>(one(network, "aws:iam/role:Role"), "assumeRolePolicy");
    expect(trust.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }),
    ]);
  });

  it("lets the database group accept traffic only from the service group on the database port", () => {
    const network = layerOf(dev, "network");
    const groups = Object.fromEntries(ofType(network, SG).map((g) => [g.inputs.name, g.urn]));
    const ingress = ofType(network, INGRESS).filter((r) => r.dependencies.includes(groups["orders-db-sg-dev"]) && r.name.includes("db-in"));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 3306, toPort: 3306 });
    expect(ingress[0].dependencies).toContain(groups["orders-service-sg-dev"]);
  });
});
