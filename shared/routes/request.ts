import { Plan } from "../plan/runner";
import { addressIn, INTERNET_ADDRESS, Source } from "./securityGroups";
import { num, PlanView, str, T } from "./view";
import { RouteRequest } from "./walk";

export const REQUEST_USAGE =
  '"<METHOD> <entry><path> [header:value ...] [from=<source>]", entry one of apiUrl, alb, alb:<port>, cloudmap, database, cache or a URL; ' +
  "source one of internet (default), vpc, service, alb, vpclink, api-clients, db-admin, an IPv4 address or a security group id";

/** Security group aliases of `from=`, and the network layer's output each names. */
const GROUP_ALIASES: Readonly<Record<string, string>> = {
  service: "serviceSecurityGroupId",
  alb: "loadBalancerSecurityGroupId",
  vpclink: "apiGatewayVpcLinkSecurityGroupId",
  "api-clients": "serviceDiscoveryClientSecurityGroupId",
  "db-admin": "databaseAdminSecurityGroupId",
};

function fail(message: string): never {
  throw new Error(`${message}; a request is ${REQUEST_USAGE}`);
}

function source(view: PlanView, value: string): Source {
  if (value === "internet") return { kind: "address", address: INTERNET_ADDRESS };
  if (value === "vpc") return { kind: "address", address: addressIn(view.vpcCidr()) };
  if (/^\d+\.\d+\.\d+\.\d+$/.test(value)) return { kind: "address", address: value };
  if (value.startsWith("sg-")) return { kind: "groups", groupIds: [value] };
  const output = GROUP_ALIASES[value];
  const id = output === undefined ? undefined : str(view.output("network", output));
  return id === undefined ? fail(`from=${value} names no source of this stack`) : { kind: "groups", groupIds: [id] };
}

function url(view: PlanView, target: string): string {
  if (/^[a-z]+:\/\//.test(target)) return target;
  const [, entry, port, path = ""] = /^([A-Za-z-]+)(?::(\d+))?(\/.*)?$/.exec(target) ?? fail(`"${target}" is no entry`);
  const need = (value: unknown, what: string): string => str(value) ?? String(num(value) ?? fail(`this stack has no ${what}`));
  switch (entry) {
    case "apiUrl":
      return `${need(view.output("edge", "apiGatewayInvokeUrl"), "API Gateway (apiUrl)")}${path}`;
    case "alb": {
      const dns = need(view.output("edge", "albDnsName"), "load balancer");
      const lb = view.all(T.loadBalancer).find((l) => l.computed?.dnsName === dns);
      const listenerPort = port === undefined ? (view.output("edge", "httpsEnabled") === true ? 443 : 80) : Number(port);
      const listener = view.all(T.listener).find((l) => l.inputs.loadBalancerArn === lb?.id && num(l.inputs.port) === listenerPort);
      return `${listener?.inputs.protocol === "HTTPS" ? "https" : "http"}://${dns}:${listenerPort}${path}`;
    }
    case "cloudmap":
      return `http://${need(view.output("compute", "serviceDiscoveryName"), "Cloud Map name")}:${port ?? String(containerPort(view))}${path}`;
    case "database":
      return `tcp://${need(view.output("data", "writerEndpoint"), "database")}:${port ?? need(view.output("data", "port"), "database port")}`;
    case "cache":
      return `tcp://${need(view.output("data", "cacheConfigurationEndpoint"), "cache")}:${port ?? need(view.output("data", "cachePort"), "cache port")}`;
    default:
      return fail(`unknown entry "${entry}"`);
  }
}

/** The port the load balancer registers the service's tasks on. */
function containerPort(view: PlanView): number {
  const service = view.all(T.ecsService)[0];
  const block = Array.isArray(service?.inputs.loadBalancers) ? (service.inputs.loadBalancers[0] as Record<string, unknown>) : {};
  return num(block.containerPort) ?? fail("this stack has no service behind a load balancer");
}

/**
 * Parses a request of `npm run routes -- --request`, e.g.
 * `GET apiUrl/payments x-api-key:abc` or `CONNECT database from=alb`.
 */
export function parseRequest(plan: Plan, text: string): RouteRequest {
  const view = new PlanView(plan);
  const [method, target, ...rest] = text.trim().split(/\s+/);
  if (method === undefined || target === undefined || !/^[A-Z]+$/.test(method)) fail(`"${text}" is no request`);
  const headers: Record<string, string> = {};
  let from: Source | undefined;
  for (const part of rest) {
    if (part.startsWith("from=")) from = source(view, part.slice("from=".length));
    else {
      const colon = part.indexOf(":");
      if (colon <= 0) fail(`"${part}" is neither header:value nor from=<source>`);
      headers[part.slice(0, colon).toLowerCase()] = part.slice(colon + 1);
    }
  }
  return { method, url: url(view, target), ...(Object.keys(headers).length > 0 ? { headers } : {}), source: from };
}
