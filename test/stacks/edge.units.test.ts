import { parsePlatformConfig, RawConfig } from "../../shared/config";
import { loadBalancerIngress, productionListenerPorts } from "../../shared/listeners";
import { EDGE_FAKES } from "../../shared/plan/fakes/edge";
import { accessLogsBucketPolicy } from "../../stacks/edge/accessLogs";
import { dashboardBody, DashboardTargets } from "../../stacks/edge/dashboard";
import { HEALTH_CHECK, listenerSpecs, secondsToUnhealthy } from "../../stacks/edge/loadBalancer";
import { dashboardUrl, dbConnectionsThreshold } from "../../stacks/edge/monitoring";
import { RATE_WINDOW_SECONDS, ruleMetricName, wafLogPolicy, wafRules } from "../../stacks/edge/waf";

const cfgOf = (raw: RawConfig = {}) =>
  parsePlatformConfig({ environmentSuffix: "dev", ...raw }, { stack: "orders-dev", awsRegion: "us-east-1" });
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";

describe("listenerSpecs", () => {
  it.each([
    ["no certificate", {}],
    ["a certificate ARN", { certificateArn: CERT }],
    ["a domain", { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }],
  ])("listens on exactly the production ports the security group opens, with %s", (_mode, raw) => {
    const cfg = cfgOf({ ...raw, testListenerCidrs: '["10.1.0.0/16"]' });
    const specs = listenerSpecs(cfg);
    expect(specs.filter((s) => s.role !== "test").map((s) => s.port)).toEqual([...productionListenerPorts(cfg)]);
    expect(specs.map((s) => s.port)).toEqual(loadBalancerIngress(cfg).map((rule) => rule.port));
  });

  it("serves on 80 over HTTP without a certificate", () => {
    expect(listenerSpecs(cfgOf())).toEqual([
      { port: 80, protocol: "HTTP", role: "production" },
      { port: 8443, protocol: "HTTP", role: "test" },
    ]);
  });

  it("serves on 443 over HTTPS and only redirects on 80 with a certificate", () => {
    expect(listenerSpecs(cfgOf({ certificateArn: CERT, testListenerPort: "9443" }))).toEqual([
      { port: 80, protocol: "HTTP", role: "redirect" },
      { port: 443, protocol: "HTTPS", role: "production" },
      { port: 9443, protocol: "HTTPS", role: "test" },
    ]);
  });
});

describe("health check", () => {
  it("takes a failing task out of rotation within 15 seconds, and puts a new one in service 10 seconds after registration", () => {
    expect(HEALTH_CHECK.interval * HEALTH_CHECK.healthyThreshold).toBe(10);
    expect(secondsToUnhealthy(HEALTH_CHECK)).toBe(15);
    expect(HEALTH_CHECK.timeout).toBeLessThan(HEALTH_CHECK.interval);
    expect(secondsToUnhealthy({ interval: 5, unhealthyThreshold: 2 })).toBe(10);
  });
});

describe("dbConnectionsThreshold", () => {
  it("is the given percentage of max connections, rounded down", () => {
    expect(dbConnectionsThreshold(1000, 80)).toBe(800);
    expect(dbConnectionsThreshold(90, 80)).toBe(72);
    expect(dbConnectionsThreshold(45, 80)).toBe(36);
    expect(dbConnectionsThreshold(1000, 100)).toBe(1000);
  });

  it("never drops below one connection", () => {
    expect(dbConnectionsThreshold(1, 1)).toBe(1);
    expect(dbConnectionsThreshold(0, 80)).toBe(1);
  });
});

describe("dashboard", () => {
  const targets: DashboardTargets = {
    region: "eu-west-1",
    loadBalancer: "app/x-alb-dev/0123",
    blueTargetGroup: "targetgroup/x-tg-blue-dev/aaaa",
    greenTargetGroup: "targetgroup/x-tg-green-dev/bbbb",
    clusterName: "x-cluster-dev",
    serviceName: "x-api-dev",
    dbClusterIdentifier: "x-aurora-dev",
    webAclName: "x-waf-dev",
    pendingOrders: { namespace: "x/dev", name: "PendingOrders" },
  };

  it("is deterministic and lays out its widgets two per row without overlap", () => {
    expect(JSON.stringify(dashboardBody(targets))).toBe(JSON.stringify(dashboardBody({ ...targets })));
    const cells = dashboardBody(targets).widgets.map((w) => `${w.x},${w.y}`);
    expect(new Set(cells).size).toBe(cells.length);
    for (const w of dashboardBody(targets).widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      expect(w.properties.region).toBe("eu-west-1");
    }
  });

  it("names the WAF metrics' region after the stack's region", () => {
    const lines = dashboardBody(targets)
      .widgets.flatMap((w) => w.properties.metrics)
      .filter((m) => m[0] === "AWS/WAFV2");
    expect(lines.map((m) => m.slice(1, 8))).toEqual([
      ["AllowedRequests", "WebACL", "x-waf-dev", "Region", "eu-west-1", "Rule", "ALL"],
      ["BlockedRequests", "WebACL", "x-waf-dev", "Region", "eu-west-1", "Rule", "ALL"],
    ]);
  });

  const titles = (t: DashboardTargets) => dashboardBody(t).widgets.map((w) => w.properties.title);

  it("shows the pending-orders widget only for an API that reports its backlog", () => {
    expect(titles(targets)).toContain("Pending orders and pending orders per task");
    const { pendingOrders: _omitted, ...noBacklog } = targets;
    expect(titles(noBacklog).filter((t) => t.startsWith("Pending orders"))).toEqual([]);
    expect(titles(noBacklog)).toHaveLength(titles(targets).length - 1);
  });

  it("adds the unhealthy-hosts and free local storage widgets only with their alarms, after the others", () => {
    const base = titles(targets);
    expect(base.some((t) => t.startsWith("Unhealthy") || t.includes("local storage"))).toBe(false);
    const all = dashboardBody({ ...targets, unhealthyHosts: true, dbFreeLocalStorage: true });
    expect(all.widgets.map((w) => w.properties.title)).toEqual([
      ...base,
      "Unhealthy hosts per target group",
      "Aurora free local storage (bytes, instance with the least)",
    ]);
    const [unhealthy, storage] = all.widgets.slice(-2);
    expect(unhealthy.properties.stat).toBe("Maximum");
    expect(unhealthy.properties.metrics).toEqual([
      [
        "AWS/ApplicationELB",
        "UnHealthyHostCount",
        "TargetGroup",
        targets.blueTargetGroup,
        "LoadBalancer",
        targets.loadBalancer,
        { label: "Blue" },
      ],
      [
        "AWS/ApplicationELB",
        "UnHealthyHostCount",
        "TargetGroup",
        targets.greenTargetGroup,
        "LoadBalancer",
        targets.loadBalancer,
        { label: "Green" },
      ],
    ]);
    expect(storage.properties.stat).toBe("Minimum");
    expect(storage.properties.metrics).toEqual([
      ["AWS/RDS", "FreeLocalStorage", "DBClusterIdentifier", "x-aurora-dev", { label: "Free local storage" }],
    ]);
    const cells = all.widgets.map((w) => `${w.x},${w.y}`);
    expect(new Set(cells).size).toBe(cells.length);
    expect(titles({ ...targets, unhealthyHosts: false, dbFreeLocalStorage: false })).toEqual(base);
  });

  it("links to the dashboard in the stack's region", () => {
    expect(dashboardUrl("eu-west-1", "x-dashboard-dev")).toBe(
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/x-dashboard-dev",
    );
  });

  it("links GovCloud dashboards through the GovCloud console, whose regions the ELB log table includes", () => {
    expect(dashboardUrl("us-gov-west-1", "x-dashboard-dev")).toBe(
      "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#dashboards/dashboard/x-dashboard-dev",
    );
  });
});

describe("access log bucket policy", () => {
  const base = { bucketArn: "arn:aws:s3:::b", accountId: "111122223333", partition: "aws" };

  it("lets the regional ELB account put objects only under this account's log prefix", () => {
    expect(accessLogsBucketPolicy({ ...base, delivery: { kind: "account", accountId: "797873946194" } }).Statement).toEqual([
      {
        Sid: "ElbAccessLogDelivery",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::797873946194:root" },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::b/alb/AWSLogs/111122223333/*",
      },
    ]);
  });

  it("uses the log delivery service principal in newer regions and the partition in the account ARN", () => {
    const service = accessLogsBucketPolicy({
      ...base,
      delivery: { kind: "service", service: "logdelivery.elasticloadbalancing.amazonaws.com" },
    });
    expect(service.Statement[0].Principal).toEqual({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
    const gov = accessLogsBucketPolicy({ ...base, partition: "aws-us-gov", delivery: { kind: "account", accountId: "048591011584" } });
    expect(gov.Statement[0].Principal).toEqual({ AWS: "arn:aws-us-gov:iam::048591011584:root" });
  });
});

describe("WAF rules", () => {
  it("puts the rate limit first and numbers the managed groups after it in config order", () => {
    const cfg = cfgOf({
      wafRateLimit: "10",
      wafManagedRuleGroups: '["AWSManagedRulesAmazonIpReputationList","AWSManagedRulesCommonRuleSet"]',
    });
    const rules = wafRules(cfg);
    expect(rules.map((r) => [r.name, r.priority])).toEqual([
      ["rate-limit-per-ip", 0],
      ["AWSManagedRulesAmazonIpReputationList", 1],
      ["AWSManagedRulesCommonRuleSet", 2],
    ]);
    expect(rules[0].statement).toEqual({
      rateBasedStatement: { limit: 10, evaluationWindowSec: RATE_WINDOW_SECONDS, aggregateKeyType: "IP" },
    });
    expect(RATE_WINDOW_SECONDS).toBe(300);
  });

  it("keeps only the rate limit when the managed groups are turned off", () => {
    expect(wafRules(cfgOf({ wafManagedRuleGroups: "[]" })).map((r) => r.name)).toEqual(["rate-limit-per-ip"]);
  });

  it("names each rule's metric after the web ACL and the rule, within WAF's 128 characters", () => {
    const cfg = cfgOf({ system: "abcdefghij", environmentSuffix: "a".repeat(16) });
    const name = ruleMetricName(cfg, "AWSManagedRulesAmazonIpReputationList");
    expect(name).toBe(`abcdefghij-waf-${"a".repeat(16)}-AWSManagedRulesAmazonIpReputationList`);
    expect(name.length).toBeLessThanOrEqual(128);
  });

  it("lets log delivery write only into the WAF log group, for this account's sources", () => {
    const policy = wafLogPolicy({
      logGroupArn: "arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-x",
      accountId: "111122223333",
      partition: "aws",
      region: "eu-west-1",
    });
    expect(policy.Statement).toEqual([
      {
        Sid: "WafLogDelivery",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:eu-west-1:111122223333:log-group:aws-waf-logs-x:log-stream:*",
        Condition: {
          StringEquals: { "aws:SourceAccount": "111122223333" },
          ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-west-1:111122223333:*" },
        },
      },
    ]);
  });
});

describe("edge fakes", () => {
  const ctx = (type: string, inputs: Record<string, unknown>) =>
    EDGE_FAKES[type]({ region: "us-east-1", name: "n", inputs, hex: (n) => "a".repeat(n) });

  it("derives listener and rule ARNs from their load balancer's and listener's ARNs", () => {
    const lb = ctx("aws:lb/loadBalancer:LoadBalancer", { name: "x-alb-dev" }).state;
    expect(lb.arnSuffix).toBe(`app/x-alb-dev/${"a".repeat(16)}`);
    const listener = ctx("aws:lb/listener:Listener", { loadBalancerArn: lb.arn }).state;
    expect(listener.arn).toBe(
      `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x-alb-dev/${"a".repeat(16)}/${"a".repeat(16)}`,
    );
    const rule = ctx("aws:lb/listenerRule:ListenerRule", { listenerArn: listener.arn }).state;
    expect(String(rule.arn)).toContain(`:listener-rule/app/x-alb-dev/`);
  });

  it("falls back to placeholder values when inputs are not resolved", () => {
    expect(ctx("aws:lb/listener:Listener", {}).state.arn).toContain(":listener/app/unknown/");
    expect(ctx("aws:sns/topicSubscription:TopicSubscription", {}).id).toMatch(/^arn:aws:sns:topic:/);
    expect(ctx("aws:acm/certificate:Certificate", {}).state.domainValidationOptions).toEqual([
      expect.objectContaining({ domainName: "example.com" }),
    ]);
    expect(ctx("aws:acm/certificateValidation:CertificateValidation", {}).id).toBe("arn:aws:acm:certificate");
    expect(ctx("aws:route53/record:Record", {}).id).toBe("Z_record_A");
  });
});
