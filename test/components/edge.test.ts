import type { NetworkOutputs } from "../../shared";
import { ApiGateway } from "../../stacks/edge/apiGateway";
import { parsePlatformConfig } from "../../shared/config";
import { buildComponent, imported } from "./build";

describe("edge components built from their own args alone", () => {
  it("AccessLogsBucket: the named bucket, expiring its logs, written only by the given delivery principal, kept on destroy unless forceDestroy", async () => {
    const { AccessLogsBucket } = await import("../../stacks/edge/accessLogs");
    const resources = await buildComponent(
      () =>
        new AccessLogsBucket("b", {
          bucketName: (hex) => `logs-us-east-1-${hex}`,
          expirationDays: 30,
          delivery: { kind: "account", accountId: "127311923021" },
        }),
    );
    expect(resources.find((r) => r.type === "aws:s3/bucket:Bucket")?.inputs).toMatchObject({
      bucket: expect.stringMatching(/^logs-us-east-1-[0-9a-f]{8}$/),
      forceDestroy: false,
    });
    expect(
      JSON.stringify(resources.find((r) => r.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")?.inputs),
    ).toContain('"days":30');
    expect(String(resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")?.inputs.policy)).toContain(
      "arn:aws:iam::127311923021:root",
    );
  });
});

describe("the web firewall built from its own args alone", () => {
  it("WebFirewall: the named ACL with the rules given, associated with the resource, logging to the named group with the headers redacted", async () => {
    const { WebFirewall } = await import("../../stacks/edge/waf");
    const rule = {
      name: "r",
      priority: 0,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: 500, aggregateKeyType: "IP" } },
      visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "r" },
    };
    const resources = await buildComponent(
      () =>
        new WebFirewall("w", {
          protectedResourceArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1",
          webAclName: "shop-waf-qa",
          apiName: "shop",
          rules: [rule],
          logGroupName: "aws-waf-logs-shop-waf-qa",
          logRetentionDays: 30,
          region: "us-east-1",
          redactedHeaders: ["authorization"],
        }),
    );
    const acl = resources.find((r) => r.type === "aws:wafv2/webAcl:WebAcl");
    expect(acl?.inputs).toMatchObject({
      name: "shop-waf-qa",
      description: "Rate limit and AWS managed rules for the shop API",
      rules: [{ name: "r" }],
    });
    expect(resources.find((r) => r.type === "aws:wafv2/webAclAssociation:WebAclAssociation")?.inputs.resourceArn).toBe(
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1",
    );
    expect(
      resources.find((r) => r.type === "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")?.inputs.redactedFields,
    ).toEqual([{ singleHeader: { name: "authorization" } }]);
    // The name passed is ignored: the policy is attached to the log group, and such a policy has no name.
    const logGroup = resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
    const logPolicy = resources.find((r) => r.type === "aws:cloudwatch/logResourcePolicy:LogResourcePolicy");
    expect(logPolicy?.inputs.resourceArn).toBe("arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-shop-waf-qa");
    expect(logPolicy?.inputs).not.toHaveProperty("policyName");
    expect(logPolicy?.dependencies).toContain(logGroup?.urn);
    const bare = await buildComponent(
      () =>
        new WebFirewall("w", {
          protectedResourceArn: "arn:x",
          webAclName: "a",
          apiName: "b",
          rules: [],
          logGroupName: "aws-waf-logs-a",
          logRetentionDays: 1,
          region: "us-east-1",
        }),
    );
    expect(bare.find((r) => r.type === "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")?.inputs.redactedFields).toEqual(
      [],
    );
  });
});

describe("edge components built from their own args alone", () => {
  const network = imported<NetworkOutputs>({ privateSubnetIds: ["subnet-1"], apiGatewayVpcLinkSecurityGroupId: "sg-link" });
  const names = {
    restApi: "shop-api-qa",
    vpcLink: "shop-link-qa",
    apiKey: "shop-key-qa",
    usagePlan: "shop-plan-qa",
    accessLogGroup: "shop-api-access-qa",
  };
  const base = {
    names,
    apiName: "shop",
    accessLogRetentionDays: 14,
    network,
    loadBalancerArn: "arn:lb",
    loadBalancerDnsName: "lb.example",
    listenerPort: 80,
  };
  it("ApiGateway: the named API, link, key and plan on the stage given, the stage-removing templates on both routes, access logs only when asked for", async () => {
    const settings = parsePlatformConfig({ environmentSuffix: "qa", apiGateway: "true" }, { stack: "s" }).edge.apiGateway!;
    const resources = await buildComponent(() => new ApiGateway("a", { ...base, settings }));
    expect(resources.find((r) => r.type === "aws:apigateway/restApi:RestApi")?.inputs.name).toBe("shop-api-qa");
    expect(resources.find((r) => r.type === "aws:apigatewayv2/vpcLink:VpcLink")?.inputs).toMatchObject({
      name: "shop-link-qa",
      securityGroupIds: ["sg-link"],
    });
    expect(resources.find((r) => r.type === "aws:apigateway/stage:Stage")?.inputs).toMatchObject({
      stageName: "v1",
      description: "The shop API's v1 stage",
    });
    expect(resources.find((r) => r.type === "aws:apigateway/usagePlan:UsagePlan")?.inputs).toMatchObject({
      name: "shop-plan-qa",
      throttleSettings: { rateLimit: 50, burstLimit: 100 },
    });
    const integrations = resources.filter((r) => r.type === "aws:apigateway/integration:Integration");
    expect(integrations.map((i) => Object.keys(i.inputs.requestTemplates as object))).toEqual([
      ["application/json", "application/x-www-form-urlencoded"],
      ["application/json", "application/x-www-form-urlencoded"],
    ]);
    expect(resources.some((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")).toBe(false);
    const logged = await buildComponent(() => new ApiGateway("a", { ...base, settings: { ...settings, accessLogs: true } }));
    expect(logged.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")?.inputs).toMatchObject({
      name: "shop-api-access-qa",
      retentionInDays: 14,
    });
  });
});

describe("the load balancer built from its own args alone", () => {
  it("LoadBalancer: internet-facing by default, the listeners given, both rules on the paths given, deletion protection off unless asked", async () => {
    const { LoadBalancer } = await import("../../stacks/edge/loadBalancer");
    const lbNetwork = imported<NetworkOutputs>({
      publicSubnetIds: ["subnet-pub"],
      privateSubnetIds: ["subnet-pri"],
      loadBalancerSecurityGroupId: "sg-lb",
      vpcId: "vpc-1",
    });
    const args = {
      network: lbNetwork,
      names: {
        alb: "shop-alb-qa",
        blueTargetGroup: "shop-blue-qa",
        greenTargetGroup: "shop-green-qa",
        accessLogsBucket: (hex: string) => `shop-logs-qa-${hex}`,
      },
      listeners: [
        { port: 80, protocol: "HTTP" as const, role: "production" as const },
        { port: 8443, protocol: "HTTP" as const, role: "test" as const },
      ],
      https: { kind: "none" as const },
      apiPathPatterns: ["/shop*"],
      containerPort: 3000,
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      idleTimeoutSeconds: 60,
      deregistrationDelaySeconds: 30,
      accessLogs: { expirationDays: 90, delivery: { kind: "account" as const, accountId: "127311923021" } },
    };
    const resources = await buildComponent(() => new LoadBalancer("e", args));
    expect(resources.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")?.inputs).toMatchObject({
      name: "shop-alb-qa",
      internal: false,
      subnets: ["subnet-pub"],
      enableDeletionProtection: false,
    });
    expect(resources.filter((r) => r.type === "aws:lb/listener:Listener").map((r) => r.inputs.port)).toEqual([80, 8443]);
    expect(resources.filter((r) => r.type === "aws:lb/listenerRule:ListenerRule").map((r) => r.inputs.conditions)).toEqual([
      [{ pathPattern: { values: ["/shop*"] } }],
      [{ pathPattern: { values: ["/shop*"] } }],
    ]);
    expect(resources.find((r) => r.type === "aws:lb/targetGroup:TargetGroup")?.inputs.port).toBe(3000);
    const internal = await buildComponent(() => new LoadBalancer("e", { ...args, internal: true, deletionProtection: true }));
    expect(internal.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")?.inputs).toMatchObject({
      internal: true,
      subnets: ["subnet-pri"],
      enableDeletionProtection: true,
    });
  });
});

describe("monitoring built from its own args alone", () => {
  it("Monitoring: the topic, dashboard and always-on alarms by the names given; the backlog, backup and cache alarms only with their inputs", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const { Monitoring } = await import("../../stacks/edge/monitoring");
    const thresholds = parsePlatformConfig({ environmentSuffix: "qa" }, { stack: "s" }).edge.alarms;
    const data = imported<import("../../shared").DataOutputs>({
      clusterIdentifier: "shop-db-qa",
      maxConnections: 1000,
      cacheMemberClusters: ["n-0001-001"],
    });
    const base = {
      nameOf: (kind: string) => `shop-${kind}-qa`,
      region: "us-east-1",
      thresholds,
      clusterName: "shop-cluster-qa",
      serviceName: "shop-api-qa",
      loadBalancerArnSuffix: pulumi.output("app/shop/1"),
      blueTargetGroupArnSuffix: pulumi.output("targetgroup/blue/1"),
      greenTargetGroupArnSuffix: pulumi.output("targetgroup/green/1"),
      webAclName: "shop-waf-qa",
      data,
    };
    const alarms = (rs: Awaited<ReturnType<typeof buildComponent>>) =>
      rs.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => String(r.inputs.name));
    const plain = await buildComponent(() => new Monitoring("m", base));
    expect(plain.find((r) => r.type === "aws:sns/topic:Topic")?.inputs.name).toBe("shop-alarmTopic-qa");
    expect(plain.find((r) => r.type === "aws:cloudwatch/dashboard:Dashboard")?.inputs.dashboardName).toBe("shop-dashboard-qa");
    expect(alarms(plain)).toEqual(expect.arrayContaining(["shop-alarmErrorRate-qa", "shop-alarmAlb5xx-qa", "shop-alarmLatency-qa"]));
    expect(alarms(plain).filter((n) => /PendingOrders|BackupCheck|CacheMemory/.test(n))).toEqual([]);
    const all = await buildComponent(
      () =>
        new Monitoring("m", {
          ...base,
          alarmEmails: ["ops@example.com"],
          pendingOrders: { namespace: "shop/qa", name: "PendingOrders" },
          backupCheck: {
            metric: { namespace: "shop/qa", passed: "Passed", snapshotAgeHours: "Age", dimension: "DBClusterIdentifier" },
            functionName: "shop-check-qa",
            maxAgeHours: 24,
          },
          cache: { alarmMemoryPercent: 80, dataStack: "org/data/qa" },
        }),
    );
    expect(alarms(all)).toEqual(
      expect.arrayContaining(["shop-alarmPendingOrders-qa", "shop-alarmBackupCheck-qa", "shop-alarmCacheMemory-qa"]),
    );
    expect(all.find((r) => r.type === "aws:sns/topicSubscription:TopicSubscription")?.inputs.endpoint).toBe("ops@example.com");
  });
});
