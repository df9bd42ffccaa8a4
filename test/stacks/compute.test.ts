import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { placeTasks, PolicyDocument } from "../../shared";
import { PlannedResource } from "../../shared/plan/capture";
import { LayerLoader, LayerProgram, Plan, runPlan, STACKS_DIR } from "../../shared/plan/runner";
import { PENDING_ORDERS_PATTERN, SAMPLE_QUEUE_DEPTH_LINE, matchesJsonFilter } from "../../stacks/compute/logFilter";
import { byUrn, jsonInput, layerOf, ofType, one, planStack } from "../harness";

const SERVICE = "aws:ecs/service:Service";
const TASK_DEF = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const PARAMETER = "aws:ssm/parameter:Parameter";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";
const TARGET = "aws:appautoscaling/target:Target";
const REPOSITORY = "aws:ecr/repository:Repository";
const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

interface Container {
  image: string;
  secrets: { name: string; valueFrom: string }[];
  stopTimeout: number;
  portMappings: { containerPort: number }[];
  logConfiguration: { options: Record<string, string> };
}

/** The resource options the compute program gave its ECS service. */
let serviceOptions: pulumi.CustomResourceOptions | undefined;

/**
 * The data layer with a customer-managed KMS key exported, as the data layer
 * does when one is configured; the compute layer with its service's options recorded.
 */
const withKmsKey: LayerLoader = (layer) => {
  const program = require(path.join(STACKS_DIR, layer)) as LayerProgram;
  if (layer === "data") return async () => ({ ...(await program()), kmsKeyArn: KMS_KEY });
  if (layer !== "compute") return program;
  return () => {
    pulumi.runtime.registerStackTransformation((args) => {
      if (args.type === SERVICE) serviceOptions = args.opts;
      return undefined;
    });
    return program();
  };
};

const policyOf = (resources: PlannedResource[], name: string) =>
  jsonInput<PolicyDocument>(one({ resources } as never, ROLE_POLICY, name), "policy");
const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === "string" ? [v] : [...v]);
const statement = (doc: PolicyDocument, sid: string) => {
  const found = doc.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
};

let dev: Plan;
let deployed: Plan;
let prod: Plan;
beforeAll(async () => {
  // One plan at a time: the Pulumi runtime the plans run in is process-wide.
  dev = await planStack("orders-dev");
  deployed = await runPlan({
    stack: "orders-dev",
    overrides: {
      imageTag: "1.4.2",
      ecsExecEnabled: "true",
      minTasks: "4",
      maxTasks: "12",
      fargateWeight: "1",
      fargateSpotWeight: "3",
      pendingOrdersPerTaskTarget: "50",
      containerPort: "9090",
      taskCpu: "1024",
      taskMemory: "3072",
      containerStopTimeoutSeconds: "90",
      deploymentBakeTimeMinutes: "15",
      serviceHealthCheckGraceSeconds: "120",
      ecrImagesToKeep: "12",
      apiLogRetentionDays: "30",
      appLogLevel: "debug",
    },
    load: withKmsKey,
  });
  prod = await planStack("orders-prod");
});

describe("compute layer: first deployment", () => {
  it("creates the service at zero tasks with scaling bounds 0..0 while no image is configured", () => {
    const compute = layerOf(dev, "compute");
    expect(one(compute, SERVICE).inputs.desiredCount).toBe(0);
    expect(one(compute, TARGET).inputs).toMatchObject({ minCapacity: 0, maxCapacity: 0 });
    const [container] = jsonInput<Container[]>(one(compute, TASK_DEF), "containerDefinitions");
    expect(container.image).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api-dev:no-image-configured");
  });

  it("runs the configured tag from its own repository and lets autoscaling raise the service to the minimum", () => {
    const compute = layerOf(deployed, "compute");
    const [container] = jsonInput<Container[]>(one(compute, TASK_DEF), "containerDefinitions");
    expect(container.image).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api-dev:1.4.2");
    expect(one(compute, SERVICE).inputs.desiredCount).toBe(4);
    expect(one(compute, TARGET).inputs).toMatchObject({
      minCapacity: 4,
      maxCapacity: 12,
      resourceId: "service/orders-cluster-dev/orders-api-dev",
    });
  });

  it("leaves the desired count to autoscaling and the target groups' roles to ECS once the service exists", () => {
    expect(serviceOptions?.ignoreChanges).toEqual(["desiredCount", "loadBalancers"]);
  });
});

describe("compute layer: cluster, repository and capacity", () => {
  it("enables Container Insights and attaches both Fargate capacity providers", () => {
    const compute = layerOf(dev, "compute");
    expect(one(compute, "aws:ecs/cluster:Cluster").inputs).toMatchObject({
      name: "orders-cluster-dev",
      settings: [{ name: "containerInsights", value: "enabled" }],
    });
    expect(one(compute, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs).toMatchObject({
      clusterName: "orders-cluster-dev",
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
    });
  });

  it("puts at least half of the tasks on Fargate Spot and one on FARGATE for every count from min to max, as the service's strategy", () => {
    for (const [plan, min, max] of [
      [dev, 3, 10],
      [deployed, 4, 12],
    ] as const) {
      const strategy = one(layerOf(plan, "compute"), SERVICE).inputs.capacityProviderStrategies as {
        capacityProvider: string;
        base?: number;
        weight: number;
      }[];
      const fargate = strategy.find((s) => s.capacityProvider === "FARGATE");
      const spot = strategy.find((s) => s.capacityProvider === "FARGATE_SPOT");
      const split = { fargateBase: fargate?.base ?? 0, fargateWeight: fargate?.weight ?? 0, spotWeight: spot?.weight ?? 0 };
      for (let n = min; n <= max; n++) {
        const p = placeTasks(split, n);
        expect(p.onDemand.min).toBeGreaterThanOrEqual(1);
        expect(2 * p.spot.min).toBeGreaterThanOrEqual(n);
      }
    }
    expect(one(layerOf(deployed, "compute"), SERVICE).inputs.capacityProviderStrategies).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 3 },
    ]);
  });

  it("keeps an immutable, scanned repository that keeps 30 images and is destroyable only without deletion protection", () => {
    const repo = one(layerOf(dev, "compute"), REPOSITORY);
    expect(repo.inputs).toMatchObject({
      name: "orders-api-dev",
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      forceDelete: true,
    });
    const lifecycle = jsonInput<{ rules: { selection: { countNumber: number } }[] }>(
      one(layerOf(dev, "compute"), "aws:ecr/lifecyclePolicy:LifecyclePolicy"),
      "policy",
    );
    expect(lifecycle.rules.map((r) => r.selection.countNumber)).toEqual([30]);
    expect(one(layerOf(prod, "compute"), REPOSITORY).inputs.forceDelete).toBe(false);
    expect(one(layerOf(prod, "compute"), SERVICE).inputs.forceDelete).toBe(false);
  });
});

describe("compute layer: the service", () => {
  it("runs in the private subnets with the service security group and no public IP", () => {
    const network = layerOf(dev, "network").outputs;
    expect(one(layerOf(dev, "compute"), SERVICE).inputs.networkConfiguration).toEqual({
      subnets: network.privateSubnetIds,
      securityGroups: [network.serviceSecurityGroupId],
      assignPublicIp: false,
    });
  });

  it("deploys blue/green on the edge layer's exact rules and target groups through the infrastructure role", () => {
    const compute = layerOf(dev, "compute");
    const edge = layerOf(dev, "edge").outputs;
    const service = one(compute, SERVICE);
    const infraRole = one(compute, "aws:iam/role:Role", "api-roles-infrastructure");
    expect(service.inputs.loadBalancers).toEqual([
      {
        targetGroupArn: edge.blueTargetGroupArn,
        containerName: "api",
        containerPort: 8080,
        advancedConfiguration: {
          alternateTargetGroupArn: edge.greenTargetGroupArn,
          productionListenerRule: edge.productionListenerRuleArn,
          testListenerRule: edge.testListenerRuleArn,
          roleArn: "arn:aws:iam::123456789012:role/orders-ecs-infrastructure-dev",
        },
      },
    ]);
    expect(service.inputs).toMatchObject({
      deploymentController: { type: "ECS" },
      deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: "5" },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: edge.rollbackAlarmNames, enable: true, rollback: true },
      healthCheckGracePeriodSeconds: 60,
      propagateTags: "SERVICE",
      availabilityZoneRebalancing: "ENABLED",
      enableExecuteCommand: false,
      forceNewDeployment: true,
    });
    expect(infraRole.inputs.name).toBe("orders-ecs-infrastructure-dev");
    expect(jsonInput<PolicyDocument>(infraRole, "assumeRolePolicy").Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
    expect(one(compute, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn).toBe(
      "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
    );
  });

  it("carries the configured size, port, stop timeout, bake time, grace period, image count, retention and log level into the resources", () => {
    const compute = layerOf(deployed, "compute");
    const task = one(compute, TASK_DEF);
    expect(task.inputs).toMatchObject({ cpu: "1024", memory: "3072" });
    const [container] = jsonInput<Container[]>(task, "containerDefinitions");
    expect(container.stopTimeout).toBe(90);
    expect(container.portMappings).toEqual([{ containerPort: 9090, protocol: "tcp" }]);
    const service = one(compute, SERVICE).inputs as { loadBalancers: { containerPort: number }[] };
    expect(service.loadBalancers.map((lb) => lb.containerPort)).toEqual([9090]);
    expect(one(compute, SERVICE).inputs).toMatchObject({
      deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: "15" },
      healthCheckGracePeriodSeconds: 120,
    });
    const lifecycle = jsonInput<{ rules: { selection: { countNumber: number } }[] }>(
      one(compute, "aws:ecr/lifecyclePolicy:LifecyclePolicy"),
      "policy",
    );
    expect(lifecycle.rules.map((r) => r.selection.countNumber)).toEqual([12]);
    expect(one(compute, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(30);
    const value = (id: string) => ofType(compute, PARAMETER).find((p) => p.inputs.name === `/orders/dev/${id}`)?.inputs.insecureValue;
    expect([value("http-port"), value("log-level")]).toEqual(["9090", "debug"]);
  });

  it("makes the service's strategy the cluster's default strategy too", () => {
    for (const plan of [dev, deployed]) {
      const compute = layerOf(plan, "compute");
      expect(one(compute, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs.defaultCapacityProviderStrategies).toEqual(
        one(compute, SERVICE).inputs.capacityProviderStrategies,
      );
    }
  });

  it("waits for the capacity providers and every role policy before creating the service", () => {
    const compute = layerOf(dev, "compute");
    const urns = byUrn(compute);
    const deps = one(compute, SERVICE).dependencies.map((u) => urns.get(u)?.type);
    expect(deps).toEqual(
      expect.arrayContaining([
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        ROLE_POLICY,
        ROLE_POLICY,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        TASK_DEF,
      ]),
    );
  });

  it("sizes the task from config with a graceful stop and the container port", () => {
    const task = one(layerOf(dev, "compute"), TASK_DEF);
    expect(task.inputs).toMatchObject({
      cpu: "512",
      memory: "1024",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      family: "orders-api-dev",
    });
    const [container] = jsonInput<Container[]>(task, "containerDefinitions");
    expect(container.stopTimeout).toBe(60);
    expect(container.portMappings).toEqual([{ containerPort: 8080, protocol: "tcp" }]);
    expect(container.logConfiguration.options["awslogs-group"]).toBe("orders-api-logs-dev");
  });
});

describe("compute layer: secrets, parameters and IAM", () => {
  it("injects the application database user's credentials and the API keys by JSON key, and the execution role reads exactly those secrets", () => {
    const compute = layerOf(deployed, "compute");
    const data = layerOf(deployed, "data").outputs;
    const [container] = jsonInput<Container[]>(one(compute, TASK_DEF), "containerDefinitions");
    const fromSecrets = container.secrets.filter((s) => s.valueFrom.includes(":secretsmanager:"));
    expect(fromSecrets).toEqual([
      { name: "DB_USERNAME", valueFrom: `${String(data.dbAppUserSecretArn)}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${String(data.dbAppUserSecretArn)}:password::` },
      { name: "PAYMENT_API_KEY", valueFrom: `${String(data.appSecretArn)}:paymentApiKey::` },
      { name: "PAYMENT_WEBHOOK_SIGNING_SECRET", valueFrom: `${String(data.appSecretArn)}:paymentWebhookSigningSecret::` },
    ]);
    const policy = policyOf(compute.resources as PlannedResource[], "api-roles-execution");
    const secretArns = [...new Set(fromSecrets.map((s) => s.valueFrom.replace(/:[^:]*::$/, "")))];
    expect(list(statement(policy, "InjectedSecrets").Resource).sort()).toEqual(secretArns.sort());
    expect(statement(policy, "DecryptSecrets")).toMatchObject({
      Resource: KMS_KEY,
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
    });
    expect(
      policyOf(layerOf(dev, "compute").resources as PlannedResource[], "api-roles-execution").Statement.map((s) => s.Sid),
    ).not.toContain("DecryptSecrets");
  });

  it("mentions the data layer's master secret ARN in no IAM document and no container definition of the compute layer", () => {
    for (const plan of [dev, deployed, prod]) {
      const compute = layerOf(plan, "compute");
      const master = String(layerOf(plan, "data").outputs.masterSecretArn);
      expect(master).toMatch(/^arn:aws:secretsmanager:/);
      const documents = [
        ...ofType(compute, ROLE_POLICY).map((r) => r.inputs.policy),
        ...ofType(compute, "aws:iam/role:Role").map((r) => r.inputs.assumeRolePolicy),
        ...ofType(compute, TASK_DEF).map((r) => r.inputs.containerDefinitions),
        ...ofType(compute, STATE_MACHINE).map((r) => r.inputs.definition),
      ];
      expect(documents.length).toBeGreaterThan(0);
      for (const document of documents) expect(String(document)).not.toContain(master);
      // Nor any other input of the layer.
      expect(JSON.stringify(compute.resources.map((r) => r.inputs))).not.toContain(master);
    }
  });

  it("injects every Parameter Store value under /orders/dev/ and lets the execution role read exactly those parameters", () => {
    const compute = layerOf(dev, "compute");
    const parameters = ofType(compute, PARAMETER);
    const names = parameters.map((p) => String(p.inputs.name)).sort();
    expect(names).toEqual([
      "/orders/dev/db-name",
      "/orders/dev/db-port",
      "/orders/dev/db-reader-endpoint",
      "/orders/dev/db-writer-endpoint",
      "/orders/dev/http-port",
      "/orders/dev/log-format",
      "/orders/dev/log-level",
      "/orders/dev/metric-namespace",
      "/orders/dev/pending-orders-metric",
      "/orders/dev/region",
    ]);
    for (const name of names) expect(name).toMatch(/^\/[a-zA-Z0-9_.\-/]{1,1010}$/);
    const value = (id: string) => parameters.find((p) => p.inputs.name === `/orders/dev/${id}`)?.inputs.insecureValue;
    const data = layerOf(dev, "data").outputs;
    expect([value("db-writer-endpoint"), value("db-reader-endpoint"), value("db-port"), value("db-name")]).toEqual([
      data.writerEndpoint,
      data.readerEndpoint,
      String(data.port),
      data.databaseName,
    ]);
    expect([
      value("region"),
      value("log-level"),
      value("log-format"),
      value("http-port"),
      value("metric-namespace"),
      value("pending-orders-metric"),
    ]).toEqual(["us-east-1", "info", "json", "8080", "orders/dev", "PendingOrders"]);

    const [container] = jsonInput<Container[]>(one(compute, TASK_DEF), "containerDefinitions");
    const fromParameters = container.secrets.filter((s) => s.valueFrom.includes(":ssm:")).map((s) => s.valueFrom);
    expect(fromParameters.sort()).toEqual(names.map((n) => `arn:aws:ssm:us-east-1:123456789012:parameter${n}`).sort());
    const policy = policyOf(compute.resources as PlannedResource[], "api-roles-execution");
    expect(list(statement(policy, "InjectedParameters").Resource).sort()).toEqual(fromParameters.sort());
  });

  it("pulls an image URI from another account's ECR repository with that repository and region added to the execution role", async () => {
    const foreign = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/api:2.0.1";
    const compute = layerOf(await planStack("orders-dev", { imageUri: foreign }, "compute"), "compute");
    const [container] = jsonInput<Container[]>(one(compute, TASK_DEF), "containerDefinitions");
    expect(container.image).toBe(foreign);
    const policy = policyOf(compute.resources as PlannedResource[], "api-roles-execution");
    expect(statement(policy, "PullImage").Resource).toEqual([
      "arn:aws:ecr:us-east-1:123456789012:repository/orders-api-dev",
      "arn:aws:ecr:eu-west-1:210987654321:repository/team/api",
    ]);
    expect(statement(policy, "EcrAuthorization").Condition).toEqual({
      StringEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] },
    });
  });

  it("scopes the execution role to this repository and log group", () => {
    const policy = policyOf(layerOf(dev, "compute").resources as PlannedResource[], "api-roles-execution");
    expect(statement(policy, "PullImage").Resource).toEqual(["arn:aws:ecr:us-east-1:123456789012:repository/orders-api-dev"]);
    expect(statement(policy, "WriteLogs").Resource).toBe("arn:aws:logs:us-east-1:123456789012:log-group:orders-api-logs-dev:log-stream:*");
  });

  it("names every action and conditions every wildcard resource in all of the layer's policies", () => {
    for (const plan of [dev, deployed, prod]) {
      const compute = layerOf(plan, "compute");
      const docs = [
        ...ofType(compute, ROLE_POLICY).map((r) => jsonInput<PolicyDocument>(r, "policy")),
        ...ofType(compute, "aws:iam/role:Role").map((r) => jsonInput<PolicyDocument>(r, "assumeRolePolicy")),
      ];
      // The service's three roles and two policies, the credential rollout's two roles and two policies.
      expect(docs).toHaveLength(9);
      for (const doc of docs) {
        for (const s of doc.Statement) {
          expect(list(s.Action).filter((a) => a.includes("*"))).toEqual([]);
          if (list(s.Resource).includes("*")) expect(Object.keys(s.Condition ?? {})).not.toHaveLength(0);
        }
      }
    }
  });

  it("lets the task role read its path and publish to its namespace, and open ECS Exec channels only when enabled", () => {
    const off = policyOf(layerOf(dev, "compute").resources as PlannedResource[], "api-roles-task");
    expect(statement(off, "ReadConfigurationPath").Resource).toBe("arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev");
    expect(statement(off, "PublishOwnMetrics").Condition).toEqual({ StringEquals: { "cloudwatch:namespace": "orders/dev" } });
    expect(off.Statement.map((s) => s.Sid)).not.toContain("EcsExec");
    const on = policyOf(layerOf(deployed, "compute").resources as PlannedResource[], "api-roles-task");
    expect(list(statement(on, "EcsExec").Action).sort()).toEqual([
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]);
    expect(one(layerOf(deployed, "compute"), SERVICE).inputs.enableExecuteCommand).toBe(true);
  });

  it("sets no tags by hand: every tag comes from the provider's defaultTags", () => {
    for (const r of layerOf(dev, "compute").resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
      expect([r.name, r.inputs.tags]).toEqual([r.name, undefined]);
    }
  });
});

describe("compute layer: logs and autoscaling", () => {
  it("turns the documented queue-depth log line into the system's PendingOrders metric", () => {
    const compute = layerOf(dev, "compute");
    expect(one(compute, "aws:cloudwatch/logGroup:LogGroup").inputs).toMatchObject({ name: "orders-api-logs-dev", retentionInDays: 14 });
    expect(one(layerOf(prod, "compute"), "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).toBe(90);
    const filter = one(compute, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
    expect(filter.inputs).toMatchObject({
      logGroupName: "orders-api-logs-dev",
      metricTransformation: { namespace: "orders/dev", name: "PendingOrders", value: "$.pendingOrders", unit: "Count" },
    });
    expect(matchesJsonFilter(String(filter.inputs.pattern), SAMPLE_QUEUE_DEPTH_LINE)).toBe(true);
    expect(filter.inputs.pattern).toBe(PENDING_ORDERS_PATTERN);
  });

  it("tracks CPU at 70% and pending orders per running task on the one bounded target, scaling out after 60 s and in after 300 s", () => {
    const compute = layerOf(deployed, "compute");
    const policies = Object.fromEntries(ofType(compute, SCALING_POLICY).map((p) => [p.name, p.inputs]));
    const cooldowns = { scaleOutCooldown: 60, scaleInCooldown: 300 };
    expect(policies["api-cpu"]).toMatchObject({
      name: "orders-api-cpu-dev",
      policyType: "TargetTrackingScaling",
      resourceId: "service/orders-cluster-dev/orders-api-dev",
      scalableDimension: "ecs:service:DesiredCount",
      targetTrackingScalingPolicyConfiguration: {
        targetValue: 70,
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        ...cooldowns,
      },
    });
    const target = one(compute, TARGET).inputs;
    for (const policy of ofType(compute, SCALING_POLICY)) {
      expect([policy.name, policy.inputs.serviceNamespace, policy.inputs.scalableDimension, policy.inputs.resourceId]).toEqual([
        policy.name,
        target.serviceNamespace,
        target.scalableDimension,
        target.resourceId,
      ]);
    }
    const pending = policies["api-pending-orders"] as {
      targetTrackingScalingPolicyConfiguration: {
        targetValue: number;
        customizedMetricSpecification: {
          metrics: {
            id: string;
            expression?: string;
            returnData: boolean;
            metricStat?: { metric: { namespace: string; metricName: string; dimensions?: unknown } };
          }[];
        };
      };
    };
    const config = pending.targetTrackingScalingPolicyConfiguration;
    expect(config).toMatchObject({ targetValue: 50, ...cooldowns });
    const metrics = config.customizedMetricSpecification.metrics;
    expect(metrics.filter((m) => m.returnData).map((m) => m.expression)).toEqual(["pending / tasks"]);
    expect(metrics.find((m) => m.id === "pending")?.metricStat?.metric).toEqual({ namespace: "orders/dev", metricName: "PendingOrders" });
    expect(metrics.find((m) => m.id === "tasks")?.metricStat?.metric).toEqual({
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: [
        { name: "ClusterName", value: "orders-cluster-dev" },
        { name: "ServiceName", value: "orders-api-dev" },
      ],
    });
  });

  it("exports the contract's outputs from the real resources", () => {
    expect(layerOf(dev, "compute").outputs).toEqual({
      system: "orders",
      region: "us-east-1",
      environmentSuffix: "dev",
      serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/orders-cluster-dev/orders-api-dev",
      serviceName: "orders-api-dev",
      clusterName: "orders-cluster-dev",
      clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/orders-cluster-dev",
      taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api-dev:1",
      ecrRepositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api-dev",
      logGroupName: "orders-api-logs-dev",
      taskRoleArn: "arn:aws:iam::123456789012:role/orders-api-task-dev",
    });
  });
});

describe("compute layer: tasks follow the database user secret's rotation", () => {
  it("starts the rollout on every successful rotation of the data layer's database user secret, and of no other secret", () => {
    for (const plan of [dev, deployed, prod]) {
      const compute = layerOf(plan, "compute");
      const data = layerOf(plan, "data").outputs;
      const rule = one(compute, EVENT_RULE);
      expect(jsonInput(rule, "eventPattern")).toEqual({
        source: ["aws.secretsmanager"],
        "detail-type": ["AWS Service Event via CloudTrail"],
        detail: { eventName: ["RotationSucceeded"], additionalEventData: { SecretId: [data.dbAppUserSecretArn] } },
      });
      expect(data.dbAppUserSecretArn).not.toBe(data.masterSecretArn);
      const target = one(compute, EVENT_TARGET);
      expect(target.inputs).toMatchObject({ rule: rule.inputs.name, arn: one(compute, STATE_MACHINE).computed?.arn });
    }
    expect(one(layerOf(dev, "compute"), EVENT_RULE).inputs.name).toBe("orders-credential-rollout-dev");
  });

  it("forces a new deployment of the API's own service, and its roles may do only that and start only that", () => {
    const compute = layerOf(dev, "compute");
    const machine = one(compute, STATE_MACHINE);
    expect(machine.inputs).toMatchObject({ name: "orders-credential-rollout-dev", type: "STANDARD" });
    const task = jsonInput<{ States: Record<string, { Resource: string; Parameters: unknown }> }>(machine, "definition").States
      .ForceNewDeployment;
    expect(task).toMatchObject({
      Resource: "arn:aws:states:::aws-sdk:ecs:updateService",
      Parameters: { Cluster: "orders-cluster-dev", Service: "orders-api-dev", ForceNewDeployment: true },
    });
    const serviceArn = one(compute, SERVICE).computed?.arn;
    expect(serviceArn).toBe("arn:aws:ecs:us-east-1:123456789012:service/orders-cluster-dev/orders-api-dev");
    const resources = compute.resources as PlannedResource[];
    const rollout = policyOf(resources, "api-credentials-rollout");
    expect(rollout.Statement).toEqual([
      { Sid: "ForceNewDeployment", Effect: "Allow", Action: ["ecs:UpdateService"], Resource: serviceArn },
    ]);
    const start = policyOf(resources, "api-credentials-start");
    expect(start.Statement).toEqual([
      { Sid: "StartRollout", Effect: "Allow", Action: ["states:StartExecution"], Resource: machine.computed?.arn },
    ]);
    const trustOf = (name: string) => jsonInput<PolicyDocument>(one(compute, "aws:iam/role:Role", name), "assumeRolePolicy").Statement;
    expect(trustOf("api-credentials-rollout")).toEqual([
      expect.objectContaining({
        Principal: { Service: "states.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      }),
    ]);
    expect(trustOf("api-credentials-start")).toEqual([
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      }),
    ]);
    expect(one(compute, EVENT_TARGET).inputs.roleArn).toBe("arn:aws:iam::123456789012:role/orders-credential-rollout-events-dev");
  });
});
