import * as fs from "fs";
import { ConfigError } from "../config";
import { estimateCost } from "../cost/estimate";
import { formatCostEstimate } from "../cost/format";
import { formatPolicyReport } from "../policy/format";
import { evaluatePolicies, offlinePolicyConfig } from "../policy/offline";
import { parsePlanArgs } from "./cli-args";
import { configOf, PlanError, readStackSettings, runPlan } from "./runner";
import { formatPlan } from "./summary";

async function main(): Promise<void> {
  const args = parsePlanArgs(process.argv.slice(2));
  const plan = await runPlan({ stack: args.stack, overrides: args.overrides });
  const cfg = configOf(args.stack, readStackSettings(args.stack, args.overrides));
  const policy = await evaluatePolicies(plan, offlinePolicyConfig(plan, cfg));
  const cost = estimateCost(plan, cfg);
  fs.writeFileSync(args.out, `${JSON.stringify({ ...plan, policy, cost }, null, 2)}\n`);
  process.stdout.write(`${formatPlan(plan)}\n\n${formatPolicyReport(policy)}\n\n${formatCostEstimate(cost)}\nplan written to ${args.out}\n`);
  if (policy.mandatory > 0) {
    process.stderr.write(`plan failed: ${policy.mandatory} mandatory policy violation${policy.mandatory === 1 ? "" : "s"}\n`);
    process.exitCode = 1;
  }
}

function fail(err: unknown): never {
  const message = err instanceof ConfigError || err instanceof PlanError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`plan failed: ${message}\n`);
  process.exit(1);
}

process.on("unhandledRejection", fail);
main().catch(fail);
