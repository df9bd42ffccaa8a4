import { LOG_RETENTION_DAYS } from "../../shared";
import { PlannedResource } from "../../shared/plan/capture";
import { LayerPlan, Plan } from "../../shared/plan/runner";
import { byUrn, jsonInput, layerOf, ofType, one, planStack } from "../harness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";
const TEST_CIDR = "203.0.113.0/24";

let http: Plan;
let certificate: Plan;
/** One plan with every tunable the tests below read set away from its default. */
let tuned: Plan;
const TUNED = {
  certificateArn: CERT_ARN,
  albSslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  albIdleTimeoutSeconds: "120",
  deregistrationDelaySeconds: "0",
  wafRateLimit: "2000",
  wafManagedRuleGroups: '["AWSManagedRulesSQLiRuleSet"]',
};
let domain: Plan;
beforeAll(async () => {
  http = await planStack("orders-dev");
  certificate = await planStack(
    "orders-dev",
    { certificateArn: CERT_ARN, testListenerCidrs: JSON.stringify([TEST_CIDR]), alarmEmails: '["oncall@example.com","lead@example.com"]' },
    "edge",
  );
  domain = await planStack("orders-prod");
  tuned = await planStack("orders-dev", { ...TUNED }, "edge");
}, 180_000);

const edgeOf = (plan: Plan) => layerOf(plan, "edge");
const listeners = (edge: LayerPlan) => ofType(edge, LISTENER);
const listenerOn = (edge: LayerPlan, port: number) => {
  const found = listeners(edge).filter((l) => l.inputs.port === port);
  expect(found).toHaveLength(1);
  return found[0];
};
const ruleOn = (edge: LayerPlan, listener: PlannedResource) => {
  const found = ofType(edge, RULE).filter((r) => r.dependencies.includes(listener.urn));
  expect(found).toHaveLength(1);
  return found[0];
};
const targetGroups = (edge: LayerPlan) =>
  Object.fromEntries(ofType(edge, TG).map((tg) => [String(tg.inputs.name).includes("blue") ? "blue" : "green", tg]));
const tgArn = (plan: Plan, color: "blue" | "green") => String(edgeOf(plan).outputs[`${color}TargetGroupArn`]);

/** The ports the network layer's load balancer group opens, with the CIDRs it opens them to. */
function openPorts(plan: Plan): Map<number, string[]> {
  const network = layerOf(plan, "network");
  const lbGroup = ofType(network, "aws:ec2/securityGroup:SecurityGroup").find((g) => String(g.inputs.name).includes("-alb-sg-"));
  const rules = ofType(network, INGRESS).filter((r) => lbGroup && r.dependencies.includes(lbGroup.urn) && r.inputs.cidrIpv4 !== undefined);
  const ports = new Map<number, string[]>();
  for (const r of rules) ports.set(Number(r.inputs.fromPort), [...(ports.get(Number(r.inputs.fromPort)) ?? []), String(r.inputs.cidrIpv4)]);
  return ports;
}

describe("edge layer: load balancer", () => {
  it("puts an internet-facing HTTP/2 ALB in the public subnets behind the network layer's load balancer group", () => {
    const alb = one(edgeOf(http), LB);
    const network = layerOf(http, "network").outputs;
    expect(alb.inputs).toMatchObject({
      name: "orders-alb-dev",
      internal: false,
      loadBalancerType: "application",
      subnets: network.publicSubnetIds,
      securityGroups: [network.loadBalancerSecurityGroupId],
      enableHttp2: true,
      dropInvalidHeaderFields: true,
      enableCrossZoneLoadBalancing: true,
      idleTimeout: 60,
      enableDeletionProtection: false,
    });
    expect(one(edgeOf(domain), LB).inputs.enableDeletionProtection).toBe(true);
  });

  it("takes the idle timeout from config", async () => {
    const plan = tuned;
    expect(one(edgeOf(plan), LB).inputs.idleTimeout).toBe(120);
    expect(ofType(edgeOf(plan), TG).map((tg) => tg.inputs.deregistrationDelay)).toEqual([0, 0]);
  }, 60_000);

  it("writes access logs to its own encrypted, expiring, destroyable bucket only ELB's regional account may write to", () => {
    const edge = edgeOf(http);
    const urns = byUrn(edge);
    const alb = one(edge, LB);
    const bucket = one(edge, "aws:s3/bucket:Bucket");
    expect(bucket.inputs).toMatchObject({
      bucket: expect.stringMatching(/^orders-alb-logs-dev-us-east-1-[0-9a-f]{8}$/),
      forceDestroy: true,
    });
    expect(bucket.ignoreChanges).toEqual(["bucket"]);
    expect(alb.inputs.accessLogs).toEqual({ bucket: bucket.inputs.bucket, prefix: "alb", enabled: true });
    expect(one(edge, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect(one(edge, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules).toEqual([
      expect.objectContaining({ status: "Enabled", expiration: { days: 90 }, filter: { prefix: "" } }),
    ]);
    expect(one(edge, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const policyResource = one(edge, "aws:s3/bucketPolicy:BucketPolicy");
    const policy = jsonInput<{ Statement: unknown[] }>(policyResource, "policy");
    expect(policy.Statement).toEqual([
      {
        Sid: "ElbAccessLogDelivery",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::127311923021:root" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${String(bucket.inputs.bucket)}/alb/AWSLogs/123456789012/*`,
      },
    ]);
    expect(alb.dependencies.map((u) => urns.get(u)?.type)).toContain("aws:s3/bucketPolicy:BucketPolicy");
    expect(one(edgeOf(domain), "aws:s3/bucket:Bucket").inputs.forceDestroy).toBe(false);
  });

  it("registers IP targets on the container port with a /health check that takes a bad task out within 30 seconds", () => {
    const groups = targetGroups(edgeOf(http));
    expect(Object.keys(groups).sort()).toEqual(["blue", "green"]);
    for (const tg of Object.values(groups)) {
      expect(tg.inputs).toMatchObject({
        targetType: "ip",
        protocol: "HTTP",
        port: 8080,
        deregistrationDelay: 30,
        vpcId: layerOf(http, "network").outputs.vpcId,
      });
      const check = tg.inputs.healthCheck as {
        path: string;
        matcher: string;
        interval: number;
        unhealthyThreshold: number;
        timeout: number;
      };
      expect(check).toMatchObject({ path: "/health", matcher: "200" });
      expect(check.interval * check.unhealthyThreshold).toBeLessThanOrEqual(30);
      expect(check.timeout).toBeLessThan(check.interval);
    }
    expect(groups.blue.inputs.name).toBe("orders-tg-blue-dev");
    expect(groups.green.inputs.name).toBe("orders-tg-green-dev");
  });
});

describe("edge layer: listeners and routing", () => {
  it("serves plain HTTP on 80 without a certificate and says so in the outputs", () => {
    const edge = edgeOf(http);
    expect(
      listeners(edge)
        .map((l) => [l.inputs.port, l.inputs.protocol])
        .sort(),
    ).toEqual([
      [80, "HTTP"],
      [8443, "HTTP"],
    ]);
    expect(edge.outputs.httpsEnabled).toBe(false);
    expect(String(edge.outputs.apiUrl)).toMatch(/^http:\/\/orders-alb-dev-/);
    expect(edge.outputs.redirectListenerArn).toBeUndefined();
    expect(edge.outputs.productionListenerArn).toMatch(/:listener\/app\/orders-alb-dev\//);
    expect(edge.outputs.productionListenerArn).not.toBe(edge.outputs.testListenerArn);
    expect(ofType(edge, "aws:acm/certificate:Certificate")).toHaveLength(0);
  });

  it("takes the TLS 1.3 policy from config", async () => {
    const plan = tuned;
    expect(listenerOn(edgeOf(plan), 443).inputs.sslPolicy).toBe("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09");
    expect(listenerOn(edgeOf(plan), 80).inputs.sslPolicy).toBeUndefined();
  }, 60_000);

  it("names the listeners by port, so turning HTTPS on keeps the listener on 80 and adds 443", () => {
    expect(
      listeners(edgeOf(http))
        .map((l) => l.name)
        .sort(),
    ).toEqual(["edge-listener-80", "edge-listener-8443"]);
    expect(
      listeners(edgeOf(certificate))
        .map((l) => l.name)
        .sort(),
    ).toEqual(["edge-listener-443", "edge-listener-80", "edge-listener-8443"]);
  });

  it("with a certificate ARN serves 443 with a TLS 1.3 policy and redirects 80 to 443 with a 301", () => {
    const edge = edgeOf(certificate);
    const https = listenerOn(edge, 443);
    expect(https.inputs).toMatchObject({ protocol: "HTTPS", certificateArn: CERT_ARN, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    const redirect = listenerOn(edge, 80);
    expect(redirect.inputs.defaultActions).toEqual([
      {
        type: "redirect",
        redirect: { protocol: "HTTPS", port: "443", host: "#{host}", path: "/#{path}", query: "#{query}", statusCode: "HTTP_301" },
      },
    ]);
    expect(listenerOn(edge, 8443).inputs).toMatchObject({ protocol: "HTTPS", certificateArn: CERT_ARN });
    expect(edge.outputs).toMatchObject({ httpsEnabled: true });
    expect(edge.outputs.redirectListenerArn).toMatch(/:listener\/app\/orders-alb-dev\//);
    expect(String(edge.outputs.apiUrl)).toMatch(/^https:\/\/orders-alb-dev-/);
    expect(ofType(edge, "aws:acm/certificate:Certificate")).toHaveLength(0);
  });

  it("with a domain requests a DNS-validated certificate, listens with the validated one and points an alias at the ALB", () => {
    const edge = edgeOf(domain);
    const urns = byUrn(edge);
    const cert = one(edge, "aws:acm/certificate:Certificate");
    expect(cert.inputs).toMatchObject({ domainName: "api.orders.example.com", validationMethod: "DNS" });
    const records = ofType(edge, "aws:route53/record:Record");
    const validationRecord = records.find((r) => r.inputs.type === "CNAME");
    expect(validationRecord?.inputs).toMatchObject({ zoneId: "Z0EXAMPLE0ORDERS0PROD", ttl: 300 });
    expect(String(validationRecord?.inputs.name)).toMatch(/\.api\.orders\.example\.com\.$/);
    const validation = one(edge, "aws:acm/certificateValidation:CertificateValidation");
    expect(validation.dependencies).toEqual(expect.arrayContaining([cert.urn, validationRecord?.urn]));
    const https = listenerOn(edge, 443);
    expect(https.dependencies).toContain(validation.urn);
    expect(https.inputs.certificateArn).toBe(validation.inputs.certificateArn);
    const alias = records.find((r) => r.inputs.type === "A");
    expect(alias?.inputs).toMatchObject({
      zoneId: "Z0EXAMPLE0ORDERS0PROD",
      name: "api.orders.example.com",
      aliases: [{ name: edge.outputs.albDnsName, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true }],
    });
    expect(alias?.dependencies.map((u) => urns.get(u)?.type)).toContain(LB);
    expect(edge.outputs.apiUrl).toBe("https://api.orders.example.com");
  });

  const numeric = (ports: readonly number[]) => [...ports].sort((a, b) => a - b);

  it.each([
    ["without HTTPS", () => http, [80], false],
    ["with a certificate ARN", () => certificate, [80, 443], true],
    ["with a domain", () => domain, [80, 443], false],
  ])("opens exactly the listener ports on the network layer's load balancer group %s", (_mode, plan, production, testOpen) => {
    const p = plan();
    const open = openPorts(p);
    const listenerPorts = listeners(edgeOf(p)).map((l) => Number(l.inputs.port));
    for (const port of production) expect(open.get(port)).toEqual(["0.0.0.0/0"]);
    expect(numeric(listenerPorts)).toEqual(numeric([...production, 8443]));
    const reachable = listenerPorts.filter((port) => testOpen || port !== 8443);
    expect(numeric([...open.keys()])).toEqual(numeric(reachable));
    expect(numeric(layerOf(p, "network").outputs.loadBalancerPorts as number[])).toEqual(numeric(reachable));
  });

  it("opens the test listener's port only to the configured CIDRs, and not at all without them", () => {
    expect(openPorts(certificate).get(8443)).toEqual([TEST_CIDR]);
    expect(openPorts(http).has(8443)).toBe(false);
    expect(layerOf(http, "network").outputs.loadBalancerPorts).toEqual([80]);
  });

  it("forwards the API paths blue 100 / green 0 on production and sends everything else a 404 JSON", () => {
    for (const plan of [http, certificate, domain]) {
      const edge = edgeOf(plan);
      const production = listenerOn(edge, plan === http ? 80 : 443);
      expect(production.inputs.defaultActions).toEqual([
        { type: "fixed-response", fixedResponse: { contentType: "application/json", statusCode: "404", messageBody: expect.any(String) } },
      ]);
      const body = JSON.parse(
        (production.inputs.defaultActions as { fixedResponse: { messageBody: string } }[])[0].fixedResponse.messageBody,
      );
      expect(body).toMatchObject({ error: "not_found" });
      const rule = ruleOn(edge, production);
      expect(rule.inputs.conditions).toEqual([{ pathPattern: { values: ["/orders*", "/webhooks/*", "/health"] } }]);
      expect(rule.inputs.actions).toEqual([
        {
          type: "forward",
          forward: {
            targetGroups: [
              { arn: tgArn(plan, "blue"), weight: 100 },
              { arn: tgArn(plan, "green"), weight: 0 },
            ],
            stickiness: { enabled: false, duration: 1 },
          },
        },
      ]);
      expect(edge.outputs.productionListenerRuleArn).toMatch(/:listener-rule\/app\//);
    }
  });

  it("leaves the rules' weights to ECS: later updates ignore changes to their actions", () => {
    for (const plan of [http, domain]) {
      const rules = ofType(edgeOf(plan), RULE);
      expect(rules).toHaveLength(2);
      for (const rule of rules) expect(rule.ignoreChanges).toEqual(["actions"]);
    }
    const others = edgeOf(http).resources.filter((r) => r.type !== RULE && r.ignoreChanges.length > 0);
    // And the access log bucket keeps a name given before names carried the lifetime's hex.
    expect(others.map((r) => [r.type, r.ignoreChanges])).toEqual([["aws:s3/bucket:Bucket", ["bucket"]]]);
  });

  it("routes the test listener's API paths to the green target group", () => {
    const edge = edgeOf(certificate);
    const rule = ruleOn(edge, listenerOn(edge, 8443));
    expect(rule.inputs.conditions).toEqual([{ pathPattern: { values: ["/orders*", "/webhooks/*", "/health"] } }]);
    const forward = (rule.inputs.actions as { forward: { targetGroups: { arn: string; weight: number }[] } }[])[0].forward;
    expect(forward.targetGroups).toEqual([
      { arn: tgArn(certificate, "blue"), weight: 0 },
      { arn: tgArn(certificate, "green"), weight: 100 },
    ]);
    expect(edge.outputs.testListenerRuleArn).toMatch(/:listener-rule\/app\/orders-alb-dev\//);
    expect(edge.outputs.testListenerRuleArn).not.toBe(edge.outputs.productionListenerRuleArn);
  });
});

describe("edge layer: WAF", () => {
  interface Rule {
    name: string;
    priority: number;
    action?: unknown;
    overrideAction?: unknown;
    statement: { rateBasedStatement?: unknown; managedRuleGroupStatement?: { vendorName: string; name: string } };
    visibilityConfig: { metricName: string; cloudwatchMetricsEnabled: boolean; sampledRequestsEnabled: boolean };
  }

  it("blocks more than 100 requests per 300 seconds per client IP with a 429", () => {
    const edge = edgeOf(http);
    const acl = one(edge, "aws:wafv2/webAcl:WebAcl");
    expect(acl.inputs).toMatchObject({ name: "orders-waf-dev", scope: "REGIONAL", defaultAction: { allow: {} } });
    const rules = acl.inputs.rules as Rule[];
    const rate = rules.find((r) => r.statement.rateBasedStatement !== undefined);
    expect(rate?.statement.rateBasedStatement).toEqual({ limit: 100, evaluationWindowSec: 300, aggregateKeyType: "IP" });
    expect(rate?.action).toEqual({ block: { customResponse: { responseCode: 429, customResponseBodyKey: "rate-limited" } } });
    const bodies = acl.inputs.customResponseBodies as { key: string; contentType: string; content: string }[];
    expect(bodies.map((b) => [b.key, b.contentType])).toEqual([["rate-limited", "APPLICATION_JSON"]]);
    expect(JSON.parse(bodies[0].content)).toMatchObject({ error: "too_many_requests" });
  });

  it("evaluates the four AWS managed rule groups, each with its own priority and metrics", () => {
    const rules = one(edgeOf(http), "aws:wafv2/webAcl:WebAcl").inputs.rules as Rule[];
    const managed = rules.filter((r) => r.statement.managedRuleGroupStatement !== undefined);
    expect(managed.map((r) => r.statement.managedRuleGroupStatement)).toEqual([
      { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" },
      { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" },
      { vendorName: "AWS", name: "AWSManagedRulesSQLiRuleSet" },
      { vendorName: "AWS", name: "AWSManagedRulesAmazonIpReputationList" },
    ]);
    for (const r of managed) expect(r.overrideAction).toEqual({ none: {} });
    expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => r.visibilityConfig.metricName)).size).toBe(rules.length);
    for (const r of rules) expect(r.visibilityConfig).toMatchObject({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });
  });

  it("names the web ACL's metrics with the WebACL dimension the dashboard and the blocked-request alarm read", () => {
    const edge = edgeOf(http);
    const acl = one(edge, "aws:wafv2/webAcl:WebAcl");
    const aclMetric = (acl.inputs.visibilityConfig as Rule["visibilityConfig"]).metricName;
    expect(acl.inputs.visibilityConfig).toEqual({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: aclMetric });
    const body = jsonInput<{ widgets: { properties: { metrics: unknown[][] } }[] }>(
      one(edge, "aws:cloudwatch/dashboard:Dashboard"),
      "dashboardBody",
    );
    const wafLines = body.widgets.flatMap((w) => w.properties.metrics).filter((line) => line[0] === "AWS/WAFV2");
    expect(wafLines.map((line) => line[line.indexOf("WebACL") + 1])).toEqual([aclMetric, aclMetric]);
    const alarm = ofType(edge, ALARM).find((a) => a.inputs.namespace === "AWS/WAFV2");
    expect((alarm?.inputs.dimensions as Record<string, string>).WebACL).toBe(aclMetric);
    const reserved = ["All", "Default_Action"];
    for (const metric of [aclMetric, ...(acl.inputs.rules as Rule[]).map((r) => r.visibilityConfig.metricName)]) {
      expect([metric, /^[\w-]{1,128}$/.test(metric) && !reserved.includes(metric)]).toEqual([metric, true]);
    }
  });

  it("takes the rate limit and the rule groups from config", async () => {
    const plan = tuned;
    const rules = one(edgeOf(plan), "aws:wafv2/webAcl:WebAcl").inputs.rules as Rule[];
    expect(rules.map((r) => [r.name, r.priority])).toEqual([
      ["rate-limit-per-ip", 0],
      ["AWSManagedRulesSQLiRuleSet", 1],
    ]);
    expect(rules[0].statement.rateBasedStatement).toMatchObject({ limit: 2000 });
  }, 60_000);

  it("protects the load balancer and logs to an aws-waf-logs- group with retention that WAF may deliver to", () => {
    const edge = edgeOf(http);
    const acl = one(edge, "aws:wafv2/webAcl:WebAcl");
    const association = one(edge, "aws:wafv2/webAclAssociation:WebAclAssociation");
    expect(association.inputs).toEqual({ resourceArn: edge.outputs.albArn, webAclArn: edge.outputs.webAclArn });
    const logGroup = one(edge, "aws:cloudwatch/logGroup:LogGroup");
    expect(logGroup.inputs).toMatchObject({ name: "aws-waf-logs-orders-waf-dev", retentionInDays: 30 });
    expect(LOG_RETENTION_DAYS).toContain(logGroup.inputs.retentionInDays);
    const logging = one(edge, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
    expect(logging.inputs).toMatchObject({
      resourceArn: edge.outputs.webAclArn,
      logDestinationConfigs: ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-orders-waf-dev"],
    });
    expect(logging.dependencies).toEqual(expect.arrayContaining([acl.urn, logGroup.urn]));
    const policyResource = one(edge, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy");
    expect(logging.dependencies).toContain(policyResource.urn);
    // Attached to the log group, not account-wide (10 per region): a scoped policy has no name.
    expect(policyResource.inputs.resourceArn).toBe("arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-orders-waf-dev");
    expect(policyResource.inputs).not.toHaveProperty("policyName");
    expect(policyResource.dependencies).toContain(logGroup.urn);
    const policy = jsonInput<{ Statement: { Principal: unknown; Action: string[]; Resource: string; Condition: unknown }[] }>(
      policyResource,
      "policyDocument",
    );
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-orders-waf-dev:log-stream:*",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:123456789012:*" },
        },
      }),
    ]);
    expect(edge.outputs.wafLogGroupName).toBe("aws-waf-logs-orders-waf-dev");
  });
});

describe("edge layer: monitoring", () => {
  type Metric = { namespace: string; name: string; dims: Record<string, string>; options: Record<string, unknown> };
  type Widget = { properties: { title: string; region: string; metrics: unknown[][] } };

  /** Splits a dashboard metric line `[ns, name, k1, v1, ..., {opts}]` into its parts; expressions have no namespace. */
  function parseLine(line: unknown[]): Metric | { expression: string } {
    const last = line[line.length - 1];
    const options = typeof last === "object" && last !== null ? (last as Record<string, unknown>) : {};
    if ("expression" in options) return { expression: String(options.expression) };
    const parts = (typeof last === "object" ? line.slice(0, -1) : line) as string[];
    const dims: Record<string, string> = {};
    for (let i = 2; i < parts.length; i += 2) dims[parts[i]] = parts[i + 1];
    return { namespace: parts[0], name: parts[1], dims, options };
  }

  function dashboardMetrics(plan: Plan): { title: string; metric: Metric }[] {
    const body = jsonInput<{ widgets: Widget[] }>(one(edgeOf(plan), "aws:cloudwatch/dashboard:Dashboard"), "dashboardBody");
    return body.widgets.flatMap((w) =>
      w.properties.metrics.map(parseLine).flatMap((m) => ("expression" in m ? [] : [{ title: w.properties.title, metric: m }])),
    );
  }

  it("gives every dashboard metric the dimensions it needs to show data", () => {
    const edge = edgeOf(http);
    const lb = String(edge.outputs.albArnSuffix);
    const ecs = { ClusterName: "orders-cluster-dev", ServiceName: "orders-api-dev" };
    const db = { DBClusterIdentifier: String(layerOf(http, "data").outputs.clusterIdentifier) };
    const waf = { WebACL: "orders-waf-dev", Region: "us-east-1", Rule: "ALL" };
    const expected: Record<string, Record<string, string>> = {
      "AWS/ECS CPUUtilization": ecs,
      "AWS/ECS MemoryUtilization": ecs,
      "ECS/ContainerInsights RunningTaskCount": ecs,
      "AWS/ApplicationELB RequestCount": { LoadBalancer: lb },
      "AWS/ApplicationELB TargetResponseTime": { LoadBalancer: lb },
      "AWS/ApplicationELB HTTPCode_Target_4XX_Count": { LoadBalancer: lb },
      "AWS/ApplicationELB HTTPCode_Target_5XX_Count": { LoadBalancer: lb },
      "AWS/ApplicationELB HTTPCode_ELB_4XX_Count": { LoadBalancer: lb },
      "AWS/ApplicationELB HTTPCode_ELB_5XX_Count": { LoadBalancer: lb },
      "AWS/RDS DatabaseConnections": db,
      "AWS/RDS CPUUtilization": db,
      "AWS/RDS AuroraReplicaLagMaximum": db,
      "AWS/RDS FreeableMemory": db,
      "AWS/WAFV2 AllowedRequests": waf,
      "AWS/WAFV2 BlockedRequests": waf,
      "orders/dev PendingOrders": {},
    };
    const metrics = dashboardMetrics(http);
    for (const { metric } of metrics) {
      const key = `${metric.namespace} ${metric.name}`;
      if (key === "AWS/ApplicationELB HealthyHostCount") continue;
      expect([key, metric.dims]).toEqual([key, expected[key]]);
    }
    const shown = new Set(metrics.map(({ metric }) => `${metric.namespace} ${metric.name}`));
    for (const key of Object.keys(expected)) expect(shown).toContain(key);
    const healthy = metrics.filter(({ metric }) => metric.name === "HealthyHostCount").map(({ metric }) => metric.dims);
    expect(healthy).toEqual([
      { TargetGroup: edge.outputs.blueTargetGroupArnSuffix, LoadBalancer: lb },
      { TargetGroup: edge.outputs.greenTargetGroupArnSuffix, LoadBalancer: lb },
    ]);
    const latency = metrics.filter(({ metric }) => metric.name === "TargetResponseTime").map(({ metric }) => metric.options.stat);
    expect(latency).toEqual(["p50", "p95", "p99"]);
  });

  it("shows pending orders per task as metric math over Container Insights' running task count", () => {
    const body = jsonInput<{ widgets: Widget[] }>(one(edgeOf(http), "aws:cloudwatch/dashboard:Dashboard"), "dashboardBody");
    const widget = body.widgets.find((w) => w.properties.title.startsWith("Pending orders"));
    const lines = (widget?.properties.metrics ?? []).map(parseLine);
    expect(lines).toEqual([
      { namespace: "orders/dev", name: "PendingOrders", dims: {}, options: { id: "pending", label: "Pending orders" } },
      {
        namespace: "ECS/ContainerInsights",
        name: "RunningTaskCount",
        dims: { ClusterName: "orders-cluster-dev", ServiceName: "orders-api-dev" },
        options: { id: "tasks", stat: "Average", visible: false },
      },
      { expression: "pending / tasks" },
    ]);
    for (const w of body.widgets) expect(w.properties.region).toBe("us-east-1");
  });

  it("sends both ALARM and OK of every alarm to the alarm topic and states how missing data is treated", () => {
    const edge = edgeOf(http);
    const alarms = ofType(edge, ALARM);
    expect(alarms).toHaveLength(9);
    for (const alarm of alarms) {
      expect(alarm.inputs.alarmActions).toEqual([edge.outputs.alarmTopicArn]);
      expect(alarm.inputs.okActions).toEqual([edge.outputs.alarmTopicArn]);
      expect(["breaching", "notBreaching", "missing", "ignore"]).toContain(alarm.inputs.treatMissingData);
      expect(alarm.inputs.actionsEnabled).toBe(true);
    }
    expect(one(edge, "aws:sns/topic:Topic").inputs.name).toBe("orders-alarms-dev");
    expect(ofType(edge, "aws:sns/topicSubscription:TopicSubscription")).toHaveLength(0);
  });

  it("subscribes the configured email addresses to the alarm topic", () => {
    const edge = edgeOf(certificate);
    const subs = ofType(edge, "aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs);
    expect(subs).toEqual([
      { topic: edge.outputs.alarmTopicArn, protocol: "email", endpoint: "oncall@example.com" },
      { topic: edge.outputs.alarmTopicArn, protocol: "email", endpoint: "lead@example.com" },
    ]);
  });

  const alarmNamed = (plan: Plan, name: string) => {
    const found = ofType(edgeOf(plan), ALARM).find((a) => a.inputs.name === name);
    if (!found) throw new Error(`no alarm ${name}`);
    return found;
  };
  type Query = {
    id: string;
    expression?: string;
    returnData: boolean;
    metric?: { metricName: string; dimensions: Record<string, string>; stat: string };
  };

  it("computes the 5xx error rate as a percentage of requests across both target groups", () => {
    const edge = edgeOf(http);
    const alarm = alarmNamed(http, "orders-5xx-rate-dev");
    const queries = alarm.inputs.metricQueries as Query[];
    const metric = (id: string) => queries.find((q) => q.id === id)?.metric;
    const lb = edge.outputs.albArnSuffix;
    expect(metric("errorsBlue")).toMatchObject({
      metricName: "HTTPCode_Target_5XX_Count",
      stat: "Sum",
      dimensions: { LoadBalancer: lb, TargetGroup: edge.outputs.blueTargetGroupArnSuffix },
    });
    expect(metric("errorsGreen")).toMatchObject({
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: { LoadBalancer: lb, TargetGroup: edge.outputs.greenTargetGroupArnSuffix },
    });
    expect(metric("requestsBlue")).toMatchObject({
      metricName: "RequestCount",
      dimensions: { LoadBalancer: lb, TargetGroup: edge.outputs.blueTargetGroupArnSuffix },
    });
    expect(metric("requestsGreen")).toMatchObject({
      metricName: "RequestCount",
      dimensions: { LoadBalancer: lb, TargetGroup: edge.outputs.greenTargetGroupArnSuffix },
    });
    const returned = queries.filter((q) => q.returnData);
    expect(returned.map((q) => q.expression)).toEqual([
      "100 * (FILL(errorsBlue, 0) + FILL(errorsGreen, 0)) / (FILL(requestsBlue, 0) + FILL(requestsGreen, 0))",
    ]);
    expect(alarm.inputs).toMatchObject({ comparisonOperator: "GreaterThanThreshold", threshold: 5, treatMissingData: "notBreaching" });
  });

  it("alarms on load balancer 5xx, no healthy hosts, p99 latency, the database, WAF blocks and the pending backlog", () => {
    const edge = edgeOf(http);
    const lb = edge.outputs.albArnSuffix;
    const cluster = layerOf(http, "data").outputs.clusterIdentifier;
    expect(alarmNamed(http, "orders-alb-5xx-dev").inputs).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      statistic: "Sum",
      dimensions: { LoadBalancer: lb },
      threshold: 10,
    });
    const healthy = alarmNamed(http, "orders-no-healthy-hosts-dev");
    // No traffic reports no HealthyHostCount (not an outage); traffic without a healthy target reports 0, which breaches.
    expect(healthy.inputs).toMatchObject({ comparisonOperator: "LessThanThreshold", threshold: 1, treatMissingData: "notBreaching" });
    expect((healthy.inputs.metricQueries as Query[]).filter((q) => q.returnData).map((q) => q.expression)).toEqual([
      "healthyBlue + healthyGreen",
    ]);
    expect((healthy.inputs.metricQueries as Query[]).filter((q) => q.metric).map((q) => q.metric?.dimensions.TargetGroup)).toEqual([
      edge.outputs.blueTargetGroupArnSuffix,
      edge.outputs.greenTargetGroupArnSuffix,
    ]);
    expect(alarmNamed(http, "orders-p99-latency-dev").inputs).toMatchObject({
      metricName: "TargetResponseTime",
      extendedStatistic: "p99",
      evaluateLowSampleCountPercentiles: "ignore",
      dimensions: { LoadBalancer: lb },
      threshold: 2,
    });
    expect(alarmNamed(http, "orders-p99-latency-dev").inputs.statistic).toBeUndefined();
    expect(alarmNamed(http, "orders-db-cpu-dev").inputs).toMatchObject({
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: { DBClusterIdentifier: cluster },
      threshold: 80,
    });
    expect(alarmNamed(http, "orders-db-replica-lag-dev").inputs).toMatchObject({
      metricName: "AuroraReplicaLagMaximum",
      dimensions: { DBClusterIdentifier: cluster },
      threshold: 1000,
    });
    expect(alarmNamed(http, "orders-waf-blocked-dev").inputs).toMatchObject({
      namespace: "AWS/WAFV2",
      metricName: "BlockedRequests",
      period: 300,
      dimensions: { WebACL: "orders-waf-dev", Region: "us-east-1", Rule: "ALL" },
    });
    expect(alarmNamed(http, "orders-pending-orders-dev").inputs).toMatchObject({
      namespace: "orders/dev",
      metricName: "PendingOrders",
      threshold: 1000,
    });
  });

  it("evaluates each alarm over the documented periods, with the documented threshold and missing-data treatment", () => {
    const max = Number(layerOf(http, "data").outputs.maxConnections);
    const expected: Record<string, [string, number, number, number, string, number | undefined]> = {
      // name: comparison, threshold, evaluation periods, datapoints to alarm, missing data, period (single-metric alarms)
      "orders-5xx-rate-dev": ["GreaterThanThreshold", 5, 3, 2, "notBreaching", undefined],
      "orders-alb-5xx-dev": ["GreaterThanThreshold", 10, 3, 2, "notBreaching", 60],
      "orders-no-healthy-hosts-dev": ["LessThanThreshold", 1, 2, 2, "notBreaching", undefined],
      "orders-p99-latency-dev": ["GreaterThanThreshold", 2, 3, 3, "notBreaching", 60],
      "orders-db-connections-dev": ["GreaterThanThreshold", Math.floor(max * 0.8), 5, 3, "missing", 60],
      "orders-db-cpu-dev": ["GreaterThanThreshold", 80, 5, 3, "missing", 60],
      "orders-db-replica-lag-dev": ["GreaterThanThreshold", 1000, 5, 3, "notBreaching", 60],
      "orders-waf-blocked-dev": ["GreaterThanThreshold", 500, 1, 1, "notBreaching", 300],
      "orders-pending-orders-dev": ["GreaterThanThreshold", 1000, 5, 5, "notBreaching", 60],
    };
    const actual = Object.fromEntries(
      ofType(edgeOf(http), ALARM).map((a) => [
        a.inputs.name,
        [
          a.inputs.comparisonOperator,
          a.inputs.threshold,
          a.inputs.evaluationPeriods,
          a.inputs.datapointsToAlarm,
          a.inputs.treatMissingData,
          a.inputs.period,
        ],
      ]),
    );
    expect(actual).toEqual(expected);
    for (const alarm of ofType(edgeOf(http), ALARM).filter((a) => a.inputs.metricQueries !== undefined)) {
      const queries = alarm.inputs.metricQueries as Query[];
      expect(queries.filter((q) => q.returnData)).toHaveLength(1);
      for (const q of queries.filter((q) => q.metric)) expect(q.metric).toMatchObject({ period: 60 });
    }
  });

  it("reads the ECS metrics and the pending-orders metric the compute layer actually produces", () => {
    const compute = layerOf(http, "compute");
    const { clusterName, serviceName } = compute.outputs;
    expect(one(compute, "aws:ecs/cluster:Cluster").inputs.settings).toEqual([{ name: "containerInsights", value: "enabled" }]);
    const filter = one(compute, "aws:cloudwatch/logMetricFilter:LogMetricFilter").inputs.metricTransformation as {
      namespace: string;
      name: string;
    };
    const ecsDims = dashboardMetrics(http)
      .map(({ metric }) => metric)
      .filter((m) => m.namespace === "AWS/ECS" || m.namespace === "ECS/ContainerInsights")
      .map((m) => m.dims);
    expect(ecsDims.length).toBeGreaterThanOrEqual(3);
    for (const dims of ecsDims) expect(dims).toEqual({ ClusterName: clusterName, ServiceName: serviceName });
    const pendingLines = dashboardMetrics(http).filter(({ metric }) => metric.name === filter.name);
    expect(pendingLines.map(({ metric }) => metric.namespace)).toEqual([filter.namespace]);
    expect(alarmNamed(http, "orders-pending-orders-dev").inputs).toMatchObject({ namespace: filter.namespace, metricName: filter.name });
  });

  it("derives the database connections threshold from the data layer's max connections", () => {
    const max = Number(layerOf(http, "data").outputs.maxConnections);
    const alarm = alarmNamed(http, "orders-db-connections-dev");
    expect(alarm.inputs).toMatchObject({ metricName: "DatabaseConnections", statistic: "Maximum", threshold: Math.floor(max * 0.8) });
  });

  it("exports the rollback alarms, which exist, and the dashboard's name and console address", () => {
    const edge = edgeOf(http);
    const names = ofType(edge, ALARM).map((a) => a.inputs.name);
    expect(edge.outputs.rollbackAlarmNames).toEqual(["orders-5xx-rate-dev", "orders-alb-5xx-dev", "orders-p99-latency-dev"]);
    for (const name of edge.outputs.rollbackAlarmNames as string[]) expect(names).toContain(name);
    expect(edge.outputs.dashboardName).toBe(one(edge, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardName);
    expect(edge.outputs.dashboardUrl).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/orders-dashboard-dev",
    );
  });

  it("sets no tags on its resources: they come from the provider's default tags", () => {
    const tagged = edgeOf(domain).resources.filter((r) => r.custom && r.inputs.tags !== undefined && r.type !== "pulumi:providers:aws");
    expect(tagged.map((r) => r.name)).toEqual([]);
  });
});
