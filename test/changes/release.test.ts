import { diffPlans, LayerChange, PlanChanges } from "../../shared/changes/diff";
import { formatChanges } from "../../shared/changes/format";
import { KNOWN_AFTER_APPLY } from "../../shared/changes/values";
import { Layer } from "../../shared/layers";
import { checkedPlan, CheckedPlan } from "../../shared/plan/command";
import { runPlan } from "../../shared/plan/runner";
import { planStack } from "../harness";

/** The plan of orders-dev with `overrides`, checked as `npm run plan` writes it. */
const checked = async (overrides: Record<string, string>, fresh = false): Promise<CheckedPlan> =>
  checkedPlan(
    { stack: "orders-dev", overrides },
    fresh ? await runPlan({ stack: "orders-dev", overrides }) : await planStack("orders-dev", overrides),
  );
const of = (changes: PlanChanges, layer: Layer) => changes.layers.find((l) => l.layer === layer) as LayerChange;
const text = (changes: PlanChanges) =>
  formatChanges({ ...changes, base: { ref: "HEAD~1", commit: "0".repeat(40) }, head: "working tree", notes: [] });

describe("the changes of orders-dev's plans", () => {
  let committed: CheckedPlan;
  beforeAll(async () => {
    committed = await checked({});
  });

  it("are none between two plans of the same commit: planning is stable, ids and random values included", async () => {
    const again = await checked({}, true);
    const changes = diffPlans(committed, again);
    for (const layer of changes.layers) expect(layer).toMatchObject({ resources: [], outputs: [], reads: [], ignored: [] });
    expect(changes.policy).toMatchObject({ added: [], resolved: [] });
    expect(changes.cost.total.delta).toEqual({ min: 0, max: 0 });
    const report = text(changes);
    expect(report).toContain("layers to deploy, in order: none\n");
    for (const layer of ["network", "data", "edge", "compute"])
      expect(report).toContain(`== ${layer} (platform-${layer}/orders-dev): no change\n`);
  });

  it("of a new image tag are the compute layer's alone: a new task definition revision and the service naming it, at the same cost", async () => {
    const [v1, v2] = [await checked({ imageTag: "1.0.0" }), await checked({ imageTag: "1.0.1" })];
    const changes = diffPlans(v1, v2);
    for (const layer of ["network", "data", "edge"] as const)
      expect(of(changes, layer)).toMatchObject({ resources: [], outputs: [], reads: [] });
    const compute = of(changes, "compute");
    expect(compute.resources.map((r) => `${r.action} ${r.type} ${r.name} ${(r.forcedBy ?? []).join(",")}`.trim())).toEqual([
      "replace aws:ecs/taskDefinition:TaskDefinition api-task containerDefinitions",
      "update aws:ecs/service:Service api-service",
    ]);
    const [task, service] = compute.resources;
    expect(task.changes.map((c) => [c.path, String(c.before).split(":").pop(), String(c.after).split(":").pop()])).toEqual([
      ["containerDefinitions[0].image", "1.0.0", "1.0.1"],
    ]);
    expect(service.changes).toMatchObject([{ path: "taskDefinition", after: KNOWN_AFTER_APPLY, because: "api-task is replaced" }]);
    expect(compute.outputs.map((o) => o.path)).toEqual(["taskDefinitionArn"]);
    expect(changes.cost.total.delta).toEqual({ min: 0, max: 0 });
    expect(Object.values(changes.cost.byLayer).map((r) => r.delta)).toEqual([0, 0, 0, 0].map(() => ({ min: 0, max: 0 })));
    expect(changes.policy).toMatchObject({ added: [], resolved: [] });
    expect(changes.replacementUnknown).toEqual([]);
    const report = text(changes);
    expect(report).toContain("layers to deploy, in order: compute\n");
    expect(report).toContain("== compute (platform-compute/orders-dev): 1 to replace, 1 to update\n");
    expect(report).toContain("== cost: estimated monthly USD, min / max: no change\n");
  });
});
