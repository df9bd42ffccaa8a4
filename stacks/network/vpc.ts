import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { cidrPrefix, NatGateways, policyDocument } from "../../shared";

/** Netmasks of the subnet layout, derived from the VPC's prefix. */
export interface SubnetLayout {
  /** Each AZ's share of the VPC: a quarter (three AZs, one quarter spare). */
  readonly azMask: number;
  /** Tasks and (without the isolated tier) the database: half of the AZ's share. */
  readonly privateMask: number;
  /** Load balancer and NAT: a sixteenth of the AZ's share. */
  readonly publicMask: number;
  /** Databases, when the tier is on: a sixteenth of the AZ's share. */
  readonly isolatedMask: number;
}

/** The subnet netmasks for a VPC CIDR of /16 to /22 (a /16 gives /18 per AZ, /19 private, /22 public and isolated). */
export function subnetLayout(vpcCidr: string): SubnetLayout {
  const azMask = cidrPrefix(vpcCidr) + 2;
  return { azMask, privateMask: azMask + 1, publicMask: azMask + 4, isolatedMask: azMask + 4 };
}

export interface VpcArgs {
  /** The VPC's IPv4 CIDR block, /16 to /22 (see {@link subnetLayout}). */
  readonly cidrBlock: string;
  /** The three availability zones the subnets span. */
  readonly availabilityZones: readonly [string, string, string];
  /** A NAT gateway per AZ (an AZ outage leaves the others their egress) or a single one. */
  readonly natGateways: NatGateways;
  /**
   * A third subnet tier with no route to the internet (for databases).
   * @default false
   */
  readonly isolatedSubnets?: boolean;
  /** The region, for the S3 gateway endpoint's service name. */
  readonly region: string;
  /** The VPC's `Name` tag. */
  readonly vpcName: string;
  /** The flow log group's name and the days it keeps records. */
  readonly flowLogGroupName: string;
  readonly flowLogRetentionDays: number;
  /** The role VPC Flow Logs assumes to write to the group. */
  readonly flowLogRoleName: string;
}

/**
 * The VPC over exactly three AZs: public subnets (load balancer, NAT),
 * private subnets (tasks, database), and optionally isolated subnets with no
 * route to the internet. NAT per AZ or single; an S3 gateway endpoint so
 * image layers do not cross the NAT; flow logs to CloudWatch Logs.
 */
export class Vpc extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  public readonly isolatedSubnetIds: pulumi.Output<string[]>;

  constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:Vpc", name, {}, opts);
    const layout = subnetLayout(args.cidrBlock);
    const subnetSpecs: awsx.types.input.ec2.SubnetSpecArgs[] = [
      { type: "Private", cidrMask: layout.privateMask },
      { type: "Public", cidrMask: layout.publicMask },
      ...((args.isolatedSubnets ?? false) ? [{ type: "Isolated" as const, cidrMask: layout.isolatedMask }] : []),
    ];

    const vpc = new awsx.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        availabilityZoneNames: [...args.availabilityZones],
        availabilityZoneCidrMask: layout.azMask,
        subnetStrategy: "Auto",
        subnetSpecs,
        natGateways: { strategy: args.natGateways === "perAz" ? "OnePerAz" : "Single" },
        enableDnsHostnames: true,
        enableDnsSupport: true,
        vpcEndpointStrategy: "Auto",
        vpcEndpointSpecs: [{ serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway" }],
        tags: { Name: args.vpcName },
      },
      { parent: this },
    );

    // Flow logs reach CloudWatch Logs through the IAM role below (deliverLogsPermissionArn, required for a cloud-watch-logs
    // destination), which vpc-flow-logs.amazonaws.com assumes: no CloudWatch Logs resource policy, account-level or on the
    // log group, is created or used ("IAM role for publishing flow logs to CloudWatch Logs":
    // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html).
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      { name: args.flowLogGroupName, retentionInDays: args.flowLogRetentionDays },
      { parent: this },
    );
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const role = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        name: args.flowLogRoleName,
        description: "Lets VPC Flow Logs deliver to its log group",
        assumeRolePolicy: account.accountId.apply((accountId) =>
          JSON.stringify(
            policyDocument([
              {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
              },
            ]),
          ),
        ),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: role.name,
        policy: logGroup.arn.apply((arn) =>
          JSON.stringify(
            policyDocument([
              {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
              },
            ]),
          ),
        ),
      },
      { parent: this },
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.vpcId,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
      },
      { parent: this },
    );

    this.vpcId = vpc.vpcId;
    this.publicSubnetIds = vpc.publicSubnetIds;
    this.privateSubnetIds = vpc.privateSubnetIds;
    this.isolatedSubnetIds = vpc.isolatedSubnetIds;
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
    });
  }
}
