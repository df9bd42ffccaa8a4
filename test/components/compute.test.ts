import type { NetworkOutputs, PolicyDocument } from "../../shared";
import {
  CredentialRollout,
  rolloutDefinition,
  rolloutPolicy,
  rolloutTrust,
  rotationSucceededPattern,
  startRolloutPolicy,
  startRolloutTrust,
} from "../../stacks/compute/credentialRollout";
import { ApiService } from "../../stacks/compute/service";
import { ApiTracing } from "../../stacks/compute/tracing";
import { parsePlatformConfig } from "../../shared/config";
import { buildComponent, imported } from "./build";

const MASTER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1a2b-AbCdEf";
const DB_USER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db-app-user-qa-XyZ123";

describe("compute components built from their own args alone", () => {
  it("ApiTracing: one sampling rule for the named service at the given rate", async () => {
    const [rule] = (
      await buildComponent(() => new ApiTracing("t", { ruleName: "shop-api-qa", serviceName: "shop-api-qa", samplingRate: 0.25 }))
    ).filter((r) => r.custom);
    expect(rule.inputs).toMatchObject({
      ruleName: "shop-api-qa",
      serviceName: "shop-api-qa",
      fixedRate: 0.25,
      reservoirSize: 1,
      priority: 1000,
    });
  });
});

describe("compute components built from their own args alone", () => {
  it("ImageRepository: immutable, scanned, the newest images kept, kept on destroy unless forceDelete", async () => {
    const { ImageRepository } = await import("../../stacks/compute/repository");
    const resources = await buildComponent(() => new ImageRepository("r", { repositoryName: "shop-api-qa", imagesToKeep: 5 }));
    expect(resources.find((r) => r.type === "aws:ecr/repository:Repository")?.inputs).toMatchObject({
      name: "shop-api-qa",
      imageTagMutability: "IMMUTABLE",
      forceDelete: false,
    });
    expect(String(resources.find((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy")?.inputs.policy)).toContain('"countNumber":5');
  });

  it("ServiceDiscovery: a private namespace in the VPC and the api service, named api.<namespace>", async () => {
    const { ServiceDiscovery } = await import("../../stacks/compute/discovery");
    let dnsName = "";
    const resources = await buildComponent(() => {
      const d = new ServiceDiscovery("d", { namespace: "qa.shop.internal", system: "shop", environmentSuffix: "qa", vpcId: "vpc-1" });
      dnsName = d.dnsName;
      return d;
    });
    expect(dnsName).toBe("api.qa.shop.internal");
    expect(resources.find((r) => r.type === "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")?.inputs).toMatchObject({
      name: "qa.shop.internal",
      vpc: "vpc-1",
      description: "Service discovery of the shop API (qa)",
    });
  });

  it("ApiLogs: the log group, and the PendingOrders filter only when asked for", async () => {
    const { ApiLogs } = await import("../../stacks/compute/logs");
    const plain = await buildComponent(() => new ApiLogs("l", { logGroupName: "shop-api-logs-qa", retentionInDays: 14 }));
    expect(plain.filter((r) => r.custom).map((r) => r.type)).toEqual(["aws:cloudwatch/logGroup:LogGroup"]);
    const counted = await buildComponent(
      () =>
        new ApiLogs("l", {
          logGroupName: "g",
          retentionInDays: 14,
          pendingOrders: { filterName: "f", namespace: "shop/qa", metricName: "PendingOrders" },
        }),
    );
    expect(counted.find((r) => r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter")?.inputs).toMatchObject({
      name: "f",
      metricTransformation: { namespace: "shop/qa", name: "PendingOrders" },
    });
  });
});

describe("the service's roles built from their own args alone", () => {
  it("ServiceRoles: the named roles, the execution role reading exactly the secrets given, the task role its path and namespace", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const { ServiceRoles } = await import("../../stacks/compute/roles");
    const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-payment-qa-abc123";
    const resources = await buildComponent(
      () =>
        new ServiceRoles("r", {
          names: { execution: "shop-exec-qa", task: "shop-task-qa", infrastructure: "shop-infra-qa" },
          region: "us-east-1",
          image: { kind: "none" },
          configurationPath: "/shop/qa",
          metricsNamespace: "shop/qa",
          repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/shop-api-qa",
          logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:shop-api-qa",
          secrets: pulumi.output([{ name: "PAYMENT_API_KEY", valueFrom: `${secretArn}:paymentApiKey::` }]),
        }),
    );
    expect(
      resources
        .filter((r) => r.type === "aws:iam/role:Role")
        .map((r) => r.inputs.name)
        .sort(),
    ).toEqual(["shop-exec-qa", "shop-infra-qa", "shop-task-qa"]);
    const policyOf = (role: string) =>
      String(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role)?.inputs.policy);
    expect(policyOf("shop-exec-qa")).toContain(secretArn);
    expect(policyOf("shop-task-qa")).toContain("parameter/shop/qa");
    expect(policyOf("shop-task-qa")).not.toContain("ssmmessages");
  });
});

describe("the application's configuration built from its own args alone", () => {
  it("AppConfig: one String parameter a value under the path, in the order given", async () => {
    const { AppConfig } = await import("../../stacks/compute/parameters");
    const parameters = [
      { id: "region", env: "APP_REGION", description: "Region", value: "eu-west-1" },
      { id: "log-level", env: "LOG_LEVEL", description: "Level", value: "info" },
    ];
    const resources = await buildComponent(() => new AppConfig("c", { path: "/shop/qa", parameters }));
    expect(
      resources.filter((r) => r.type === "aws:ssm/parameter:Parameter").map((r) => [r.inputs.name, r.inputs.insecureValue, r.inputs.type]),
    ).toEqual([
      ["/shop/qa/region", "eu-west-1", "String"],
      ["/shop/qa/log-level", "info", "String"],
    ]);
  });
});

describe("service scaling built from its own args alone", () => {
  it("ServiceScaling: the bounds given, CPU always, memory and the backlog only when asked for", async () => {
    const { ServiceScaling } = await import("../../stacks/compute/scaling");
    const base = { clusterName: "c", serviceName: "s", minTasks: 2, maxTasks: 6, cpuPolicyName: "cpu" };
    const cpuOnly = await buildComponent(() => new ServiceScaling("x", base));
    expect(cpuOnly.find((r) => r.type === "aws:appautoscaling/target:Target")?.inputs).toMatchObject({
      minCapacity: 2,
      maxCapacity: 6,
      resourceId: "service/c/s",
    });
    expect(cpuOnly.filter((r) => r.type === "aws:appautoscaling/policy:Policy").map((r) => r.inputs.name)).toEqual(["cpu"]);
    const all = await buildComponent(
      () =>
        new ServiceScaling("x", {
          ...base,
          memory: { policyName: "mem", targetPercent: 80 },
          pendingOrders: {
            policyName: "po",
            targetPerTask: 50,
            metric: { namespace: "shop/qa", name: "PendingOrders" },
            burst: { policyName: "po-burst", alarmName: "po-burst-alarm" },
          },
        }),
    );
    const policies = all.filter((r) => r.type === "aws:appautoscaling/policy:Policy");
    expect(policies.map((r) => r.inputs.name).sort()).toEqual(["cpu", "mem", "po", "po-burst"]);
    expect(JSON.stringify(policies.find((r) => r.inputs.name === "po")?.inputs)).toContain('"namespace":"shop/qa"');
    const alarm = all.find((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarm?.inputs).toMatchObject({ name: "po-burst-alarm", threshold: 75, evaluationPeriods: 1, treatMissingData: "notBreaching" });
    expect(JSON.stringify(alarm?.inputs.metricQueries)).toContain('"namespace":"shop/qa"');
  });
});

describe("the API service built from its own args alone", () => {
  const apiServiceArgs = () => {
    const compute = parsePlatformConfig({ environmentSuffix: "qa" }, { stack: "s" }).compute;
    return {
      names: { cluster: "shop-cluster-qa", service: "shop-api-qa", taskFamily: "shop-api-qa" },
      region: "us-east-1",
      compute,
      logs: { logGroupName: "shop-api-logs-qa", retentionInDays: 14 },
      config: { path: "/shop/qa", parameters: [{ id: "region", env: "APP_REGION", description: "Region", value: "us-east-1" }] },
      roles: {
        names: { execution: "e", task: "t", infrastructure: "i" },
        region: "us-east-1",
        image: compute.image,
        configurationPath: "/shop/qa",
        metricsNamespace: "shop/qa",
      },
      desiredCount: 0,
      network: imported<NetworkOutputs>({ privateSubnetIds: ["subnet-pri"], serviceSecurityGroupId: "sg-svc" }),
      data: imported<import("../../shared").DataOutputs>({
        masterSecretArn: MASTER_SECRET,
        dbAppUserSecretArn: DB_USER_SECRET,
        appSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app",
      }),
      edge: imported<import("../../shared").EdgeOutputs>({
        blueTargetGroupArn: "arn:blue",
        greenTargetGroupArn: "arn:green",
        productionListenerRuleArn: "arn:prod",
        testListenerRuleArn: "arn:test",
        rollbackAlarmNames: ["a"],
      }),
      repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/shop-api-qa",
      repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api-qa",
    };
  };

  it("ApiService: the named cluster, task family and service, blue/green behind the rules given, tracing sidecar only with a tracing name", async () => {
    const args = apiServiceArgs();
    const resources = await buildComponent(() => new ApiService("api", args));
    expect(resources.find((r) => r.type === "aws:ecs/cluster:Cluster")?.inputs.name).toBe("shop-cluster-qa");
    const service = resources.find((r) => r.type === "aws:ecs/service:Service");
    expect(service?.inputs).toMatchObject({
      name: "shop-api-qa",
      desiredCount: 0,
      forceDelete: true,
      loadBalancers: [{ targetGroupArn: "arn:blue", advancedConfiguration: { alternateTargetGroupArn: "arn:green" } }],
    });
    const containers = (task: typeof resources) =>
      (
        JSON.parse(String(task.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")?.inputs.containerDefinitions)) as {
          name: string;
        }[]
      ).map((c) => c.name);
    expect(containers(resources)).toEqual(["api"]);
    const traced = await buildComponent(() => new ApiService("api", { ...args, tracingName: "shop-api-qa" }));
    expect(containers(traced)).toEqual(["api", "xray-daemon"]);
  });

  it("ApiService: injects the database credentials from the application user's secret, which the execution role may read", async () => {
    const resources = await buildComponent(() => new ApiService("api", apiServiceArgs()));
    const [container] = JSON.parse(
      String(resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")?.inputs.containerDefinitions),
    ) as { secrets: { name: string; valueFrom: string }[] }[];
    expect(container.secrets.filter((s) => s.name.startsWith("DB_"))).toEqual([
      { name: "DB_USERNAME", valueFrom: `${DB_USER_SECRET}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${DB_USER_SECRET}:password::` },
    ]);
    const execution = resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === "e");
    const injected = (JSON.parse(String(execution?.inputs.policy)) as PolicyDocument).Statement.find((st) => st.Sid === "InjectedSecrets");
    expect(injected?.Resource).toContain(DB_USER_SECRET);
  });

  it("ApiService: mentions the master secret ARN in no IAM document and no container definition, though the data layer exports it", async () => {
    const resources = await buildComponent(() => new ApiService("api", apiServiceArgs()));
    const documents = resources.flatMap((r) =>
      r.type === "aws:iam/rolePolicy:RolePolicy"
        ? [r.inputs.policy]
        : r.type === "aws:iam/role:Role"
          ? [r.inputs.assumeRolePolicy]
          : r.type === "aws:ecs/taskDefinition:TaskDefinition"
            ? [r.inputs.containerDefinitions]
            : [],
    );
    // The execution, task and infrastructure roles' trust and the execution and task policies, and the task's containers.
    expect(documents).toHaveLength(6);
    for (const document of documents) expect(String(document)).not.toContain(MASTER_SECRET);
    expect(JSON.stringify(resources.map((r) => r.inputs))).not.toContain(MASTER_SECRET);
  });
});

describe("the credential rollout built from its own args alone", () => {
  const names = { rule: "shop-rollout-qa", stateMachine: "shop-rollout-qa", role: "shop-rollout-qa", eventsRole: "shop-rollout-events-qa" };
  const build = () =>
    buildComponent(
      () =>
        new CredentialRollout("c", {
          names,
          region: "us-east-1",
          secretArn: DB_USER_SECRET,
          clusterName: "shop-cluster-qa",
          serviceName: "shop-api-qa",
        }),
    );

  it("CredentialRollout: the rule on the secret's rotations starts the named Standard state machine through its own role, with bounded retries", async () => {
    const resources = await build();
    const rule = resources.find((r) => r.type === "aws:cloudwatch/eventRule:EventRule");
    expect(rule?.inputs.name).toBe("shop-rollout-qa");
    expect(JSON.parse(String(rule?.inputs.eventPattern))).toEqual(rotationSucceededPattern(DB_USER_SECRET));
    const machine = resources.find((r) => r.type === "aws:sfn/stateMachine:StateMachine");
    expect(machine?.inputs).toMatchObject({
      name: "shop-rollout-qa",
      type: "STANDARD",
      roleArn: "arn:aws:iam::123456789012:role/shop-rollout-qa",
    });
    expect(machine?.inputs).not.toHaveProperty("loggingConfiguration");
    expect(JSON.parse(String(machine?.inputs.definition))).toEqual(
      rolloutDefinition({ partition: "aws", cluster: "shop-cluster-qa", service: "shop-api-qa" }),
    );
    const target = resources.find((r) => r.type === "aws:cloudwatch/eventTarget:EventTarget");
    expect(target?.inputs).toMatchObject({
      rule: "shop-rollout-qa",
      arn: machine?.computed?.arn,
      roleArn: "arn:aws:iam::123456789012:role/shop-rollout-events-qa",
      retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
    });
  });

  it("CredentialRollout: each role may do its one action on its one resource, and is trusted by its one service", async () => {
    const resources = await build();
    const machine = resources.find((r) => r.type === "aws:sfn/stateMachine:StateMachine");
    const role = (name: string) => resources.find((r) => r.type === "aws:iam/role:Role" && r.inputs.name === name);
    const policyOf = (name: string) =>
      JSON.parse(
        String(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === name)?.inputs.policy),
      ) as PolicyDocument;
    expect(policyOf("shop-rollout-qa")).toEqual(
      rolloutPolicy({
        partition: "aws",
        region: "us-east-1",
        accountId: "123456789012",
        cluster: "shop-cluster-qa",
        service: "shop-api-qa",
      }),
    );
    expect(policyOf("shop-rollout-events-qa")).toEqual(startRolloutPolicy(String(machine?.computed?.arn)));
    expect(JSON.parse(String(role("shop-rollout-qa")?.inputs.assumeRolePolicy))).toEqual(rolloutTrust("123456789012"));
    expect(JSON.parse(String(role("shop-rollout-events-qa")?.inputs.assumeRolePolicy))).toEqual(startRolloutTrust("123456789012"));
  });
});
