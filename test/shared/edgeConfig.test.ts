import { ELB_LOG_ACCOUNTS, ELB_LOG_SERVICE_REGIONS } from "../../shared/aws";
import {
  apiGatewayWafRateLimit,
  ConfigError,
  describeConfig,
  elbLogDeliveryPrincipal,
  parseAlarmEmails,
  parseManagedRuleGroups,
  parsePathPatterns,
  parsePlatformConfig,
  RawConfig,
  WAF_MANAGED_RULE_GROUPS,
} from "../../shared/config";
import { nameOf, NAMES } from "../../shared/names";
import { MAX_SUFFIX_LENGTH, NAME_RULES } from "../../shared/naming";
import { accessLogsBucketName, EDGE_NAMES } from "../../shared/names/edge";

const parse = (raw: RawConfig, awsRegion = "us-east-1") =>
  parsePlatformConfig({ environmentSuffix: "dev", ...raw }, { stack: "orders-dev", awsRegion });
const rejects = (raw: RawConfig, message: string, awsRegion?: string) => {
  expect(() => parse(raw, awsRegion)).toThrow(ConfigError);
  expect(() => parse(raw, awsRegion)).toThrow(message);
};

describe("edge config", () => {
  it("defaults to the order API's edge: 100 requests per 5 minutes, all four managed groups, 30-second draining", () => {
    const edge = parse({}).edge;
    expect(edge).toMatchObject({
      https: { kind: "none" },
      albSslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      albIdleTimeoutSeconds: 60,
      deregistrationDelaySeconds: 30,
      apiPathPatterns: ["/orders*", "/webhooks/*", "/health"],
      albAccessLogExpirationDays: 90,
      wafRateLimit: 100,
      wafManagedRuleGroups: [...WAF_MANAGED_RULE_GROUPS],
      wafLogRetentionDays: 30,
      alarmEmails: [],
      accessLogDelivery: { kind: "account", accountId: "127311923021" },
      alarms: {
        errorRatePercent: 5,
        alb5xxPerMinute: 10,
        latencyP99Seconds: 2,
        dbConnectionsPercent: 80,
        dbCpuPercent: 80,
        replicaLagMs: 1000,
        wafBlockedPer5Minutes: 500,
        pendingOrders: 1000,
      },
    });
  });

  it("reads every key it documents, with lists given as JSON", () => {
    const edge = parse({
      albIdleTimeoutSeconds: "4000",
      deregistrationDelaySeconds: "0",
      apiPathPatterns: '["/api/*"]',
      albAccessLogExpirationDays: "1",
      wafRateLimit: "10",
      wafManagedRuleGroups: "[]",
      wafLogRetentionDays: "365",
      alarmEmails: '["oncall@example.com"]',
      alarmErrorRatePercent: "0.5",
      alarmAlb5xxPerMinute: "1",
      alarmLatencyP99Seconds: "0.8",
      alarmDbConnectionsPercent: "90",
      alarmDbCpuPercent: "70",
      alarmReplicaLagMs: "500",
      alarmWafBlockedPer5Minutes: "50",
      alarmPendingOrders: "200",
    }).edge;
    expect(edge).toMatchObject({
      albIdleTimeoutSeconds: 4000,
      deregistrationDelaySeconds: 0,
      apiPathPatterns: ["/api/*"],
      albAccessLogExpirationDays: 1,
      wafRateLimit: 10,
      wafManagedRuleGroups: [],
      wafLogRetentionDays: 365,
      alarmEmails: ["oncall@example.com"],
      alarms: {
        errorRatePercent: 0.5,
        alb5xxPerMinute: 1,
        latencyP99Seconds: 0.8,
        dbConnectionsPercent: 90,
        dbCpuPercent: 70,
        replicaLagMs: 500,
        wafBlockedPer5Minutes: 50,
        pendingOrders: 200,
      },
    });
    const documented = describeConfig().map((d) => d.key);
    for (const key of [
      "albIdleTimeoutSeconds",
      "apiPathPatterns",
      "wafRateLimit",
      "wafManagedRuleGroups",
      "wafLogRetentionDays",
      "alarmEmails",
      "alarmPendingOrders",
    ]) {
      expect(documented).toContain(key);
    }
  });

  it.each([
    [
      { albSslPolicy: "ELBSecurityPolicy-2016-08" },
      'platform:albSslPolicy is "ELBSecurityPolicy-2016-08"; expected one of "ELBSecurityPolicy-TLS13-1-2-2021-06"',
    ],
    [{ albIdleTimeoutSeconds: "0" }, 'platform:albIdleTimeoutSeconds is "0"; expected an integer from 1 to 4000'],
    [{ deregistrationDelaySeconds: "3601" }, 'platform:deregistrationDelaySeconds is "3601"; expected an integer from 0 to 3600'],
    [{ albAccessLogExpirationDays: "0" }, 'platform:albAccessLogExpirationDays is "0"; expected an integer from 1 to 3650'],
    [{ wafRateLimit: "9" }, 'platform:wafRateLimit is "9"; expected an integer from 10 to 2000000000'],
    [{ wafRateLimit: "100.5" }, 'platform:wafRateLimit is "100.5"; expected an integer from 10 to 2000000000'],
    [{ wafLogRetentionDays: "2" }, 'platform:wafLogRetentionDays is "2"; expected one of 1, 3, 5, 7'],
    [
      { apiPathPatterns: '["orders*"]' },
      'platform:apiPathPatterns is "[\\"orders*\\"]"; expected 1 to 5 distinct path patterns starting with "/"',
    ],
    [{ apiPathPatterns: "[]" }, "platform:apiPathPatterns is [];"],
    [
      { wafManagedRuleGroups: '["AWSManagedRulesLinuxRuleSet"]' },
      'platform:wafManagedRuleGroups is ["AWSManagedRulesLinuxRuleSet"]; expected distinct names from AWSManagedRulesCommonRuleSet',
    ],
    [{ wafManagedRuleGroups: '["bad name"]' }, 'platform:wafManagedRuleGroups is "[\\"bad name\\"]"; expected distinct names from'],
    [
      { alarmEmails: '["not-an-address"]' },
      'platform:alarmEmails is "[\\"not-an-address\\"]"; expected a list of distinct email addresses',
    ],
    [
      { alarmEmails: '["a@example.com","a@example.com"]' },
      'platform:alarmEmails is ["a@example.com","a@example.com"]; expected a list of distinct email addresses',
    ],
    [{ alarmErrorRatePercent: "0" }, 'platform:alarmErrorRatePercent is "0"; expected a number from 0.1 to 100 in steps of 0.1'],
    [{ alarmAlb5xxPerMinute: "0" }, 'platform:alarmAlb5xxPerMinute is "0"; expected an integer from 1 to 1000000'],
    [{ alarmLatencyP99Seconds: "61" }, 'platform:alarmLatencyP99Seconds is "61"; expected a number from 0.1 to 60 in steps of 0.1'],
    [{ alarmDbConnectionsPercent: "101" }, 'platform:alarmDbConnectionsPercent is "101"; expected an integer from 1 to 100'],
    [{ alarmDbCpuPercent: "0" }, 'platform:alarmDbCpuPercent is "0"; expected an integer from 1 to 100'],
    [{ alarmReplicaLagMs: "5" }, 'platform:alarmReplicaLagMs is "5"; expected an integer from 10 to 3600000'],
    [{ alarmWafBlockedPer5Minutes: "0" }, 'platform:alarmWafBlockedPer5Minutes is "0"; expected an integer from 1 to 100000000'],
    [
      { testListenerCidrs: '["0.0.0.0/0"]' },
      'platform:testListenerCidrs is ["0.0.0.0/0"]; expected a list of IPv4 CIDR blocks other than 0.0.0.0/0',
    ],
    [
      { testListenerCidrs: '["10.0.0.1/8"]' },
      'platform:testListenerCidrs is ["10.0.0.1/8"]; expected a list of IPv4 CIDR blocks other than 0.0.0.0/0',
    ],
    [{ testListenerPort: "443" }, 'platform:testListenerPort is "443"; expected an integer from 1024 to 65535'],
    [
      { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef" },
      'platform:certificateArn is "arn:aws:acm:eu-west-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef"; expected a certificate in us-east-1',
    ],
    [
      {
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef",
        domainName: "api.example.com",
      },
      'platform:domainName is "api.example.com"; expected not set when certificateArn is set',
    ],
    [
      {
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef",
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
      },
      'platform:hostedZoneId is "Z0123456789ABCDEFGHIJ"; expected not set when certificateArn is set',
    ],
    [
      { certificateArn: "arn:aws:iam::123456789012:server-certificate/api" },
      'platform:certificateArn is "arn:aws:iam::123456789012:server-certificate/api"; expected an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)',
    ],
    [
      { domainName: "API.Example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
      'platform:domainName is "API.Example.com"; expected a lowercase DNS name such as api.example.com',
    ],
    [
      { domainName: "api.example.com", hostedZoneId: "zone-1" },
      'platform:hostedZoneId is "zone-1"; expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
    ],
    [{ hostedZoneId: "Z0123456789ABCDEFGHIJ" }, "platform:domainName is not set; expected a domain name when hostedZoneId is set"],
    [{ domainName: "api.example.com" }, "platform:hostedZoneId is not set; expected the hosted zone id of domainName"],
    [{ alarmPendingOrders: "-1" }, 'platform:alarmPendingOrders is "-1"; expected an integer from 1 to 100000000'],
  ])("rejects %j naming the key, the value and what is allowed", (raw, message) => {
    rejects(raw as RawConfig, message);
  });

  it("rejects a region whose ELB log delivery principal it does not know, before anything is registered", () => {
    rejects(
      { availabilityZones: '["xx-east-9a","xx-east-9b","xx-east-9c"]' },
      'aws:region is "xx-east-9"; expected a region whose ELB log delivery principal the edge layer knows (',
      "xx-east-9",
    );
  });
});

describe("the web ACL's per-IP limit behind API Gateway", () => {
  it("defaults to the usage plan's steady rate over 5 minutes, and keeps an explicit value and the order API's 100", () => {
    expect(apiGatewayWafRateLimit(1)).toBe(300);
    expect(apiGatewayWafRateLimit(10_000)).toBe(3_000_000);
    expect(parse({ apiGateway: "true" }).edge.wafRateLimit).toBe(15_000);
    expect(parse({ apiGateway: "true", apiGatewayRateLimit: "7" }).edge.wafRateLimit).toBe(2_100);
    expect(parse({ apiGateway: "true", wafRateLimit: "500" }).edge.wafRateLimit).toBe(500);
    expect(parse({ preset: "payments" }, "ap-southeast-1").edge.wafRateLimit).toBe(15_000);
    expect(parse({}).edge.wafRateLimit).toBe(100);
  });
});

describe("ELB access log delivery principal", () => {
  it("uses the regional ELB account in us-east-1 and us-west-2", () => {
    expect(elbLogDeliveryPrincipal("us-east-1")).toEqual({ kind: "account", accountId: "127311923021" });
    expect(elbLogDeliveryPrincipal("us-west-2")).toEqual({ kind: "account", accountId: "797873946194" });
  });

  it("uses the log delivery service principal in regions opened since August 2022", () => {
    for (const region of ["eu-central-2", "ap-southeast-4", "il-central-1"]) {
      expect(elbLogDeliveryPrincipal(region)).toEqual({ kind: "service", service: "logdelivery.elasticloadbalancing.amazonaws.com" });
    }
  });

  it("lists every account as 12 digits and no region twice", () => {
    for (const id of Object.values(ELB_LOG_ACCOUNTS)) expect(id).toMatch(/^\d{12}$/);
    for (const region of ELB_LOG_SERVICE_REGIONS) expect(Object.keys(ELB_LOG_ACCOUNTS)).not.toContain(region);
  });

  it("fails naming aws:region for an unknown region", () => {
    expect(() => elbLogDeliveryPrincipal("eu-west-9")).toThrow(
      'aws:region is "eu-west-9"; expected a region whose ELB log delivery principal',
    );
  });
});

describe("edge config validators", () => {
  it("accepts 1 to 5 distinct ALB path patterns", () => {
    expect(parsePathPatterns(["/"])).toEqual(["/"]);
    expect(parsePathPatterns(["/a", "/b*", "/c/?", "/d;x", "/e~"])).toHaveLength(5);
    expect(parsePathPatterns([`/${"a".repeat(127)}`])).toHaveLength(1);
  });

  it.each([[[]], [["/a", "/b", "/c", "/d", "/e", "/f"]], [["/a", "/a"]], [["a"]], [["/a b"]], [[`/${"a".repeat(128)}`]], [["/é"]]])(
    "rejects the path patterns %j",
    (patterns) => {
      expect(() => parsePathPatterns(patterns)).toThrow("platform:apiPathPatterns is");
    },
  );

  it("accepts any distinct subset of the managed rule groups, in the given order", () => {
    expect(parseManagedRuleGroups([])).toEqual([]);
    expect(parseManagedRuleGroups(["AWSManagedRulesSQLiRuleSet", "AWSManagedRulesCommonRuleSet"])).toEqual([
      "AWSManagedRulesSQLiRuleSet",
      "AWSManagedRulesCommonRuleSet",
    ]);
  });

  it("rejects a repeated or unknown managed rule group", () => {
    expect(() => parseManagedRuleGroups(["AWSManagedRulesSQLiRuleSet", "AWSManagedRulesSQLiRuleSet"])).toThrow(
      "platform:wafManagedRuleGroups is",
    );
    expect(() => parseManagedRuleGroups(["AWSManagedRulesAdminProtectionRuleSet"])).toThrow("expected distinct names from");
  });

  it("accepts distinct email addresses and rejects others", () => {
    expect(parseAlarmEmails([])).toEqual([]);
    expect(parseAlarmEmails(["a.b+ops@mail.example.co.uk"])).toEqual(["a.b+ops@mail.example.co.uk"]);
    for (const bad of [["a@b"], ["@example.com"], ["a@@example.com"], ["a@example.com", "a@example.com"]]) {
      expect(() => parseAlarmEmails(bad)).toThrow("platform:alarmEmails is");
    }
  });
});

describe("edge names", () => {
  const longest = { system: "abcdefghij", environmentSuffix: "a".repeat(MAX_SUFFIX_LENGTH) };

  it("keeps every edge name within its AWS limit for the longest system and suffix", () => {
    for (const kind of Object.keys(EDGE_NAMES) as (keyof typeof EDGE_NAMES)[]) {
      const name = nameOf(longest, kind);
      const rule = NAME_RULES[NAMES[kind].rule];
      expect([kind, name.length <= rule.max && rule.pattern.test(name)]).toEqual([kind, true]);
    }
    expect(nameOf(longest, "blueTargetGroup")).toBe(`abcdefghij-tgb-${"a".repeat(16)}`);
    expect(nameOf(longest, "greenTargetGroup")).toBe(`abcdefghij-tgg-${"a".repeat(16)}`);
    expect(nameOf(longest, "wafLogGroup")).toMatch(/^aws-waf-logs-/);
  });

  it("names the access log bucket with the region and the hex of its lifetime, within 63 characters for the longest region", () => {
    expect(accessLogsBucketName({ system: "orders", environmentSuffix: "dev" }, "us-east-1", "6a17fb44")).toBe(
      "orders-alb-logs-dev-us-east-1-6a17fb44",
    );
    expect(accessLogsBucketName(longest, "ap-southeast-7", "6a17fb44")).toBe(
      `abcdefghij-alb-logs-${"a".repeat(16)}-ap-southeast-7-6a17fb44`,
    );
    const name = accessLogsBucketName(longest, "us-gov-northwest-10", "6a17fb44");
    expect(name).toBe(`abcdefghij-albl-${"a".repeat(16)}-us-gov-northwest-10-6a17fb44`);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(NAME_RULES.s3Bucket.pattern.test(name)).toBe(true);
  });

  it("fails with a naming error when even the short bucket name does not fit", () => {
    expect(() => accessLogsBucketName(longest, "us-gov-northwest-100000", "6a17fb44")).toThrow(
      /physical name ".*" \(\d+ characters\) is invalid/,
    );
  });
});

describe("who the alarms reach", () => {
  it("refuses a production stack whose alarms notify nobody, saying what to set; a development stack may have none", () => {
    rejects(
      { environment: "production" },
      'platform:alarmEmails is []; expected at least one address while environment is production, so that an alarm reaches someone (e.g. ["oncall@your-company.com"]; each address confirms its subscription by email)',
    );
    expect(parse({ environment: "production", alarmEmails: '["oncall@your-company.com"]' }).edge.alarmEmails).toEqual([
      "oncall@your-company.com",
    ]);
    expect(parse({}).edge.alarmEmails).toEqual([]);
  });
});

describe("optional alarms and the order backlog switch", () => {
  it("leaves the service, unhealthy-host and local storage alarms off by default, and the order backlog on", () => {
    const cfg = parse({});
    expect(cfg.pendingOrdersMetric).toBe(true);
    expect(cfg.edge.alarms.serviceCpuPercent).toBeUndefined();
    expect(cfg.edge.alarms.serviceMemoryPercent).toBeUndefined();
    expect(cfg.edge.alarms.unhealthyHosts).toBe(false);
    expect(cfg.edge.alarms.dbFreeLocalStorageMiB).toBeUndefined();
    expect(cfg.edge.alarms.pendingOrders).toBe(1000);
    expect(cfg.compute.pendingOrdersPerTaskTarget).toBe(100);
  });

  it("reads each optional alarm's threshold at both ends of its range", () => {
    const low = parse({
      alarmServiceCpuPercent: "1",
      alarmServiceMemoryPercent: "1",
      alarmUnhealthyHosts: "true",
      alarmDbFreeLocalStorageMiB: "1",
    }).edge.alarms;
    expect(low).toMatchObject({ serviceCpuPercent: 1, serviceMemoryPercent: 1, unhealthyHosts: true, dbFreeLocalStorageMiB: 1 });
    const high = parse({
      alarmServiceCpuPercent: "100",
      alarmServiceMemoryPercent: "100",
      alarmUnhealthyHosts: "false",
      alarmDbFreeLocalStorageMiB: "1048576",
    }).edge.alarms;
    expect(high).toMatchObject({
      serviceCpuPercent: 100,
      serviceMemoryPercent: 100,
      unhealthyHosts: false,
      dbFreeLocalStorageMiB: 1_048_576,
    });
  });

  it("treats an empty threshold as not set: no alarm", () => {
    expect(parse({ alarmServiceCpuPercent: "", alarmDbFreeLocalStorageMiB: "" }).edge.alarms).toMatchObject({
      serviceCpuPercent: undefined,
      dbFreeLocalStorageMiB: undefined,
    });
  });

  it.each([
    [{ alarmServiceCpuPercent: "0" }, 'platform:alarmServiceCpuPercent is "0"; expected an integer from 1 to 100'],
    [{ alarmServiceCpuPercent: "101" }, 'platform:alarmServiceCpuPercent is "101"; expected an integer from 1 to 100'],
    [{ alarmServiceMemoryPercent: "80.5" }, 'platform:alarmServiceMemoryPercent is "80.5"; expected an integer from 1 to 100'],
    [{ alarmServiceMemoryPercent: "high" }, 'platform:alarmServiceMemoryPercent is "high"; expected an integer from 1 to 100'],
    [{ alarmUnhealthyHosts: "yes" }, 'platform:alarmUnhealthyHosts is "yes"; expected true or false'],
    [{ alarmDbFreeLocalStorageMiB: "0" }, 'platform:alarmDbFreeLocalStorageMiB is "0"; expected an integer from 1 to 1048576'],
    [{ alarmDbFreeLocalStorageMiB: "1048577" }, 'platform:alarmDbFreeLocalStorageMiB is "1048577"; expected an integer from 1 to 1048576'],
    [{ pendingOrdersMetric: "no" }, 'platform:pendingOrdersMetric is "no"; expected true or false'],
    [
      { pendingOrdersMetric: "false", alarmPendingOrders: "200" },
      "platform:alarmPendingOrders is 200; expected not set while pendingOrdersMetric is false (the API reports no PendingOrders metric, so there is nothing to scale or alarm on)",
    ],
    [
      { pendingOrdersMetric: "false", pendingOrdersPerTaskTarget: "50" },
      "platform:pendingOrdersPerTaskTarget is 50; expected not set while pendingOrdersMetric is false (the API reports no PendingOrders metric, so there is nothing to scale or alarm on)",
    ],
    [
      { preset: "catalog", alarmPendingOrders: "1000" },
      "platform:alarmPendingOrders is 1000; expected not set while pendingOrdersMetric is false",
    ],
  ])("rejects %j naming the key, the value and what is allowed", (raw, message) => {
    rejects(raw as RawConfig, message);
  });

  it("drops the order backlog's keys, left at their defaults, when the API has no backlog", () => {
    const cfg = parse({ pendingOrdersMetric: "false" });
    expect(cfg.pendingOrdersMetric).toBe(false);
    expect(cfg.edge.alarms.pendingOrders).toBeUndefined();
    expect(cfg.compute.pendingOrdersPerTaskTarget).toBeUndefined();
  });

  it("turns the backlog off for the catalog and payment APIs and on the alarms their requirements list", () => {
    const catalog = parse({ preset: "catalog" }, "us-west-2");
    expect(catalog.pendingOrdersMetric).toBe(false);
    expect(catalog.edge.alarms).toMatchObject({
      serviceCpuPercent: 80,
      serviceMemoryPercent: undefined,
      unhealthyHosts: false,
      dbFreeLocalStorageMiB: undefined,
      dbCpuPercent: 80,
      dbConnectionsPercent: 80,
    });
    const payments = parse({ preset: "payments" }, "ap-southeast-1");
    expect(payments.pendingOrdersMetric).toBe(false);
    expect(payments.edge.alarms).toMatchObject({
      serviceCpuPercent: 80,
      serviceMemoryPercent: 80,
      unhealthyHosts: true,
      dbFreeLocalStorageMiB: 1024,
      dbCpuPercent: 80,
      dbConnectionsPercent: 80,
    });
    expect(parse({ preset: "payments", alarmServiceMemoryPercent: "" }, "ap-southeast-1").edge.alarms.serviceMemoryPercent).toBeUndefined();
  });

  it("documents every new key", () => {
    const documented = describeConfig().map((d) => d.key);
    for (const key of [
      "pendingOrdersMetric",
      "alarmServiceCpuPercent",
      "alarmServiceMemoryPercent",
      "alarmUnhealthyHosts",
      "alarmDbFreeLocalStorageMiB",
    ]) {
      expect(documented).toContain(key);
    }
  });
});
