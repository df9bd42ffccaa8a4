import {
  addressIn,
  answeringAction,
  groupsAllow,
  mismatch,
  parseRequest,
  routesSummary,
  samplePaths,
  walkHealthCheck,
  walkRequest,
  Walk,
} from "../../shared/routes";
import { PlanView, T } from "../../shared/routes/view";
import { LB_DNS, node, smallPlan } from "./fixtures";

const walkEnding = (outcome: Walk["outcome"]): Walk => ({
  request: { method: "GET", url: "http://x/" },
  hops: [{ step: "listener", resource: "l", detail: "" }],
  outcome,
});

describe("a documented walk's expectation", () => {
  it.each([
    [
      { kind: "redirected", status: 301, location: "https://a:443/" } as const,
      { kind: "redirected", status: 302, location: "https://a:443/" } as const,
      "expected a 301 redirect to https://a:443/, but redirected 302 to https://a:443/",
    ],
    [
      { kind: "fixed-response", status: 404 } as const,
      { kind: "fixed-response", status: 503 } as const,
      "expected a fixed 404, but answered 503 by a fixed response",
    ],
    [
      { kind: "forbidden", status: 403 } as const,
      { kind: "forbidden", status: 429, reason: "throttled" } as const,
      "expected API Gateway's 403, but forbidden 429: throttled",
    ],
    [
      { kind: "refused" } as const,
      { kind: "reached", target: "db", port: 5432 } as const,
      "expected to be refused, but reached db on 5432",
    ],
    [
      { kind: "reached", port: 8080, via: [] } as const,
      { kind: "failed", reason: "no listener" } as const,
      "expected to reach the container on 8080, but failed: no listener",
    ],
  ])("%j names the expected end and where the walk ended instead", (expect_, outcome, message) => {
    expect(mismatch(expect_, walkEnding(outcome))).toBe(`${message} (last hop: listener l); passed l`);
  });

  it("holds when the walk ends as expected, through every resource named", () => {
    expect(mismatch({ kind: "reached", port: 8080, via: ["l"] }, walkEnding({ kind: "reached", target: "c", port: 8080 }))).toBeUndefined();
    expect(mismatch({ kind: "reached", port: 8080, via: ["other"] }, walkEnding({ kind: "reached", target: "c", port: 8080 }))).toContain(
      "through other",
    );
    expect(mismatch({ kind: "refused" }, { ...walkEnding({ kind: "refused", reason: "r" }), hops: [] })).toBeUndefined();
    expect(mismatch({ kind: "reached", port: 1, via: [] }, { ...walkEnding({ kind: "failed", status: 502, reason: "r" }), hops: [] })).toBe(
      "expected to reach the container on 1, but failed 502: r; passed ",
    );
  });

  it("prints the plan's one-line summary with each problem below it", () => {
    expect(routesSummary({ checks: [], problems: ["a", "b"] })).toBe("routes: 0 documented walks, 2 problems\n  - a\n  - b");
  });
});

describe("documented paths of the order API", () => {
  it.each([
    ["/orders*", ["/orders", "/orders/id-1"]],
    ["/webhooks/*", ["/webhooks/sample"]],
    ["/health", ["/health"]],
    ["/v?/items*", ["/vx/items", "/vx/items/id-1"]],
    ["/a*/b*", ["/ax/b", "/ax/b/id-1"]],
    ["/a*/b", ["/ax/b"]],
  ])("sample %s as %j", (pattern, paths) => {
    expect(samplePaths(pattern)).toEqual(paths);
  });
});

describe("the walk's building blocks", () => {
  it("answer with the first action by order that is not an authentication step", () => {
    const actions = [
      { type: "fixed-response", order: 2, fixedResponse: { statusCode: "200" } },
      { type: "authenticate-oidc", order: 1 },
    ];
    expect(answeringAction(actions)).toMatchObject({ type: "fixed-response" });
    expect(answeringAction(undefined)).toBeUndefined();
  });

  it("read inline rules of a security group as well as the standalone ones", () => {
    const inline = node(T.securityGroup, "sg-svc", "sg-svc", {
      ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-alb"] }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    });
    const view = new PlanView(smallPlan([inline, node(T.ingressRule, "svc-in-alb", "x", { securityGroupId: "sg-none" })]));
    expect(groupsAllow(view, { kind: "groups", groupIds: ["sg-alb"] }, ["sg-svc"], 8080)).toMatchObject({
      allowed: true,
      ingress: { name: "sg-svc" },
    });
    expect(groupsAllow(view, { kind: "groups", groupIds: ["sg-svc"] }, ["sg-db"], 5432)).toMatchObject({
      allowed: true,
      egress: { name: "svc-out-db" },
    });
    expect(groupsAllow(view, { kind: "groups", groupIds: ["sg-svc"] }, ["sg-alb"], 8080)).toEqual({
      allowed: false,
      reason: "no ingress rule of sg-alb admits TCP 8080 from sg-svc",
    });
  });

  it("need a plan from the mocks: a provider resource without an id is refused, naming it", () => {
    const { id: _id, ...bare } = node(T.listener, "listener-80", "arn:listener/80", {});
    expect(() => walkRequest(smallPlan([bare]), { method: "GET", url: `http://${LB_DNS}/` })).toThrow(
      "resource listener-80 (aws:lb/listener:Listener) has no id",
    );
    const noNetwork = { ...smallPlan(), layers: smallPlan().layers.map((l) => ({ ...l, outputs: {} })) };
    expect(() => walkRequest(noNetwork, { method: "GET", url: `http://${LB_DNS}/` })).toThrow("exports no vpcCidr");
  });

  it("end a walk the plan cannot finish with the reason, not an exception", () => {
    const noListenerForTg = smallPlan([
      node(T.listenerRule, "production", "arn:rule/production", {
        listenerArn: "arn:listener/80",
        priority: 1,
        conditions: [],
        actions: [],
      }),
    ]);
    expect(walkHealthCheck(noListenerForTg, "blue").outcome).toEqual({
      kind: "failed",
      reason: "no listener of the plan forwards to blue",
    });
    expect(walkRequest(noListenerForTg, { method: "GET", url: `http://${LB_DNS}/` }).outcome).toEqual({
      kind: "failed",
      reason: "production has no action",
    });
    const orphan = smallPlan([node(T.ecsService, "service", "arn:svc", { loadBalancers: [] })]);
    expect(walkHealthCheck(orphan, "blue").outcome).toMatchObject({ kind: "failed", reason: "no ECS service registers targets in blue" });
    expect(addressIn("192.168.0.0/24")).toBe("192.168.0.10");
  });

  it("end at an action or an integration the walk does not follow, saying so", () => {
    const auth = node(T.listenerRule, "production", "arn:rule/production", {
      listenerArn: "arn:listener/80",
      priority: 1,
      conditions: [],
      actions: [{ type: "authenticate-cognito" }, { type: "lambda", order: 2 }],
    });
    expect(walkRequest(smallPlan([auth]), { method: "GET", url: `http://${LB_DNS}/` }).outcome).toEqual({
      kind: "failed",
      reason: "action lambda is not modelled",
    });
  });

  it("match a query condition without a key against every value", () => {
    const anyValue = node(T.listenerRule, "q", "arn:rule/q", {
      listenerArn: "arn:listener/80",
      priority: 1,
      conditions: [{ queryStrings: [{ value: "beta" }] }],
      actions: [{ type: "fixed-response", fixedResponse: { statusCode: "204" } }],
    });
    expect(walkRequest(smallPlan([anyValue]), { method: "GET", url: `http://${LB_DNS}/orders?channel=beta` }).outcome).toEqual({
      kind: "fixed-response",
      status: 204,
    });
    expect(walkRequest(smallPlan([anyValue]), { method: "GET", url: `http://${LB_DNS}/orders?channel=stable` }).outcome).toMatchObject({
      kind: "reached",
    });
  });

  it("parse the sources and entries of a request against the plan", () => {
    const plan = smallPlan();
    expect(parseRequest(plan, "GET http://x/ from=internet").source).toEqual({ kind: "address", address: "203.0.113.10" });
    expect(parseRequest(plan, "GET http://x/ from=198.51.100.7").source).toEqual({ kind: "address", address: "198.51.100.7" });
    expect(parseRequest(plan, "GET http://x/ from=sg-123").source).toEqual({ kind: "groups", groupIds: ["sg-123"] });
    expect(() => parseRequest(plan, "GET cloudmap/health")).toThrow("this stack has no Cloud Map name");
    expect(() => parseRequest(plan, "GET alb/x")).toThrow("this stack has no load balancer");
    expect(() => parseRequest(plan, "CONNECT cache")).toThrow("this stack has no cache");
  });
});
