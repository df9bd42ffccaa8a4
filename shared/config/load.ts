import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "./errors";
import { RawConfig } from "./spec";
import { parsePlatformConfig, PlatformConfig } from "./schema";

/**
 * The `platform:*` keys of the running stack's config, without the prefix,
 * as the strings Pulumi stores (lists and objects as JSON).
 */
export function rawPlatformConfig(): RawConfig {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
  }
  return raw;
}

/**
 * Reads and validates the running stack's config. Call it first in a layer's
 * program: an invalid value throws before any resource is registered.
 */
export function loadPlatformConfig(): PlatformConfig {
  const awsRegion = pulumi.runtime.getConfig("aws:region");
  return parsePlatformConfig(rawPlatformConfig(), {
    stack: pulumi.getStack(),
    awsRegion,
  });
}
