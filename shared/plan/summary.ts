import { Plan } from "./runner";

const MAX_VALUE = 100;

function show(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
}

/**
 * The readable summary of a plan: per layer, its resources counted by type,
 * the stack references it reads, and its outputs.
 */
export function formatPlan(plan: Plan): string {
  const lines = [`plan of stack ${plan.stack} (system ${plan.system})`];
  for (const layer of plan.layers) {
    lines.push("", `== ${layer.layer} (${layer.project}/${layer.stack}): ${layer.resources.length} resources`);
    const counts = new Map<string, number>();
    for (const r of layer.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    for (const [type, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) lines.push(`   ${String(n).padStart(3)}  ${type}`);
    const refs = layer.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => String(r.inputs.name));
    lines.push(`   reads: ${refs.length > 0 ? refs.join(", ") : "(no upstream layer)"}`);
    lines.push("   outputs:");
    for (const [key, value] of Object.entries(layer.outputs)) lines.push(`     ${key} = ${show(value)}`);
  }
  return lines.join("\n");
}
