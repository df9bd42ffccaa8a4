import type { Range } from "../cost/estimate";
import { LAYERS, UPSTREAM } from "../layers";
import type { PolicyViolation } from "../policy/offline";
import { changedOutputNames, CostChange, LayerChange, PlanChanges, PolicyChange, ResourceChange } from "./diff";
import { KNOWN_AFTER_APPLY, shortValue, ValueChange } from "./values";

/** The comparison as `npm run changes` prints and `--json` writes it. */
export interface ChangeReport extends PlanChanges {
  /** The base: the ref as given and the commit it named. */
  readonly base: { readonly ref: string; readonly commit: string };
  readonly head: "working tree";
  /** What the reader should know about how the sides were planned (a different lockfile, a plan that reported failures). */
  readonly notes: readonly string[];
}

/** Changed inputs shown per resource; the JSON has them all. */
const MAX_CHANGES = 12;

function valueText(change: ValueChange): string {
  if (change.after === KNOWN_AFTER_APPLY) return `${shortValue(change.before)} -> (known after apply: ${change.because})`;
  if (change.before === undefined) return `(added) ${shortValue(change.after)}`;
  if (change.after === undefined) return `${shortValue(change.before)} (removed)`;
  return `${shortValue(change.before)} -> ${shortValue(change.after)}`;
}

function changeLines(changes: readonly ValueChange[], indent: string): string[] {
  const shown = changes.slice(0, MAX_CHANGES).map((c) => `${indent}${c.path}: ${valueText(c)}`);
  return changes.length > MAX_CHANGES ? [...shown, `${indent}... ${changes.length - MAX_CHANGES} more (--json lists them all)`] : shown;
}

function why(r: ResourceChange): string {
  if (r.inside !== undefined) return `  (${r.forcedBy?.join(", ")}: replaces ${r.inside})`;
  if (r.action === "replace") return `  (${r.forcedBy?.join(", ")} forces a new resource)`;
  if (r.replacementUnknown === true) return "  (replacement unknown: the type is not in the replacement table)";
  return "";
}

function resourceLines(r: ResourceChange): string[] {
  const head = `   ${r.action.padEnd(8)} ${r.type}  ${r.name}${why(r)}`;
  const trigger = r.trigger === undefined ? [] : changeLines(r.trigger, "              replacementTrigger ");
  return [head, ...changeLines(r.changes, "              "), ...trigger];
}

function counts(resources: readonly ResourceChange[]): string {
  const n = (action: ResourceChange["action"]) => resources.filter((r) => r.action === action).length;
  return (["create", "replace", "update", "delete"] as const)
    .filter((a) => n(a) > 0)
    .map((a) => `${n(a)} to ${a}`)
    .join(", ");
}

/** Each changed output once: its new value, or "known after apply" with why. */
function outputLines(layer: LayerChange, readers: readonly string[]): string[] {
  if (layer.outputs.length === 0) return [];
  const parts = changedOutputNames(layer.outputs).map((name) => {
    const of = layer.outputs.filter((c) => String(c.segments[0]) === name);
    if (of.length === 1 && of[0].path === name) return `${name}: ${valueText(of[0])}`;
    const renewed = of.every((c) => c.after === KNOWN_AFTER_APPLY);
    return renewed ? `${name}: (known after apply: ${of[0].because})` : `${name}: ${of.map((c) => `${c.path} ${valueText(c)}`).join("; ")}`;
  });
  const readBy = readers.length === 0 ? "read by no other layer" : `read by ${readers.join(", ")}`;
  return [`   outputs that change (${readBy}):`, ...parts.map((p) => `     ${p}`)];
}

function layerLines(layer: LayerChange, all: readonly LayerChange[]): string[] {
  const where = `${layer.project}/${layer.stack}${layer.deployedBy === undefined ? "" : `, deployed by stack ${layer.deployedBy}`}`;
  const readers = all.filter((l) => (UPSTREAM[l.layer] as readonly string[]).includes(layer.layer)).map((l) => l.layer);
  const changed = layer.resources.length > 0;
  const redeploy = layer.reads.length > 0;
  if (!changed && !redeploy && layer.outputs.length === 0) {
    const ignored = layer.ignored.map((i) => `   unchanged by ignoreChanges: ${i.name} ${i.paths.join(", ")}`);
    return [`== ${layer.layer} (${where}): no change`, ...ignored];
  }
  const summary = changed ? counts(layer.resources) : "no resource changes";
  const lines = [`== ${layer.layer} (${where}): ${summary}`];
  for (const read of layer.reads) lines.push(`   redeploy: reads changed outputs ${read.outputs.join(", ")} of layer ${read.layer}`);
  for (const r of layer.resources) lines.push(...resourceLines(r));
  for (const i of layer.ignored)
    lines.push(`   unchanged by ignoreChanges (left as deployed): ${i.type}  ${i.name}: ${i.paths.join(", ")}`);
  lines.push(...outputLines(layer, readers));
  return lines;
}

function violationLine(v: PolicyViolation): string {
  return `     ${v.enforcementLevel} ${v.policy}: ${v.layer} ${v.name ?? "(stack)"}: ${v.message}`;
}

function policyLines(p: PolicyChange): string[] {
  const counts = (c: PolicyChange["before"]) => `${c.mandatory} mandatory, ${c.advisory} advisory`;
  const head = `== policy: before ${counts(p.before)}; after ${counts(p.after)}`;
  const added = p.added.length === 0 ? ["   no new violation"] : ["   new violations:", ...p.added.map(violationLine)];
  const resolved = p.resolved.length === 0 ? [] : ["   resolved:", ...p.resolved.map(violationLine)];
  return [head, ...added, ...resolved];
}

const money = (n: number) => `$${n.toFixed(2)}`;
const signed = (n: number) => `${n < 0 ? "-" : "+"}$${Math.abs(n).toFixed(2)}`;
const pair = (r: Range) => `${money(r.min)} / ${money(r.max)}`.padStart(23);
const delta = (r: Range) => (r.min === 0 && r.max === 0 ? "no change" : `${signed(r.min)} / ${signed(r.max)}`).padStart(23);

function costLines(c: CostChange): string[] {
  if (!c.priced) return [`== cost: not compared: ${c.reason}`];
  const same = c.total.delta.min === 0 && c.total.delta.max === 0;
  const lines = [
    `== cost: estimated monthly USD, min / max: ${same ? "no change" : `${signed(c.total.delta.min)} / ${signed(c.total.delta.max)}`}`,
    `   ${"".padEnd(10)} ${"before".padStart(23)} ${"after".padStart(23)} ${"change".padStart(23)}`,
  ];
  for (const [layer, row] of Object.entries(c.byLayer))
    lines.push(`   ${layer.padEnd(10)} ${pair(row.before)} ${pair(row.after)} ${delta(row.delta)}`);
  lines.push(`   ${"total".padEnd(10)} ${pair(c.total.before)} ${pair(c.total.after)} ${delta(c.total.delta)}`);
  return lines;
}

/** The readable report: per layer what `pulumi up` would do, then the policy pack and the cost, before and after. */
export function formatChanges(report: ChangeReport): string {
  const changed = report.layers.filter((l) => l.resources.length > 0 || l.reads.length > 0 || l.outputs.length > 0).map((l) => l.layer);
  const order = LAYERS.filter((l) => changed.includes(l));
  const lines = [
    `changes of stack ${report.stack}: base ${report.base.ref} (${report.base.commit.slice(0, 12)}) -> ${report.head}`,
    `layers to deploy, in order: ${order.length === 0 ? "none" : order.join(", ")}`,
    ...report.notes.map((n) => `note: ${n}`),
  ];
  for (const layer of report.layers) lines.push("", ...layerLines(layer, report.layers));
  if (report.replacementUnknown.length > 0) {
    lines.push(
      "",
      `replacement unknown (no entry in shared/changes/replacements.ts; AWS may replace rather than update): ${report.replacementUnknown.join(", ")}`,
    );
  }
  lines.push("", ...policyLines(report.policy), "", ...costLines(report.cost));
  return `${lines.join("\n")}\n`;
}
