import { estimateCost, CostEstimate } from "../cost/estimate";
import { formatCostEstimate } from "../cost/format";
import { formatPolicyReport } from "../policy/format";
import { evaluatePolicies, offlinePolicyConfig, PolicyReport } from "../policy/offline";
import { PlanArgs } from "./cli-args";
import { configOf, Plan, readStackSettings, runPlan } from "./runner";
import { formatPlan } from "./summary";

/** The plan as `npm run plan` writes it: the layers, the policy pack's results and the cost estimate. */
export interface CheckedPlan extends Plan {
  readonly policy: PolicyReport;
  readonly cost: CostEstimate;
}

/** Plans a stack offline and runs the guardrails on the plan. */
export async function checkedPlan(args: Pick<PlanArgs, "stack" | "overrides">): Promise<CheckedPlan> {
  const plan = await runPlan({ stack: args.stack, overrides: args.overrides });
  const cfg = configOf(args.stack, readStackSettings(args.stack, args.overrides));
  const policy = await evaluatePolicies(plan, offlinePolicyConfig(plan, cfg));
  return { ...plan, policy, cost: estimateCost(plan, cfg) };
}

/** What the command prints, and its exit code: non-zero on any mandatory policy violation. */
export function planReport(checked: CheckedPlan, out: string): { stdout: string; stderr: string; exitCode: number } {
  const { policy, cost, ...plan } = checked;
  const stdout = `${formatPlan(plan)}\n\n${formatPolicyReport(policy)}\n\n${formatCostEstimate(cost)}\nplan written to ${out}\n`;
  if (policy.mandatory === 0) return { stdout, stderr: "", exitCode: 0 };
  return { stdout, stderr: `plan failed: ${policy.mandatory} mandatory policy violation${policy.mandatory === 1 ? "" : "s"}\n`, exitCode: 1 };
}
