/** The four layers, in deployment order. Destroy runs in reverse. */
export const LAYERS = ["network", "data", "edge", "compute"] as const;

export type Layer = (typeof LAYERS)[number];

/** The Pulumi project name of each layer (the `name` in its Pulumi.yaml). */
export const PROJECTS: Readonly<Record<Layer, string>> = {
  network: "platform-network",
  data: "platform-data",
  edge: "platform-edge",
  compute: "platform-compute",
};

/** The layers others read through stack references (compute is the leaf). */
export type UpstreamLayer = Exclude<Layer, "compute">;

/** The layers a layer reads through stack references. */
export const UPSTREAM: Readonly<Record<Layer, readonly UpstreamLayer[]>> = {
  network: [],
  data: ["network"],
  edge: ["network", "data"],
  compute: ["network", "data", "edge"],
};

/** The stacks a stack's upstream layers come from (`platform:networkStack`, `dataStack`, `edgeStack`; the stack itself by default). */
export type LayerStacks = Readonly<Record<UpstreamLayer, string>>;

/**
 * The stack that deploys `layer` for `stack`: compute always its own; an
 * upstream layer the stack named by its upstream settings. A short-lived
 * environment (`orders-pr-example`) reads a long-lived stack's network and
 * data layers and deploys only its edge and compute.
 */
export function layerOwner(stack: string, upstream: LayerStacks, layer: Layer): string {
  return layer === "compute" ? stack : upstream[layer];
}

/** The layers `stack` deploys itself, in deployment order. */
export function ownedLayers(stack: string, upstream: LayerStacks): Layer[] {
  return LAYERS.filter((layer) => layerOwner(stack, upstream, layer) === stack);
}
