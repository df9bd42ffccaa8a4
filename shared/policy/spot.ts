import { list, num, record, text } from "./props";

/** One entry of an ECS service's capacity provider strategy. */
export interface CapacityStrategy {
  readonly capacityProvider: string;
  /** Tasks placed on this provider before any weighting. @default 0 */
  readonly base?: number;
  /** Relative share of the tasks beyond the bases. @default 0 */
  readonly weight?: number;
}

/** Tasks on on-demand Fargate and on Fargate Spot for one desired count. */
export interface Placement {
  readonly onDemand: number;
  readonly spot: number;
}

export const FARGATE = "FARGATE";
export const FARGATE_SPOT = "FARGATE_SPOT";

/**
 * Where ECS puts `count` tasks under a capacity provider strategy: the bases
 * are filled first, then the rest is split by weight. ECS does not document
 * how it rounds a split that does not divide evenly, so this rounds against
 * Spot (Spot gets the floor of its share, on-demand the remainder): a
 * strategy that passes here passes however ECS rounds.
 */
export function placeTasks(strategies: readonly CapacityStrategy[], count: number): Placement {
  const baseOf = (p: string) => strategies.filter((s) => s.capacityProvider === p).reduce((n, s) => n + (s.base ?? 0), 0);
  const weightOf = (p: string) => strategies.filter((s) => s.capacityProvider === p).reduce((n, s) => n + (s.weight ?? 0), 0);
  const onDemandBase = Math.min(baseOf(FARGATE), count);
  const spotBase = Math.min(baseOf(FARGATE_SPOT), count - onDemandBase);
  const rest = count - onDemandBase - spotBase;
  const total = weightOf(FARGATE) + weightOf(FARGATE_SPOT);
  const spotRest = total === 0 ? 0 : Math.floor((rest * weightOf(FARGATE_SPOT)) / total);
  return { onDemand: count - spotBase - spotRest, spot: spotBase + spotRest };
}

/**
 * Why a strategy breaks the platform's Spot rules for some task count from
 * `min` to `max` (counts below 1 are skipped: a service at zero tasks has no
 * placement): at least half the tasks on Fargate Spot, and at least one on
 * on-demand Fargate so a Spot interruption never takes the service to zero.
 * Empty when every count complies.
 */
export function spotShareViolations(strategies: readonly CapacityStrategy[], min: number, max: number): string[] {
  if (strategies.length === 0) return ["the service has no capacity provider strategy, so no task runs on Fargate Spot"];
  const found: string[] = [];
  for (let count = Math.max(min, 1); count <= max; count++) {
    const { onDemand, spot } = placeTasks(strategies, count);
    if (onDemand < 1) found.push(`at ${count} tasks no task is on on-demand FARGATE`);
    if (spot * 2 < count) found.push(`at ${count} tasks only ${spot} are on FARGATE_SPOT (less than half)`);
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
