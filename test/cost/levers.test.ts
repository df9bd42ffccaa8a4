import { parsePlatformConfig, PlatformConfig } from "../../shared/config";
import { CostEstimate, estimateCost } from "../../shared/cost/estimate";
import { ARM_TO_X86, PRICES } from "../../shared/cost/prices";
import { Plan } from "../../shared/plan/runner";
import { configOf, readStackSettings } from "../../shared/plan/runner";
import { planStack } from "../harness";
import { layer, resource } from "./handmade";

/** Issue 18's goal for the order API's development stack, at its minimum scale. */
const ORDERS_DEV_BUDGET = 320;

const estimate = async (stack: string, overrides: Record<string, string> = {}): Promise<CostEstimate> =>
  estimateCost(await planStack(stack, overrides), configOf(stack, readStackSettings(stack, overrides)));

const FARGATE_KINDS = ["Fargate on-demand vCPU", "Fargate on-demand memory", "Fargate Spot vCPU", "Fargate Spot memory"];
const saving = (from: CostEstimate, to: CostEstimate) => ({
  min: Math.round((from.total.min - to.total.min) * 100) / 100,
  max: Math.round((from.total.max - to.total.max) * 100) / 100,
});

describe("the order API's development stack at its minimum scale", () => {
  let dev: CostEstimate;
  beforeAll(async () => {
    dev = await estimate("orders-dev");
  });

  it(`costs at most $${ORDERS_DEV_BUDGET} a month with 3 tasks and the database at its floor`, () => {
    expect(dev.total.min).toBeLessThanOrEqual(ORDERS_DEV_BUDGET);
  });

  it("gets there with Serverless v2 at 0.5 ACU per instance instead of two db.r6g.large, keeping a NAT gateway per AZ", () => {
    expect(dev.byKind["Aurora instances"]).toBeUndefined();
    // Two instances x 0.5 ACU x 730 h x $0.12 at the floor; two x 8 ACU all month is the ceiling.
    expect(dev.byKind["Aurora Serverless v2 capacity"]).toEqual({ min: 87.6, max: 1401.6 });
    expect(dev.byKind["NAT gateway hours"]).toEqual({ min: 98.55, max: 98.55 });
  });
});

describe("each lever's saving, as the estimate shows it", () => {
  let dev: CostEstimate;
  let paused: CostEstimate;
  let graviton: CostEstimate;
  beforeAll(async () => {
    dev = await estimate("orders-dev");
    paused = await estimate("orders-dev", { dbServerlessMinAcu: "0" });
    graviton = await estimate("orders-dev", { cpuArchitecture: "ARM64" });
  });

  it("auto-pause (dbServerlessMinAcu 0) prices the floor as paused all month: no capacity, the same storage, I/O and ceiling", () => {
    expect(paused.byKind["Aurora Serverless v2 capacity"]).toEqual({ min: 0, max: dev.byKind["Aurora Serverless v2 capacity"].max });
    for (const kind of ["Aurora storage", "Aurora I/O", "Secrets Manager secrets"]) expect(paused.byKind[kind]).toEqual(dev.byKind[kind]);
    expect(saving(dev, paused)).toEqual({ min: dev.byKind["Aurora Serverless v2 capacity"].min, max: 0 });
    expect(saving(dev, paused).min).toBe(87.6);
  });

  it("Graviton (cpuArchitecture ARM64) lowers every Fargate line by about 20% at both scales, and nothing else", () => {
    for (const kind of FARGATE_KINDS) {
      for (const end of ["min", "max"] as const) {
        const ratio = graviton.byKind[kind][end] / dev.byKind[kind][end];
        expect(ratio).toBeGreaterThan(0.79);
        expect(ratio).toBeLessThan(0.81);
      }
    }
    const others = (est: CostEstimate) => Object.entries(est.byKind).filter(([kind]) => !FARGATE_KINDS.includes(kind));
    expect(others(graviton)).toEqual(others(dev));
    expect(saving(dev, graviton)).toEqual({ min: 5.97, max: 14.27 });
    expect(graviton.lines.find((l) => l.kind === "Fargate on-demand vCPU")?.unit).toBe("per vCPU-hour (Linux/ARM)");
  });
});

describe("the production stack", () => {
  it("keeps production sizing: three db.r6g.large instances and no Serverless v2 line", async () => {
    const prod = await estimate("orders-prod");
    expect(prod.byKind["Aurora instances"]).toEqual({ min: 569.4, max: 569.4 });
    expect(prod.byKind["Aurora Serverless v2 capacity"]).toBeUndefined();
    expect(prod.lines.find((l) => l.kind === "Fargate on-demand vCPU")?.unit).toBe("per vCPU-hour (Linux/x86)");
  });
});

describe("pricing of the levers on a hand-made plan (720 h, 2 to 4 tasks, us-east-1)", () => {
  const cfg: PlatformConfig = parsePlatformConfig(
    { environmentSuffix: "dev", minTasks: "2", maxTasks: "4", costHoursPerMonth: "720" },
    { stack: "orders-dev" },
  );
  const r = resource;
  const plan = (cpuArchitecture: string | undefined, minCapacity: number): Plan => {
    const cluster = r("aws:rds/cluster:Cluster", {
      serverlessv2ScalingConfiguration: { minCapacity, maxCapacity: 4, secondsUntilAutoPause: 300 },
    });
    const taskDef = r("aws:ecs/taskDefinition:TaskDefinition", {
      cpu: "512",
      memory: "1024",
      ...(cpuArchitecture === undefined ? {} : { runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture } }),
    });
    const strategy = [
      { capacityProvider: "FARGATE", base: 1, weight: 0 },
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ];
    return {
      stack: "orders-dev",
      system: "orders",
      layers: [
        layer("data", [
          cluster,
          r("aws:rds/clusterInstance:ClusterInstance", { instanceClass: "db.serverless" }, [cluster]),
          r("aws:rds/clusterInstance:ClusterInstance", { instanceClass: "db.serverless" }, [cluster]),
        ]),
        layer("compute", [taskDef, r("aws:ecs/service:Service", { capacityProviderStrategies: strategy }, [taskDef])]),
      ],
    };
  };
  const us = PRICES["us-east-1"].prices;

  it("prices a 0 ACU minimum at nothing and the maximum as before: 2 instances x 4 ACU x 720 h x $0.12", () => {
    expect(estimateCost(plan(undefined, 0), cfg).byKind["Aurora Serverless v2 capacity"]).toEqual({ min: 0, max: 691.2 });
    expect(estimateCost(plan(undefined, 0.5), cfg).byKind["Aurora Serverless v2 capacity"]).toEqual({ min: 86.4, max: 691.2 });
  });

  it("prices ARM64 tasks at Linux/ARM rates: on demand $0.03238 and $0.00356, Spot the x86 Spot figure x 0.8 (unverified)", () => {
    const arm = estimateCost(plan("ARM64", 0.5), cfg);
    const x86 = estimateCost(plan("X86_64", 0.5), cfg);
    expect(estimateCost(plan(undefined, 0.5), cfg).byKind).toEqual(x86.byKind);
    // 1 task on demand at both ends; 1 to 3 on Spot; 0.5 vCPU and 1 GB each.
    expect(arm.byKind["Fargate on-demand vCPU"]).toEqual({ min: 11.66, max: 11.66 });
    expect(arm.byKind["Fargate on-demand memory"]).toEqual({ min: 2.56, max: 2.56 });
    expect(arm.byKind["Fargate Spot vCPU"]).toEqual({ min: 3.84, max: 11.52 });
    expect(arm.byKind["Fargate Spot memory"]).toEqual({ min: 0.84, max: 2.53 });
    expect(x86.byKind["Fargate on-demand vCPU"]).toEqual({ min: 14.57, max: 14.57 });
    expect(us.fargateArmVcpuHour).toMatchObject({ usd: 0.03238, status: "published" });
    expect(us.fargateSpotArmVcpuHour).toMatchObject({ usd: 0.01067, status: "unverified" });
    expect(us.fargateSpotArmGbHour).toMatchObject({ usd: 0.00117, status: "unverified" });
    expect(ARM_TO_X86.vcpu).toBeCloseTo(0.8, 2);
    expect(arm.unverifiedPrices).toEqual(expect.arrayContaining(["fargateSpotArmVcpuHour", "fargateSpotArmGbHour"]));
  });

  it("has ARM64 prices in every priced region, below the x86 ones", () => {
    for (const [region, table] of Object.entries(PRICES)) {
      expect([region, table.prices.fargateArmVcpuHour.usd < table.prices.fargateVcpuHour.usd]).toEqual([region, true]);
      expect(table.prices.fargateArmGbHour.usd).toBeLessThan(table.prices.fargateGbHour.usd);
      expect(table.prices.fargateSpotArmVcpuHour.usd).toBeLessThan(table.prices.fargateSpotVcpuHour.usd);
      expect(table.prices.fargateSpotArmGbHour.usd).toBeLessThan(table.prices.fargateSpotGbHour.usd);
    }
  });
});
