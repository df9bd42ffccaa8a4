import * as aws from "@pulumi/aws";
import { PlatformConfig } from "./config";
import { Layer } from "./layers";
import { standardTags } from "./tags";

/**
 * The one AWS provider of a layer: the stack's region, the standard tags as
 * `defaultTags`, and the allowed accounts when configured. Every resource of
 * the layer uses it, directly or through its component.
 */
export function awsProvider(cfg: PlatformConfig, layer: Layer): aws.Provider {
  return new aws.Provider(`${layer}-aws`, {
    region: cfg.region as aws.Region,
    defaultTags: { tags: { ...standardTags(cfg, layer) } },
    ...(cfg.allowedAccountIds.length > 0 ? { allowedAccountIds: [...cfg.allowedAccountIds] } : {}),
  });
}
