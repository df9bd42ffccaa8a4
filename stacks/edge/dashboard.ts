import { MetricId } from "../../shared";

/** The resolved identities the dashboard's metrics are dimensioned by. */
export interface DashboardTargets {
  readonly region: string;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension. */
  readonly loadBalancer: string;
  /** `targetgroup/<name>/<id>` of each target group: the `TargetGroup` dimension. */
  readonly blueTargetGroup: string;
  readonly greenTargetGroup: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly dbClusterIdentifier: string;
  readonly webAclName: string;
  /** The order backlog metric; its widget is shown only when the API reports it. */
  readonly pendingOrders?: MetricId;
  /** Show unhealthy targets per target group (with the unhealthy-hosts alarm). */
  readonly unhealthyHosts?: boolean;
  /** Show the database's free local storage (with the low local storage alarm). */
  readonly dbFreeLocalStorage?: boolean;
  /** The cache's node ids (`CacheClusterId`), when the system has a cache. */
  readonly cacheNodes?: readonly string[];
  /** The API Gateway stage in front of the load balancer, when there is one. */
  readonly api?: ApiMetricsTarget;
}

/** The `ApiName` and `Stage` dimensions of a REST API stage's metrics. */
export interface ApiMetricsTarget {
  readonly apiName: string;
  readonly stageName: string;
}

/** Rendering options of one metric line, as CloudWatch dashboards take them. */
export interface MetricOptions {
  readonly id?: string;
  readonly stat?: string;
  readonly label?: string;
  readonly visible?: boolean;
}

/** One line of a metric widget: `[namespace, name, dim1, value1, ..., options?]` or a metric math expression. */
export type MetricLine =
  readonly (string | MetricOptions)[] | readonly [{ readonly expression: string; readonly label: string; readonly id: string }];

export interface MetricWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly stacked: false;
    readonly period: number;
    readonly stat: string;
    readonly metrics: readonly MetricLine[];
  };
}

export interface DashboardBody {
  readonly widgets: readonly MetricWidget[];
}

/** The period every widget aggregates over, in seconds. */
export const DASHBOARD_PERIOD = 60;

const WIDTH = 12;

/** The API Gateway stage's requests, errors and latency (total and the load balancer's share). */
function apiWidgets(api: ApiMetricsTarget): { title: string; stat: string; metrics: readonly MetricLine[] }[] {
  const metric = (name: string, opts: MetricOptions): MetricLine => [
    "AWS/ApiGateway",
    name,
    "ApiName",
    api.apiName,
    "Stage",
    api.stageName,
    opts,
  ];
  return [
    {
      title: "API Gateway requests, 4xx and 5xx",
      stat: "Sum",
      metrics: [
        metric("Count", { label: "Requests" }),
        metric("4XXError", { label: "4xx (missing key, throttled)" }),
        metric("5XXError", { label: "5xx" }),
      ],
    },
    {
      title: "API Gateway latency (ms)",
      stat: "p99",
      metrics: [
        metric("Latency", { stat: "p50", label: "p50" }),
        metric("Latency", { stat: "p99", label: "p99" }),
        metric("IntegrationLatency", { stat: "p99", label: "Integration p99" }),
      ],
    },
  ];
}
const HEIGHT = 6;

/**
 * The operations dashboard: every metric with the dimensions it needs to
 * show data (service, load balancer, target groups, database cluster, web
 * ACL, cache nodes), two widgets per row; the pending-orders, unhealthy-hosts
 * and local storage widgets only where the metric or its alarm exists. Pure,
 * so the body is deterministic.
 */
export function dashboardBody(t: DashboardTargets): DashboardBody {
  const ecs = ["ClusterName", t.clusterName, "ServiceName", t.serviceName];
  const lb = ["LoadBalancer", t.loadBalancer];
  const db = ["DBClusterIdentifier", t.dbClusterIdentifier];
  const waf = ["WebACL", t.webAclName, "Region", t.region, "Rule", "ALL"];
  const alb = (name: string, opts: MetricOptions): MetricLine => ["AWS/ApplicationELB", name, ...lb, opts];
  const healthy = (tg: string, label: string): MetricLine => [
    "AWS/ApplicationELB",
    "HealthyHostCount",
    "TargetGroup",
    tg,
    ...lb,
    { label },
  ];
  const unhealthy = (tg: string, label: string): MetricLine => [
    "AWS/ApplicationELB",
    "UnHealthyHostCount",
    "TargetGroup",
    tg,
    ...lb,
    { label },
  ];

  const specs: readonly { title: string; stat: string; metrics: readonly MetricLine[] }[] = [
    {
      title: "ECS CPU and memory utilization (%)",
      stat: "Average",
      metrics: [
        ["AWS/ECS", "CPUUtilization", ...ecs, { label: "CPU" }],
        ["AWS/ECS", "MemoryUtilization", ...ecs, { label: "Memory" }],
      ],
    },
    {
      title: "Running tasks",
      stat: "Average",
      metrics: [["ECS/ContainerInsights", "RunningTaskCount", ...ecs, { label: "Running tasks" }]],
    },
    { title: "Requests", stat: "Sum", metrics: [alb("RequestCount", { label: "Requests" })] },
    {
      title: "Target response time (s)",
      stat: "p99",
      metrics: [
        alb("TargetResponseTime", { stat: "p50", label: "p50" }),
        alb("TargetResponseTime", { stat: "p95", label: "p95" }),
        alb("TargetResponseTime", { stat: "p99", label: "p99" }),
      ],
    },
    {
      title: "4xx and 5xx responses",
      stat: "Sum",
      metrics: [
        alb("HTTPCode_Target_4XX_Count", { label: "Target 4xx" }),
        alb("HTTPCode_Target_5XX_Count", { label: "Target 5xx" }),
        alb("HTTPCode_ELB_4XX_Count", { label: "Load balancer 4xx" }),
        alb("HTTPCode_ELB_5XX_Count", { label: "Load balancer 5xx" }),
      ],
    },
    {
      title: "Healthy hosts per target group",
      stat: "Minimum",
      metrics: [healthy(t.blueTargetGroup, "Blue"), healthy(t.greenTargetGroup, "Green")],
    },
    {
      title: "Aurora connections and CPU",
      stat: "Maximum",
      metrics: [
        ["AWS/RDS", "DatabaseConnections", ...db, { label: "Connections" }],
        ["AWS/RDS", "CPUUtilization", ...db, { label: "CPU (%)" }],
      ],
    },
    {
      title: "Aurora replica lag (ms) and freeable memory (bytes)",
      stat: "Maximum",
      metrics: [
        ["AWS/RDS", "AuroraReplicaLagMaximum", ...db, { label: "Replica lag" }],
        ["AWS/RDS", "FreeableMemory", ...db, { stat: "Minimum", label: "Freeable memory" }],
      ],
    },
    {
      title: "WAF allowed and blocked requests",
      stat: "Sum",
      metrics: [
        ["AWS/WAFV2", "AllowedRequests", ...waf, { label: "Allowed" }],
        ["AWS/WAFV2", "BlockedRequests", ...waf, { label: "Blocked" }],
      ],
    },
    ...(t.pendingOrders === undefined
      ? []
      : [
          {
            title: "Pending orders and pending orders per task",
            stat: "Maximum",
            metrics: [
              [t.pendingOrders.namespace, t.pendingOrders.name, { id: "pending", label: "Pending orders" }],
              ["ECS/ContainerInsights", "RunningTaskCount", ...ecs, { id: "tasks", stat: "Average", visible: false }],
              [{ expression: "pending / tasks", label: "Pending orders per task", id: "perTask" }],
            ] satisfies MetricLine[],
          },
        ]),
    ...(t.unhealthyHosts === true
      ? [
          {
            title: "Unhealthy hosts per target group",
            stat: "Maximum",
            metrics: [unhealthy(t.blueTargetGroup, "Blue"), unhealthy(t.greenTargetGroup, "Green")],
          },
        ]
      : []),
    ...(t.dbFreeLocalStorage === true
      ? [
          {
            title: "Aurora free local storage (bytes, instance with the least)",
            stat: "Minimum",
            metrics: [["AWS/RDS", "FreeLocalStorage", ...db, { label: "Free local storage" }]] satisfies MetricLine[],
          },
        ]
      : []),
    ...(t.api === undefined ? [] : apiWidgets(t.api)),
  ];
  const cacheNode = (node: string, name: string, label: string): MetricLine => [
    "AWS/ElastiCache",
    name,
    "CacheClusterId",
    node,
    { label: `${node} ${label}` },
  ];
  const nodes = t.cacheNodes ?? [];
  const cacheSpecs: typeof specs =
    nodes.length === 0
      ? []
      : [
          {
            title: "Cache memory use per node (% of maxmemory)",
            stat: "Maximum",
            metrics: nodes.map((n) => cacheNode(n, "DatabaseMemoryUsagePercentage", "memory")),
          },
          {
            title: "Cache engine CPU (%) and client connections per node",
            stat: "Maximum",
            metrics: nodes.flatMap((n) => [
              cacheNode(n, "EngineCPUUtilization", "engine CPU"),
              cacheNode(n, "CurrConnections", "connections"),
            ]),
          },
        ];
  return {
    widgets: [...specs, ...cacheSpecs].map((s, i) => ({
      type: "metric",
      x: (i % 2) * WIDTH,
      y: Math.floor(i / 2) * HEIGHT,
      width: WIDTH,
      height: HEIGHT,
      properties: {
        title: s.title,
        region: t.region,
        view: "timeSeries",
        stacked: false,
        period: DASHBOARD_PERIOD,
        stat: s.stat,
        metrics: s.metrics,
      },
    })),
  };
}
