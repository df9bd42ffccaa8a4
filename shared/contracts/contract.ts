import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config";
import { Layer, PROJECTS } from "../layers";

/** What a producer may export for a contract: each key, as a value or an Output. */
export type Exported<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** What a consumer reads: each key as an Output. */
export type Imported<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/** Every contract starts with the identity of the stack that produced it. */
export interface StackIdentity {
  readonly system: string;
  readonly region: string;
  readonly environmentSuffix: string;
}

/**
 * The runtime list of a contract's keys. The mapped type makes it exhaustive:
 * a key added to, renamed in or removed from the interface fails compilation
 * here until the list follows. Optional keys may be absent from the stack.
 */
export type KeySpec<T> = { readonly [K in keyof T]-?: undefined extends T[K] ? "optional" : "required" };

export interface Contract<T extends StackIdentity> {
  readonly layer: Layer;
  readonly keys: KeySpec<T>;
}

export function defineContract<T extends StackIdentity>(layer: Layer, keys: KeySpec<T>): Contract<T> {
  return Object.freeze({ layer, keys: Object.freeze(keys) });
}

/** The fully qualified name of the upstream stack a layer reads: `<org>/<project>/<stack>`. */
export function upstreamStackName(cfg: PlatformConfig, layer: Exclude<Layer, "compute">): string {
  return `${cfg.upstream.organization}/${PROJECTS[layer]}/${cfg.upstream[layer]}`;
}

/** Thrown (inside the deployment) when an upstream stack belongs to another system or region. */
export class UpstreamMismatchError extends Error {
  constructor(stack: string, found: { system: string; region: string }, cfg: PlatformConfig, layer: Layer) {
    super(
      `stack ${stack} belongs to system "${found.system}" in ${found.region}, but this stack is system "${cfg.system}" in ${cfg.region}; ` +
        `set platform:${layer}Stack to a ${layer} stack of the same system and region`,
    );
    this.name = "UpstreamMismatchError";
  }
}

/** Throws an `UpstreamMismatchError` unless the upstream stack is of this stack's system and region. */
export function checkUpstreamIdentity(stack: string, found: { system: string; region: string }, cfg: PlatformConfig, layer: Layer): true {
  if (found.system !== cfg.system || found.region !== cfg.region) throw new UpstreamMismatchError(stack, found, cfg, layer);
  return true;
}

/**
 * Reads an upstream layer's outputs through a StackReference, one
 * `requireOutput` per required key (a missing output fails naming the key and
 * the stack). Every value waits on the identity check, so nothing is built
 * from another system's or region's stack.
 */
export function readUpstream<T extends StackIdentity>(
  cfg: PlatformConfig,
  contract: Contract<T>,
  opts?: pulumi.CustomResourceOptions,
): Imported<T> {
  const layer = contract.layer as Exclude<Layer, "compute">;
  const stack = upstreamStackName(cfg, layer);
  const ref = new pulumi.StackReference(`${layer}-stack`, { name: stack }, opts);
  const verified = pulumi
    .all([ref.requireOutput("system"), ref.requireOutput("region")])
    .apply(([system, region]: [string, string]) => checkUpstreamIdentity(stack, { system, region }, cfg, layer));
  const result: Record<string, pulumi.Output<unknown>> = {};
  for (const [key, presence] of Object.entries(contract.keys)) {
    const value = presence === "required" ? ref.requireOutput(key) : ref.getOutput(key);
    result[key] = pulumi.all([verified, value]).apply(([, v]) => v as unknown);
  }
  return result as Imported<T>;
}
