import { PlannedResource } from "../../shared/plan/capture";
import { committedStacks, configOf, Plan, readStackSettings } from "../../shared/plan/runner";
import { documentedRoutes, formatRouteReport, parseRoutesArgs, routesCommand, RouteReport, walkRequest } from "../../shared/routes";
import { planStack } from "../harness";

const cfgOf = (stack: string, overrides: Record<string, string> = {}) => configOf(stack, readStackSettings(stack, overrides));

/** The plan with `change` applied to every resource of `type` (a copy; the cached plan stays as it is). */
function edit(plan: Plan, type: string, change: (r: PlannedResource) => PlannedResource): Plan {
  return { ...plan, layers: plan.layers.map((l) => ({ ...l, resources: l.resources.map((r) => (r.type === type ? change(r) : r)) })) };
}
const withInputs = (r: PlannedResource, inputs: Record<string, unknown>): PlannedResource => ({ ...r, inputs: { ...r.inputs, ...inputs } });

describe.each(committedStacks())("the documented paths of %s", (stack) => {
  let report: RouteReport;
  beforeAll(async () => {
    report = documentedRoutes(await planStack(stack), cfgOf(stack));
  });

  it("all end where they should, and no layer disagrees with a walk", () => {
    expect(report.problems).toEqual([]);
    expect(report.checks.filter((c) => c.problem !== undefined)).toEqual([]);
  });

  it("pass the web ACL on the way in, on the stage or on the load balancer", () => {
    const first = report.checks[0];
    expect(first.walk.hops.filter((h) => h.step === "WAF web ACL").map((h) => h.resource)).toEqual(["edge-acl"]);
  });

  it("include every API path, the 404, both health checks, the closed test listener and the database", () => {
    const names = report.checks.map((c) => c.name);
    expect(names.filter((n) => n.includes("reaches the container on 8080 by the production rule")).length).toBeGreaterThanOrEqual(4);
    expect(names).toEqual(
      expect.arrayContaining([expect.stringContaining("gets the listener's 404"), expect.stringContaining("the test listener refuses")]),
    );
    expect(names.filter((n) => n.startsWith("the health check of"))).toHaveLength(2);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringContaining("the database accepts the service's group"),
        expect.stringContaining("the database refuses the load balancer's group"),
      ]),
    );
  });
});

describe("the payment API", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack("payments-dev");
  });
  const apiUrl = () => String(plan.layers.find((l) => l.layer === "edge")?.outputs.apiUrl);

  it.each(["/payments", "/refunds", "/webhooks/psp", "/health"])(
    "reaches the container on 8080 at %s through apiUrl with the API key, the stage removed",
    (path) => {
      const walk = walkRequest(plan, {
        method: "POST",
        url: `${apiUrl()}${path}`,
        headers: { "x-api-key": "k", "content-type": "application/json" },
      });
      expect(walk.outcome).toEqual({ kind: "reached", target: "container api", port: 8080, path });
      expect(walk.hops.map((h) => h.resource)).toEqual(
        expect.arrayContaining([
          "edge-proxy-integration",
          "edge-vpc-link",
          "network-alb-in-80-vpclink",
          "edge-production-rule",
          "edge-blue",
          "network-service-in-alb",
        ]),
      );
    },
  );

  it("keeps form-encoded webhooks on the same path, and refuses other content types at API Gateway rather than at the load balancer", () => {
    const post = (contentType: string) =>
      walkRequest(plan, { method: "POST", url: `${apiUrl()}/webhooks/psp`, headers: { "x-api-key": "k", "content-type": contentType } })
        .outcome;
    expect(post("application/x-www-form-urlencoded")).toMatchObject({ kind: "reached", path: "/webhooks/psp" });
    expect(post("text/xml")).toMatchObject({ kind: "failed", status: 415 });
  });

  it("regression: on the old layout (no stage override) every path reaches the load balancer as /v1/<path> and gets its 404, and the report names both ends", () => {
    const old = edit(plan, "aws:apigateway/integration:Integration", (r) => {
      const { requestTemplates: _dropped, ...inputs } = r.inputs;
      return { ...r, inputs: { ...inputs, passthroughBehavior: "WHEN_NO_MATCH" } };
    });
    const walk = walkRequest(old, { method: "GET", url: `${apiUrl()}/payments`, headers: { "x-api-key": "k" } });
    expect(walk.outcome).toEqual({ kind: "fixed-response", status: 404 });
    expect(walk.hops.find((h) => h.resource === "edge-proxy-integration")?.detail).toContain(
      "private integration adds the stage: /v1/payments",
    );
    const problems = documentedRoutes(old, cfgOf("payments-dev")).problems;
    expect(problems).toContain(
      "GET /payments through apiUrl with the API key reaches the container on 8080 by the production rule: expected to reach the container on 8080 through edge-production-rule, edge-blue, " +
        "but answered 404 by a fixed response (last hop: listener rule edge-listener-80); passed edge-stage > edge-deployment > edge-acl > edge-proxy-any > edge-usage-plan-key > edge-proxy-integration > edge-vpc-link > network-alb-in-80-vpclink > edge-listener-80 > edge-listener-80",
    );
  });
});

describe("a layer that disagrees with the walks", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack("catalog-dev");
  });
  const problems = (p: Plan) => documentedRoutes(p, cfgOf("catalog-dev")).problems;
  const rule = (values: string[]) => (r: PlannedResource) =>
    r.name === "edge-production-rule" ? withInputs(r, { conditions: [{ pathPattern: { values } }] }) : r;

  it("fails naming the rule's pattern that no documented path reaches", () => {
    expect(
      problems(edit(plan, "aws:lb/listenerRule:ListenerRule", rule(["/products*", "/categories*", "/sessions*", "/health", "/admin*"]))),
    ).toEqual([
      'rule edge-production-rule forwards "/admin*", which no documented path (/products, /products/sku-1, /categories, /categories/shoes, /sessions, /sessions/abc, /health) reaches',
    ]);
  });

  it("fails naming the documented path that no rule forwards", () => {
    const found = problems(edit(plan, "aws:lb/listenerRule:ListenerRule", rule(["/products*", "/categories*", "/health"])));
    expect(found).toEqual([
      expect.stringMatching(
        /^GET \/sessions through the load balancer over HTTPS .* but answered 404 by a fixed response \(last hop: listener rule edge-listener-443\)/,
      ),
      expect.stringMatching(/^GET \/sessions\/abc through/),
    ]);
  });

  it("fails naming the port the network opens and no listener listens on", () => {
    const extra: PlannedResource = {
      ...plan.layers[0].resources.find((r) => r.name === "network-alb-in-443-0")!,
      name: "network-alb-in-9443",
      inputs: {},
    };
    const open = {
      ...plan,
      layers: plan.layers.map((l, i) =>
        i === 0
          ? {
              ...l,
              resources: [
                ...l.resources,
                withInputs(extra, {
                  ...plan.layers[0].resources.find((r) => r.name === "network-alb-in-443-0")!.inputs,
                  fromPort: 9443,
                  toPort: 9443,
                }),
              ],
            }
          : l,
      ),
    };
    expect(problems(open)).toEqual([
      "network-alb-in-9443 opens port 9443 of catalog-alb-dev, but no listener of the edge layer listens on it",
    ]);
  });

  it("fails naming the container port no walk reaches when the container moves off the registered port", () => {
    const moved = edit(plan, "aws:ecs/taskDefinition:TaskDefinition", (r) => {
      const defs = JSON.parse(String(r.inputs.containerDefinitions)) as { portMappings: { containerPort: number }[] }[];
      defs[0].portMappings = [{ containerPort: 9090 }];
      return withInputs(r, { containerDefinitions: JSON.stringify(defs) });
    });
    const found = problems(moved);
    expect(found).toContain("container api of api-task listens on 9090, which no documented walk reaches");
    expect(found).toContain(
      "the health check of edge-blue reaches the container's /health on 8080: expected to reach the container on 8080, but failed: container api listens on 9090, not 8080 (last hop: container api-task); passed edge-blue > network-service-in-alb > api-task",
    );
  });

  it("walks the Cloud Map name from the API client group to the container, and not from the internet", () => {
    const names = documentedRoutes(plan, cfgOf("catalog-dev")).checks.filter((c) => c.name.includes("api.dev.catalog.internal"));
    expect(names.map((c) => [c.walk.outcome.kind, c.problem])).toEqual([
      ["reached", undefined],
      ["refused", undefined],
    ]);
  });
});

describe("the test listener", () => {
  it("lets only the configured CIDR blocks reach the green target group", async () => {
    const overrides = { testListenerCidrs: '["198.51.100.0/24"]' };
    const report = documentedRoutes(await planStack("orders-dev", overrides), cfgOf("orders-dev", overrides));
    expect(report.problems).toEqual([]);
    const test = report.checks.filter((c) => c.name.startsWith("the test listener"));
    expect(test.map((c) => [c.name, c.walk.outcome.kind])).toEqual([
      ["the test listener refuses 203.0.113.10, outside testListenerCidrs", "refused"],
      ["the test listener lets 198.51.100.0/24 reach the green target group", "reached"],
    ]);
    expect(test[1].walk.hops.map((h) => h.resource)).toEqual(
      expect.arrayContaining(["edge-listener-8443", "edge-test-rule", "edge-green"]),
    );
  });
});

describe("npm run routes", () => {
  it("parses the stack, overrides, requests and --json, and refuses anything else with the usage", () => {
    expect(parseRoutesArgs(["--stack", "s", "--set", "platform:minTasks=3", "--request", "GET alb/x", "--json"])).toEqual({
      stack: "s",
      overrides: { minTasks: "3" },
      requests: ["GET alb/x"],
      json: true,
    });
    expect(() => parseRoutesArgs(["--stack"])).toThrow("usage: npm run routes");
    expect(() => parseRoutesArgs(["--stack", "s", "--set", "x"])).toThrow("--set takes key=value");
    expect(() => parseRoutesArgs(["--stack", "s", "--json=yes"])).toThrow("--json takes no value");
    expect(() => parseRoutesArgs([])).toThrow("--stack is required");
  });

  it("walks the documented paths of payments-dev, /payments through apiUrl reaching the container port, and exits 0", async () => {
    const { stdout, exitCode } = await routesCommand({ stack: "payments-dev", overrides: {}, requests: [], json: false }, () =>
      planStack("payments-dev"),
    );
    expect(exitCode).toBe(0);
    expect(stdout).toContain("ok   GET /payments through apiUrl with the API key reaches the container on 8080 by the production rule");
    expect(stdout).toMatch(/GET https:\/\/\w+\.execute-api\.ap-southeast-1\.amazonaws\.com\/v1\/payments \[x-api-key\]\n/);
    expect(stdout).toContain("=> reached container api on 8080 at /payments");
  });

  it("exits 1 when a documented path fails", async () => {
    const plan = await planStack("payments-dev");
    const broken = edit(plan, "aws:apigateway/integration:Integration", (r) =>
      withInputs(r, { requestTemplates: {}, passthroughBehavior: "WHEN_NO_MATCH" }),
    );
    const { stdout, exitCode } = await routesCommand(
      { stack: "payments-dev", overrides: {}, requests: [], json: true },
      async () => broken,
    );
    expect(exitCode).toBe(1);
    expect((JSON.parse(stdout) as RouteReport).problems.length).toBeGreaterThan(0);
  });

  it("walks the given requests, one line a hop, from the named sources", async () => {
    const run = (...requests: string[]) =>
      routesCommand({ stack: "catalog-dev", overrides: {}, requests, json: false }, () => planStack("catalog-dev"));
    const { stdout, exitCode } = await run(
      "GET alb/products",
      "GET alb:80/products",
      "CONNECT cache from=service",
      "CONNECT database from=alb",
      "GET cloudmap/health from=api-clients",
    );
    expect(exitCode).toBe(0);
    expect(stdout.split("\n").filter((l) => l.startsWith("  => "))).toEqual([
      "  => reached container api on 8080 at /products",
      expect.stringMatching(/^ {2}=> redirected 301 to https:\/\/catalog-alb-dev-\d+\.us-west-2\.elb\.amazonaws\.com:443\/products$/),
      "  => reached cache-group on 6379",
      "  => refused: no egress rule of network-alb lets TCP 5432 out to network-db",
      "  => reached container api on 8080 at /health",
    ]);
    expect(stdout).toContain("   1. security group  network-alb-in-443-0");
    const json = await routesCommand(
      { stack: "catalog-dev", overrides: {}, requests: ["GET https://example.org/ x-trace:1 from=vpc"], json: true },
      () => planStack("catalog-dev"),
    );
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ outcome: { kind: "failed", reason: "no resource of the plan answers example.org" } }),
    ]);
  });

  it("names the request form when a request cannot be read", async () => {
    const run = (request: string) =>
      routesCommand({ stack: "orders-dev", overrides: {}, requests: [request], json: false }, () => planStack("orders-dev"));
    await expect(run("get alb/x")).rejects.toThrow('"get alb/x" is no request; a request is "<METHOD> <entry><path>');
    await expect(run("GET apiUrl/x")).rejects.toThrow("this stack has no API Gateway (apiUrl)");
    await expect(run("GET nowhere/x")).rejects.toThrow('unknown entry "nowhere"');
    await expect(run("GET alb/x from=mars")).rejects.toThrow("from=mars names no source of this stack");
    await expect(run("GET alb/x oops")).rejects.toThrow('"oops" is neither header:value nor from=<source>');
    await expect(run("GET %%")).rejects.toThrow('"%%" is no entry');
  });

  it("prints a report that marks each walk and lists the problems", () => {
    const text = formatRouteReport("s", { checks: [], problems: ["p1"] });
    expect(text).toBe("routes of stack s: 0 documented walks, 0 failed, 1 problem\n\nproblems:\n  - p1");
  });
});
