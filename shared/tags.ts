import { PlatformConfig } from "./config";
import { Layer, PROJECTS } from "./layers";

/**
 * The standard tags of every resource of a layer, applied once through the
 * AWS provider's `defaultTags`:
 * - `Environment`: development or production
 * - `EnvironmentSuffix`: the deployment, as in every physical name
 * - `Project`: the Pulumi project that manages the resource
 * - `System`, `Layer`, `ManagedBy`
 * - `Owner`, `CostCenter`: when configured
 */
export function standardTags(cfg: PlatformConfig, layer: Layer): Readonly<Record<string, string>> {
  return Object.freeze({
    Environment: cfg.environment,
    EnvironmentSuffix: cfg.environmentSuffix,
    Project: PROJECTS[layer],
    System: cfg.system,
    Layer: layer,
    ManagedBy: "pulumi",
    ...(cfg.owner === undefined ? {} : { Owner: cfg.owner }),
    ...(cfg.costCenter === undefined ? {} : { CostCenter: cfg.costCenter }),
  });
}

/** The keys every taggable resource must carry (the optional ones excepted). */
export const REQUIRED_TAG_KEYS = ["Environment", "EnvironmentSuffix", "Project", "System", "Layer", "ManagedBy"] as const;
