import { PolicyDocument, policyDocument, serviceTrust } from "../../shared";

/** Trust for roles ECS tasks assume (execution and task role), from this account only. */
export function ecsTasksTrust(accountId: string): PolicyDocument {
  return serviceTrust("EcsTasksOfThisAccount", "ecs-tasks.amazonaws.com", accountId);
}

/** Trust of the infrastructure role ECS assumes to shift load balancer traffic in blue/green deployments. */
export function ecsInfrastructureTrust(): PolicyDocument {
  return serviceTrust("EcsInfrastructureManagement", "ecs.amazonaws.com");
}

/** What the execution role's policy is built from: every ARN it may touch, resolved. */
export interface ExecutionPolicyArgs {
  readonly region: string;
  /** ECR repositories the image may come from: this layer's, and the one an ECR `imageUri` names. */
  readonly repositoryArns: readonly string[];
  /** Regions of those repositories (where `ecr:GetAuthorizationToken` is called). */
  readonly registryRegions: readonly string[];
  readonly logGroupArn: string;
  /** The secrets the container's `secrets` read from Secrets Manager, as ARNs without JSON key. */
  readonly secretArns: readonly string[];
  /** The data layer's customer-managed key, when its secrets use one. */
  readonly kmsKeyArn?: string;
  /** The Parameter Store parameters the container's `secrets` read. */
  readonly parameterArns: readonly string[];
}

/**
 * The execution role (used by ECS and Fargate to start a task): pull the
 * image, create the container's log stream, and read exactly the injected
 * secrets and parameters. `ecr:GetAuthorizationToken` has no resource-level
 * permissions, so its `*` is limited to the registries' regions.
 */
export function executionPolicy(a: ExecutionPolicyArgs): PolicyDocument {
  return policyDocument([
    {
      Sid: "EcrAuthorization",
      Effect: "Allow",
      Action: ["ecr:GetAuthorizationToken"],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": [...new Set(a.registryRegions)] } },
    },
    {
      Sid: "PullImage",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: [...new Set(a.repositoryArns)],
    },
    { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${a.logGroupArn}:log-stream:*` },
    { Sid: "InjectedSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [...new Set(a.secretArns)] },
    a.kmsKeyArn === undefined
      ? undefined
      : {
          Sid: "DecryptSecrets",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: a.kmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${a.region}.amazonaws.com` } },
        },
    { Sid: "InjectedParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [...a.parameterArns] },
  ]);
}

/** The Session Manager channel actions ECS Exec needs on the task role; they have no resource-level permissions. */
export const ECS_EXEC_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
] as const;

/**
 * What the X-Ray daemon does with the task role's credentials: upload
 * segments and its own telemetry, and fetch sampling rules and targets (and
 * report their statistics) for the SDK. These are exactly the actions of
 * AWS's AWSXRayDaemonWriteAccess; none has resource-level permissions.
 */
export const XRAY_DAEMON_ACTIONS = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
] as const;

export interface TaskPolicyArgs {
  readonly region: string;
  /** ARN of the configuration path itself, `arn:...:parameter/<system>/<suffix>`. */
  readonly parameterPathArn: string;
  /** The only CloudWatch namespace the application may publish to. */
  readonly metricsNamespace: string;
  readonly ecsExec: boolean;
  /** The X-Ray daemon sidecar runs with the task role. */
  readonly xray: boolean;
}

/**
 * The task role (the application's own identity): read its configuration
 * path, publish metrics to its own namespace only (PutMetricData has no
 * resource-level permissions: `*` limited by `cloudwatch:namespace`), and,
 * with ECS Exec on, open Session Manager channels in this region; with
 * X-Ray on, the daemon's actions, which take `*` only, limited to this region.
 */
export function taskPolicy(a: TaskPolicyArgs): PolicyDocument {
  return policyDocument([
    { Sid: "ReadConfigurationPath", Effect: "Allow", Action: ["ssm:GetParametersByPath"], Resource: a.parameterPathArn },
    { Sid: "ReadConfiguration", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: `${a.parameterPathArn}/*` },
    {
      Sid: "PublishOwnMetrics",
      Effect: "Allow",
      Action: ["cloudwatch:PutMetricData"],
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": a.metricsNamespace } },
    },
    a.ecsExec
      ? {
          Sid: "EcsExec",
          Effect: "Allow",
          Action: [...ECS_EXEC_ACTIONS],
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": a.region } },
        }
      : undefined,
    a.xray
      ? {
          Sid: "XRayDaemon",
          Effect: "Allow",
          Action: [...XRAY_DAEMON_ACTIONS],
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": a.region } },
        }
      : undefined,
  ]);
}
