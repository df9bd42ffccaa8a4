import {
  API_GATEWAY_ACCOUNT_BURST_LIMIT,
  API_GATEWAY_ACCOUNT_RATE_LIMIT,
  ConfigError,
  describeConfig,
  parsePlatformConfig,
  PRESETS,
  RawConfig,
  rejectHttpsWithApiGateway,
} from "../../shared/config";
import { apiGatewayEnabled, loadBalancerIngress } from "../../shared/listeners";
import { EDGE_FAKES } from "../../shared/plan/fakes/edge";
import {
  ACCESS_LOG_FORMAT,
  API_CONTENT_TYPES,
  API_ROUTES,
  definitionHash,
  INTEGRATION_SETTINGS,
  integrationUri,
  METHOD_SETTINGS,
  requestTemplates,
  requireVpcLinkGroup,
  stagelessPathTemplate,
} from "../../stacks/edge/apiGateway";
import { overriddenPath } from "../../shared/routes";
import { listenerSpecs } from "../../stacks/edge/loadBalancer";
import { redactedHeaders } from "../../stacks/edge/waf";

const parse = (raw: RawConfig) =>
  parsePlatformConfig({ environmentSuffix: "dev", ...raw }, { stack: "orders-dev", awsRegion: "us-east-1" });
const rejects = (raw: RawConfig, message: string) => {
  expect(() => parse(raw)).toThrow(ConfigError);
  expect(() => parse(raw)).toThrow(message);
};
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";

describe("API Gateway config", () => {
  it("is off by default, so the order API keeps its internet-facing load balancer", () => {
    const cfg = parse({});
    expect(cfg.edge.apiGateway).toBeUndefined();
    expect(apiGatewayEnabled(cfg)).toBe(false);
  });

  it("is on in the payments preset, with the v1 stage, 50 requests per second and a burst of 100", () => {
    expect(PRESETS.payments.values.apiGateway).toBe(true);
    const cfg = parse({ preset: "payments" });
    expect(cfg.edge.apiGateway).toEqual({ stageName: "v1", rateLimit: 50, burstLimit: 100, accessLogs: false });
    expect(apiGatewayEnabled(cfg)).toBe(true);
    expect(parse({ preset: "payments", apiGateway: "false" }).edge.apiGateway).toBeUndefined();
  });

  it("reads the stage name, rate and burst, up to API Gateway's account limits", () => {
    const cfg = parse({
      apiGateway: "true",
      apiGatewayStageName: "Live_2-a",
      apiGatewayRateLimit: "10000",
      apiGatewayBurstLimit: "5000",
      apiGatewayAccessLogs: "true",
    });
    expect(cfg.edge.apiGateway).toEqual({ stageName: "Live_2-a", rateLimit: 10_000, burstLimit: 5_000, accessLogs: true });
    expect([API_GATEWAY_ACCOUNT_RATE_LIMIT, API_GATEWAY_ACCOUNT_BURST_LIMIT]).toEqual([10_000, 5_000]);
    expect(
      parse({ apiGateway: "true", apiGatewayStageName: "x".repeat(128), apiGatewayRateLimit: "1", apiGatewayBurstLimit: "1" }).edge
        .apiGateway,
    ).toMatchObject({
      rateLimit: 1,
      burstLimit: 1,
    });
  });

  it.each([
    [{ apiGateway: "yes" }, 'platform:apiGateway is "yes"; expected true or false'],
    [{ apiGatewayStageName: "v1.0" }, 'platform:apiGatewayStageName is "v1.0"; expected 1 to 128 letters, digits, hyphens and underscores'],
    [{ apiGatewayStageName: "x".repeat(129) }, "expected 1 to 128 letters, digits, hyphens and underscores"],
    [{ apiGatewayStageName: "" }, "expected 1 to 128 letters, digits, hyphens and underscores"],
    [{ apiGatewayRateLimit: "0" }, 'platform:apiGatewayRateLimit is "0"; expected an integer from 1 to 10000'],
    [{ apiGatewayRateLimit: "10001" }, "expected an integer from 1 to 10000"],
    [{ apiGatewayRateLimit: "2.5" }, "expected an integer from 1 to 10000"],
    [{ apiGatewayBurstLimit: "5001" }, 'platform:apiGatewayBurstLimit is "5001"; expected an integer from 1 to 5000'],
    [{ apiGatewayBurstLimit: "0" }, "expected an integer from 1 to 5000"],
    [{ apiGatewayAccessLogs: "on" }, 'platform:apiGatewayAccessLogs is "on"; expected true or false'],
  ])("rejects %j naming the key and what is allowed", (raw, message) => {
    rejects({ apiGateway: "true", ...raw }, message);
  });

  it.each([
    [{ apiGatewayStageName: "live" }, 'platform:apiGatewayStageName is "live"'],
    [{ apiGatewayRateLimit: "20" }, "platform:apiGatewayRateLimit is 20"],
    [{ apiGatewayBurstLimit: "40" }, "platform:apiGatewayBurstLimit is 40"],
    [{ apiGatewayAccessLogs: "true" }, "platform:apiGatewayAccessLogs is true"],
  ])("refuses %j while API Gateway is off: a key that would do nothing", (raw, message) => {
    rejects(raw, message);
    rejects(raw, "expected not set while apiGateway is false (there is no API Gateway)");
  });

  it.each([
    [{ certificateArn: CERT }, "certificateArn"],
    [{ domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }, "domainName"],
  ])("refuses a load balancer certificate or domain with API Gateway, which terminates TLS itself (%j)", (raw, key) => {
    rejects({ apiGateway: "true", ...raw }, `platform:${key} is`);
    rejects({ apiGateway: "true", ...raw }, "not set when apiGateway is true (API Gateway terminates TLS at its invoke URL");
    expect(parse(raw).edge.https.kind).not.toBe("none");
  });

  it("names each key in the refusal, including a hosted zone alone", () => {
    expect(() => rejectHttpsWithApiGateway({ hostedZoneId: "Z0123456789ABCDEFGHIJ" })).toThrow("platform:hostedZoneId is");
    expect(() => rejectHttpsWithApiGateway({})).not.toThrow();
  });

  it("documents every key with its default", () => {
    const docs = new Map(describeConfig().map((d) => [d.key, d]));
    expect(docs.get("apiGateway")).toMatchObject({ type: "boolean", default: "false" });
    expect(docs.get("apiGatewayStageName")).toMatchObject({ default: '"v1"' });
    expect(docs.get("apiGatewayRateLimit")).toMatchObject({ default: "50", allowed: "an integer from 1 to 10000" });
    expect(docs.get("apiGatewayBurstLimit")).toMatchObject({ default: "100", allowed: "an integer from 1 to 5000" });
    expect(docs.get("apiGatewayAccessLogs")).toMatchObject({ type: "boolean", default: "false" });
    expect(docs.get("apiGatewayAccessLogs")?.description).toContain("outside this platform");
  });
});

describe("load balancer ingress with API Gateway", () => {
  it("opens the production port only to the VPC link's group, never to a CIDR, and keeps the test listener on its CIDRs", () => {
    const cfg = parse({ apiGateway: "true", testListenerCidrs: '["10.20.0.0/16"]' });
    expect(loadBalancerIngress(cfg)).toEqual([
      { port: 80, cidrs: [], groups: ["apiGatewayVpcLink"], description: "HTTP from the API Gateway VPC link only" },
      { port: 8443, cidrs: ["10.20.0.0/16"], groups: [], description: "test listener (green target group) from the configured CIDRs" },
    ]);
    expect(listenerSpecs(cfg).map((s) => s.port)).toEqual(loadBalancerIngress(cfg).map((rule) => rule.port));
  });

  it("opens the production ports to the internet without API Gateway", () => {
    expect(loadBalancerIngress(parse({}))).toEqual([{ port: 80, cidrs: ["0.0.0.0/0"], groups: [], description: "HTTP from the internet" }]);
  });
});

describe("the REST API's definition", () => {
  it("passes the client's path through: the root to /, the greedy proxy to /{proxy}", () => {
    const [root, proxy] = API_ROUTES;
    expect(integrationUri("internal-alb.example", 80, root)).toBe("http://internal-alb.example:80/");
    expect(integrationUri("internal-alb.example", 80, proxy)).toBe("http://internal-alb.example:80/{proxy}");
    expect(proxy).toMatchObject({ pathPart: "{proxy+}", parameters: { "integration.request.path.proxy": "method.request.path.proxy" } });
  });

  it("overrides the path API Gateway sends over the VPC link with the client's path, so the stage never reaches the load balancer", () => {
    const [root, proxy] = API_ROUTES;
    expect(overriddenPath(stagelessPathTemplate(proxy), { proxy: "payments/p-1" })).toBe("/payments/p-1");
    expect(overriddenPath(stagelessPathTemplate(root), {})).toBe("/");
    expect(stagelessPathTemplate(proxy)).toMatch(/\)\$input\.body$/);
    expect(requestTemplates(proxy)).toEqual(Object.fromEntries(API_CONTENT_TYPES.map((t) => [t, stagelessPathTemplate(proxy)])));
    expect(INTEGRATION_SETTINGS.passthroughBehavior).toBe("NEVER");
  });

  it("hashes the definition so that any change, and only a change, redeploys", () => {
    const definition = {
      routes: API_ROUTES,
      method: METHOD_SETTINGS,
      integration: { ...INTEGRATION_SETTINGS, target: "arn:a", vpcLink: "l1", host: "h", port: 80 },
    };
    expect(definitionHash(definition)).toMatch(/^[0-9a-f]{64}$/);
    expect(definitionHash({ ...definition })).toBe(definitionHash(definition));
    expect(definitionHash({ ...definition, integration: { ...definition.integration, vpcLink: "l2" } })).not.toBe(
      definitionHash(definition),
    );
    expect(definitionHash({ ...definition, routes: API_ROUTES.slice(1) })).not.toBe(definitionHash(definition));
    expect(METHOD_SETTINGS).toEqual({ httpMethod: "ANY", authorization: "NONE", apiKeyRequired: true });
    expect(INTEGRATION_SETTINGS).toMatchObject({ type: "HTTP_PROXY", connectionType: "VPC_LINK", timeoutMilliseconds: 29_000 });
  });

  it("fails naming the setting when the network stack has no VPC link group", () => {
    expect(requireVpcLinkGroup("sg-0123")).toBe("sg-0123");
    for (const missing of [undefined, ""])
      expect(() => requireVpcLinkGroup(missing)).toThrow("deploy the network layer with platform:apiGateway true first");
  });

  it("logs who called with which key id, never the key's value, as one JSON object of $context variables", () => {
    const format = JSON.parse(ACCESS_LOG_FORMAT) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      ip: "$context.identity.sourceIp",
      apiKeyId: "$context.identity.apiKeyId",
      status: "$context.status",
    });
    for (const value of Object.values(format)) expect(value).toMatch(/^\$context\.[A-Za-z.]+$/);
    // $context.identity.apiKey would be the key's value itself.
    expect(Object.values(format)).not.toContain("$context.identity.apiKey");
  });

  it("redacts the API key from WAF's request logs only when API Gateway is in front", () => {
    expect(redactedHeaders(parse({}))).toEqual(["authorization", "cookie"]);
    expect(redactedHeaders(parse({ apiGateway: "true" }))).toEqual(["authorization", "cookie", "x-api-key"]);
  });
});

describe("fake API Gateway of the offline plan", () => {
  const fake = (type: string, inputs: Record<string, unknown> = {}) =>
    EDGE_FAKES[type]({ region: "ap-southeast-1", name: "n", inputs, hex: (n) => "a1".repeat(n).slice(0, n) });

  it("answers a stage with the ARN WAF associates with and the invoke URL clients call", () => {
    expect(fake("aws:apigateway/stage:Stage", { restApi: "abc123defg", stageName: "v1" }).state).toEqual({
      arn: "arn:aws:apigateway:ap-southeast-1::/restapis/abc123defg/stages/v1",
      invokeUrl: "https://abc123defg.execute-api.ap-southeast-1.amazonaws.com/v1",
      executionArn: "arn:aws:execute-api:ap-southeast-1:123456789012:abc123defg/v1",
    });
    expect(fake("aws:apigateway/stage:Stage").state.invokeUrl).toBe("https://0000000000.execute-api.ap-southeast-1.amazonaws.com/stage");
  });

  it("answers the REST API, its resources and keys with API Gateway-shaped ids", () => {
    const api = fake("aws:apigateway/restApi:RestApi");
    expect(api.id).toMatch(/^[0-9a-z]{10}$/);
    expect(api.state).toMatchObject({
      arn: `arn:aws:apigateway:ap-southeast-1::/restapis/${api.id}`,
      rootResourceId: expect.stringMatching(/^[0-9a-z]{10}$/),
    });
    expect(fake("aws:apigateway/resource:Resource", { pathPart: "{proxy+}" }).state).toEqual({ path: "/{proxy+}" });
    expect(fake("aws:apigateway/resource:Resource").state).toEqual({ path: "/" });
    expect(fake("aws:apigateway/deployment:Deployment").id).toMatch(/^[0-9a-z]{6}$/);
    expect(fake("aws:apigateway/apiKey:ApiKey").state.arn).toMatch(/::\/apikeys\/[0-9a-z]{10}$/);
    expect(fake("aws:apigateway/usagePlan:UsagePlan").state.arn).toMatch(/::\/usageplans\/[0-9a-z]{6}$/);
    expect(fake("aws:apigatewayv2/vpcLink:VpcLink").state.arn).toMatch(/::\/vpclinks\/[0-9a-z]{6}$/);
  });
});
