import { ConfigError, describeConfig, parsePlatformConfig } from "../../shared/config";
import { estimateCost } from "../../shared/cost/estimate";
import { configOf, committedStacks, readStackSettings } from "../../shared/plan/runner";
import { planStack } from "../harness";

describe("cost estimate of the committed stacks", () => {
  it.each(committedStacks())("prices or explicitly lists every resource type of %s", async (stack) => {
    const est = estimateCost(await planStack(stack), configOf(stack, readStackSettings(stack)));
    expect(est.unlisted).toEqual([]);
    expect(est.priced).toBe(true);
    expect(est.total.min).toBeGreaterThan(0);
    expect(est.total.max).toBeGreaterThanOrEqual(est.total.min);
  });

  it("prices the development stack's three NAT gateways, the public addresses of the NAT gateways and the load balancer, and follows --set overrides", async () => {
    const est = estimateCost(await planStack("orders-dev"), configOf("orders-dev", readStackSettings("orders-dev")));
    expect(est.byKind["NAT gateway hours"]).toEqual({ min: 98.55, max: 98.55 });
    expect(est.byKind["public IPv4 addresses"]).toEqual({ min: 21.9, max: 21.9 });
    const overrides = { natGateways: "single", costNatGbPerMonth: "200" };
    const single = estimateCost(
      await planStack("orders-dev", overrides, "network"),
      configOf("orders-dev", readStackSettings("orders-dev", overrides)),
    );
    expect(single.byKind["NAT gateway hours"]).toEqual({ min: 32.85, max: 32.85 });
    expect(single.byKind["NAT gateway data processed"]).toEqual({ min: 9, max: 9 });
  });

  it("counts the database user's secret, and lists its functions, their log groups and the rollout as negligible with their figure", async () => {
    const est = estimateCost(await planStack("orders-dev"), configOf("orders-dev", readStackSettings("orders-dev")));
    // The master secret, the application secret and the database user's secret.
    expect(est.byKind["Secrets Manager secrets"]).toEqual({ min: 1.2, max: 1.2 });
    const omitted = (name: string, type: string) => est.notEstimated.find((o) => o.resource === name && o.type === type)?.reason;
    for (const fn of ["data-bootstrap", "data-rotation"]) {
      expect(omitted(fn, "aws:lambda/function:Function")).toMatch(/\$0\.0000169 .* under \$0\.001 a month/);
      expect(omitted(fn, "aws:cloudwatch/logGroup:LogGroup")).toMatch(
        /^the log group of orders-db-user-(bootstrap|rotation)-dev: .*under 0\.01 GB/,
      );
    }
    expect(omitted("api-credentials-rollout", "aws:sfn/stateMachine:StateMachine")).toMatch(/under \$0\.0001 a month/);
  });
});

describe("cost assumptions config", () => {
  const parse = (raw: Record<string, string>) => parsePlatformConfig({ environmentSuffix: "dev", ...raw }, { stack: "s" });

  it("defaults every assumption and documents each key", () => {
    expect(parse({}).cost).toEqual({
      hoursPerMonth: 730,
      natGbPerMonth: 100,
      albLcu: 1,
      wafRequestsMillions: 10,
      auroraStorageGb: 20,
      auroraIoMillions: 20,
      logGbPerGroup: 5,
      flowLogGbPerMonth: 20,
      containerInsightsGbPerTask: 0.5,
      accessLogGb: 10,
      ecrStorageGb: 5,
      apiRequestsMillions: 10,
    });
    const docs = describeConfig().filter((d) => d.key.startsWith("cost") && d.key !== "costCenter");
    expect(docs).toHaveLength(12);
    expect(docs.every((d) => d.description.startsWith("Cost estimate: "))).toBe(true);
  });

  it("accepts an explicit zero, which || would have turned into the default", () => {
    expect(parse({ costNatGbPerMonth: "0" }).cost.natGbPerMonth).toBe(0);
  });

  it.each([
    ["costNatGbPerMonth", 1_000_000],
    ["costAlbLcu", 100_000],
    ["costWafRequestsMillions", 1_000_000],
    ["costAuroraStorageGb", 131_072],
    ["costAuroraIoMillions", 1_000_000],
    ["costLogGbPerGroup", 1_000_000],
    ["costFlowLogGbPerMonth", 1_000_000],
    ["costContainerInsightsGbPerTask", 10_000],
    ["costApiRequestsMillions", 1_000_000],
    ["costAccessLogGb", 1_000_000],
    ["costEcrStorageGb", 1_000_000],
  ])("rejects a negative %s with its allowed range", (key, max) => {
    expect(() => parse({ [key]: "-0.5" })).toThrow(`platform:${key} is "-0.5"; expected a number from 0 to ${max} in steps of 0.01`);
  });

  it.each([
    ["costHoursPerMonth", "800", 'platform:costHoursPerMonth is "800"; expected an integer from 672 to 744'],
    ["costNatGbPerMonth", "-1", 'platform:costNatGbPerMonth is "-1"; expected a number from 0 to 1000000 in steps of 0.01'],
    ["costAlbLcu", "lots", 'platform:costAlbLcu is "lots"; expected a number from 0 to 100000 in steps of 0.01'],
    [
      "costContainerInsightsGbPerTask",
      "0.001",
      'platform:costContainerInsightsGbPerTask is "0.001"; expected a number from 0 to 10000 in steps of 0.01',
    ],
  ])("rejects %s=%s naming the key, the value and what is allowed", (key, value, message) => {
    expect(() => parse({ [key]: value })).toThrow(ConfigError);
    expect(() => parse({ [key]: value })).toThrow(message);
  });
});
