import * as fs from "fs";
import { Deployable, deployability, placeholderFixes } from "../config";
import { estimateCost, CostEstimate } from "../cost/estimate";
import { formatCostEstimate } from "../cost/format";
import { formatPolicyReport } from "../policy/format";
import { evaluatePolicies, offlinePolicyConfig, PolicyReport } from "../policy/offline";
import { documentedRoutes, RouteReport, routesSummary } from "../routes";
import { AlarmAtRest, alarmsAtRest, alarmsSummary } from "./alarms";
import { PlanArgs } from "./cli-args";
import { formatQuotaBudget, parseAccountQuotas, QuotaBudget, quotaBudget } from "./quotas";
import { Reaction, reactionSummary, reactionTime } from "./reaction";
import { configOf, Plan, PlanError, readStackSettings, runPlan } from "./runner";
import { formatPlan } from "./summary";

/** The plan as `npm run plan` writes it: the layers, the policy pack's results, the cost estimate and the walks of the documented paths. */
export interface CheckedPlan extends Plan {
  readonly policy: PolicyReport;
  readonly cost: CostEstimate;
  readonly routes: RouteReport;
  /** Whether `npm run deploy` takes the stack as committed: not while it holds placeholder values. */
  readonly deployable: Deployable;
  /** Each alarm's state at rest (no traffic, zero or idle tasks): none may be ALARM (shared/plan/alarms.ts). */
  readonly alarms: readonly AlarmAtRest[];
  /** Who the alarm topic notifies (`platform:alarmEmails`); empty only on a development stack. */
  readonly alarmSubscribers: readonly string[];
  /** The region-level quotas the stack consumes, and how many copies of it fit in an account (shared/plan/quotas.ts). */
  readonly quotas: QuotaBudget;
  /** From a burst to a new task taking traffic, term by term (shared/plan/reaction.ts); absent when the plan stops before compute. */
  readonly reaction?: Reaction;
}

/** Plans a stack offline and runs the guardrails on the plan. */
export async function checkedPlan(
  args: Pick<PlanArgs, "stack" | "overrides" | "quotas">,
  /** The plan of `args`, when it was computed already (the tests' shared plans). @default planned now */
  planned?: Plan,
): Promise<CheckedPlan> {
  const plan = planned ?? (await runPlan({ stack: args.stack, overrides: args.overrides }));
  const cfg = configOf(args.stack, readStackSettings(args.stack, args.overrides));
  const policy = await evaluatePolicies(plan, offlinePolicyConfig(plan, cfg));
  return {
    ...plan,
    policy,
    cost: estimateCost(plan, cfg),
    routes: documentedRoutes(plan, cfg),
    deployable: deployability(cfg),
    alarms: alarmsAtRest(plan),
    alarmSubscribers: cfg.edge.alarmEmails,
    quotas: quotaBudget([plan], args.quotas === undefined ? undefined : readAccountQuotas(args.quotas)),
    ...(plan.layers.some((l) => l.layer === "compute") ? { reaction: reactionTime(plan, cfg.compute.scalingTaskStartSeconds) } : {}),
  };
}

/** What the command prints, and its exit code: non-zero on any mandatory policy violation or any documented path that does not end where it should. */
export function planReport(checked: CheckedPlan, out: string): { stdout: string; stderr: string; exitCode: number } {
  const { policy, cost, routes, deployable, alarms, alarmSubscribers, quotas, reaction, ...plan } = checked;
  const reactionText = reaction === undefined ? "" : `${reactionSummary(reaction)}\n\n`;
  const stdout = `${formatPlan(plan)}\n\n${formatPolicyReport(policy)}\n\n${routesSummary(routes)}\n\n${alarmsSummary(alarms)}\n${subscribersSummary(alarmSubscribers)}\n\n${reactionText}${formatQuotaBudget(quotas)}\n\n${formatCostEstimate(cost)}\n${deployableSummary(plan.stack, deployable)}plan written to ${out}\n`;
  const failures = [
    ...(policy.mandatory === 0 ? [] : [`${policy.mandatory} mandatory policy violation${policy.mandatory === 1 ? "" : "s"}`]),
    ...(routes.problems.length === 0
      ? []
      : [`${routes.problems.length} route problem${routes.problems.length === 1 ? "" : "s"} (npm run routes -- --stack ${plan.stack})`]),
  ];
  if (failures.length === 0) return { stdout, stderr: "", exitCode: 0 };
  return { stdout, stderr: `plan failed: ${failures.join(", ")}\n`, exitCode: 1 };
}

/** The account's quotas from a file of `aws service-quotas list-service-quotas` output; a PlanError names the file when it cannot be read. */
export function readAccountQuotas(file: string): ReadonlyMap<string, number> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PlanError(`--quotas ${file}: the file cannot be read`);
  }
  try {
    return parseAccountQuotas(JSON.parse(text));
  } catch (err) {
    throw new PlanError(`--quotas ${file}: ${(err as Error).message}`);
  }
}

/** Who the alarms reach; a development stack may have nobody (config refuses that in production). */
export function subscribersSummary(subscribers: readonly string[]): string {
  if (subscribers.length === 0)
    return "alarm notifications: nobody subscribed (a development stack may leave platform:alarmEmails empty; production may not)";
  return `alarm notifications: ${subscribers.join(", ")} (each confirms its subscription by email)`;
}

/** Nothing for a deployable stack; otherwise the placeholders `npm run deploy` and `preview` refuse, and where to set them. */
export function deployableSummary(stack: string, deployable: Deployable): string {
  if (deployable.ok) return "";
  return `\ndeployable: no, stack ${stack} holds placeholder values that npm run deploy and preview refuse until they are replaced; ${placeholderFixes(stack, deployable.placeholders)}\n`;
}
