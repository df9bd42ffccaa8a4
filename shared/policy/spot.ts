import { CapacitySplit, placementsInRange } from "../config/compute";
import { list, num, record, text } from "./props";

/** One entry of an ECS service's capacity provider strategy. */
export interface CapacityStrategy {
  readonly capacityProvider: string;
  /** Tasks placed on this provider before any weighting. @default 0 */
  readonly base?: number;
  /** Relative share of the tasks beyond the bases. @default 0 */
  readonly weight?: number;
}

export const FARGATE = "FARGATE";
export const FARGATE_SPOT = "FARGATE_SPOT";

/**
 * The platform's placement model (`CapacitySplit`) of a strategy: FARGATE's
 * base and weight and FARGATE_SPOT's weight. A base on FARGATE_SPOT has no
 * place in it: the on-demand floor is FARGATE's base.
 */
export function splitOf(strategies: readonly CapacityStrategy[]): CapacitySplit & { readonly spotBase: number } {
  const sum = (p: string, key: "base" | "weight") =>
    strategies.filter((s) => s.capacityProvider === p).reduce((n, s) => n + (s[key] ?? 0), 0);
  return {
    fargateBase: sum(FARGATE, "base"),
    fargateWeight: sum(FARGATE, "weight"),
    spotWeight: sum(FARGATE_SPOT, "weight"),
    spotBase: sum(FARGATE_SPOT, "base"),
  };
}

/**
 * Why a strategy breaks the platform's Spot rules for some task count from
 * `min` to `max` (counts below 1 are skipped: a service at zero tasks has no
 * placement): a service that uses Fargate Spot runs at least half its tasks
 * there, and at least one on on-demand Fargate so a Spot interruption never
 * takes it to zero. A strategy without FARGATE_SPOT at all (on-demand only,
 * the platform's `fargateSpot: false`) has no share to check. It uses the
 * compute layer's `placeTasks`, which counts both ways ECS may round an
 * uneven split, so a strategy passes only if it passes either way. Empty
 * when every count complies.
 */
export function spotShareViolations(strategies: readonly CapacityStrategy[], min: number, max: number): string[] {
  if (strategies.length === 0) return ["the service has no capacity provider strategy, so no task runs on Fargate Spot"];
  if (!strategies.some((s) => s.capacityProvider === FARGATE_SPOT)) return [];
  const split = splitOf(strategies);
  if (split.spotBase > 0)
    return ["FARGATE_SPOT has a base: the platform keeps its on-demand floor as FARGATE's base and gives Spot a weight"];
  if (split.spotWeight === 0) return ["FARGATE_SPOT has no weight, so no task beyond the base runs on Fargate Spot"];
  const found: string[] = [];
  for (const p of placementsInRange(split, Math.max(min, 1), max)) {
    if (p.onDemand.min < 1) found.push(`at ${p.tasks} tasks no task may be on on-demand FARGATE`);
    if (p.spot.min * 2 < p.tasks) found.push(`at ${p.tasks} tasks as few as ${p.spot.min} may be on FARGATE_SPOT (less than half)`);
  }
  return found;
}

/** The strategy of an `aws:ecs/service:Service`'s `capacityProviderStrategies` input. */
export function strategiesOf(value: unknown): CapacityStrategy[] {
  return list(value).flatMap((raw) => {
    const s = record(raw);
    const capacityProvider = text(s?.capacityProvider);
    if (capacityProvider === undefined) return [];
    return [{ capacityProvider, base: num(s?.base) ?? 0, weight: num(s?.weight) ?? 0 }];
  });
}
