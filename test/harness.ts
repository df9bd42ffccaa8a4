import * as fs from "fs";
import * as path from "path";
import type { Layer } from "../shared/layers";
import type { PlannedResource } from "../shared/plan/capture";
import type { LayerPlan, Plan } from "../shared/plan/runner";
import { PLAN_CACHE_ENV } from "./globalSetup";

/**
 * The offline plan of a committed stack, with `platform:*` overrides, up to
 * `until`. The plain plans of the committed stacks come from the cache the
 * global setup wrote for this run (test/plan/runner.test.ts runs them in-process).
 */
export async function planStack(stack = "orders-dev", overrides: Record<string, string> = {}, until?: Layer): Promise<Plan> {
  const cache = process.env[PLAN_CACHE_ENV];
  const cached = cache === undefined ? undefined : path.join(cache, `${stack}.json`);
  if (cached !== undefined && Object.keys(overrides).length === 0 && until === undefined && fs.existsSync(cached)) {
    return JSON.parse(fs.readFileSync(cached, "utf8")) as Plan;
  }
  // Loaded here, not at the top: a test file that reads only the committed plans loads no SDK.
  const { runPlan } = require("../shared/plan/runner") as typeof import("../shared/plan/runner");
  return runPlan({ stack, overrides, ...(until === undefined ? {} : { until }) });
}
/** One layer of a plan. */
export function layerOf(plan: Plan, layer: Layer): LayerPlan {
  const found = plan.layers.find((l) => l.layer === layer);
  if (!found) throw new Error(`plan has no layer ${layer}`);
  return found;
}

/** The resources of a layer with the given type token. */
export function ofType(layer: LayerPlan, type: string): PlannedResource[] {
  return layer.resources.filter((r) => r.type === type);
}

/** The one resource of a type (and logical name, when given); fails when there is not exactly one. */
export function one(layer: LayerPlan, type: string, name?: string): PlannedResource {
  const found = ofType(layer, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
  return found[0];
}

/** The URN-to-resource map of a layer, for following parents and dependencies. */
export function byUrn(layer: LayerPlan): Map<string, PlannedResource> {
  return new Map(layer.resources.map((r) => [r.urn, r]));
}

/** Parses a JSON document input (policies, dashboards) of a planned resource. */
export function jsonInput<T = unknown>(resource: PlannedResource, key: string): T {
  const value = resource.inputs[key];
  if (typeof value !== "string") throw new Error(`${resource.name}.${key} is not a JSON string: ${JSON.stringify(value)}`);
  return JSON.parse(value) as T;
}
