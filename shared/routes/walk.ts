import { PlannedResource } from "../plan/capture";
import { Plan } from "../plan/runner";
import { AlbRequest, answeringAction, matchingRule, redirectLocation, statusOf } from "./alb";
import { matchResource, resourceTree, templateStep } from "./apiGateway";
import { cidrContains, describeSource, groupName, groupsAllow, INTERNET_ADDRESS, Source, sourceAddress } from "./securityGroups";
import { computed, list, num, obj, PlanView, str, strings, T } from "./view";

/** A request to walk: where it enters, what it asks, and where it comes from. */
export interface RouteRequest {
  readonly method: string;
  /**
   * The full URL: the API's invoke URL, the load balancer's DNS name (any
   * listener port), a Cloud Map name, or a database or cache endpoint
   * (`tcp://host:port`, which walks a connection, not an HTTP request).
   */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers?: Readonly<Record<string, string>>;
  /** @default the internet ({@link INTERNET_ADDRESS}) */
  readonly source?: Source;
}

/** One hop: what AWS did there and the planned resource that decided it. */
export interface Hop {
  readonly step: string;
  /** The planned resource's logical name. */
  readonly resource: string;
  readonly detail: string;
}

/** How a walk ends. */
export type Outcome =
  /** The service's container (or the database, the cache) accepts it on `port`. */
  | { readonly kind: "reached"; readonly target: string; readonly port: number; readonly path?: string }
  | { readonly kind: "redirected"; readonly status: number; readonly location: string }
  /** A load balancer's fixed response. */
  | { readonly kind: "fixed-response"; readonly status: number }
  /** A security group, or the network, drops the connection. */
  | { readonly kind: "refused"; readonly reason: string }
  /** API Gateway refuses the request. */
  | { readonly kind: "forbidden"; readonly status: number; readonly reason: string }
  /** Any other answer: no listener, no target, a port nothing listens on, an unsupported media type. */
  | { readonly kind: "failed"; readonly status?: number; readonly reason: string };

export interface Walk {
  readonly request: RouteRequest;
  readonly hops: readonly Hop[];
  readonly outcome: Outcome;
}

/** Raised inside a walk to end it with an outcome. */
class End {
  constructor(readonly outcome: Outcome) {}
}

class Trail {
  readonly hops: Hop[] = [];
  hop(step: string, resource: PlannedResource | string, detail: string): void {
    this.hops.push({ step, resource: typeof resource === "string" ? resource : resource.name, detail });
  }
}

const end = (outcome: Outcome): never => {
  throw new End(outcome);
};

function lowerKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * Follows a request through the planned resources hop by hop, as AWS would:
 * API Gateway (stage, resource, method, API key, integration and its path,
 * VPC link), security groups between each pair of hops, the load balancer
 * (listener, protocol, rules in priority order, redirect, fixed response,
 * weighted forward), the target group, and the task definition's container.
 * Pure: it reads the plan and nothing else.
 */
export function walkRequest(plan: Plan, request: RouteRequest): Walk {
  const view = new PlanView(plan);
  const req: RouteRequest = {
    ...request,
    headers: lowerKeys(request.headers),
    source: request.source ?? { kind: "address", address: INTERNET_ADDRESS },
  };
  return finish(request, (trail) => enter(view, trail, req));
}

/** Runs a walk's body and records its hops and the outcome it returns or ends with. */
function finish(request: RouteRequest, body: (trail: Trail) => Outcome): Walk {
  const trail = new Trail();
  try {
    return { request, hops: trail.hops, outcome: body(trail) };
  } catch (e) {
    if (e instanceof End) return { request, hops: trail.hops, outcome: e.outcome };
    throw e;
  }
}

function enter(view: PlanView, trail: Trail, req: RouteRequest): Outcome {
  const url = new URL(req.url);
  const host = url.hostname;
  const source = req.source as Source;
  const api = /^([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/.exec(host);
  if (api) return walkApiGateway(view, trail, req, url, api[1]);
  const lb = view.all(T.loadBalancer).find((r) => computed(r, "dnsName") === host);
  if (lb) {
    const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
    return walkLoadBalancer(view, trail, lb, {
      scheme: url.protocol.replace(":", ""),
      port,
      host,
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      method: req.method,
      headers: req.headers ?? {},
      source,
    });
  }
  const discovery = cloudMapService(view, host);
  if (discovery) return walkCloudMap(view, trail, discovery, url, source);
  const store = dataStore(view, host);
  if (store) return walkConnection(view, trail, store, url, source);
  return end({ kind: "failed", reason: `no resource of the plan answers ${host}` });
}

/* API Gateway */

function walkApiGateway(view: PlanView, trail: Trail, req: RouteRequest, url: URL, apiId: string): Outcome {
  const api = view.find(T.restApi, apiId) ?? end({ kind: "failed", reason: `no REST API ${apiId} in the plan` });
  const [stageName, ...rest] = url.pathname.split("/").slice(1);
  const segments = rest.filter((s) => s !== "");
  const stage =
    view.all(T.stage).find((s) => s.inputs.restApi === apiId && s.inputs.stageName === stageName) ??
    end({ kind: "forbidden", status: 403, reason: `REST API ${api.name} has no stage "${stageName}"` });
  trail.hop("API Gateway stage", stage, `${api.name} stage ${stageName}, deployment ${String(stage.inputs.deployment)}`);
  const deployment =
    view.find(T.deployment, str(stage.inputs.deployment)) ??
    end({ kind: "failed", status: 500, reason: `stage ${stageName} points at no planned deployment` });
  trail.hop("API Gateway deployment", deployment, `serves the resources and methods planned with it`);

  checkWebAcl(view, trail, computed(stage, "arn"));

  const tree = resourceTree(
    String(computed(api, "rootResourceId")),
    view.all(T.apiResource).filter((r) => r.inputs.restApi === apiId),
  );
  const match =
    matchResource(tree, segments) ??
    end({
      kind: "forbidden",
      status: 403,
      reason: `no resource of ${api.name} matches /${segments.join("/")} (Missing Authentication Token)`,
    });
  const methods = view.all(T.method).filter((m) => m.inputs.restApi === apiId && m.inputs.resourceId === match.node.id);
  const method =
    methods.find((m) => m.inputs.httpMethod === req.method) ??
    methods.find((m) => m.inputs.httpMethod === "ANY") ??
    end({
      kind: "forbidden",
      status: 403,
      reason: `resource ${match.resourcePath} has no ${req.method} method (Missing Authentication Token)`,
    });
  trail.hop(
    "API Gateway method",
    method,
    `${String(method.inputs.httpMethod)} ${match.resourcePath}${Object.keys(match.params).length > 0 ? ` with ${JSON.stringify(match.params)}` : ""}`,
  );

  if (method.inputs.apiKeyRequired === true) checkApiKey(view, trail, req, api, apiId, stageName);

  const integration =
    view
      .all(T.integration)
      .find(
        (i) => i.inputs.restApi === apiId && i.inputs.resourceId === match.node.id && i.inputs.httpMethod === method.inputs.httpMethod,
      ) ??
    end({ kind: "failed", status: 500, reason: `method ${String(method.inputs.httpMethod)} ${match.resourcePath} has no integration` });
  return walkIntegration(view, trail, req, url, integration, stageName, match.params);
}

/**
 * The web ACL associated with a stage or a load balancer: its default
 * action. One request stays under the rate-based rules, and the managed rule
 * groups are not evaluated (the walk carries no payload).
 */
function checkWebAcl(view: PlanView, trail: Trail, resourceArn: unknown): void {
  const association = view.all(T.webAclAssociation).find((a) => a.inputs.resourceArn === resourceArn);
  if (association === undefined) return;
  const acl = view.find(T.webAcl, str(association.inputs.webAclArn));
  const blocks = acl !== undefined && obj(acl.inputs.defaultAction).block !== undefined;
  trail.hop(
    "WAF web ACL",
    acl ?? association,
    blocks ? "default action block" : "default action allow; one request stays under its rate-based rules",
  );
  if (blocks) end({ kind: "forbidden", status: 403, reason: "the web ACL's default action blocks" });
}

function checkApiKey(view: PlanView, trail: Trail, req: RouteRequest, api: PlannedResource, apiId: string, stageName: string): void {
  if (req.headers?.["x-api-key"] === undefined)
    end({ kind: "forbidden", status: 403, reason: "the method requires an API key and the request has no x-api-key header" });
  const plans = view
    .all(T.usagePlan)
    .filter((p) => list(p.inputs.apiStages).some((s) => obj(s).apiId === apiId && obj(s).stage === stageName));
  const binding = view
    .all(T.usagePlanKey)
    .find((k) => plans.some((p) => p.id === k.inputs.usagePlanId) && view.find(T.apiKey, str(k.inputs.keyId))?.inputs.enabled !== false);
  if (binding === undefined)
    end({ kind: "forbidden", status: 403, reason: `no usage plan binds an enabled API key to ${api.name} stage ${stageName}` });
  trail.hop("API Gateway API key", binding as PlannedResource, `x-api-key of a key a usage plan binds to stage ${stageName}`);
}

function walkIntegration(
  view: PlanView,
  trail: Trail,
  req: RouteRequest,
  url: URL,
  integration: PlannedResource,
  stageName: string,
  params: Readonly<Record<string, string>>,
): Outcome {
  const uri = new URL(String(integration.inputs.uri));
  const mapping = obj(integration.inputs.requestParameters);
  const uriPath = decodeURI(uri.pathname).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const from = str(mapping[`integration.request.path.${name}`]);
    const param = from?.startsWith("method.request.path.") ? params[from.slice("method.request.path.".length)] : undefined;
    return (
      param ?? end({ kind: "failed", status: 500, reason: `integration path parameter {${name}} is mapped from no method path parameter` })
    );
  });
  const step = templateStep(integration, req.headers?.["content-type"], params);
  if (step.kind === "unsupported") {
    trail.hop(
      "API Gateway integration",
      integration,
      `no mapping template for ${step.contentType} and passthrough ${String(integration.inputs.passthroughBehavior)}`,
    );
    return end({ kind: "failed", status: 415, reason: `API Gateway refuses content type ${step.contentType} (Unsupported Media Type)` });
  }
  const privateLink = integration.inputs.connectionType === "VPC_LINK";
  // A private integration puts the stage in front of the path unless a template overrides it:
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html (Considerations, read 2026-12-03)
  const override = step.kind === "template" ? step.path : undefined;
  const backendPath = override ?? (privateLink ? `/${stageName}${uriPath}` : uriPath);
  trail.hop(
    "API Gateway integration",
    integration,
    `${String(integration.inputs.type)} ${uri.protocol}//${uri.host}${uriPath}; ${
      override !== undefined
        ? `template (${step.contentType}) overrides the path to ${override}`
        : privateLink
          ? `private integration adds the stage: ${backendPath}`
          : "path as mapped"
    }`,
  );
  if (!privateLink)
    return end({ kind: "failed", reason: `integration ${integration.name} leaves the VPC: only VPC_LINK integrations are walked` });

  const link =
    view.find(T.vpcLink, str(integration.inputs.connectionId)) ??
    end({ kind: "failed", status: 500, reason: `integration ${integration.name} uses no planned VPC link` });
  const linkGroups = strings(link.inputs.securityGroupIds);
  trail.hop(
    "VPC link",
    link,
    `interfaces in ${strings(link.inputs.subnetIds).length} subnets, group ${linkGroups.map((g) => groupName(view, g)).join(", ")}`,
  );
  const lb =
    view.find(T.loadBalancer, str(integration.inputs.integrationTarget)) ??
    end({
      kind: "failed",
      status: 500,
      reason: `integration target ${String(integration.inputs.integrationTarget)} is no planned load balancer`,
    });
  const port = uri.port === "" ? (uri.protocol === "https:" ? 443 : 80) : Number(uri.port);
  return walkLoadBalancer(view, trail, lb, {
    scheme: uri.protocol.replace(":", ""),
    port,
    host: uri.hostname,
    path: backendPath,
    query: url.search.replace(/^\?/, ""),
    method: req.method,
    headers: req.headers ?? {},
    source: { kind: "groups", groupIds: linkGroups },
  });
}

/* Load balancer */

interface LbRequest {
  readonly scheme: string;
  readonly port: number;
  readonly host: string;
  readonly path: string;
  readonly query: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly source: Source;
}

function walkLoadBalancer(view: PlanView, trail: Trail, lb: PlannedResource, req: LbRequest): Outcome {
  const address = sourceAddress(view, req.source);
  if (lb.inputs.internal === true && !cidrContains(view.vpcCidr(), address)) {
    trail.hop("load balancer", lb, "internal: its name resolves to addresses in the VPC only");
    return end({ kind: "refused", reason: `internal load balancer ${String(lb.inputs.name)} is not reachable from ${address}` });
  }
  const groups = strings(lb.inputs.securityGroups);
  const decision = groupsAllow(view, req.source, groups, req.port);
  if (!decision.allowed) {
    trail.hop("security group", groups.map((g) => groupName(view, g)).join(", "), decision.reason);
    return end({ kind: "refused", reason: decision.reason });
  }
  trail.hop(
    "security group",
    decision.ingress,
    `admits ${describeSource(view, req.source)} on ${req.port}${decision.egress ? ` (out through ${decision.egress.name})` : ""}`,
  );

  const listener =
    view.all(T.listener).find((l) => l.inputs.loadBalancerArn === lb.id && num(l.inputs.port) === req.port) ??
    end({ kind: "failed", reason: `load balancer ${String(lb.inputs.name)} has no listener on port ${req.port} (connection refused)` });
  const protocol = String(listener.inputs.protocol);
  const tls = protocol === "HTTPS";
  trail.hop(
    "listener",
    listener,
    `${protocol} :${req.port}${tls ? `, certificate ${String(listener.inputs.certificateArn)}, policy ${String(listener.inputs.sslPolicy)}` : ""}`,
  );
  if (tls !== (req.scheme === "https")) {
    return end({
      kind: "failed",
      status: tls ? 400 : undefined,
      reason: tls
        ? `plain HTTP sent to the HTTPS listener on ${req.port}`
        : `TLS handshake with the plain HTTP listener on ${req.port} fails`,
    });
  }
  checkWebAcl(view, trail, lb.id);

  const albReq: AlbRequest = {
    method: req.method,
    host: req.host,
    path: req.path,
    query: req.query,
    headers: req.headers,
    sourceAddress: address,
  };
  const rules = view.all(T.listenerRule).filter((r) => r.inputs.listenerArn === listener.id);
  const rule = matchingRule(rules, albReq);
  const actions = rule === undefined ? listener.inputs.defaultActions : rule.inputs.actions;
  trail.hop(
    "listener rule",
    rule ?? listener,
    rule === undefined
      ? `no rule of ${rules.length} matches ${req.path}: default action`
      : `priority ${String(rule.inputs.priority)} matches ${req.path}`,
  );
  const action = answeringAction(actions) ?? end({ kind: "failed", reason: `${(rule ?? listener).name} has no action` });

  if (action.type === "redirect") {
    const r = obj(action.redirect);
    const location = redirectLocation(r, {
      scheme: req.scheme,
      host: req.headers.host ?? req.host,
      port: req.port,
      path: req.path,
      query: req.query,
    });
    return end({ kind: "redirected", status: statusOf(r.statusCode), location });
  }
  if (action.type === "fixed-response") return end({ kind: "fixed-response", status: statusOf(obj(action.fixedResponse).statusCode) });
  if (action.type !== "forward") return end({ kind: "failed", reason: `action ${String(action.type)} is not modelled` });

  const forward = obj(action.forward);
  const weighted = list(forward.targetGroups).map(obj);
  const targets =
    weighted.length > 0
      ? weighted.filter((t) => (num(t.weight) ?? 1) > 0).map((t) => ({ arn: str(t.arn), weight: num(t.weight) ?? 1 }))
      : [{ arn: str(action.targetGroupArn), weight: 1 }];
  let outcome: Outcome | undefined;
  for (const target of targets) {
    const tg =
      view.find(T.targetGroup, target.arn) ??
      end({ kind: "failed", status: 503, reason: `forward to ${String(target.arn)}, no planned target group` });
    trail.hop(
      "target group",
      tg,
      `forward weight ${target.weight}${weighted.length > 0 ? ` of ${weighted.map((w) => num(w.weight) ?? 1).join("/")}` : ""}, ${String(tg.inputs.protocol)} to ${String(tg.inputs.targetType)} targets`,
    );
    outcome = walkTargets(view, trail, tg, groups, req.path);
  }
  return outcome as Outcome;
}

/** The ECS service that registers its tasks in a target group, and the container and port it registers. */
function registrations(view: PlanView, tg: PlannedResource): { service: PlannedResource; container: string; port: number } | undefined {
  for (const service of view.all(T.ecsService)) {
    for (const block of list(service.inputs.loadBalancers).map(obj)) {
      const alternate = obj(block.advancedConfiguration).alternateTargetGroupArn;
      if (block.targetGroupArn === tg.id || alternate === tg.id)
        return { service, container: String(block.containerName), port: num(block.containerPort) ?? 0 };
    }
  }
  return undefined;
}

function walkTargets(view: PlanView, trail: Trail, tg: PlannedResource, fromGroups: readonly string[], path: string): Outcome {
  const reg =
    registrations(view, tg) ??
    end({ kind: "failed", status: 503, reason: `no ECS service registers targets in ${String(tg.inputs.name)}` });
  trail.hop("targets", reg.service, `ECS registers task addresses on port ${reg.port} (container ${reg.container})`);
  return reachTask(view, trail, reg.service, reg.container, reg.port, { kind: "groups", groupIds: fromGroups }, path, 502);
}

/** From a source to a service's task on `port`: its groups, then the container's port mappings. */
function reachTask(
  view: PlanView,
  trail: Trail,
  service: PlannedResource,
  container: string,
  port: number,
  source: Source,
  path: string | undefined,
  closedStatus?: number,
): Outcome {
  const taskGroups = strings(obj(service.inputs.networkConfiguration).securityGroups);
  const decision = groupsAllow(view, source, taskGroups, port);
  if (!decision.allowed) {
    trail.hop("security group", taskGroups.map((g) => groupName(view, g)).join(", "), decision.reason);
    return end({ kind: "refused", reason: decision.reason });
  }
  trail.hop(
    "security group",
    decision.ingress,
    `admits ${describeSource(view, source)} on ${port}${decision.egress ? ` (out through ${decision.egress.name})` : ""}`,
  );
  const task =
    view.find(T.taskDefinition, str(service.inputs.taskDefinition)) ??
    end({ kind: "failed", reason: `service ${service.name} runs no planned task definition` });
  const definitions = JSON.parse(String(task.inputs.containerDefinitions)) as {
    name: string;
    portMappings?: { containerPort?: number }[];
  }[];
  const def =
    definitions.find((d) => d.name === container) ??
    end({ kind: "failed", reason: `task definition ${task.name} has no container ${container}` });
  const ports = (def.portMappings ?? []).map((m) => m.containerPort);
  trail.hop("container", task, `${container} maps ${ports.length === 0 ? "no port" : ports.join(", ")}`);
  if (!ports.includes(port))
    return end({
      kind: "failed",
      status: closedStatus,
      reason: `container ${container} listens on ${ports.join(", ") || "no port"}, not ${port}`,
    });
  return { kind: "reached", target: `container ${container}`, port, path };
}

/* Health checks */

/**
 * The load balancer's health check of a target group: from the load
 * balancer's groups to the registered tasks on the check's port
 * (`traffic-port` is the port the target is registered on).
 */
export function walkHealthCheck(plan: Plan, targetGroupName: string): Walk {
  const view = new PlanView(plan);
  const tg = view.all(T.targetGroup).find((t) => t.name === targetGroupName);
  const check = obj(tg?.inputs.healthCheck);
  return finish({ method: "GET", url: `health-check://${targetGroupName}${String(check.path ?? "/")}` }, (trail) => {
    if (tg === undefined) return end({ kind: "failed", reason: `no target group ${targetGroupName} in the plan` });
    const reg = registrations(view, tg) ?? end({ kind: "failed", reason: `no ECS service registers targets in ${String(tg.inputs.name)}` });
    const port = check.port === undefined || check.port === "traffic-port" ? reg.port : Number(check.port);
    trail.hop(
      "health check",
      tg,
      `${String(check.protocol ?? "HTTP")} GET ${String(check.path)} on ${String(check.port ?? "traffic-port")} (${port}), healthy on ${String(check.matcher)}`,
    );
    const lb = loadBalancerOf(view, tg) ?? end({ kind: "failed", reason: `no listener of the plan forwards to ${targetGroupName}` });
    return reachTask(
      view,
      trail,
      reg.service,
      reg.container,
      port,
      { kind: "groups", groupIds: strings(lb.inputs.securityGroups) },
      String(check.path),
    );
  });
}

/** The load balancer whose listener, or listener rule, forwards to a target group. */
function loadBalancerOf(view: PlanView, tg: PlannedResource): PlannedResource | undefined {
  const forwards = (actions: unknown) => JSON.stringify(actions ?? []).includes(JSON.stringify(tg.id));
  const rule = view.all(T.listenerRule).find((r) => forwards(r.inputs.actions));
  const listener = view
    .all(T.listener)
    .find((l) => (rule !== undefined && l.id === rule.inputs.listenerArn) || forwards(l.inputs.defaultActions));
  return view.find(T.loadBalancer, str(listener?.inputs.loadBalancerArn));
}

/* Cloud Map */

function cloudMapService(view: PlanView, host: string): { discovery: PlannedResource; namespace: PlannedResource } | undefined {
  for (const discovery of view.all(T.discoveryService)) {
    const namespace = view.find(T.dnsNamespace, str(obj(discovery.inputs.dnsConfig).namespaceId));
    if (namespace !== undefined && `${String(discovery.inputs.name)}.${String(namespace.inputs.name)}` === host)
      return { discovery, namespace };
  }
  return undefined;
}

function walkCloudMap(
  view: PlanView,
  trail: Trail,
  found: { discovery: PlannedResource; namespace: PlannedResource },
  url: URL,
  source: Source,
): Outcome {
  const address = sourceAddress(view, source);
  trail.hop(
    "Cloud Map",
    found.discovery,
    `${url.hostname}: A records of the registered tasks, private namespace ${String(found.namespace.inputs.name)}`,
  );
  if (!cidrContains(view.vpcCidr(), address))
    return end({ kind: "refused", reason: `private DNS name ${url.hostname} resolves only inside the VPC, not from ${address}` });
  const service =
    view.all(T.ecsService).find((s) => registries(s).some((r) => r.registryArn === computed(found.discovery, "arn"))) ??
    end({ kind: "failed", reason: `no ECS service registers its tasks in ${found.discovery.name}` });
  const container = String(obj(list(service.inputs.loadBalancers)[0]).containerName ?? "api");
  const port = url.port === "" ? 80 : Number(url.port);
  return reachTask(view, trail, service, container, port, source, url.pathname);
}

/** A service's Cloud Map registries: the provider takes one block (an object) or a list. */
function registries(service: PlannedResource): Readonly<Record<string, unknown>>[] {
  const value = service.inputs.serviceRegistries;
  return Array.isArray(value) ? value.map(obj) : value === undefined ? [] : [obj(value)];
}

/* Databases and caches */

function dataStore(view: PlanView, host: string): { store: PlannedResource; groups: string[]; port: number } | undefined {
  for (const db of view.all(T.dbCluster)) {
    if (computed(db, "endpoint") === host || computed(db, "readerEndpoint") === host)
      return { store: db, groups: strings(db.inputs.vpcSecurityGroupIds), port: num(db.inputs.port) ?? 0 };
  }
  for (const cache of view.all(T.cacheGroup)) {
    if (computed(cache, "configurationEndpointAddress") === host || computed(cache, "primaryEndpointAddress") === host) {
      return { store: cache, groups: strings(cache.inputs.securityGroupIds), port: num(cache.inputs.port) ?? 0 };
    }
  }
  return undefined;
}

function walkConnection(
  view: PlanView,
  trail: Trail,
  found: { store: PlannedResource; groups: string[]; port: number },
  url: URL,
  source: Source,
): Outcome {
  const port = Number(url.port);
  trail.hop("endpoint", found.store, `${url.hostname} listens on ${found.port}`);
  const decision = groupsAllow(view, source, found.groups, port);
  if (!decision.allowed) {
    trail.hop("security group", found.groups.map((g) => groupName(view, g)).join(", "), decision.reason);
    return end({ kind: "refused", reason: decision.reason });
  }
  trail.hop(
    "security group",
    decision.ingress,
    `admits ${describeSource(view, source)} on ${port}${decision.egress ? ` (out through ${decision.egress.name})` : ""}`,
  );
  if (port !== found.port) return end({ kind: "failed", reason: `${found.store.name} listens on ${found.port}, not ${port}` });
  return { kind: "reached", target: found.store.name, port };
}
