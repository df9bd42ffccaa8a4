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
