import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, policyDocument, serviceTrust } from "../../shared";

/**
 * An EventBridge event pattern: each field an array of the values it may
 * take (any one of them), or an object of nested fields (all of them).
 */
export interface EventPattern {
  readonly [field: string]: readonly string[] | EventPattern;
}

/**
 * The event Secrets Manager writes when a rotation of a secret succeeds:
 * CloudTrail's entry `RotationSucceeded` ("Generated when a secret is
 * successfully rotated"), which is not an API call but a service event
 * (`eventType` `AwsServiceEvent`) carrying the secret's full ARN in
 * `additionalEventData.SecretId`, as AWS's example entry of a rotation event
 * shows ("AWS CloudTrail entries for Secrets Manager", log entries for rotation,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html;
 * "Match Secrets Manager events with EventBridge",
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html).
 * CloudTrail delivers service events to EventBridge's default bus with the
 * detail type "AWS Service Event via CloudTrail" ("AWS service events
 * delivered via AWS CloudTrail",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 */
export const ROTATION_SUCCEEDED = {
  source: "aws.secretsmanager",
  detailType: "AWS Service Event via CloudTrail",
  eventName: "RotationSucceeded",
} as const;

/** The pattern of the rotation success event of exactly one secret, by its full ARN. */
export function rotationSucceededPattern(secretArn: string): EventPattern {
  return {
    source: [ROTATION_SUCCEEDED.source],
    "detail-type": [ROTATION_SUCCEEDED.detailType],
    detail: { eventName: [ROTATION_SUCCEEDED.eventName], additionalEventData: { SecretId: [secretArn] } },
  };
}

/**
 * Whether EventBridge delivers `event` to a rule with `pattern`, for the
 * patterns this layer writes (exact values only, no operators): every field
 * of the pattern must be in the event with the same nesting; an array
 * matches when the event's value is one of its values, or, for an array in
 * the event, when the two arrays share a value; comparison is exact and
 * case-sensitive. "Create event patterns",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html,
 * and "Arrays in event patterns",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html.
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return false;
  const fields = event as Readonly<Record<string, unknown>>;
  return Object.entries(pattern).every(([field, expected]) => {
    const value = fields[field];
    if (!isValueList(expected)) return matchesEventPattern(expected, value);
    const values: unknown[] = Array.isArray(value) ? value : [value];
    return values.some((v) => typeof v === "string" && expected.includes(v));
  });
}

function isValueList(value: readonly string[] | EventPattern): value is readonly string[] {
  return Array.isArray(value);
}

/**
 * The task's integration: the AWS SDK integration of ECS's UpdateService,
 * called request-response (Step Functions waits for the API's answer, not
 * for the deployment). "Learning to use AWS service SDK integrations in Step
 * Functions", https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html.
 */
export function updateServiceResource(partition: string): string {
  return `arn:${partition}:states:::aws-sdk:ecs:updateService`;
}

/**
 * The errors the task retries. An SDK integration names a service's error
 * `<Service>.<Error>` in PascalCase (the page above): ECS answers
 * `ThrottlingException` when its request rate is exceeded ("Request
 * throttling for the Amazon ECS API",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html)
 * and `ServerException` for its own failures (UpdateService, Errors,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html).
 * `Ecs.EcsException` is the SDK's name for an ECS error its model does not
 * list for the operation; AWS does not document that Step Functions reports
 * throttling under it, so it is here as a bounded precaution. Client errors
 * (a deleted service, a denied call) are not retried: another try cannot fix them.
 */
export const ROLLOUT_RETRIED_ERRORS = ["Ecs.ThrottlingException", "Ecs.ServerException", "Ecs.EcsException"] as const;

/** Five retries 5, 10, 20, 40 and 80 seconds apart: under three minutes in all, well inside the execution's timeout. */
export const ROLLOUT_RETRY = { IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 5 } as const;

/** The execution's timeout: the API call and its retries take minutes at most; a hung execution ends here. */
export const ROLLOUT_TIMEOUT_SECONDS = 600;

/** The name of the state machine's one state. */
export const ROLLOUT_STATE = "ForceNewDeployment";

/** The task of the state machine, as Amazon States Language. */
export interface RolloutTask {
  readonly Type: "Task";
  readonly Resource: string;
  readonly Parameters: { readonly Cluster: string; readonly Service: string; readonly ForceNewDeployment: true };
  readonly Retry: readonly {
    readonly ErrorEquals: readonly string[];
    readonly IntervalSeconds: number;
    readonly BackoffRate: number;
    readonly MaxAttempts: number;
  }[];
  readonly End: true;
}

/** The state machine's definition, as Amazon States Language. */
export interface RolloutDefinition {
  readonly Comment: string;
  readonly StartAt: typeof ROLLOUT_STATE;
  readonly TimeoutSeconds: number;
  readonly States: { readonly [ROLLOUT_STATE]: RolloutTask };
}

/**
 * One task: `UpdateService` of this cluster's service with
 * `ForceNewDeployment`, so ECS starts a deployment of the same task
 * definition whose new tasks resolve the secrets again. Its input (the
 * event) is not read: the cluster and service are fixed.
 */
export function rolloutDefinition(a: {
  readonly partition: string;
  readonly cluster: string;
  readonly service: string;
}): RolloutDefinition {
  return {
    Comment: `Replaces the tasks of ${a.service} so that they read the rotated database credentials`,
    StartAt: ROLLOUT_STATE,
    TimeoutSeconds: ROLLOUT_TIMEOUT_SECONDS,
    States: {
      [ROLLOUT_STATE]: {
        Type: "Task",
        Resource: updateServiceResource(a.partition),
        Parameters: { Cluster: a.cluster, Service: a.service, ForceNewDeployment: true },
        Retry: [{ ErrorEquals: [...ROLLOUT_RETRIED_ERRORS], ...ROLLOUT_RETRY }],
        End: true,
      },
    },
  };
}

/** What the state machine's role may act on: the service's ARN is built from these. */
export interface RolloutPolicyArgs {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly cluster: string;
  readonly service: string;
}

/**
 * The ARN of an ECS service (the long format, with the cluster's name), the
 * resource `ecs:UpdateService` authorizes against: Service Authorization
 * Reference, Amazon ECS, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html.
 */
export function ecsServiceArn(a: RolloutPolicyArgs): string {
  return `arn:${a.partition}:ecs:${a.region}:${a.accountId}:service/${a.cluster}/${a.service}`;
}

/** Trust of the state machine's role: Step Functions, for state machines of this account only. */
export function rolloutTrust(accountId: string): PolicyDocument {
  return serviceTrust("StepFunctionsOfThisAccount", "states.amazonaws.com", accountId);
}

/**
 * The state machine's permissions: `ecs:UpdateService` on the one service,
 * and nothing else. A Standard workflow keeps its execution history itself,
 * so the role needs no CloudWatch Logs delivery permissions.
 */
export function rolloutPolicy(a: RolloutPolicyArgs): PolicyDocument {
  return policyDocument([{ Sid: "ForceNewDeployment", Effect: "Allow", Action: ["ecs:UpdateService"], Resource: ecsServiceArn(a) }]);
}

/** Trust of the rule's role: EventBridge, for rules of this account only. */
export function startRolloutTrust(accountId: string): PolicyDocument {
  return serviceTrust("EventBridgeOfThisAccount", "events.amazonaws.com", accountId);
}

/**
 * The rule's permissions: start executions of the one state machine, as an
 * EventBridge target needs ("Step Functions state machine target", delivery role,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-custom-bus-target-sfn.html).
 */
export function startRolloutPolicy(stateMachineArn: string): PolicyDocument {
  return policyDocument([{ Sid: "StartRollout", Effect: "Allow", Action: ["states:StartExecution"], Resource: stateMachineArn }]);
}

/**
 * EventBridge delivery retries: an hour rides out throttling and a short
 * outage of Step Functions; the previous credentials stay valid far longer
 * (see {@link CredentialRollout}), and an event older than that is better
 * handled by hand than replayed late.
 */
export const ROLLOUT_DELIVERY_RETRY = { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 } as const;

/**
 * Standard, not Express. A Standard execution runs exactly once; an
 * asynchronous Express execution (the kind EventBridge starts) runs at least
 * once, and a duplicate would start a second deployment over the first.
 * Step Functions keeps a Standard execution's history for 90 days, where an
 * Express workflow has none without a CloudWatch Logs group and the log
 * delivery permissions on its role. Express's cheaper billing buys nothing
 * here: one short execution per rotation period costs a fraction of a cent
 * either way. "Choosing workflow type in Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html,
 * and "Execution guarantees",
 * https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html.
 */
export const ROLLOUT_WORKFLOW_TYPE = "STANDARD";

/** The physical names of the rollout's resources. */
export interface CredentialRolloutNames {
  readonly rule: string;
  readonly stateMachine: string;
  /** The state machine's role. */
  readonly role: string;
  /** The role EventBridge starts executions with. */
  readonly eventsRole: string;
}

export interface CredentialRolloutArgs {
  readonly names: CredentialRolloutNames;
  readonly region: string;
  /** The secret whose successful rotations replace the tasks: the data layer's application database user secret. */
  readonly secretArn: pulumi.Input<string>;
  /** The ECS cluster's name. */
  readonly clusterName: pulumi.Input<string>;
  /** The ECS service's name. */
  readonly serviceName: pulumi.Input<string>;
}

/**
 * Tasks follow the rotation of the application's database user secret.
 * ECS resolves a task's `DB_USERNAME` and `DB_PASSWORD` once, when the task
 * starts; a rotated secret reaches only tasks started afterwards, and a
 * service gets fresh tasks from a forced new deployment ("Pass Secrets
 * Manager secrets through Amazon ECS environment variables",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html).
 * So, on every successful rotation of exactly that secret:
 * - an EventBridge rule matches Secrets Manager's `RotationSucceeded` event for the secret's ARN;
 * - its target, through a role that may start only this state machine and with a bounded retry policy, starts
 * - a Standard Step Functions state machine with one task, `ecs:UpdateService` with `ForceNewDeployment` on the
 *   service (the AWS SDK integration, no function code), retried on throttling and ECS's server errors, under
 * - a role that may call `ecs:UpdateService` on that one service and nothing else.
 *
 * Why this is in time: the secret rotates with alternating users. Each
 * rotation changes the password of the user the secret did not hold and
 * makes it current; the user the running tasks hold keeps its password, and
 * both users' credentials stay valid after the rotation ("Rotation strategy:
 * alternating users", https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html).
 * The running tasks' user, now the previous one, has its password changed
 * only at the next rotation, one rotation period later (the data layer's
 * `dbAppUserRotationDays`, 30 by default). The blue/green deployment that
 * replaces the tasks takes minutes, so every task runs as the current user
 * well before the previous user's password changes. An event that never
 * arrives (AWS services deliver events to CloudTrail on a best-effort basis:
 * "AWS Secrets Manager events",
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-secretsmanager.html)
 * leaves that whole period for the manual
 * `aws ecs update-service --force-new-deployment`.
 */
export class CredentialRollout extends pulumi.ComponentResource {
  public readonly ruleName: pulumi.Output<string>;
  public readonly stateMachineArn: pulumi.Output<string>;

  constructor(name: string, args: CredentialRolloutArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:compute:CredentialRollout", name, {}, opts);
    const { names, region } = args;
    const account = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });

    const role = new aws.iam.Role(
      `${name}-rollout`,
      {
        name: names.role,
        description: "Credential rollout state machine: force a new deployment of the API's ECS service",
        assumeRolePolicy: account.accountId.apply((accountId) => JSON.stringify(rolloutTrust(accountId))),
      },
      { parent: this },
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-rollout`,
      {
        role: role.name,
        policy: pulumi
          .all([partition.partition, account.accountId, args.clusterName, args.serviceName])
          .apply(([part, accountId, cluster, service]) =>
            JSON.stringify(rolloutPolicy({ partition: part, region, accountId, cluster, service })),
          ),
      },
      { parent: this },
    );
    const stateMachine = new aws.sfn.StateMachine(
      `${name}-rollout`,
      {
        name: names.stateMachine,
        type: ROLLOUT_WORKFLOW_TYPE,
        roleArn: role.arn,
        definition: pulumi
          .all([partition.partition, args.clusterName, args.serviceName])
          .apply(([part, cluster, service]) => JSON.stringify(rolloutDefinition({ partition: part, cluster, service }))),
      },
      // The role's policy exists before the state machine, so no execution ever runs without it.
      { parent: this, dependsOn: [rolePolicy] },
    );

    const eventsRole = new aws.iam.Role(
      `${name}-start`,
      {
        name: names.eventsRole,
        description: "EventBridge: start the credential rollout state machine when the database user secret rotates",
        assumeRolePolicy: account.accountId.apply((accountId) => JSON.stringify(startRolloutTrust(accountId))),
      },
      { parent: this },
    );
    const eventsPolicy = new aws.iam.RolePolicy(
      `${name}-start`,
      { role: eventsRole.name, policy: stateMachine.arn.apply((arn) => JSON.stringify(startRolloutPolicy(arn))) },
      { parent: this },
    );
    const rule = new aws.cloudwatch.EventRule(
      `${name}-rotation`,
      {
        name: names.rule,
        description: "Secrets Manager rotated the API's database user secret: replace the API's tasks",
        eventPattern: pulumi.output(args.secretArn).apply((arn) => JSON.stringify(rotationSucceededPattern(arn))),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-rotation`,
      { rule: rule.name, arn: stateMachine.arn, roleArn: eventsRole.arn, retryPolicy: { ...ROLLOUT_DELIVERY_RETRY } },
      { parent: this, dependsOn: [eventsPolicy] },
    );

    this.ruleName = rule.name;
    this.stateMachineArn = stateMachine.arn;
    this.registerOutputs({ ruleName: this.ruleName, stateMachineArn: this.stateMachineArn });
  }
}
