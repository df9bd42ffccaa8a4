import { fact } from "./fact";

/*
 * The delays between a burst of pending orders and a new task taking
 * traffic that the plan cannot read off the planned resources: AWS publishes
 * no figure for most of them, so each is an assumption, stated with the page
 * that describes the step and what the figure rests on. The reaction-time
 * model (shared/plan/reaction.ts) adds them to what the plan does fix
 * (report interval, alarm period, health checks).
 */

/** From the line reaching CloudWatch Logs to the extracted high-resolution data point being readable by an alarm. */
export const METRIC_EXTRACTION_SECONDS = fact({
  value: 10,
  source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html",
  read: "2026-12-03",
  note: "assumption: AWS publishes no latency for embedded metric format extraction; the awslogs driver sends a line within a second or two, and 10 s leaves room for the extraction",
});

/**
 * From the alarm entering ALARM to ECS raising the desired count: the alarm
 * invokes the step policy, which Application Auto Scaling applies at once
 * (outside a cooldown) with one UpdateService call.
 */
export const POLICY_EXECUTION_SECONDS = fact({
  value: 5,
  source: "https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-step-scaling-policies.html",
  read: "2026-12-03",
  note: "assumption: AWS publishes no figure for the time from an alarm action to the scalable target's new capacity",
});

/**
 * From ECS placing a new Fargate task to its container running: capacity,
 * the task's network interface, the image pull (Fargate caches no layers,
 * so the whole image every time) and the container start.
 */
export const FARGATE_TASK_START_SECONDS = fact({
  value: 40,
  source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html",
  read: "2026-12-03",
  note: "assumption for a Linux image of a few hundred MB in ECR in the task's region: AWS lists the steps (and https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-recommendations.html how to shorten them) but publishes no duration; measure yours in the service's events and set platform:scalingTaskStartSeconds",
});

/** From the task running to the load balancer sending its first health check: ECS registers the task's address in the target group. */
export const TARGET_REGISTRATION_SECONDS = fact({
  value: 5,
  source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/load-balancer-healthcheck.html",
  read: "2026-12-03",
  note: "assumption: AWS publishes no figure for the registration itself; the health checks that follow are counted from the target group's settings",
});

/**
 * The scale-out alarm target tracking creates for a one-minute metric: three
 * data points of 60 s. Used for a stack without the burst path.
 */
export const TARGET_TRACKING_SCALE_OUT = fact({
  value: { periodSeconds: 60, datapoints: 3 },
  source: "https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html",
  read: "2026-12-03",
  note: "the alarms Application Auto Scaling creates and manages; their evaluation settings are visible in CloudWatch, not set by the platform; three 1-minute data points is what they show for ECS services",
});
