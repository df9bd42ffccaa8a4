import { CostEstimate, Range } from "./estimate";

const money = (n: number) => `$${n.toFixed(2)}`;
const range = (r: Range) => `${money(r.min).padStart(11)} ${money(r.max).padStart(11)}`;

/** The cost section of `npm run plan`: per layer and resource kind, at the scaling minimum and maximum. */
export function formatCostEstimate(cost: CostEstimate): string {
  const a = cost.assumptions;
  if (!cost.priced) return `== cost: not estimated: ${cost.reason}`;
  const lines = [
    `== cost: estimated monthly USD in ${cost.region}, at ${a.minTasks} tasks (min) and ${a.maxTasks} tasks (max)`,
    `   ${"".padEnd(44)} ${"min".padStart(11)} ${"max".padStart(11)}`,
  ];
  for (const [layer, total] of Object.entries(cost.byLayer)) {
    lines.push(`   ${layer.padEnd(44)} ${range(total)}`);
    const kinds = new Map<string, Range>();
    for (const l of cost.lines.filter((x) => x.layer === layer)) {
      const prev = kinds.get(l.kind) ?? { min: 0, max: 0 };
      kinds.set(l.kind, { min: prev.min + l.monthly.min, max: prev.max + l.monthly.max });
    }
    for (const [kind, r] of kinds) lines.push(`     ${kind.padEnd(42)} ${range(r)}`);
  }
  lines.push(`   ${"total".padEnd(44)} ${range(cost.total)}`);
  lines.push(
    `   assumptions: ${a.hoursPerMonth} h/month, NAT ${a.natGbPerMonth} GB, ALB ${a.albLcu} LCU, WAF ${a.wafRequestsMillions}M requests, Aurora ${a.auroraStorageGb} GB + ${a.auroraIoMillions}M I/O,`,
    `     logs ${a.logGbPerGroup} GB/group, flow logs ${a.flowLogGbPerMonth} GB, Container Insights ${a.containerInsightsGbPerTask} GB/task, access logs ${a.accessLogGb} GB, ECR ${a.ecrStorageGb} GB (override with --set cost...=)`,
  );
  if (cost.unverifiedPrices.length > 0) lines.push(`   unverified prices: ${cost.unverifiedPrices.join(", ")}`);
  for (const o of cost.notEstimated) lines.push(`   not estimated: ${o.layer} ${o.resource} (${o.type}): ${o.reason}`);
  if (cost.unlisted.length > 0) lines.push(`   UNLISTED types (add them to shared/cost/catalog.ts): ${cost.unlisted.join(", ")}`);
  return lines.join("\n");
}
