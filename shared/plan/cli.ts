import * as fs from "fs";
import { ConfigError } from "../config";
import { estimateCost } from "../cost/estimate";
import { formatCostEstimate } from "../cost/format";
import { formatPolicyReport } from "../policy/format";
import { evaluatePolicies, offlinePolicyConfig } from "../policy/offline";
import { configOf, PlanError, readStackSettings, runPlan } from "./runner";
import { formatPlan } from "./summary";

/** The command line of `npm run plan`. */
export interface PlanArgs {
  readonly stack: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly out: string;
}

export const USAGE = "usage: npm run plan -- --stack <stack> [--set key=value ...] [--out <file>]";

/** Parses `--stack`, repeated `--set key=value` and `--out`; throws a PlanError with the usage on anything else. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let stack: string | undefined;
  let out: string | undefined;
  const overrides: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || !["--stack", "--set", "--out"].includes(flag)) throw new PlanError(`unexpected argument "${flag}"; ${USAGE}`);
    i++;
    if (flag === "--stack") stack = value;
    else if (flag === "--out") out = value;
    else {
      const eq = value.indexOf("=");
      if (eq <= 0) throw new PlanError(`--set takes key=value, got "${value}"; ${USAGE}`);
      overrides[value.slice(0, eq).replace(/^platform:/, "")] = value.slice(eq + 1);
    }
  }
  if (stack === undefined) throw new PlanError(`--stack is required; ${USAGE}`);
  return { stack, overrides, out: out ?? `plan-${stack}.json` };
}

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
