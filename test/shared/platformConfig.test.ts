import { ConfigError, describeConfig, parsePlatformConfig, PlatformConfig, RawConfig } from "../../shared/config";

/** Production stacks must name someone for their alarms. */
const ONCALL = '["oncall@your-company.com"]';

const parse = (raw: RawConfig, awsRegion?: string): PlatformConfig =>
  parsePlatformConfig(raw, { stack: "orders-dev", ...(awsRegion === undefined ? {} : { awsRegion }) });

const base = { environmentSuffix: "dev" };

/** The message the parse of `raw` fails with. */
function rejection(raw: RawConfig, awsRegion?: string): string {
  try {
    parse(raw, awsRegion);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe("platform config", () => {
  it("defaults to the order API of the requirements: us-east-1, three AZs, a NAT gateway per AZ, 3 to 10 tasks on port 8080", () => {
    const cfg = parse(base);
    expect(cfg).toMatchObject({
      preset: "orders",
      system: "orders",
      environment: "development",
      region: "us-east-1",
      deletionProtection: false,
      cache: false,
      network: {
        vpcCidr: "10.0.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
        natGateways: "perAz",
        isolatedSubnets: false,
      },
      data: { engine: "aurora-mysql", port: 3306 },
      edge: { https: { kind: "none" }, testListenerPort: 8443, testListenerCidrs: [] },
      compute: { containerPort: 8080, minTasks: 3, maxTasks: 10 },
    });
  });

  it("is frozen all the way down", () => {
    const cfg = parse(base);
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.network)).toBe(true);
    expect(Object.isFrozen(cfg.network.availabilityZones)).toBe(true);
    expect(Object.isFrozen(cfg.edge.https)).toBe(true);
  });

  it("reads values as Pulumi stores them: numbers, booleans and lists as strings", () => {
    const cfg = parse({
      ...base,
      natGateways: "single",
      isolatedSubnets: "true",
      flowLogRetentionDays: "90",
      availabilityZones: '["us-east-1b","us-east-1c","us-east-1d"]',
      testListenerCidrs: '["10.20.0.0/16"]',
      minTasks: "2",
    });
    expect(cfg.network).toMatchObject({ natGateways: "single", isolatedSubnets: true, flowLogRetentionDays: 90 });
    expect(cfg.network.availabilityZones).toEqual(["us-east-1b", "us-east-1c", "us-east-1d"]);
    expect(cfg.edge.testListenerCidrs).toEqual(["10.20.0.0/16"]);
    expect(cfg.compute.minTasks).toBe(2);
  });

  it("keeps an explicit false or 0-like value instead of the default", () => {
    expect(parse({ ...base, environment: "production", alarmEmails: ONCALL, deletionProtection: "false" }).deletionProtection).toBe(false);
    expect(parse({ ...base, environment: "production", alarmEmails: ONCALL }).deletionProtection).toBe(true);
    expect(parse({ ...base, deletionProtection: false }).deletionProtection).toBe(false);
  });

  it("takes the region from aws:region over the preset and derives the default AZs from it", () => {
    const cfg = parse(base, "us-west-2");
    expect(cfg.region).toBe("us-west-2");
    expect(cfg.network.availabilityZones).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
  });

  it("points upstream references at the same stack name in the local backend's organization unless overridden", () => {
    expect(parse(base).upstream).toEqual({ organization: "organization", network: "orders-dev", data: "orders-dev", edge: "orders-dev" });
    expect(parse({ ...base, organization: "acme", networkStack: "shared-net" }).upstream).toMatchObject({
      organization: "acme",
      network: "shared-net",
      data: "orders-dev",
    });
  });

  it("switches HTTPS on with a certificate of the stack's region or with a domain and its hosted zone", () => {
    const arn = "arn:aws:acm:us-east-1:123456789012:certificate/0b1e2a3c-4d5e-6f70-8192-a3b4c5d6e7f8";
    expect(parse({ ...base, certificateArn: arn }).edge.https).toEqual({ kind: "certificate", certificateArn: arn });
    expect(parse({ ...base, domainName: "api.example.com", hostedZoneId: "Z0123456789ABC" }).edge.https).toEqual({
      kind: "domain",
      domainName: "api.example.com",
      hostedZoneId: "Z0123456789ABC",
    });
  });

  it.each<[string, RawConfig, string | undefined, string]>([
    ["a missing environmentSuffix", {}, undefined, "platform:environmentSuffix is not set; expected 1 to 16 lowercase letters"],
    [
      "an environmentSuffix one character too long",
      { environmentSuffix: "a".repeat(17) },
      undefined,
      `platform:environmentSuffix is "${"a".repeat(17)}"; expected 1 to 16`,
    ],
    ["an uppercase environmentSuffix", { environmentSuffix: "Dev" }, undefined, 'platform:environmentSuffix is "Dev"'],
    ["a suffix with a double hyphen", { environmentSuffix: "pr--1" }, undefined, 'platform:environmentSuffix is "pr--1"'],
    ["a suffix ending in a hyphen", { environmentSuffix: "dev-" }, undefined, 'platform:environmentSuffix is "dev-"'],
    [
      "an unknown key",
      { ...base, evironment: "production" },
      undefined,
      'platform:evironment is "production"; expected no such key; known keys are',
    ],
    ["an unknown preset", { ...base, preset: "shop" }, undefined, 'platform:preset is "shop"; expected one of "orders"'],
    [
      "a system with a hyphen",
      { ...base, system: "my-api" },
      undefined,
      'platform:system is "my-api"; expected 2 to 10 lowercase letters and digits',
    ],
    ["a system of 11 characters", { ...base, system: "abcdefghijk" }, undefined, 'platform:system is "abcdefghijk"'],
    [
      "an unknown environment",
      { ...base, environment: "staging" },
      undefined,
      'platform:environment is "staging"; expected one of "development", "production"',
    ],
    ["a malformed region", { ...base }, "useast1", 'aws:region is "useast1"; expected an AWS region code'],
    [
      "a region without known AZs and none configured",
      { ...base },
      "ap-northeast-1",
      "platform:availabilityZones is not set; expected exactly 3 distinct availability zones of ap-northeast-1",
    ],
    ["two AZs", { ...base, availabilityZones: '["us-east-1a","us-east-1b"]' }, undefined, "platform:availabilityZones is"],
    [
      "four AZs",
      { ...base, availabilityZones: '["us-east-1a","us-east-1b","us-east-1c","us-east-1d"]' },
      undefined,
      "expected exactly 3 distinct",
    ],
    ["a repeated AZ", { ...base, availabilityZones: '["us-east-1a","us-east-1a","us-east-1c"]' }, undefined, "expected exactly 3 distinct"],
    [
      "an AZ of another region",
      { ...base, availabilityZones: '["us-east-1a","us-east-1b","us-west-2c"]' },
      undefined,
      "expected exactly 3 distinct availability zones of us-east-1",
    ],
    ["AZs that are not a JSON list", { ...base, availabilityZones: "us-east-1a,us-east-1b" }, undefined, "platform:availabilityZones is"],
    [
      "a VPC CIDR of /24",
      { ...base, vpcCidr: "10.0.0.0/24" },
      undefined,
      'platform:vpcCidr is "10.0.0.0/24"; expected an IPv4 CIDR block from /16 to /22',
    ],
    ["a VPC CIDR with host bits", { ...base, vpcCidr: "10.0.0.1/16" }, undefined, 'platform:vpcCidr is "10.0.0.1/16"'],
    ["a VPC CIDR with an octet over 255", { ...base, vpcCidr: "10.300.0.0/16" }, undefined, 'platform:vpcCidr is "10.300.0.0/16"'],
    ["a VPC CIDR that is not a CIDR", { ...base, vpcCidr: "ten" }, undefined, 'platform:vpcCidr is "ten"'],
    [
      "an unknown NAT layout",
      { ...base, natGateways: "none" },
      undefined,
      'platform:natGateways is "none"; expected one of "perAz", "single"',
    ],
    [
      "a non-boolean isolatedSubnets",
      { ...base, isolatedSubnets: "yes" },
      undefined,
      'platform:isolatedSubnets is "yes"; expected true or false',
    ],
    [
      "a retention CloudWatch does not offer",
      { ...base, flowLogRetentionDays: "10" },
      undefined,
      'platform:flowLogRetentionDays is "10"; expected one of 1, 3, 5, 7, 14, 30',
    ],
    ["a non-numeric retention", { ...base, flowLogRetentionDays: "month" }, undefined, 'platform:flowLogRetentionDays is "month"'],
    ["an account id of 11 digits", { ...base, allowedAccountIds: '["12345678901"]' }, undefined, "platform:allowedAccountIds is"],
    [
      "a stack name with a slash",
      { ...base, networkStack: "org/net" },
      undefined,
      'platform:networkStack is "org/net"; expected a Pulumi stack name',
    ],
    ["an owner tag with a control character", { ...base, owner: "a\u0007b" }, undefined, "platform:owner is"],
    [
      "an unknown database engine",
      { ...base, databaseEngine: "mysql" },
      undefined,
      'platform:databaseEngine is "mysql"; expected one of "aurora-mysql"',
    ],
    [
      "a certificate of another region",
      { ...base, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0b1e2a3c-4d5e-6f70-8192-a3b4c5d6e7f8" },
      undefined,
      "expected a certificate in us-east-1",
    ],
    [
      "a certificate ARN of another service",
      { ...base, certificateArn: "arn:aws:iam::123456789012:server-certificate/x" },
      undefined,
      "expected an ACM certificate ARN",
    ],
    [
      "both a certificate and a domain",
      {
        ...base,
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0b1e2a3c-4d5e-6f70-8192-a3b4c5d6e7f8",
        domainName: "api.example.com",
      },
      undefined,
      'platform:domainName is "api.example.com"; expected not set when certificateArn is set',
    ],
    [
      "a domain without its hosted zone",
      { ...base, domainName: "api.example.com" },
      undefined,
      "platform:hostedZoneId is not set; expected the hosted zone id of domainName",
    ],
    [
      "a hosted zone without a domain",
      { ...base, hostedZoneId: "Z0123456789ABC" },
      undefined,
      "platform:domainName is not set; expected a domain name when hostedZoneId is set",
    ],
    [
      "an uppercase domain",
      { ...base, domainName: "API.example.com", hostedZoneId: "Z0123456789ABC" },
      undefined,
      'platform:domainName is "API.example.com"',
    ],
    [
      "a malformed hosted zone",
      { ...base, domainName: "api.example.com", hostedZoneId: "zone-1" },
      undefined,
      'platform:hostedZoneId is "zone-1"',
    ],
    [
      "a test listener on 443",
      { ...base, testListenerPort: "443" },
      undefined,
      'platform:testListenerPort is "443"; expected an integer from 1024 to 65535',
    ],
    [
      "a test listener open to the internet",
      { ...base, testListenerCidrs: '["0.0.0.0/0"]' },
      undefined,
      "expected a list of IPv4 CIDR blocks other than 0.0.0.0/0",
    ],
    ["a test listener CIDR with host bits", { ...base, testListenerCidrs: '["10.0.0.1/8"]' }, undefined, "platform:testListenerCidrs is"],
    ["a fractional task count", { ...base, minTasks: "2.5" }, undefined, 'platform:minTasks is "2.5"; expected an integer from 2 to 1000'],
    [
      "a maximum below the minimum",
      { ...base, minTasks: "5", maxTasks: "4" },
      undefined,
      "platform:maxTasks is 4; expected an integer of at least minTasks (5)",
    ],
    [
      "a container port below 1024",
      { ...base, containerPort: "80" },
      undefined,
      'platform:containerPort is "80"; expected an integer from 1024 to 65535',
    ],
  ])("rejects %s, naming the key, the value and what is allowed", (_case, raw, region, message) => {
    expect(rejection(raw, region)).toContain(message);
  });

  it("documents every key it reads, with a description, type, default and allowed values", () => {
    const docs = describeConfig();
    const keys = docs.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining(["aws:region", "environmentSuffix", "system", "preset", "vpcCidr", "natGateways", "deletionProtection"]),
    );
    for (const doc of docs) {
      expect(doc.description.length).toBeGreaterThan(10);
      expect(doc.allowed.length).toBeGreaterThan(3);
      expect(doc.default.length).toBeGreaterThan(0);
    }
    expect(docs.find((d) => d.key === "environmentSuffix")?.default).toBe("(required)");
  });
});
