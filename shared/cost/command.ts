import * as fs from "fs";
import { readCommandLine, readOverrides } from "../cli";
import { ConfigError } from "../config";
import { configOf, PlanError, readStackSettings } from "../plan/runner";
import { estimateCost } from "./estimate";
import { formatCostEstimate } from "./format";
import { planFromPreviews, PreviewDigest } from "./preview";

export const COST_USAGE =
  "usage: npm run cost -- --stack <stack> [--set key=value ...] <preview.json> ... (each the output of `pulumi preview --json` of one layer's stack)";

/** The command line of `npm run cost`. */
export interface CostArgs {
  readonly stack: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly files: readonly string[];
}

/** Parses `--stack`, repeated `--set key=value` and the preview files; throws a PlanError with the usage on anything else. */
export function parseCostArgs(argv: readonly string[]): CostArgs {
  const fail = (message: string): never => {
    throw new PlanError(`${message}; ${COST_USAGE}`);
  };
  const { values, positionals } = readCommandLine(argv, { stack: "string", set: "strings" }, fail, true);
  if (values.stack === undefined) return fail("--stack is required");
  const overrides = readOverrides(values.set, fail);
  if (positionals.length === 0) return fail("no preview file given");
  return { stack: values.stack, overrides, files: positionals };
}

/** The message of one of the command's own errors (settings, files, usage); anything else with its stack trace. */
export function errorText(err: unknown): string {
  if (err instanceof PlanError || err instanceof ConfigError) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

function readDigest(file: string): PreviewDigest {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PlanError(`cannot read ${file}; ${COST_USAGE}`);
  }
  try {
    return JSON.parse(text) as PreviewDigest;
  } catch {
    throw new PlanError(`${file} is not JSON; expected the output of \`pulumi preview --json\``);
  }
}

/**
 * `npm run cost`: the cost estimate of what the real Pulumi CLI previews,
 * with the stack's committed settings (and `--set` overrides) as assumptions.
 * Exit code 1 on a usage, file or settings error, on a type the catalog
 * does not list, and on an unexpected error (reported with its stack).
 */
export function costCommand(argv: readonly string[]): { stdout: string; stderr: string; exitCode: number } {
  try {
    const args = parseCostArgs(argv);
    const cfg = configOf(args.stack, readStackSettings(args.stack, args.overrides));
    const plan = planFromPreviews(
      args.stack,
      cfg.system,
      args.files.map((file) => ({ file, digest: readDigest(file) })),
    );
    const cost = estimateCost(plan, cfg);
    const stdout = `${formatCostEstimate(cost)}\nlayers: ${plan.layers.map((l) => `${l.layer} (${l.resources.length} resources)`).join(", ")}\n`;
    if (cost.unlisted.length === 0) return { stdout, stderr: "", exitCode: 0 };
    return { stdout, stderr: `cost failed: types not in shared/cost/catalog.ts: ${cost.unlisted.join(", ")}\n`, exitCode: 1 };
  } catch (err) {
    return { stdout: "", stderr: `cost failed: ${errorText(err)}\n`, exitCode: 1 };
  }
}
