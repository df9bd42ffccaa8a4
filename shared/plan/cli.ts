import * as fs from "fs";
import { ConfigError } from "../config";
import { parsePlanArgs } from "./cli-args";
import { PlanError, runPlan } from "./runner";
import { formatPlan } from "./summary";

async function main(): Promise<void> {
  const args = parsePlanArgs(process.argv.slice(2));
  const plan = await runPlan({ stack: args.stack, overrides: args.overrides });
  fs.writeFileSync(args.out, `${JSON.stringify(plan, null, 2)}\n`);
  process.stdout.write(`${formatPlan(plan)}\nplan written to ${args.out}\n`);
}

function fail(err: unknown): never {
  const message = err instanceof ConfigError || err instanceof PlanError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`plan failed: ${message}\n`);
  process.exit(1);
}

process.on("unhandledRejection", fail);
main().catch(fail);
