import type { PlanSide } from "../../shared/changes/diff";
import type { CostEstimate, Range } from "../../shared/cost/estimate";
import { Layer, PROJECTS } from "../../shared/layers";
import type { PlannedResource } from "../../shared/plan/capture";
import type { LayerPlan } from "../../shared/plan/runner";
import type { PolicyReport, PolicyViolation } from "../../shared/policy/offline";

/** A hand-made planned resource of `layer` in stack `stack`. */
export function resource(
  layer: Layer,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<PlannedResource> = {},
  stack = "shop-dev",
): PlannedResource {
  return {
    urn: `urn:pulumi:${stack}::${PROJECTS[layer]}::${type}::${name}`,
    type,
    name,
    parent: null,
    custom: !type.startsWith("platform:") && !type.startsWith("awsx:"),
    inputs,
    dependencies: [],
    ignoreChanges: [],
    ...extra,
  };
}

/** A hand-made layer plan. */
export function layerPlan(
  layer: Layer,
  resources: readonly PlannedResource[],
  outputs: Record<string, unknown> = {},
  stack = "shop-dev",
): LayerPlan {
  return { layer, project: PROJECTS[layer], stack, resources, outputs };
}

/** A policy report with the given violations. */
export function policyOf(violations: readonly PolicyViolation[] = []): PolicyReport {
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  return { policies: [], violations, mandatory, advisory: violations.length - mandatory };
}

/** A cost estimate with the given totals per layer. */
export function costOf(byLayer: Record<string, Range>, priced = true): CostEstimate {
  const total = Object.values(byLayer).reduce((a, r) => ({ min: a.min + r.min, max: a.max + r.max }), { min: 0, max: 0 });
  return {
    region: "us-east-1",
    currency: "USD",
    priced,
    ...(priced ? {} : { reason: "no price table for region xx-east-9" }),
    assumptions: {} as CostEstimate["assumptions"],
    lines: [],
    byLayer,
    byKind: {},
    total,
    notEstimated: [],
    unlisted: [],
    unverifiedPrices: [],
  };
}

/** One side of a comparison made of hand-made layers. */
export function sideOf(layers: readonly LayerPlan[], extra: Partial<PlanSide> = {}, stack = "shop-dev"): PlanSide {
  return { stack, layers, policy: policyOf(), cost: costOf({ network: { min: 10, max: 10 } }), ...extra };
}
