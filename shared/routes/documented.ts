import { PlatformConfig, PresetName } from "../config";
import { Plan } from "../plan/runner";
import { wildcardMatches } from "./alb";
import { addressIn, INTERNET_ADDRESS, Source } from "./securityGroups";
import { list, num, obj, PlanView, str, strings, T } from "./view";
import { Outcome, RouteRequest, Walk, walkHealthCheck, walkRequest } from "./walk";

/**
 * The path of the container's health endpoint: the requirements' "/health"
 * (seeds 001: "health checks pointing to /health endpoint").
 */
export const CONTAINER_HEALTH_PATH = "/health";

/**
 * A client path for each ALB path pattern: the pattern's literal part, and
 * one level below it where the pattern has a trailing wildcard.
 */
export function samplePaths(pattern: string): string[] {
  const literal = pattern.replace(/\?/g, "x");
  if (literal.endsWith("/*")) return [`${literal.slice(0, -1)}sample`];
  if (literal.endsWith("*")) {
    const base = literal.replace(/\*+$/, "");
    return [base, `${base}/id-1`].map((p) => p.replace(/\*/g, "x"));
  }
  return [literal.replace(/\*/g, "x")];
}

/**
 * The API paths each system's requirements name, as clients call them:
 * the order API's are its configured `apiPathPatterns` (its requirements
 * name only the webhooks and /health), the catalog's and the payment API's
 * are fixed by their requirements and issue #12, whatever the patterns say.
 */
export function requiredPaths(preset: PresetName, cfg: PlatformConfig): readonly string[] {
  switch (preset) {
    case "orders":
      return cfg.edge.apiPathPatterns.flatMap(samplePaths);
    case "catalog":
      return ["/products", "/products/sku-1", "/categories", "/categories/shoes", "/sessions", "/sessions/abc", CONTAINER_HEALTH_PATH];
    case "payments":
      return ["/payments", "/payments/pay-1", "/refunds", "/refunds/ref-1", "/webhooks/psp", CONTAINER_HEALTH_PATH];
  }
}

/** Where a documented walk must end. `via` names planned resources its hops must pass (the production rule, the blue group). */
export type Expectation =
  | { readonly kind: "reached"; readonly port: number; readonly via: readonly string[] }
  | { readonly kind: "redirected"; readonly status: number; readonly location: string }
  | { readonly kind: "fixed-response"; readonly status: number }
  | { readonly kind: "refused" }
  | { readonly kind: "forbidden"; readonly status: number };

/** A documented path and where it must end. */
export interface DocumentedWalk {
  readonly name: string;
  /** A request; or, for a health check, the target group's logical name. */
  readonly request: RouteRequest | { readonly healthCheck: string };
  readonly expect: Expectation;
}

/** A documented walk, walked. */
export interface RouteCheck extends DocumentedWalk {
  readonly walk: Walk;
  /** What went wrong, naming both ends; absent when the walk ends as expected. */
  readonly problem?: string;
}

/** The `routes` section of a plan: every documented walk and every disagreement between a walk and a layer. */
export interface RouteReport {
  readonly checks: readonly RouteCheck[];
  readonly problems: readonly string[];
}

const nameOfRef = (view: PlanView, type: string, ref: unknown) => view.find(type, str(ref))?.name ?? String(ref);

/** The walks of a stack's documented paths, from its plan and its config. */
export function documentedWalks(plan: Plan, cfg: PlatformConfig): DocumentedWalk[] {
  const view = new PlanView(plan);
  const edge = (key: string) => view.output("edge", key);
  const network = (key: string) => str(view.output("network", key)) ?? "";
  const group = (key: string): Source => ({ kind: "groups", groupIds: [network(key)] });
  const port = cfg.compute.containerPort;
  const productionRule = nameOfRef(view, T.listenerRule, edge("productionListenerRuleArn"));
  const testRule = nameOfRef(view, T.listenerRule, edge("testListenerRuleArn"));
  const blue = nameOfRef(view, T.targetGroup, edge("blueTargetGroupArn"));
  const green = nameOfRef(view, T.targetGroup, edge("greenTargetGroupArn"));
  const https = edge("httpsEnabled") === true;
  const albDns = String(edge("albDnsName"));
  const apiUrl = str(edge("apiGatewayInvokeUrl"));
  const key = { "x-api-key": "<the API key>" };
  const entry = apiUrl ?? `${https ? "https" : "http"}://${albDns}`;
  const through = apiUrl === undefined ? (https ? "the load balancer over HTTPS" : "the load balancer") : "apiUrl with the API key";
  const paths = requiredPaths(cfg.preset, cfg);
  const [first] = paths;
  const walks: DocumentedWalk[] = paths.map((path) => ({
    name: `GET ${path} through ${through} reaches the container on ${port} by the production rule`,
    request: { method: "GET", url: `${entry}${path}`, ...(apiUrl === undefined ? {} : { headers: key }) },
    expect: { kind: "reached", port, via: [productionRule, blue] },
  }));
  walks.push({
    name: `GET /no-such-path through ${through} gets the listener's 404`,
    request: { method: "GET", url: `${entry}/no-such-path`, ...(apiUrl === undefined ? {} : { headers: key }) },
    expect: { kind: "fixed-response", status: 404 },
  });
  for (const tg of [blue, green]) {
    walks.push({
      name: `the health check of ${tg} reaches the container's ${CONTAINER_HEALTH_PATH} on ${port}`,
      request: { healthCheck: tg },
      expect: { kind: "reached", port, via: [] },
    });
  }
  if (apiUrl !== undefined) {
    walks.push(
      {
        name: `GET ${first} through apiUrl without the API key is refused by API Gateway`,
        request: { method: "GET", url: `${apiUrl}${first}` },
        expect: { kind: "forbidden", status: 403 },
      },
      {
        name: `GET ${first} straight to the internal load balancer from the internet is refused`,
        request: { method: "GET", url: `http://${albDns}${first}` },
        expect: { kind: "refused" },
      },
      {
        name: `GET ${first} straight to the internal load balancer from the VPC outside the link's group is refused`,
        request: { method: "GET", url: `http://${albDns}${first}`, source: { kind: "address", address: addressIn(view.vpcCidr()) } },
        expect: { kind: "refused" },
      },
      {
        name: `GET ${first} from the VPC link's group reaches the container`,
        request: { method: "GET", url: `http://${albDns}${first}`, source: group("apiGatewayVpcLinkSecurityGroupId") },
        expect: { kind: "reached", port, via: [productionRule, blue] },
      },
    );
  }
  if (https) {
    walks.push({
      name: `plain HTTP GET ${first} is redirected to HTTPS with 301`,
      request: { method: "GET", url: `http://${albDns}${first}` },
      expect: { kind: "redirected", status: 301, location: `https://${albDns}:443${first}` },
    });
  }
  const testUrl = `${https ? "https" : "http"}://${albDns}:${cfg.edge.testListenerPort}${first}`;
  walks.push({
    name: `the test listener refuses ${INTERNET_ADDRESS}, outside testListenerCidrs`,
    request: { method: "GET", url: testUrl },
    expect: { kind: "refused" },
  });
  for (const cidr of cfg.edge.testListenerCidrs) {
    walks.push({
      name: `the test listener lets ${cidr} reach the green target group`,
      request: { method: "GET", url: testUrl, source: { kind: "address", address: addressIn(cidr) } },
      expect: { kind: "reached", port, via: [testRule, green] },
    });
  }
  const data = (k: string) => view.output("data", k);
  const stores: [string, string, number][] = [["database", `${String(data("writerEndpoint"))}`, num(data("port")) ?? 0]];
  if (data("cacheConfigurationEndpoint") !== undefined)
    stores.push(["cache", String(data("cacheConfigurationEndpoint")), num(data("cachePort")) ?? 0]);
  for (const [what, host, storePort] of stores) {
    walks.push(
      {
        name: `the ${what} accepts the service's group on ${storePort}`,
        request: { method: "CONNECT", url: `tcp://${host}:${storePort}`, source: group("serviceSecurityGroupId") },
        expect: { kind: "reached", port: storePort, via: [] },
      },
      {
        name: `the ${what} refuses the load balancer's group on ${storePort}`,
        request: { method: "CONNECT", url: `tcp://${host}:${storePort}`, source: group("loadBalancerSecurityGroupId") },
        expect: { kind: "refused" },
      },
    );
  }
  const [, databaseHost, databasePort] = stores[0];
  walks.push(
    {
      name: `the database accepts the database user functions' group on ${databasePort}`,
      request: { method: "CONNECT", url: `tcp://${databaseHost}:${databasePort}`, source: group("databaseAdminSecurityGroupId") },
      expect: { kind: "reached", port: databasePort, via: [] },
    },
    ...(stores.length > 1
      ? [
          {
            name: "the cache refuses the database user functions' group",
            request: { method: "CONNECT", url: `tcp://${stores[1][1]}:${stores[1][2]}`, source: group("databaseAdminSecurityGroupId") },
            expect: { kind: "refused" as const },
          },
        ]
      : []),
  );
  const discovery = str(view.output("compute", "serviceDiscoveryName"));
  if (discovery !== undefined) {
    const clients = str(view.output("network", "serviceDiscoveryClientSecurityGroupId"));
    if (clients !== undefined) {
      walks.push({
        name: `GET ${CONTAINER_HEALTH_PATH} on ${discovery}:${port} from the API client group reaches the container`,
        request: {
          method: "GET",
          url: `http://${discovery}:${port}${CONTAINER_HEALTH_PATH}`,
          source: { kind: "groups", groupIds: [clients] },
        },
        expect: { kind: "reached", port, via: [] },
      });
    }
    walks.push({
      name: `${discovery} does not resolve from the internet`,
      request: { method: "GET", url: `http://${discovery}:${port}${CONTAINER_HEALTH_PATH}` },
      expect: { kind: "refused" },
    });
  }
  return walks;
}

/** One line naming how a walk ended. */
export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case "reached":
      return `reached ${o.target} on ${o.port}${o.path === undefined ? "" : ` at ${o.path}`}`;
    case "redirected":
      return `redirected ${o.status} to ${o.location}`;
    case "fixed-response":
      return `answered ${o.status} by a fixed response`;
    case "forbidden":
      return `forbidden ${o.status}: ${o.reason}`;
    case "refused":
      return `refused: ${o.reason}`;
    case "failed":
      return `failed${o.status === undefined ? "" : ` ${o.status}`}: ${o.reason}`;
  }
}

function describeExpectation(e: Expectation): string {
  switch (e.kind) {
    case "reached":
      return `to reach the container on ${e.port}${e.via.length > 0 ? ` through ${e.via.join(", ")}` : ""}`;
    case "redirected":
      return `a ${e.status} redirect to ${e.location}`;
    case "fixed-response":
      return `a fixed ${e.status}`;
    case "forbidden":
      return `API Gateway's ${e.status}`;
    case "refused":
      return "to be refused";
  }
}

/** Why a walk does not end as expected, naming the expected end and the hop where it ended; undefined when it does. */
export function mismatch(expect: Expectation, walk: Walk): string | undefined {
  const o = walk.outcome;
  const last = walk.hops[walk.hops.length - 1];
  const ok =
    o.kind === expect.kind &&
    (o.kind !== "reached" ||
      (expect.kind === "reached" && o.port === expect.port && expect.via.every((v) => walk.hops.some((h) => h.resource === v)))) &&
    (o.kind !== "redirected" || (expect.kind === "redirected" && o.status === expect.status && o.location === expect.location)) &&
    (o.kind !== "fixed-response" || (expect.kind === "fixed-response" && o.status === expect.status)) &&
    (o.kind !== "forbidden" || (expect.kind === "forbidden" && o.status === expect.status));
  if (ok) return undefined;
  return `expected ${describeExpectation(expect)}, but ${describeOutcome(o)}${last === undefined ? "" : ` (last hop: ${last.step} ${last.resource})`}; passed ${walk.hops.map((h) => h.resource).join(" > ")}`;
}

/**
 * Where the layers disagree with the walks: a pattern of the production rule
 * that no documented path reaches, a port the load balancer's group opens
 * without a listener, a port of the container the load balancer serves that
 * no walk reaches (sidecars, reached only from inside the task, are not).
 */
export function coverageProblems(plan: Plan, checks: readonly RouteCheck[], documentedPaths: readonly string[]): string[] {
  const view = new PlanView(plan);
  const problems: string[] = [];
  const production = view.find(T.listenerRule, str(view.output("edge", "productionListenerRuleArn")));
  if (production !== undefined) {
    for (const condition of list(production.inputs.conditions)) {
      for (const pattern of strings(obj(obj(condition).pathPattern).values)) {
        if (!documentedPaths.some((p) => wildcardMatches(pattern, p))) {
          problems.push(`rule ${production.name} forwards "${pattern}", which no documented path (${documentedPaths.join(", ")}) reaches`);
        }
      }
    }
  }
  for (const lb of view.all(T.loadBalancer)) {
    const groups = strings(lb.inputs.securityGroups);
    for (const rule of view.all(T.ingressRule).filter((r) => groups.includes(String(r.inputs.securityGroupId)))) {
      const port = num(rule.inputs.fromPort);
      if (!view.all(T.listener).some((l) => l.inputs.loadBalancerArn === lb.id && num(l.inputs.port) === port)) {
        problems.push(
          `${rule.name} opens port ${String(port)} of ${String(lb.inputs.name)}, but no listener of the edge layer listens on it`,
        );
      }
    }
  }
  for (const service of view.all(T.ecsService)) {
    const task = view.find(T.taskDefinition, str(service.inputs.taskDefinition));
    const served = new Set(list(service.inputs.loadBalancers).map((b) => String(obj(b).containerName)));
    const defs = JSON.parse(String(task?.inputs.containerDefinitions ?? "[]")) as {
      name: string;
      portMappings?: { containerPort?: number }[];
    }[];
    for (const def of defs.filter((d) => served.has(d.name))) {
      for (const mapping of def.portMappings ?? []) {
        const reached = checks.some(
          (c) =>
            c.walk.outcome.kind === "reached" &&
            c.walk.outcome.target === `container ${def.name}` &&
            c.walk.outcome.port === mapping.containerPort,
        );
        if (!reached)
          problems.push(
            `container ${def.name} of ${String(task?.name)} listens on ${String(mapping.containerPort)}, which no documented walk reaches`,
          );
      }
    }
  }
  return problems;
}

/** Walks every documented path of a stack and reports each walk and every disagreement. */
export function documentedRoutes(plan: Plan, cfg: PlatformConfig): RouteReport {
  const checks = documentedWalks(plan, cfg).map((w): RouteCheck => {
    const walk = "healthCheck" in w.request ? walkHealthCheck(plan, w.request.healthCheck) : walkRequest(plan, w.request);
    const problem = mismatch(w.expect, walk);
    return { ...w, walk, problem };
  });
  const problems = [
    ...checks.filter((c) => c.problem !== undefined).map((c) => `${c.name}: ${String(c.problem)}`),
    ...coverageProblems(plan, checks, requiredPaths(cfg.preset, cfg)),
  ];
  return { checks, problems };
}
