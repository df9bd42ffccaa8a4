import * as fs from "fs";
import * as path from "path";
import { COST_CATALOG } from "../../shared/cost/catalog";
import { iamPolicyViolations } from "../../shared/policy/iam";
import { conventionalPart, nameViolations, NAMED_TYPES } from "../../shared/policy/naming";
import { list, num, record, stringMap, strings, text } from "../../shared/policy/props";
import { CapacityStrategy, splitOf, spotShareViolations, strategiesOf } from "../../shared/policy/spot";
import { effectiveTags, isProduction, missingTags, TAGGABLE_TYPES } from "../../shared/policy/tags";

const AWS_DIR = path.resolve(__dirname, "..", "..", "node_modules", "@pulumi", "aws");

/** Whether @pulumi/aws 7.48's `<Class>Args` for a type token has a `tags` input. */
function hasTagsInput(type: string): boolean {
  const [, mod, cls] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type) ?? [];
  const file = path.join(AWS_DIR, mod, `${cls}.d.ts`);
  const source = fs.readFileSync(file, "utf8");
  const args = source.slice(source.indexOf(`export interface ${type.split(":")[2]}Args {`));
  return /\n {4}tags\?: pulumi\.Input</.test(args.slice(0, args.indexOf("\n}")));
}

describe("taggable types", () => {
  it("lists only types whose provider typings take a tags input", () => {
    for (const type of TAGGABLE_TYPES) expect([type, hasTagsInput(type)]).toEqual([type, true]);
  });

  it("lists every aws type of the cost catalog that takes tags, so none escapes the tag policy", () => {
    const missing = Object.keys(COST_CATALOG).filter((t) => t.startsWith("aws:") && !TAGGABLE_TYPES.has(t) && hasTagsInput(t));
    expect(missing).toEqual([]);
  });

  it("merges provider default tags (object or JSON), tagsAll and the resource's own tags, the resource's winning", () => {
    const providerProps = { defaultTags: JSON.stringify({ tags: { Environment: "development", Layer: "edge" } }) };
    expect(effectiveTags({ props: { tags: { Layer: "x", Name: "n" } }, providerProps })).toEqual({
      Environment: "development",
      Layer: "x",
      Name: "n",
    });
    expect(
      effectiveTags({ props: { tagsAll: { System: "orders" } }, providerProps: { defaultTags: { tags: { ManagedBy: "pulumi" } } } }),
    ).toEqual({ System: "orders", ManagedBy: "pulumi" });
    expect(effectiveTags({ props: {}, providerProps: { defaultTags: "{not json" } })).toEqual({});
    expect(effectiveTags({ props: { tags: "{broken" } })).toEqual({});
  });

  it("names the missing standard keys, treating empty values as missing, and recognises production by the Environment tag", () => {
    expect(missingTags({ Environment: "", EnvironmentSuffix: "dev", Project: "p", System: "s", Layer: "l", ManagedBy: "pulumi" })).toEqual([
      "Environment",
    ]);
    expect(isProduction({ Environment: "production" })).toBe(true);
    expect(isProduction({ Environment: "development" })).toBe(false);
    expect(isProduction({})).toBe(false);
  });
});

describe("property readers", () => {
  it("read only values of the expected type", () => {
    expect(record([1])).toBeUndefined();
    expect(record(null)).toBeUndefined();
    expect(list("x")).toEqual([]);
    expect(text(1)).toBeUndefined();
    expect(num("512")).toBe(512);
    expect(num("1.5")).toBe(1.5);
    expect(num("x")).toBeUndefined();
    expect(num(Infinity)).toBeUndefined();
    expect(strings(["a", 1, "b"])).toEqual(["a", "b"]);
    expect(stringMap({ a: "1", b: 2 })).toEqual({ a: "1" });
  });
});

describe("IAM wildcard check", () => {
  const allow = (s: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...s }] });
  it("accepts specific actions and resources, and a wildcard resource under a condition", () => {
    expect(iamPolicyViolations(allow({ Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }))).toEqual([]);
    expect(
      iamPolicyViolations(
        JSON.stringify(
          allow({
            Action: "ecr:GetAuthorizationToken",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
          }),
        ),
      ),
    ).toEqual([]);
  });

  it("flags * and service-wide actions, NotAction, and wildcard or NotResource resources without a condition", () => {
    expect(iamPolicyViolations(allow({ Action: ["*", "logs:*", "logs:Put*"], Resource: "*" }))).toEqual([
      'statement #0 allows the wildcard action "*"',
      'statement #0 allows the wildcard action "logs:*"',
      'statement #0 allows resource "*" without a Condition',
    ]);
    expect(iamPolicyViolations(allow({ Sid: "Not", NotAction: "iam:*", NotResource: "arn:x" }))).toEqual([
      "statement Not allows everything except its NotAction",
      'statement Not allows resource "*" without a Condition',
    ]);
  });

  it("lets Deny statements use wildcards, accepts a single statement object, and reports a document without statements", () => {
    expect(iamPolicyViolations({ Statement: { Effect: "Deny", Action: "*", Resource: "*" } })).toEqual([]);
    expect(iamPolicyViolations({ Statement: [null] })).toEqual([]);
    expect(iamPolicyViolations({ Version: "2012-10-17" })).toEqual(["the policy document has no Statement"]);
  });

  it("cannot judge a document that is not JSON yet (unknown during a preview)", () => {
    expect(iamPolicyViolations("[unknown]")).toEqual([]);
  });
});

describe("naming check", () => {
  it("ignores types without a platform name and accepts the WAF logs prefix", () => {
    expect(nameViolations("aws:iam/rolePolicy:RolePolicy", {}, "orders", "dev")).toEqual([]);
    expect(nameViolations("aws:cloudwatch/logGroup:LogGroup", { name: "aws-waf-logs-orders-waf-dev" }, "orders", "dev")).toEqual([]);
  });

  it("accepts the name forms AWS fixes when their core follows the convention, and no other", () => {
    const group = (name: string) => nameViolations("aws:cloudwatch/logGroup:LogGroup", { name }, "orders", "dev");
    const bucket = (bucket: string) => nameViolations("aws:s3/bucket:Bucket", { bucket }, "orders", "dev");
    expect(group("/aws/rds/cluster/orders-aurora-dev/slowquery")).toEqual([]);
    expect(group("/aws/rds/cluster/aurora-dev/slowquery")).toEqual([
      'name "/aws/rds/cluster/aurora-dev/slowquery" does not follow <system>-<type>-<suffix> (orders-...-dev)',
    ]);
    expect(bucket("orders-alb-logs-dev-us-east-1-6a17fb44")).toEqual([]);
    expect(bucket("orders-alb-logs-dev-us-east-1")).toEqual([
      'bucket "orders-alb-logs-dev-us-east-1" does not follow <system>-<type>-<suffix> (orders-...-dev)',
    ]);
    expect(conventionalPart("aws-waf-logs-orders-waf-dev")).toBe("orders-waf-dev");
  });

  it("rejects a name with no type part between system and suffix", () => {
    expect(nameViolations("aws:sns/topic:Topic", { name: "orders-dev" }, "orders", "dev")).toEqual([
      'name "orders-dev" does not follow <system>-<type>-<suffix> (orders-...-dev)',
    ]);
  });

  it("knows where each named type keeps its name", () => {
    expect(NAMED_TYPES["aws:rds/cluster:Cluster"]).toEqual({ key: "clusterIdentifier", rule: "rds" });
    expect(NAMED_TYPES["aws:cloudwatch/dashboard:Dashboard"].key).toBe("dashboardName");
  });
});

describe("Fargate Spot placement", () => {
  const floorThenSpot: CapacityStrategy[] = [
    { capacityProvider: "FARGATE", base: 1, weight: 0 },
    { capacityProvider: "FARGATE_SPOT", weight: 1 },
  ];

  it("reads a strategy as the compute layer's placement model", () => {
    expect(splitOf(floorThenSpot)).toEqual({ fargateBase: 1, fargateWeight: 0, spotWeight: 1, spotBase: 0 });
    expect(splitOf([{ capacityProvider: "FARGATE_SPOT", base: 2, weight: 3 }])).toEqual({
      fargateBase: 0,
      fargateWeight: 0,
      spotWeight: 3,
      spotBase: 2,
    });
  });

  it("keeps an on-demand floor and at least half on Spot for every count from 3 to 10 with base 1 on FARGATE and weight on Spot", () => {
    expect(spotShareViolations(floorThenSpot, 3, 10)).toEqual([]);
  });

  it("rejects a strategy with no on-demand floor and one whose Spot share could fall below half, skipping zero tasks", () => {
    expect(spotShareViolations([{ capacityProvider: "FARGATE_SPOT", weight: 1 }], 0, 2)).toEqual([
      "at 1 tasks no task may be on on-demand FARGATE",
      "at 2 tasks no task may be on on-demand FARGATE",
    ]);
    expect(
      spotShareViolations(
        [
          { capacityProvider: "FARGATE", base: 2, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 1 },
        ],
        3,
        3,
      ),
    ).toEqual(["at 3 tasks as few as 0 may be on FARGATE_SPOT (less than half)"]);
    expect(
      spotShareViolations(
        [
          { capacityProvider: "FARGATE", base: 1, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 1 },
        ],
        4,
        4,
      ),
    ).toEqual(["at 4 tasks as few as 1 may be on FARGATE_SPOT (less than half)"]);
    expect(spotShareViolations(floorThenSpot, 1, 1)).toEqual(["at 1 tasks as few as 0 may be on FARGATE_SPOT (less than half)"]);
  });

  it("rejects a base on Spot and a Spot provider without weight", () => {
    expect(
      spotShareViolations(
        [
          { capacityProvider: "FARGATE", base: 1 },
          { capacityProvider: "FARGATE_SPOT", base: 2, weight: 1 },
        ],
        3,
        3,
      ),
    ).toEqual(["FARGATE_SPOT has a base: the platform keeps its on-demand floor as FARGATE's base and gives Spot a weight"]);
    expect(spotShareViolations([{ capacityProvider: "FARGATE", base: 1, weight: 1 }, { capacityProvider: "FARGATE_SPOT" }], 3, 3)).toEqual([
      "FARGATE_SPOT has no weight, so no task beyond the base runs on Fargate Spot",
    ]);
  });

  it("passes a service without FARGATE_SPOT in its strategy (on demand only), while a Spot entry of any shape is still checked", () => {
    expect(spotShareViolations([{ capacityProvider: "FARGATE", base: 0, weight: 1 }], 2, 10)).toEqual([]);
    expect(
      spotShareViolations(
        [
          { capacityProvider: "FARGATE", weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 0 },
        ],
        2,
        10,
      ),
    ).toEqual(["FARGATE_SPOT has no weight, so no task beyond the base runs on Fargate Spot"]);
    expect(spotShareViolations([], 2, 10)).toEqual(["the service has no capacity provider strategy, so no task runs on Fargate Spot"]);
  });

  it("reads a service's strategy input, skipping malformed entries and defaulting base and weight to 0", () => {
    expect(strategiesOf([{ capacityProvider: "FARGATE", base: "1" }, { weight: 2 }, "x"])).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 0 },
    ]);
    expect(strategiesOf(undefined)).toEqual([]);
  });
});
