import { edgeContract, networkContract } from "../../shared/contracts";
import { PlannedResource } from "../../shared/plan/capture";
import { fakeResource } from "../../shared/plan/fakeAws";
import { LayerPlan, Plan } from "../../shared/plan/runner";
import { byUrn, jsonInput, layerOf, ofType, one, planStack } from "../harness";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const METHOD = "aws:apigateway/method:Method";
const INTEGRATION = "aws:apigateway/integration:Integration";
const TEST_CIDR = "10.20.0.0/16";

/** The orders stack with API Gateway on (us-east-1), and the payments preset as committed for ap-southeast-1 later (planned here in orders-dev's region). */
let gateway: Plan;
let payments: Plan;
let plain: Plan;
beforeAll(async () => {
  gateway = await planStack(
    "orders-dev",
    { apiGateway: "true", testListenerCidrs: JSON.stringify([TEST_CIDR]), apiGatewayRateLimit: "20", apiGatewayBurstLimit: "40" },
    "edge",
  );
  payments = await planStack("payments-dev");
  plain = await planStack("orders-dev");
}, 180_000);

const edgeOf = (plan: Plan) => layerOf(plan, "edge");
const networkOf = (plan: Plan) => layerOf(plan, "network");

/** Every security group rule of a network plan as `<group> <in|out> <port> <peer>`, peers by group name or CIDR. */
function rules(network: LayerPlan): string[] {
  const groups = new Map(ofType(network, SG).map((g) => [fakeResource(g.type, g.name, g.inputs, "us-east-1").id, String(g.inputs.name)]));
  const describe = (direction: string) => (r: PlannedResource) =>
    `${groups.get(String(r.inputs.securityGroupId))} ${direction} ${String(r.inputs.fromPort)}-${String(r.inputs.toPort)} ${String(r.inputs.cidrIpv4 ?? groups.get(String(r.inputs.referencedSecurityGroupId)))}`;
  return [...ofType(network, INGRESS).map(describe("in")), ...ofType(network, EGRESS).map(describe("out"))].sort();
}

describe("network layer with API Gateway", () => {
  it("admits the production port on the load balancer group only from the VPC link group, which may only reach the load balancer", () => {
    expect(rules(networkOf(gateway))).toEqual([
      "orders-alb-sg-dev in 80-80 orders-vpclink-sg-dev",
      `orders-alb-sg-dev in 8443-8443 ${TEST_CIDR}`,
      "orders-alb-sg-dev out 8080-8080 orders-service-sg-dev",
      "orders-db-admin-sg-dev out 3306-3306 orders-db-sg-dev",
      "orders-db-admin-sg-dev out 443-443 0.0.0.0/0",
      "orders-db-sg-dev in 3306-3306 orders-db-admin-sg-dev",
      "orders-db-sg-dev in 3306-3306 orders-service-sg-dev",
      "orders-service-sg-dev in 8080-8080 orders-alb-sg-dev",
      "orders-service-sg-dev out 3306-3306 orders-db-sg-dev",
      "orders-service-sg-dev out 443-443 0.0.0.0/0",
      "orders-vpclink-sg-dev out 80-80 orders-alb-sg-dev",
    ]);
  });

  it("opens nothing to 0.0.0.0/0 anywhere except HTTPS egress of the service and the database user functions", () => {
    for (const plan of [gateway, payments]) {
      const open = [...ofType(networkOf(plan), INGRESS), ...ofType(networkOf(plan), EGRESS)].filter(
        (r) => r.inputs.cidrIpv4 === "0.0.0.0/0",
      );
      expect(open.map((r) => r.name)).toEqual(["network-db-admin-out-https", "network-service-out-https"]);
    }
  });

  it("exports the VPC link group for the edge layer only when API Gateway is on", () => {
    const outputs = networkOf(gateway).outputs;
    const group = one(networkOf(gateway), SG, "network-vpclink");
    expect(group.inputs).toMatchObject({ name: "orders-vpclink-sg-dev", revokeRulesOnDelete: true });
    expect(outputs.apiGatewayVpcLinkSecurityGroupId).toBe(fakeResource(SG, "network-vpclink", group.inputs, "us-east-1").id);
    expect(networkContract.keys.apiGatewayVpcLinkSecurityGroupId).toBe("optional");
    expect(networkOf(plain).outputs.apiGatewayVpcLinkSecurityGroupId).toBeUndefined();
    expect(ofType(networkOf(plain), SG).map((g) => g.inputs.name)).not.toContain("orders-vpclink-sg-dev");
  });
});

describe("edge layer with API Gateway", () => {
  it("makes the load balancer internal, in the private subnets", () => {
    const alb = one(edgeOf(gateway), LB);
    expect(alb.inputs).toMatchObject({
      internal: true,
      subnets: networkOf(gateway).outputs.privateSubnetIds,
      dropInvalidHeaderFields: true,
    });
    expect(one(edgeOf(plain), LB).inputs).toMatchObject({ internal: false, subnets: networkOf(plain).outputs.publicSubnetIds });
  });

  it("listens on exactly the ports the network layer opens: production to the VPC link, test to its CIDRs", () => {
    const lbGroup = one(networkOf(gateway), SG, "network-alb");
    const lbGroupId = networkOf(gateway).outputs.loadBalancerSecurityGroupId;
    expect(lbGroupId).toBe(fakeResource(SG, lbGroup.name, lbGroup.inputs, "us-east-1").id);
    const ingress = ofType(networkOf(gateway), INGRESS).filter((r) => r.inputs.securityGroupId === lbGroupId);
    const listenerPorts = ofType(edgeOf(gateway), "aws:lb/listener:Listener")
      .map((l) => Number(l.inputs.port))
      .sort((a, b) => a - b);
    expect(ingress.map((r) => Number(r.inputs.fromPort)).sort((a, b) => a - b)).toEqual(listenerPorts);
    expect(networkOf(gateway).outputs.loadBalancerPorts).toEqual(listenerPorts);
    const link = networkOf(gateway).outputs.apiGatewayVpcLinkSecurityGroupId;
    const production = ingress.find((r) => r.inputs.fromPort === 80);
    expect(production?.inputs).toMatchObject({ referencedSecurityGroupId: link });
    expect(production?.inputs.cidrIpv4).toBeUndefined();
  });

  it("requires the API key on every method, ANY on the root and on a greedy proxy", () => {
    const edge = edgeOf(gateway);
    const methods = ofType(edge, METHOD);
    expect(methods).toHaveLength(2);
    for (const m of methods) expect(m.inputs).toMatchObject({ httpMethod: "ANY", authorization: "NONE", apiKeyRequired: true });
    const proxy = one(edge, "aws:apigateway/resource:Resource");
    expect(proxy.inputs).toMatchObject({ pathPart: "{proxy+}" });
    expect(one(edge, "aws:apigateway/restApi:RestApi").inputs).toMatchObject({
      name: "orders-api-dev",
      endpointConfiguration: { types: "REGIONAL" },
      apiKeySource: "HEADER",
    });
  });

  it("integrates every method over the VPC link with the internal load balancer as target, passing the path through", () => {
    const edge = edgeOf(gateway);
    const link = one(edge, "aws:apigatewayv2/vpcLink:VpcLink");
    const network = networkOf(gateway).outputs;
    expect(link.inputs).toEqual({
      name: "orders-vpc-link-dev",
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [network.apiGatewayVpcLinkSecurityGroupId],
    });
    const linkId = fakeResource(link.type, link.name, link.inputs, "us-east-1").id;
    const integrations = ofType(edge, INTEGRATION);
    expect(integrations).toHaveLength(2);
    const host = String(edge.outputs.albDnsName);
    for (const i of integrations) {
      expect(i.inputs).toMatchObject({
        type: "HTTP_PROXY",
        integrationHttpMethod: "ANY",
        connectionType: "VPC_LINK",
        connectionId: linkId,
        integrationTarget: edge.outputs.albArn,
        timeoutMilliseconds: 29000,
        passthroughBehavior: "NEVER",
      });
      expect(Object.keys(i.inputs.requestTemplates as object)).toEqual(["application/json", "application/x-www-form-urlencoded"]);
    }
    expect(integrations.map((i) => [i.inputs.uri, i.inputs.requestParameters]).sort()).toEqual([
      [`http://${host}:80/`, {}],
      [`http://${host}:80/{proxy}`, { "integration.request.path.proxy": "method.request.path.proxy" }],
    ]);
    expect(one(edge, METHOD, "edge-proxy-any").inputs.requestParameters).toEqual({ "method.request.path.proxy": true });
  });

  it("deploys after the methods and integrations, with a definition hash as trigger, into a separate stage", () => {
    const edge = edgeOf(gateway);
    const urns = byUrn(edge);
    const deployment = one(edge, "aws:apigateway/deployment:Deployment");
    expect(String((deployment.inputs.triggers as { definition: string }).definition)).toMatch(/^[0-9a-f]{64}$/);
    const before = deployment.dependencies.map((u) => urns.get(u)?.type);
    expect(before.filter((t) => t === METHOD)).toHaveLength(2);
    expect(before.filter((t) => t === INTEGRATION)).toHaveLength(2);
    const stage = one(edge, "aws:apigateway/stage:Stage");
    expect(stage.inputs).toMatchObject({
      stageName: "v1",
      deployment: fakeResource(deployment.type, deployment.name, deployment.inputs, "us-east-1").id,
    });
    expect(stage.dependencies).toContain(deployment.urn);
    expect(deployment.inputs.stageName).toBeUndefined();
  });

  it("lets one client address use its whole usage plan before the web ACL's per-IP limit answers 429, unless the stack sets wafRateLimit", () => {
    const perIpLimit = (plan: Plan) => {
      const acl = one(edgeOf(plan), "aws:wafv2/webAcl:WebAcl");
      const rules = acl.inputs.rules as { statement: { rateBasedStatement?: { limit: number; evaluationWindowSec: number } } }[];
      return rules.map((r) => r.statement.rateBasedStatement).find((s) => s !== undefined);
    };
    // 20 requests a second over the rule's 300-second window, and the payments preset's 50 a second.
    expect(perIpLimit(gateway)).toEqual({ limit: 6000, evaluationWindowSec: 300, aggregateKeyType: "IP" });
    expect(perIpLimit(payments)?.limit).toBe(15000);
    expect(perIpLimit(plain)?.limit).toBe(100);
  });

  it("throttles the key with the usage plan bound to the stage, and the stage with the same limits, metrics on", () => {
    const edge = edgeOf(gateway);
    const urns = byUrn(edge);
    const plan = one(edge, "aws:apigateway/usagePlan:UsagePlan");
    expect(plan.inputs).toMatchObject({
      name: "orders-usage-plan-dev",
      throttleSettings: { rateLimit: 20, burstLimit: 40 },
      apiStages: [{ apiId: edge.outputs.restApiId, stage: "v1" }],
    });
    expect(plan.dependencies.map((u) => urns.get(u)?.type)).toContain("aws:apigateway/stage:Stage");
    const key = one(edge, "aws:apigateway/apiKey:ApiKey");
    expect(key.inputs).toMatchObject({ name: "orders-api-key-dev", enabled: true });
    expect(key.inputs.value).toBeUndefined();
    expect(one(edge, "aws:apigateway/usagePlanKey:UsagePlanKey").inputs).toEqual({
      keyId: edge.outputs.apiKeyId,
      keyType: "API_KEY",
      usagePlanId: fakeResource(plan.type, plan.name, plan.inputs, "us-east-1").id,
    });
    expect(one(edge, "aws:apigateway/methodSettings:MethodSettings").inputs).toEqual({
      restApi: edge.outputs.restApiId,
      stageName: "v1",
      methodPath: "*/*",
      settings: { metricsEnabled: true, loggingLevel: "OFF", dataTraceEnabled: false, throttlingRateLimit: 20, throttlingBurstLimit: 40 },
    });
  });

  it("associates the web ACL with the stage, not the load balancer, and redacts the API key from its logs", () => {
    const edge = edgeOf(gateway);
    const association = one(edge, "aws:wafv2/webAclAssociation:WebAclAssociation");
    expect(association.inputs.resourceArn).toBe(`arn:aws:apigateway:us-east-1::/restapis/${String(edge.outputs.restApiId)}/stages/v1`);
    expect(association.dependencies).not.toContain(one(edge, LB).urn);
    expect(association.dependencies).toContain(one(edge, "aws:apigateway/stage:Stage").urn);
    expect(one(edge, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").inputs.redactedFields).toContainEqual({
      singleHeader: { name: "x-api-key" },
    });
    expect(one(edgeOf(plain), "aws:wafv2/webAclAssociation:WebAclAssociation").inputs.resourceArn).toBe(edgeOf(plain).outputs.albArn);
  });

  it("exports the invoke URL as where clients reach the API, and the API's ids, never the key's value", () => {
    const outputs = edgeOf(gateway).outputs;
    const invokeUrl = `https://${String(outputs.restApiId)}.execute-api.us-east-1.amazonaws.com/v1`;
    expect(outputs).toMatchObject({ apiGatewayInvokeUrl: invokeUrl, apiUrl: invokeUrl, apiStageName: "v1", httpsEnabled: false });
    expect(outputs.apiKeyId).toMatch(/^[0-9a-z]{10}$/);
    expect(JSON.stringify(outputs)).not.toMatch(/"value"/);
    for (const key of ["apiGatewayInvokeUrl", "restApiId", "apiStageName", "apiKeyId"] as const) {
      expect(edgeContract.keys[key]).toBe("optional");
      expect(edgeOf(plain).outputs[key]).toBeUndefined();
    }
  });

  it("keeps blue/green: the test listener and both target groups, with the test rule forwarding to green", () => {
    const edge = edgeOf(gateway);
    expect(ofType(edge, "aws:lb/targetGroup:TargetGroup")).toHaveLength(2);
    expect(ofType(edge, "aws:lb/listenerRule:ListenerRule")).toHaveLength(2);
    expect(edge.outputs.testListenerRuleArn).not.toBe(edge.outputs.productionListenerRuleArn);
  });

  it("builds the payments preset with API Gateway in front of an internal load balancer", () => {
    const edge = edgeOf(payments);
    expect(one(edge, LB).inputs).toMatchObject({ name: "payments-alb-dev", internal: true });
    expect(one(edge, "aws:apigateway/restApi:RestApi").inputs.name).toBe("payments-api-dev");
    expect(one(edge, "aws:apigateway/usagePlan:UsagePlan").inputs.throttleSettings).toEqual({ rateLimit: 50, burstLimit: 100 });
    expect(String(edge.outputs.apiUrl)).toMatch(/^https:\/\/[0-9a-z]{10}\.execute-api\.ap-southeast-1\.amazonaws\.com\/v1$/);
  });

  it("alarms on the stage's 5xx rate (API Gateway's Average of 5XXError) without making it a rollback alarm", () => {
    const edge = edgeOf(gateway);
    const alarm = ofType(edge, "aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.inputs.name === "orders-api-5xx-rate-dev");
    expect(alarm?.inputs).toMatchObject({
      namespace: "AWS/ApiGateway",
      metricName: "5XXError",
      statistic: "Average",
      period: 60,
      dimensions: { ApiName: "orders-api-dev", Stage: "v1" },
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0.05,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      alarmActions: [edge.outputs.alarmTopicArn],
      okActions: [edge.outputs.alarmTopicArn],
    });
    expect(edge.outputs.rollbackAlarmNames).not.toContain("orders-api-5xx-rate-dev");
    expect(ofType(edgeOf(plain), "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs.name)).not.toContain(
      "orders-api-5xx-rate-dev",
    );
  });

  it("shows the stage's requests, errors and latency on the dashboard, dimensioned by API name and stage", () => {
    type Widget = { properties: { title: string; metrics: unknown[][] } };
    const widgets = (plan: Plan) =>
      jsonInput<{ widgets: Widget[] }>(one(edgeOf(plan), "aws:cloudwatch/dashboard:Dashboard"), "dashboardBody").widgets;
    const api = widgets(gateway).filter((w) => w.properties.title.startsWith("API Gateway"));
    expect(api.map((w) => w.properties.title)).toEqual(["API Gateway requests, 4xx and 5xx", "API Gateway latency (ms)"]);
    const lines = api.flatMap((w) => w.properties.metrics.map((m) => m.slice(0, 6)));
    expect(lines).toEqual(
      ["Count", "4XXError", "5XXError", "Latency", "Latency", "IntegrationLatency"].map((name) => [
        "AWS/ApiGateway",
        name,
        "ApiName",
        "orders-api-dev",
        "Stage",
        "v1",
      ]),
    );
    expect(widgets(plain).filter((w) => w.properties.title.startsWith("API Gateway"))).toEqual([]);
  });

  it("writes no access logs by default: they need the account-wide API Gateway logging role", () => {
    expect(one(edgeOf(gateway), "aws:apigateway/stage:Stage").inputs.accessLogSettings).toBeUndefined();
    expect(ofType(edgeOf(gateway), "aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs.name)).toEqual(["aws-waf-logs-orders-waf-dev"]);
  });

  it("writes JSON access logs to their own log group, kept as long as the API's logs, when asked to", async () => {
    const plan = await planStack("orders-dev", { apiGateway: "true", apiGatewayAccessLogs: "true", apiLogRetentionDays: "2557" }, "edge");
    const edge = edgeOf(plan);
    const group = ofType(edge, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === "orders-api-access-logs-dev");
    expect(group?.inputs.retentionInDays).toBe(2557);
    const settings = one(edge, "aws:apigateway/stage:Stage").inputs.accessLogSettings as { destinationArn: string; format: string };
    expect(settings.destinationArn).toBe("arn:aws:logs:us-east-1:123456789012:log-group:orders-api-access-logs-dev");
    expect(JSON.parse(settings.format)).toMatchObject({ requestId: "$context.requestId", apiKeyId: "$context.identity.apiKeyId" });
    expect(ofType(edge, "aws:apigateway/account:Account")).toEqual([]);
  }, 60_000);

  it("parents every API resource to the edge layer's ApiGateway component", () => {
    const edge = edgeOf(gateway);
    const urns = byUrn(edge);
    for (const r of edge.resources.filter((r) => r.type.startsWith("aws:apigateway")))
      expect(urns.get(r.parent ?? "")?.type).toBe("platform:edge:ApiGateway");
    expect(edge.resources.filter((r) => r.custom && r.inputs.tags !== undefined && r.type !== "pulumi:providers:aws")).toEqual([]);
  });
});
