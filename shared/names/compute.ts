import { NameKind } from "../naming";

/**
 * The compute layer's physical names. The edge layer's dashboard and alarms
 * use the cluster and service names too, so they are right before compute
 * first deploys.
 */
export const COMPUTE_NAMES = {
  ecsCluster: { type: "cluster", rule: "ecs" },
  ecsService: { type: "api", rule: "ecs" },
} as const satisfies Record<string, NameKind>;
