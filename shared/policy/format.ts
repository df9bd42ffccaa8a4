import { PolicyReport } from "./offline";

/** The policy section of `npm run plan`: each policy's result, then every violation with its resource and reason. */
export function formatPolicyReport(report: PolicyReport): string {
  const lines = [`== policy: ${report.mandatory} mandatory violation${report.mandatory === 1 ? "" : "s"}, ${report.advisory} advisory`];
  for (const p of report.policies) {
    const found = report.violations.filter((v) => v.policy === p.name);
    lines.push(
      `   ${found.length === 0 ? "pass" : p.enforcementLevel === "mandatory" ? "FAIL" : "warn"}  ${p.name} (${p.enforcementLevel})`,
    );
    for (const v of found)
      lines.push(`           ${v.layer}: ${v.name ?? "(stack)"} ${v.urn ?? ""}`.trimEnd(), `             ${v.message}`);
  }
  return lines.join("\n");
}
