import { parsePlatformConfig } from "../../shared/config";
import {
  MAX_SUFFIX_LENGTH,
  MAX_SYSTEM_LENGTH,
  NAME_RULES,
  NamingError,
  physicalName,
  SUFFIX_PATTERN,
  SYSTEM_PATTERN,
} from "../../shared/naming";
import { NAMES, nameOf } from "../../shared/names";

const longest = { system: "s".repeat(MAX_SYSTEM_LENGTH), environmentSuffix: "e".repeat(MAX_SUFFIX_LENGTH) };

describe("physical names", () => {
  it("follow <system>-<type>-<suffix>", () => {
    expect(nameOf({ system: "orders", environmentSuffix: "dev" }, "serviceSecurityGroup")).toBe("orders-service-sg-dev");
  });

  it.each(Object.keys(NAMES) as (keyof typeof NAMES)[])("keeps %s within its AWS rule for the longest system and suffix", (kind) => {
    const name = nameOf(longest, kind);
    const rule = NAME_RULES[NAMES[kind].rule];
    expect(name.length).toBeLessThanOrEqual(rule.max);
    expect(name).toMatch(rule.pattern);
    expect(name).toContain(longest.environmentSuffix);
  });

  it("accepts the longest suffix in config and rejects one character more", () => {
    const parse = (environmentSuffix: string) => parsePlatformConfig({ environmentSuffix, system: longest.system }, { stack: "s" });
    expect(parse(longest.environmentSuffix).environmentSuffix).toHaveLength(MAX_SUFFIX_LENGTH);
    expect(() => parse(`${longest.environmentSuffix}e`)).toThrow(/platform:environmentSuffix is "e{17}"; expected 1 to 16/);
  });

  it("uses the short type only where the full name would break the limit", () => {
    const kind = { type: "target-blue", short: "tgb", rule: "elb" } as const;
    expect(physicalName({ system: "orders", environmentSuffix: "dev" }, kind)).toBe("orders-target-blue-dev");
    expect(physicalName(longest, kind)).toBe(`${longest.system}-tgb-${longest.environmentSuffix}`);
    expect(physicalName(longest, kind).length).toBeLessThanOrEqual(32);
  });

  it("prepends a prefix AWS requires", () => {
    expect(physicalName({ system: "orders", environmentSuffix: "dev" }, { type: "waf", rule: "logGroup", prefix: "aws-waf-logs-" })).toBe(
      "aws-waf-logs-orders-waf-dev",
    );
  });

  it("refuses a name that breaks its rule even after shortening", () => {
    expect(() => physicalName(longest, { type: "load-balancer", rule: "elb" })).toThrow(NamingError);
    expect(() => physicalName(longest, { type: "load-balancer", rule: "elb" })).toThrow(
      /is invalid: expected at most 32 letters, digits and hyphens/,
    );
    expect(() => physicalName({ system: "Orders", environmentSuffix: "dev" }, { type: "db", rule: "rds" })).toThrow(NamingError);
  });

  it("never builds an RDS identifier with '--' or a trailing hyphen from a valid suffix", () => {
    for (const suffix of ["a", "1", "pr-1", "a1-b2-c3", "e".repeat(16)]) {
      expect(suffix).toMatch(SUFFIX_PATTERN);
      expect(physicalName({ system: "orders", environmentSuffix: suffix }, { type: "aurora", rule: "rds" })).toMatch(
        NAME_RULES.rds.pattern,
      );
    }
    for (const bad of ["-a", "a-", "a--b", "A", "a_b", ""]) expect(bad).not.toMatch(SUFFIX_PATTERN);
    for (const bad of ["1abc", "a", "ab-c", "abcdefghijk"]) expect(bad).not.toMatch(SYSTEM_PATTERN);
  });

  it("keeps every rule's pattern consistent with its documented character set", () => {
    expect("orders-alb-dev").toMatch(NAME_RULES.elb.pattern);
    expect("-orders").not.toMatch(NAME_RULES.elb.pattern);
    expect("sg-orders").not.toMatch(NAME_RULES.securityGroup.pattern);
    expect("orders..logs").not.toMatch(NAME_RULES.s3Bucket.pattern);
    expect("Orders/api").not.toMatch(NAME_RULES.ecr.pattern);
    expect("orders/api-dev").toMatch(NAME_RULES.ecr.pattern);
    expect("orders-db--dev").not.toMatch(NAME_RULES.elasticache.pattern);
  });
});
