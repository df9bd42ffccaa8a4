import { readCommandLine, readOverrides } from "../cli";
import { PlanError } from "./runner";

/** The command line of `npm run plan`. */
export interface PlanArgs {
  readonly stack: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly out: string;
  /** The account's quotas (`aws service-quotas list-service-quotas` output) instead of AWS's defaults. */
  readonly quotas?: string;
}

export const USAGE = "usage: npm run plan -- --stack <stack> [--set key=value ...] [--out <file>] [--quotas <file>]";

/** Parses `--stack`, repeated `--set key=value`, `--out` and `--quotas`; throws a PlanError with the usage on anything else. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const fail = (message: string): never => {
    throw new PlanError(`${message}; ${USAGE}`);
  };
  const { values } = readCommandLine(argv, { stack: "string", set: "strings", out: "string", quotas: "string" }, fail);
  if (values.stack === undefined) return fail("--stack is required");
  return {
    stack: values.stack,
    overrides: readOverrides(values.set, fail),
    out: values.out ?? `plan-${values.stack}.json`,
    quotas: values.quotas,
  };
}
