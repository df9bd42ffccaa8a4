import type { Range } from "../cost/estimate";
import { Layer, LAYERS, UPSTREAM, UpstreamLayer } from "../layers";
import type { CheckedPlan } from "../plan/command";
import type { PlannedResource } from "../plan/capture";
import type { LayerPlan } from "../plan/runner";
import type { PolicyViolation } from "../policy/offline";
import { REPLACEMENTS } from "./replacements";
import { ComponentReplacement, forcingProperties, ignoredBy, Replacement } from "./rules";
import { compareValues, KNOWN_AFTER_APPLY, Renewal, stringsOf, ValueChange } from "./values";

/** What the comparison reads of each side's plan: the `npm run plan` JSON. */
export type PlanSide = Pick<CheckedPlan, "stack" | "layers" | "policy" | "cost">;

/** What `pulumi up` would do to one resource. */
export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly action: "create" | "update" | "replace" | "delete";
  /** A replacement's causes: the replace-on-change properties that changed, or `replacementTrigger`. */
  readonly forcedBy?: readonly string[];
  /** A component's replacement: what inside it is replaced (the awsx VPC's VPC and subnets). */
  readonly inside?: string;
  /** An update of a type the replacement table does not cover: AWS may replace it instead. */
  readonly replacementUnknown?: true;
  /** The changed inputs (none for a create or a delete). */
  readonly changes: readonly ValueChange[];
  /** The changes of the `replacementTrigger` option. */
  readonly trigger?: readonly ValueChange[];
}

/** A resource whose only changes are inputs its `ignoreChanges` option leaves as deployed. */
export interface IgnoredChange {
  readonly type: string;
  readonly name: string;
  readonly paths: readonly string[];
}

/** A changed upstream output that a layer reads through its stack reference. */
export interface ReadOutputs {
  readonly layer: UpstreamLayer;
  readonly outputs: readonly string[];
}

/** The changes of one layer. */
export interface LayerChange {
  readonly layer: Layer;
  readonly project: string;
  readonly stack: string;
  /** Set when another stack deploys this layer (a short-lived environment reads another stack's network and data). */
  readonly deployedBy?: string;
  readonly resources: readonly ResourceChange[];
  readonly ignored: readonly IgnoredChange[];
  /** Changed outputs, path by path (the first segment is the output's name). */
  readonly outputs: readonly ValueChange[];
  /** Changed outputs of its upstream layers that it reads: it must be deployed again after them. */
  readonly reads: readonly ReadOutputs[];
}

export interface PolicyCounts {
  readonly mandatory: number;
  readonly advisory: number;
}

export interface PolicyChange {
  readonly before: PolicyCounts;
  readonly after: PolicyCounts;
  /** Violations of the working tree that the base does not have. */
  readonly added: readonly PolicyViolation[];
  /** Violations of the base that the working tree no longer has. */
  readonly resolved: readonly PolicyViolation[];
}

export interface CostRow {
  readonly before: Range;
  readonly after: Range;
  readonly delta: Range;
}

export interface CostChange {
  /** False when either side has no price table for its region; then `reason` says why. */
  readonly priced: boolean;
  readonly reason?: string;
  readonly total: CostRow;
  readonly byLayer: Readonly<Record<string, CostRow>>;
}

/** The comparison of two plans of one stack. */
export interface PlanChanges {
  readonly stack: string;
  readonly layers: readonly LayerChange[];
  readonly policy: PolicyChange;
  readonly cost: CostChange;
  /** The types of updated resources that the replacement table does not cover. */
  readonly replacementUnknown: readonly string[];
}

/** Values shorter than this are matched only whole: an 8-character id or longer can be looked for inside a string. */
const MIN_RENEWED = 8;

/** Recognises the given values (exactly, or inside a longer string such as a policy document), each with its reason. */
function renewalOf(values: ReadonlyMap<string, string>): Renewal {
  const long = [...values].filter(([value]) => value.length >= MIN_RENEWED);
  return (text) => values.get(text) ?? long.find(([value]) => text.includes(value))?.[1];
}

/** Recognises the AWS ids a component's replaced resources had: `vpc-…`, `subnet-…` tokens. */
function prefixRenewal(prefixes: readonly string[], because: string): Renewal {
  const token = new RegExp(`\\b(?:${prefixes.map((p) => p.replace(/-$/, "")).join("|")})-[0-9a-z]{8,}\\b`);
  return (text) => (token.test(text) ? because : undefined);
}

function anyOf(renewals: readonly Renewal[]): Renewal {
  return (text) => {
    for (const renewal of renewals) {
      const why = renewal(text);
      if (why !== undefined) return why;
    }
    return undefined;
  };
}

/**
 * The values a replaced resource hands on that AWS gives anew: its computed
 * addresses (ARN, DNS name, endpoints) and its id, unless the id is one of
 * its own inputs (a name the program chose, which the new resource keeps).
 */
function renewedValues(resource: PlannedResource): string[] {
  const own = new Set(stringsOf(resource.inputs));
  const computed = stringsOf(resource.computed ?? {});
  const id = resource.id !== undefined && !own.has(resource.id) ? [resource.id] : [];
  return [...computed, ...id];
}

const byUrn = (layer: LayerPlan | undefined) => new Map((layer?.resources ?? []).map((r) => [r.urn, r]));

/** How one resource present on both sides changes, given what its replaced dependencies renew. */
function resourceChange(
  before: PlannedResource,
  after: PlannedResource,
  renewal: Renewal,
  table: Readonly<Record<string, Replacement>>,
): { change?: ResourceChange; ignored?: IgnoredChange; renews?: Renewal } {
  const all = compareValues(before.inputs, after.inputs, renewal);
  const changes = all.filter((c) => !ignoredBy(after.ignoreChanges, c.segments));
  const ignored = all.filter((c) => ignoredBy(after.ignoreChanges, c.segments));
  const trigger =
    before.replacementTrigger === undefined && after.replacementTrigger === undefined
      ? []
      : compareValues(before.replacementTrigger, after.replacementTrigger, renewal);
  const head = { urn: after.urn, type: after.type, name: after.name };
  const ignoredOnly = ignored.length === 0 ? {} : { ignored: { type: after.type, name: after.name, paths: ignored.map((c) => c.path) } };
  if (changes.length === 0 && trigger.length === 0) return ignoredOnly;
  const triggered = trigger.length === 0 ? {} : { trigger };
  const rule = table[after.type];
  if (rule?.kind === "component") {
    const inside = insideReplacement(rule, changes);
    if (inside === undefined) return { ...ignoredOnly, change: { ...head, action: "update", changes, ...triggered } };
    const because = `${after.name} replaces ${inside.replaces}`;
    return {
      ...ignoredOnly,
      change: { ...head, action: "replace", forcedBy: inside.properties, inside: inside.replaces, changes, ...triggered },
      renews: prefixRenewal(inside.idPrefixes, because),
    };
  }
  const forced = [...(rule === undefined ? [] : forcingProperties(rule, changes)), ...(trigger.length > 0 ? ["replacementTrigger"] : [])];
  if (forced.length > 0) {
    const values = new Map(renewedValues(after).map((v) => [v, `${after.name} is replaced`]));
    return { ...ignoredOnly, change: { ...head, action: "replace", forcedBy: forced, changes, ...triggered }, renews: renewalOf(values) };
  }
  const unknown = rule === undefined && !after.type.startsWith("pulumi:pulumi:") ? { replacementUnknown: true as const } : {};
  return { ...ignoredOnly, change: { ...head, action: "update", ...unknown, changes, ...triggered } };
}

/** What a component's changed inputs replace inside it, or undefined when none of them does. */
function insideReplacement(
  rule: ComponentReplacement,
  changes: readonly ValueChange[],
): { properties: string[]; replaces: string; idPrefixes: string[] } | undefined {
  const properties = [...new Set(changes.map((c) => String(c.segments[0])))].filter((p) => p in rule.properties).sort();
  if (properties.length === 0) return undefined;
  const inside = properties.map((p) => rule.properties[p]);
  return {
    properties,
    replaces: [...new Set(inside.map((i) => i.replaces))].join("; "),
    idPrefixes: [...new Set(inside.flatMap((i) => i.idPrefixes))],
  };
}

const ORDER: Record<ResourceChange["action"], number> = { create: 0, replace: 1, update: 2, delete: 3 };

/**
 * The changes of one layer: resources by URN, where a replacement renews the
 * values its dependents name (repeated until nothing more is replaced), then
 * the outputs, which hand what was renewed on to the next layers.
 */
function layerChanges(
  before: LayerPlan | undefined,
  after: LayerPlan | undefined,
  upstream: Renewal,
  table: Readonly<Record<string, Replacement>>,
): { resources: ResourceChange[]; ignored: IgnoredChange[]; outputs: ValueChange[] } {
  const [old, now] = [byUrn(before), byUrn(after)];
  const renews = new Map<string, Renewal>();
  const evaluate = () =>
    [...now.values()]
      .filter((r) => old.has(r.urn))
      .map((r) => {
        const deps = r.dependencies.flatMap((urn) => (renews.has(urn) ? [renews.get(urn) as Renewal] : []));
        return { urn: r.urn, ...resourceChange(old.get(r.urn) as PlannedResource, r, anyOf([upstream, ...deps]), table) };
      });
  let results = evaluate();
  for (let grew = true; grew;) {
    grew = false;
    for (const result of results) {
      if (result.renews !== undefined && !renews.has(result.urn)) {
        renews.set(result.urn, result.renews);
        grew = true;
      }
    }
    if (grew) results = evaluate();
  }
  const created = [...now.values()].filter((r) => !old.has(r.urn));
  const deleted = [...old.values()].filter((r) => !now.has(r.urn));
  const resources = [
    ...created.map((r): ResourceChange => ({ urn: r.urn, type: r.type, name: r.name, action: "create", changes: [] })),
    ...results.flatMap((r) => (r.change === undefined ? [] : [r.change])),
    ...deleted.map((r): ResourceChange => ({ urn: r.urn, type: r.type, name: r.name, action: "delete", changes: [] })),
  ].sort((a, b) => ORDER[a.action] - ORDER[b.action] || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  const outputs = compareValues(before?.outputs ?? {}, after?.outputs ?? {}, anyOf([upstream, ...renews.values()]));
  return { resources, ignored: results.flatMap((r) => (r.ignored === undefined ? [] : [r.ignored])), outputs };
}

/** The upstream values that a layer's changed outputs renew for the layers reading them. */
function outputRenewals(layer: Layer, outputs: readonly ValueChange[]): Map<string, string> {
  const renewed = new Map<string, string>();
  for (const change of outputs) {
    if (change.after === KNOWN_AFTER_APPLY && typeof change.before === "string") {
      renewed.set(change.before, `${layer} output ${String(change.segments[0])}`);
    }
  }
  return renewed;
}

/** The names of the changed outputs. */
export function changedOutputNames(outputs: readonly ValueChange[]): string[] {
  return [...new Set(outputs.map((c) => String(c.segments[0])))];
}

function policyKey(v: PolicyViolation): string {
  return [v.policy, v.layer, v.urn ?? v.name ?? "", v.message].join("\u0000");
}

function policyChange(before: PlanSide["policy"], after: PlanSide["policy"]): PolicyChange {
  const [old, now] = [new Set(before.violations.map(policyKey)), new Set(after.violations.map(policyKey))];
  return {
    before: { mandatory: before.mandatory, advisory: before.advisory },
    after: { mandatory: after.mandatory, advisory: after.advisory },
    added: after.violations.filter((v) => !old.has(policyKey(v))),
    resolved: before.violations.filter((v) => !now.has(policyKey(v))),
  };
}

const ZERO: Range = { min: 0, max: 0 };
const round = (n: number) => Math.round(n * 100) / 100;
const row = (before: Range, after: Range): CostRow => ({
  before,
  after,
  delta: { min: round(after.min - before.min), max: round(after.max - before.max) },
});

function costChange(before: PlanSide["cost"], after: PlanSide["cost"]): CostChange {
  const layers = LAYERS.filter((l) => l in before.byLayer || l in after.byLayer);
  const reason = !before.priced ? `base: ${before.reason}` : !after.priced ? `working tree: ${after.reason}` : undefined;
  return {
    priced: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
    total: row(before.total, after.total),
    byLayer: Object.fromEntries(layers.map((l) => [l, row(before.byLayer[l] ?? ZERO, after.byLayer[l] ?? ZERO)])),
  };
}

/**
 * What changes from the `base` plan of a stack to the `head` plan, layer by
 * layer in deployment order: resources created, updated (with the changed
 * inputs), replaced (by the replacement table, the `replacementTrigger`
 * option, or a replaced resource they name) and deleted; outputs that change
 * and the layers that read them; the policy pack's results; the cost.
 */
export function diffPlans(base: PlanSide, head: PlanSide, table: Readonly<Record<string, Replacement>> = REPLACEMENTS): PlanChanges {
  const layers: LayerChange[] = [];
  const renewedOutputs = new Map<Layer, Map<string, string>>();
  for (const layer of LAYERS) {
    const [before, after] = [base.layers.find((l) => l.layer === layer), head.layers.find((l) => l.layer === layer)];
    if (before === undefined && after === undefined) continue;
    const plan = (after ?? before) as LayerPlan;
    const upstreamValues = new Map(UPSTREAM[layer].flatMap((u) => [...(renewedOutputs.get(u) ?? [])]));
    const { resources, ignored, outputs } = layerChanges(before, after, renewalOf(upstreamValues), table);
    renewedOutputs.set(layer, outputRenewals(layer, outputs));
    const reads = UPSTREAM[layer].flatMap((u): ReadOutputs[] => {
      const names = changedOutputNames(layers.find((l) => l.layer === u)?.outputs ?? []);
      return names.length === 0 ? [] : [{ layer: u, outputs: names }];
    });
    layers.push({
      layer,
      project: plan.project,
      stack: plan.stack,
      ...(plan.stack === head.stack ? {} : { deployedBy: plan.stack }),
      resources,
      ignored,
      outputs,
      reads,
    });
  }
  const replacementUnknown = [
    ...new Set(layers.flatMap((l) => l.resources.filter((r) => r.replacementUnknown === true).map((r) => r.type))),
  ].sort();
  return {
    stack: head.stack,
    layers,
    policy: policyChange(base.policy, head.policy),
    cost: costChange(base.cost, head.cost),
    replacementUnknown,
  };
}
