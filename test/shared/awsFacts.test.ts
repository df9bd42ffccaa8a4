import {
  AFTER_DELETE,
  AURORA_MAX_DATABASE_NAME_LENGTH,
  AURORA_MYSQL_DEFAULT_VERSION,
  AURORA_MYSQL_RESERVED_USERNAMES,
  AURORA_POSTGRESQL_DEFAULT_VERSION,
  AURORA_POSTGRESQL_MAJOR_VERSIONS,
  AURORA_POSTGRESQL_RESERVED_USERNAMES,
  AURORA_POSTGRESQL_SYSTEM_DATABASES,
  CACHE_NODE_TYPES,
  daysOf,
  ELB_LOG_ACCOUNTS,
  FACTS,
  FARGATE_MEMORY,
  FINAL_SNAPSHOT_ID_RULES,
  MAX_CONNECTIONS_BY_CLASS,
  MYSQL_8_0_RESERVED_WORDS,
  POSTGRESQL_RESERVED_WORDS,
  QUOTA_CODES,
  QUOTA_TABLE,
  QUOTAS,
} from "../../shared/aws";
import { DEFAULT_MYSQL_VERSION, DEFAULT_POSTGRESQL_VERSION, ENGINES, POSTGRESQL_MAJOR_VERSIONS } from "../../shared/config";

/**
 * Where a fact may come from: AWS's documentation, or for the engines' own
 * rules (reserved words) the MySQL and PostgreSQL manuals.
 */
const SOURCES = /^https:\/\/(docs\.aws\.amazon\.com|dev\.mysql\.com\/doc|www\.postgresql\.org\/docs)\//;

describe("the AWS facts the platform relies on", () => {
  it("each name the documentation page it comes from and the day it was read", () => {
    expect(FACTS.length).toBeGreaterThanOrEqual(17);
    for (const f of FACTS) {
      expect(f.source).toMatch(SOURCES);
      expect(f.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Date.parse(f.read)).toBeLessThanOrEqual(Date.now());
    }
  });

  it("are the tables the config validation reads", () => {
    expect(FARGATE_MEMORY[256]).toEqual([512, 1024, 2048]);
    expect(MAX_CONNECTIONS_BY_CLASS["db.r6g.large"]).toBe(1000);
    expect(ELB_LOG_ACCOUNTS["us-east-1"]).toBe("127311923021");
    expect(CACHE_NODE_TYPES.t4g).toContain("medium");
  });

  it("are the Aurora engine rules the data layer's config reads", () => {
    const facts = [
      AURORA_MAX_DATABASE_NAME_LENGTH,
      MYSQL_8_0_RESERVED_WORDS,
      POSTGRESQL_RESERVED_WORDS,
      AURORA_POSTGRESQL_SYSTEM_DATABASES,
      AURORA_MYSQL_RESERVED_USERNAMES,
      AURORA_POSTGRESQL_RESERVED_USERNAMES,
      AURORA_MYSQL_DEFAULT_VERSION,
      AURORA_POSTGRESQL_DEFAULT_VERSION,
      AURORA_POSTGRESQL_MAJOR_VERSIONS,
    ];
    for (const f of facts) expect(FACTS).toContain(f);
    const mysql = ENGINES["aurora-mysql"];
    const postgresql = ENGINES["aurora-postgresql"];
    expect(mysql.maxDatabaseNameLength).toBe(AURORA_MAX_DATABASE_NAME_LENGTH.value["aurora-mysql"]);
    expect(postgresql.maxDatabaseNameLength).toBe(AURORA_MAX_DATABASE_NAME_LENGTH.value["aurora-postgresql"]);
    expect([...mysql.reservedWords]).toEqual(MYSQL_8_0_RESERVED_WORDS.value);
    expect([...postgresql.reservedWords]).toEqual(POSTGRESQL_RESERVED_WORDS.value);
    expect([...postgresql.reservedDatabaseNames]).toEqual(AURORA_POSTGRESQL_SYSTEM_DATABASES.value);
    expect([...mysql.reservedUsernames]).toEqual(AURORA_MYSQL_RESERVED_USERNAMES.value);
    expect([...postgresql.reservedUsernames]).toEqual(AURORA_POSTGRESQL_RESERVED_USERNAMES.value);
    expect(DEFAULT_MYSQL_VERSION).toBe(AURORA_MYSQL_DEFAULT_VERSION.value);
    expect(DEFAULT_POSTGRESQL_VERSION).toBe(AURORA_POSTGRESQL_DEFAULT_VERSION.value);
    expect(POSTGRESQL_MAJOR_VERSIONS).toBe(AURORA_POSTGRESQL_MAJOR_VERSIONS.value);
    // Each word once, lowercase, no empty word from the table's line breaks.
    for (const words of [MYSQL_8_0_RESERVED_WORDS.value, POSTGRESQL_RESERVED_WORDS.value]) {
      expect(new Set(words).size).toBe(words.length);
      for (const w of words) expect(w).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it("are the table of what AWS keeps after a delete: one row per type and name input, each with its page", () => {
    for (const f of [...AFTER_DELETE, FINAL_SNAPSHOT_ID_RULES]) expect(FACTS).toContain(f);
    const rows = AFTER_DELETE.map((f) => f.value);
    const keys = rows.map((r) => `${r.type} ${r.nameInput ?? "(generated)"}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The kinds of resource whose names could outlive a destroy, as issue 15 lists them.
    expect(keys).toEqual(
      expect.arrayContaining([
        "aws:secretsmanager/secret:Secret name",
        "aws:kms/key:Key (generated)",
        "aws:kms/alias:Alias name",
        "aws:s3/bucket:Bucket bucket",
        "aws:cloudwatch/logGroup:LogGroup name",
        "aws:iam/role:Role name",
        "aws:iam/rolePolicy:RolePolicy name",
        "aws:ecr/repository:Repository name",
        "aws:wafv2/webAcl:WebAcl name",
        "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace name",
        "aws:servicediscovery/service:Service name",
        "aws:rds/cluster:Cluster finalSnapshotIdentifier",
        "aws:elasticache/replicationGroup:ReplicationGroup finalSnapshotIdentifier",
        "aws:lb/loadBalancer:LoadBalancer name",
        "aws:lb/targetGroup:TargetGroup name",
        "aws:sns/topic:Topic name",
      ]),
    );
    const row = (key: string) => rows[keys.indexOf(key)];
    // A secret's name is held for its recovery window: AWS's 30 days unless set; the platform's 0 frees it at once.
    const secret = row("aws:secretsmanager/secret:Secret name");
    expect(daysOf(secret.reservedDays, {})).toBe(30);
    expect(daysOf(secret.reservedDays, { recoveryWindowInDays: 0 })).toBe(0);
    // Final snapshots are kept, and their identifiers held, until someone deletes them.
    for (const key of [
      "aws:rds/cluster:Cluster finalSnapshotIdentifier",
      "aws:elasticache/replicationGroup:ReplicationGroup finalSnapshotIdentifier",
    ]) {
      expect(row(key).reservedDays).toBe(Infinity);
      expect(row(key).kept?.days).toBe(Infinity);
    }
    // The key has no name to collide with; it outlives the destroy for its deletion window.
    const key = row("aws:kms/key:Key (generated)");
    expect(key.reservedDays).toBe(0);
    expect(daysOf(key.kept!.days, { deletionWindowInDays: 7 })).toBe(7);
    expect(daysOf(key.kept!.days, {})).toBe(30);
  });

  it("are the rules of the final snapshot identifiers", () => {
    for (const rule of Object.values(FINAL_SNAPSHOT_ID_RULES.value)) {
      expect(rule.max).toBe(255);
      expect("orders-aurora-final-prod-0a1b2c3d").toMatch(rule.pattern);
      for (const bad of ["1orders-final", "orders--final", "orders-final-", "Orders-final", "orders_final"])
        expect(bad).not.toMatch(rule.pattern);
    }
  });

  it("are the table of the quotas the platform consumes: one row per code, each with its page", () => {
    for (const f of QUOTA_TABLE) expect(FACTS).toContain(f);
    const quotas = QUOTA_TABLE.map((f) => f.value);
    expect(new Set(quotas.map((q) => q.code)).size).toBe(quotas.length);
    expect(QUOTAS.size).toBe(quotas.length);
    // Every code the model counts has its row, and every row is counted.
    expect([...QUOTAS.keys()].sort()).toEqual(Object.values(QUOTA_CODES).sort());
    for (const q of quotas) {
      // Service Quotas codes are L- and eight hex digits; the platform's own ids say so and are not.
      if (q.ownCode) expect(q.code).not.toMatch(/^L-/);
      else expect(q.code).toMatch(/^L-[0-9A-F]{8}$/);
      expect(q.default).toBeGreaterThan(0);
      expect(["region", "account", "per-resource"]).toContain(q.scope);
    }
    expect(QUOTAS.get(QUOTA_CODES.vpcs)).toMatchObject({ name: "VPCs per Region", scope: "region", default: 5, adjustable: true });
    expect(QUOTAS.get(QUOTA_CODES.logResourcePolicies)).toMatchObject({ default: 10, adjustable: false });
  });
});
