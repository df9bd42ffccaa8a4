import * as pulumi from "@pulumi/pulumi";
import { captureResources, PlannedResource } from "../../shared/plan/capture";
import { platformMocks } from "../../shared/plan/fakeAws";
import { useOfflineRuntime } from "../../shared/plan/offlineRuntime";
import type { Imported } from "../../shared/contracts";

/**
 * The resources a component registers (itself and its children, Pulumi's own left out) when built from its args alone, under
 * the offline plan's mocks: no stack configuration, no upstream stack.
 */
export async function buildComponent(build: () => pulumi.ComponentResource, region = "us-east-1"): Promise<PlannedResource[]> {
  // The same runtime as the offline plan: without it each promise and resource records a stack trace through jest's source maps.
  useOfflineRuntime();
  await pulumi.runtime.setMocks(platformMocks(region, new Map()), "component", "test", false);
  const resources = captureResources();
  await pulumi.runtime.runInPulumiStack(async () => {
    build();
  });
  await pulumi.runtime.disconnect();
  return resources.filter((r) => !r.type.startsWith("pulumi:"));
}

/** Upstream outputs as a layer reads them (every key an Output), from plain values. */
export function imported<T extends object>(values: Readonly<Record<string, unknown>>): Imported<T> {
  return new Proxy({}, { get: (_, key) => pulumi.output(values[String(key)]) }) as Imported<T>;
}
