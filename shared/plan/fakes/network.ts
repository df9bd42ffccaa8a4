import { ec2, Fake, fakeArn, FAKE_ACCOUNT_ID, str } from "./kit";

/** The network layer's resource types (and the IAM and logs types every layer uses). */
export const NETWORK_FAKES: Readonly<Record<string, Fake>> = {
  "aws:ec2/securityGroup:SecurityGroup": ec2("sg", "security-group"),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ec2("sgr", "security-group-rule"),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ec2("sgr", "security-group-rule"),
  "aws:ec2/flowLog:FlowLog": ec2("fl", "vpc-flow-log"),
  "aws:cloudwatch/logGroup:LogGroup": ({ region, name, inputs }) => {
    const logGroup = str(inputs.name, name);
    return { id: logGroup, state: { arn: fakeArn("logs", region, `log-group:${logGroup}`) } };
  },
  "aws:iam/role:Role": ({ name, inputs, hex }) => {
    const role = str(inputs.name, name);
    return { id: role, state: { arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:role/${role}`, uniqueId: `AROA${hex(17).toUpperCase()}` } };
  },
  "aws:iam/rolePolicy:RolePolicy": ({ name, inputs }) => ({ id: `${str(inputs.role, "role")}:${str(inputs.name, name)}`, state: {} }),
  "aws:iam/policy:Policy": ({ name, inputs }) => {
    const policyArn = `arn:aws:iam::${FAKE_ACCOUNT_ID}:policy/${str(inputs.name, name)}`;
    return { id: policyArn, state: { arn: policyArn } };
  },
  "awsx:ec2:Vpc": ({ region, inputs, hex }) => {
    const zones = Array.isArray(inputs.availabilityZoneNames) ? (inputs.availabilityZoneNames as string[]) : [];
    const specs = Array.isArray(inputs.subnetSpecs) ? (inputs.subnetSpecs as { type: string }[]) : [];
    const ids = (type: string) =>
      specs.some((s) => s.type === type) ? zones.map((_, i) => `subnet-0${hex(12)}${type.slice(0, 3).toLowerCase()}${i}`) : [];
    const vpcId = `vpc-0${hex(16)}`;
    return {
      id: vpcId,
      state: {
        vpcId,
        publicSubnetIds: ids("Public"),
        privateSubnetIds: ids("Private"),
        isolatedSubnetIds: ids("Isolated"),
        vpc: { id: vpcId, arn: fakeArn("ec2", region, `vpc/${vpcId}`) },
      },
    };
  },
};
