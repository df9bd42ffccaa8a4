import { describeOutcome, RouteReport } from "./documented";
import { Walk } from "./walk";

/** A walk, one line a hop, then how it ended. */
export function formatWalk(walk: Walk): string {
  const r = walk.request;
  const headers = Object.keys(r.headers ?? {});
  const from =
    r.source === undefined ? "" : r.source.kind === "address" ? ` from ${r.source.address}` : ` from ${r.source.groupIds.join(", ")}`;
  const lines = [`${r.method} ${r.url}${headers.length > 0 ? ` [${headers.join(", ")}]` : ""}${from}`];
  const step = Math.max(0, ...walk.hops.map((h) => h.step.length));
  const resource = Math.max(0, ...walk.hops.map((h) => h.resource.length));
  walk.hops.forEach((h, i) =>
    lines.push(`  ${String(i + 1).padStart(2)}. ${h.step.padEnd(step)}  ${h.resource.padEnd(resource)}  ${h.detail}`),
  );
  lines.push(`  => ${describeOutcome(walk.outcome)}`);
  return lines.join("\n");
}

/** The documented walks of a stack, each marked ok or FAIL, then every problem. */
export function formatRouteReport(stack: string, report: RouteReport): string {
  const failed = report.checks.filter((c) => c.problem !== undefined).length;
  const lines = [
    `routes of stack ${stack}: ${report.checks.length} documented walks, ${failed} failed, ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}`,
  ];
  for (const check of report.checks) {
    lines.push("", `${check.problem === undefined ? "ok  " : "FAIL"} ${check.name}`, formatWalk(check.walk));
  }
  if (report.problems.length > 0) lines.push("", "problems:", ...report.problems.map((p) => `  - ${p}`));
  return lines.join("\n");
}

/** One line for the plan's report. */
export function routesSummary(report: RouteReport): string {
  const lines = [
    `routes: ${report.checks.length} documented walks, ${report.problems.length === 0 ? "all end where they should" : `${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}`}`,
  ];
  for (const p of report.problems) lines.push(`  - ${p}`);
  return lines.join("\n");
}
