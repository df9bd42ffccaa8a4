import * as fs from "fs";
import { ConfigError } from "../config";
import { parsePlanArgs } from "./cli-args";
import { checkedPlan, planReport } from "./command";
import { PlanError } from "./runner";

async function main(): Promise<void> {
  const args = parsePlanArgs(process.argv.slice(2));
  const checked = await checkedPlan(args);
  fs.writeFileSync(args.out, `${JSON.stringify(checked, null, 2)}\n`);
  const report = planReport(checked, args.out);
  process.stdout.write(report.stdout);
  process.stderr.write(report.stderr);
  process.exitCode = report.exitCode;
}

function fail(err: unknown): never {
  const message =
    err instanceof ConfigError || err instanceof PlanError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`plan failed: ${message}\n`);
  process.exit(1);
}

process.on("unhandledRejection", fail);
main().catch(fail);
