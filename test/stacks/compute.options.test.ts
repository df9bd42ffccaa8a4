import { estimateCost } from "../../shared/cost/estimate";
import { configOf, Plan, readStackSettings } from "../../shared/plan/runner";
import { evaluatePolicies, offlinePolicyConfig } from "../../shared/policy/offline";
import { XRAY_CONTAINER_NAME, XRAY_DAEMON_IMAGE } from "../../stacks/compute/container";
import { XRAY_DAEMON_ACTIONS } from "../../stacks/compute/policies";
import { PolicyDocument } from "../../shared";
import { jsonInput, layerOf, ofType, one, planStack } from "../harness";

const SERVICE = "aws:ecs/service:Service";
const TASK_DEF = "aws:ecs/taskDefinition:TaskDefinition";
const NAMESPACE = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace";
const DISCOVERY_SERVICE = "aws:servicediscovery/service:Service";
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SAMPLING_RULE = "aws:xray/samplingRule:SamplingRule";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";

interface Container {
  name: string;
  image: string;
  essential: boolean;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  portMappings: { containerPort: number; protocol: string }[];
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  dependsOn?: { containerName: string; condition: string }[];
  restartPolicy?: { enabled: boolean };
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

const IMAGE = { imageTag: "1.0.0" };
const overridesOf = (preset: string, extra: Record<string, string> = {}) => ({ preset, ...IMAGE, ...extra });

let catalog: Plan;
let payments: Plan;
let orders: Plan;
beforeAll(async () => {
  // One plan at a time: the Pulumi runtime the plans run in is process-wide.
  catalog = await planStack("orders-dev", overridesOf("catalog"));
  payments = await planStack("orders-dev", overridesOf("payments"));
  orders = await planStack("orders-dev");
}, 120_000);

const containersOf = (plan: Plan) => jsonInput<Container[]>(one(layerOf(plan, "compute"), TASK_DEF), "containerDefinitions");
const containerOf = (plan: Plan, name: string) => {
  const found = containersOf(plan).find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
};

describe("service discovery (catalog preset)", () => {
  it("creates the private DNS namespace in the network layer's VPC, named <suffix>.<system>.internal", () => {
    const namespace = one(layerOf(catalog, "compute"), NAMESPACE);
    expect(namespace.inputs.name).toBe("dev.catalog.internal");
    expect(namespace.inputs.vpc).toBe(layerOf(catalog, "network").outputs.vpcId);
  });

  it("registers one A record per task in the namespace, answered MULTIVALUE with a short TTL and ECS-reported health", () => {
    const compute = layerOf(catalog, "compute");
    const service = one(compute, DISCOVERY_SERVICE);
    expect(service.inputs).toMatchObject({
      name: "api",
      dnsConfig: {
        namespaceId: compute.outputs.serviceDiscoveryNamespaceId,
        dnsRecords: [{ type: "A", ttl: 10 }],
        routingPolicy: "MULTIVALUE",
      },
      healthCheckCustomConfig: { failureThreshold: 1 },
      forceDestroy: true,
    });
    expect(service.inputs).not.toHaveProperty("healthCheckConfig");
  });

  it("points the ECS service's registry at the Cloud Map service, keeping its blue/green deployment", () => {
    const compute = layerOf(catalog, "compute");
    const ecs = one(compute, SERVICE);
    expect(ecs.inputs.serviceRegistries).toEqual({ registryArn: compute.outputs.serviceDiscoveryServiceArn });
    expect(String(compute.outputs.serviceDiscoveryServiceArn)).toMatch(
      /^arn:aws:servicediscovery:us-east-1:123456789012:service\/srv-[0-9a-f]{16}$/,
    );
    expect(ecs.inputs.deploymentConfiguration).toMatchObject({ strategy: "BLUE_GREEN" });
  });

  it("lets a client that attaches the network layer's API client group reach the tasks its Cloud Map name resolves to, on the container port only", () => {
    const network = layerOf(catalog, "network");
    const clients = network.outputs.serviceDiscoveryClientSecurityGroupId;
    const service = network.outputs.serviceSecurityGroupId;
    expect(one(network, SECURITY_GROUP, "network-api-clients").inputs).toMatchObject({
      name: "catalog-api-client-sg-dev",
      vpcId: network.outputs.vpcId,
    });
    const fromClients = ofType(network, INGRESS).filter((r) => r.inputs.referencedSecurityGroupId === clients);
    expect(fromClients.map((r) => r.inputs)).toEqual([
      expect.objectContaining({ securityGroupId: service, ipProtocol: "tcp", fromPort: 8080, toPort: 8080 }),
    ]);
    const fromClientGroup = ofType(network, EGRESS).filter((r) => r.inputs.securityGroupId === clients);
    expect(fromClientGroup.map((r) => r.inputs)).toEqual([
      expect.objectContaining({ referencedSecurityGroupId: service, ipProtocol: "tcp", fromPort: 8080, toPort: 8080 }),
    ]);
    expect(ofType(network, INGRESS).filter((r) => r.inputs.securityGroupId === clients)).toEqual([]);
    for (const plan of [orders, payments]) {
      expect(layerOf(plan, "network").outputs).not.toHaveProperty("serviceDiscoveryClientSecurityGroupId");
      expect(ofType(layerOf(plan, "network"), SECURITY_GROUP).map((g) => g.name)).not.toContain("network-api-clients");
    }
  });

  it("exports the namespace and the name clients resolve", () => {
    expect(layerOf(catalog, "compute").outputs).toMatchObject({
      serviceDiscoveryNamespaceName: "dev.catalog.internal",
      serviceDiscoveryName: "api.dev.catalog.internal",
    });
  });

  it("keeps the catalog on its Spot split, without tracing or a memory policy", () => {
    const compute = layerOf(catalog, "compute");
    expect(one(compute, SERVICE).inputs.capacityProviderStrategies).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 0 },
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ]);
    expect(containersOf(catalog).map((c) => c.name)).toEqual(["api"]);
    expect(ofType(compute, SAMPLING_RULE)).toEqual([]);
    expect(ofType(compute, SCALING_POLICY).map((p) => p.inputs.name)).toEqual(["catalog-api-cpu-dev"]);
  });
});

describe("X-Ray tracing (payments preset)", () => {
  it("runs a pinned X-Ray daemon on UDP 2000 as a non-essential, restartable sidecar within the task's size", () => {
    const daemon = containerOf(payments, XRAY_CONTAINER_NAME);
    expect(daemon.image).toBe(XRAY_DAEMON_IMAGE);
    expect(daemon.image).toMatch(/^public\.ecr\.aws\/xray\/aws-xray-daemon:\d+\.\d+\.\d+$/);
    expect(daemon).toMatchObject({ essential: false, cpu: 32, memoryReservation: 64, memory: 128, restartPolicy: { enabled: true } });
    expect(daemon.portMappings).toEqual([{ containerPort: 2000, protocol: "udp" }]);
    const task = one(layerOf(payments, "compute"), TASK_DEF).inputs;
    expect(Number(task.memory) - (daemon.memory ?? 0)).toBeGreaterThanOrEqual(512);
    expect(Number(task.cpu)).toBeGreaterThan(daemon.cpu ?? 0);
  });

  it("logs the daemon to the API's log group under its own stream prefix", () => {
    const daemon = containerOf(payments, XRAY_CONTAINER_NAME);
    const api = containerOf(payments, "api");
    expect(daemon.logConfiguration.options["awslogs-group"]).toBe(api.logConfiguration.options["awslogs-group"]);
    expect(daemon.logConfiguration.options["awslogs-group"]).toBe(layerOf(payments, "compute").outputs.logGroupName);
    expect(daemon.logConfiguration.options["awslogs-stream-prefix"]).toBe("xray-daemon");
    expect(api.logConfiguration.options["awslogs-stream-prefix"]).toBe("api");
  });

  it("gives the API the daemon's address and its segment name as plain environment, starting after the daemon", () => {
    const api = containerOf(payments, "api");
    expect(api.environment).toEqual([
      { name: "AWS_XRAY_DAEMON_ADDRESS", value: "127.0.0.1:2000" },
      { name: "AWS_XRAY_TRACING_NAME", value: "payments-api-dev" },
    ]);
    expect(api.secrets?.some((s) => s.name.startsWith("AWS_XRAY"))).toBe(false);
    expect(api.dependsOn).toEqual([{ containerName: "xray-daemon", condition: "START" }]);
    expect(api.essential).toBe(true);
  });

  it("samples 10% of the service's requests after a reservoir of one a second, matching the name its segments carry", () => {
    const rule = one(layerOf(payments, "compute"), SAMPLING_RULE).inputs;
    expect(rule).toEqual({
      ruleName: "payments-api-dev",
      priority: 1000,
      version: 1,
      reservoirSize: 1,
      fixedRate: 0.1,
      serviceName: one(layerOf(payments, "compute"), SERVICE).inputs.name,
      serviceType: "*",
      host: "*",
      httpMethod: "*",
      urlPath: "*",
      resourceArn: "*",
    });
    expect(String(rule.ruleName).length).toBeLessThanOrEqual(32);
    expect(layerOf(payments, "compute").outputs.xraySamplingRuleName).toBe("payments-api-dev");
  });

  it("follows xraySamplingRate", async () => {
    const plan = await planStack("orders-dev", { ...IMAGE, xrayTracing: "true", xraySamplingRate: "0.25" }, "compute");
    expect(one(layerOf(plan, "compute"), SAMPLING_RULE).inputs).toMatchObject({
      fixedRate: 0.25,
      serviceName: "orders-api-dev",
      ruleName: "orders-api-dev",
    });
  });

  it("grants the task role exactly the daemon's five actions, on * limited to the region, next to its own statements", () => {
    const doc = jsonInput<PolicyDocument>(one(layerOf(payments, "compute"), "aws:iam/rolePolicy:RolePolicy", "api-roles-task"), "policy");
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["ReadConfigurationPath", "ReadConfiguration", "PublishOwnMetrics", "XRayDaemon"]);
    expect(doc.Statement.find((s) => s.Sid === "XRayDaemon")).toEqual({
      Sid: "XRayDaemon",
      Effect: "Allow",
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
    });
    expect([...XRAY_DAEMON_ACTIONS]).toHaveLength(5);
  });
});

describe("memory target tracking and on-demand capacity (payments preset)", () => {
  it("adds a memory policy at 80% with the CPU policy's cooldowns, keeping CPU at 70%", () => {
    const policies = ofType(layerOf(payments, "compute"), SCALING_POLICY);
    const byName = (name: string) => policies.find((p) => p.inputs.name === name)?.inputs.targetTrackingScalingPolicyConfiguration;
    expect(byName("payments-api-memory-dev")).toEqual({
      targetValue: 80,
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" },
      scaleOutCooldown: 60,
      scaleInCooldown: 300,
    });
    expect(byName("payments-api-cpu-dev")).toMatchObject({
      targetValue: 70,
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
      scaleOutCooldown: 60,
      scaleInCooldown: 300,
    });
    expect(one(layerOf(payments, "compute"), "aws:appautoscaling/target:Target").inputs).toMatchObject({ minCapacity: 2, maxCapacity: 10 });
  });

  it("runs every task on on-demand FARGATE, while the cluster keeps both providers", () => {
    const compute = layerOf(payments, "compute");
    const onDemand = [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
    expect(one(compute, SERVICE).inputs.capacityProviderStrategies).toEqual(onDemand);
    const providers = one(compute, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs;
    expect(providers).toMatchObject({ capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategies: onDemand });
  });

  it("passes every mandatory policy (Spot share, IAM, names, tags) and is priced entirely as on-demand Fargate", async () => {
    const cfg = configOf("orders-dev", readStackSettings("orders-dev", overridesOf("payments")));
    const report = await evaluatePolicies(payments, offlinePolicyConfig(payments, cfg));
    const mine = report.violations.filter((v) => v.layer === "compute" && v.enforcementLevel === "mandatory");
    expect(mine).toEqual([]);
    const est = estimateCost(payments, cfg);
    expect(est.unlisted).toEqual([]);
    expect(est.byKind["Fargate Spot vCPU"]).toBeUndefined();
    expect(est.byKind["Fargate on-demand vCPU"].min).toBeGreaterThan(0);
    expect(est.byKind["Fargate on-demand vCPU"].max / est.byKind["Fargate on-demand vCPU"].min).toBeCloseTo(10 / 2);
  });

  it("passes every mandatory policy on the catalog's discovery resources too", async () => {
    const cfg = configOf("orders-dev", readStackSettings("orders-dev", overridesOf("catalog")));
    const report = await evaluatePolicies(catalog, offlinePolicyConfig(catalog, cfg));
    expect(report.violations.filter((v) => v.layer === "compute" && v.enforcementLevel === "mandatory")).toEqual([]);
    expect(estimateCost(catalog, cfg).unlisted).toEqual([]);
  });
});

describe("the order API", () => {
  it("gets none of the new resources, containers or policies by default", () => {
    const compute = layerOf(orders, "compute");
    for (const type of [NAMESPACE, DISCOVERY_SERVICE, SAMPLING_RULE]) expect(ofType(compute, type)).toEqual([]);
    expect(containersOf(orders).map((c) => c.name)).toEqual(["api"]);
    expect(containersOf(orders)[0]).not.toHaveProperty("environment");
    expect(one(compute, SERVICE).inputs).not.toHaveProperty("serviceRegistries");
    expect(ofType(compute, SCALING_POLICY).map((p) => p.inputs.name)).toEqual([
      "orders-api-cpu-dev",
      "orders-api-pending-orders-dev",
      "orders-api-pending-orders-burst-dev",
    ]);
    expect(Object.keys(compute.outputs).filter((k) => k.startsWith("serviceDiscovery") || k.startsWith("xray"))).toEqual([]);
  });
});
