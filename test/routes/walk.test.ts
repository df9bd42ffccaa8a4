import {
  cidrContains,
  matchResource,
  resourceTree,
  overriddenPath,
  walkHealthCheck,
  walkRequest,
  wildcardMatches,
} from "../../shared/routes";
import { T } from "../../shared/routes/view";
import { API_URL, apiPlan, BLUE, egress, fixed, forwardTo, GREEN, ingress, KEY, LB_DNS, listener, node, rule, smallPlan } from "./fixtures";

const get = (path: string, extra: Record<string, unknown> = {}) => ({ method: "GET", url: `http://${LB_DNS}${path}`, ...extra });
const resources = (w: { hops: readonly { resource: string }[] }) => w.hops.map((h) => h.resource);

describe("ALB path patterns, as the load balancer matches them", () => {
  it.each([
    ["/orders*", "/orders", true],
    ["/orders*", "/orders/42/items", true],
    ["/orders*", "/ordersx", true],
    ["/orders*", "/Orders", false],
    ["/orders*", "/api/orders", false],
    ["/webhooks/*", "/webhooks/", true],
    ["/webhooks/*", "/webhooks", false],
    ["/a?c", "/abc", true],
    ["/a?c", "/ac", false],
    ["/a?c", "/abbc", false],
    ["*/items", "/orders/1/items", true],
    ["/health", "/health/", false],
  ])("%s against %s: %s", (pattern, path, expected) => {
    expect(wildcardMatches(pattern, path)).toBe(expected);
  });

  it("compare the path only: a query string does not stop an exact pattern", () => {
    expect(walkRequest(smallPlan(), get("/health?deep=1")).outcome).toMatchObject({ kind: "reached", path: "/health" });
  });

  it("host headers compare without case", () => {
    expect(wildcardMatches("*.Example.com", "api.example.COM", false)).toBe(true);
  });
});

describe("listener rules", () => {
  it("are evaluated by priority, lowest first, not by the longest pattern", () => {
    const plan = smallPlan([rule("catch-all", "arn:listener/80", 5, ["/*"], fixed(418))]);
    const walk = walkRequest(plan, get("/orders/1"));
    expect(walk.outcome).toEqual({ kind: "fixed-response", status: 418 });
    expect(resources(walk)).toContain("catch-all");
  });

  it("let a more specific rule win only when its priority number is lower", () => {
    const admin = (priority: number) => rule("admin", "arn:listener/80", priority, ["/orders/admin*"], fixed(403));
    expect(walkRequest(smallPlan([admin(10)]), get("/orders/admin/x")).outcome).toEqual({ kind: "fixed-response", status: 403 });
    expect(walkRequest(smallPlan([admin(200)]), get("/orders/admin/x")).outcome).toMatchObject({ kind: "reached" });
  });

  it("fall through to the listener's default action when no rule matches", () => {
    const walk = walkRequest(smallPlan(), get("/products"));
    expect(walk.outcome).toEqual({ kind: "fixed-response", status: 404 });
    expect(walk.hops[walk.hops.length - 1]).toMatchObject({ step: "listener rule", resource: "listener-80" });
  });

  it("match host, method, header, source address and query conditions, all of them", () => {
    const conditional = node(T.listenerRule, "conditional", "arn:rule/c", {
      listenerArn: "arn:listener/80",
      priority: 1,
      conditions: [
        { hostHeader: { values: ["*.elb.example"] } },
        { httpRequestMethod: { values: ["POST"] } },
        { httpHeader: { httpHeaderName: "X-Canary", values: ["on"] } },
        { sourceIp: { values: ["203.0.113.0/24"] } },
        { queryStrings: [{ key: "v", value: "2" }] },
      ],
      actions: fixed(299),
    });
    const plan = smallPlan([conditional]);
    const post = { method: "POST", url: `http://${LB_DNS}/orders?v=2`, headers: { "X-Canary": "ON" } };
    expect(walkRequest(plan, post).outcome).toEqual({ kind: "fixed-response", status: 299 });
    expect(walkRequest(plan, { ...post, method: "GET" }).outcome).toMatchObject({ kind: "reached" });
    expect(walkRequest(plan, { ...post, url: `http://${LB_DNS}/orders?v=3` }).outcome).toMatchObject({ kind: "reached" });
    expect(walkRequest(plan, { ...post, headers: {} }).outcome).toMatchObject({ kind: "reached" });
    expect(walkRequest(plan, { ...post, source: { kind: "address", address: "198.51.100.1" } }).outcome).toMatchObject({ kind: "reached" });
  });

  it("refuse to guess a condition type the walk does not model", () => {
    const odd = node(T.listenerRule, "odd", "arn:rule/odd", {
      listenerArn: "arn:listener/80",
      priority: 1,
      conditions: [{ somethingNew: {} }],
      actions: fixed(200),
    });
    expect(() => walkRequest(smallPlan([odd]), get("/orders"))).toThrow("is of a type the request walk does not model");
  });
});

describe("a request ends", () => {
  it("at the container port of the task through the rule, the weighted group and both security groups", () => {
    const walk = walkRequest(smallPlan(), get("/orders/7"));
    expect(walk.outcome).toEqual({ kind: "reached", target: "container api", port: 8080, path: "/orders/7" });
    expect(resources(walk)).toEqual(["alb-in-80", "listener-80", "production", "blue", "service", "svc-in-alb", "task"]);
  });

  it("in every group a weighted forward sends traffic to, and never in a group of weight 0", () => {
    expect(resources(walkRequest(smallPlan(), get("/orders")))).not.toContain("green");
    const split = rule(
      "production",
      "arn:listener/80",
      100,
      ["/orders*"],
      forwardTo([
        [BLUE, 50],
        [GREEN, 50],
      ]),
    );
    const walk = walkRequest(smallPlan([split]), get("/orders"));
    expect(resources(walk).filter((r) => r === "blue" || r === "green")).toEqual(["blue", "green"]);
  });

  it("redirected, with the Location the redirect action builds", () => {
    const redirect = listener("listener-80", "arn:listener/80", 80, "HTTP", [
      {
        type: "redirect",
        redirect: { protocol: "HTTPS", port: "443", host: "#{host}", path: "/#{path}", query: "#{query}", statusCode: "HTTP_301" },
      },
    ]);
    const plan = smallPlan([redirect, rule("production", "arn:listener/other", 100, ["/orders*"], fixed(200))]);
    expect(walkRequest(plan, get("/orders/1?a=b")).outcome).toEqual({
      kind: "redirected",
      status: 301,
      location: `https://${LB_DNS}:443/orders/1?a=b`,
    });
    expect(walkRequest(plan, get("/orders")).outcome).toEqual({
      kind: "redirected",
      status: 301,
      location: `https://${LB_DNS}:443/orders`,
    });
  });

  it("refused by the load balancer's group when no ingress rule admits the source on the port", () => {
    const walk = walkRequest(smallPlan([ingress("alb-in-80", "sg-alb", 80, { cidr: "10.0.0.0/8" })]), get("/orders"));
    expect(walk.outcome).toEqual({ kind: "refused", reason: "no ingress rule of sg-alb admits TCP 80 from 203.0.113.10" });
  });

  it("refused when the load balancer's group has no egress to the tasks, or the tasks' group no ingress from it", () => {
    expect(walkRequest(smallPlan([egress("alb-out-svc", "sg-alb", 9999, { group: "sg-svc" })]), get("/orders")).outcome).toEqual({
      kind: "refused",
      reason: "no egress rule of sg-alb lets TCP 8080 out to sg-svc",
    });
    expect(walkRequest(smallPlan([ingress("svc-in-alb", "sg-svc", 8080, { group: "sg-other" })]), get("/orders")).outcome).toMatchObject({
      kind: "refused",
    });
  });

  it("failed with 502 when the container does not listen on the port ECS registers", () => {
    expect(walkRequest(smallPlan([], { containerPorts: [9090] }), get("/orders")).outcome).toEqual({
      kind: "failed",
      status: 502,
      reason: "container api listens on 9090, not 8080",
    });
  });

  it("failed with 503 when no service registers targets in the group", () => {
    const orphan = node(T.ecsService, "service", "arn:svc", { loadBalancers: [] });
    expect(walkRequest(smallPlan([orphan]), get("/orders")).outcome).toMatchObject({ kind: "failed", status: 503 });
  });

  it("failed when nothing listens on the port the group opens, and on a TLS mismatch", () => {
    const open = ingress("alb-in-8443", "sg-alb", 8443, { cidr: "0.0.0.0/0" });
    expect(walkRequest(smallPlan([open]), get("/orders", { url: `http://${LB_DNS}:8443/orders` })).outcome).toMatchObject({
      kind: "failed",
      reason: expect.stringContaining("no listener on port 8443"),
    });
    const tls = listener("listener-80", "arn:listener/80", 80, "HTTPS", fixed(404));
    expect(walkRequest(smallPlan([tls]), get("/orders")).outcome).toMatchObject({ kind: "failed", status: 400 });
    expect(walkRequest(smallPlan(), get("/orders", { url: `https://${LB_DNS}:80/orders` })).outcome).toMatchObject({
      kind: "failed",
      reason: expect.stringContaining("TLS handshake"),
    });
  });

  it("refused at an internal load balancer for a source outside the VPC, whatever its groups say", () => {
    expect(walkRequest(smallPlan([], { internal: true }), get("/orders")).outcome).toMatchObject({
      kind: "refused",
      reason: expect.stringContaining("internal load balancer"),
    });
    expect(
      walkRequest(smallPlan([], { internal: true }), get("/orders", { source: { kind: "address", address: "10.0.3.4" } })).outcome,
    ).toMatchObject({ kind: "reached" });
  });

  it("failed for a host no planned resource answers", () => {
    expect(walkRequest(smallPlan(), { method: "GET", url: "https://example.org/" }).outcome).toEqual({
      kind: "failed",
      reason: "no resource of the plan answers example.org",
    });
  });
});

describe("connections to the database", () => {
  it("are accepted from the service's group on its port and refused from the load balancer's", () => {
    const url = "tcp://db.example:5432";
    expect(walkRequest(smallPlan(), { method: "CONNECT", url, source: { kind: "groups", groupIds: ["sg-svc"] } }).outcome).toEqual({
      kind: "reached",
      target: "db",
      port: 5432,
    });
    expect(walkRequest(smallPlan(), { method: "CONNECT", url, source: { kind: "groups", groupIds: ["sg-alb"] } }).outcome).toMatchObject({
      kind: "refused",
    });
    expect(walkRequest(smallPlan(), { method: "CONNECT", url: "tcp://db-ro.example:5432" }).outcome).toMatchObject({ kind: "refused" });
  });

  it("fail on a port the database does not listen on, even where a group would admit it", () => {
    const wide = [egress("svc-out-db", "sg-svc", 3306, { group: "sg-db" }), ingress("db-in-svc", "sg-db", 3306, { group: "sg-svc" })];
    expect(
      walkRequest(smallPlan(wide), { method: "CONNECT", url: "tcp://db.example:3306", source: { kind: "groups", groupIds: ["sg-svc"] } })
        .outcome,
    ).toEqual({
      kind: "failed",
      reason: "db listens on 5432, not 3306",
    });
  });
});

describe("health checks", () => {
  it("reach the registered port of the container at the check's path", () => {
    expect(walkHealthCheck(smallPlan(), "green").outcome).toEqual({
      kind: "reached",
      target: "container api",
      port: 8080,
      path: "/health",
    });
  });

  it("fail when the check's port is not one the container listens on", () => {
    const odd = node(T.targetGroup, "blue", BLUE, { name: "blue", healthCheck: { path: "/health", port: "9000" } });
    expect(walkHealthCheck(smallPlan([odd]), "blue").outcome).toMatchObject({ kind: "refused" });
    expect(walkHealthCheck(smallPlan(), "purple").outcome).toMatchObject({ kind: "failed", reason: "no target group purple in the plan" });
  });
});

describe("API Gateway", () => {
  const stageless = {
    root: '#set($context.requestOverride.path = "/")$input.body',
    proxy: "#set($context.requestOverride.path = \"/$input.params().path.get('proxy')\")$input.body",
  };

  it("selects the most specific resource: a literal part before a parameter before a greedy proxy", () => {
    const tree = resourceTree("root", [
      node(T.apiResource, "payments", "r1", { parentId: "root", pathPart: "payments" }),
      node(T.apiResource, "id", "r2", { parentId: "r1", pathPart: "{id}" }),
      node(T.apiResource, "proxy", "r3", { parentId: "root", pathPart: "{proxy+}" }),
    ]);
    expect(matchResource(tree, ["payments"])).toMatchObject({ resourcePath: "/payments", params: {} });
    expect(matchResource(tree, ["payments", "p-1"])).toMatchObject({ resourcePath: "/payments/{id}", params: { id: "p-1" } });
    expect(matchResource(tree, ["payments", "p-1", "x"])).toMatchObject({ resourcePath: "/{proxy+}", params: { proxy: "payments/p-1/x" } });
    expect(matchResource(tree, [])).toMatchObject({ resourcePath: "/" });
    expect(matchResource(resourceTree("root", []), ["x"])).toBeUndefined();
  });

  it("sends a private integration's request with the stage in front of the path unless a template overrides it (the payment API's 404)", () => {
    const before = walkRequest(apiPlan(undefined, [], "WHEN_NO_MATCH"), { method: "GET", url: `${API_URL}/orders`, headers: KEY });
    expect(before.outcome).toEqual({ kind: "fixed-response", status: 404 });
    expect(before.hops.find((h) => h.step === "API Gateway integration")?.detail).toContain(
      "private integration adds the stage: /v1/orders",
    );
    const after = walkRequest(apiPlan(stageless), { method: "GET", url: `${API_URL}/orders`, headers: KEY });
    expect(after.outcome).toEqual({ kind: "reached", target: "container api", port: 8080, path: "/orders" });
  });

  it("evaluates the override of the root and of a greedy path, and leaves a template without one alone", () => {
    expect(overriddenPath(stageless.proxy, { proxy: "orders/1" })).toBe("/orders/1");
    expect(overriddenPath(stageless.root, {})).toBe("/");
    expect(overriddenPath("#set($context.requestOverride.path = \"/$input.params('proxy')\")", { proxy: "a" })).toBe("/a");
    expect(overriddenPath("$input.body", {})).toBeUndefined();
    expect(walkRequest(apiPlan(stageless), { method: "GET", url: `${API_URL}/`, headers: KEY }).outcome).toEqual({
      kind: "fixed-response",
      status: 404,
    });
  });

  it("forbids a method that requires an API key when the request has none, or no usage plan binds one to the stage", () => {
    expect(walkRequest(apiPlan(stageless), { method: "GET", url: `${API_URL}/orders` }).outcome).toMatchObject({
      kind: "forbidden",
      status: 403,
    });
    const unbound = node(T.usagePlan, "usage-plan", "up1", { apiStages: [{ apiId: "api1", stage: "v2" }] });
    expect(walkRequest(apiPlan(stageless, [unbound]), { method: "GET", url: `${API_URL}/orders`, headers: KEY }).outcome).toMatchObject({
      kind: "forbidden",
      reason: "no usage plan binds an enabled API key to api stage v1",
    });
  });

  it("forbids an unknown stage and a path no resource matches", () => {
    expect(
      walkRequest(apiPlan(stageless), { method: "GET", url: "https://api1.execute-api.us-east-1.amazonaws.com/v9/orders" }).outcome,
    ).toMatchObject({ kind: "forbidden", status: 403 });
    const onlyRoot = node(T.apiResource, "proxy", "res-proxy", { restApi: "api1", parentId: "elsewhere", pathPart: "{proxy+}" });
    expect(walkRequest(apiPlan(stageless, [onlyRoot]), { method: "GET", url: `${API_URL}/orders`, headers: KEY }).outcome).toMatchObject({
      kind: "forbidden",
      reason: expect.stringContaining("Missing Authentication Token"),
    });
  });

  it("answers 415 for a content type without a template when passthrough is NEVER, and passes it through with the stage under WHEN_NO_MATCH", () => {
    const xml = { method: "POST", url: `${API_URL}/orders`, headers: { ...KEY, "content-type": "text/xml; charset=utf-8" } };
    expect(walkRequest(apiPlan(stageless), xml).outcome).toMatchObject({ kind: "failed", status: 415 });
    expect(walkRequest(apiPlan(stageless, [], "WHEN_NO_MATCH"), xml).outcome).toEqual({ kind: "fixed-response", status: 404 });
    expect(walkRequest(apiPlan(stageless, [], "WHEN_NO_TEMPLATES"), xml).outcome).toMatchObject({ kind: "failed", status: 415 });
    expect(walkRequest(apiPlan(undefined, [], "WHEN_NO_TEMPLATES"), xml).outcome).toEqual({ kind: "fixed-response", status: 404 });
  });

  it("does not follow an integration that leaves the VPC", () => {
    const internet = node(T.integration, "proxy-integration", "i-proxy", {
      restApi: "api1",
      resourceId: "res-proxy",
      httpMethod: "ANY",
      type: "HTTP_PROXY",
      connectionType: "INTERNET",
      uri: "https://example.org/{proxy}",
      requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
    });
    const walk = walkRequest(apiPlan(stageless, [internet]), { method: "GET", url: `${API_URL}/orders`, headers: KEY });
    expect(walk.outcome).toEqual({
      kind: "failed",
      reason: "integration proxy-integration leaves the VPC: only VPC_LINK integrations are walked",
    });
    expect(walk.hops[walk.hops.length - 1].detail).toBe("HTTP_PROXY https://example.org/orders; path as mapped");
  });

  it("blocks a request when the stage's web ACL blocks by default", () => {
    const acl = node(T.webAcl, "acl", "acl1", { defaultAction: { block: {} } }, { arn: "arn:acl" });
    const association = node(T.webAclAssociation, "association", "as1", { resourceArn: "arn:stage/v1", webAclArn: "arn:acl" });
    expect(
      walkRequest(apiPlan(stageless, [acl, association]), { method: "GET", url: `${API_URL}/orders`, headers: KEY }).outcome,
    ).toMatchObject({ kind: "forbidden", status: 403 });
    const onLoadBalancer = node(T.webAclAssociation, "association", "as1", { resourceArn: "arn:lb/app/t/1", webAclArn: "arn:acl" });
    expect(walkRequest(smallPlan([acl, onLoadBalancer]), get("/orders")).outcome).toEqual({
      kind: "forbidden",
      status: 403,
      reason: "the web ACL's default action blocks",
    });
  });

  it("reaches the internal load balancer only through the VPC link's group", () => {
    const plan = apiPlan(stageless);
    expect(walkRequest(plan, get("/orders")).outcome).toMatchObject({ kind: "refused" });
    expect(walkRequest(plan, get("/orders", { source: { kind: "address", address: "10.0.9.9" } })).outcome).toMatchObject({
      kind: "refused",
    });
    expect(walkRequest(plan, get("/orders", { source: { kind: "groups", groupIds: ["sg-link"] } })).outcome).toMatchObject({
      kind: "reached",
    });
  });
});

describe("CIDR blocks", () => {
  it("hold the addresses of their prefix only", () => {
    expect(cidrContains("10.0.0.0/16", "10.0.255.1")).toBe(true);
    expect(cidrContains("10.0.0.0/16", "10.1.0.1")).toBe(false);
    expect(cidrContains("0.0.0.0/0", "203.0.113.10")).toBe(true);
    expect(cidrContains("198.51.100.7/32", "198.51.100.7")).toBe(true);
    expect(cidrContains("not-a-cidr", "10.0.0.1")).toBe(false);
  });
});
