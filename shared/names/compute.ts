import { NameKind } from "../naming";

/**
 * The compute layer's physical names. The edge layer's dashboard and alarms
 * use the cluster and service names too, so they are right before compute
 * first deploys.
 */
export const COMPUTE_NAMES = {
  ecsCluster: { type: "cluster", rule: "ecs" },
  ecsService: { type: "api", rule: "ecs" },
  /** The task definition family (same character rule as services). */
  taskFamily: { type: "api", rule: "ecs" },
  ecrRepository: { type: "api", rule: "ecr" },
  apiLogGroup: { type: "api-logs", rule: "logGroup" },
  /** CloudWatch Logs metric filter names: the generic rule keeps them clear of `:` and `*`. */
  pendingOrdersFilter: { type: "pending-orders", rule: "generic" },
  executionRole: { type: "api-execution", rule: "iamRole" },
  taskRole: { type: "api-task", rule: "iamRole" },
  infrastructureRole: { type: "ecs-infrastructure", rule: "iamRole" },
  cpuScalingPolicy: { type: "api-cpu", rule: "generic" },
  memoryScalingPolicy: { type: "api-memory", rule: "generic" },
  /** The X-Ray sampling rule of the API (rule names: at most 32 characters). */
  xraySamplingRule: { type: "api", rule: "xraySamplingRule" },
  pendingOrdersScalingPolicy: { type: "api-pending-orders", rule: "generic" },
  /** The step scaling policy on a burst of pending orders, and the 10-second alarm that triggers it. */
  pendingOrdersBurstPolicy: { type: "api-pending-orders-burst", rule: "generic" },
  pendingOrdersBurstAlarm: { type: "pending-orders-burst", rule: "alarm" },
  /** The EventBridge rule on the database user secret's successful rotations. */
  credentialRolloutRule: { type: "credential-rollout", rule: "eventRule" },
  /**
   * The Step Functions state machine that forces a new deployment
   * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html).
   */
  credentialRolloutStateMachine: { type: "credential-rollout", rule: "stateMachine" },
  /** The state machine's role (`ecs:UpdateService` on the service). */
  credentialRolloutRole: { type: "credential-rollout", rule: "iamRole" },
  /** The role EventBridge starts the state machine with. */
  credentialRolloutEventsRole: { type: "credential-rollout-events", rule: "iamRole" },
} as const satisfies Record<string, NameKind>;

/**
 * The Cloud Map service's name: the DNS label of the API in its namespace
 * (`api.<namespace>`). It is a label, not a `<system>-<type>-<suffix>` name:
 * the namespace already carries the system and the suffix.
 */
export const DISCOVERY_SERVICE_NAME = "api";
