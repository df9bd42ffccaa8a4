import { FAKE_ACCOUNT_ID, fakeCall, fakeResource, platformMocks } from "../../shared/plan/fakeAws";
import { parsePlatformConfig } from "../../shared/config";
import { metricsNamespace, pendingOrdersMetric } from "../../shared/metrics";

describe("fake AWS of the offline plan", () => {
  it("answers the data sources the layers call like AWS would", () => {
    expect(fakeCall("aws:index/getCallerIdentity:getCallerIdentity", {}, "us-east-1")).toMatchObject({ accountId: FAKE_ACCOUNT_ID });
    expect(fakeCall("aws:index/getRegion:getRegion", {}, "ap-southeast-1")).toMatchObject({
      name: "ap-southeast-1",
      region: "ap-southeast-1",
    });
    expect(fakeCall("aws:index/getPartition:getPartition", {}, "us-east-1")).toMatchObject({
      partition: "aws",
      dnsSuffix: "amazonaws.com",
    });
    expect(fakeCall("aws:unknown/x:x", { a: 1 }, "us-east-1")).toEqual({ a: 1 });
  });

  it("gives IAM policies global ARNs and unknown types an ARN of their service in the region", () => {
    expect(fakeResource("aws:iam/policy:Policy", "p", { name: "orders-policy-dev" }, "us-east-1")).toEqual({
      id: `arn:aws:iam::${FAKE_ACCOUNT_ID}:policy/orders-policy-dev`,
      state: { arn: `arn:aws:iam::${FAKE_ACCOUNT_ID}:policy/orders-policy-dev` },
    });
    const other = fakeResource("aws:sqs/queue:Queue", "q", {}, "eu-west-1");
    expect(other.id).toMatch(/^q-[0-9a-f]{8}$/);
    expect(other.state.arn).toBe(`arn:aws:sqs:eu-west-1:${FAKE_ACCOUNT_ID}:q/${other.id}`);
    expect(fakeResource("aws:iam/rolePolicy:RolePolicy", "rp", {}, "us-east-1").id).toBe("role:rp");
  });

  it("gives Lambda functions and EventBridge rules the ARNs a permission and a target refer to", () => {
    expect(fakeResource("aws:lambda/function:Function", "f", { name: "payments-backup-check-dev" }, "ap-southeast-1")).toMatchObject({
      id: "payments-backup-check-dev",
      state: { arn: `arn:aws:lambda:ap-southeast-1:${FAKE_ACCOUNT_ID}:function:payments-backup-check-dev`, version: "$LATEST" },
    });
    expect(fakeResource("aws:cloudwatch/eventRule:EventRule", "r", { name: "payments-backup-check-dev" }, "ap-southeast-1")).toEqual({
      id: "payments-backup-check-dev",
      state: { arn: `arn:aws:events:ap-southeast-1:${FAKE_ACCOUNT_ID}:rule/payments-backup-check-dev` },
    });
    expect(fakeResource("aws:lambda/function:Function", "fallback", {}, "us-east-1").id).toBe("fallback");
    expect(fakeResource("aws:cloudwatch/eventRule:EventRule", "fallback", {}, "us-east-1").id).toBe("fallback");
  });

  it("is deterministic, so plans diff cleanly between runs", () => {
    expect(fakeResource("aws:ec2/securityGroup:SecurityGroup", "a", {}, "us-east-1")).toEqual(
      fakeResource("aws:ec2/securityGroup:SecurityGroup", "a", {}, "us-east-1"),
    );
    expect(fakeResource("aws:ec2/securityGroup:SecurityGroup", "a", {}, "us-east-1").id).not.toBe(
      fakeResource("aws:ec2/securityGroup:SecurityGroup", "b", {}, "us-east-1").id,
    );
  });

  it("answers Cloud Map and X-Ray resources with their AWS id and ARN shapes", () => {
    const ns = fakeResource(
      "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
      "n",
      { name: "dev.catalog.internal" },
      "us-west-2",
    );
    expect(ns.id).toMatch(/^ns-[0-9a-f]{16}$/);
    expect(ns.state).toMatchObject({ arn: `arn:aws:servicediscovery:us-west-2:${FAKE_ACCOUNT_ID}:namespace/${ns.id}` });
    const srv = fakeResource("aws:servicediscovery/service:Service", "s", { name: "api" }, "us-west-2");
    expect(srv.id).toMatch(/^srv-[0-9a-f]{16}$/);
    expect(srv.state).toMatchObject({ arn: `arn:aws:servicediscovery:us-west-2:${FAKE_ACCOUNT_ID}:service/${srv.id}` });
    expect(fakeResource("aws:xray/samplingRule:SamplingRule", "r", { ruleName: "payments-api-dev" }, "ap-southeast-1")).toMatchObject({
      id: "payments-api-dev",
      state: { arn: `arn:aws:xray:ap-southeast-1:${FAKE_ACCOUNT_ID}:sampling-rule/payments-api-dev` },
    });
  });

  it("answers an awsx VPC without subnet specs with no subnets", () => {
    expect(fakeResource("awsx:ec2:Vpc", "v", {}, "us-east-1").state).toMatchObject({
      publicSubnetIds: [],
      privateSubnetIds: [],
      isolatedSubnetIds: [],
    });
  });
});

describe("stack references under the plan's mocks", () => {
  it("fail like Pulumi does for a stack that was never deployed", () => {
    const mocks = platformMocks("us-east-1", new Map([["organization/platform-network/a", { vpcId: "vpc-1" }]]));
    const ref = (name: string) =>
      mocks.newResource({ type: "pulumi:pulumi:StackReference", name, inputs: { name }, custom: true, id: name });
    expect(ref("organization/platform-network/a")).toEqual({
      id: "organization/platform-network/a",
      state: { name: "organization/platform-network/a", outputs: { vpcId: "vpc-1" }, secretOutputNames: [] },
    });
    expect(() => ref("organization/platform-network/b")).toThrow('unknown stack "organization/platform-network/b": deploy it first');
  });
});

describe("application metrics", () => {
  it("live in the stack's own namespace, which the task role may publish to and the dashboard reads", () => {
    const cfg = parsePlatformConfig({ environmentSuffix: "pr-7" }, { stack: "s" });
    expect(metricsNamespace(cfg)).toBe("orders/pr-7");
    expect(pendingOrdersMetric(cfg)).toEqual({ namespace: "orders/pr-7", name: "PendingOrders" });
  });
});
