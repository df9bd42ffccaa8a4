import { PlannedResource } from "../../shared/plan/capture";
import { LayerPlan, Plan } from "../../shared/plan/runner";
import { MIB } from "../../stacks/edge/monitoring";
import { jsonInput, layerOf, ofType, one, planStack } from "../harness";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

/** The order API's plain plan, and the same stack with each optional alarm on at a value of its own. */
let orders: Plan;
let tuned: Plan;
const TUNED = {
  alarmServiceCpuPercent: "75",
  alarmServiceMemoryPercent: "85",
  alarmUnhealthyHosts: "true",
  alarmDbFreeLocalStorageMiB: "2048",
};
/** The order API's stack with the backlog metric off, every layer. */
let noBacklog: Plan;
/** The catalog and payments presets' values on the orders-dev stack (its region, us-east-1), up to the edge layer. */
let catalog: Plan;
let payments: Plan;

beforeAll(async () => {
  orders = await planStack("orders-dev");
  tuned = await planStack("orders-dev", TUNED, "edge");
  noBacklog = await planStack("orders-dev", { pendingOrdersMetric: "false" });
  catalog = await planStack("catalog-dev");
  payments = await planStack("payments-dev");
}, 180_000);

const edgeOf = (plan: Plan) => layerOf(plan, "edge");
const alarmNames = (plan: Plan) =>
  ofType(edgeOf(plan), ALARM)
    .map((a) => String(a.inputs.name))
    .sort();
const alarmNamed = (plan: Plan, name: string): PlannedResource => {
  const found = ofType(edgeOf(plan), ALARM).find((a) => a.inputs.name === name);
  if (!found) throw new Error(`no alarm ${name}`);
  return found;
};
type Query = {
  id: string;
  expression?: string;
  returnData: boolean;
  metric?: { namespace: string; metricName: string; dimensions: Record<string, string>; stat: string; period: number };
};
type Widget = { properties: { title: string; metrics: unknown[][] } };
const widgetTitles = (plan: Plan) =>
  jsonInput<{ widgets: Widget[] }>(one(edgeOf(plan), DASHBOARD), "dashboardBody").widgets.map((w) => w.properties.title);

describe("optional alarms", () => {
  it("alarms on service CPU and memory with the ECS service's own metrics, over 5 minutes, not on missing data", () => {
    const ecs = { ClusterName: "orders-cluster-dev", ServiceName: "orders-api-dev" };
    for (const [name, metricName, threshold] of [
      ["orders-service-cpu-dev", "CPUUtilization", 75],
      ["orders-service-memory-dev", "MemoryUtilization", 85],
    ] as const) {
      const alarm = alarmNamed(tuned, name);
      expect(alarm.inputs).toMatchObject({
        namespace: "AWS/ECS",
        metricName,
        dimensions: ecs,
        statistic: "Average",
        period: 60,
        comparisonOperator: "GreaterThanThreshold",
        threshold,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: "notBreaching",
      });
    }
  });

  it("dimensions the service alarms by the names the compute layer gives its cluster and service", () => {
    const compute = layerOf(orders, "compute").outputs;
    expect(alarmNamed(tuned, "orders-service-cpu-dev").inputs.dimensions).toEqual({
      ClusterName: compute.clusterName,
      ServiceName: compute.serviceName,
    });
  });

  it("alarms on any unhealthy target across the blue and green target groups, as metric math like the healthy-hosts alarm", () => {
    const edge = edgeOf(tuned);
    const alarm = alarmNamed(tuned, "orders-unhealthy-hosts-dev");
    expect(alarm.inputs).toMatchObject({
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
    });
    expect(alarm.inputs.metricName).toBeUndefined();
    const queries = alarm.inputs.metricQueries as Query[];
    expect(queries.filter((q) => q.metric).map((q) => [q.id, q.metric])).toEqual([
      [
        "unhealthyBlue",
        {
          namespace: "AWS/ApplicationELB",
          metricName: "UnHealthyHostCount",
          stat: "Maximum",
          period: 60,
          dimensions: { LoadBalancer: edge.outputs.albArnSuffix, TargetGroup: edge.outputs.blueTargetGroupArnSuffix },
        },
      ],
      [
        "unhealthyGreen",
        {
          namespace: "AWS/ApplicationELB",
          metricName: "UnHealthyHostCount",
          stat: "Maximum",
          period: 60,
          dimensions: { LoadBalancer: edge.outputs.albArnSuffix, TargetGroup: edge.outputs.greenTargetGroupArnSuffix },
        },
      ],
    ]);
    expect(queries.filter((q) => q.returnData).map((q) => q.expression)).toEqual(["FILL(unhealthyBlue, 0) + FILL(unhealthyGreen, 0)"]);
  });

  it("alarms when the database instance with the least free local storage falls below the threshold, converted from MiB to bytes", () => {
    const cluster = layerOf(orders, "data").outputs.clusterIdentifier;
    expect(MIB).toBe(1_048_576);
    expect(alarmNamed(tuned, "orders-db-free-local-storage-dev").inputs).toMatchObject({
      namespace: "AWS/RDS",
      metricName: "FreeLocalStorage",
      dimensions: { DBClusterIdentifier: cluster },
      statistic: "Minimum",
      period: 60,
      comparisonOperator: "LessThanThreshold",
      threshold: 2048 * 1_048_576,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "missing",
    });
  });

  it("sends ALARM and OK of every new alarm to the alarm topic, and none of them rolls a deployment back", () => {
    const edge = edgeOf(tuned);
    const added = ofType(edge, ALARM).filter((a) => !alarmNames(orders).includes(String(a.inputs.name)));
    expect(added.map((a) => a.inputs.name).sort()).toEqual([
      "orders-db-free-local-storage-dev",
      "orders-service-cpu-dev",
      "orders-service-memory-dev",
      "orders-unhealthy-hosts-dev",
    ]);
    for (const alarm of added) {
      expect(alarm.inputs).toMatchObject({
        actionsEnabled: true,
        alarmActions: [edge.outputs.alarmTopicArn],
        okActions: [edge.outputs.alarmTopicArn],
      });
      expect(typeof alarm.inputs.alarmDescription).toBe("string");
    }
    expect(edge.outputs.rollbackAlarmNames).toEqual(edgeOf(orders).outputs.rollbackAlarmNames);
  });

  it("shows the unhealthy hosts and the free local storage on the dashboard only where their alarms exist", () => {
    const extra = ["Unhealthy hosts per target group", "Aurora free local storage (bytes, instance with the least)"];
    expect(widgetTitles(tuned)).toEqual([...widgetTitles(orders), ...extra]);
    for (const title of extra) expect(widgetTitles(orders)).not.toContain(title);
  });
});

describe("the presets' alarms", () => {
  it("gives the catalog API a service CPU alarm at 80% next to the database CPU and connections alarms, and no backlog alarm", () => {
    const names = alarmNames(catalog);
    expect(names).toEqual(expect.arrayContaining(["catalog-service-cpu-dev", "catalog-db-cpu-dev", "catalog-db-connections-dev"]));
    expect(names).not.toContain("catalog-pending-orders-dev");
    expect(names.filter((n) => /service-memory|unhealthy-hosts|free-local-storage/.test(n))).toEqual([]);
    expect(alarmNamed(catalog, "catalog-service-cpu-dev").inputs).toMatchObject({ metricName: "CPUUtilization", threshold: 80 });
    expect(alarmNamed(catalog, "catalog-db-cpu-dev").inputs).toMatchObject({
      metricName: "CPUUtilization",
      namespace: "AWS/RDS",
      threshold: 80,
    });
  });

  it("gives the payment API the alarms of its requirements: unhealthy hosts, service CPU and memory over 80%, database CPU over 80%, connections, low free local storage", () => {
    const names = alarmNames(payments);
    expect(names).toEqual(
      expect.arrayContaining([
        "payments-unhealthy-hosts-dev",
        "payments-service-cpu-dev",
        "payments-service-memory-dev",
        "payments-db-cpu-dev",
        "payments-db-connections-dev",
        "payments-db-free-local-storage-dev",
      ]),
    );
    expect(names).not.toContain("payments-pending-orders-dev");
    expect(alarmNamed(payments, "payments-service-cpu-dev").inputs.threshold).toBe(80);
    expect(alarmNamed(payments, "payments-service-memory-dev").inputs.threshold).toBe(80);
    expect(alarmNamed(payments, "payments-db-cpu-dev").inputs.threshold).toBe(80);
    expect(alarmNamed(payments, "payments-db-free-local-storage-dev").inputs.threshold).toBe(1024 * MIB);
  });

  it("shows on the payment API's dashboard the ALB, ECS and RDS metrics its requirements list", () => {
    const body = jsonInput<{ widgets: Widget[] }>(one(edgeOf(payments), DASHBOARD), "dashboardBody");
    const shown = new Set(body.widgets.flatMap((w) => w.properties.metrics).map((line) => `${String(line[0])} ${String(line[1])}`));
    for (const metric of [
      "AWS/ApplicationELB RequestCount",
      "AWS/ApplicationELB TargetResponseTime",
      "AWS/ApplicationELB HTTPCode_Target_4XX_Count",
      "AWS/ApplicationELB HTTPCode_Target_5XX_Count",
      "AWS/ECS CPUUtilization",
      "AWS/ECS MemoryUtilization",
      "ECS/ContainerInsights RunningTaskCount",
      "AWS/RDS DatabaseConnections",
      "AWS/RDS CPUUtilization",
      "AWS/RDS AuroraReplicaLagMaximum",
      "AWS/ApplicationELB UnHealthyHostCount",
      "AWS/RDS FreeLocalStorage",
    ]) {
      expect([metric, shown.has(metric)]).toEqual([metric, true]);
    }
    expect(widgetTitles(payments).filter((t) => t.startsWith("Pending orders"))).toEqual([]);
  });
});

describe("without the order backlog metric", () => {
  const urns = (layer: LayerPlan) => new Set(layer.resources.map((r) => r.urn));
  const removed = (layer: "compute" | "edge") => {
    const after = urns(layerOf(noBacklog, layer));
    const before = urns(layerOf(orders, layer));
    return {
      gone: [...before]
        .filter((u) => !after.has(u))
        .map((u) => u.split("::").pop())
        .sort(),
      added: [...after].filter((u) => !before.has(u)),
    };
  };

  it("removes exactly the metric filter, the pending-orders scaling policies, the burst alarm and the metric name parameter from the compute layer", () => {
    expect(removed("compute")).toEqual({
      gone: [
        "api-logs-pending-orders",
        "api-pending-orders",
        "api-pending-orders-burst",
        "api-pending-orders-burst",
        "api-config-pending-orders-metric",
      ].sort(),
      added: [],
    });
  });

  it("removes exactly the backlog alarm from the edge layer, and its widget from the dashboard", () => {
    expect(removed("edge")).toEqual({ gone: ["edge-alarmPendingOrders"], added: [] });
    expect(widgetTitles(noBacklog)).toEqual(widgetTitles(orders).filter((t) => !t.startsWith("Pending orders")));
  });

  it("no longer tells the container the pending-orders metric's name, and still its metric namespace", () => {
    type Container = { secrets: { name: string }[] };
    const [container] = jsonInput<Container[]>(
      one(layerOf(noBacklog, "compute"), "aws:ecs/taskDefinition:TaskDefinition"),
      "containerDefinitions",
    );
    const names = container.secrets.map((s) => s.name);
    expect(names).not.toContain("PENDING_ORDERS_METRIC");
    expect(names).toContain("METRIC_NAMESPACE");
  });

  it("keeps the CPU scaling policy and every other alarm", () => {
    const policies = ofType(layerOf(noBacklog, "compute"), "aws:appautoscaling/policy:Policy");
    expect(policies.map((p) => p.inputs.name)).toEqual(["orders-api-cpu-dev"]);
    expect(alarmNames(noBacklog)).toEqual(alarmNames(orders).filter((n) => n !== "orders-pending-orders-dev"));
  });
});
