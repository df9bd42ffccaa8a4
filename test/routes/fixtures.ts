import { PlannedResource } from "../../shared/plan/capture";
import { Plan } from "../../shared/plan/runner";
import { T } from "../../shared/routes/view";

/** A planned resource with the id and computed outputs the mocks would give it. */
export function node(
  type: string,
  name: string,
  id: string,
  inputs: Record<string, unknown>,
  computed: Record<string, unknown> = {},
): PlannedResource {
  return {
    urn: `urn:pulumi:t::p::${type}::${name}`,
    type,
    name,
    parent: null,
    custom: true,
    inputs,
    dependencies: [],
    ignoreChanges: [],
    id,
    computed,
  };
}

export const LB_ARN = "arn:lb/app/t/1";
export const LB_DNS = "t-1.elb.example";
export const LISTENER_80 = "arn:listener/80";
export const BLUE = "arn:tg/blue";
export const GREEN = "arn:tg/green";

const sg = (name: string, id: string) => node(T.securityGroup, name, id, { name });
export const ingress = (name: string, group: string, port: number, from: { cidr?: string; group?: string }) =>
  node(T.ingressRule, name, `sgr-${name}`, {
    securityGroupId: group,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    ...(from.cidr ? { cidrIpv4: from.cidr } : { referencedSecurityGroupId: from.group }),
  });
export const egress = (name: string, group: string, port: number, to: { cidr?: string; group?: string }) =>
  node(T.egressRule, name, `sgr-${name}`, {
    securityGroupId: group,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    ...(to.cidr ? { cidrIpv4: to.cidr } : { referencedSecurityGroupId: to.group }),
  });

export const forwardTo = (weights: [string, number][]) => [
  { type: "forward", forward: { targetGroups: weights.map(([arn, weight]) => ({ arn, weight })) } },
];
export const fixed = (status: number) => [
  { type: "fixed-response", fixedResponse: { statusCode: String(status), contentType: "text/plain" } },
];
export const rule = (name: string, listenerArn: string, priority: number, patterns: string[], actions: unknown[]) =>
  node(T.listenerRule, name, `arn:rule/${name}`, { listenerArn, priority, conditions: [{ pathPattern: { values: patterns } }], actions });
export const listener = (name: string, arn: string, port: number, protocol: string, defaultActions: unknown[]) =>
  node(T.listener, name, arn, {
    loadBalancerArn: LB_ARN,
    port,
    protocol,
    defaultActions,
    ...(protocol === "HTTPS" ? { certificateArn: "arn:cert", sslPolicy: "p" } : {}),
  });

/**
 * A small stack: an internet-facing load balancer in `sg-alb` open on 80,
 * a listener on 80 whose rule forwards `/orders*` and `/health` to blue,
 * blue and green groups of an ECS service whose container `api` maps 8080
 * in `sg-svc`, and a database on 5432 in `sg-db`. `extra` adds or, by
 * name, replaces resources (the last of a name wins).
 */
export function smallPlan(extra: PlannedResource[] = [], opts: { internal?: boolean; containerPorts?: number[] } = {}): Plan {
  const base: PlannedResource[] = [
    sg("sg-alb", "sg-alb"),
    sg("sg-svc", "sg-svc"),
    sg("sg-db", "sg-db"),
    ingress("alb-in-80", "sg-alb", 80, { cidr: "0.0.0.0/0" }),
    egress("alb-out-svc", "sg-alb", 8080, { group: "sg-svc" }),
    ingress("svc-in-alb", "sg-svc", 8080, { group: "sg-alb" }),
    egress("svc-out-db", "sg-svc", 5432, { group: "sg-db" }),
    ingress("db-in-svc", "sg-db", 5432, { group: "sg-svc" }),
    node(T.loadBalancer, "alb", LB_ARN, { name: "t", internal: opts.internal ?? false, securityGroups: ["sg-alb"] }, { dnsName: LB_DNS }),
    listener("listener-80", LISTENER_80, 80, "HTTP", fixed(404)),
    rule(
      "production",
      LISTENER_80,
      100,
      ["/orders*", "/health"],
      forwardTo([
        [BLUE, 100],
        [GREEN, 0],
      ]),
    ),
    node(T.targetGroup, "blue", BLUE, {
      name: "blue",
      port: 8080,
      protocol: "HTTP",
      targetType: "ip",
      healthCheck: { path: "/health", port: "traffic-port", matcher: "200" },
    }),
    node(T.targetGroup, "green", GREEN, {
      name: "green",
      port: 8080,
      protocol: "HTTP",
      targetType: "ip",
      healthCheck: { path: "/health", port: "traffic-port", matcher: "200" },
    }),
    node(T.ecsService, "service", "arn:svc", {
      taskDefinition: "arn:task:1",
      networkConfiguration: { securityGroups: ["sg-svc"] },
      loadBalancers: [
        { targetGroupArn: BLUE, containerName: "api", containerPort: 8080, advancedConfiguration: { alternateTargetGroupArn: GREEN } },
      ],
    }),
    node(
      T.taskDefinition,
      "task",
      "t-api",
      {
        containerDefinitions: JSON.stringify([
          { name: "api", portMappings: (opts.containerPorts ?? [8080]).map((containerPort) => ({ containerPort })) },
        ]),
      },
      { arn: "arn:task:1" },
    ),
    node(
      T.dbCluster,
      "db",
      "db",
      { port: 5432, vpcSecurityGroupIds: ["sg-db"] },
      { endpoint: "db.example", readerEndpoint: "db-ro.example" },
    ),
  ];
  const byName = new Map([...base, ...extra].map((r) => [r.name, r]));
  return {
    stack: "t",
    system: "t",
    layers: [{ layer: "network", project: "p", stack: "t", resources: [...byName.values()], outputs: { vpcCidr: "10.0.0.0/16" } }],
  };
}

/**
 * API Gateway in front of the small stack's load balancer (made internal
 * and open on 80 to the link's group only): a REST API `api1` with stage
 * `v1`, ANY on the root and on `{proxy+}` with the API key required, a
 * usage plan binding a key, and a private integration per route whose
 * templates are `templates` (none: the stage stays in the path).
 */
export function apiPlan(templates: Record<string, string> | undefined, extra: PlannedResource[] = [], passthrough = "NEVER"): Plan {
  const integration = (name: string, resourceId: string, path: string, parameters: Record<string, string>, template?: string) =>
    node(T.integration, name, `i-${name}`, {
      restApi: "api1",
      resourceId,
      httpMethod: "ANY",
      type: "HTTP_PROXY",
      connectionType: "VPC_LINK",
      connectionId: "link1",
      integrationTarget: LB_ARN,
      uri: `http://${LB_DNS}:80${path}`,
      requestParameters: parameters,
      passthroughBehavior: passthrough,
      ...(template === undefined ? {} : { requestTemplates: { "application/json": template } }),
    });
  return smallPlan(
    [
      node(T.securityGroup, "sg-link", "sg-link", {}),
      egress("link-out-alb", "sg-link", 80, { group: "sg-alb" }),
      ingress("alb-in-80", "sg-alb", 80, { group: "sg-link" }),
      node(T.restApi, "api", "api1", { apiKeySource: "HEADER" }, { rootResourceId: "root1" }),
      node(T.apiResource, "proxy", "res-proxy", { restApi: "api1", parentId: "root1", pathPart: "{proxy+}" }),
      node(T.method, "root-any", "m-root", { restApi: "api1", resourceId: "root1", httpMethod: "ANY", apiKeyRequired: true }),
      node(T.method, "proxy-any", "m-proxy", {
        restApi: "api1",
        resourceId: "res-proxy",
        httpMethod: "ANY",
        apiKeyRequired: true,
        requestParameters: { "method.request.path.proxy": true },
      }),
      integration("root-integration", "root1", "/", {}, templates?.root),
      integration(
        "proxy-integration",
        "res-proxy",
        "/{proxy}",
        { "integration.request.path.proxy": "method.request.path.proxy" },
        templates?.proxy,
      ),
      node(T.deployment, "deployment", "dep1", { restApi: "api1" }),
      node(T.stage, "stage", "stage1", { restApi: "api1", stageName: "v1", deployment: "dep1" }, { arn: "arn:stage/v1" }),
      node(T.apiKey, "key", "key1", { enabled: true }),
      node(T.usagePlan, "usage-plan", "up1", { apiStages: [{ apiId: "api1", stage: "v1" }] }),
      node(T.usagePlanKey, "usage-plan-key", "upk1", { keyId: "key1", usagePlanId: "up1" }),
      node(T.vpcLink, "link", "link1", { securityGroupIds: ["sg-link"], subnetIds: ["subnet-1"] }),
      ...extra,
    ],
    { internal: true },
  );
}

export const API_URL = "https://api1.execute-api.us-east-1.amazonaws.com/v1";
export const KEY = { "x-api-key": "k" };
