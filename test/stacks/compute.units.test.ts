import { parsePlatformConfig, placeTasks } from "../../shared/config";
import { PolicyDocument } from "../../shared/iam";
import { pendingOrdersMetric } from "../../shared/metrics";
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
import {
  ecsServiceArn,
  matchesEventPattern,
  ROLLOUT_RETRY,
  ROLLOUT_STATE,
  rolloutDefinition,
  rolloutPolicy,
  rolloutTrust,
  rotationSucceededPattern,
  startRolloutPolicy,
  startRolloutTrust,
} from "../../stacks/compute/credentialRollout";
import { tracingName } from "../../stacks/compute/tracing";
import { lifecyclePolicy } from "../../stacks/compute/repository";
import { pendingOrdersPerTask, scalingBounds } from "../../stacks/compute/scaling";
import { capacityProviderStrategy, initialDesiredCount } from "../../stacks/compute/service";

const REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-api-dev";
const DB_USER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-app-user-dev-AbCdEf";
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

  it("injects the application database user's credentials and each application secret key by JSON key, then the parameters", () => {
    const secrets = containerSecrets({
      dbAppUserSecretArn: DB_USER,
      appSecretArn: APP,
      appSecretKeys: ["apiKey"],
      parameters: [{ env: "DB_PORT", arn: "arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/db-port" }],
    });
    expect(secrets).toEqual([
      { name: "DB_USERNAME", valueFrom: `${DB_USER}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${DB_USER}:password::` },
      { name: "API_KEY", valueFrom: `${APP}:apiKey::` },
      { name: "DB_PORT", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/db-port" },
    ]);
    expect(secretArnOf(secretKeyRef(DB_USER, "password"))).toBe(DB_USER);
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
      secretArns: [DB_USER, DB_USER, APP],
      ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
      parameterArns: ["arn:aws:ssm:us-east-1:123456789012:parameter/orders/dev/db-port"],
    });

  it("gives the execution role exactly the injected secrets, deduplicated, and decrypts only through Secrets Manager", () => {
    const doc = exec("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    expect(doc.Statement.find((s) => s.Sid === "InjectedSecrets")?.Resource).toEqual([DB_USER, APP]);
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

describe("credential rollout units", () => {
  const OTHER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-app-user-qa-XyZ123";
  /**
   * A rotation success event as EventBridge delivers it: the envelope of a CloudTrail service event around the
   * log entry, whose fields follow AWS's example rotation entry (cloudtrail_log_entries.html).
   */
  const rotationEvent = (secretId: string, eventName = "RotationSucceeded", detailType = "AWS Service Event via CloudTrail") => ({
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": detailType,
    source: "aws.secretsmanager",
    account: "123456789012",
    time: "2026-12-03T02:17:48Z",
    region: "us-east-1",
    resources: [],
    detail: {
      eventVersion: "1.08",
      userIdentity: { accountId: "123456789012", invokedBy: "secretsmanager.amazonaws.com" },
      eventSource: "secretsmanager.amazonaws.com",
      eventName,
      awsRegion: "us-east-1",
      requestParameters: null,
      responseElements: null,
      additionalEventData: { SecretId: secretId },
      eventType: "AwsServiceEvent",
      managementEvent: true,
      recipientAccountId: "123456789012",
      eventCategory: "Management",
    },
  });
  const service = {
    partition: "aws",
    region: "us-east-1",
    accountId: "123456789012",
    cluster: "orders-cluster-dev",
    service: "orders-api-dev",
  };
  const SERVICE_ARN = "arn:aws:ecs:us-east-1:123456789012:service/orders-cluster-dev/orders-api-dev";
  const STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:orders-credential-rollout-dev";

  it("matches Secrets Manager's rotation success event of the database user secret and no other secret's or event's", () => {
    const pattern = rotationSucceededPattern(DB_USER);
    expect(pattern).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["AWS Service Event via CloudTrail"],
      detail: { eventName: ["RotationSucceeded"], additionalEventData: { SecretId: [DB_USER] } },
    });
    expect(matchesEventPattern(pattern, rotationEvent(DB_USER))).toBe(true);
    expect(matchesEventPattern(pattern, rotationEvent(OTHER))).toBe(false);
    for (const other of ["RotationStarted", "RotationFailed", "RotationAbandoned", "TestRotationSucceeded", "PutSecretValue"]) {
      expect(matchesEventPattern(pattern, rotationEvent(DB_USER, other))).toBe(false);
    }
    expect(matchesEventPattern(pattern, rotationEvent(DB_USER, "RotationSucceeded", "AWS API Call via CloudTrail"))).toBe(false);
    expect(matchesEventPattern(pattern, { ...rotationEvent(DB_USER), source: "aws.kms" })).toBe(false);
    // Exact and case-sensitive: a secret whose name only starts like this one, or differs in case, is another secret.
    expect(matchesEventPattern(pattern, rotationEvent(`${DB_USER}x`))).toBe(false);
    expect(matchesEventPattern(pattern, rotationEvent(DB_USER.toLowerCase()))).toBe(false);
  });

  it("matches as EventBridge does: every field of the pattern, nested alike, one of its values, or a shared value for an array", () => {
    const pattern = { source: ["a", "b"], detail: { tags: ["x"] } };
    expect(matchesEventPattern(pattern, { source: "b", detail: { tags: ["w", "x"] }, extra: 1 })).toBe(true);
    expect(matchesEventPattern(pattern, { source: "b", detail: { tags: ["w"] } })).toBe(false);
    expect(matchesEventPattern(pattern, { source: "b" })).toBe(false);
    expect(matchesEventPattern(pattern, { source: "b", detail: "x" })).toBe(false);
    expect(matchesEventPattern(pattern, { source: 1, detail: { tags: "x" } })).toBe(false);
    expect(matchesEventPattern(pattern, null)).toBe(false);
    expect(matchesEventPattern(pattern, [pattern])).toBe(false);
  });

  it("forces a new deployment of exactly this cluster's service in the state machine's one task, with bounded retries", () => {
    const definition = rolloutDefinition({ partition: "aws", cluster: "orders-cluster-dev", service: "orders-api-dev" });
    expect(definition.StartAt).toBe(ROLLOUT_STATE);
    expect(Object.keys(definition.States)).toEqual([ROLLOUT_STATE]);
    const task = definition.States[ROLLOUT_STATE];
    expect(task).toMatchObject({ Type: "Task", Resource: "arn:aws:states:::aws-sdk:ecs:updateService", End: true });
    expect(task.Parameters).toEqual({ Cluster: "orders-cluster-dev", Service: "orders-api-dev", ForceNewDeployment: true });
    expect(task.Retry).toEqual([
      {
        ErrorEquals: ["Ecs.ThrottlingException", "Ecs.ServerException", "Ecs.EcsException"],
        IntervalSeconds: 5,
        BackoffRate: 2,
        MaxAttempts: 5,
      },
    ]);
    // Every retry ends before the execution's timeout.
    const waits = Array.from(
      { length: ROLLOUT_RETRY.MaxAttempts },
      (_, i) => ROLLOUT_RETRY.IntervalSeconds * ROLLOUT_RETRY.BackoffRate ** i,
    );
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(definition.TimeoutSeconds);
    expect(rolloutDefinition({ partition: "aws-us-gov", cluster: "c", service: "s" }).States[ROLLOUT_STATE].Resource).toBe(
      "arn:aws-us-gov:states:::aws-sdk:ecs:updateService",
    );
  });

  it("lets the state machine's role call only ecs:UpdateService on the one service, trusted by Step Functions of this account only", () => {
    expect(ecsServiceArn(service)).toBe(SERVICE_ARN);
    const doc = rolloutPolicy(service);
    expect(actionsAndResources(doc)).toEqual({ actions: ["ecs:UpdateService"], resources: [SERVICE_ARN] });
    expect(doc.Statement.every((st) => st.Effect === "Allow" && st.Condition === undefined)).toBe(true);
    expect(iamPolicyViolations(JSON.stringify(doc))).toEqual([]);
    expect(rolloutTrust("123456789012").Statement).toEqual([
      {
        Sid: "StepFunctionsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "states.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });

  it("lets EventBridge's role only start the one state machine, trusted by EventBridge of this account only", () => {
    const doc = startRolloutPolicy(STATE_MACHINE);
    expect(actionsAndResources(doc)).toEqual({ actions: ["states:StartExecution"], resources: [STATE_MACHINE] });
    expect(iamPolicyViolations(JSON.stringify(doc))).toEqual([]);
    expect(startRolloutTrust("123456789012").Statement).toEqual([
      {
        Sid: "EventBridgeOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });
});
