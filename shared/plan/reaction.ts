/*
 * The reaction time of a planned stack: from a burst of work (pending orders,
 * or CPU for an API without a backlog) to the first new task taking traffic,
 * term by term. What the plan fixes is read off the planned resources (the
 * report interval, the alarm's period and data points, the target groups'
 * health checks, the service's grace period); what it cannot is an assumption
 * of shared/aws/scaling.ts, named with its page. A term may be shown without
 * being counted, with the reason.
 */
import {
  FARGATE_TASK_START_SECONDS,
  METRIC_EXTRACTION_SECONDS,
  POLICY_EXECUTION_SECONDS,
  TARGET_REGISTRATION_SECONDS,
  TARGET_TRACKING_SCALE_OUT,
} from "../aws";
import { PENDING_ORDERS_HIGH_RES_METRIC_NAME, QUEUE_DEPTH_REPORT_SECONDS } from "../metrics";
import { num } from "../policy/props";
import { LayerPlan, Plan } from "./runner";

/** The goal for an API that takes webhook bursts (the order API: the pending-orders metric is on). */
export const BURST_REACTION_GOAL_SECONDS = 90;

/** One term of the reaction time. */
export interface ReactionTerm {
  readonly term: string;
  readonly seconds: number;
  /** False for a term shown for completeness that does not add to the time (see `why`). */
  readonly counted: boolean;
  /** Where the figure comes from: the planned resource and input, or the assumption's page. */
  readonly source: string;
  readonly why?: string;
}

/** A stack's reaction time. */
export interface Reaction {
  /** `burst`: the 10-second alarm and step policy on the high-resolution backlog; `targetTracking`: the one-minute path. */
  readonly path: "burst" | "targetTracking";
  readonly seconds: number;
  /** The goal the stack is held to, when it has one. */
  readonly goalSeconds?: number;
  readonly terms: readonly ReactionTerm[];
}

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

function layer(plan: Plan, name: string): LayerPlan {
  const found = plan.layers.find((l) => l.layer === name);
  if (found === undefined) throw new Error(`the reaction time needs the ${name} layer in the plan`);
  return found;
}

/** The burst alarm: the one whose metric math reads the high-resolution backlog. */
function burstAlarm(compute: LayerPlan) {
  return compute.resources.find(
    (r) => r.type === ALARM && JSON.stringify(r.inputs.metricQueries ?? []).includes(PENDING_ORDERS_HIGH_RES_METRIC_NAME),
  );
}

/** The slowest of the target groups' health checks to mark a new target healthy: interval x healthy threshold. */
function healthCheckTerm(edge: LayerPlan): ReactionTerm {
  const checks = edge.resources
    .filter((r) => r.type === "aws:lb/targetGroup:TargetGroup")
    .map((r) => ({ name: r.name, check: (r.inputs.healthCheck ?? {}) as Record<string, unknown> }))
    .map(({ name, check }) => ({ name, interval: num(check.interval) ?? 30, healthy: num(check.healthyThreshold) ?? 5 }));
  if (checks.length === 0) throw new Error("the reaction time needs the edge layer's target groups");
  const slowest = checks.reduce((a, b) => (b.interval * b.healthy > a.interval * a.healthy ? b : a));
  return {
    term: `health checks: ${slowest.interval} s interval x ${slowest.healthy} healthy checks`,
    seconds: slowest.interval * slowest.healthy,
    counted: true,
    source: `edge ${slowest.name}: healthCheck.interval, healthCheck.healthyThreshold`,
  };
}

const assumed = (term: string, f: { readonly value: number; readonly source: string; readonly note?: string }): ReactionTerm => ({
  term,
  seconds: f.value,
  counted: true,
  source: f.source,
  why: f.note,
});

/** The reaction time of a plan that holds the compute and edge layers; `taskStartSeconds` overrides the Fargate start assumption. */
export function reactionTime(plan: Plan, taskStartSeconds = FARGATE_TASK_START_SECONDS.value): Reaction {
  const compute = layer(plan, "compute");
  const edge = layer(plan, "edge");
  const service = compute.resources.find((r) => r.type === "aws:ecs/service:Service");
  const grace = num(service?.inputs.healthCheckGracePeriodSeconds) ?? 0;
  const alarm = burstAlarm(compute);
  const detection: ReactionTerm[] =
    alarm === undefined
      ? [
          {
            term: "metric: one-minute data (CPU, or the backlog's log metric filter)",
            seconds: 60,
            counted: true,
            source: "ECSServiceAverageCPUUtilization and metric filters publish one data point a minute",
          },
          {
            term: `target tracking's scale-out alarm: ${TARGET_TRACKING_SCALE_OUT.value.datapoints} x ${TARGET_TRACKING_SCALE_OUT.value.periodSeconds} s`,
            seconds: TARGET_TRACKING_SCALE_OUT.value.datapoints * TARGET_TRACKING_SCALE_OUT.value.periodSeconds,
            counted: true,
            source: TARGET_TRACKING_SCALE_OUT.source,
            why: TARGET_TRACKING_SCALE_OUT.note,
          },
        ]
      : burstDetection(alarm.inputs, alarm.name);
  const terms: ReactionTerm[] = [
    ...detection,
    assumed("policy execution: the alarm action to ECS's new desired count", POLICY_EXECUTION_SECONDS),
    {
      ...assumed("Fargate task start: capacity, network interface, image pull, container start", FARGATE_TASK_START_SECONDS),
      seconds: taskStartSeconds,
    },
    assumed("target registration in the target group", TARGET_REGISTRATION_SECONDS),
    healthCheckTerm(edge),
    {
      term: `health check grace period: ${grace} s`,
      seconds: grace,
      counted: false,
      source: `compute ${service?.name ?? "service"}: healthCheckGracePeriodSeconds`,
      why: "ECS ignores failing load balancer health checks for this long; a task that passes them takes traffic at once, so the grace period bounds a slow start and delays no fast one",
    },
  ];
  const seconds = terms.filter((t) => t.counted).reduce((sum, t) => sum + t.seconds, 0);
  return {
    path: alarm === undefined ? "targetTracking" : "burst",
    seconds,
    ...(alarm === undefined ? {} : { goalSeconds: BURST_REACTION_GOAL_SECONDS }),
    terms,
  };
}

/** The burst path's detection terms, from the alarm's planned inputs. */
function burstDetection(inputs: Readonly<Record<string, unknown>>, name: string): ReactionTerm[] {
  const queries = (inputs.metricQueries ?? []) as { metric?: { period?: unknown } }[];
  const period = Math.max(...queries.map((q) => num(q.metric?.period) ?? 0));
  const datapoints = num(inputs.datapointsToAlarm) ?? num(inputs.evaluationPeriods) ?? 1;
  return [
    {
      term: `report interval: each task's queue-depth line every ${QUEUE_DEPTH_REPORT_SECONDS} s (one-second storage resolution)`,
      seconds: QUEUE_DEPTH_REPORT_SECONDS,
      counted: true,
      source: "the application contract (stacks/compute/README.md, the pending-orders log line)",
    },
    assumed("log ingestion and embedded metric extraction", METRIC_EXTRACTION_SECONDS),
    {
      term: `alarm: ${period} s period x ${datapoints} data point${datapoints === 1 ? "" : "s"} to alarm`,
      seconds: period * datapoints,
      counted: true,
      source: `compute ${name}: metricQueries[].metric.period, datapointsToAlarm`,
    },
  ];
}

/** The plan's reaction section: the figure, the goal when there is one, and every term. */
export function reactionSummary(r: Reaction): string {
  const goal = r.goalSeconds === undefined ? "" : `, goal ${r.goalSeconds} s: ${r.seconds <= r.goalSeconds ? "met" : "MISSED"}`;
  const lines = r.terms.map(
    (t) => `   ${t.counted ? String(t.seconds).padStart(4) : "   -"} s  ${t.term}${t.counted ? "" : ` (not added: ${t.why ?? ""})`}`,
  );
  return [
    `== reaction to a burst (${r.path === "burst" ? "10-second alarm, step scaling" : "target tracking"}): ${r.seconds} s${goal}`,
    ...lines,
  ].join("\n");
}
