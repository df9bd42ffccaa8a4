import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";
import { PlatformConfig } from "../config";
import { productionListenerPorts } from "../listeners";
import { PlannedResource } from "../plan/capture";
import type { LayerPlan, Plan } from "../plan/runner";
import { OpenIngressConfig, PlatformPolicy, POLICIES, PublicAddressConfig } from "./policies";
import { strings } from "./props";

/** One violation found on the offline plan. */
export interface PolicyViolation {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly layer: string;
  /** The resource's URN; absent when a stack policy blames the whole stack. */
  readonly urn?: string;
  readonly type?: string;
  readonly name?: string;
  readonly message: string;
}

/** The policy pack's result on a whole plan. */
export interface PolicyReport {
  readonly policies: readonly { readonly name: string; readonly enforcementLevel: EnforcementLevel; readonly description: string }[];
  readonly violations: readonly PolicyViolation[];
  /** Violations of mandatory policies: any makes `npm test` fail. */
  readonly mandatory: number;
  readonly advisory: number;
}

/** The policy configuration the offline evaluation derives from the plan and the stack's config. */
export type OfflinePolicyConfig = PublicAddressConfig & OpenIngressConfig;

/**
 * The policies' configuration for a stack: the public subnets the network
 * layer exports and the production listener ports of its config. Under the
 * real CLI, pass the same with `--policy-pack-config`.
 */
export function offlinePolicyConfig(plan: Plan, cfg: PlatformConfig): OfflinePolicyConfig {
  const network = plan.layers.find((l) => l.layer === "network");
  return { publicSubnetIds: strings(network?.outputs.publicSubnetIds), listenerPorts: [...productionListenerPorts(cfg)] };
}

class NotApplicable extends Error {}

/** Runs one validation; `notApplicable()` ends it for this resource (or stack) only, as under CrossGuard. */
async function skippingNotApplicable(run: () => Promise<void> | void): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof NotApplicable)) throw err;
  }
}

const OPTS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/** Whether a class constructor is the resource class of a type token (how `@pulumi/aws` classes record it). */
function isType(type: string, resourceClass: unknown): boolean {
  return (resourceClass as { __pulumiType?: unknown }).__pulumiType === type;
}

/**
 * Runs every policy of the pack on every layer of a plan, as CrossGuard
 * would on each layer's stack: resource policies once per resource (aws
 * resources see their layer's `pulumi:providers:aws` as `provider`, so the
 * provider's defaultTags are visible), stack policies once per layer with
 * the layer's resources linked by parent and dependencies.
 */
export async function evaluatePolicies(
  plan: Plan,
  config: OfflinePolicyConfig,
  policies: readonly PlatformPolicy[] = POLICIES,
): Promise<PolicyReport> {
  const violations: PolicyViolation[] = [];
  for (const layer of plan.layers) violations.push(...(await evaluateLayer(layer, config, policies)));
  const count = (level: EnforcementLevel) => violations.filter((v) => v.enforcementLevel === level).length;
  return {
    policies: policies.map((p) => ({ name: p.name, enforcementLevel: p.enforcementLevel ?? "advisory", description: p.description })),
    violations,
    mandatory: count("mandatory"),
    advisory: count("advisory"),
  };
}

async function evaluateLayer(
  layer: LayerPlan,
  config: OfflinePolicyConfig,
  policies: readonly PlatformPolicy[],
): Promise<PolicyViolation[]> {
  const provider = providerOf(layer.resources);
  const resources = policyResources(layer.resources, provider);
  const byUrn = new Map(layer.resources.map((r) => [r.urn, r]));
  const found: PolicyViolation[] = [];
  const getConfig = <T extends object>() => config as unknown as T;
  const notApplicable = (): never => {
    throw new NotApplicable();
  };
  for (const policy of policies) {
    const level = policy.enforcementLevel ?? "advisory";
    const reporter =
      (r: PlannedResource | undefined): ReportViolation =>
      (message, urn) => {
        const target = urn === undefined ? r : byUrn.get(urn);
        found.push({
          policy: policy.name,
          enforcementLevel: level,
          layer: layer.layer,
          ...(target ? { urn: target.urn, type: target.type, name: target.name } : {}),
          message,
        });
      };
    if ("validateStack" in policy) {
      const args: StackValidationArgs = { resources, stackTags: new Map(), getConfig, notApplicable };
      await skippingNotApplicable(() => policy.validateStack(args, reporter(undefined)));
      continue;
    }
    const checks =
      policy.validateResource === undefined
        ? []
        : Array.isArray(policy.validateResource)
          ? policy.validateResource
          : [policy.validateResource];
    for (const [i, r] of layer.resources.entries()) {
      const res = resources[i];
      const args: ResourceValidationArgs = {
        type: r.type,
        props: res.props,
        urn: r.urn,
        name: r.name,
        opts: res.opts,
        ...(res.provider ? { provider: res.provider } : {}),
        stackTags: new Map(),
        isType: (cls) => isType(r.type, cls),
        asType: (cls) => (isType(r.type, cls) ? (res.props as never) : undefined),
        getConfig,
        notApplicable,
      };
      for (const check of checks) await skippingNotApplicable(() => check(args, reporter(r)));
    }
  }
  return found;
}

function providerOf(resources: readonly PlannedResource[]): PolicyProviderResource | undefined {
  const p = resources.find((r) => r.type === "pulumi:providers:aws");
  return p === undefined ? undefined : { type: p.type, props: { ...p.inputs }, urn: p.urn, name: p.name };
}

/** The layer's resources as CrossGuard's `PolicyResource`s, parents and dependencies linked. */
function policyResources(planned: readonly PlannedResource[], provider: PolicyProviderResource | undefined): PolicyResource[] {
  const out: PolicyResource[] = planned.map((r) => ({
    type: r.type,
    props: { ...r.inputs },
    urn: r.urn,
    name: r.name,
    opts: { ...OPTS, ...(r.parent === null ? {} : { parent: r.parent }) },
    ...(provider && r.type.startsWith("aws:") ? { provider } : {}),
    dependencies: [],
    propertyDependencies: {},
    isType: (cls) => isType(r.type, cls),
    asType: (cls) => (isType(r.type, cls) ? ({ ...r.inputs } as never) : undefined),
  }));
  const byUrn = new Map(out.map((r) => [r.urn, r]));
  planned.forEach((r, i) => {
    const parent = r.parent === null ? undefined : byUrn.get(r.parent);
    if (parent) out[i].parent = parent;
    out[i].dependencies = r.dependencies.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => d !== undefined);
  });
  return out;
}
