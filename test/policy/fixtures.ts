import { PlannedResource } from "../../shared/plan/capture";
import { LayerPlan, Plan } from "../../shared/plan/runner";
import { OfflinePolicyConfig } from "../../shared/policy/offline";
import { standardTags } from "../../shared/tags";
import { parsePlatformConfig, PlatformConfig } from "../../shared/config";
import { Layer } from "../../shared/layers";

/** A development and a production config of the order API. */
export const devCfg: PlatformConfig = parsePlatformConfig({ environmentSuffix: "dev" }, { stack: "orders-dev" });
export const prodCfg: PlatformConfig = parsePlatformConfig(
  { environmentSuffix: "prod", environment: "production", alarmEmails: ["oncall@your-company.com"] },
  { stack: "orders-prod" },
);

/** A synthetic planned resource of a layer; its URN follows Pulumi's scheme. */
export function res(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  dependencies: PlannedResource[] = [],
): PlannedResource {
  return {
    urn: `urn:pulumi:orders-dev::platform-x::${type}::${name}`,
    type,
    name,
    parent: null,
    custom: true,
    inputs,
    dependencies: dependencies.map((d) => d.urn),
    ignoreChanges: [],
  };
}

/** The layer's AWS provider as the plan captures it: defaultTags as JSON text. */
export function provider(cfg: PlatformConfig = devCfg, layer: Layer = "edge"): PlannedResource {
  return res("pulumi:providers:aws", `${layer}-aws`, {
    region: cfg.region,
    defaultTags: JSON.stringify({ tags: standardTags(cfg, layer) }),
  });
}

/** A one-layer plan of the given resources, with the standard provider unless `withProvider` is false. */
export function planOf(
  resources: PlannedResource[],
  opts: { cfg?: PlatformConfig; withProvider?: boolean; outputs?: Record<string, unknown> } = {},
): Plan {
  const layer: LayerPlan = {
    layer: "edge",
    project: "platform-edge",
    stack: "orders-dev",
    resources: [...(opts.withProvider === false ? [] : [provider(opts.cfg)]), ...resources],
    outputs: opts.outputs ?? {},
  };
  return { stack: "orders-dev", system: "orders", layers: [layer] };
}

export const CONFIG: OfflinePolicyConfig = { publicSubnetIds: ["subnet-public-a", "subnet-public-b"], listenerPorts: [80, 443] };
