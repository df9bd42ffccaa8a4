import { layerOwner, ownedLayers } from "../../shared/layers";
import { configOf, readStackSettings } from "../../shared/plan/runner";
import { RecordingStacks, runDeploy, stackOf } from "./fakes";

const PR = "orders-pr-example";

describe("a short-lived environment on a long-lived stack's network and data", () => {
  const cfg = configOf(PR, readStackSettings(PR));

  it("owns only its edge and compute: its network and data layers are orders-dev's", () => {
    expect(ownedLayers(PR, cfg.upstream)).toEqual(["edge", "compute"]);
    expect(layerOwner(PR, cfg.upstream, "network")).toBe("orders-dev");
    expect(ownedLayers("orders-dev", configOf("orders-dev", readStackSettings("orders-dev")).upstream)).toEqual([
      "network",
      "data",
      "edge",
      "compute",
    ]);
  });

  it("deploys only its own layers, after checking orders-dev's", async () => {
    const ops = new RecordingStacks(["network", "data"], "orders-dev");
    const r = await runDeploy(["deploy", "--stack", PR], { ops });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(ops.calls).toEqual([`up ${stackOf("edge", PR)}`, `up ${stackOf("compute", PR)}`]);
  });

  it("destroys only its own layers, leaving orders-dev's in place", async () => {
    const ops = new RecordingStacks(["network", "data"], "orders-dev");
    for (const layer of ["edge", "compute"] as const) ops.stacks.set(stackOf(layer, PR), {});
    const r = await runDeploy(["destroy", "--stack", PR, "--yes"], { ops });
    expect(r.code).toBe(0);
    expect(ops.calls).toEqual([`destroy ${stackOf("compute", PR)}`, `destroy ${stackOf("edge", PR)}`]);
  });

  it("refuses a layer it does not own, naming the stack that does", async () => {
    const ops = new RecordingStacks(["network", "data"], "orders-dev");
    const r = await runDeploy(["deploy", "--stack", PR, "--layer", "data"], { ops });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "the data layer of stack orders-pr-example is stack orders-dev's (platform:dataStack): run it there, `npm run deploy -- --stack orders-dev --layer data`",
    );
    expect(ops.calls).toEqual([]);
  });
});
