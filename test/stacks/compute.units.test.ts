import { parsePlatformConfig, pendingOrdersMetric, placeTasks, PolicyDocument } from "../../shared";
import {
  apiContainer,
  containerSecrets,
  imageReference,
  pullRepositories,
  secretArnOf,
  secretKeyRef,
  UNCONFIGURED_TAG,
  XRAY_DAEMON_ADDRESS,
  xrayDaemonContainer,
} from "../../stacks/compute/container";
import {
  jsonField,
  matchesJsonFilter,
  parseJsonFilter,
  PENDING_ORDERS_PATTERN,
  PENDING_ORDERS_VALUE,
  SAMPLE_QUEUE_DEPTH_LINE,
} from "../../stacks/compute/logFilter";
import {
  ECS_EXEC_ACTIONS,
  ecsInfrastructureTrust,
  ecsTasksTrust,
  executionPolicy,
  taskPolicy,
  XRAY_DAEMON_ACTIONS,
} from "../../stacks/compute/policies";
import { iamPolicyViolations } from "../../shared/policy/iam";
import { tracingName } from "../../stacks/compute/tracing";
import { lifecyclePolicy } from "../../stacks/compute/repository";
import { pendingOrdersPerTask, scalingBounds } from "../../stacks/compute/scaling";
import { capacityProviderStrategy, initialDesiredCount } from "../../stacks/compute/service";

const REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api-dev";
const MASTER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1a2b-AbCdEf";
const APP = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-app-dev-AbCdEf";
const cfgOf = (raw: Record<string, string> = {}) => parsePlatformConfig({ environmentSuffix: "dev", ...raw }, { stack: "orders-dev" });

/** Every action and resource of a policy, flattened. */
function actionsAndResources(doc: PolicyDocument): { actions: string[]; resources: string[] } {
  const list = (v: string | readonly string[] | undefined) => (v === undefined ? [] : typeof v === "string" ? [v] : [...v]);
  return { actions: doc.Statement.flatMap((s) => list(s.Action)), resources: doc.Statement.flatMap((s) => list(s.Resource)) };
}

describe("pending-orders metric filter", () => {
  it("matches the documented queue-depth line and extracts its pending order count", () => {
    expect(matchesJsonFilter(PENDING_ORDERS_PATTERN, SAMPLE_QUEUE_DEPTH_LINE)).toBe(true);
    expect(jsonField(SAMPLE_QUEUE_DEPTH_LINE, PENDING_ORDERS_VALUE)).toBe(42);
    expect(matchesJsonFilter(PENDING_ORDERS_PATTERN, '{"level":"info","msg":"queue depth","pendingOrders":0}')).toBe(true);
  });

  it("ignores other lines, non-numeric or negative counts and plain text", () => {
    expect(matchesJsonFilter(PENDING_ORDERS_PATTERN, '{"level":"info","msg":"order created","orderId":"o-1"}')).toBe(false);
    expect(matchesJsonFilter(PENDING_ORDERS_PATTERN, '{"level":"info","msg":"order created","pendingOrders":3}')).toBe(false);
    expect(matchesJsonFilter(PENDING_ORDERS_PATTERN, '{"msg":"queue depth","pendingOrders":"42"}')).toBe(false);
    expect(matchesJsonFilter(PENDING_ORDERS_PATTERN, '{"msg":"queue depth","pendingOrders":-1}')).toBe(false);
    expect(matchesJsonFilter(PENDING_ORDERS_PATTERN, "queue depth pendingOrders=42")).toBe(false);
    expect(matchesJsonFilter(PENDING_ORDERS_PATTERN, '{"msg":"queue depth"}')).toBe(false);
  });

  it("reads nested paths and every comparison of the filter subset", () => {
    const line = '{"a":{"b":5},"s":"x"}';
    expect(matchesJsonFilter("{ $.a.b = 5 }", line)).toBe(true);
    expect(matchesJsonFilter("{ $.a.b != 5 }", line)).toBe(false);
    expect(matchesJsonFilter("{ $.a.b > 4 && $.a.b < 6 }", line)).toBe(true);
    expect(matchesJsonFilter("{ $.a.b <= 4 }", line)).toBe(false);
    expect(matchesJsonFilter('{ $.s != "y" }', line)).toBe(true);
    expect(matchesJsonFilter("{ $.s.t = 1 }", line)).toBe(false);
    expect(jsonField("[1]", "$.a")).toBeUndefined();
  });

  it("writes each condition in parentheses, the form CloudWatch Logs documents for conditions joined by &&", () => {
    expect(PENDING_ORDERS_PATTERN).toBe('{ ($.msg = "queue depth") && ($.pendingOrders >= 0) }');
    expect(parseJsonFilter('{ ($.a = 1) && $.s = "x" }')).toEqual([
      { path: ["a"], op: "=", value: 1 },
      { path: ["s"], op: "=", value: "x" },
    ]);
    expect(matchesJsonFilter('{ ($.msg = "queue depth") }', SAMPLE_QUEUE_DEPTH_LINE)).toBe(true);
  });

  it("refuses patterns outside the subset it understands", () => {
    expect(() => parseJsonFilter("ERROR")).toThrow("not a JSON filter pattern: ERROR");
    expect(() => parseJsonFilter('{ $.msg > "a" }')).toThrow('unsupported condition: $.msg > "a"');
    expect(() => parseJsonFilter("{ $.x IS TRUE }")).toThrow("unsupported condition");
    expect(() => parseJsonFilter("{ ($.a = 1 }")).toThrow("unsupported condition: ($.a = 1");
    expect(() => parseJsonFilter("{ (($.a = 1)) }")).toThrow("unsupported condition: (($.a = 1))");
    expect(parseJsonFilter(PENDING_ORDERS_PATTERN)).toEqual([
      { path: ["msg"], op: "=", value: "queue depth" },
      { path: ["pendingOrders"], op: ">=", value: 0 },
    ]);
  });
});

describe("container", () => {
  it("runs the configured tag, digest or URI, and a never-pulled placeholder without one", () => {
    expect(imageReference({ kind: "tag", tag: "1.4.2" }, REPO)).toBe(`${REPO}:1.4.2`);
    expect(imageReference({ kind: "digest", digest: `sha256:${"a".repeat(64)}` }, REPO)).toBe(`${REPO}@sha256:${"a".repeat(64)}`);
    expect(imageReference({ kind: "uri", uri: "public.ecr.aws/x/api:2" }, REPO)).toBe("public.ecr.aws/x/api:2");
    expect(imageReference({ kind: "none" }, REPO)).toBe(`${REPO}:${UNCONFIGURED_TAG}`);
    expect(UNCONFIGURED_TAG).not.toBe("latest");
  });

  it("pulls from this repository, and also from the ECR repository an image URI names", () => {
    const own = { arn: "arn:aws:ecr:us-east-1:123456789012:repository/orders-api-dev", region: "us-east-1" };
    expect(pullRepositories({ kind: "tag", tag: "1" }, own, "aws")).toEqual([own]);
    expect(pullRepositories({ kind: "uri", uri: "public.ecr.aws/x/api:2" }, own, "aws")).toEqual([own]);
    expect(pullRepositories({ kind: "uri", uri: "210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/api:2" }, own, "aws")).toEqual([
      own,
      { arn: "arn:aws:ecr:eu-west-1:210987654321:repository/team/api", region: "eu-west-1" },
    ]);
  });

  it("injects the database credentials and each application secret key by JSON key, then the parameters", () => {
    const secrets = containerSecrets({
      masterSecretArn: MASTER,
      appSecretArn: APP,
      appSecretKeys: ["apiKey"],
      parameters: [{ env: "DB_PORT", arn: "arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/db-port" }],
    });
    expect(secrets).toEqual([
      { name: "DB_USERNAME", valueFrom: `${MASTER}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${MASTER}:password::` },
      { name: "API_KEY", valueFrom: `${APP}:apiKey::` },
      { name: "DB_PORT", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/db-port" },
    ]);
    expect(secretArnOf(secretKeyRef(MASTER, "password"))).toBe(MASTER);
    expect(secretArnOf("arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/db-port")).toBe(
      "arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/db-port",
    );
  });

  it("logs through awslogs without blocking the app and stops gracefully", () => {
    const c = apiContainer({
      image: "i:1",
      containerPort: 9000,
      secrets: [],
      logGroupName: "g",
      region: "eu-west-1",
      stopTimeoutSeconds: 90,
    });
    expect(c).toMatchObject({ essential: true, portMappings: [{ containerPort: 9000, protocol: "tcp" }], stopTimeout: 90 });
    expect(c.logConfiguration?.options).toMatchObject({ "awslogs-group": "g", "awslogs-region": "eu-west-1", mode: "non-blocking" });
    expect(c).not.toHaveProperty("environment");
  });
});

describe("IAM policy documents", () => {
  const exec = (kmsKeyArn?: string) =>
    executionPolicy({
      region: "us-east-1",
      repositoryArns: ["arn:aws:ecr:us-east-1:123456789012:repository/orders-api-dev"],
      registryRegions: ["us-east-1", "us-east-1"],
      logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:orders-api-logs-dev",
      secretArns: [MASTER, MASTER, APP],
      ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
      parameterArns: ["arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/db-port"],
    });

  it("gives the execution role exactly the injected secrets, deduplicated, and decrypts only through Secrets Manager", () => {
    const doc = exec("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    expect(doc.Statement.find((s) => s.Sid === "InjectedSecrets")?.Resource).toEqual([MASTER, APP]);
    expect(doc.Statement.find((s) => s.Sid === "DecryptSecrets")).toEqual({
      Sid: "DecryptSecrets",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
    });
    expect(exec().Statement.map((s) => s.Sid)).not.toContain("DecryptSecrets");
    expect(doc.Statement.find((s) => s.Sid === "EcrAuthorization")?.Condition).toEqual({
      StringEquals: { "aws:RequestedRegion": ["us-east-1"] },
    });
  });

  it("names every action and limits each wildcard resource with a condition", () => {
    const docs = [
      exec("arn:aws:kms:us-east-1:123456789012:key/k"),
      taskPolicy({
        region: "us-east-1",
        parameterPathArn: "arn:aws:ssm:us-east-1:1:parameter/o/d",
        metricsNamespace: "o/d",
        ecsExec: true,
        xray: true,
      }),
    ];
    for (const doc of docs) {
      expect(actionsAndResources(doc).actions.filter((a) => a.includes("*"))).toEqual([]);
      for (const s of doc.Statement.filter((st) => st.Resource === "*")) expect(s.Condition).toBeDefined();
    }
  });

  it("lets the task role publish only to its namespace, read its path, and open ECS Exec channels only when enabled", () => {
    const args = {
      region: "us-east-1",
      parameterPathArn: "arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev",
      metricsNamespace: "orders/dev",
    };
    const off = taskPolicy({ ...args, ecsExec: false, xray: false });
    expect(off.Statement.find((s) => s.Sid === "PublishOwnMetrics")?.Condition).toEqual({
      StringEquals: { "cloudwatch:namespace": "orders/dev" },
    });
    expect(actionsAndResources(off).resources).toEqual([
      "arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev",
      "arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/*",
      "*",
    ]);
    expect(actionsAndResources(off).actions.some((a) => a.startsWith("ssmmessages:"))).toBe(false);
    const on = taskPolicy({ ...args, ecsExec: true, xray: false });
    expect(on.Statement.find((s) => s.Sid === "EcsExec")).toMatchObject({
      Action: [...ECS_EXEC_ACTIONS],
      Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
    });
  });

  it("lets only ECS tasks of this account assume the task roles, and only ECS the infrastructure role", () => {
    expect(ecsTasksTrust("123456789012").Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      }),
    ]);
    expect(ecsInfrastructureTrust().Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
  });
});

describe("service shape", () => {
  it("mirrors the validated split in the capacity provider strategy ECS applies", () => {
    const split = { fargateBase: 2, fargateWeight: 1, spotWeight: 4 };
    const strategy = capacityProviderStrategy({ kind: "spot", ...split });
    expect(strategy).toEqual([
      { capacityProvider: "FARGATE", base: 2, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 4 },
    ]);
    const fromStrategy = {
      fargateBase: Number(strategy[0].base),
      fargateWeight: Number(strategy[0].weight),
      spotWeight: Number(strategy[1].weight),
    };
    expect(placeTasks(fromStrategy, 12)).toEqual(placeTasks(split, 12));
  });

  it("starts at zero tasks with scaling bounds 0..0 until an image is configured", () => {
    expect(initialDesiredCount(cfgOf())).toBe(0);
    expect(scalingBounds(cfgOf())).toEqual({ min: 0, max: 0 });
    expect(initialDesiredCount(cfgOf({ imageTag: "1.0.0" }))).toBe(3);
    expect(scalingBounds(cfgOf({ imageTag: "1.0.0", minTasks: "4", maxTasks: "8" }))).toEqual({ min: 4, max: 8 });
  });

  it("divides the pending orders by the service's running tasks from Container Insights", () => {
    const metrics = pendingOrdersPerTask(pendingOrdersMetric(cfgOf()), "orders-cluster-dev", "orders-api-dev");
    expect(metrics.filter((m) => m.returnData)).toEqual([
      { id: "perTask", label: "Pending orders per running task", expression: "pending / tasks", returnData: true },
    ]);
    expect(metrics.find((m) => m.id === "pending")?.metricStat).toEqual({
      stat: "Average",
      metric: { namespace: "orders/dev", metricName: "PendingOrders" },
    });
    expect(metrics.find((m) => m.id === "tasks")?.metricStat).toEqual({
      stat: "Average",
      metric: {
        namespace: "ECS/ContainerInsights",
        metricName: "RunningTaskCount",
        dimensions: [
          { name: "ClusterName", value: "orders-cluster-dev" },
          { name: "ServiceName", value: "orders-api-dev" },
        ],
      },
    });
  });

  it("expires all but the newest N images, tagged or not", () => {
    expect(JSON.parse(lifecyclePolicy(7))).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Keep the 7 most recent images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 7 },
          action: { type: "expire" },
        },
      ],
    });
  });
});

describe("tracing and on-demand units", () => {
  const container = {
    image: `${REPO}:1.0.0`,
    containerPort: 8080,
    secrets: [],
    logGroupName: "/ecs/x",
    region: "us-east-1",
    stopTimeoutSeconds: 60,
  };

  it("adds the daemon's address and the segment name to the API only when tracing, never as secrets", () => {
    expect(apiContainer(container)).not.toHaveProperty("environment");
    expect(apiContainer(container)).not.toHaveProperty("dependsOn");
    const traced = apiContainer({ ...container, tracingName: "payments-api-dev" });
    expect(traced.environment).toEqual([
      { name: "AWS_XRAY_DAEMON_ADDRESS", value: XRAY_DAEMON_ADDRESS },
      { name: "AWS_XRAY_TRACING_NAME", value: "payments-api-dev" },
    ]);
    expect(traced.secrets).toEqual([]);
  });

  it("keeps the daemon non-essential and bounded, with its own log stream prefix", () => {
    const daemon = xrayDaemonContainer({ logGroupName: "/ecs/x", region: "ap-southeast-1" });
    expect(daemon).toMatchObject({ name: "xray-daemon", essential: false, memory: 128, memoryReservation: 64, cpu: 32 });
    expect(daemon.logConfiguration?.options).toMatchObject({
      "awslogs-group": "/ecs/x",
      "awslogs-region": "ap-southeast-1",
      "awslogs-stream-prefix": "xray-daemon",
    });
  });

  it("traces under the ECS service's name", () => {
    expect(tracingName(cfgOf({ preset: "payments" }))).toBe("payments-api-dev");
  });

  it("grants the daemon's actions only with X-Ray on, in a statement the IAM policy accepts", () => {
    const args = {
      region: "ap-southeast-1",
      parameterPathArn: "arn:aws:ssm:ap-southeast-1:123456789012:parameter/payments/dev",
      metricsNamespace: "payments/dev",
      ecsExec: false,
    };
    expect(actionsAndResources(taskPolicy({ ...args, xray: false })).actions.some((a) => a.startsWith("xray:"))).toBe(false);
    const on = taskPolicy({ ...args, xray: true });
    expect(on.Statement.find((st) => st.Sid === "XRayDaemon")).toMatchObject({
      Action: [...XRAY_DAEMON_ACTIONS],
      Condition: { StringEquals: { "aws:RequestedRegion": "ap-southeast-1" } },
    });
    expect(iamPolicyViolations(JSON.stringify(on))).toEqual([]);
  });

  it("puts every task on FARGATE when the plan is on demand", () => {
    expect(capacityProviderStrategy({ kind: "onDemand" })).toEqual([{ capacityProvider: "FARGATE", base: 0, weight: 1 }]);
  });
});
