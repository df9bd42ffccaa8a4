import { fact } from "../aws/fact";
import type { PolicyDocument, PolicyStatement } from "../iam";
import { policyDocument } from "../iam";
import type { Layer } from "../layers";
import type { PlannedResource } from "../plan/capture";
import { FAKE_ACCOUNT_ID } from "../plan/fakes/kit";
import type { LayerPlan, Plan } from "../plan/runner";
import { Access, ACCESS, actionsOf, GLOBAL_SERVICES, makesNoAwsCall, permissionsOf, UNSCOPED_ACTIONS } from "./actions";
import { ArnContext, ArnRef, Condition, partitionOf, PermissionsError } from "./arns";
import { policySize, wildcardMatch } from "./evaluate";

/**
 * The managed policy size quota: 6,144 characters, whitespace not counted
 * (IAM and AWS STS quotas).
 */
export const MANAGED_POLICY_MAX_CHARS = fact({
  value: 6144,
  source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
  read: "2026-12-03",
  note: "Managed policy size; IAM does not count white space. Up to 10 managed policies per role by default (20 on request).",
});

/**
 * The account the policy names by default: the policy variable of the
 * principal's own account, so that one document serves any account the
 * role lives in (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
export const PRINCIPAL_ACCOUNT = "${aws:PrincipalAccount}";

export interface PolicyOptions {
  /** The account id the ARNs name. @default `${aws:PrincipalAccount}` */
  readonly account?: string;
  /**
   * One statement per service (and condition) instead of one per set of
   * actions: every action of the service on every ARN of the service the
   * layer names. Still nothing outside the layer's own resources, but an
   * action may be listed on a resource type it does not apply to.
   * @default false
   */
  readonly perService?: boolean;
}

/** One action a planned resource needs, on its planned ARN ("*" for an action without resource-level permissions). */
export interface Need {
  readonly resource: PlannedResource;
  readonly access: Access;
  readonly action: string;
  readonly arn: string;
}

function layerPlan(plan: Plan, layer: Layer): LayerPlan {
  const found = plan.layers.find((l) => l.layer === layer);
  if (found === undefined) throw new PermissionsError(`the plan of ${plan.stack} has no layer ${layer}`);
  return found;
}

/** The layer's identity, from its AWS provider (region and `defaultTags`). */
export function layerContext(lp: LayerPlan): ArnContext {
  const provider = lp.resources.find((r) => r.type === "pulumi:providers:aws");
  if (provider === undefined) throw new PermissionsError(`layer ${lp.layer} has no AWS provider in the plan`);
  const region = provider.inputs.region;
  const raw = provider.inputs.defaultTags;
  const tags =
    (typeof raw === "string" ? (JSON.parse(raw) as { tags?: Record<string, string> }) : (raw as { tags?: Record<string, string> }))?.tags ??
    {};
  if (typeof region !== "string" || tags.System === undefined || tags.EnvironmentSuffix === undefined) {
    throw new PermissionsError(`layer ${lp.layer}'s provider has no region or System and EnvironmentSuffix tags`);
  }
  return {
    partition: partitionOf(region),
    region,
    account: FAKE_ACCOUNT_ID,
    system: tags.System,
    environmentSuffix: tags.EnvironmentSuffix,
    layer: lp.layer,
    outputs: lp.outputs,
    resources: lp.resources,
  };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** The role ARNs in a resource's inputs: the roles deploying it passes. */
export function passedRoles(r: PlannedResource): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (ROLE_ARN.test(v)) found.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(r.inputs);
  return [...found].sort();
}

/** The resources of a layer that make AWS calls. */
function awsResources(lp: LayerPlan): PlannedResource[] {
  return lp.resources.filter((r) => !makesNoAwsCall(r.type));
}

const serviceOf = (action: string): string => action.slice(0, action.indexOf(":"));

/** Every action each resource of the layer needs, on its planned ARNs. */
export function layerNeeds(plan: Plan, layer: Layer): Need[] {
  const lp = layerPlan(plan, layer);
  const ctx = layerContext(lp);
  const needs: Need[] = [];
  for (const r of awsResources(lp)) {
    const actions = actionsOf(r, ctx);
    const refs = permissionsOf(r.type).arns(r, ctx);
    for (const access of ACCESS) {
      for (const action of actions[access]) {
        if (UNSCOPED_ACTIONS.has(action)) {
          needs.push({ resource: r, access, action, arn: "*" });
          continue;
        }
        const own = refs.filter((ref) => ref.kind.startsWith(`${serviceOf(action)}:`));
        if (own.length === 0) throw new PermissionsError(`${r.type} ${r.name}: ${action} has no ARN of its service in the table`);
        for (const ref of own) needs.push({ resource: r, access, action, arn: ref.arn });
      }
    }
  }
  return needs;
}

/** Every planned ARN of the layers other than `layer`, for the `<system>-*-<suffix>` widening to stay clear of them. */
function otherLayersArns(plan: Plan, layer: Layer): string[] {
  return plan.layers
    .filter((l) => l.layer !== layer)
    .flatMap((l) => {
      const ctx = layerContext(l);
      return awsResources(l).flatMap((r) =>
        permissionsOf(r.type)
          .arns(r, ctx)
          .map((ref) => ref.arn),
      );
    });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A name-scoped pattern widened to its family: every `<system>-<type>-<suffix>`
 * in it becomes `<system>-*-<suffix>`, so a resource recreated under another
 * type part (a new instance, a parameter group of a new family) still matches.
 * Undefined when the pattern holds no such name.
 */
export function familyPattern(pattern: string, system: string, suffix: string): string | undefined {
  const re = new RegExp(`(?<![A-Za-z0-9])${escape(system)}-[A-Za-z0-9-]+?-${escape(suffix)}(?![A-Za-z0-9])`, "g");
  // SSM parameters live under the path `/<system>/<suffix>/`.
  const path = new RegExp(`/${escape(system)}/${escape(suffix)}/[^*]+$`);
  const widened = pattern.replace(re, `${system}-*-${suffix}`).replace(path, `/${system}/${suffix}/*`);
  return widened === pattern ? undefined : widened;
}

/** The pattern a ref is granted on: its family when no other layer's planned ARN falls in it, else its own. */
function grantedPattern(ref: ArnRef, ctx: ArnContext, others: readonly string[]): string {
  if (!ref.nameScoped) return ref.pattern;
  const family = familyPattern(ref.pattern, ctx.system, ctx.environmentSuffix);
  if (family === undefined || others.some((arn) => wildcardMatch(family, arn))) return ref.pattern;
  return family;
}

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

function statement(sid: string, actions: Iterable<string>, resources: Iterable<string>, condition?: Condition): PolicyStatement {
  const a = [...new Set(actions)].sort();
  const r = [...new Set(resources)].sort();
  return {
    Sid: sid,
    Effect: "Allow",
    Action: a,
    Resource: r.length === 1 ? r[0] : r,
    ...(condition === undefined ? {} : { Condition: condition }),
  };
}

/**
 * The policy that lets a role deploy one layer of the plan: for each of the
 * layer's resources the actions of the table on its ARNs (grouped by
 * service, resources with the same actions in one statement, named
 * `<system>-*-<suffix>` where no other layer's resource falls in it),
 * `iam:PassRole` on exactly the roles its resources pass (with
 * `iam:PassedToService`), the service-linked roles its services create on
 * first use, and the actions without resource-level permissions on "*" in
 * the layer's region.
 */
export function layerPolicy(plan: Plan, layer: Layer, opts: PolicyOptions = {}): PolicyDocument {
  const lp = layerPlan(plan, layer);
  const ctx = layerContext(lp);
  const others = otherLayersArns(plan, layer);
  const account = opts.account ?? PRINCIPAL_ACCOUNT;
  const inAccount = (pattern: string) => pattern.split(`:${ctx.account}:`).join(`:${account}:`);

  // (service, condition, pattern) -> actions
  const scoped = new Map<string, { service: string; condition?: Condition; pattern: string; actions: Set<string> }>();
  const anyRegional = new Set<string>();
  const anyGlobal = new Set<string>();
  const passRoles = new Map<string, Set<string>>();
  const linkedRoles = new Set<string>();

  for (const r of awsResources(lp)) {
    const entry = permissionsOf(r.type);
    const actions = actionsOf(r, ctx);
    const refs = entry.arns(r, ctx);
    for (const action of new Set(ACCESS.flatMap((k) => actions[k]))) {
      const service = serviceOf(action);
      if (UNSCOPED_ACTIONS.has(action)) {
        (GLOBAL_SERVICES.has(service) ? anyGlobal : anyRegional).add(action);
        continue;
      }
      const own = refs.filter((ref) => ref.kind.startsWith(`${service}:`));
      if (own.length === 0) throw new PermissionsError(`${r.type} ${r.name}: ${action} has no ARN of its service in the table`);
      for (const ref of own) {
        const pattern = inAccount(grantedPattern(ref, ctx, others));
        const key = JSON.stringify([service, ref.condition ?? null, pattern]);
        const slot = scoped.get(key) ?? {
          service,
          ...(ref.condition === undefined ? {} : { condition: ref.condition }),
          pattern,
          actions: new Set<string>(),
        };
        slot.actions.add(action);
        scoped.set(key, slot);
      }
    }
    if (entry.passRoleTo !== undefined) {
      for (const roleArn of passedRoles(r)) {
        const set = passRoles.get(entry.passRoleTo) ?? new Set<string>();
        set.add(inAccount(roleArn));
        passRoles.set(entry.passRoleTo, set);
      }
    }
    for (const linked of entry.serviceLinkedRoles ?? []) linkedRoles.add(linked);
  }

  // Patterns with the same service, condition and actions share a statement.
  const groups = new Map<string, { service: string; condition?: Condition; actions: string[]; patterns: string[] }>();
  for (const slot of scoped.values()) {
    const actions = [...slot.actions].sort();
    const key = JSON.stringify([slot.service, slot.condition ?? null, opts.perService === true ? null : actions]);
    const group = groups.get(key) ?? {
      service: slot.service,
      ...(slot.condition === undefined ? {} : { condition: slot.condition }),
      actions: [],
      patterns: [],
    };
    group.actions = [...new Set([...group.actions, ...actions])].sort();
    group.patterns.push(slot.pattern);
    groups.set(key, group);
  }
  const counts = new Map<string, number>();
  const statements: PolicyStatement[] = [];
  const sorted = [...groups.values()].sort((a, b) =>
    a.service === b.service ? a.patterns[0].localeCompare(b.patterns[0]) : a.service.localeCompare(b.service),
  );
  for (const g of sorted) {
    const n = (counts.get(g.service) ?? 0) + 1;
    counts.set(g.service, n);
    statements.push(statement(`${pascal(g.service)}${n}`, g.actions, g.patterns, g.condition));
  }
  for (const [service, roles] of [...passRoles].sort()) {
    statements.push(
      statement(`PassRoleTo${pascal(service.replace(/\.amazonaws\.com$/, ""))}`, ["iam:PassRole"], roles, {
        StringEquals: { "iam:PassedToService": service },
      }),
    );
  }
  if (linkedRoles.size > 0) {
    const services = [...linkedRoles].sort();
    statements.push(
      statement(
        "ServiceLinkedRoles",
        ["iam:CreateServiceLinkedRole"],
        services.map((s) => `arn:${ctx.partition}:iam::${account}:role/aws-service-role/${s}/*`),
        { StringEquals: { "iam:AWSServiceName": services } },
      ),
    );
  }
  if (anyRegional.size > 0) {
    statements.push(statement("AnyResourceInRegion", anyRegional, ["*"], { StringEquals: { "aws:RequestedRegion": ctx.region } }));
  }
  if (anyGlobal.size > 0) statements.push(statement("AnyResourceGlobal", anyGlobal, ["*"]));
  return policyDocument(statements);
}

/**
 * The layer's policy as managed policies within the size quota: the precise
 * document when it fits; else the per-service one
 * ({@link PolicyOptions.perService}) when that fits; else the per-service
 * statements packed in order into as few documents as fit (a role carries up
 * to 10 managed policies).
 */
export function layerPolicies(plan: Plan, layer: Layer, opts: PolicyOptions = {}, max = MANAGED_POLICY_MAX_CHARS.value): PolicyDocument[] {
  const precise = layerPolicy(plan, layer, { ...opts, perService: false });
  if (policySize(precise) <= max) return [precise];
  const whole = layerPolicy(plan, layer, { ...opts, perService: true });
  if (policySize(whole) <= max) return [whole];
  const parts: PolicyStatement[][] = [[]];
  for (const s of whole.Statement) {
    const current = parts[parts.length - 1];
    if (current.length > 0 && policySize(policyDocument([...current, s])) > max) parts.push([s]);
    else current.push(s);
  }
  const docs = parts.map((p) => policyDocument(p));
  const over = docs.find((d) => policySize(d) > max);
  if (over !== undefined) throw new PermissionsError(`statement ${over.Statement[0].Sid} alone exceeds ${max} characters`);
  return docs;
}
