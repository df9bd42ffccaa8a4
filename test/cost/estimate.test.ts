import { parsePlatformConfig, PlatformConfig } from "../../shared/config";
import { COST_CATALOG, treatmentOf } from "../../shared/cost/catalog";
import { CostEstimate, estimateCost, PRICED_TYPES } from "../../shared/cost/estimate";
import { formatCostEstimate } from "../../shared/cost/format";
import { PRICES } from "../../shared/cost/prices";
import { Plan } from "../../shared/plan/runner";
import { layer, resource } from "./handmade";

const cfgOf = (raw: Record<string, string> = {}): PlatformConfig =>
  parsePlatformConfig(
    { environmentSuffix: "dev", minTasks: "2", maxTasks: "4", costHoursPerMonth: "720", ...raw },
    { stack: "orders-dev" },
  );

const r = resource;

/** A small stack with one of everything the estimate prices. */
function smallStack(): Plan {
  const flowGroup = r("aws:cloudwatch/logGroup:LogGroup");
  const cluster = r("aws:rds/cluster:Cluster", {
    manageMasterUserPassword: true,
    serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 4 },
  });
  const taskDef = r("aws:ecs/taskDefinition:TaskDefinition", { cpu: "512", memory: "1024" });
  return {
    stack: "orders-dev",
    system: "orders",
    layers: [
      layer("network", [
        r("pulumi:providers:aws"),
        r("awsx:ec2:Vpc", { natGateways: { strategy: "Single" }, availabilityZoneNames: ["us-east-1a", "us-east-1b", "us-east-1c"] }),
        flowGroup,
        r("aws:ec2/flowLog:FlowLog", {}, [flowGroup]),
        r("aws:ec2/securityGroup:SecurityGroup"),
      ]),
      layer("data", [
        cluster,
        r("aws:rds/clusterInstance:ClusterInstance", { instanceClass: "db.serverless" }, [cluster]),
        r("aws:rds/clusterInstance:ClusterInstance", { instanceClass: "db.r6g.large" }, [cluster]),
        r("aws:secretsmanager/secret:Secret"),
        r("aws:kms/key:Key"),
      ]),
      layer("edge", [
        r("aws:lb/loadBalancer:LoadBalancer", { subnets: ["subnet-a", "subnet-b", "subnet-c"] }),
        r("aws:wafv2/webAcl:WebAcl", { rules: [{}, {}, {}, {}, {}] }),
        r("aws:s3/bucket:Bucket"),
        r("aws:cloudwatch/dashboard:Dashboard"),
        r("aws:cloudwatch/metricAlarm:MetricAlarm", { metricName: "CPUUtilization" }),
        r("aws:cloudwatch/metricAlarm:MetricAlarm", {
          metricQueries: [{ metric: { metricName: "a" } }, { metric: { metricName: "b" } }, { expression: "a/b" }],
        }),
        r("aws:cloudwatch/logGroup:LogGroup"),
      ]),
      layer("compute", [
        r("aws:ecs/cluster:Cluster", { settings: [{ name: "containerInsights", value: "enabled" }] }),
        taskDef,
        r(
          "aws:ecs/service:Service",
          {
            capacityProviderStrategies: [
              { capacityProvider: "FARGATE", base: 1, weight: 0 },
              { capacityProvider: "FARGATE_SPOT", weight: 1 },
            ],
          },
          [taskDef],
        ),
        r("aws:ecr/repository:Repository"),
        r("aws:cloudwatch/logMetricFilter:LogMetricFilter"),
        r("aws:cloudwatch/logGroup:LogGroup"),
        r("aws:appautoscaling/policy:Policy"),
      ]),
    ],
  };
}

const kind = (est: CostEstimate, k: string) => est.byKind[k];

describe("cost estimate of a small stack (720 h, 2 to 4 tasks, us-east-1, default assumptions)", () => {
  const est = estimateCost(smallStack(), cfgOf());

  it("prices one NAT gateway: 720 h x $0.045, its IPv4 address 720 h x $0.005, 100 GB x $0.045, and 20 GB of flow logs x $0.50", () => {
    expect(kind(est, "NAT gateway hours")).toEqual({ min: 32.4, max: 32.4 });
    expect(kind(est, "NAT gateway data processed")).toEqual({ min: 4.5, max: 4.5 });
    expect(kind(est, "VPC flow logs ingestion")).toEqual({ min: 10, max: 10 });
    expect(est.byLayer.network).toEqual({ min: 50.5, max: 50.5 });
  });

  it("prices Aurora: Serverless v2 from 0.5 to 4 ACU x 720 h x $0.12, a db.r6g.large at $0.26/h, storage, I/O, secrets and the key", () => {
    expect(kind(est, "Aurora Serverless v2 capacity")).toEqual({ min: 43.2, max: 345.6 });
    expect(kind(est, "Aurora instances")).toEqual({ min: 187.2, max: 187.2 });
    expect(kind(est, "Aurora storage")).toEqual({ min: 2, max: 2 });
    expect(kind(est, "Aurora I/O")).toEqual({ min: 4, max: 4 });
    expect(kind(est, "Secrets Manager secrets")).toEqual({ min: 0.8, max: 0.8 });
    expect(kind(est, "KMS keys")).toEqual({ min: 1, max: 1 });
    expect(est.byLayer.data).toEqual({ min: 238.2, max: 540.6 });
  });

  it("prices the edge: ALB hours and 1 LCU, 3 public IPv4 addresses, WAF ACL + 5 rules + 10M requests, access logs, dashboard, 3 alarm metrics, WAF logs", () => {
    expect(kind(est, "ALB hours")).toEqual({ min: 16.2, max: 16.2 });
    expect(kind(est, "ALB capacity units")).toEqual({ min: 5.76, max: 5.76 });
    expect(kind(est, "public IPv4 addresses")).toEqual({ min: 3.6 + 10.8, max: 3.6 + 10.8 });
    expect([kind(est, "WAF web ACLs"), kind(est, "WAF rules"), kind(est, "WAF requests")]).toEqual([
      { min: 5, max: 5 },
      { min: 5, max: 5 },
      { min: 6, max: 6 },
    ]);
    expect(kind(est, "S3 access log storage")).toEqual({ min: 0.23, max: 0.23 });
    expect(kind(est, "CloudWatch alarms")).toEqual({ min: 0.3, max: 0.3 });
    expect(est.byLayer.edge).toEqual({ min: 54.79, max: 54.79 });
  });

  it("prices Fargate by the strategy's split: 2 tasks = 1 on-demand + 1 Spot, 4 tasks = 1 + 3, each 0.5 vCPU and 1 GB", () => {
    expect(kind(est, "Fargate on-demand vCPU")).toEqual({ min: 14.57, max: 14.57 });
    expect(kind(est, "Fargate on-demand memory")).toEqual({ min: 3.2, max: 3.2 });
    expect(kind(est, "Fargate Spot vCPU")).toEqual({ min: 4.8, max: 14.41 });
    expect(kind(est, "Fargate Spot memory")).toEqual({ min: 1.05, max: 3.15 });
    expect(kind(est, "Container Insights ingestion")).toEqual({ min: 0.5, max: 1 });
    expect(est.byLayer.compute).toEqual({ min: 27.42, max: 39.63 });
  });

  it("adds up to the hand-computed total and lists what it leaves out and which prices are unverified", () => {
    expect(est.total).toEqual({ min: 370.91, max: 685.52 });
    expect(est.notEstimated.map((o) => o.type)).toEqual(["aws:appautoscaling/policy:Policy"]);
    expect(est.unlisted).toEqual([]);
    expect(est.unverifiedPrices).toEqual(
      expect.arrayContaining(["fargateSpotVcpuHour", "fargateSpotGbHour", "Aurora instances: per instance-hour (Aurora MySQL, Standard)"]),
    );
    expect(est.lines.filter((l) => l.priceStatus === "unverified").map((l) => l.kind)).toEqual(
      expect.arrayContaining(["Fargate Spot vCPU", "Aurora instances"]),
    );
  });

  it("prints per layer and kind at the minimum and maximum, with assumptions, unverified prices and omissions", () => {
    const text = formatCostEstimate(est);
    expect(text).toContain("estimated monthly USD in us-east-1, at 2 tasks (min) and 4 tasks (max)");
    expect(text).toMatch(/total\s+\$370\.91\s+\$685\.52/);
    expect(text).toMatch(/Fargate Spot vCPU\s+\$4\.80\s+\$14\.41/);
    expect(text).toContain("720 h/month, NAT 100 GB");
    expect(text).toContain("unverified prices: ");
    expect(text).toContain("not estimated: compute");
  });
});

describe("cost estimate edge cases", () => {
  it("follows the assumptions set in config (costNatGbPerMonth=200 doubles the data line)", () => {
    const est = estimateCost(smallStack(), cfgOf({ costNatGbPerMonth: "200" }));
    expect(est.byKind["NAT gateway data processed"]).toEqual({ min: 9, max: 9 });
    expect(est.assumptions.natGbPerMonth).toBe(200);
  });

  it("prices raw NAT gateways and EIPs, skips NAT for a VPC without gateways and public IPs for an internal ALB", () => {
    const plan: Plan = {
      stack: "orders-dev",
      system: "orders",
      layers: [
        layer("network", [
          r("awsx:ec2:Vpc", { natGateways: { strategy: "None" }, availabilityZoneNames: ["a", "b", "c"] }),
          r("aws:ec2/natGateway:NatGateway"),
          r("aws:ec2/eip:Eip"),
          r("aws:lb/loadBalancer:LoadBalancer", { internal: true }),
          r("aws:lb/loadBalancer:LoadBalancer", {}),
          r("aws:s3/bucketV2:BucketV2"),
        ]),
      ],
    };
    const est = estimateCost(plan, cfgOf());
    expect(est.byKind["NAT gateway hours"]).toEqual({ min: 32.4, max: 32.4 });
    expect(est.byKind["NAT gateway data processed"]).toBeUndefined();
    expect(est.byKind["public IPv4 addresses"]).toEqual({ min: 3.6 + 10.8, max: 3.6 + 10.8 });
    expect(est.byKind["S3 access log storage"]).toEqual({ min: 0.23, max: 0.23 });
  });

  it("prices a cluster-mode cache by node: 2 shards x (1 primary + 1 replica) Valkey cache.t4g.small nodes at 80% of Redis OSS's $0.032/h", () => {
    const plan: Plan = {
      stack: "orders-dev",
      system: "catalog",
      layers: [
        layer("data", [
          r("aws:elasticache/replicationGroup:ReplicationGroup", {
            engine: "valkey",
            nodeType: "cache.t4g.small",
            numNodeGroups: 2,
            replicasPerNodeGroup: 1,
          }),
          r("aws:elasticache/replicationGroup:ReplicationGroup", { engine: "redis", nodeType: "cache.t4g.small", numCacheClusters: 2 }),
          r("aws:elasticache/replicationGroup:ReplicationGroup", { engine: "redis", nodeType: "cache.x9.huge" }),
        ]),
      ],
    };
    const est = estimateCost(plan, cfgOf());
    const nodes = est.lines.filter((l) => l.kind === "ElastiCache nodes");
    expect(nodes.map((l) => [l.quantity.min, l.unitPrice])).toEqual([
      [4 * 720, 0.0256],
      [2 * 720, 0.032],
    ]);
    expect(est.notEstimated).toEqual([expect.objectContaining({ reason: 'no price for redis node type "cache.x9.huge" in the table' })]);
  });

  it("prices API Gateway by the assumed requests, a Cloud Map namespace as a hosted zone, and one registered instance per task", () => {
    const plan: Plan = {
      stack: "orders-dev",
      system: "payments",
      layers: [
        layer("edge", [r("aws:apigateway/restApi:RestApi"), r("aws:apigateway/stage:Stage"), r("aws:apigatewayv2/vpcLink:VpcLink")]),
        layer("compute", [r("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"), r("aws:servicediscovery/service:Service")]),
      ],
    };
    const est = estimateCost(plan, cfgOf({ costApiRequestsMillions: "20" }));
    expect(est.byKind["API Gateway requests"]).toEqual({ min: 70, max: 70 });
    expect(est.byKind["Route 53 private hosted zones"]).toEqual({ min: 0.5, max: 0.5 });
    expect(est.byKind["Cloud Map registered instances"]).toEqual({ min: 0.2, max: 0.4 });
    expect(est.notEstimated.map((o) => o.type)).toEqual(["aws:apigatewayv2/vpcLink:VpcLink"]);
  });

  it("prices the gateways of a real preview once: the awsx VPC's child NAT gateways and EIPs, not the component's strategy again", () => {
    const vpc = r("awsx:ec2:Vpc", { natGateways: { strategy: "OnePerAz" }, availabilityZoneNames: ["a", "b", "c"] });
    const children = [1, 2, 3].flatMap(() => [r("aws:ec2/natGateway:NatGateway"), r("aws:ec2/eip:Eip")]);
    const est = estimateCost({ stack: "orders-dev", system: "orders", layers: [layer("network", [vpc, ...children])] }, cfgOf());
    expect(est.byKind["NAT gateway hours"]).toEqual({ min: 97.2, max: 97.2 });
    expect(est.byKind["public IPv4 addresses"]).toEqual({ min: 10.8, max: 10.8 });
    expect(est.byKind["NAT gateway data processed"]).toEqual({ min: 4.5, max: 4.5 });
    expect(est.lines.filter((l) => l.kind === "NAT gateway hours")).toHaveLength(3);
  });

  it("defaults a VPC to a gateway per AZ, Serverless v2 to 0.5-1 ACU and all tasks on-demand without a strategy", () => {
    const plan: Plan = {
      stack: "orders-dev",
      system: "orders",
      layers: [
        layer("network", [r("awsx:ec2:Vpc", { availabilityZoneNames: ["a", "b", "c"] })]),
        layer("data", [r("aws:rds/clusterInstance:ClusterInstance", { instanceClass: "db.serverless" })]),
        layer("compute", [
          r("aws:ecs/taskDefinition:TaskDefinition", { cpu: 1024, memory: 2048 }),
          r("aws:ecs/service:Service", {}),
          r("aws:ecs/cluster:Cluster", {}),
        ]),
      ],
    };
    const est = estimateCost(plan, cfgOf());
    expect(est.byKind["NAT gateway hours"]).toEqual({ min: 97.2, max: 97.2 });
    expect(est.byKind["Aurora Serverless v2 capacity"]).toEqual({ min: 43.2, max: 86.4 });
    expect(est.byKind["Fargate on-demand vCPU"]).toEqual({ min: 58.29, max: 116.58 });
    expect(est.byKind["Fargate Spot vCPU"]).toBeUndefined();
    expect(est.byKind["Container Insights ingestion"]).toBeUndefined();
  });

  it("lists an unknown instance class, a service without a task definition and an uncatalogued type instead of skipping them", () => {
    const plan: Plan = {
      stack: "orders-dev",
      system: "orders",
      layers: [
        layer("data", [
          r("aws:rds/clusterInstance:ClusterInstance", { instanceClass: "db.x9.huge" }),
          r("aws:ecs/service:Service", {}),
          r("aws:made/up:Thing"),
        ]),
      ],
    };
    const est = estimateCost(plan, cfgOf());
    expect(est.notEstimated.map((o) => o.reason)).toEqual([
      'no price for instance class "db.x9.huge" in the table',
      "no task definition with cpu and memory in the layer",
    ]);
    expect(est.unlisted).toEqual(["aws:made/up:Thing"]);
    expect(formatCostEstimate(est)).toContain("UNLISTED types (add them to shared/cost/catalog.ts): aws:made/up:Thing");
  });

  it("says so instead of pricing a region without a price table", () => {
    const cfg = parsePlatformConfig({ environmentSuffix: "dev" }, { stack: "s", awsRegion: "eu-west-1" });
    const est = estimateCost(smallStack(), cfg);
    expect(est).toMatchObject({ priced: false, lines: [], total: { min: 0, max: 0 } });
    expect(formatCostEstimate(est)).toBe(
      "== cost: not estimated: no price table for eu-west-1; priced regions: us-east-1, us-west-2, ap-southeast-1",
    );
  });
});

describe("cost catalog", () => {
  it("has a cost handler for exactly the types it marks priced", () => {
    const priced = Object.entries(COST_CATALOG)
      .filter(([, t]) => t.treatment === "priced")
      .map(([type]) => type)
      .sort();
    expect(Object.keys(PRICED_TYPES).sort()).toEqual(priced);
  });

  it("pre-lists the types the data, edge and compute layers' issues describe", () => {
    const expected = [
      "aws:rds/cluster:Cluster",
      "aws:rds/clusterInstance:ClusterInstance",
      "aws:rds/subnetGroup:SubnetGroup",
      "aws:rds/clusterParameterGroup:ClusterParameterGroup",
      "aws:secretsmanager/secret:Secret",
      "aws:secretsmanager/secretVersion:SecretVersion",
      "aws:secretsmanager/secretRotation:SecretRotation",
      "aws:kms/key:Key",
      "aws:kms/alias:Alias",
      "random:index/randomPassword:RandomPassword",
      "aws:lb/loadBalancer:LoadBalancer",
      "aws:lb/targetGroup:TargetGroup",
      "aws:lb/listener:Listener",
      "aws:lb/listenerRule:ListenerRule",
      "aws:acm/certificate:Certificate",
      "aws:acm/certificateValidation:CertificateValidation",
      "aws:route53/record:Record",
      "aws:wafv2/webAcl:WebAcl",
      "aws:wafv2/webAclAssociation:WebAclAssociation",
      "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
      "aws:s3/bucket:Bucket",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:s3/bucketPolicy:BucketPolicy",
      "aws:sns/topic:Topic",
      "aws:sns/topicSubscription:TopicSubscription",
      "aws:cloudwatch/dashboard:Dashboard",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:ecr/repository:Repository",
      "aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "aws:ecs/cluster:Cluster",
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
      "aws:ecs/taskDefinition:TaskDefinition",
      "aws:ecs/service:Service",
      "aws:ssm/parameter:Parameter",
      "aws:cloudwatch/logMetricFilter:LogMetricFilter",
      "aws:appautoscaling/target:Target",
      "aws:appautoscaling/policy:Policy",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/policy:Policy",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "aws:cloudwatch/logGroup:LogGroup",
    ];
    expect(expected.filter((t) => treatmentOf(t) === undefined)).toEqual([]);
  });

  it("treats Pulumi's own resources and the platform's components as free, and knows nothing of other types", () => {
    expect(treatmentOf("pulumi:providers:aws")).toMatchObject({ treatment: "free" });
    expect(treatmentOf("platform:network:Vpc")).toMatchObject({ treatment: "free" });
    expect(treatmentOf("aws:made/up:Thing")).toBeUndefined();
  });
});

describe("price table", () => {
  it("covers us-east-1, us-west-2 and ap-southeast-1 with every dimension, each naming an AWS pricing page and the date read", () => {
    const keys = Object.keys(PRICES["us-east-1"].prices).sort();
    for (const region of ["us-east-1", "us-west-2", "ap-southeast-1"]) {
      const table = PRICES[region];
      expect(Object.keys(table.prices).sort()).toEqual(keys);
      const cacheNodes = [...Object.values(table.cacheNodeHour.valkey), ...Object.values(table.cacheNodeHour.redis)];
      expect(Object.keys(table.cacheNodeHour.valkey)).toEqual(Object.keys(table.cacheNodeHour.redis));
      for (const price of [...Object.values(table.prices), ...Object.values(table.auroraInstanceHour), ...cacheNodes]) {
        expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/pricing\/$/);
        expect(price.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(price.usd).toBeGreaterThan(0);
        if (price.status === "published") expect(price.evidence).toMatch(/^https:\/\//);
      }
    }
  });
});
