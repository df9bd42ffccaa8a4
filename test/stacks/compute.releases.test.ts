import { PlannedResource } from "../../shared/plan/capture";
import { committedStacks, Plan, runPlan } from "../../shared/plan/runner";
import { layerOf, planStack } from "../harness";

/**
 * What `pulumi up` would do to the committed compute layer from one plan to
 * the next, the way the engine and the AWS provider decide it:
 * - `ignoreChanges` paths keep the value of the last deployment (the
 *   recorded inputs, or what a refresh read back from AWS);
 * - a `replacementTrigger` that differs from the recorded one replaces;
 * - a task definition is immutable: any changed input registers a new
 *   revision (every argument of `aws_ecs_task_definition` forces a new
 *   resource), whose ARN every resource that names it then sees change;
 * - anything else with a changed input is updated in place, sending the
 *   changed inputs.
 */
interface Step {
  readonly type: string;
  readonly name: string;
  readonly op: "update" | "replace";
  /** The top-level inputs the provider receives as changed. */
  readonly sent: readonly string[];
}

const IMMUTABLE = new Set(["aws:ecs/taskDefinition:TaskDefinition"]);
const SERVICE = "aws:ecs/service:Service";

/** The inputs Pulumi compares: the program's, with the ignored paths taken from the last deployment's state. */
function goal(program: PlannedResource, state: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...program.inputs };
  for (const path of program.ignoreChanges) inputs[path] = state[path];
  return inputs;
}

/**
 * The steps of an update from `before` (deployed; `state` overrides what AWS
 * reports for a resource by name, such as ECS's swapped target groups after
 * a refresh) to `after`, for the compute layer.
 */
function updateSteps(before: Plan, after: Plan, state: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {}): Step[] {
  const old = new Map(layerOf(before, "compute").resources.map((r) => [r.urn, r]));
  const pairs = layerOf(after, "compute")
    .resources.filter((r) => r.custom && old.has(r.urn))
    .map((next) => ({ next, prior: old.get(next.urn) as PlannedResource }));
  const replaced = new Set<string>();
  const stepOf = ({ next, prior }: (typeof pairs)[number]): Step => {
    const recorded = { ...prior.inputs, ...state[next.name] };
    const revised = JSON.stringify(goal(next, recorded)).replace(/"([^"]*)"/g, (text, value: string) =>
      replaced.has(value) ? `"${value} (new)"` : text,
    );
    const inputs = JSON.parse(revised) as Record<string, unknown>;
    const sent = Object.keys({ ...recorded, ...inputs })
      .filter((key) => JSON.stringify(recorded[key]) !== JSON.stringify(inputs[key]))
      .sort();
    const triggered =
      prior.replacementTrigger !== undefined &&
      next.replacementTrigger !== undefined &&
      JSON.stringify(prior.replacementTrigger) !== JSON.stringify(next.replacementTrigger);
    const replace = triggered || (IMMUTABLE.has(next.type) && sent.length > 0);
    return { type: next.type, name: next.name, op: replace ? "replace" : "update", sent };
  };
  // A replaced resource gets a new ARN, which may change (and so replace) the resources naming it: until nothing more changes.
  for (let grew = true; grew;) {
    grew = false;
    for (const pair of pairs) {
      const arn = pair.next.computed?.arn;
      if (typeof arn === "string" && !replaced.has(arn) && stepOf(pair).op === "replace") {
        replaced.add(arn);
        grew = true;
      }
    }
  }
  return pairs
    .map(stepOf)
    .filter((step) => step.op === "replace" || step.sent.length > 0)
    .sort((a, b) => a.type.localeCompare(b.type));
}

/** The service's load balancer block as ECS reports it after `deployments` blue/green deployments: the groups swap each time. */
function afterDeployments(plan: Plan, deployments: number): Record<string, Readonly<Record<string, unknown>>> {
  const service = layerOf(plan, "compute").resources.find((r) => r.type === SERVICE) as PlannedResource;
  const [block] = service.inputs.loadBalancers as { targetGroupArn: string; advancedConfiguration: { alternateTargetGroupArn: string } }[];
  const swapped = deployments % 2 === 1;
  const production = swapped ? block.advancedConfiguration.alternateTargetGroupArn : block.targetGroupArn;
  const alternate = swapped ? block.targetGroupArn : block.advancedConfiguration.alternateTargetGroupArn;
  return {
    [service.name]: {
      loadBalancers: [
        {
          ...block,
          targetGroupArn: production,
          advancedConfiguration: { ...block.advancedConfiguration, alternateTargetGroupArn: alternate },
        },
      ],
    },
  };
}

/** The plan of release `1.0.<n>`: only the compute layer is planned again, over the upstream layers of `first`. */
const release = (n: number, first?: Plan) => runPlan({ stack: "orders-dev", overrides: { imageTag: `1.0.${n}` }, upstream: first });

describe("ten releases after the first (image 1.0.0, then 1.0.1 to 1.0.10), each after ECS swapped the target groups", () => {
  let plans: Plan[];
  beforeAll(async () => {
    plans = [];
    plans = [await release(0)];
    for (let n = 1; n <= 10; n++) plans.push(await release(n, plans[0]));
  }, 60000);

  it("send only a new task definition revision and the service's taskDefinition, never a target group, listener, rule or load balancer block", () => {
    for (let n = 1; n <= 10; n++) {
      const steps = updateSteps(plans[n - 1], plans[n], afterDeployments(plans[n - 1], n));
      expect({ release: n, steps }).toEqual({
        release: n,
        steps: [
          { type: SERVICE, name: "api-service", op: "update", sent: ["taskDefinition"] },
          { type: "aws:ecs/taskDefinition:TaskDefinition", name: "api-task", op: "replace", sent: ["containerDefinitions"] },
        ],
      });
    }
  });

  it("would send the stale blue group on every other release without ignoring the load balancer block (the provider bug this guards against)", () => {
    const withoutGuard = (plan: Plan): Plan => ({
      ...plan,
      layers: plan.layers.map((l) =>
        l.layer !== "compute"
          ? l
          : { ...l, resources: l.resources.map((r) => (r.type === SERVICE ? { ...r, ignoreChanges: ["desiredCount"] } : r)) },
      ),
    });
    const sent = (n: number) =>
      updateSteps(plans[n - 1], withoutGuard(plans[n]), afterDeployments(plans[n - 1], n)).find((s) => s.type === SERVICE)?.sent;
    expect(sent(1)).toEqual(["loadBalancers", "taskDefinition"]);
    expect(sent(2)).toEqual(["taskDefinition"]);
    expect(sent(3)).toEqual(["loadBalancers", "taskDefinition"]);
  });
});

describe("changes that are not a new image", () => {
  it("new scaling bounds update only the autoscaling target: no service update, so no blue/green deployment", async () => {
    const upstream = await planStack("orders-dev");
    const running = { imageTag: "1.0.0" };
    const steps = updateSteps(
      await runPlan({ stack: "orders-dev", overrides: running, upstream }),
      await runPlan({ stack: "orders-dev", overrides: { ...running, minTasks: "4", maxTasks: "12" }, upstream }),
    );
    expect(steps.map((s) => `${s.type} ${s.op} ${s.sent.join(",")}`)).toEqual([
      "aws:appautoscaling/target:Target update maxCapacity,minCapacity",
    ]);
  });

  it("a new container port changes the service's load balancer binding: the service is replaced rather than left bound to the old port", async () => {
    const steps = updateSteps(await planStack("orders-dev"), await planStack("orders-dev", { containerPort: "8081" }));
    expect(steps.find((s) => s.type === SERVICE)?.op).toBe("replace");
  });

  it("binds the service's replacement to every edge output ECS routes through, so a replaced target group or rule reaches the service", async () => {
    const plan = await planStack("orders-dev");
    const edge = layerOf(plan, "edge").outputs as Record<string, unknown>;
    const service = layerOf(plan, "compute").resources.find((r) => r.type === SERVICE) as PlannedResource;
    const trigger = JSON.stringify(service.replacementTrigger);
    for (const key of ["blueTargetGroupArn", "greenTargetGroupArn", "productionListenerRuleArn", "testListenerRuleArn"]) {
      expect(typeof edge[key]).toBe("string");
      expect(trigger).toContain(JSON.stringify(edge[key]));
    }
  });

  it.each(committedStacks())("%s: the service keeps ECS's view of its target groups and is bound to the edge's", async (stack) => {
    const service = layerOf(await planStack(stack), "compute").resources.find((r) => r.type === SERVICE) as PlannedResource;
    expect(service.ignoreChanges).toEqual(["desiredCount", "loadBalancers"]);
    expect(service.replacementTrigger).toEqual(service.inputs.loadBalancers);
  });
});
