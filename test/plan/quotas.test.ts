import { QUOTA_CODES as Q, QUOTAS } from "../../shared/aws/quotas";
import { PlannedResource } from "../../shared/plan/capture";
import { COUNTERS, formatQuotaBudget, NO_QUOTA, parseAccountQuotas, quotaBudget, quotaUsage } from "../../shared/plan/quotas";
import { committedStacks, Plan } from "../../shared/plan/runner";
import { planStack } from "../harness";
import { node } from "../routes/fixtures";

type Inputs = Record<string, unknown>;

let serial = 0;
/** A planned resource: a custom resource of `type` with `inputs` (the routes' fixture), named in order unless `extra` names it. */
function res(type: string, inputs: Inputs = {}, extra: Partial<PlannedResource> = {}): PlannedResource {
  const name = extra.name ?? `r${++serial}`;
  return { ...node(type, name, name, inputs), ...extra };
}

/** A one-layer plan of the resources, in `region`. */
function plan(resources: PlannedResource[], region = "us-east-1", stack = "test"): Plan {
  return { stack, system: "test", layers: [{ layer: "network", project: "quota", stack, resources, outputs: { region } }] };
}

const usage = (...resources: PlannedResource[]) => Object.fromEntries(quotaUsage(plan(resources)));

const VPC = "awsx:ec2:Vpc";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const TG = "aws:lb/targetGroup:TargetGroup";

const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];
const vpc = (extra: Inputs = {}, name?: string) =>
  res(VPC, { availabilityZoneNames: ZONES, natGateways: { strategy: "OnePerAz" }, ...extra }, { custom: false, ...(name ? { name } : {}) });

describe("what the awsx VPC creates, from its inputs", () => {
  it("counts one NAT gateway and Elastic IP per zone, the subnets with their route tables, the gateway endpoints", () => {
    const u = usage(vpc({ vpcEndpointSpecs: [{ serviceName: "s3", vpcEndpointType: "Gateway" }, { serviceName: "dynamodb" }] }));
    expect(u).toEqual({
      [Q.vpcs]: 1,
      [Q.internetGateways]: 1,
      [Q.securityGroups]: 1, // the VPC's default security group
      [Q.natGatewaysPerAz]: 1,
      [Q.elasticIps]: 3,
      [Q.subnetsPerVpc]: 6, // awsx's default specs: a private and a public subnet per zone
      [Q.routeTablesPerVpc]: 7, // one per subnet and the main one
      [Q.gatewayEndpoints]: 2,
    });
  });

  it("holds one NAT gateway for a single strategy, none without, and no internet gateway without a public subnet", () => {
    const single = usage(vpc({ availabilityZoneNames: undefined, numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } }));
    expect(single[Q.elasticIps]).toBe(1);
    expect(single[Q.natGatewaysPerAz]).toBe(1);
    expect(single[Q.subnetsPerVpc]).toBe(4);
    const none = usage(vpc({ availabilityZoneNames: undefined, natGateways: { strategy: "None" }, subnetSpecs: [{ type: "Isolated" }] }));
    expect(none[Q.elasticIps]).toBeUndefined();
    expect(none[Q.internetGateways]).toBeUndefined();
    expect(none[Q.subnetsPerVpc]).toBe(3); // awsx's default: three zones
    // awsx's default strategy is one NAT gateway per zone.
    expect(usage(vpc({ natGateways: undefined }))[Q.elasticIps]).toBe(3);
  });

  it("refuses what it does not model", () => {
    expect(() => usage(vpc({ natGateways: { strategy: "Other" } }))).toThrow(/NAT gateway strategy "Other" is not modelled/);
    expect(() => usage(vpc({ vpcEndpointSpecs: [{ vpcEndpointType: "Interface" }] }))).toThrow(/Interface VPC endpoints are not modelled/);
  });
});

describe("security groups and their rules", () => {
  it("counts the groups and each group's rules per direction, whichever way a rule names its group", () => {
    const web = res(SG, { ingress: [{ cidrBlocks: ["10.0.0.0/16", "10.1.0.0/16"], self: true }, {}] }, { id: "sg-web" });
    const db = res(SG, {}, { id: "sg-db" });
    const rules = [
      res(INGRESS, { securityGroupId: "sg-db" }),
      res(INGRESS, { securityGroupId: "sg-db" }),
      res(EGRESS, { securityGroupId: "[unknown]" }, { dependencies: [db.urn] }),
      res(EGRESS, { securityGroupId: "sg-elsewhere" }),
    ];
    const u = usage(web, db, ...rules);
    expect(u[Q.securityGroups]).toBe(2);
    // web: 3 sources in the first inline entry and 1 in the second = 4 inbound.
    expect(u[Q.rulesPerSecurityGroup]).toBe(4);
    expect(usage(db, ...rules)[Q.rulesPerSecurityGroup]).toBe(2);
  });
});

describe("load balancers", () => {
  const alb = res(LB, { loadBalancerType: "application" }, { id: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/api/abc" });
  const blue = res(TG, {}, { id: "arn:tg/blue" });
  const green = res(TG, {}, { computed: { arn: "arn:tg/green" } });
  const forward = (weights: Record<string, number>) => [
    { type: "forward", forward: { targetGroups: Object.entries(weights).map(([arn, weight]) => ({ arn, weight })) } },
  ];
  const https = res(
    LISTENER,
    { loadBalancerArn: alb.id, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg/blue" }] },
    {
      id: "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/api/abc/l1",
    },
  );
  const http = res(LISTENER, { loadBalancerArn: alb.id, defaultActions: [{ type: "redirect" }] });

  it("counts the load balancers, target groups, listeners and rules per load balancer, and the target groups of its actions", () => {
    const rules = [
      res(RULE, { listenerArn: https.id, actions: forward({ "arn:tg/blue": 100, "arn:tg/green": 0 }) }),
      // A listener the plan does not hold: its load balancer is read from its ARN.
      res(RULE, {
        listenerArn: "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/api/abc/l2",
        actions: forward({ "arn:tg/green": 1 }),
      }),
    ];
    const u = usage(alb, blue, green, https, http, ...rules);
    expect(u[Q.applicationLoadBalancers]).toBe(1);
    expect(u[Q.targetGroups]).toBe(2);
    expect(u[Q.listenersPerAlb]).toBe(2);
    expect(u[Q.rulesPerAlb]).toBe(2);
    expect(u[Q.targetGroupsPerAlb]).toBe(2);
    expect(u[Q.targetGroupsPerAction]).toBe(2);
    // A load balancer without a type is an application load balancer.
    expect(usage(res(LB))[Q.applicationLoadBalancers]).toBe(1);
  });

  it("refuses network load balancers", () => {
    expect(() => usage(res(LB, { loadBalancerType: "network" }))).toThrow(/network load balancers are not modelled/);
  });
});

describe("the other resources, one kind at a time", () => {
  it("counts a regional web ACL and refuses a CloudFront one", () => {
    expect(usage(res("aws:wafv2/webAcl:WebAcl", { scope: "REGIONAL" }))).toEqual({ [Q.webAcls]: 1 });
    expect(() => usage(res("aws:wafv2/webAcl:WebAcl", { scope: "CLOUDFRONT" }))).toThrow(/scope CLOUDFRONT/);
  });

  it("counts an account-level CloudWatch Logs resource policy, not one scoped to a log group", () => {
    const policy = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
    expect(usage(res(policy, { policyName: "waf" }), res(policy, { resourceArn: "arn:log-group", policyDocument: "{}" }))).toEqual({
      [Q.logResourcePolicies]: 1,
    });
  });

  it("counts log groups, the metric filters of each and the Metrics Insights alarms", () => {
    const group = res("aws:cloudwatch/logGroup:LogGroup", { name: "api" });
    const filter = (logGroupName: string) => res("aws:cloudwatch/logMetricFilter:LogMetricFilter", { logGroupName });
    const alarm = (expression: string) => res("aws:cloudwatch/metricAlarm:MetricAlarm", { metricQueries: [{ id: "q", expression }] });
    const u = usage(
      group,
      filter("api"),
      filter("api"),
      filter("other"),
      alarm('SELECT AVG(CPUUtilization) FROM SCHEMA("AWS/EC2")'),
      alarm("a + b"),
    );
    expect(u).toEqual({ [Q.logGroups]: 1, [Q.metricFiltersPerLogGroup]: 2, [Q.metricsInsightsAlarms]: 1 });
    expect(usage(res("aws:cloudwatch/metricAlarm:MetricAlarm", { metricName: "CPUUtilization" }))).toEqual({});
  });

  it("counts an Aurora cluster, its instances, subnet and parameter groups, and the master secret RDS manages", () => {
    const u = usage(
      res("aws:rds/cluster:Cluster", { manageMasterUserPassword: true }),
      res("aws:rds/cluster:Cluster", {}),
      res("aws:rds/clusterInstance:ClusterInstance"),
      res("aws:rds/clusterInstance:ClusterInstance"),
      res("aws:rds/subnetGroup:SubnetGroup"),
      res("aws:rds/clusterParameterGroup:ClusterParameterGroup"),
    );
    expect(u).toEqual({ [Q.dbClusters]: 2, [Q.secrets]: 1, [Q.dbInstances]: 2, [Q.dbSubnetGroups]: 1, [Q.dbClusterParameterGroups]: 1 });
  });

  it("counts the nodes of an ElastiCache replication group: shards x (1 + replicas), or its node count", () => {
    const group = (inputs: Inputs) => res("aws:elasticache/replicationGroup:ReplicationGroup", inputs);
    expect(usage(group({ numNodeGroups: 2, replicasPerNodeGroup: 1 }))).toEqual({ [Q.cacheNodes]: 4 });
    expect(usage(group({ numNodeGroups: 3 }))).toEqual({ [Q.cacheNodes]: 3 });
    expect(usage(group({ numCacheClusters: 2 }), group({}))).toEqual({ [Q.cacheNodes]: 3 });
    expect(usage(res("aws:elasticache/subnetGroup:SubnetGroup"))).toEqual({ [Q.cacheSubnetGroups]: 1 });
  });

  it("counts KMS keys and the aliases of each key, secrets and repositories", () => {
    const key = res("aws:kms/key:Key", {}, { id: "key-1" });
    const alias = (targetKeyId: string) => res("aws:kms/alias:Alias", { targetKeyId });
    const u = usage(
      key,
      alias("key-1"),
      alias("key-1"),
      alias("key-2"),
      res("aws:secretsmanager/secret:Secret"),
      res("aws:ecr/repository:Repository"),
    );
    expect(u).toEqual({ [Q.kmsKeys]: 1, [Q.aliasesPerKey]: 2, [Q.secrets]: 1, [Q.ecrRepositories]: 1 });
  });

  it("counts ECS clusters, the services of each (the default cluster when none is named) and their scaling", () => {
    const cluster = res("aws:ecs/cluster:Cluster", {}, { computed: { arn: "arn:cluster/api" } });
    const service = (inputs: Inputs) => res("aws:ecs/service:Service", inputs);
    const target = res("aws:appautoscaling/target:Target", { serviceNamespace: "ecs", resourceId: "service/api/api" });
    const policy = () =>
      res("aws:appautoscaling/policy:Policy", {
        serviceNamespace: "ecs",
        resourceId: "service/api/api",
        scalableDimension: "ecs:service:DesiredCount",
      });
    const u = usage(
      cluster,
      service({ cluster: "arn:cluster/api" }),
      service({ cluster: "arn:cluster/api" }),
      service({}),
      target,
      policy(),
      policy(),
    );
    expect(u).toEqual({ [Q.ecsClusters]: 1, [Q.servicesPerCluster]: 2, [Q.ecsScalableTargets]: 1, [Q.scalingPoliciesPerTarget]: 2 });
    expect(() => usage(res("aws:appautoscaling/target:Target", { serviceNamespace: "dynamodb" }))).toThrow(/scalable targets of dynamodb/);
  });

  it("counts a regional REST API with its resources (the root included) and stages, usage plans, API keys and VPC links", () => {
    const api = res("aws:apigateway/restApi:RestApi", { endpointConfiguration: { types: "REGIONAL" } }, { id: "api-1" });
    const u = usage(
      api,
      res("aws:apigateway/resource:Resource", { restApi: "api-1" }),
      res("aws:apigateway/stage:Stage", { restApi: "api-1" }),
      res("aws:apigateway/usagePlan:UsagePlan"),
      res("aws:apigateway/apiKey:ApiKey"),
      res("aws:apigatewayv2/vpcLink:VpcLink"),
    );
    expect(u).toEqual({
      [Q.regionalApis]: 1,
      [Q.resourcesPerApi]: 2,
      [Q.stagesPerApi]: 1,
      [Q.usagePlans]: 1,
      [Q.apiKeys]: 1,
      [Q.vpcLinksV2]: 1,
    });
    expect(usage(res("aws:apigateway/restApi:RestApi", { endpointConfiguration: { types: ["REGIONAL"] } }))[Q.regionalApis]).toBe(1);
    expect(() => usage(res("aws:apigateway/restApi:RestApi"))).toThrow(/endpoint type EDGE are not modelled/);
    expect(() => usage(res("aws:apigateway/restApi:RestApi", { endpointConfiguration: { types: ["PRIVATE"] } }))).toThrow(/PRIVATE/);
  });

  it("counts a Cloud Map private DNS namespace as a namespace and a hosted zone", () => {
    expect(usage(res("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"))).toEqual({
      [Q.cloudMapNamespaces]: 1,
      [Q.hostedZones]: 1,
    });
  });

  it("counts topics, roles and their managed policies, event rules per bus and targets per rule, reserved concurrency", () => {
    const role = res("aws:iam/role:Role", { name: "api-task" });
    const attachment = (r: string) => res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: r });
    const rule = res("aws:cloudwatch/eventRule:EventRule", { name: "nightly" });
    const target = () => res("aws:cloudwatch/eventTarget:EventTarget", { rule: "nightly" });
    const fn = (reservedConcurrentExecutions?: number) => res("aws:lambda/function:Function", { reservedConcurrentExecutions });
    const u = usage(
      res("aws:sns/topic:Topic"),
      role,
      attachment("api-task"),
      attachment("api-task"),
      rule,
      res("aws:cloudwatch/eventRule:EventRule", { eventBusName: "orders" }),
      target(),
      target(),
      fn(50),
      fn(-1),
      fn(),
    );
    expect(u).toEqual({
      [Q.snsTopics]: 1,
      [Q.iamRoles]: 1,
      [Q.managedPoliciesPerRole]: 2,
      [Q.eventRulesPerBus]: 1,
      [Q.targetsPerEventRule]: 2,
      [Q.lambdaConcurrency]: 50,
    });
  });

  it("counts certificates, buckets, standard parameters and X-Ray sampling rules, and refuses advanced parameters", () => {
    const u = usage(
      res("aws:acm/certificate:Certificate"),
      res("aws:s3/bucket:Bucket"),
      res("aws:ssm/parameter:Parameter", { tier: "Standard" }),
      res("aws:ssm/parameter:Parameter", {}),
      res("aws:xray/samplingRule:SamplingRule"),
    );
    expect(u).toEqual({ [Q.acmCertificates]: 1, [Q.s3Buckets]: 1, [Q.ssmStandardParameters]: 2, [Q.xraySamplingRules]: 1 });
    expect(() => usage(res("aws:ssm/parameter:Parameter", { tier: "Advanced" }))).toThrow(/Advanced parameters are not modelled/);
  });

  it("counts nothing for the types listed as consuming no quota, nor for the repository's components", () => {
    const free = Object.keys(NO_QUOTA).map((type) => res(type));
    expect(usage(...free, res("platform:network:Vpc", {}, { custom: false }))).toEqual({});
  });

  it("throws naming a type it does not know, rather than ignoring it", () => {
    expect(() => usage(res("aws:ec2/natGateway:NatGateway", {}, { name: "nat-1" }))).toThrow(
      /aws:ec2\/natGateway:NatGateway nat-1: the quota model does not know this type/,
    );
    // A component from elsewhere (a remote awsx component) must be modelled too.
    expect(() => usage(res("awsx:lb:ApplicationLoadBalancer", {}, { custom: false }))).toThrow(/does not know this type/);
  });

  it("knows each type once: counted or free, not both", () => {
    for (const type of Object.keys(NO_QUOTA)) expect(COUNTERS[type]).toBeUndefined();
  });
});

describe("the budget: what binds, and how many copies fit", () => {
  /** A stack of one VPC (one NAT gateway per zone, 3 Elastic IPs) and one regional web ACL. */
  const stack = (name: string, extra: Inputs = {}, region = "us-east-1") =>
    plan([vpc(extra), res("aws:wafv2/webAcl:WebAcl", { scope: "REGIONAL" })], region, name);

  it("for one plan: how many copies fit in an empty account, and the quota that bounds them", () => {
    const budget = quotaBudget([stack("a")]);
    expect(budget.region).toBe("us-east-1");
    expect(budget.copies).toBe(1); // 3 Elastic IPs of 5
    expect(budget.binding).toBe("EC2-VPC Elastic IPs (L-0263D0A3)");
    const eips = budget.lines.find((l) => l.code === Q.elasticIps);
    expect(eips).toEqual({
      code: Q.elasticIps,
      name: "EC2-VPC Elastic IPs",
      scope: "region",
      used: 3,
      limit: 5,
      adjustable: true,
      fits: true,
    });
    // A single NAT gateway: the VPCs per Region bind first (5 of each), in the table's order.
    const single = quotaBudget([stack("b", { natGateways: { strategy: "Single" } })]);
    expect(single.copies).toBe(5);
    expect(single.binding).toBe("VPCs per Region (L-F678F1CE)");
  });

  it("lists the Region- and account-level quotas before the per-resource ones", () => {
    const budget = quotaBudget([plan([vpc(), res("aws:iam/role:Role"), res(SG, { ingress: [{}] })])]);
    const scopes = budget.lines.map((l) => l.scope);
    expect(scopes).toContain("account");
    expect(scopes.indexOf("per-resource")).toBeGreaterThan(scopes.lastIndexOf("account"));
    expect(scopes.slice(scopes.indexOf("per-resource")).every((s) => s === "per-resource")).toBe(true);
  });

  it("for several plans: how many more copies of the last one fit next to the others", () => {
    const single = { natGateways: { strategy: "Single" } };
    const budget = quotaBudget([stack("a", single), stack("b", single)], new Map([[Q.elasticIps, 20]]));
    expect(budget.copies).toBe(4); // 5 VPCs per Region, one taken by the first stack
    expect(budget.lines.find((l) => l.code === Q.vpcs)?.used).toBe(2);
    // NAT gateways add up per zone: both single NAT gateways are in the first zone.
    const nat = quotaBudget([stack("a", single), stack("b", single)], new Map([[Q.natGatewaysPerAz, 3]]));
    expect(nat.lines.find((l) => l.code === Q.natGatewaysPerAz)?.used).toBe(2);
    expect(nat.copies).toBe(2);
    expect(nat.binding).toBe("NAT gateways per Availability Zone (L-FE5A380F)");
    // Stacks that already overrun a quota leave no room; the line says it does not fit.
    const full = quotaBudget([stack("a"), stack("b")]);
    expect(full.copies).toBe(0);
    expect(full.lines.find((l) => l.code === Q.elasticIps)).toMatchObject({ used: 6, limit: 5, fits: false });
  });

  it("counts a layer once, as the stack that deploys it: a plan that reads another stack's network shares it", () => {
    const network = (stack: string) => ({
      layer: "network" as const,
      project: "quota",
      stack,
      resources: [vpc()],
      outputs: { region: "us-east-1" },
    });
    const edge = (stack: string) => ({ layer: "edge" as const, project: "quota", stack, resources: [res(LB)], outputs: {} });
    const dev: Plan = { stack: "dev", system: "test", layers: [network("dev"), edge("dev")] };
    // A short-lived environment: dev's network (planned as dev), its own edge.
    const pr: Plan = { stack: "pr", system: "test", layers: [network("dev"), edge("pr")] };
    expect(Object.fromEntries(quotaUsage(pr))).toMatchObject({ [Q.vpcs]: 1, [Q.applicationLoadBalancers]: 1 });
    const beside = quotaBudget([dev, pr]);
    expect(beside.lines.find((l) => l.code === Q.vpcs)?.used).toBe(1);
    expect(beside.lines.find((l) => l.code === Q.applicationLoadBalancers)?.used).toBe(2);
    expect([beside.copies, beside.binding]).toEqual([49, "Application Load Balancers per Region (L-53DA6B97)"]);
    // Alone, its copies share the network it reads: only its load balancer is copied.
    expect(quotaBudget([pr]).copies).toBe(50);
  });

  it("adds up the rules every stack puts on the Region's default event bus", () => {
    const rules = (n: number, name: string) =>
      plan([...Array.from({ length: n }, () => res("aws:cloudwatch/eventRule:EventRule"))], "us-east-1", name);
    const budget = quotaBudget([rules(100, "a"), rules(100, "b")]);
    expect(budget.lines.find((l) => l.code === Q.eventRulesPerBus)?.used).toBe(200);
    expect(budget.copies).toBe(2); // (300 - 100) / 100
  });

  it("lets a per-resource quota bind only when the last plan itself exceeds it", () => {
    const rules = Array.from({ length: 61 }, () => res(INGRESS, { securityGroupId: "sg-1" }));
    const over = quotaBudget([plan([res(SG, {}, { id: "sg-1" }), ...rules])]);
    expect(over.copies).toBe(0);
    expect(over.binding).toBe("Inbound or outbound rules per security group (L-0EA8095F)");
    expect(over.lines.find((l) => l.code === Q.rulesPerSecurityGroup)).toMatchObject({ used: 61, fits: false });
    const raised = quotaBudget([plan([res(SG, {}, { id: "sg-1" }), ...rules])], new Map([[Q.rulesPerSecurityGroup, 120]]));
    expect(raised.binding).toBe("VPC security groups per Region (L-E79EC296)");
    expect(raised.copies).toBe(2500);
  });

  it("says nothing binds when the plans consume no quota", () => {
    const budget = quotaBudget([plan([res("pulumi:providers:aws")])]);
    expect(budget).toEqual({ region: "us-east-1", lines: [], copies: Infinity, binding: undefined });
    expect(formatQuotaBudget(budget)).toBe("Quotas in us-east-1 (used / limit):\nCopies that fit: no quota binds");
  });

  it("takes the plans' Region from their network layer, and refuses plans of different Regions or none", () => {
    expect(() => quotaBudget([])).toThrow(/no plan given/);
    expect(() => quotaBudget([stack("a"), stack("b", {}, "eu-west-1")])).toThrow(/different regions \(a in us-east-1, b in eu-west-1\)/);
    const noNetwork: Plan = { stack: "x", system: "x", layers: [] };
    expect(() => quotaBudget([noNetwork])).toThrow(/the plan of x has no network layer output "region"/);
  });

  it("formats each quota used / limit, with what applies to it, and the copies", () => {
    const text = formatQuotaBudget(
      quotaBudget(
        [plan([vpc(), res("aws:iam/role:Role"), res("aws:cloudwatch/logResourcePolicy:LogResourcePolicy"), res(SG, { ingress: [{}] })])],
        new Map([[Q.vpcs, 0]]),
      ),
    );
    const lines = text.split("\n");
    expect(lines[0]).toBe("Quotas in us-east-1 (used / limit):");
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}VPCs per Region \(L-F678F1CE\) +1 \/ 0 +\(OVER THE LIMIT\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}VPC security groups per Region \(L-E79EC296\) +2 \/ 2,500$/));
    expect(lines).toContainEqual(expect.stringMatching(/Roles per account \(L-FE177D64\) +1 \/ 1,000 +\(account-wide\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/Resource policies \(L-89892494\) +1 \/ 10 +\(not adjustable\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/Inbound or outbound rules per security group .* \(the most used resource\)$/));
    expect(lines[lines.length - 1]).toBe("Copies that fit: 0, bound by VPCs per Region (L-F678F1CE)");
  });
});

describe("the account's own quotas", () => {
  const output = (quotas: object[]) => ({ Quotas: quotas });
  const quota = (QuotaCode: string, Value: unknown, ServiceCode = "vpc") => ({ ServiceCode, QuotaCode, QuotaName: "a quota", Value });

  it("reads one output of list-service-quotas, or several in an array, and overrides the defaults with them", () => {
    expect(parseAccountQuotas(output([quota(Q.vpcs, 10), quota(Q.internetGateways, 10)]))).toEqual(
      new Map([
        [Q.vpcs, 10],
        [Q.internetGateways, 10],
      ]),
    );
    const limits = parseAccountQuotas([output([quota(Q.vpcs, 10), quota(Q.elasticIps, 30, "ec2")]), output([quota(Q.vpcs, 10)])]);
    expect(limits.get(Q.elasticIps)).toBe(30);
    const budget = quotaBudget([plan([vpc()])], limits);
    expect(budget.lines.find((l) => l.code === Q.elasticIps)?.limit).toBe(30);
    expect(budget.lines.find((l) => l.code === Q.internetGateways)?.limit).toBe(5); // not in the file: the default
    expect(budget.copies).toBe(5);
    expect(budget.binding).toBe("Internet gateways per Region (L-A4707A72)");
  });

  it("rejects a malformed file, naming the problem", () => {
    expect(() => parseAccountQuotas("quotas")).toThrow(/account quotas: expected the JSON of `aws service-quotas list-service-quotas`/);
    expect(() => parseAccountQuotas(null)).toThrow(/got null/);
    expect(() => parseAccountQuotas({ quotas: [] })).toThrow(/the output has no "Quotas" array/);
    expect(() => parseAccountQuotas([output([]), 3])).toThrow(/output 1 has no "Quotas" array/);
    expect(() => parseAccountQuotas(output([{ Value: 5 }]))).toThrow(/Quotas\[0\] has no "QuotaCode"/);
    expect(() => parseAccountQuotas(output([quota(Q.vpcs, "5")]))).toThrow(/L-F678F1CE \(a quota\) has no numeric "Value": "5"/);
    expect(() => parseAccountQuotas(output([{ QuotaCode: Q.vpcs }]))).toThrow(/\(no name\) has no numeric "Value"/);
    expect(() => parseAccountQuotas([output([quota(Q.vpcs, 5)]), output([quota(Q.vpcs, 10)])])).toThrow(
      /L-F678F1CE appears twice with different values \(5 and 10\)/,
    );
  });
});

describe("the committed stacks", () => {
  const stacks = committedStacks();

  it.each(stacks)("%s: its usage counts every resource of its plan", async (stack) => {
    const used = quotaUsage(await planStack(stack));
    expect(used.get(Q.vpcs)).toBe(1);
    for (const code of used.keys()) expect(QUOTAS.has(code)).toBe(true);
    expect(quotaBudget([await planStack(stack)]).copies).toBeGreaterThanOrEqual(1);
  });

  const sharing = stacks.filter((s) => s === "orders-pr-example");
  it.each(sharing)("%s: shares orders-dev's network and data, so many copies fit next to it", async (stack) => {
    const budget = quotaBudget([await planStack("orders-dev"), await planStack(stack)]);
    expect(budget.lines.find((l) => l.code === Q.vpcs)?.used).toBe(1);
    expect(budget.copies).toBeGreaterThan(1);
  });

  it("orders-prod: 3 NAT gateways' Elastic IPs of 5 bind, one copy fits in an empty account", async () => {
    const budget = quotaBudget([await planStack("orders-prod")]);
    expect(budget.region).toBe("us-east-1");
    expect([budget.copies, budget.binding]).toEqual([1, "EC2-VPC Elastic IPs (L-0263D0A3)"]);
  });
});
