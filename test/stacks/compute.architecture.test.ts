import { Plan } from "../../shared/plan/runner";
import { layerOf, one, planStack } from "../harness";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";

let dev: Plan;
let prod: Plan;
let graviton: Plan;
beforeAll(async () => {
  dev = await planStack("orders-dev");
  prod = await planStack("orders-prod");
  graviton = await planStack("orders-dev", { cpuArchitecture: "ARM64" });
});

const compute = (plan: Plan) => layerOf(plan, "compute");

describe("the tasks' CPU architecture (cpuArchitecture)", () => {
  it("stays X86_64 Linux in the committed order API stacks", () => {
    for (const plan of [dev, prod]) {
      expect(one(compute(plan), TASK).inputs.runtimePlatform).toEqual({ operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" });
    }
  });

  it("runs ARM64 (Graviton) tasks with the same Spot split, on the LATEST platform version (1.4.0 on Linux)", () => {
    expect(one(compute(graviton), TASK).inputs.runtimePlatform).toEqual({ operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" });
    const service = one(compute(graviton), SERVICE).inputs;
    expect(service.platformVersion).toBe("LATEST");
    expect(service.capacityProviderStrategies).toEqual(one(compute(dev), SERVICE).inputs.capacityProviderStrategies);
    expect(service.capacityProviderStrategies).toEqual(
      expect.arrayContaining([expect.objectContaining({ capacityProvider: "FARGATE_SPOT" })]),
    );
  });

  it("changes nothing but the task definition's architecture", () => {
    const withoutTask = (plan: Plan) =>
      compute(plan)
        .resources.filter((r) => r.type !== TASK)
        .map((r) => [r.urn, r.inputs]);
    expect(withoutTask(graviton)).toEqual(withoutTask(dev));
    const { runtimePlatform: a, ...devTask } = one(compute(dev), TASK).inputs;
    const { runtimePlatform: b, ...armTask } = one(compute(graviton), TASK).inputs;
    expect(a).not.toEqual(b);
    expect(armTask).toEqual(devTask);
  });
});
