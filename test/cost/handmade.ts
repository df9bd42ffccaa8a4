// Hand-made plans for the cost estimate's tests: resources of orders-dev
// with numbered names, and the layers that hold them.
import { PlannedResource } from "../../shared/plan/capture";
import { LayerPlan } from "../../shared/plan/runner";
import { Layer } from "../../shared/layers";

let n = 0;

/** A planned resource of `type` with `inputs`, depending on `deps`; each call numbers a new one. */
export function resource(type: string, inputs: Record<string, unknown> = {}, deps: readonly PlannedResource[] = []): PlannedResource {
  n += 1;
  return {
    urn: `urn:pulumi:orders-dev::p::${type}::r${n}`,
    type,
    name: `r${n}`,
    parent: null,
    custom: true,
    inputs,
    dependencies: deps.map((d) => d.urn),
    ignoreChanges: [],
  };
}

/** A layer of orders-dev holding `resources`, without outputs. */
export function layer(name: Layer, resources: PlannedResource[]): LayerPlan {
  return { layer: name, project: `platform-${name}`, stack: "orders-dev", resources, outputs: {} };
}
